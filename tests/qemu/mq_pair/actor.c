/*
 * tests/qemu/mq_pair/actor.c - w, r and x of the pair-queue test: each carries out the judge's
 * orders (pairtest.h) through the message-queue client library and reports what it gave. w
 * and r opt in to pair queues at their start (mq_client_fast_use: window 0, their own
 * notification, bit 0); x does not, so that the judge can show what an open without it gives,
 * and opts in only when ordered (PT_USE).
 */
#include <stddef.h>
#include <string.h>

#include "../harness/qctl.h"
#include "../../../servers/mqueue/mq_client.h"
#include "../../../servers/mqueue/mq_ring.h"
#include "pairtest.h"
#include "system.h"

int actor_main(void);

#define SPOIL_WINDOW 1u /* a window the client library does not use (it has window 0) */

/* PT_SPOIL's word numbers are mq_ring.h's layout. */
_Static_assert(offsetof(struct mq_ring, head) == PT_AT_HEAD * 4u, "head");
_Static_assert(offsetof(struct mq_ring, tail) == PT_AT_TAIL * 4u, "tail");
_Static_assert(sizeof(struct mq_ring) == PT_AT_SLOT0_LEN * 4u &&
                   offsetof(struct mq_ring_slot, len) == 0,
               "slot 0's length right after the header");

static int qds[PT_NAMES];

/* The notification this task waits on, and one of a peer's, which it does not wait on. */
static uint32_t own_ntfn(void)
{
    uint32_t self = PL_TASK_INDEX(pl_task_self());
    return self == TASK_W ? NTFN_W_MQ : self == TASK_R ? NTFN_R_MQ : NTFN_X_MQ;
}

static uint32_t peer_ntfn(void)
{
    return PL_TASK_INDEX(pl_task_self()) == TASK_W ? NTFN_R_MQ : NTFN_W_MQ;
}

static uint32_t deadline(uint32_t ticks)
{
    return qc_now() + ticks; /* b is signed: a negative count is a deadline past */
}

static struct qc_order do_open(struct qc_order o)
{
    uint32_t maxmsg = (o.b >> 8) & 0xffu, msgsize = o.b >> 16;
    struct mq_attr attr = {maxmsg ? maxmsg : PT_MAXMSG, msgsize ? msgsize : PT_MSGSIZE, 0, 0};
    int qd = mq_open(pt_names[o.a % PT_NAMES], o.b & 0xffu, MQ_MODE_ALL, &attr);
    if (qd >= 0) {
        qds[o.a % PT_NAMES] = qd;
    }
    return qc_next(qd, 0, 0, 0, 0);
}

static struct qc_order do_send(struct qc_order o)
{
    static uint8_t big[300];
    uint32_t tag = o.b >> 8;
    int qd = qds[o.a % PT_NAMES];
    int err;
    switch (o.op) {
    case PT_SEND:
        err = mq_send(qd, &tag, sizeof(tag), o.b & 0xffu);
        break;
    case PT_SEND_LEN:
        memset(big, 'x', sizeof(big));
        err = mq_send(qd, big, o.b < sizeof(big) ? o.b : sizeof(big), 0);
        break;
    case PT_TSEND:
        tag = 0;
        err = mq_timedsend(qd, &tag, sizeof(tag), 0, deadline(o.b));
        break;
    default: /* PT_MSGSND */
        err = mq_msgsnd(qd, (int32_t)o.b, &o.b, sizeof(o.b));
        break;
    }
    return qc_next(err, 0, 0, 0, 0);
}

static struct qc_order do_recv(struct qc_order o)
{
    uint8_t buf[64];
    uint32_t prio = 0, tag = 0;
    int32_t type = 0;
    int qd = qds[o.a % PT_NAMES];
    int n;
    memset(buf, 0, sizeof(buf));
    if (o.op == PT_RECV) {
        n = mq_receive(qd, buf, o.b < sizeof(buf) ? o.b : sizeof(buf), &prio);
    } else if (o.op == PT_TRECV) {
        n = mq_timedreceive(qd, buf, sizeof(buf), &prio, deadline(o.b));
    } else { /* PT_MSGRCV */
        n = mq_msgrcv(qd, (int32_t)o.b, buf, sizeof(buf), &type);
        prio = (uint32_t)type;
    }
    if (n >= 4) {
        memcpy(&tag, buf, sizeof(tag));
    }
    return qc_next(n, prio, tag, 0, 0);
}

static struct qc_order do_other(struct qc_order o)
{
    struct mq_attr a = {0, 0, 0, 0};
    struct mq_notification how = {own_ntfn(), o.b == 2 ? 1u : 0u};
    uint32_t bits = 0;
    int qd = qds[o.a % PT_NAMES];
    int err;
    switch (o.op) {
    case PT_CLOSE:
        err = mq_close(qd);
        break;
    case PT_UNLINK:
        err = mq_unlink(pt_names[o.a % PT_NAMES]);
        break;
    case PT_NONBLOCK:
        a.flags = o.b ? MQ_O_NONBLOCK : 0u;
        err = mq_setattr(qd, &a);
        break;
    case PT_NOTIFY:
        err = mq_notify(qd, o.b ? &how : NULL);
        break;
    case PT_POLL:
        err = pl_ntfn_poll(own_ntfn(), 1u, &bits);
        return qc_next(err < 0 ? err : (int)bits, 0, 0, 0, 0);
    case PT_USE:
        err = mq_client_fast_use(0, o.a, o.b ? peer_ntfn() : own_ntfn(), 0);
        break;
    default: /* PT_GETATTR */
        err = mq_getattr(qd, &a);
        return qc_next(err, a.curmsgs, a.maxmsg | a.msgsize << 8 | a.flags << 16, 0, 0);
    }
    return qc_next(err, 0, 0, 0, 0);
}

/* Random priorities; the writer pauses now and then so that the reader finds the queue empty
 * and waits, and the reader pauses so that the writer finds it full and waits. */
static struct qc_order stream_write(struct qc_order o)
{
    uint32_t seed = o.b;
    int qd = qds[o.a % PT_NAMES];
    for (uint32_t seq = 0; seq < o.b; seq++) {
        uint32_t prio = pt_next_rand(&seed) % MQ_PRIO_MAX;
        struct pt_stream_msg m = {seq, prio, pt_check(seq, prio), 0};
        int err = mq_send(qd, &m, sizeof(m), prio);
        if (err != PL_OK) {
            return qc_next(err, seq, 0, 0, 0);
        }
        if (seq % 500u == 250u) {
            pl_sleep(2);
        }
    }
    return qc_next(PL_OK, o.b, 0, 0, 0);
}

static struct qc_order stream_read(struct qc_order o)
{
    static uint32_t last[MQ_PRIO_MAX];
    struct pt_tally t;
    int qd = qds[o.a % PT_NAMES];
    memset(&t, 0, sizeof(t));
    memset(last, 0xff, sizeof(last));
    while (t.count < o.b) {
        struct pt_stream_msg m;
        uint32_t prio = MQ_PRIO_MAX;
        int n = mq_receive(qd, &m, sizeof(m), &prio);
        if (n < 0) {
            t.err = n;
            break;
        }
        if (n != (int)sizeof(m) || prio != m.prio || m.check != pt_check(m.seq, m.prio)) {
            t.bad++;
            continue;
        }
        t.out_of_order += last[prio] != 0xffffffffu && m.seq <= last[prio];
        last[prio] = m.seq;
        t.count++;
        t.sum += m.seq;
        t.sumsq += m.seq * m.seq;
        if (t.count % 500u == 0u) {
            pl_sleep(2);
        }
    }
    return qc_next(t.err, t.count, 0, &t, sizeof(t));
}

/* A misbehaving side: rewrite a word of the page its pair queue lives in. The client library
 * does not say where that is, so look for it: map each of the server's pages into a window
 * the library leaves alone (a page not lent to this task is PL_EPERM and changes nothing) and
 * take the one that is a ring naming this task's notification as its side's. A page is in one
 * window of a task at a time, so the queue's page moves to SPOIL_WINDOW; its address, and so
 * the library's view of it, stays the same. */
static struct qc_order spoil(uint32_t at, uint32_t value)
{
    static const uint32_t pages[] = {PAGE_MQUEUE_0, PAGE_MQUEUE_1};
    uint32_t self = PL_TASK_INDEX(pl_task_self());
    uint32_t cookie = MQ_RING_COOKIE(own_ntfn(), 0);
    for (uint32_t i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
        void *addr = 0;
        if (pl_shm_map(pages[i], SPOIL_WINDOW, &addr) != PL_OK) {
            continue;
        }
        volatile struct mq_ring *ring = addr;
        uint32_t mine = self == TASK_W ? ring->writer_cookie : ring->reader_cookie;
        if (ring->magic != MQ_RING_MAGIC || mine != cookie) {
            continue;
        }
        volatile uint32_t *word = (volatile uint32_t *)addr + at;
        uint32_t old = *word;
        if (at == PT_AT_SLOT0_LEN) {
            value = (old & 0xffff0000u) | (value & 0xffffu); /* the length only */
        }
        *word = value;
        return qc_next(PL_OK, old, pages[i], 0, 0);
    }
    return qc_next(PL_ENOENT, 0, 0, 0, 0);
}

static struct qc_order act(struct qc_order o)
{
    switch (o.op) {
    case PT_OPEN:
        return do_open(o);
    case PT_SEND:
    case PT_SEND_LEN:
    case PT_TSEND:
    case PT_MSGSND:
        return do_send(o);
    case PT_RECV:
    case PT_TRECV:
    case PT_MSGRCV:
        return do_recv(o);
    case PT_STREAM_W:
        return stream_write(o);
    case PT_STREAM_R:
        return stream_read(o);
    case PT_SPOIL:
        return spoil(o.a, o.b);
    default:
        return do_other(o);
    }
}

int actor_main(void)
{
    if (PL_TASK_INDEX(pl_task_self()) != TASK_X) {
        mq_client_fast_use(0, 1, own_ntfn(), 0);
    }
    qc_serve(act);
}

/*
 * tests/qemu/ipc_endpoint/actors.c - the tasks the endpoint cases drive (srv, rcv, snd, cli
 * share this entry). Each waits for an order from the judge, performs exactly the IPC the
 * order names, and reports what the kernel returned, leaving every judgement to the judge.
 */
#include <string.h>

#include "../harness/qctl.h"
#include "endpoint.h"
/* The whole system's constants, not this task's own system.h: the file holds several tasks
 * with different rights, and each names only what it holds a right on. */
#include "system_all.h"

int actor_main(void);

static uint8_t out[MAX_LEN];
static struct seen seen;
#define HELD_SLOTS 8u

static struct pl_recvd held[HELD_SLOTS];
static uint32_t held_next; /* slots are used round robin: a case holds at most three */

/* The test message for ARG(seq, len) in a; the bytes point at `out`, filled accordingly. */
static struct pl_msg test_msg(uint32_t a)
{
    uint32_t len = ARG_LEN(a), seq = ARG_SEQ(a);
    for (uint32_t i = 0; i < len && i < MAX_LEN; i++) {
        out[i] = MSG_BYTE(i);
    }
    return (struct pl_msg){MSG_LABEL(len), MSG_W0(seq), MSG_W1(seq), out, len, 0};
}

/* The reply to request `in`, with len bytes. */
static struct pl_msg reply_msg(const struct pl_recvd *in, uint32_t len)
{
    for (uint32_t i = 0; i < len && i < MAX_LEN; i++) {
        out[i] = REPLY_BYTE(i);
    }
    return (struct pl_msg){REPLY_LABEL(in->label), in->w1, in->w0, out, len, 0};
}

static void fill_seen(void)
{
    memset(&seen, 0, sizeof(seen));
    memset(seen.buf, FILL, sizeof(seen.buf));
}

static struct qc_order send_op(struct qc_order o)
{
    struct pl_msg m = test_msg(o.a);
    uint32_t start = qc_now();
    int err = pl_send(EP_PIPE, &m, o.b);
    return qc_next(err, qc_now() - start, 0, 0, 0);
}

static struct qc_order recv_op(struct qc_order o)
{
    fill_seen();
    uint32_t start = qc_now();
    int err = pl_recv(EP_PIPE, seen.buf, o.a, &seen.in, o.b);
    return qc_next(err, qc_now() - start, 0, &seen, sizeof(seen));
}

static struct qc_order call_op(struct qc_order o)
{
    struct pl_msg m = test_msg(o.a);
    fill_seen();
    uint32_t cap = o.op == OP_CALL_SMALL ? SMALL_CAP : SEEN_BYTES;
    uint32_t start = qc_now();
    int err = pl_call(EP_SVC, &m, seen.buf, cap, &seen.in, o.b);
    return qc_next(err, qc_now() - start, 0, &seen, sizeof(seen));
}

/* One call served: the request is reported, with the reply's status in b. */
static struct qc_order serve_op(struct qc_order o)
{
    fill_seen();
    int err = pl_recv(EP_SVC, seen.buf, o.a, &seen.in, PL_WAIT_FOREVER);
    int first = 0, rep = PL_EINVAL;
    if (err == PL_OK || err == PL_ETRUNC) {
        struct pl_msg m = reply_msg(&seen.in, o.op == OP_SERVE_OVERSIZE ? 257u : o.b);
        first = rep = pl_reply(seen.in.sender, &m);
        if (o.op == OP_SERVE_OVERSIZE) {
            m = reply_msg(&seen.in, SEEN_BYTES);
            rep = pl_reply(seen.in.sender, &m);
        }
    }
    return qc_next(err, (uint32_t)first, (uint32_t)rep, &seen, sizeof(seen));
}

static struct qc_order hold_op(void)
{
    fill_seen();
    int err = pl_recv(EP_SVC, seen.buf, SEEN_BYTES, &seen.in, PL_WAIT_FOREVER);
    uint32_t slot = held_next++ % HELD_SLOTS;
    held[slot] = seen.in;
    return qc_next(err, slot, 0, &seen, sizeof(seen));
}

static struct qc_order reply_held_op(struct qc_order o)
{
    if (o.a >= HELD_SLOTS) {
        return qc_next(PL_EINVAL, 0, 0, 0, 0);
    }
    struct pl_msg m = reply_msg(&held[o.a], o.b);
    return qc_next(pl_reply(held[o.a].sender, &m), 0, 0, 0, 0);
}

/* Answer the call held in slot o.a through pl_reply_recv, with registers only, then hold the
 * next call received, as OP_HOLD does. */
static struct qc_order reply_recv_held_op(struct qc_order o)
{
    const struct pl_recvd *to = &held[o.a % HELD_SLOTS];
    struct pl_msg m = reply_msg(to, 0);
    fill_seen();
    int err = pl_reply_recv(to->sender, &m, EP_SVC, seen.buf, SEEN_BYTES, &seen.in);
    uint32_t slot = held_next++ % HELD_SLOTS;
    held[slot] = seen.in;
    return qc_next(err, slot, 0, &seen, sizeof(seen));
}

/* A reply to a task that never called this one: its registers are made up, its bytes are
 * the reply pattern. */
static struct qc_order reply_id_op(struct qc_order o)
{
    struct pl_recvd fake = {.label = MSG_LABEL(0)};
    struct pl_msg m = reply_msg(&fake, o.b);
    if (o.op == OP_REPLY_ID) {
        return qc_next(pl_reply(o.a, &m), 0, 0, 0, 0);
    }
    m.len = 0; /* registers only: what the kernel's fast path takes */
    fill_seen();
    int err = pl_reply_recv(o.a, &m, EP_PIPE, seen.buf, SEEN_BYTES, &seen.in);
    return qc_next(err, 0, 0, &seen, sizeof(seen));
}

/* Serve o.a calls in a pl_reply_recv loop; the client sends sequence numbers 0, 1, ... with
 * badge o.b, and each reply answers the request it follows. With OP_LOOP_REGS nothing but
 * registers moves. Reports how many requests came as expected. */
static struct qc_order loop_op(struct qc_order o)
{
    int regs = o.op == OP_LOOP_REGS;
    void *buf = regs ? 0 : seen.buf;
    struct pl_recvd in;
    struct pl_msg m = {0};
    pl_task_id client = 0;
    uint32_t in_order = 0;
    int err = PL_OK;
    for (uint32_t i = 0; i < o.a && err == PL_OK; i++) {
        uint32_t len = regs ? 0 : i % SEEN_BYTES;
        err = pl_reply_recv(client, client ? &m : 0, EP_SVC, buf, regs ? 0 : SEEN_BYTES, &in);
        in_order += in.w0 == MSG_W0(i) && in.w1 == MSG_W1(i) && in.len == len &&
                    in.label == MSG_LABEL(len) && in.badge == o.b;
        client = in.sender;
        m = reply_msg(&in, len);
    }
    int last = err == PL_OK ? pl_reply(client, &m) : err;
    return qc_next(err, in_order, (uint32_t)last, 0, 0);
}

/* Make o.a calls with sequence numbers 0, 1, ... and lengths i % SEEN_BYTES (none with
 * OP_CALLS_REGS, which also gives no reply buffer); count the replies that answer exactly
 * the request made. */
static struct qc_order calls_op(struct qc_order o)
{
    int regs = o.op == OP_CALLS_REGS;
    uint32_t right = 0;
    int err = PL_OK;
    for (uint32_t i = 0; i < o.a && err == PL_OK; i++) {
        struct pl_msg m = test_msg(ARG(i, regs ? 0 : i % SEEN_BYTES));
        fill_seen();
        err = pl_call(EP_SVC, &m, regs ? 0 : seen.buf, regs ? 0 : SEEN_BYTES, &seen.in,
                      PL_WAIT_FOREVER);
        int ok = seen.in.label == REPLY_LABEL(m.label) && seen.in.w0 == m.w1 &&
                 seen.in.w1 == m.w0 && seen.in.len == m.len;
        for (uint32_t k = 0; k < m.len; k++) {
            ok = ok && seen.buf[k] == REPLY_BYTE(k);
        }
        right += (uint32_t)ok;
    }
    return qc_next(err, right, 0, 0, 0);
}

static struct qc_order act(struct qc_order o)
{
    switch (o.op) {
    case OP_SEND:
        return send_op(o);
    case OP_RECV:
        return recv_op(o);
    case OP_CALL:
    case OP_CALL_SMALL:
        return call_op(o);
    case OP_SERVE:
    case OP_SERVE_OVERSIZE:
        return serve_op(o);
    case OP_HOLD:
        return hold_op();
    case OP_REPLY_HELD:
        return reply_held_op(o);
    case OP_REPLY_RECV_HELD:
        return reply_recv_held_op(o);
    case OP_REPLY_ID:
    case OP_REPLY_RECV_ID:
        return reply_id_op(o);
    case OP_LOOP:
    case OP_LOOP_REGS:
        return loop_op(o);
    case OP_CALLS:
    case OP_CALLS_REGS:
        return calls_op(o);
    default:
        return qc_next(PL_EINVAL, o.op, 0, 0, 0);
    }
}

int actor_main(void)
{
    qc_serve(act);
}

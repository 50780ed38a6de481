/*
 * tests/qemu/mqueue/actor.c - one actor of the message-queue test: carries out each order of
 * the judge (mqtest.h) through the client library and reports what it gave. Every actor task
 * of the image runs this file; what it does depends only on its orders.
 */
#include <string.h>

#include "../harness/qctl.h"
#include "../../../servers/mqueue/mq_client.h"
#include "mqtest.h"

int actor_main(void);

static int qds[MQT_NAMES];

static int mqt_deadline(uint32_t ticks)
{
    return (int)(qc_now() + ticks); /* b is signed: a negative count is a deadline past */
}

static struct qc_order do_open(struct qc_order o)
{
    struct mq_attr attr = {4, 32, 0, 0};
    int qd = PL_EINVAL;
    if (o.op == MQT_OPEN && o.a < MQT_NAMES) {
        qd = mq_open(mqt_names[o.a], o.b & 0xffu, (o.b >> 8) & 0xffu, &attr);
    } else if (o.op == MQT_OPEN_ATTR && o.a < MQT_NAMES) {
        attr = (struct mq_attr){o.b & 0xffffu, o.b >> 16, 0, 0};
        qd = mq_open(mqt_names[o.a], MQ_O_CREAT | MQ_O_RDWR, MQ_MODE_ALL, &attr);
    } else if (o.op == MQT_OPEN_LONG) {
        qd = mq_open("sixteen-chars-xx", MQ_O_CREAT | MQ_O_RDWR, MQ_MODE_ALL, &attr);
    }
    if (qd >= 0 && o.a < MQT_NAMES) {
        qds[o.a] = qd;
    }
    return qc_next(qd, (uint32_t)qd, 0, 0, 0);
}

static struct qc_order do_send(struct qc_order o)
{
    static uint8_t big[300];
    uint32_t tag = o.b >> 8;
    int qd = qds[o.a % MQT_NAMES];
    int err;
    switch (o.op) {
    case MQT_SEND:
        err = mq_send(qd, &tag, sizeof(tag), o.b & 0xffu);
        break;
    case MQT_SEND_LEN:
        memset(big, 'x', sizeof(big));
        err = mq_send(qd, big, o.b, 0);
        break;
    case MQT_TSEND:
        tag = 0;
        err = mq_timedsend(qd, &tag, sizeof(tag), 0, (uint32_t)mqt_deadline(o.b));
        break;
    case MQT_MSGSND:
        err = mq_msgsnd(qd, (int32_t)o.b, &o.b, sizeof(o.b));
        break;
    case MQT_SEND_QD:
        err = mq_send((int)o.a, &tag, sizeof(tag), 0);
        break;
    default: /* MQT_SEND_FROM */
        err = mq_send(qd, (const void *)(uintptr_t)o.b, 4, 0);
        break;
    }
    return qc_next(err, qc_now(), 0, 0, 0);
}

static struct qc_order do_recv(struct qc_order o)
{
    uint8_t buf[64];
    uint32_t prio = 0, tag = 0;
    int32_t type = 0;
    int qd = qds[o.a % MQT_NAMES];
    int n;
    if (o.op == MQT_RECV) {
        n = mq_receive(qd, buf, o.b < sizeof(buf) ? o.b : sizeof(buf), &prio);
    } else if (o.op == MQT_TRECV) {
        n = mq_timedreceive(qd, buf, sizeof(buf), &prio, (uint32_t)mqt_deadline(o.b));
    } else if (o.op == MQT_MSGRCV) {
        n = mq_msgrcv(qd, (int32_t)o.b, buf, sizeof(buf), &type);
        prio = (uint32_t)type;
    } else { /* MQT_RECV_INTO */
        n = mq_receive(qd, (void *)(uintptr_t)o.b, 32, &prio);
    }
    if (n >= 4) {
        memcpy(&tag, buf, sizeof(tag));
    }
    return qc_next(n, prio, tag, 0, 0);
}

static struct qc_order do_other(struct qc_order o)
{
    struct mq_attr a = {0, 0, 0, 0};
    int qd = qds[o.a % MQT_NAMES];
    int err;
    switch (o.op) {
    case MQT_CLOSE:
        err = mq_close(qd);
        break;
    case MQT_CLOSE_QD:
        err = mq_close((int)o.a);
        break;
    case MQT_UNLINK:
        err = mq_unlink(mqt_names[o.a % MQT_NAMES]);
        break;
    case MQT_NONBLOCK:
        a.flags = o.b ? MQ_O_NONBLOCK : 0u;
        err = mq_setattr(qd, &a);
        break;
    default: /* MQT_GETATTR */
        err = mq_getattr(qd, &a);
        return qc_next(err, a.curmsgs, a.maxmsg | a.msgsize << 16 | (a.flags ? 1u << 31 : 0u), 0,
                       0);
    }
    return qc_next(err, 0, 0, 0, 0);
}

static struct qc_order do_notify(struct qc_order o)
{
    uint32_t bits = 0;
    if (o.op == MQT_NTFN_POLL) {
        int err = pl_ntfn_poll(o.a, 0xffffffffu, &bits);
        return qc_next(err, bits, 0, 0, 0);
    }
    struct mq_notification how = {o.b & 0xffu, o.b >> 8};
    int err = mq_notify(qds[o.a % MQT_NAMES], (o.b & 0xffu) == MQT_NO_NTFN ? NULL : &how);
    return qc_next(err, 0, 0, 0, 0);
}

static struct qc_order do_stress_write(struct qc_order o)
{
    int qd = qds[MQT_STRESS_Q];
    for (uint32_t seq = 0; seq < o.b; seq++) {
        struct mqt_stress_msg m = {o.a, seq, mqt_check(o.a, seq), 0};
        int err = mq_send(qd, &m, sizeof(m), 0);
        if (err != PL_OK) {
            return qc_next(err, seq, 0, 0, 0);
        }
    }
    return qc_next(PL_OK, o.b, 0, 0, 0);
}

static struct qc_order do_stress_read(struct qc_order o)
{
    static struct mqt_tally t;
    uint32_t last[MQT_WRITERS];
    struct mqt_stress_msg m;
    int qd = qds[MQT_STRESS_Q];
    memset(&t, 0, sizeof(t));
    memset(last, 0xff, sizeof(last));
    (void)o;
    for (;;) {
        int n = mq_receive(qd, &m, sizeof(m) * 2u, NULL);
        if (n != (int)sizeof(m)) {
            return qc_next(n < 0 ? n : PL_EINVAL, 0, 0, &t, sizeof(t));
        }
        if (m.writer == MQT_STOP) {
            return qc_next(PL_OK, 0, 0, &t, sizeof(t));
        }
        uint32_t w = m.writer % MQT_WRITERS;
        t.bad_check += m.check != mqt_check(m.writer, m.seq) || m.writer >= MQT_WRITERS;
        t.out_of_order += last[w] != 0xffffffffu && m.seq <= last[w];
        last[w] = m.seq;
        t.count[w]++;
        t.sum[w] += m.seq;
        t.sumsq[w] += m.seq * m.seq;
    }
}

static struct qc_order act(struct qc_order o)
{
    switch (o.op) {
    case MQT_OPEN:
    case MQT_OPEN_ATTR:
    case MQT_OPEN_LONG:
        return do_open(o);
    case MQT_SEND:
    case MQT_SEND_LEN:
    case MQT_TSEND:
    case MQT_MSGSND:
    case MQT_SEND_QD:
    case MQT_SEND_FROM:
        return do_send(o);
    case MQT_RECV:
    case MQT_TRECV:
    case MQT_MSGRCV:
    case MQT_RECV_INTO:
        return do_recv(o);
    case MQT_STRESS_W:
        return do_stress_write(o);
    case MQT_STRESS_R:
        return do_stress_read(o);
    case MQT_NOTIFY:
    case MQT_NTFN_POLL:
        return do_notify(o);
    default:
        return do_other(o);
    }
}

int actor_main(void)
{
    qc_serve(act);
}

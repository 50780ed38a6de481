/*
 * tests/qemu/ipc_order/actors.c - the tasks of the ordering cases (one entry for all): the
 * server srv, the callers hi, mid_a, mid_b and lo, the pool workers w1 and w2, and the pool
 * clients c1..c4. Each does what the judge orders and reports what it saw.
 */
#include <string.h>

#include "../harness/qctl.h"
#include "order.h"
/* The whole system's constants, not this task's own system.h: the file holds several tasks
 * with different rights, and each names only what it holds a right on. */
#include "system_all.h"

int actor_main(void);

static struct tally tally;

static struct qc_order call1_op(void)
{
    struct pl_msg m = {.label = 1};
    struct pl_recvd rep;
    int err = pl_call(EP_SVC, &m, 0, 0, &rep, PL_WAIT_FOREVER);
    return qc_next(err, rep.w0, 0, 0, 0);
}

/* Take n calls while holding them all, so that the order in which the kernel hands them over
 * is the order of its queue, then release the callers. */
static struct qc_order serve_n_op(uint32_t n)
{
    struct pl_recvd in[SERVE_MAX];
    uint32_t badges[SERVE_MAX];
    int err = PL_OK;
    n = n < SERVE_MAX ? n : SERVE_MAX;
    for (uint32_t i = 0; i < n && err == PL_OK; i++) {
        err = pl_recv(EP_SVC, 0, 0, &in[i], PL_WAIT_FOREVER);
        badges[i] = in[i].badge;
    }
    for (uint32_t i = 0; i < n && err == PL_OK; i++) {
        struct pl_msg m = {.label = 2, .w0 = i};
        err = pl_reply(in[i].sender, &m);
    }
    return qc_next(err, n, 0, badges, n * sizeof(badges[0]));
}

static struct qc_order recv1_op(void)
{
    struct pl_recvd in;
    int err = pl_recv(EP_POOL, 0, 0, &in, PL_WAIT_FOREVER);
    return qc_next(err, in.w0, in.badge, 0, 0);
}

static struct qc_order send3_op(void)
{
    int err = PL_OK;
    for (uint32_t i = 1; i <= 3 && err == PL_OK; i++) {
        struct pl_msg m = {.label = 3, .w0 = i};
        err = pl_send(EP_POOL, &m, PL_WAIT_FOREVER);
    }
    return qc_next(err, 0, 0, 0, 0);
}

/* Note one request in the tally; returns the reply that proves which request it answers. */
static struct pl_msg note(const struct pl_recvd *in)
{
    uint32_t c = in->badge - 1u, seq = in->w0;
    if (c >= CLIENTS || seq >= 32u || in->w1 != REQ_W1(seq)) {
        tally.bad++;
    } else if (tally.seen[c] >> seq & 1u) {
        tally.dups++;
    } else {
        tally.seen[c] |= 1u << seq;
    }
    tally.served++;
    /* A little work of varying length, so that ticks and slices fall at different points. */
    for (volatile uint32_t spin = (seq * 37u + c * 11u) % 17u * 40u; spin; spin--) {
    }
    return (struct pl_msg){.label = 4, .w0 = seq, .w1 = in->badge};
}

/* A pool worker: answer requests until the judge signals the stop notification. */
static struct qc_order work_op(void)
{
    struct pl_recvd in;
    memset(&tally, 0, sizeof(tally));
    for (;;) {
        int err = pl_recv_or_notify(EP_POOL, 1u, 0, 0, &in);
        if (err != PL_OK || in.label == PL_LABEL_NOTIFICATION) {
            return qc_next(err, 0, 0, &tally, sizeof(tally));
        }
        struct pl_msg m = note(&in);
        if ((err = pl_reply(in.sender, &m)) != PL_OK) {
            return qc_next(err, 1, 0, &tally, sizeof(tally));
        }
    }
}

/* One server for everybody, in a pl_reply_recv loop: serve n calls, then report. */
static struct qc_order loop_op(uint32_t n)
{
    struct pl_recvd in;
    struct pl_msg m = {0};
    pl_task_id client = 0;
    int err = PL_OK;
    memset(&tally, 0, sizeof(tally));
    for (uint32_t i = 0; i < n && err == PL_OK; i++) {
        err = pl_reply_recv(client, client ? &m : 0, EP_ONE, 0, 0, &in);
        client = in.sender;
        m = note(&in);
    }
    if (err == PL_OK) {
        err = pl_reply(client, &m);
    }
    return qc_next(err, 0, 0, &tally, sizeof(tally));
}

/* b calls on the endpoint in a's low byte; count the replies that answer the very request
 * and carry the caller's own badge (from a's second byte). */
static struct qc_order calls_op(uint32_t a, uint32_t n)
{
    uint32_t ep = a & 0xffu, badge = a >> 8, right = 0;
    int err = PL_OK;
    for (uint32_t seq = 0; seq < n && err == PL_OK; seq++) {
        struct pl_msg m = {.label = 5, .w0 = seq, .w1 = REQ_W1(seq)};
        struct pl_recvd rep;
        err = pl_call(ep, &m, 0, 0, &rep, PL_WAIT_FOREVER);
        right += err == PL_OK && rep.w0 == seq && rep.w1 == badge;
    }
    return qc_next(err, right, 0, 0, 0);
}

static struct qc_order act(struct qc_order o)
{
    switch (o.op) {
    case OP_CALL1:
        return call1_op();
    case OP_SERVE_N:
        return serve_n_op(o.a);
    case OP_RECV1:
        return recv1_op();
    case OP_SEND3:
        return send3_op();
    case OP_WORK:
        return work_op();
    case OP_LOOP:
        return loop_op(o.a);
    case OP_CALLS:
        return calls_op(o.a, o.b);
    default:
        return qc_next(PL_EINVAL, o.op, 0, 0, 0);
    }
}

int actor_main(void)
{
    qc_serve(act);
}

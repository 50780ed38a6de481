/*
 * tests/qemu/ipc_rights/actors.c - the tasks of the rights cases (one entry for all). Each
 * does the one IPC its order names and reports the status; the pointer offences are expected
 * to fault the task before it can report.
 */
#include "../harness/qctl.h"
#include "rights.h"
/* The whole system's constants, not this task's own system.h: the file holds several tasks
 * with different rights, and each names only what it holds a right on. */
#include "system_all.h"

int actor_main(void);

static struct qc_order send_op(uint32_t ep, uint32_t grant)
{
    struct pl_msg m = {.label = 1, .w0 = 2, .w1 = 3, .grant = grant};
    return qc_next(pl_send(ep, &m, PL_NO_WAIT), 0, 0, 0, 0);
}

static struct qc_order call_op(uint32_t ep, uint32_t forged)
{
    struct pl_msg m = {.label = forged, .w0 = forged, .w1 = forged};
    struct pl_recvd rep;
    return qc_next(pl_call(ep, &m, 0, 0, &rep, PL_WAIT_FOREVER), 0, 0, 0, 0);
}

/* Receive and report the message's registers (struct pl_recvd) as data. */
static struct qc_order recv_op(uint32_t ep, uint32_t timeout)
{
    struct pl_recvd in = {0};
    int err = pl_recv(ep, 0, 0, &in, timeout);
    return qc_next(err, 0, 0, &in, sizeof(in));
}

static struct qc_order serve1_op(uint32_t timeout)
{
    struct pl_recvd in = {0};
    int err = pl_recv(EP_SVC, 0, 0, &in, timeout);
    if (err == PL_OK) {
        struct pl_msg m = {.label = 4};
        (void)pl_reply(in.sender, &m); /* PL_EDEAD after a plain send: nobody waits */
    }
    return qc_next(err, 0, 0, &in, sizeof(in));
}

static struct qc_order recv_variant_op(struct qc_order o)
{
    struct pl_recvd in;
    int err = o.op == OP_REPLY_RECV ? pl_reply_recv(0, 0, o.a, 0, 0, &in)
                                    : pl_recv_or_notify(o.a, 1u, 0, 0, &in);
    return qc_next(err, 0, 0, 0, 0);
}

/* The offences: the buffer address comes from the judge, who knows the memory map. */
static struct qc_order pointer_op(struct qc_order o)
{
    struct pl_msg m = {.label = 5, .data = (const void *)(uintptr_t)o.a, .len = o.b};
    struct pl_recvd in;
    int err;
    switch (o.op) {
    case OP_SEND_PTR:
        err = pl_send(EP_SVC, &m, PL_NO_WAIT);
        break;
    case OP_RECV_PTR:
        err = pl_recv(EP_PE, (void *)(uintptr_t)o.a, 16, &in, PL_NO_WAIT);
        break;
    case OP_CALL_PTR:
        m = (struct pl_msg){.label = 6};
        err = pl_call(EP_SVC, &m, (void *)(uintptr_t)o.a, 16, &in, 5);
        break;
    default:
        err = pl_reply(PL_TASK_ID(TASK_SRV, 1), &m);
    }
    return qc_next(err, 0, 0, 0, 0); /* survived: the judge counts that as a failure */
}

static struct qc_order act(struct qc_order o)
{
    switch (o.op) {
    case OP_SEND:
        return send_op(o.a, o.b);
    case OP_CALL:
        return call_op(o.a, o.b);
    case OP_RECV:
        return recv_op(o.a, o.b);
    case OP_SERVE1:
        return serve1_op(o.a);
    case OP_REPLY_RECV:
    case OP_RECV_NOTIFY:
        return recv_variant_op(o);
    case OP_SEND_PTR:
    case OP_RECV_PTR:
    case OP_CALL_PTR:
    case OP_REPLY_PTR:
        return pointer_op(o);
    default:
        return qc_next(PL_EINVAL, o.op, 0, 0, 0);
    }
}

int actor_main(void)
{
    qc_serve(act);
}

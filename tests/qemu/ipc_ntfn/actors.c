/*
 * tests/qemu/ipc_ntfn/actors.c - the waiter w, the signaler sig and the outsider x (one entry
 * for all): each does the notification call its order names and reports the result.
 */
#include "../harness/qctl.h"
#include "ntfn.h"
/* The whole system's constants, not this task's own system.h: the file holds several tasks
 * with different rights, and each names only what it holds a right on. */
#include "system_all.h"

int actor_main(void);

static struct qc_order wait_op(struct qc_order o)
{
    uint32_t bits = 0xdeadbeefu; /* must be overwritten */
    uint32_t start = qc_now();
    int err = o.op == OP_POLL ? pl_ntfn_poll(NTFN_NOTE, o.a, &bits)
                              : pl_ntfn_wait(NTFN_NOTE, o.a, &bits, o.b);
    return qc_next(err, bits, qc_now() - start, 0, 0);
}

static struct qc_order recv_notify_op(uint32_t mask)
{
    struct pl_recvd in = {0};
    int err = pl_recv_or_notify(EP_MBOX, mask, 0, 0, &in);
    return qc_next(err, 0, 0, &in, sizeof(in));
}

static struct qc_order send_op(uint32_t label)
{
    struct pl_msg m = {.label = label, .w0 = ~label};
    return qc_next(pl_send(EP_MBOX, &m, PL_WAIT_FOREVER), 0, 0, 0, 0);
}

static struct qc_order act(struct qc_order o)
{
    switch (o.op) {
    case OP_SIGNAL:
        return qc_next(pl_ntfn_signal(o.a, o.b), 0, 0, 0, 0);
    case OP_WAIT:
    case OP_POLL:
        return wait_op(o);
    case OP_RECV_NOTIFY:
        return recv_notify_op(o.a);
    case OP_SEND:
        return send_op(o.a);
    case OP_SCRIBBLE: /* its own memory: it may only fool its own polls */
        pl_ntfn_mirror[0] = o.a;
        pl_ntfn_mirror[1] = o.b;
        return qc_next(PL_OK, 0, 0, 0, 0);
    default:
        return qc_next(PL_EINVAL, o.op, 0, 0, 0);
    }
}

int actor_main(void)
{
    qc_serve(act);
}

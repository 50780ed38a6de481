/*
 * tests/qemu/ipc_inversion/actors.c - the server srv, its clients lo and hi, and the spinner
 * mid (one entry for all). See judge.c for the scenario.
 */
#include "../harness/qctl.h"
#include "inversion.h"
/* The whole system's constants, not this task's own system.h: the file holds several tasks
 * with different rights, and each names only what it holds a right on. */
#include "system_all.h"

int actor_main(void);

/* Busy work: keep the CPU until `ticks` ticks have passed, entering the kernel only to read
 * the time, so that only a more urgent task can take the CPU away meanwhile. */
static void work(uint32_t ticks)
{
    uint32_t start = qc_now();
    while (qc_now() - start < ticks) {
    }
}

static struct qc_order serve2_op(void)
{
    struct pl_recvd in;
    int err = PL_OK;
    for (int i = 0; i < 2 && err == PL_OK; i++) {
        err = pl_recv(EP_SVC, 0, 0, &in, PL_WAIT_FOREVER);
        if (err == PL_OK) {
            work(WORK_TICKS);
            struct pl_msg m = {.label = 1};
            err = pl_reply(in.sender, &m);
        }
    }
    return qc_next(err, 0, 0, 0, 0);
}

static struct qc_order call_op(void)
{
    struct pl_msg m = {.label = 2};
    struct pl_recvd rep;
    int err = pl_call(EP_SVC, &m, 0, 0, &rep, PL_WAIT_FOREVER);
    return qc_next(err, qc_now(), 0, 0, 0);
}

/* Never enters the kernel: a tick is the only way the CPU can be taken from it. */
static void spin(void)
{
    static volatile uint32_t spins;
    for (;;) {
        spins++;
    }
}

int actor_main(void)
{
    struct qc_order o = qc_hello();
    for (;;) {
        switch (o.op) {
        case OP_SERVE2:
            o = serve2_op();
            break;
        case OP_CALL:
            o = call_op();
            break;
        case OP_SPIN:
            spin();
            break;
        default:
            o = qc_next(PL_EINVAL, o.op, 0, 0, 0);
        }
    }
}

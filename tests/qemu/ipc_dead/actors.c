/*
 * tests/qemu/ipc_dead/actors.c - the servers, clients and cycle members of the dead-peer
 * cases (one entry for all). Each does the IPC its order names and reports what it got;
 * OP_FAULT and OP_CALL_THEN_FAULT stop the task with a data access fault instead.
 */
#include "../harness/qctl.h"
#include "dead.h"
#include "system.h"

int actor_main(void);

#define HELD_MAX 4u

static struct pl_recvd held[HELD_MAX];
static uint32_t held_count;

/* A store to the kernel's RAM: the MPU stops the task (PL_FAULT_MEM_DATA). */
static void fault(void)
{
    *(volatile uint32_t *)(uintptr_t)KERNEL_RAM_BASE = 0;
}

static struct qc_order call_op(struct qc_order o)
{
    struct pl_msg m = {.label = 1};
    struct pl_recvd rep = {0};
    uint32_t start = qc_now();
    int err = pl_call(o.a, &m, 0, 0, &rep, o.b);
    if (o.op == OP_CALL_THEN_FAULT) {
        fault();
    }
    return qc_next(err, qc_now() - start, rep.label, 0, 0);
}

static struct qc_order send_op(struct qc_order o)
{
    struct pl_msg m = {.label = 2};
    uint32_t start = qc_now();
    int err = pl_send(o.a, &m, o.b);
    return qc_next(err, qc_now() - start, 0, 0, 0);
}

/* Receive one call; keep it (OP_HOLD) or answer it at once (OP_SERVE). Reports the caller's
 * id and how many calls are held. */
static struct qc_order receive_op(struct qc_order o)
{
    struct pl_recvd in;
    int err = pl_recv(o.a, 0, 0, &in, PL_WAIT_FOREVER);
    if (err == PL_OK && o.op == OP_SERVE) {
        struct pl_msg m = {.label = REPLY_LABEL};
        err = pl_reply(in.sender, &m);
    } else if (err == PL_OK && held_count < HELD_MAX) {
        held[held_count++] = in;
    }
    return qc_next(err, in.sender, held_count, 0, 0);
}

static struct qc_order reply_op(uint32_t which)
{
    if (which >= held_count) {
        return qc_next(PL_EINVAL, 0, 0, 0, 0);
    }
    struct pl_msg m = {.label = REPLY_LABEL};
    return qc_next(pl_reply(held[which].sender, &m), held[which].sender, 0, 0, 0);
}

static struct qc_order act(struct qc_order o)
{
    switch (o.op) {
    case OP_CALL:
    case OP_CALL_THEN_FAULT:
        return call_op(o);
    case OP_SEND:
        return send_op(o);
    case OP_HOLD:
    case OP_SERVE:
        return receive_op(o);
    case OP_REPLY:
        return reply_op(o.a);
    case OP_FAULT:
        fault();
        return qc_next(PL_EINVAL, 0, 0, 0, 0); /* not reached while the MPU works */
    default:
        return qc_next(PL_EINVAL, o.op, 0, 0, 0);
    }
}

int actor_main(void)
{
    qc_serve(act);
}

/*
 * tests/qemu/ipc_shm/actors.c - the page owner own and the tasks b, c and n (one entry for
 * all). Each does the shared-page call or memory access its order names; accesses the MPU
 * refuses stop the task before it can report.
 */
#include "../harness/qctl.h"
#include "shm.h"
/* The whole system's constants, not this task's own system.h: the file holds several tasks
 * with different rights, and each names only what it holds a right on. */
#include "system_all.h"

int actor_main(void);

#define WORD(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

static struct qc_order map_op(uint32_t page, uint32_t window)
{
    void *addr = 0;
    int err = pl_shm_map(page, window, &addr);
    return qc_next(err, (uint32_t)(uintptr_t)addr, 0, 0, 0);
}

static pl_task_id latest_caller; /* the reply handle of the latest message received */

static struct qc_order recv_into_op(uint32_t op, uint32_t addr)
{
    struct pl_recvd in = {0};
    const struct pl_msg empty = {.label = 9};
    int err;
    if (op == OP_RECV_INTO) {
        err = pl_recv(EP_BIN, (void *)(uintptr_t)addr, 16, &in, PL_NO_WAIT);
    } else if (op == OP_RECV_WAIT) {
        err = pl_recv(EP_CIN, (void *)(uintptr_t)addr, 16, &in, PL_WAIT_FOREVER);
    } else {
        static uint8_t own[PL_IPC_MAX_BYTES];
        void *into = addr ? (void *)(uintptr_t)addr : own;
        err = pl_reply_recv(latest_caller, &empty, EP_CIN, into, 16, &in);
    }
    latest_caller = in.sender;
    return qc_next(err, in.len, 0, 0, 0);
}

static const uint8_t bytes16[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};

static struct qc_order send16_op(void)
{
    struct pl_msg m = {.label = 7, .data = bytes16, .len = sizeof(bytes16)};
    return qc_next(pl_send(EP_CIN, &m, PL_WAIT_FOREVER), 0, 0, 0, 0);
}

static struct qc_order call16_op(void)
{
    static uint8_t answer[16];
    struct pl_msg m = {.label = 8, .data = bytes16, .len = sizeof(bytes16)};
    struct pl_recvd rep = {0};
    int err = pl_call(EP_CIN, &m, answer, sizeof(answer), &rep, PL_WAIT_FOREVER);
    return qc_next(err, rep.len, 0, 0, 0);
}

static struct qc_order act(struct qc_order o)
{
    switch (o.op) {
    case OP_MAP:
        return map_op(o.a, o.b);
    case OP_UNMAP:
        return qc_next(pl_shm_unmap(o.a), 0, 0, 0, 0);
    case OP_GRANT:
        return qc_next(pl_shm_grant(o.a, o.b & 0xffu, o.b >> 8), 0, 0, 0, 0);
    case OP_REVOKE:
        return qc_next(pl_shm_revoke(o.a, o.b), 0, 0, 0, 0);
    case OP_READ:
        return qc_next(PL_OK, WORD(o.a), 0, 0, 0);
    case OP_WRITE:
        WORD(o.a) = o.b;
        return qc_next(PL_OK, 0, 0, 0, 0);
    case OP_SEND_FROM:
        return qc_next(PL_OK, 0, 0, (const void *)(uintptr_t)o.a, o.b);
    case OP_RECV_INTO:
    case OP_RECV_WAIT:
    case OP_REPLY_RECV_WAIT:
        return recv_into_op(o.op, o.a);
    case OP_SEND16:
        return send16_op();
    case OP_CALL16:
        return call16_op();
    case OP_REPLY:
        return qc_next(pl_reply(latest_caller, &(struct pl_msg){.label = 9}), 0, 0, 0, 0);
    case OP_NTFN_WAIT: {
        uint32_t bits = 0;
        int err = pl_ntfn_wait(NTFN_C_EV, 1u, &bits, o.a ? o.a : PL_WAIT_FOREVER);
        return qc_next(err, bits, 0, 0, 0);
    }
    case OP_LOST_WORD:
        return qc_next(PL_OK, pl_shm_lost(), 0, 0, 0);
    default:
        return qc_next(PL_EINVAL, o.op, 0, 0, 0);
    }
}

int actor_main(void)
{
    qc_serve(act);
}

/*
 * tests/qemu/attack/actors.c - the attacker tasks and their bystanders (one entry for all).
 * Each does what its order names and reports; the traps with a moved stack pointer are
 * expected to stop the task before it can report.
 */
#include "../harness/qctl.h"
#include "attack.h"
#include "system_all.h" /* one source for tasks of different rights */

int actor_main(void);

#define WORD(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

static struct qc_order map_op(uint32_t page)
{
    void *addr = 0;
    int err = pl_shm_map(page, 0, &addr);
    return qc_next(err, (uint32_t)(uintptr_t)addr, 0, 0, 0);
}

static struct qc_order memory_op(struct qc_order o)
{
    uint32_t n = 0, old = WORD(o.a);
    switch (o.op) {
    case OP_POKE:
        WORD(o.a) = old | o.b;
        return qc_next(PL_OK, old, 0, 0, 0);
    case OP_FILL:
        for (uint32_t i = 0; i < PAGE_SIZE; i += 4) {
            WORD(o.a + i) = o.b;
        }
        return qc_next(PL_OK, 0, 0, 0, 0);
    default:
        for (uint32_t i = 0; i < PAGE_SIZE; i += 4) {
            n += WORD(o.a + i) != o.b;
        }
        return qc_next(PL_OK, n, 0, 0, 0);
    }
}

static struct qc_order ipc_op(struct qc_order o)
{
    if (o.op == OP_RECV) {
        struct pl_recvd in = {0};
        int err = pl_recv(o.a, 0, 0, &in, o.b);
        return qc_next(err, in.badge, in.label, 0, 0);
    }
    struct pl_msg m = {.label = MSG_LABEL, .grant = o.b};
    return qc_next(pl_send(o.a, &m, o.op == OP_SEND ? PL_NO_WAIT : PL_WAIT_FOREVER), 0, 0, 0, 0);
}

/* The raw traps: r0 names the object with no flag at all, so the kernel checks no grant. */
static struct qc_order trap_op(struct qc_order o)
{
    uint32_t regs[10] = {0};
    uint32_t r0;
    switch (o.op) {
    case OP_SEND_ON:
        regs[0] = EP_CARRY;
        regs[1] = MSG_LABEL;
        regs[8] = o.b;
        r0 = attack_send_on(o.a, regs);
        break;
    case OP_RECV_ON:
        regs[0] = EP_TIN;
        r0 = attack_recv_on(o.a, regs);
        break;
    case OP_YIELD_ON:
        r0 = attack_yield_on(o.a, regs);
        break;
    default:
        attack_spin_on(o.a);
    }
    return qc_next((int32_t)r0, 0, 0, 0, 0); /* came back: the judge counts that as a failure */
}

static struct qc_order act(struct qc_order o)
{
    switch (o.op) {
    case OP_MAP:
        return map_op(o.a);
    case OP_GRANT:
        return qc_next(pl_shm_grant(o.a, o.b & 0xffu, o.b >> 8), 0, 0, 0, 0);
    case OP_REVOKE:
        return qc_next(pl_shm_revoke(o.a, o.b), 0, 0, 0, 0);
    case OP_POKE:
    case OP_FILL:
    case OP_COUNT:
        return memory_op(o);
    case OP_RECV:
    case OP_SEND:
    case OP_SEND_WAIT:
        return ipc_op(o);
    case OP_SEND_ON:
    case OP_RECV_ON:
    case OP_YIELD_ON:
    case OP_SPIN_ON:
        return trap_op(o);
    default:
        return qc_next(PL_EINVAL, o.op, 0, 0, 0);
    }
}

int actor_main(void)
{
    qc_serve(act);
}

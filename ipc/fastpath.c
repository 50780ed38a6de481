/*
 * ipc/fastpath.c - the common case of a server loop, done with as few instructions as possible.
 *
 * A client calls an endpoint on which its server already waits, with a message that fits in
 * registers (no bytes, no flags); the server later answers with reply_recv and finds no other
 * client waiting. These two steps are most of the IPC a microkernel does. Here each is checked
 * and performed in one pass, switching straight to the partner: the call hands the CPU to the
 * server without a trip through the scheduler's pick. Anything unusual (bytes to copy, a
 * deadline, a grant, a queued sender, a bad argument) returns NULL and the general path in
 * endpoint.c handles the call from the start, so both paths give the same results; the tests
 * run both (docs/ipc.md, tests/qemu/ipc_*).
 */
#include "ipc.h"
#include "sched.h"
#include "uaccess.h"

/* The receiver's view of a register-only message from `from`. */
static void put_regs(struct task *to, struct arch_frame *from_f, uint32_t sender, uint32_t badge)
{
    struct arch_frame *tf = arch_task_frame(&to->arch);
    tf->r0 = PL_OK;
    tf->r1 = from_f->r1;
    tf->r2 = from_f->r2;
    tf->r3 = from_f->r3;
    arch_task_set_reg(&to->arch, OUT_SENDER, sender);
    arch_task_set_reg(&to->arch, OUT_BADGE, badge);
    arch_task_set_reg(&to->arch, OUT_LEN, 0);
}

struct task *fastpath_call(struct task *t, struct arch_frame *f)
{
    uint32_t e = f->r0; /* any flag makes it >= 256: not for the fast path */
    if (e >= sys_endpoint_count || !(t->rights.ep_send >> e & 1u) ||
        (arch_task_reg(&t->arch, IN_OUTLEN) | arch_task_reg(&t->arch, IN_INCAP)) != 0) {
        return 0;
    }
    struct endpoint *ep = &endpoints[e];
    if (list_empty(&ep->receivers)) {
        return 0;
    }
    struct task *r = container_of(ep->receivers.next, struct task, ipc.node);
    if (r->deadline != TIME_NEVER || r->priority > t->priority) {
        return 0;
    }
    put_regs(r, f, task_id(t), t->rights.badge[e]);
    list_unlink(&r->ipc.node);
    r->block = BLOCK_NONE;
    t->state = PL_TASK_BLOCKED; /* the running task is in no run queue: nothing to remove */
    t->block = BLOCK_REPLY;
    t->ipc.server = r;
    ep->messages++;
    t->msgs_sent++;
    r->msgs_received++;
    sched_direct(r); /* at least as urgent as the client, which was the most urgent */
    return r;
}

struct task *fastpath_reply_recv(struct task *t, struct arch_frame *f)
{
    uint32_t e = f->r0, target = arch_task_reg(&t->arch, IN_TARGET);
    struct task *c = task_by_index(PL_TASK_INDEX(target));
    if (e >= sys_endpoint_count || !(t->rights.ep_recv >> e & 1u) || !c ||
        arch_task_reg(&t->arch, IN_OUTLEN) != 0 || c->generation != PL_TASK_GEN(target) ||
        c->state != PL_TASK_BLOCKED || c->block != BLOCK_REPLY || c->ipc.server != t ||
        c->deadline != TIME_NEVER) {
        return 0;
    }
    struct endpoint *ep = &endpoints[e];
    uint32_t cap = arch_task_reg(&t->arch, IN_INCAP);
    if (!list_empty(&ep->senders) ||
        !uaccess_ok(t, arch_task_reg(&t->arch, IN_INBUF),
                    cap < PL_IPC_MAX_BYTES ? cap : PL_IPC_MAX_BYTES, UACCESS_WRITE)) {
        return 0;
    }
    put_regs(c, f, task_id(t), 0);
    t->msgs_sent++;
    c->msgs_received++;
    c->block = BLOCK_NONE;
    t->state = PL_TASK_BLOCKED;
    t->block = BLOCK_RECV;
    t->ipc.ep = ep;
    t->ipc.ntfn_mask = 0;
    ep_queue_insert(&ep->receivers, t);
    if (c->priority <= sched_best_queued()) {
        sched_direct(c); /* nobody queued is more urgent: straight back to the client */
        return c;
    }
    sched_add(c);
    return sched_switch();
}

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
 * run both (docs/ipc.md, tests/qemu/ipc_*). The same holds for the notification pair: a
 * signal that wakes a more urgent waiter switches to it at once, and a wait that must block
 * goes straight to the next task.
 */
#include <string.h>

#include "ipc.h"
#include "sched.h"
#include "uaccess.h"

/* Can from's out bytes go to to's in buffer whole, both buffers owned? (A cut message, or
 * a bad buffer, is left to the general path, which reports or faults.) */
static int bytes_fit(struct task *from, struct task *to)
{
    uint32_t len = arch_task_reg(&from->arch, IN_OUTLEN);
    return len == 0 ||
           (len <= arch_task_reg(&to->arch, IN_INCAP) && len <= PL_IPC_MAX_BYTES &&
            uaccess_ok(from, arch_task_reg(&from->arch, IN_OUTBUF), len, UACCESS_READ) &&
            uaccess_ok(to, arch_task_reg(&to->arch, IN_INBUF), len, UACCESS_WRITE));
}

/* The receiver's view of the message from `from` (checked by bytes_fit). It writes what
 * msg_transfer() writes, but copies the words from the caller's frame already in hand: going
 * through the register accessors for both tasks (which may alias) costs about 24 instructions
 * per round trip, measured. */
static void put_msg(struct task *to, struct task *from, struct arch_frame *from_f, uint32_t badge)
{
    struct arch_frame *tf = arch_task_frame(&to->arch);
    uint32_t len = arch_task_reg(&from->arch, IN_OUTLEN);
    if (len) {
        memcpy((void *)(uintptr_t)arch_task_reg(&to->arch, IN_INBUF),
               (const void *)(uintptr_t)arch_task_reg(&from->arch, IN_OUTBUF), len);
    }
    tf->r0 = PL_OK;
    tf->r1 = from_f->r1;
    tf->r2 = from_f->r2;
    tf->r3 = from_f->r3;
    arch_task_set_reg(&to->arch, OUT_SENDER, ipc_handle(from));
    arch_task_set_reg(&to->arch, OUT_BADGE, badge);
    arch_task_set_reg(&to->arch, OUT_LEN, len);
}

struct task *fastpath_call(struct task *t, struct arch_frame *f)
{
    uint32_t e = f->r0; /* any flag makes it >= 256: not for the fast path */
    uint32_t cap = arch_task_reg(&t->arch, IN_INCAP);
    if (e >= sys_endpoint_count || !(t->rights.ep_send >> e & 1u) ||
        (cap && !uaccess_ok(t, arch_task_reg(&t->arch, IN_INBUF),
                            cap < PL_IPC_MAX_BYTES ? cap : PL_IPC_MAX_BYTES, UACCESS_WRITE))) {
        return 0;
    }
    struct endpoint *ep = &endpoints[e];
    if (list_empty(&ep->receivers)) {
        return 0;
    }
    struct task *r = container_of(ep->receivers.next, struct task, ipc.node);
    /* With an equally urgent task already waiting its turn, the general path would run that
     * one first: leave such cases to it, so both paths schedule alike. */
    if (r->deadline != TIME_NEVER || r->priority > t->priority ||
        r->priority >= sched_best_queued() || !bytes_fit(t, r)) {
        return 0;
    }
    ipc_new_call(t);
    put_msg(r, t, f, t->rights.badge[e]);
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
        c->ipc.call_seq != PL_TASK_GEN(target) || c->state != PL_TASK_BLOCKED ||
        c->block != BLOCK_REPLY || c->ipc.server != t || c->deadline != TIME_NEVER) {
        return 0;
    }
    struct endpoint *ep = &endpoints[e];
    uint32_t cap = arch_task_reg(&t->arch, IN_INCAP);
    if (!list_empty(&ep->senders) ||
        !uaccess_ok(t, arch_task_reg(&t->arch, IN_INBUF),
                    cap < PL_IPC_MAX_BYTES ? cap : PL_IPC_MAX_BYTES, UACCESS_WRITE) ||
        !bytes_fit(t, c)) {
        return 0;
    }
    put_msg(c, t, f, 0);
    t->msgs_sent++;
    c->msgs_received++;
    c->block = BLOCK_NONE;
    t->state = PL_TASK_BLOCKED;
    t->block = BLOCK_RECV;
    t->ipc.ep = ep;
    t->ipc.ntfn_mask = 0;
    ep_queue_insert(&ep->receivers, t);
    if (c->priority < sched_best_queued()) {
        sched_direct(c); /* nobody queued is more urgent: straight back to the client */
        return c;
    }
    sched_add(c);
    return sched_switch();
}

struct task *fastpath_signal(struct task *t, struct arch_frame *f)
{
    uint32_t n = f->r0;
    if (n >= sys_ntfn_count || !(t->rights.ntfn_signal >> n & 1u)) {
        return 0;
    }
    struct task *w = &sys_tasks[sys_ntfn_descs[n].waiter];
    uint32_t pending = ntfn_bits[n] | f->r1, got = pending & w->ipc.ntfn_mask;
    if (w->state != PL_TASK_BLOCKED || w->block != BLOCK_NTFN || w->deadline != TIME_NEVER ||
        got == 0 || w->priority >= t->priority) {
        return 0;
    }
    ntfn_bits[n] = pending;
    ntfn_deliver(w, n, w->ipc.ntfn_mask);
    w->block = BLOCK_NONE;
    f->r0 = PL_OK;
    sched_preempt(w);
    return w;
}

struct task *fastpath_wait(struct task *t, struct arch_frame *f)
{
    uint32_t n = f->r0, mask = f->r1; /* any flag makes n >= 256: general path */
    if (n >= sys_ntfn_count || sys_ntfn_descs[n].waiter != t->index || mask == 0 ||
        (ntfn_bits[n] & mask) != 0) {
        return 0;
    }
    t->state = PL_TASK_BLOCKED; /* the running task is in no run queue */
    t->block = BLOCK_NTFN;
    t->ipc.ntfn_mask = mask;
    sched_remove(t);
    return sched_switch();
}

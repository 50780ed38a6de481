/*
 * ipc/fastpath.c - the common case of a server loop, done with as few instructions as possible.
 *
 * A client calls an endpoint on which its server already waits; the server later answers with
 * reply_recv and finds no other client waiting. These two steps are most of the IPC a
 * microkernel does. Here each is checked and performed in one pass, switching straight to the
 * partner without a trip through the scheduler's pick. The register-only message (label and
 * two words, no buffers) costs no buffer check at all; a message with bytes is checked and
 * copied here too if both buffers are fine. Anything unusual (a deadline, a grant, a queued
 * sender, a bad argument, a cut message) returns NULL having changed nothing, and the general
 * path in endpoint.c handles the call from the start, so both paths give the same results;
 * the tests run both (tests/host/test_fastpath.c; tests/qemu/ipc_* and their *_general twins,
 * built with `fastpath = off`). The same holds for the notification pair: a signal that wakes
 * a more urgent waiter switches to it at once, and a wait that must block goes straight to
 * the next task.
 *
 * No priority check is needed on a call: the server is at least as urgent as its client (calls
 * go uphill, checked at build time and for grants at run time), and the client was the most
 * urgent task, so the server runs next, in the client's turn (docs/ipc.md, "Priorities").
 */
#include <string.h>

#include "fastpath.h"
#include "ipc.h"
#include "sched.h"
#include "time.h"
#include "uaccess.h"

/* t is the running task, never NULL: a fast path that returns it needs no test of it. */
#define ASSUME_RUNNING(t)                                                                          \
    do {                                                                                           \
        if (!(t)) {                                                                                \
            __builtin_unreachable();                                                               \
        }                                                                                          \
    } while (0)

/* Where the answer to from's message will land: its in buffer, up to PL_IPC_MAX_BYTES of it.
 * Fine if empty or a buffer it may write. When a whole largest message from its start lies
 * inside from's own RAM, the address is also kept (struct task, inbuf_kept): from is about to
 * wait with it, and those bytes stay its own whatever happens while it waits, so a delivery
 * there needs no second check (delivery_ok). The kept address is a fact, true whether or not
 * the fast path then takes the call, so keeping it changes nothing a path or a task sees. */
static inline __attribute__((always_inline)) int in_buffer_ok(struct task *from)
{
    uint32_t cap = ipc_reg(from, IN_INCAP), buf = ipc_reg(from, IN_INBUF);
    if (cap == 0) {
        return 1;
    }
    return ipc_keep_in_buffer(from, buf) ||
           uaccess_ok(from, buf, cap < PL_IPC_MAX_BYTES ? cap : PL_IPC_MAX_BYTES, UACCESS_WRITE);
}

/* len bytes (1 to PL_IPC_MAX_BYTES) into to's in buffer at buf, with which to waits. At the
 * address kept when it began to wait (in_buffer_ok here, ipc_check_in_buffer on the general
 * path), nothing can have taken them away: a window may have been unmapped meanwhile, never
 * slot 1. Any other buffer (in a window, near the end of its RAM) is checked again in full. */
static inline __attribute__((always_inline)) int delivery_ok(const struct task *to, uint32_t buf,
                                                             uint32_t len)
{
    return buf == to->inbuf_kept || uaccess_ok(to, buf, len, UACCESS_WRITE);
}

/* With bytes involved (the caller's out length or in capacity not 0): are its buffers fine,
 * and does its message fit whole in to's buffer? A cut message, or a bad buffer, is left to
 * the general path, which reports or faults. */
static inline __attribute__((always_inline)) int bytes_ok(struct task *from, struct task *to)
{
    uint32_t len = ipc_reg(from, IN_OUTLEN);
    return in_buffer_ok(from) &&
           (len == 0 || (len <= ipc_reg(to, IN_INCAP) && len <= PL_IPC_MAX_BYTES &&
                         uaccess_ok(from, ipc_reg(from, IN_OUTBUF), len, UACCESS_READ) &&
                         delivery_ok(to, ipc_reg(to, IN_INBUF), len)));
}

/* Each operation below is written once, with `bytes` saying whether the caller's message has
 * bytes or buffers (its out length or in capacity not 0). It is compiled twice: with bytes = 0
 * for the register-only message, which then costs no buffer check and no copy, and with
 * bytes = 1. The kernel's entry (sys/entry.c) tests fastpath_has_bytes() first and calls the
 * one that fits, the message with bytes in a function of its own, so that the register-only
 * case keeps few registers in use. */
int fastpath_has_bytes(struct task *t)
{
    return (ipc_reg(t, IN_OUTLEN) | ipc_reg(t, IN_INCAP)) != 0;
}

/* The receiver's view of the message from `from` (checked by bytes_ok if it has bytes). It
 * writes what msg_transfer() writes, but takes the words from the caller's frame in hand. */
static inline __attribute__((always_inline)) void put_msg(struct task *to, struct task *from,
                                                          const struct arch_frame *from_f,
                                                          uint32_t badge, int bytes)
{
    struct arch_frame *tf = arch_task_frame(&to->arch);
    uint32_t len = bytes ? ipc_reg(from, IN_OUTLEN) : 0;
    if (len) {
        arch_copy_to_task((void *)(uintptr_t)ipc_reg(to, IN_INBUF),
                          (const void *)(uintptr_t)ipc_reg(from, IN_OUTBUF), len);
    }
    tf->r0 = PL_OK;
    tf->r1 = from_f->r1;
    tf->r2 = from_f->r2;
    tf->r3 = from_f->r3;
    ipc_set(to, OUT_SENDER, ipc_handle(from));
    ipc_set(to, OUT_BADGE, badge);
    ipc_set(to, OUT_LEN, len);
    from->msgs_sent++;
    to->msgs_received++;
}

static inline __attribute__((always_inline)) struct task *call(struct task *t, struct arch_frame *f,
                                                               int bytes)
{
    uint32_t e = f->r0; /* any flag makes it >= 256: not for the fast path */
    if (e >= IPC_MAX_ENDPOINTS || !(t->rights.ep_send >> e & 1u)) {
        return 0;
    }
    struct endpoint *ep = &endpoints[e];
    ARCH_OPAQUE(ep);
    struct list_node *first = ep->receivers.next;
    if (first == &ep->receivers) {
        return 0; /* no server waiting: the client queues (general path) */
    }
    struct task *r = container_of(first, struct task, ipc.node);
    if (r->timed || (bytes && !bytes_ok(t, r))) {
        return 0;
    }
    ipc_new_call(t);
    put_msg(r, t, f, t->rights.badge[e], bytes);
    list_unlink(&r->ipc.node);
    task_block_untimed(t, BLOCK_REPLY); /* the running task is in no run queue */
    t->ipc.server = r;
    ep->messages++;
    sched_direct(r);
    return r;
}

struct task *fastpath_call_bytes(struct task *t, struct arch_frame *f)
{
    return call(t, f, 1);
}

struct task *fastpath_call_regs(struct task *t, struct arch_frame *f)
{
    return call(t, f, 0);
}

struct task *fastpath_call(struct task *t, struct arch_frame *f)
{
    return fastpath_has_bytes(t) ? fastpath_call_bytes(t, f) : fastpath_call_regs(t, f);
}

/* A server that is one of several receivers on ep takes its place among them. */
static __attribute__((noinline)) void join_worker_pool(struct endpoint *ep, struct task *t)
{
    ep_queue_insert(&ep->receivers, t);
}

/* The client of a reply_recv is not the most urgent ready task: it queues like any woken task. */
static __attribute__((noinline)) struct task *client_waits_its_turn(struct task *c)
{
    task_wake(c);
    return sched_switch();
}

static inline __attribute__((always_inline)) struct task *
reply_recv(struct task *t, struct arch_frame *f, int bytes)
{
    uint32_t e = f->r0, target = ipc_reg(t, IN_TARGET), i = PL_TASK_INDEX(target);
    if (e >= IPC_MAX_ENDPOINTS || !(t->rights.ep_recv >> e & 1u) || i >= sys_task_count) {
        return 0;
    }
    struct task *c = &sys_tasks[i];
    struct endpoint *ep = &endpoints[e];
    ARCH_OPAQUE(c);
    ARCH_OPAQUE(ep);
    if (c->ipc.call_id != target || !task_waits_untimed(c, BLOCK_REPLY) || c->ipc.server != t ||
        !list_empty(&ep->senders) || (bytes && !bytes_ok(t, c))) {
        return 0;
    }
    put_msg(c, t, f, 0, bytes);
    task_block_untimed(t, BLOCK_RECV);
    t->ipc.ep = ep;
    t->ipc.ntfn_mask = 0;
    if (list_empty(&ep->receivers)) {
        list_push_back(&ep->receivers, &t->ipc.node); /* the usual case: a lone server */
    } else {
        join_worker_pool(ep, t);
    }
    if (c->priority < sched_best_queued()) {
        sched_direct(c); /* nobody queued is as urgent: straight back to the client */
        return c;
    }
    return client_waits_its_turn(c);
}

struct task *fastpath_reply_recv_bytes(struct task *t, struct arch_frame *f)
{
    return reply_recv(t, f, 1);
}

struct task *fastpath_reply_recv_regs(struct task *t, struct arch_frame *f)
{
    return reply_recv(t, f, 0);
}

struct task *fastpath_reply_recv(struct task *t, struct arch_frame *f)
{
    return fastpath_has_bytes(t) ? fastpath_reply_recv_bytes(t, f) : fastpath_reply_recv_regs(t, f);
}

/* A signal (notification.c does it: ntfn_signal_fast) to a waiter that waits for it, more or
 * less urgent than the signaller, or waits for other bits, or is not waiting at all (the
 * signaller itself, or a task that runs later). */
struct task *fastpath_signal(struct task *t, struct arch_frame *f)
{
    ASSUME_RUNNING(t);
    uint32_t n = f->r0;
    if (n >= IPC_MAX_NOTIFICATIONS || !(t->rights.ntfn_signal >> n & 1u)) {
        return 0;
    }
    struct task *next = ntfn_signal_fast(t, n, f->r1);
    if (next) {
        f->r0 = PL_OK;
    }
    return next;
}

/* A wait with one flag by the waiter of n. A poll (PL_IPC_NONBLOCK) takes what is there, maybe
 * nothing, and runs on. A wait with a deadline (PL_IPC_TIMED, what the shared-memory rings do,
 * so that no wait is endless) takes the bits that are there, or blocks in the timer list as
 * the general path leaves it. A driver's acknowledgement and wait in one trap (PL_IPC_ACK)
 * unmasks the one interrupt bit in r3 in one step, as fastpath_irq_ack does, then waits as the
 * plain wait; several bits, none, a bit without an interrupt or an empty mask are the general
 * path's, which refuses before it acknowledges anything. Anything else is the general path's.
 * Out of line: the plain wait pays nothing for it; the blocking end is written once, so that
 * the scheduler's switch stays inline in both. */
static __attribute__((noinline)) struct task *wait_flagged(struct task *t, struct arch_frame *f)
{
    uint32_t n = f->r0 & PL_IPC_INDEX_MASK, mask = f->r1, flag = f->r0 ^ n;
    if (!ntfn_is_waiter(n, t)) {
        return 0;
    }
    if (flag == PL_IPC_TIMED) {
        if (mask == 0) {
            return 0;
        }
    } else if (flag == PL_IPC_ACK) {
        uint32_t ack = f->r3;
        if (mask == 0 || !ack || (ack & (ack - 1u)) || (ack & ~ntfn_irq_bits[n])) {
            return 0;
        }
        ntfn_rearm_one(n, ack);
    } else if (flag != PL_IPC_NONBLOCK) {
        return 0;
    }
    if (flag == PL_IPC_NONBLOCK || (ntfn_bits[n] & mask)) {
        ntfn_take_bits(t, n, mask);
        return t;
    }
    if (flag == PL_IPC_TIMED) {
        t->deadline = ipc_deadline(t);
        t->timed = 1;
        time_add(t);
    }
    task_block_untimed(t, BLOCK_NTFN); /* the running task is in no run queue */
    t->ipc.ntfn_mask = mask;
    return sched_switch_blocked();
}

struct task *fastpath_wait(struct task *t, struct arch_frame *f)
{
    ASSUME_RUNNING(t);
    uint32_t n = f->r0, mask = f->r1; /* any flag makes n >= 256 */
    if (!ntfn_is_waiter(n, t)) {
        return wait_flagged(t, f);
    }
    if ((ntfn_bits[n] & mask) != 0) {
        ntfn_take_bits(t, n, mask); /* bits are there: taken at once, it runs on */
        return t;
    }
    if (mask == 0) {
        return 0; /* PL_EINVAL: the general path says it */
    }
    task_block_untimed(t, BLOCK_NTFN); /* the running task is in no run queue */
    t->ipc.ntfn_mask = mask;
    return sched_switch_blocked();
}

struct task *fastpath_yield(struct task *t, struct arch_frame *f)
{
    ASSUME_RUNNING(t);
    struct task *next = sched_yield_to_next(t);
    if (next) {
        f->r0 = PL_OK;
    }
    return next;
}

/* No bit, or several: one pass per set bit. Out of line, so that the usual ack of one bit
 * keeps no stack frame. */
static __attribute__((noinline)) struct task *rearm_several(struct task *t, struct arch_frame *f,
                                                            uint32_t n, uint32_t bits)
{
    ntfn_rearm(n, bits);
    f->r0 = PL_OK;
    return t;
}

/* The driver acknowledges interrupt bits of its own notification (no flag): each is an
 * interrupt's, so the lines are unmasked, and it runs on. One bit, the usual case, is one
 * interrupt found in one step; several are unmasked one set bit at a time. */
struct task *fastpath_irq_ack(struct task *t, struct arch_frame *f)
{
    ASSUME_RUNNING(t);
    uint32_t n = f->r0, bits = f->r1; /* any flag makes n >= 256: the general path */
    if (!ntfn_is_waiter(n, t) || (bits & ~ntfn_irq_bits[n]) != 0) {
        return 0;
    }
    if (!bits || (bits & (bits - 1u))) {
        return rearm_several(t, f, n, bits);
    }
    ntfn_rearm_one(n, bits);
    f->r0 = PL_OK;
    return t;
}

/*
 * ipc/notification.c - asynchronous notifications and interrupt delivery.
 *
 * A notification is a 32-bit word with one waiting task, fixed by the system description.
 * signal() ORs bits into it and never blocks; the waiter takes (and clears) the bits that match
 * its mask, either with wait/poll or while it waits for a message on an endpoint (recv with
 * PL_IPC_NTFN). An interrupt is masked at the NVIC and becomes a bit of its owner's
 * notification; the driver re-enables it with irq_ack once it has served the device, so no
 * driver code ever runs in the kernel.
 */
#include "console.h"
#include "fastpath.h"
#include "ipc.h"
#include "sched.h"
#include "time.h"

uint32_t ntfn_bits[IPC_MAX_NOTIFICATIONS]; /* pending bits; fastpath.c reads them too */
/* sys_ntfn_descs[n].waiter, found once: one load on the signal, wait and interrupt paths */
struct task *ntfn_waiter[IPC_MAX_NOTIFICATIONS];
/* the bits of notification n that an interrupt raises, found once: an ack checks them in one
 * test */
uint32_t ntfn_irq_bits[IPC_MAX_NOTIFICATIONS];
/* sys_ntfn_descs[n].irq_of_bit, found once: an ack finds an interrupt in one load */
const uint8_t *ntfn_irq_of_bit[IPC_MAX_NOTIFICATIONS];
uint32_t *ntfn_mirror[IPC_MAX_NOTIFICATIONS];
/* The mirror of a notification whose waiter has none (or is a server in the kernel): written
 * like any mirror, read by nobody. */
static uint32_t mirror_sink;

/* t's poll mirror (user/lib: three words in its own .data, the notification's index, its
 * bits, the word that changes when a page it holds loses its owner), or NULL if it has none. The
 * address comes from the image's link and was checked at boot (ntfn_mirror_check); the kernel only
 * ever writes there. */
static uint32_t *mirror_of(const struct task *t)
{
    return t->desc->ntfn_mirror_end != t->desc->ntfn_mirror ? (uint32_t *)t->desc->ntfn_mirror : 0;
}

void ntfn_mirror_check(const struct task_desc *d)
{
    uintptr_t m = d->ntfn_mirror, end = d->ntfn_mirror_end;
    if (end == m) {
        return; /* no mirror: its polls always trap */
    }
    if (end - m != PL_NTFN_MIRROR_WORDS * 4u || (m & 3u) || m < d->ram_base ||
        end > d->ram_base + d->ram_size) { /* end below m: end - m wraps, caught first */
        panic("task '%s': its poll mirror (0x%08lx-0x%08lx) is not three aligned words in its "
              "own RAM",
              d->name, (unsigned long)m, (unsigned long)end);
    }
}

void ntfn_mirror_refresh(const struct task *t)
{
    uint32_t *m = mirror_of(t);
    if (!m) {
        return;
    }
    m[0] = PL_NTFN_MIRROR_NONE; /* it waits on nothing, unless found below */
    m[PL_NTFN_MIRROR_LOST] = 0; /* at boot and at a restart: no page lost in this life */
    for (uint32_t n = 0; n < sys_ntfn_count; n++) {
        if (ntfn_waiter[n] == t) {
            m[0] = n;
            ntfn_mirror[n] = &m[1];
            ntfn_set(n, ntfn_bits[n]);
        }
    }
}

void ntfn_mirror_set_lost(const struct task *t, uint32_t v)
{
    uint32_t *m = mirror_of(t);
    if (m) {
        m[PL_NTFN_MIRROR_LOST] = v;
    }
}

void ntfn_init_all(void)
{
    for (uint32_t i = 0; i < sys_task_count; i++) {
        ntfn_mirror_check(sys_task_descs + i);
    }
    for (uint32_t n = 0; n < IPC_MAX_NOTIFICATIONS; n++) {
        ntfn_mirror[n] = &mirror_sink;
        ntfn_set(n, 0);
        ntfn_waiter[n] = n < sys_ntfn_count ? task_by_index(sys_ntfn_descs[n].waiter) : 0;
        if (n < sys_ntfn_count && !ntfn_waiter[n]) {
            ntfn_waiter[n] = &task_in_kernel; /* a server in the kernel takes its bits */
        }
        ntfn_irq_bits[n] = 0;
        ntfn_irq_of_bit[n] = n < sys_ntfn_count ? sys_ntfn_descs[n].irq_of_bit : 0;
        for (uint32_t b = 0; n < sys_ntfn_count && b < 32u; b++) {
            ntfn_irq_bits[n] |= sys_ntfn_descs[n].irq_of_bit[b] != 0xffu ? 1u << b : 0u;
        }
    }
    for (uint32_t irq = 0; irq < sys_irq_count; irq++) {
        if (sys_irq_routes[irq].ntfn != IPC_NO_NTFN) {
            arch_irq_enable(irq);
        }
    }
    for (uint32_t i = 0; i < sys_task_count; i++) {
        ntfn_mirror_refresh(&sys_tasks[i]);
    }
}

/* The notification t waits on, or IPC_NO_NTFN. */
static uint32_t ntfn_of(const struct task *t)
{
    for (uint32_t n = 0; n < sys_ntfn_count; n++) {
        if (ntfn_waiter[n] == t) {
            return n;
        }
    }
    return IPC_NO_NTFN;
}

/* The result of t's wait that took `got`: r0 = PL_OK, r1 = PL_LABEL_NOTIFICATION, r2 = got
 * (OUT_STATUS, OUT_LABEL, OUT_W0 through the frame in hand). */
static inline __attribute__((always_inline)) void wait_result(struct task *t, uint32_t got)
{
    struct arch_frame *f = arch_task_frame(&t->arch);
    f->r0 = PL_OK;
    f->r1 = PL_LABEL_NOTIFICATION;
    f->r2 = got;
}

/* Hand t the bits of n that match mask (clearing them) as the result of a wait: r0 = PL_OK,
 * r1 = PL_LABEL_NOTIFICATION, r2 = the bits. `pending` is n's word, with any bits being
 * raised already ORed in (one store of the word, not two). */
static inline __attribute__((always_inline)) void deliver(struct task *t, uint32_t n,
                                                          uint32_t pending, uint32_t mask)
{
    uint32_t got = pending & mask;
    ntfn_set(n, pending & ~got);
    wait_result(t, got);
}

/* deliver() for a waiter woken at once by the bits being raised, where `old` is n's word before
 * them: usually the waiter takes exactly what was raised, the word stays as it was, and
 * neither it nor the mirror needs a store. */
static inline __attribute__((always_inline)) void
deliver_raised(struct task *t, uint32_t n, uint32_t old, uint32_t pending, uint32_t mask)
{
    uint32_t got = pending & mask;
    if ((pending & ~got) != old) {
        ntfn_set(n, pending & ~got);
    }
    wait_result(t, got);
}

/* The same for a task whose receive (PL_IPC_NTFN) the notification ends: a receive result
 * also names the sender, badge and length, none here. */
static void deliver_to_recv(struct task *t, uint32_t n, uint32_t mask)
{
    deliver(t, n, ntfn_bits[n], mask);
    ipc_set(t, OUT_SENDER, 0);
    ipc_set(t, OUT_BADGE, 0);
    ipc_set(t, OUT_LEN, 0);
}

/* wake_urgent() for a driver that is also a server: w is blocked in a receive, which waits for
 * the notification too if it has a mask (PL_IPC_NTFN). The general signal wakes it (out of its
 * endpoint, with a receive's result); being more urgent than t, it runs next. Out of line, so
 * that the plain wait pays nothing for it. */
static __attribute__((noipa)) struct task *wake_urgent_receiver(struct task *t, struct task *w,
                                                                uint32_t n, uint32_t bits)
{
    if (!((ntfn_bits[n] | bits) & w->ipc.ntfn_mask) || w->priority >= t->priority) {
        return 0;
    }
    ntfn_signal(n, bits);
    return sched_switch(); /* w: more urgent than t, which goes first of its level */
}

/* An interrupt whose driver waits for its bit, more urgent than the running task t: the driver
 * gets its bits and the CPU at once (t first of its level) and is returned; otherwise nothing
 * changes and the result is NULL. */
static inline __attribute__((always_inline)) struct task *wake_urgent(struct task *t, uint32_t n,
                                                                      uint32_t bits)
{
    struct task *w = ntfn_waiter[n];
    uint32_t old = ntfn_bits[n], pending = old | bits;
    if (__builtin_expect(!task_waits_untimed(w, BLOCK_NTFN), 0)) {
        return task_waits_untimed(w, BLOCK_RECV) ? wake_urgent_receiver(t, w, n, bits) : 0;
    }
    uint32_t got = pending & w->ipc.ntfn_mask;
    if (!got || w->priority >= t->priority) {
        return 0;
    }
    deliver_raised(w, n, old, pending, w->ipc.ntfn_mask);
    sched_preempt(t, w); /* w: READY, BLOCK_NONE, running */
    return w;
}

/* A signal whose waiter is blocked in a wait for some of the bits but not more urgent than the
 * signaller t: it gets its bits and joins its run queue, and t runs on, as ntfn_signal then
 * sched_next leave them. Out of line: the signal that switches keeps its few registers. */
static __attribute__((noinline)) struct task *wake_later(struct task *t, struct task *w, uint32_t n,
                                                         uint32_t pending)
{
    deliver(w, n, pending, w->ipc.ntfn_mask);
    task_wake(w);
    return sched_next(t);
}

/* A signal whose waiter waits with a deadline (the shared-memory rings' waits all have one):
 * as for one without, and it leaves the timer list. Out of line: the other cases keep their
 * few registers. */
static __attribute__((noinline)) struct task *wake_timed(struct task *t, struct task *w, uint32_t n,
                                                         uint32_t pending)
{
    uint32_t got = pending & w->ipc.ntfn_mask;
    if (got && w->priority < t->priority) {
        task_end_wait(w); /* out of the timer list, as task_wake would take it */
        deliver_raised(w, n, ntfn_bits[n], pending, w->ipc.ntfn_mask);
        sched_preempt(t, w);
        return w;
    }
    if (got) {
        return wake_later(t, w, n, pending);
    }
    ntfn_set(n, pending); /* none of the bits it waits for: it waits on */
    return t;
}

struct task *ntfn_signal_fast(struct task *t, uint32_t n, uint32_t bits)
{
    struct task *w = ntfn_waiter[n];
    uint32_t old = ntfn_bits[n], pending = old | bits, how;
    __builtin_memcpy(&how, &w->state, sizeof how); /* state, block, timed: one load */
    if (how == (PL_TASK_BLOCKED | (uint32_t)BLOCK_NTFN << 8)) {
        uint32_t got = pending & w->ipc.ntfn_mask;
        if (got && w->priority < t->priority) {
            deliver_raised(w, n, old, pending, w->ipc.ntfn_mask);
            sched_preempt(t, w); /* w: READY, BLOCK_NONE, running */
            return w;
        }
        if (got) {
            return wake_later(t, w, n, pending);
        }
        ntfn_set(n, pending); /* none of the bits it waits for: it waits on */
        return t;
    }
    if (how == 0) { /* READY, waiting for nothing: itself, or a task that runs later */
        ntfn_set(n, pending);
        return t;
    }
    if (how == (PL_TASK_BLOCKED | (uint32_t)BLOCK_NTFN << 8 | TASK_TIMED_BYTE)) {
        return wake_timed(t, w, n, pending);
    }
    return how == (PL_TASK_BLOCKED | (uint32_t)BLOCK_RECV << 8)
               ? wake_urgent_receiver(t, w, n, bits)
               : 0;
}

void ntfn_take_bits(struct task *t, uint32_t n, uint32_t mask)
{
    deliver(t, n, ntfn_bits[n], mask);
}

int ntfn_take(struct task *t, uint32_t mask)
{
    uint32_t n = ntfn_of(t);
    if (n == IPC_NO_NTFN || !(ntfn_bits[n] & mask)) {
        return 0;
    }
    deliver_to_recv(t, n, mask);
    return 1;
}

/* OR bits into n. If that satisfies its blocked waiter, hand it the bits and return it, still
 * BLOCKED: the caller wakes it (task_wake, or a direct switch). Otherwise NULL. */
static struct task *ntfn_raise(uint32_t n, uint32_t bits)
{
    struct task *w = ntfn_waiter[n];
    ntfn_set(n, ntfn_bits[n] | bits);
    if (!w || w->state != PL_TASK_BLOCKED || !(ntfn_bits[n] & w->ipc.ntfn_mask) ||
        (w->block != BLOCK_NTFN && w->block != BLOCK_RECV)) {
        return 0;
    }
    if (w->block == BLOCK_RECV) {
        ep_cancel(w); /* a receive woken by its notification leaves the endpoint */
        deliver_to_recv(w, n, w->ipc.ntfn_mask);
    } else {
        deliver(w, n, ntfn_bits[n], w->ipc.ntfn_mask);
    }
    return w;
}

void ntfn_signal(uint32_t n, uint32_t bits)
{
    struct task *w = ntfn_raise(n, bits);
    if (w) {
        task_wake(w);
    }
}

void ntfn_task_stopped(void)
{
    for (uint32_t n = 0; n < sys_ntfn_count; n++) {
        if (sys_ntfn_descs[n].fault_bits) {
            ntfn_signal(n, sys_ntfn_descs[n].fault_bits);
        }
    }
}

/* An interrupt nobody owns: masked for good, so that it cannot storm, and reported. */
static __attribute__((noinline)) struct task *irq_unowned(struct task *t, unsigned irq)
{
    arch_irq_disable(irq);
    kprintf("[kernel] interrupt %u has no owner; masked\r\n", irq);
    return sched_next(t); /* the line may have woken the console driver */
}

struct task *ntfn_irq(struct task *t, unsigned irq)
{
    if (irq >= sys_irq_count || sys_irq_routes[irq].ntfn == IPC_NO_NTFN) {
        return irq_unowned(t, irq);
    }
    arch_irq_disable(irq); /* until the driver acknowledges it */
    uint32_t n = sys_irq_routes[irq].ntfn, bits = sys_irq_routes[irq].bits;
    struct task *w = sys_config.fastpath ? wake_urgent(t, n, bits) : 0; /* its driver waits */
    if (w) {
        return w;
    }
    ntfn_signal(n, bits);
    return sched_next(t);
}

sys_result sys_ntfn_signal(struct task *t, const struct arch_frame *f)
{
    uint32_t n = arch_frame_arg(f, 0) & PL_IPC_INDEX_MASK;
    if (n >= sys_ntfn_count || !(t->rights.ntfn_signal >> n & 1u)) {
        return sys_ret(PL_EPERM);
    }
    ntfn_signal(n, arch_frame_arg(f, 1));
    return sys_ret(PL_OK);
}

/* wait (blocks) and poll (PL_IPC_NONBLOCK: returns at once, maybe with no bits). Bits taken
 * now are written as the caller's results (deliver). With PL_IPC_ACK the interrupt bits in r3
 * are acknowledged first, as irq_ack does; a call refused for its bits or its mask does
 * neither. */
sys_result sys_ntfn_wait(struct task *t, const struct arch_frame *f)
{
    uint32_t obj = arch_frame_arg(f, 0), n = obj & PL_IPC_INDEX_MASK, mask = arch_frame_arg(f, 1);
    if (!ntfn_is_waiter(n, t)) {
        return sys_ret(PL_EPERM);
    }
    if (obj & PL_IPC_ACK) {
        uint32_t ack = arch_frame_arg(f, 3);
        if ((ack & ~ntfn_irq_bits[n]) || (mask == 0 && !(obj & PL_IPC_NONBLOCK))) {
            return sys_ret(PL_EINVAL);
        }
        ntfn_rearm(n, ack);
    }
    if ((ntfn_bits[n] & mask) || (obj & PL_IPC_NONBLOCK)) {
        deliver(t, n, ntfn_bits[n], mask);
        return sys_no_result();
    }
    if (mask == 0) {
        return sys_ret(PL_EINVAL); /* would never wake */
    }
    task_block(t, BLOCK_NTFN, ipc_deadline(t));
    t->ipc.ntfn_mask = mask;
    return sys_no_result();
}

void ntfn_rearm_one(uint32_t n, uint32_t bit)
{
    arch_irq_rearm(ntfn_irq_of_bit[n][31u - arch_clz(bit)]);
}

void ntfn_rearm(uint32_t n, uint32_t bits)
{
    while (bits) { /* only the bits that are set: one pass each, the highest first */
        uint32_t b = 31u - arch_clz(bits);
        arch_irq_rearm(ntfn_irq_of_bit[n][b]);
        bits &= ~(1u << b);
    }
}

sys_result sys_irq_ack(struct task *t, const struct arch_frame *f)
{
    uint32_t n = arch_frame_arg(f, 0) & PL_IPC_INDEX_MASK, bits = arch_frame_arg(f, 1);
    if (!ntfn_is_waiter(n, t)) {
        return sys_ret(PL_EPERM);
    }
    if (bits & ~ntfn_irq_bits[n]) { /* every bit an interrupt's, before enabling any */
        return sys_ret(PL_EINVAL);
    }
    ntfn_rearm(n, bits);
    return sys_ret(PL_OK);
}

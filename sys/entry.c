/*
 * sys/entry.c - the kernel's side of the arch contract: what happens on each way into
 * the kernel. Each entry does its work and returns the task that must run next; the arch code
 * performs the switch (and reloads the MPU) only if that task changed.
 */
#include "console.h"
#include "fastpath.h"
#include "ipc.h"
#include "ksignal.h"
#include "kserver.h"
#include "lifecycle.h"
#include "sched.h"
#include "sigcall.h"
#include "syscall.h"
#include "time.h"
#include <parley/syscall.h>

_Static_assert(PL_SYS_COUNT <= KERNEL_SYSCALL_SLOTS, "every system call has a slot");
_Static_assert(sizeof(void *) != 4 || sizeof(struct task) == 512,
               "a task is 512 bytes on a 32-bit CPU: the fast paths find task i with a shift");

/* Out of line: a fast path's fallback is a tail call, and the fast path needs no stack frame
 * for the general handler's locals. */
__attribute__((noinline)) struct arch_task *
kernel_syscall_general(struct arch_task *cur, struct arch_frame *f, uint32_t nr)
{
    struct task *t = task_of(cur);
    syscall_invoke(t, f, nr);
    (void)kserver_pending(); /* MODE=mono: servers in the kernel get their bits */
    return &sched_next(t)->arch;
}

/* The calls with a fast path (ipc/fastpath.c): it either completes the call
 * and returns the task to run, or returns NULL having changed nothing, and the general handler
 * runs. A task's arch context is its first member, so the conversions cost nothing. An image
 * built with `fastpath = off` skips them (a constant: the link folds the test away). */
#define FAST_ENTRY(name, fast_fn)                                                                  \
    static struct arch_task *name(struct arch_task *cur, struct arch_frame *f, uint32_t nr)        \
    {                                                                                              \
        struct task *next = sys_config.fastpath ? fast_fn(task_of(cur), f) : 0;                    \
        return next ? &next->arch : kernel_syscall_general(cur, f, nr);                            \
    }
FAST_ENTRY(fast_yield, fastpath_yield)
/* A call or reply_recv with bytes leaves at once for an entry of its own (a tail call, before
 * the register-only path sets up its stack frame), which tries the fast path for bytes and
 * falls back to the general handler as FAST_ENTRY does. */
#define FAST_ENTRY_SPLIT(name, fast_fn)                                                            \
    static __attribute__((noinline)) struct arch_task *name##_bytes(                               \
        struct arch_task *cur, struct arch_frame *f, uint32_t nr)                                  \
    {                                                                                              \
        struct task *next = fast_fn##_bytes(task_of(cur), f);                                      \
        return next ? &next->arch : kernel_syscall_general(cur, f, nr);                            \
    }                                                                                              \
    static struct arch_task *name(struct arch_task *cur, struct arch_frame *f, uint32_t nr)        \
    {                                                                                              \
        if (!sys_config.fastpath) {                                                                \
            return kernel_syscall_general(cur, f, nr);                                             \
        }                                                                                          \
        if (fastpath_has_bytes(task_of(cur))) {                                                    \
            return name##_bytes(cur, f, nr);                                                       \
        }                                                                                          \
        struct task *next = fast_fn##_regs(task_of(cur), f);                                       \
        return next ? &next->arch : kernel_syscall_general(cur, f, nr);                            \
    }
FAST_ENTRY_SPLIT(fast_call, fastpath_call)
FAST_ENTRY_SPLIT(fast_reply_recv, fastpath_reply_recv)
FAST_ENTRY(fast_signal, fastpath_signal)
FAST_ENTRY(fast_wait, fastpath_wait)
FAST_ENTRY(fast_irq_ack, fastpath_irq_ack)

/* Every slot is the general handler unless a fast path overrides it (on purpose, hence the
 * pragma). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverride-init"
const kernel_syscall_fn kernel_syscalls[KERNEL_SYSCALL_SLOTS] = {
    [0 ... KERNEL_SYSCALL_SLOTS - 1] = kernel_syscall_general,
    [PL_SYS_YIELD] = fast_yield,
    [PL_SYS_CALL] = fast_call,
    [PL_SYS_REPLY_RECV] = fast_reply_recv,
    [PL_SYS_NTFN_SIGNAL] = fast_signal,
    [PL_SYS_NTFN_WAIT] = fast_wait,
    [PL_SYS_IRQ_ACK] = fast_irq_ack,
};
#pragma GCC diagnostic pop

/* The arch entry code calls this with the running task's frame outside its own RAM (arch.h).
 * Nothing is read from that frame: the record keeps the stack pointer as its address and no
 * PC. The task stops as for any fault; its supervisor decides the rest. Out of line and cold:
 * the tick and interrupt entries pay only the check for it, not a stack frame. */
__attribute__((noinline, cold)) struct arch_task *kernel_bad_frame(struct arch_task *cur)
{
    struct pl_fault_record rec = {
        .kind = PL_FAULT_BAD_STACK, .addr = arch_task_sp(cur), .addr_valid = 1};
    task_fault(task_of(cur), &rec);
    (void)kserver_pending();
    return &sched_switch()->arch;
}

/* For arch entry code that does not decode the call itself (the host's fake, for one); the
 * Cortex-M entry makes the same frame check in assembly before it reads the call number. */
struct arch_task *kernel_syscall(struct arch_task *cur)
{
    if (!arch_task_frame_ok(cur)) {
        return kernel_bad_frame(cur);
    }
    struct arch_frame *f = arch_task_frame(cur);
    uint32_t nr = arch_syscall_number(f);
    return nr < KERNEL_SYSCALL_SLOTS ? kernel_syscalls[nr](cur, f, nr)
                                     : kernel_syscall_general(cur, f, nr);
}

struct arch_task *kernel_task_fault(struct arch_task *cur, const struct pl_fault_record *rec)
{
    task_fault(task_of(cur), rec);
    (void)kserver_pending();
    return &sched_switch()->arch;
}

struct arch_task *kernel_tick(struct arch_task *cur)
{
    task_tick_deadlines();
    signal_tick(); /* alarms: a task may end, or be woken to run its handler */
    int due = sched_tick();
    if (kserver_tick()) { /* MODE=mono: servers' deadlines and bits; a task may be woken */
        due = 1;
    }
    return due ? &sched_switch()->arch : cur;
}

/* next is about to resume with a signal due (its upcall flag): its frame is built on its stack
 * and it resumes at its trampoline. If the frame does not fit in its RAM it is faulted with
 * PL_FAULT_SIGNAL_STACK (nothing is written), and the task chosen in its place runs. */
struct arch_task *kernel_signal_resume(struct arch_task *next)
{
    struct task *t = task_of(next);
    if (sig_deliver(t) == 0) {
        return next;
    }
    struct pl_fault_record rec = {
        .kind = PL_FAULT_SIGNAL_STACK, .addr = arch_task_sp(next), .addr_valid = 1};
    task_fault(t, &rec);
    (void)kserver_pending();
    return &sched_switch()->arch;
}

struct arch_task *kernel_irq(struct arch_task *cur, unsigned irq)
{
    struct task *next = ntfn_irq(task_of(cur), irq); /* masked; a bit for its driver */
    if (kserver_pending()) { /* MODE=mono: its driver is in the kernel and runs now */
        next = sched_switch();
    }
    return &next->arch;
}

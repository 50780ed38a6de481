/*
 * kernel/entry.c - the kernel's side of the arch contract: what happens on each way into
 * the kernel. Each entry does its work and returns the task that must run next; the arch code
 * performs the switch (and reloads the MPU) only if that task changed.
 */
#include "console.h"
#include "ipc.h"
#include "sched.h"
#include "syscall.h"
#include "time.h"
#include <parley/syscall.h>

_Static_assert(PL_SYS_COUNT <= KERNEL_FASTPATH_SLOTS, "every system call fits the table");

/* The fast paths (ipc/fastpath.c), as the arch entry code calls them. The task's arch context
 * is its first member, so the conversions cost nothing. */
static struct arch_task *as_arch(struct task *t)
{
    return t ? &t->arch : 0;
}
static struct arch_task *fast_yield(struct arch_task *a, struct arch_frame *f)
{
    return as_arch(fastpath_yield(task_of(a), f));
}
static struct arch_task *fast_call(struct arch_task *a, struct arch_frame *f)
{
    return as_arch(fastpath_call(task_of(a), f));
}
static struct arch_task *fast_reply_recv(struct arch_task *a, struct arch_frame *f)
{
    return as_arch(fastpath_reply_recv(task_of(a), f));
}
static struct arch_task *fast_signal(struct arch_task *a, struct arch_frame *f)
{
    return as_arch(fastpath_signal(task_of(a), f));
}
static struct arch_task *fast_wait(struct arch_task *a, struct arch_frame *f)
{
    return as_arch(fastpath_wait(task_of(a), f));
}

const kernel_fastpath_fn kernel_fastpaths[KERNEL_FASTPATH_SLOTS] = {
    [PL_SYS_YIELD] = fast_yield,           [PL_SYS_CALL] = fast_call,
    [PL_SYS_REPLY_RECV] = fast_reply_recv, [PL_SYS_NTFN_SIGNAL] = fast_signal,
    [PL_SYS_NTFN_WAIT] = fast_wait,
};

struct arch_task *kernel_syscall_general(struct arch_task *cur, struct arch_frame *f, uint32_t nr)
{
    struct task *t = task_of(cur);
    syscall_invoke(t, f, nr);
    return &(sched_unchanged(t) ? t : sched_switch())->arch;
}

struct arch_task *kernel_syscall(struct arch_task *cur)
{
    struct arch_frame *f = arch_task_frame(cur);
    uint32_t nr = arch_syscall_number(f);
    struct arch_task *next = 0;
    if (nr < KERNEL_FASTPATH_SLOTS && kernel_fastpaths[nr]) {
        next = kernel_fastpaths[nr](cur, f);
    }
    return next ? next : kernel_syscall_general(cur, f, nr);
}

struct arch_task *kernel_task_fault(struct arch_task *cur, const struct pl_fault_record *rec)
{
    task_fault(task_of(cur), rec);
    return &sched_switch()->arch;
}

struct arch_task *kernel_tick(struct arch_task *cur)
{
    time_advance();
    return sched_tick() ? &sched_switch()->arch : cur;
}

struct arch_task *kernel_irq(struct arch_task *cur, unsigned irq)
{
    struct task *t = task_of(cur), *w = ntfn_irq(irq); /* masked; a bit for its driver */
    if (!w) {
        return cur; /* nobody woke */
    }
    if (w->deadline == TIME_NEVER && w->priority < t->priority) {
        w->block = BLOCK_NONE; /* more urgent than the task it interrupts: straight to it */
        sched_preempt(w);
        return &w->arch;
    }
    task_wake(w);
    return &(sched_unchanged(t) ? t : sched_switch())->arch;
}

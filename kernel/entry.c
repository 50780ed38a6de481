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

/* System calls with a fast path (ipc/fastpath.c): it either completes the call and returns the
 * task to run, or returns NULL having changed nothing, and the general handler runs. */
typedef struct task *(*fastpath_fn)(struct task *t, struct arch_frame *f);
static const fastpath_fn fastpaths[PL_SYS_COUNT] = {
    [PL_SYS_YIELD] = fastpath_yield,           [PL_SYS_CALL] = fastpath_call,
    [PL_SYS_REPLY_RECV] = fastpath_reply_recv, [PL_SYS_NTFN_SIGNAL] = fastpath_signal,
    [PL_SYS_NTFN_WAIT] = fastpath_wait,
};

struct arch_task *kernel_syscall(struct arch_task *cur)
{
    struct task *t = task_of(cur), *next = 0;
    struct arch_frame *f = arch_task_frame(cur);
    uint32_t nr = arch_syscall_number(f);
    if (nr < PL_SYS_COUNT && fastpaths[nr]) {
        next = fastpaths[nr](t, f);
    }
    if (!next) {
        syscall_invoke(t, f, nr); /* the frame and number decoded above */
        next = sched_unchanged(t) ? t : sched_switch();
    }
    return &next->arch;
}

struct arch_task *kernel_reschedule(struct arch_task *cur)
{
    (void)cur;
    return &sched_switch()->arch;
}

struct arch_task *kernel_task_fault(struct arch_task *cur, const struct pl_fault_record *rec)
{
    task_fault(task_of(cur), rec);
    return &sched_switch()->arch;
}

void kernel_tick(void)
{
    time_advance();
    if (sched_current() && sched_tick()) {
        arch_request_switch();
    }
}

void kernel_irq(unsigned irq)
{
    ntfn_irq(irq); /* masked and turned into a notification bit for the owning driver */
    if (sched_pick() != sched_current()) {
        arch_request_switch();
    }
}

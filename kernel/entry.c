/*
 * kernel/entry.c - the kernel's side of the arch contract: what happens on each way into
 * the kernel. Each entry does its work and returns the task that must run next; the arch code
 * performs the switch (and reloads the MPU) only if that task changed.
 */
#include "console.h"
#include "sched.h"
#include "syscall.h"
#include "time.h"

struct arch_task *kernel_syscall(struct arch_task *cur)
{
    syscall_dispatch(task_of(cur));
    return &sched_switch()->arch;
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
    /* Interrupt delivery to driver tasks is not built yet: an interrupt nobody owns is masked
     * so it cannot storm, and reported. */
    arch_irq_disable(irq);
    kprintf("[kernel] unexpected interrupt %u masked\r\n", irq);
}

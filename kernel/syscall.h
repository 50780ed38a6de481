/* kernel/syscall.h - system call dispatch (table and handlers in syscall.c). */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "task.h"

void syscall_dispatch(struct task *t); /* decode the caller's SVC and run its handler */
/* The same, for a kernel entry that has decoded the frame and number already. */
void syscall_invoke(struct task *t, struct arch_frame *f, uint32_t nr);
/* pl_yield with an equal task waiting: switch straight to it (NULL: the general path). */
struct task *fastpath_yield(struct task *t, struct arch_frame *f);
/* Stop the caller for misusing a system call (bad number, bad pointer). */
void syscall_fault(struct task *t, struct arch_frame *f, uint32_t kind, uint32_t addr);
/* The first checks of a supervisor's status call: the capability (else PL_EPERM), then `size`
 * bytes at `out` it may write (else it faults). 1 if both hold. */
int syscall_status_out_ok(struct task *t, struct arch_frame *f, uintptr_t out, uint32_t size);

#endif

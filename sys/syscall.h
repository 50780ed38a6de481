/*
 * sys/syscall.h - system call dispatch (table, handlers and the result wrapper in syscall.c).
 */
#ifndef SYS_SYSCALL_H
#define SYS_SYSCALL_H

#include "sysret.h"
#include "task.h"

void syscall_dispatch(struct task *t); /* decode the caller's SVC and run its handler */
/* The same, for a kernel entry that has decoded the frame and number already. */
void syscall_invoke(struct task *t, struct arch_frame *f, uint32_t nr);
/* Carry out a handler's result on its caller t (kernel/sysret.h): write its result registers,
 * or stop it for misuse, or leave it be. */
void syscall_apply(struct task *t, struct arch_frame *f, sys_result r);
/* Return lo in r0 and hi in r1 (kept aside until syscall_apply: entries never nest). */
sys_result sys_ret2(uint32_t lo, uint32_t hi);
/* Stop the caller for misusing a system call (bad number, bad pointer). */
void syscall_fault(struct task *t, struct arch_frame *f, uint32_t kind, uint32_t addr);

#endif

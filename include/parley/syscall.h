/*
 * parley/syscall.h - system call numbers and calling convention.
 *
 * A task traps with `svc #N`, N from enum pl_sys below. Arguments travel in r0-r3, results come
 * back in r0 (and r1 for 64-bit values). The kernel reads N from the SVC instruction itself, so
 * no register is spent on it. Numbers are ABI: append, never renumber.
 */
#ifndef PARLEY_SYSCALL_H
#define PARLEY_SYSCALL_H

enum pl_sys {
    PL_SYS_YIELD = 0,        /* give the CPU to the next ready task of the same priority */
    PL_SYS_SLEEP = 1,        /* r0 = ticks: block for at least that many ticks */
    PL_SYS_UPTIME = 2,       /* -> r0:r1 = ticks since boot (64-bit, low word in r0) */
    PL_SYS_DEBUG_WRITE = 3,  /* r0 = buf, r1 = len: write bytes to the kernel console */
    PL_SYS_TASK_SELF = 4,    /* -> r0 = caller's task id (index and generation) */
    PL_SYS_EXIT = 5,         /* r0 = code: end the calling task; never returns */
    PL_SYS_TASK_STATUS = 6,  /* r0 = task index, r1 = struct pl_task_status *: supervisor only */
    PL_SYS_TASK_RESTART = 7, /* r0 = task index: fresh memory image, new generation; supervisor */
    PL_SYS_SHUTDOWN = 8,     /* r0 = exit code: stop the machine; needs the shutdown capability */
    PL_SYS_COUNT
};

#endif

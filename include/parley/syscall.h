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
    PL_SYS_DEBUG_WRITE = 3,  /* r0 = buf, r1 = len: into the kernel's log -> len or PL_EAGAIN */
    PL_SYS_TASK_SELF = 4,    /* -> r0 = caller's task id (index and generation) */
    PL_SYS_EXIT = 5,         /* r0 = code: end the calling task; never returns */
    PL_SYS_TASK_STATUS = 6,  /* r0 = task index, r1 = struct pl_task_status *: supervisor, status */
    PL_SYS_TASK_RESTART = 7, /* r0 = task index: fresh memory image, new generation; supervisor */
    PL_SYS_SHUTDOWN = 8,     /* r0 = exit code: stop the machine; needs the shutdown capability */
    /* IPC: registers as in parley/ipc.h */
    PL_SYS_SEND = 9,         /* message to an endpoint; blocks until a receiver takes it */
    PL_SYS_RECV = 10,        /* wait for a message (or, with PL_IPC_NTFN, a notification) */
    PL_SYS_CALL = 11,        /* send, then wait for the receiver's reply, in one step */
    PL_SYS_REPLY = 12,       /* answer a call (r8 = client id); never blocks */
    PL_SYS_REPLY_RECV = 13,  /* reply (if r8 != 0), then recv: one trap per server loop */
    PL_SYS_NTFN_SIGNAL = 14, /* r0 = notification, r1 = bits to OR in; never blocks */
    PL_SYS_NTFN_WAIT = 15,   /* r0 = notification|flags, r1 = mask -> r2 = bits taken */
    PL_SYS_IRQ_ACK = 16,     /* r0 = notification, r1 = bits: re-enable those interrupts */
    PL_SYS_SHM_GRANT = 17,   /* r0 = page, r1 = task index, r2 = PL_SHM_READ[|PL_SHM_WRITE] */
    PL_SYS_SHM_REVOKE = 18,  /* r0 = page, r1 = task index */
    PL_SYS_SHM_MAP = 19,     /* r0 = page, r1 = window -> r0 = the page's address */
    PL_SYS_SHM_UNMAP = 20,   /* r0 = window */
    PL_SYS_TASK_FAULT = 21,  /* r0 = task index: stop it as if it had faulted; supervisor */
    PL_SYS_EP_STATUS = 22,   /* r0 = endpoint, r1 = struct pl_ep_status *: supervisor, status */
    PL_SYS_KLOG_READ = 23,   /* r0 = buf, r1 = cap -> bytes of the kernel's log: its drainer */
    /* Signals: parley/signal.h, docs/ipc.md "Signals" */
    PL_SYS_SIG_KILL = 24,    /* r0 = task index, r1 = signal */
    PL_SYS_SIG_ACTION = 25,  /* r0 = signal, r1 = action, r2 = trampoline -> previous action */
    PL_SYS_SIG_MASK = 26,    /* r0 = how, r1 = set -> r0 = PL_OK, r1 = the previous mask */
    PL_SYS_SIG_RETURN = 27,  /* r0 = struct pl_sigframe *: resume where the signal came */
    PL_SYS_SIG_SUSPEND = 28, /* r0 = mask: wait with it until a handler has run -> PL_EINTR */
    PL_SYS_ALARM = 29,       /* r0 = ticks (0: cancel) -> ticks left of the previous alarm */
    PL_SYS_PRIO_SET = 30,    /* r0 = priority, from the task's ceiling to its own -> the old one */
    PL_SYS_ATOMIC = 31,      /* r0 = enum pl_atomic_op, r1 = word, r2, r3 -> r0 = PL_OK, r1 = old */
    PL_SYS_COUNT
};

/* PL_SYS_ATOMIC: one read-modify-write of an aligned word the caller may write (its RAM, a
 * shared page it maps read-write), done by the kernel in one entry, so that no other task runs
 * in between. For cores without atomic instructions (ARMv6-M: no LDREX/STREX), where the user
 * library's __atomic_* routines (arch/cortex-m/user/atomic_v6m.c) use it; it works on every
 * board. A word the caller may not write, or a misaligned one, stops the caller
 * (PL_FAULT_BAD_POINTER), as the instruction itself would have faulted. */
enum pl_atomic_op {
    PL_ATOMIC_CAS = 0,  /* if *word == r2: *word = r3 */
    PL_ATOMIC_ADD = 1,  /* *word += r2 */
    PL_ATOMIC_AND = 2,  /* *word &= r2 */
    PL_ATOMIC_OR = 3,   /* *word |= r2 */
    PL_ATOMIC_XOR = 4,  /* *word ^= r2 */
    PL_ATOMIC_XCHG = 5, /* *word = r2 */
    PL_ATOMIC_OPS       /* r0 at or above this: PL_EINVAL, nothing touched */
};

#endif

/*
 * parley/signal.h - signal numbers, actions and the signal frame: the ABI shared by the kernel
 * and the user library (user/lib/signal.h). docs/ipc.md, "Signals", gives the rules.
 *
 * The numbers are newlib's for arm-none-eabi (<signal.h>), so that a program that includes
 * both sees one set. Only the signals below exist; any other number is PL_EINVAL.
 */
#ifndef PARLEY_SIGNAL_H
#define PARLEY_SIGNAL_H

#include <stdint.h>

#define PL_SIGINT  2u  /* interrupt (the shell's kill default is SIGTERM) */
#define PL_SIGKILL 9u  /* always terminates: cannot be caught, blocked or ignored */
#define PL_SIGPIPE 13u /* written to a pipe without readers */
#define PL_SIGALRM 14u /* the task's alarm (pl_alarm) went off */
#define PL_SIGTERM 15u /* please end */
#define PL_SIGCHLD 20u /* reserved for "a watched task stopped"; its default is to ignore */
#define PL_SIGUSR1 30u /* for the program's own use */
#define PL_SIGUSR2 31u

#define PL_SIG_BIT(sig) (1u << (sig))
/* Every signal that exists, as a mask (bit sig). */
#define PL_SIG_ALL                                                                                 \
    (PL_SIG_BIT(PL_SIGINT) | PL_SIG_BIT(PL_SIGKILL) | PL_SIG_BIT(PL_SIGPIPE) |                     \
     PL_SIG_BIT(PL_SIGALRM) | PL_SIG_BIT(PL_SIGTERM) | PL_SIG_BIT(PL_SIGCHLD) |                    \
     PL_SIG_BIT(PL_SIGUSR1) | PL_SIG_BIT(PL_SIGUSR2))
/* The signals whose default action is to ignore them; every other one terminates. */
#define PL_SIG_DEFAULT_IGNORED PL_SIG_BIT(PL_SIGCHLD)
/* A task that a default action ends exits with this code (pl_task_status.exit_code). */
#define PL_SIG_EXIT_CODE(sig) (128 + (int)(sig))

/* PL_SYS_SIG_ACTION's r1: what a signal does to its task. */
enum pl_sig_action {
    PL_SIG_DFL = 0,   /* the default: terminate, or ignore (PL_SIG_DEFAULT_IGNORED) */
    PL_SIG_IGN = 1,   /* dropped when sent (and a pending one is dropped) */
    PL_SIG_CATCH = 2, /* run the task's trampoline (r2 of the call) with the signal */
};

/* PL_SYS_SIG_MASK's r0: how the set in r1 changes the blocked mask. */
enum pl_sig_how {
    PL_SIG_BLOCK = 0,   /* blocked |= set */
    PL_SIG_UNBLOCK = 1, /* blocked &= ~set */
    PL_SIG_SETMASK = 2, /* blocked = set */
};

/* What the kernel writes on the task's stack, below the interrupted stack pointer, before it
 * runs the trampoline (r0 = signal, r1 = this frame). The last eight words are the exception
 * frame the CPU had stacked where the task was interrupted, left in place; the frame's address
 * plus sizeof(struct pl_sigframe) is the interrupted stack pointer. PL_SYS_SIG_RETURN takes
 * it back (r0 = its address). It lies in the task's own memory: the task may change it, and
 * the kernel checks and sanitises it again on the way back. */
struct pl_sigframe {
    uint32_t r4_r11[8]; /* the callee-saved registers at the interruption */
    uint32_t blocked;   /* the blocked mask sigreturn puts back */
    uint32_t sig;       /* the signal delivered */
    uint32_t reserved[2];
    uint32_t r0, r1, r2, r3, r12, lr, pc, xpsr; /* the interrupted exception frame */
};

#define PL_SIGFRAME_EXTRA 48u /* bytes of struct pl_sigframe before the exception frame */

#endif

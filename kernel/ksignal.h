/*
 * kernel/ksignal.h - a task's signals, the portable part (kernel/ksignal.c): which numbers
 * exist, what a signal sent to a task does, and building and taking back its frame. The system
 * calls and the actions that reach other objects (ending a task, leaving a wait) are the top
 * layer's: sys/signal.c. docs/ipc.md, "Signals", gives the rules.
 */
#ifndef KERNEL_KSIGNAL_H
#define KERNEL_KSIGNAL_H

#include <stdint.h>

#include "task.h"
#include <parley/signal.h>

/* What a signal sent to a task does there (sig_post). */
enum sig_fate {
    SIG_DROPPED = 0, /* ignored (PL_SIG_IGN, or a default of ignoring): nothing happens */
    SIG_HELD,        /* pending: blocked, or caught and due at its next resume */
};

#define SIG_SUSPENDED 1u /* in task_signals.suspend: the task is in pl_sigsuspend */

int sig_exists(uint32_t sig);                         /* one of parley/signal.h's numbers */
void sig_reset(struct task *t);                       /* a fresh start: nothing set, nothing due */
enum sig_fate sig_post(struct task *t, uint32_t sig); /* mark it pending (or drop it) */
/* Pending, not blocked, and not caught: the default action (terminate) is due. The lowest
 * such signal, or 0. */
uint32_t sig_fatal(const struct task *t);
/* Pending, not blocked, caught: the trampoline is due (a mask). */
uint32_t sig_due(const struct task *t);
/* After any change of t's masks: set or clear its upcall flag (arch.h) from sig_due(). */
void sig_update(struct task *t);
/* The new blocked mask: never PL_SIGKILL, only signals that exist. */
uint32_t sig_clean_mask(uint32_t mask);
/* Set sig's action (sig exists, is not PL_SIGKILL; action is an enum pl_sig_action);
 * returns the previous one. A pending signal now ignored is dropped. */
uint32_t sig_set_action(struct task *t, uint32_t sig, uint32_t action);
/* The tick at which t's alarm sends PL_SIGALRM (TIME_NEVER: none), and setting it. */
uint64_t sig_alarm(const struct task *t);
void sig_set_alarm(struct task *t, uint64_t tick);
void sig_set_trampoline(struct task *t, uint32_t entry); /* checked by the caller */
/* pl_sigsuspend: wait with `mask`; the handler's frame gives back the mask before the call. */
void sig_suspend(struct task *t, uint32_t mask);
int sig_suspended(const struct task *t);

/* t runs next: build the frame for its lowest due signal (sig_due() not 0). 0, or -1 if the
 * frame does not fit in its RAM (nothing changed then). */
int sig_deliver(struct task *t);

#endif

/*
 * signals.h - signals for tasks: send, catch, block, wait, alarm (docs/ipc.md, "Signals").
 *
 * The kernel keeps, per task, which signals are pending, blocked, caught or ignored, and one
 * trampoline: pl_sig_trampoline below, which pl_sigaction registers. The handler table lives
 * here, in the task's own memory. A caught signal runs its handler on the task's stack,
 * whatever the task was doing; the handler's return resumes the task exactly where it was. A
 * blocking call the signal interrupted then returns PL_EINTR; with PL_SA_RESTART, the
 * library's receive wrappers retry it instead (pl_sig_restart).
 *
 * newlib's own signal() and raise() are an emulation inside one program that never reaches
 * the kernel: parley leaves them unused. Use these.
 */
#ifndef PARLEY_USER_SIGNALS_H
#define PARLEY_USER_SIGNALS_H

#include <stdint.h>

#include <parley/signal.h>

typedef void (*pl_sighandler)(int sig);

#define PL_SIG_HANDLER_DFL ((pl_sighandler)0) /* the default action */
#define PL_SIG_HANDLER_IGN ((pl_sighandler)1) /* ignore it */

#define PL_SA_RESTART 1u /* an interrupted call the library retries is retried */

struct pl_sigaction {
    pl_sighandler handler; /* a function, PL_SIG_HANDLER_DFL or PL_SIG_HANDLER_IGN */
    uint32_t mask;         /* more signals blocked while the handler runs (its own always is) */
    uint32_t flags;        /* PL_SA_RESTART */
};

int pl_kill(uint32_t task, uint32_t sig); /* task index; needs `signals` unless it is itself */
int pl_raise(uint32_t sig);               /* to itself: a caught one runs before this returns */
int pl_sigaction(uint32_t sig, const struct pl_sigaction *act, struct pl_sigaction *old);
/* how: PL_SIG_BLOCK, PL_SIG_UNBLOCK, PL_SIG_SETMASK; *old (if not NULL) gets the old mask. */
int pl_sigprocmask(uint32_t how, uint32_t set, uint32_t *old);
int pl_sigsuspend(uint32_t mask);  /* wait with this mask until a handler ran: PL_EINTR */
int pl_pause(void);                /* pl_sigsuspend with the current mask */
uint32_t pl_alarm(uint32_t ticks); /* SIGALRM in `ticks` (0: cancel); ticks left of the last */

/* The frame of the signal whose handler runs now (NULL outside handlers): the interrupted
 * registers, which a handler may read or change; sigreturn checks them again. */
extern struct pl_sigframe *volatile pl_sig_frame;

/* err is PL_EINTR and the handler that caused it asked for PL_SA_RESTART: retry the call.
 * pl_recv (waiting for ever) and pl_recv_or_notify do; no other wrapper does. */
int pl_sig_restart(int err);

/* The trampoline the kernel enters with r0 = signal, r1 = its struct pl_sigframe: runs the
 * handler (pl_sig_dispatch), then PL_SYS_SIG_RETURN. Not to be called. */
void pl_sig_trampoline(void);
void pl_sig_dispatch(uint32_t sig, struct pl_sigframe *frame);
/* The raw calls. */
int pl_sig_action_raw(uint32_t sig, uint32_t action, void (*trampoline)(void));
void pl_sig_return(struct pl_sigframe *frame) __attribute__((noreturn));

#endif

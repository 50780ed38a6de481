/*
 * sys/sigcall.h - signals at the top layer (sys/signal.c): the system calls, sending a signal
 * (which may end a task or interrupt its wait), the alarm clock. The portable state and the
 * frame are kernel/ksignal.c's.
 */
#ifndef SYS_SIGCALL_H
#define SYS_SIGCALL_H

#include <stdint.h>

#include "sysret.h"
#include "task.h"

sys_result sys_sig_kill(struct task *t, const struct arch_frame *f);
sys_result sys_sig_action(struct task *t, const struct arch_frame *f);
sys_result sys_sig_mask(struct task *t, const struct arch_frame *f);
sys_result sys_sig_return(struct task *t, const struct arch_frame *f);
sys_result sys_sig_suspend(struct task *t, const struct arch_frame *f);
sys_result sys_alarm(struct task *t, const struct arch_frame *f);

/* Send sig (it exists) to t (alive): it is dropped, held, or acted on now (default action,
 * or the end of a wait with PL_EINTR). For the kernel's own senders too. */
void signal_send(struct task *t, uint32_t sig);
/* pl_kill on behalf of `sender` (NULL: a server in the kernel) whose `signals` key gave the
 * task mask `allowed`: the checks of the system call, in its order (sys/signal.c), then
 * signal_send. PL_OK or the error. */
int signal_kill(uint32_t allowed, const struct task *sender, uint32_t index, uint32_t sig);
/* One tick has passed: send PL_SIGALRM to every live task whose alarm has come. */
void signal_tick(void);

#endif

/*
 * user/lib/signals.c - the user side of signals: the handler table (the kernel knows only
 * whether a signal is caught), the dispatcher the trampoline calls, and the system call stubs.
 * The trampoline itself is sig_trampoline.S.
 */
#include "parley.h"
#include "signals.h"

#define SVC(n) "svc %[nr]" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : [nr] "i"(n) : "memory"
#define DEFINE_REGS(a0, a1, a2, a3)                                                                \
    register uint32_t r0 __asm("r0") = (uint32_t)(a0);                                             \
    register uint32_t r1 __asm("r1") = (uint32_t)(a1);                                             \
    register uint32_t r2 __asm("r2") = (uint32_t)(a2);                                             \
    register uint32_t r3 __asm("r3") = (uint32_t)(a3)

static struct pl_sigaction handlers[32];
static volatile uint32_t restart_due; /* the last handler had PL_SA_RESTART */
struct pl_sigframe *volatile pl_sig_frame;

int pl_kill(uint32_t task, uint32_t sig)
{
    DEFINE_REGS(task, sig, 0, 0);
    __asm volatile(SVC(PL_SYS_SIG_KILL));
    return (int)r0;
}

int pl_raise(uint32_t sig)
{
    return pl_kill(PL_TASK_INDEX(pl_task_self()), sig);
}

int pl_sig_action_raw(uint32_t sig, uint32_t action, void (*trampoline)(void))
{
    DEFINE_REGS(sig, action, (uintptr_t)trampoline, 0);
    __asm volatile(SVC(PL_SYS_SIG_ACTION));
    return (int)r0;
}

int pl_sigprocmask(uint32_t how, uint32_t set, uint32_t *old)
{
    DEFINE_REGS(how, set, 0, 0);
    __asm volatile(SVC(PL_SYS_SIG_MASK));
    if (r0 == PL_OK && old) {
        *old = r1;
    }
    return (int)r0;
}

int pl_sigsuspend(uint32_t mask)
{
    DEFINE_REGS(mask, 0, 0, 0);
    __asm volatile(SVC(PL_SYS_SIG_SUSPEND));
    return (int)r0;
}

int pl_pause(void)
{
    uint32_t mask = 0;
    pl_sigprocmask(PL_SIG_BLOCK, 0, &mask);
    return pl_sigsuspend(mask);
}

uint32_t pl_alarm(uint32_t ticks)
{
    DEFINE_REGS(ticks, 0, 0, 0);
    __asm volatile(SVC(PL_SYS_ALARM));
    return r0;
}

void pl_sig_return(struct pl_sigframe *frame)
{
    DEFINE_REGS((uintptr_t)frame, 0, 0, 0);
    __asm volatile(SVC(PL_SYS_SIG_RETURN));
    for (;;) { /* not reached: the kernel resumes the interrupted code */
    }
}

int pl_sigaction(uint32_t sig, const struct pl_sigaction *act, struct pl_sigaction *old)
{
    if (sig >= 32u || !(PL_SIG_ALL >> sig & 1u)) {
        return PL_EINVAL;
    }
    if (old) {
        *old = handlers[sig];
    }
    if (!act) {
        return PL_OK;
    }
    uint32_t action = act->handler == PL_SIG_HANDLER_DFL   ? PL_SIG_DFL
                      : act->handler == PL_SIG_HANDLER_IGN ? PL_SIG_IGN
                                                           : PL_SIG_CATCH;
    struct pl_sigaction prev = handlers[sig];
    handlers[sig] = *act; /* in place before the kernel may deliver it */
    int err = pl_sig_action_raw(sig, action, pl_sig_trampoline);
    if (err < 0) {
        handlers[sig] = prev;
        return err;
    }
    return PL_OK;
}

void pl_sig_dispatch(uint32_t sig, struct pl_sigframe *frame)
{
    struct pl_sigframe *outer = pl_sig_frame; /* handlers may nest */
    pl_sig_frame = frame;
    const struct pl_sigaction *a = &handlers[sig & 31u];
    if (a->mask) {
        pl_sigprocmask(PL_SIG_BLOCK, a->mask, 0); /* sigreturn puts the old mask back */
    }
    restart_due = a->flags & PL_SA_RESTART;
    if (a->handler != PL_SIG_HANDLER_DFL && a->handler != PL_SIG_HANDLER_IGN) {
        a->handler((int)sig);
    }
    pl_sig_frame = outer;
}

int pl_sig_restart(int err)
{
    int again = err == PL_EINTR && restart_due;
    restart_due = 0;
    return again;
}

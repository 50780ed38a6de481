/*
 * kernel/ksignal.c - a task's signals: the masks in struct task_signals (kernel/task.h) and
 * the frame that runs its trampoline.
 *
 * Invariants: blocked never holds PL_SIGKILL; caught and ignored never hold it and never share
 * a bit; pending holds no ignored signal; the task's upcall flag (arch.h) is set if and only if
 * sig_due() is not 0 (sig_update after every change of a mask). The handler table and its
 * flags (sa_mask, SA_RESTART) live in the task's own memory (user/lib/signal.c): the kernel
 * knows only that a signal is caught and where the task's one trampoline starts.
 */
#include "ksignal.h"
#include "time.h"

#define KILL_BIT PL_SIG_BIT(PL_SIGKILL)

/* By task index, kept out of struct task (which must stay within 512 bytes): the tick of its
 * alarm (TIME_NEVER: none) and its trampoline's entry (Thumb bit set, in its code region). */
static struct {
    uint64_t alarm;
    uint32_t trampoline;
} sig_side[PL_MAX_TASKS];

uint64_t sig_alarm(const struct task *t)
{
    return sig_side[t->index].alarm;
}

void sig_set_alarm(struct task *t, uint64_t tick)
{
    sig_side[t->index].alarm = tick;
}

void sig_set_trampoline(struct task *t, uint32_t entry)
{
    sig_side[t->index].trampoline = entry;
}

void sig_suspend(struct task *t, uint32_t mask)
{
    t->sig.suspend = t->sig.blocked | SIG_SUSPENDED;
    t->sig.blocked = sig_clean_mask(mask);
    sig_update(t);
}

int sig_suspended(const struct task *t)
{
    return (t->sig.suspend & SIG_SUSPENDED) != 0;
}

int sig_exists(uint32_t sig)
{
    return sig < 32u && (PL_SIG_ALL >> sig & 1u);
}

void sig_reset(struct task *t)
{
    t->sig = (struct task_signals){0};
    sig_side[t->index].alarm = TIME_NEVER;
    sig_side[t->index].trampoline = 0;
    arch_task_set_upcall(&t->arch, 0);
}

uint32_t sig_clean_mask(uint32_t mask)
{
    return mask & PL_SIG_ALL & ~KILL_BIT;
}

/* Ignored now: by its action, or by a default of ignoring. PL_SIGKILL never is. */
static int sig_ignored(const struct task *t, uint32_t sig)
{
    uint32_t bit = PL_SIG_BIT(sig);
    return (t->sig.ignored & bit) || ((PL_SIG_DEFAULT_IGNORED & bit) && !(t->sig.caught & bit));
}

enum sig_fate sig_post(struct task *t, uint32_t sig)
{
    if (sig_ignored(t, sig)) {
        return SIG_DROPPED;
    }
    t->sig.pending |= PL_SIG_BIT(sig);
    sig_update(t);
    return SIG_HELD;
}

static uint32_t lowest(uint32_t mask)
{
    return mask ? 31u - arch_clz(mask & (0u - mask)) : 0u;
}

uint32_t sig_fatal(const struct task *t)
{
    return lowest(t->sig.pending & ~t->sig.blocked & ~t->sig.caught);
}

uint32_t sig_due(const struct task *t)
{
    return t->sig.pending & ~t->sig.blocked & t->sig.caught;
}

void sig_update(struct task *t)
{
    arch_task_set_upcall(&t->arch, sig_due(t) != 0);
}

uint32_t sig_set_action(struct task *t, uint32_t sig, uint32_t action)
{
    uint32_t bit = PL_SIG_BIT(sig);
    uint32_t old = (t->sig.caught & bit)    ? PL_SIG_CATCH
                   : (t->sig.ignored & bit) ? PL_SIG_IGN
                                            : PL_SIG_DFL;
    t->sig.caught &= ~bit;
    t->sig.ignored &= ~bit;
    if (action == PL_SIG_CATCH) {
        t->sig.caught |= bit;
    } else if (action == PL_SIG_IGN) {
        t->sig.ignored |= bit;
    }
    if (sig_ignored(t, sig)) {
        t->sig.pending &= ~bit; /* as if it had been dropped when sent */
    }
    sig_update(t);
    return old;
}

int sig_deliver(struct task *t)
{
    uint32_t sig = lowest(sig_due(t));
    /* After pl_sigsuspend the handler's return gives back the mask from before the call. */
    uint32_t restore = sig_suspended(t) ? t->sig.suspend & ~SIG_SUSPENDED : t->sig.blocked;
    if (arch_signal_push(&t->arch, sig_side[t->index].trampoline, sig, restore) != 0) {
        return -1;
    }
    t->sig.pending &= ~PL_SIG_BIT(sig);
    t->sig.blocked = restore | PL_SIG_BIT(sig); /* held while its handler runs */
    t->sig.suspend = 0;
    sig_update(t);
    return 0;
}

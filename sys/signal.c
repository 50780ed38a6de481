/*
 * sys/signal.c - signals' system calls and their effects on the rest of the kernel.
 *
 * A signal sent to a task is dropped if ignored, else pending. A pending signal that is not
 * blocked then acts: if caught, its task's upcall flag is set (kernel/ksignal.c) and a wait it
 * was in ends at once with PL_EINTR (as on a timeout: no trace left in any queue), and the
 * frame that runs its trampoline is built as it resumes (kernel_signal_resume, sys/entry.c);
 * if not caught, its default action ends the task (exit code 128 + sig), which its peers and
 * supervisor learn as for any exit. Rules and error order: docs/ipc.md, "Signals".
 */
#include "console.h"
#include "ipc.h"
#include "ksignal.h"
#include "lifecycle.h"
#include "sched.h"
#include "sigcall.h"
#include "syscall.h"
#include "time.h"
#include <parley/error.h>

/* The earliest alarm set since the last scan (maybe of a task since restarted): before that
 * tick, signal_tick looks at no task. */
static uint64_t next_alarm = TIME_NEVER;

static void sig_terminate(struct task *t, uint32_t sig)
{
    kprintf("[kernel] task %s (gen %lu) ended by signal %lu\r\n", t->desc->name,
            (unsigned long)t->generation, (unsigned long)sig);
    task_exit(t, PL_SIG_EXIT_CODE(sig));
}

/* Act on what t's signals demand now (t alive). Returns 1 if t has ended. */
static int signal_settle(struct task *t)
{
    uint32_t fatal = sig_fatal(t);
    if (fatal) {
        sig_terminate(t, fatal);
        return 1;
    }
    if (sig_due(t) && t->state == PL_TASK_BLOCKED) {
        ep_cancel(t);              /* out of any endpoint queue, as on a timeout */
        task_unblock(t, PL_EINTR); /* its deadline goes too; the handler runs first */
    }
    return 0;
}

void signal_send(struct task *t, uint32_t sig)
{
    if (sig_post(t, sig) == SIG_HELD) {
        (void)signal_settle(t);
    }
}

/* The caller's result after its own signals were settled: nothing if it has ended. */
static sys_result settled(struct task *t, sys_result r)
{
    return signal_settle(t) ? sys_no_result() : r;
}

/* Errors in this order: an unknown signal (PL_EINVAL); a target that never can be signalled,
 * past the last task or the idle task (PL_ESRCH); no permission (PL_EPERM); a target not
 * alive now (PL_ESRCH). A sender without the permission learns nothing of the target's state. */
int signal_kill(uint32_t allowed, const struct task *sender, uint32_t index, uint32_t sig)
{
    struct task *target = task_by_index(index);
    if (!sig_exists(sig)) {
        return PL_EINVAL;
    }
    if (!target || sched_is_idle(target)) {
        return PL_ESRCH;
    }
    if (target != sender && !(allowed >> index & 1u)) {
        return PL_EPERM;
    }
    if (!task_is_alive(target)) {
        return PL_ESRCH;
    }
    signal_send(target, sig);
    return PL_OK;
}

sys_result sys_sig_kill(struct task *t, const struct arch_frame *f)
{
    int err = signal_kill(t->desc->sig_targets, t, arch_frame_arg(f, 0), arch_frame_arg(f, 1));
    return task_is_alive(t) ? sys_ret(err) : sys_no_result(); /* it may have ended itself */
}

/* A trampoline must start in one of t's own code regions, as a Thumb address. */
static int trampoline_ok(const struct task *t, uint32_t pc)
{
    uint32_t a = pc & ~1u;
    for (uint32_t i = 0; (pc & 1u) && i < t->desc->region_count; i++) {
        const struct mem_region *r = &t->regions[i];
        if (r->access == MEM_CODE && a - r->base < r->size && r->size - (a - r->base) >= 2u) {
            return 1;
        }
    }
    return 0;
}

sys_result sys_sig_action(struct task *t, const struct arch_frame *f)
{
    uint32_t sig = arch_frame_arg(f, 0), action = arch_frame_arg(f, 1);
    uint32_t entry = arch_frame_arg(f, 2);
    if (!sig_exists(sig) || action > PL_SIG_CATCH || (sig == PL_SIGKILL && action)) {
        return sys_ret(PL_EINVAL);
    }
    if (action == PL_SIG_CATCH) {
        if (!trampoline_ok(t, entry)) {
            return sys_fault(PL_FAULT_BAD_POINTER, entry);
        }
        sig_set_trampoline(t, entry);
    }
    return settled(t, sys_ret((int32_t)sig_set_action(t, sig, action)));
}

sys_result sys_sig_mask(struct task *t, const struct arch_frame *f)
{
    uint32_t how = arch_frame_arg(f, 0), set = arch_frame_arg(f, 1), old = t->sig.blocked;
    if (how > PL_SIG_SETMASK) {
        return sys_ret(PL_EINVAL);
    }
    uint32_t mask = how == PL_SIG_BLOCK ? old | set : how == PL_SIG_UNBLOCK ? old & ~set : set;
    t->sig.blocked = sig_clean_mask(mask);
    sig_update(t);
    return settled(t, sys_ret2(PL_OK, old));
}

sys_result sys_sig_return(struct task *t, const struct arch_frame *f)
{
    uint32_t frame = arch_frame_arg(f, 0), blocked;
    if (arch_signal_pop(&t->arch, frame, &blocked) != 0) {
        return sys_fault(PL_FAULT_BAD_POINTER, frame);
    }
    t->sig.blocked = sig_clean_mask(blocked);
    sig_update(t);
    return settled(t, sys_no_result()); /* its registers are the interrupted ones again */
}

sys_result sys_sig_suspend(struct task *t, const struct arch_frame *f)
{
    sig_suspend(t, arch_frame_arg(f, 0));
    if (signal_settle(t)) {
        return sys_no_result();
    }
    if (sig_due(t)) {
        return sys_ret(PL_EINTR); /* already there: its handler runs before the call returns */
    }
    task_block(t, BLOCK_SIGNAL, TIME_NEVER); /* only a signal ends this wait (signal_settle) */
    return sys_no_result();
}

sys_result sys_alarm(struct task *t, const struct arch_frame *f)
{
    uint32_t ticks = arch_frame_arg(f, 0);
    uint64_t now = time_now(), left = 0, at = ticks ? now + ticks : TIME_NEVER;
    if (sig_alarm(t) != TIME_NEVER && sig_alarm(t) > now) {
        left = sig_alarm(t) - now;
    }
    sig_set_alarm(t, at);
    if (at < next_alarm) {
        next_alarm = at;
    }
    return sys_ret(left > INT32_MAX ? INT32_MAX : (int32_t)left);
}

void signal_tick(void)
{
    uint64_t now = time_now();
    if (now < next_alarm) {
        return;
    }
    next_alarm = TIME_NEVER;
    for (uint32_t i = 0; i < sys_task_count; i++) {
        struct task *t = &sys_tasks[i];
        uint64_t at = sig_alarm(t);
        if (at <= now) {
            sig_set_alarm(t, TIME_NEVER);
            if (task_is_alive(t)) {
                signal_send(t, PL_SIGALRM);
            }
        } else if (at < next_alarm) {
            next_alarm = at;
        }
    }
}

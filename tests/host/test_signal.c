/*
 * tests/host/test_signal.c - signals: kernel/ksignal.c (masks, the frame) and sys/signal.c
 * (the system calls, the default actions, interrupted waits, alarms), through the system
 * calls as a task makes them. docs/ipc.md, "Signals", states each rule tested here.
 *
 * The fixture's RAM is real memory, so the pl_sigframe the host arch writes below a task's SP
 * is really there: a test reads it, or changes it as a task could before its sigreturn. The
 * tester may signal worker_a (and, as no description could say, the idle task); the
 * supervisor every task; the workers none (fixture.h).
 */
#include <string.h>

#include "fixture.h"
#include "harness.h"
#include "ksignal.h"
#include "lifecycle.h"
#include "sched.h"
#include <parley/signal.h>
#include <parley/syscall.h>

#define USR1 PL_SIG_BIT(PL_SIGUSR1)

static uint32_t trampoline_of(enum fixture_task_index i)
{
    return fx_addr(fx_code[i]) + 0x41u; /* inside its code region, Thumb bit set */
}

static int32_t call(enum fixture_task_index i, uint32_t svc, uint32_t r0, uint32_t r1, uint32_t r2)
{
    struct task *t = fx_task(i);
    fx_trap_args(t, svc, r0, r1, r2);
    return (int32_t)fx_reg(t, 0);
}

static int32_t kill_from(enum fixture_task_index from, uint32_t index, uint32_t sig)
{
    return call(from, PL_SYS_SIG_KILL, index, sig, 0);
}

static void catch_sig(enum fixture_task_index i, uint32_t sig)
{
    CHECK_EQ(call(i, PL_SYS_SIG_ACTION, sig, PL_SIG_CATCH, trampoline_of(i)), PL_SIG_DFL);
}

/* t resumes, as the arch's way out does: its signal frame is built if one is due. */
static struct task *resume(struct task *t)
{
    return t->arch.upcall ? task_of(kernel_signal_resume(&t->arch)) : t;
}

/* ---- numbers and permission ---- */

TEST(unknown_signal_numbers_are_refused)
{
    const uint32_t bad[] = {0, 1, 3, 10, 12, 17, 29, 32, 33, 0xffffffffu};
    for (unsigned k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        CHECK_EQ(kill_from(FX_TESTER, FX_TESTER, bad[k]), PL_EINVAL);
        CHECK_EQ(call(FX_TESTER, PL_SYS_SIG_ACTION, bad[k], PL_SIG_IGN, 0), PL_EINVAL);
    }
    CHECK_EQ(fx_task(FX_TESTER)->state, PL_TASK_READY);
}

TEST(kill_errors_come_in_their_documented_order)
{
    /* unknown number first, even towards a task that does not exist */
    CHECK_EQ(kill_from(FX_TESTER, FX_TASKS, 0), PL_EINVAL);
    CHECK_EQ(kill_from(FX_TESTER, FX_TASKS, PL_SIGTERM), PL_ESRCH);    /* past the last */
    CHECK_EQ(kill_from(FX_TESTER, 0xffffffffu, PL_SIGTERM), PL_ESRCH); /* far past */
    CHECK_EQ(kill_from(FX_TESTER, FX_IDLE, PL_SIGKILL), PL_ESRCH);     /* idle, though allowed */
    CHECK_EQ(kill_from(FX_TESTER, FX_WORKER_B, PL_SIGTERM), PL_EPERM); /* not in its list */
    CHECK_EQ(kill_from(FX_WORKER_A, FX_TESTER, PL_SIGTERM), PL_EPERM); /* no list at all */
    task_exit(fx_task(FX_WORKER_B), 0);
    CHECK_EQ(kill_from(FX_TESTER, FX_WORKER_B, PL_SIGTERM), PL_EPERM); /* dead: not told */
    task_exit(fx_task(FX_WORKER_A), 0);
    CHECK_EQ(kill_from(FX_TESTER, FX_WORKER_A, PL_SIGTERM), PL_ESRCH); /* allowed, dead */
    CHECK_EQ(fx_task(FX_WORKER_A)->exit_code, 0);
}

/* ---- default actions ---- */

TEST(default_action_terminates_with_128_plus_the_signal)
{
    CHECK_EQ(kill_from(FX_TESTER, FX_WORKER_A, PL_SIGTERM), PL_OK);
    CHECK_EQ(fx_task(FX_WORKER_A)->state, PL_TASK_EXITED);
    CHECK_EQ(fx_task(FX_WORKER_A)->exit_code, 128 + 15);
    CHECK_EQ(fx_task(FX_TESTER)->state, PL_TASK_READY);
}

TEST(a_task_ending_itself_by_signal_gets_no_result)
{
    struct task *t = fx_task(FX_WORKER_C);
    struct task *next = fx_trap_args(t, PL_SYS_SIG_KILL, FX_WORKER_C, PL_SIGINT, 0);
    CHECK_EQ(t->state, PL_TASK_EXITED);
    CHECK_EQ(t->exit_code, 130);
    CHECK(next != t);
}

TEST(sigchld_is_ignored_by_default_and_ignored_signals_are_dropped)
{
    struct task *a = fx_task(FX_WORKER_A);
    CHECK_EQ(kill_from(FX_TESTER, FX_WORKER_A, PL_SIGCHLD), PL_OK);
    CHECK_EQ(a->sig.pending, 0);
    CHECK_EQ(call(FX_WORKER_A, PL_SYS_SIG_ACTION, PL_SIGUSR1, PL_SIG_IGN, 0), PL_SIG_DFL);
    CHECK_EQ(kill_from(FX_TESTER, FX_WORKER_A, PL_SIGUSR1), PL_OK);
    CHECK(task_is_alive(a));
    CHECK_EQ(a->sig.pending, 0);
    CHECK_EQ(call(FX_WORKER_A, PL_SYS_SIG_ACTION, PL_SIGUSR1, PL_SIG_DFL, 0), PL_SIG_IGN);
}

TEST(sigkill_cannot_be_caught_ignored_or_blocked)
{
    struct task *a = fx_task(FX_WORKER_A);
    CHECK_EQ(call(FX_WORKER_A, PL_SYS_SIG_ACTION, PL_SIGKILL, PL_SIG_CATCH, trampoline_of(0)),
             PL_EINVAL);
    CHECK_EQ(call(FX_WORKER_A, PL_SYS_SIG_ACTION, PL_SIGKILL, PL_SIG_IGN, 0), PL_EINVAL);
    CHECK_EQ(call(FX_WORKER_A, PL_SYS_SIG_ACTION, PL_SIGKILL, PL_SIG_DFL, 0), PL_SIG_DFL);
    CHECK_EQ(call(FX_WORKER_A, PL_SYS_SIG_MASK, PL_SIG_SETMASK, 0xffffffffu, 0), PL_OK);
    CHECK_EQ(a->sig.blocked, PL_SIG_ALL & ~PL_SIG_BIT(PL_SIGKILL));
    CHECK_EQ(kill_from(FX_TESTER, FX_WORKER_A, PL_SIGKILL), PL_OK);
    CHECK_EQ(a->state, PL_TASK_EXITED);
    CHECK_EQ(a->exit_code, 137);
}

TEST(bad_action_and_bad_how_are_refused)
{
    CHECK_EQ(call(FX_WORKER_A, PL_SYS_SIG_ACTION, PL_SIGUSR1, 3, 0), PL_EINVAL);
    CHECK_EQ(call(FX_WORKER_A, PL_SYS_SIG_MASK, 3, USR1, 0), PL_EINVAL);
    CHECK_EQ(fx_task(FX_WORKER_A)->sig.blocked, 0);
    CHECK_EQ(fx_task(FX_WORKER_A)->sig.caught, 0);
}

/* ---- the trampoline and its frame ---- */

TEST(a_trampoline_outside_its_own_code_faults_the_caller)
{
    const uint32_t bad[] = {
        fx_addr(fx_code[FX_WORKER_A]) + 0x40u,             /* no Thumb bit */
        fx_addr(fx_ram[FX_WORKER_A]) + 1u,                 /* its RAM */
        fx_addr(fx_code[FX_WORKER_B]) + 1u,                /* another task's code */
        fx_addr(fx_code[FX_WORKER_A]) + FX_CODE_SIZE + 1u, /* just past its code */
        fx_addr(fx_code[FX_WORKER_A]) - 1u,                /* just before its code */
    };
    for (unsigned k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        fixture_reset();
        struct task *a = fx_task(FX_WORKER_A);
        fx_trap_args(a, PL_SYS_SIG_ACTION, PL_SIGUSR1, PL_SIG_CATCH, bad[k]);
        if (a->state != PL_TASK_FAULTED) {
            harness_fail(__FILE__, __LINE__, "trampoline %u (%#x) accepted", k, bad[k]);
        }
        CHECK_EQ(a->fault.kind, PL_FAULT_BAD_POINTER);
        CHECK_EQ(a->fault.addr, bad[k]);
        CHECK_EQ(a->sig.caught, 0);
    }
}

TEST(a_caught_signal_runs_the_trampoline_with_a_frame_below_the_sp)
{
    struct task *t = fx_task(FX_TESTER);
    catch_sig(FX_TESTER, PL_SIGUSR1);
    fx_run(t);
    fx_load(t, PL_SYS_SIG_KILL, &(struct fx_ipc){.obj = FX_TESTER, .label = PL_SIGUSR1});
    for (unsigned r = 4; r < 12; r++) {
        arch_task_set_reg(&t->arch, r, 0xa0000000u + r);
    }
    uint32_t sp = t->arch.sp;
    kernel_syscall(&t->arch);
    CHECK_EQ(fx_status(t), PL_OK);
    uint32_t pc = t->arch.frame.pc;
    CHECK(t->arch.upcall);
    CHECK(resume(t) == t);
    CHECK(!t->arch.upcall);
    CHECK_EQ(t->arch.frame.pc, trampoline_of(FX_TESTER) & ~1u);
    CHECK_EQ(fx_reg(t, 0), PL_SIGUSR1);
    CHECK_EQ(fx_reg(t, 1), sp - PL_SIGFRAME_EXTRA);
    CHECK_EQ(t->arch.sp, sp - sizeof(struct pl_sigframe));
    const struct pl_sigframe *f = (const struct pl_sigframe *)fx_bytes(fx_reg(t, 1));
    CHECK_EQ(f->sig, PL_SIGUSR1);
    CHECK_EQ(f->blocked, 0);
    CHECK_EQ(f->r0, PL_OK); /* the kill's own result, written before the frame was built */
    CHECK_EQ(f->pc, pc);
    for (unsigned r = 4; r < 12; r++) {
        CHECK_EQ(f->r4_r11[r - 4], 0xa0000000u + r);
    }
    CHECK_EQ(t->sig.blocked, USR1); /* held while its handler runs */
    CHECK_EQ(t->sig.pending, 0);
}

/* Deliver USR1 to the tester (catching it) at a known state; returns the frame's address. */
static uint32_t deliver_usr1(void)
{
    struct task *t = fx_task(FX_TESTER);
    catch_sig(FX_TESTER, PL_SIGUSR1);
    CHECK_EQ(kill_from(FX_TESTER, FX_TESTER, PL_SIGUSR1), PL_OK);
    resume(t);
    return fx_reg(t, 1);
}

TEST(sigreturn_restores_every_register_the_sp_and_the_mask)
{
    struct task *t = fx_task(FX_TESTER);
    catch_sig(FX_TESTER, PL_SIGUSR1);
    fx_run(t);
    fx_load(t, PL_SYS_SIG_KILL, &(struct fx_ipc){.obj = FX_TESTER, .label = PL_SIGUSR1});
    t->arch.frame.r2 = 0xc2c2c2c2u;
    t->arch.frame.r3 = 0xc3c3c3c3u;
    t->arch.frame.lr = 0xc0ffee01u;
    for (unsigned r = 4; r < 12; r++) {
        arch_task_set_reg(&t->arch, r, 0xb0000000u + r);
    }
    const struct arch_frame before = t->arch.frame;
    uint32_t sp = t->arch.sp;
    kernel_syscall(&t->arch);
    struct arch_frame after_kill = t->arch.frame;
    resume(t);
    uint32_t frame = fx_reg(t, 1);
    for (unsigned r = 4; r < 12; r++) {
        arch_task_set_reg(&t->arch, r, 0xdead0000u + r); /* the handler uses them */
    }
    fx_trap_args(t, PL_SYS_SIG_RETURN, frame, 0, 0);
    CHECK_EQ(t->state, PL_TASK_READY);
    CHECK_EQ(t->arch.sp, sp);
    CHECK_EQ(t->sig.blocked, 0);
    CHECK_EQ(t->arch.frame.r0, PL_OK);
    CHECK_EQ(t->arch.frame.r1, before.r1);
    CHECK_EQ(t->arch.frame.r2, 0xc2c2c2c2u);
    CHECK_EQ(t->arch.frame.r3, 0xc3c3c3c3u);
    CHECK_EQ(t->arch.frame.lr, 0xc0ffee01u);
    CHECK_EQ(t->arch.frame.pc, after_kill.pc);
    for (unsigned r = 4; r < 12; r++) {
        CHECK_EQ(fx_reg(t, r), 0xb0000000u + r);
    }
}

TEST(sigreturn_cleans_the_mask_it_reads_back)
{
    struct task *t = fx_task(FX_TESTER);
    uint32_t frame = deliver_usr1();
    ((struct pl_sigframe *)fx_bytes(frame))->blocked = 0xffffffffu; /* the task's own memory */
    fx_trap_args(t, PL_SYS_SIG_RETURN, frame, 0, 0);
    CHECK_EQ(t->sig.blocked, PL_SIG_ALL & ~PL_SIG_BIT(PL_SIGKILL));
}

TEST(sigreturn_with_a_frame_outside_its_ram_faults_it)
{
    const uint32_t base = fx_addr(fx_ram[FX_TESTER]);
    const uint32_t bad[] = {
        base - 4u,                                            /* just below */
        base + FX_RAM_SIZE - sizeof(struct pl_sigframe) + 4u, /* its tail past the end */
        base + FX_RAM_SIZE,                                   /* just past */
        fx_addr(fx_ram[FX_WORKER_A]) + 64u,                   /* another task's RAM */
        fx_addr(fx_code[FX_TESTER]),                          /* its code */
        base + 66u,                                           /* not word-aligned */
        0u,
        0xfffffff0u,
    };
    for (unsigned k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        fixture_reset();
        struct task *t = fx_task(FX_TESTER);
        deliver_usr1();
        uint32_t sp = t->arch.sp;
        fx_trap_args(t, PL_SYS_SIG_RETURN, bad[k], 0, 0);
        CHECK_EQ(t->state, PL_TASK_FAULTED);
        CHECK_EQ(t->fault.kind, PL_FAULT_BAD_POINTER);
        CHECK_EQ(t->fault.addr, bad[k]);
        CHECK_EQ(t->arch.sp, sp); /* nothing was taken from it */
    }
}

TEST(a_frame_that_does_not_fit_faults_the_task_and_writes_nothing)
{
    struct task *t = fx_task(FX_TESTER);
    catch_sig(FX_TESTER, PL_SIGUSR1);
    uint32_t base = fx_addr(fx_ram[FX_TESTER]);
    uint8_t *ram = fx_ram[FX_TESTER];
    memset(ram, 0x77, 128);
    fx_run(t);
    t->arch.sp = base + sizeof(struct pl_sigframe) - 8u; /* its frame fits; the signal's not */
    fx_trap_args(t, PL_SYS_SIG_KILL, FX_TESTER, PL_SIGUSR1, 0);
    t->arch.sp = base + sizeof(struct pl_sigframe) - 8u; /* fx_trap reloaded nothing here */
    struct task *next = resume(t);
    CHECK(next != t);
    CHECK_EQ(t->state, PL_TASK_FAULTED);
    CHECK_EQ(t->fault.kind, PL_FAULT_SIGNAL_STACK);
    CHECK_EQ(t->fault.addr, base + sizeof(struct pl_sigframe) - 8u);
    for (unsigned i = 0; i < 64; i++) {
        CHECK_EQ(ram[i], 0x77);
    }
}

TEST(a_frame_that_just_fits_is_built)
{
    struct task *t = fx_task(FX_TESTER);
    catch_sig(FX_TESTER, PL_SIGUSR1);
    uint32_t base = fx_addr(fx_ram[FX_TESTER]);
    fx_run(t);
    t->arch.sp = base + sizeof(struct pl_sigframe);
    fx_load(t, PL_SYS_SIG_KILL, &(struct fx_ipc){.obj = FX_TESTER, .label = PL_SIGUSR1});
    kernel_syscall(&t->arch);
    CHECK(resume(t) == t);
    CHECK_EQ(t->arch.sp, base);
}

/* ---- masks ---- */

TEST(a_blocked_signal_waits_and_comes_when_unblocked)
{
    struct task *t = fx_task(FX_TESTER);
    catch_sig(FX_TESTER, PL_SIGUSR1);
    CHECK_EQ(call(FX_TESTER, PL_SYS_SIG_MASK, PL_SIG_BLOCK, USR1, 0), PL_OK);
    CHECK_EQ(fx_reg(t, 1), 0); /* the previous mask */
    CHECK_EQ(kill_from(FX_TESTER, FX_TESTER, PL_SIGUSR1), PL_OK);
    CHECK_EQ(t->sig.pending, USR1);
    CHECK(!t->arch.upcall);
    CHECK_EQ(call(FX_TESTER, PL_SYS_SIG_MASK, PL_SIG_UNBLOCK, USR1, 0), PL_OK);
    CHECK_EQ(fx_reg(t, 1), USR1);
    CHECK(t->arch.upcall);
    CHECK(resume(t) == t);
    CHECK_EQ(fx_reg(t, 0), PL_SIGUSR1);
}

TEST(a_blocked_default_signal_terminates_when_unblocked)
{
    struct task *t = fx_task(FX_TESTER);
    CHECK_EQ(call(FX_TESTER, PL_SYS_SIG_MASK, PL_SIG_SETMASK, PL_SIG_BIT(PL_SIGTERM), 0), PL_OK);
    CHECK_EQ(kill_from(FX_TESTER, FX_TESTER, PL_SIGTERM), PL_OK);
    CHECK_EQ(t->state, PL_TASK_READY);
    fx_trap_args(t, PL_SYS_SIG_MASK, PL_SIG_SETMASK, 0, 0);
    CHECK_EQ(t->state, PL_TASK_EXITED);
    CHECK_EQ(t->exit_code, 143);
}

TEST(a_signal_during_its_handler_waits_for_its_sigreturn)
{
    struct task *t = fx_task(FX_TESTER);
    uint32_t frame = deliver_usr1();
    CHECK_EQ(kill_from(FX_TESTER, FX_TESTER, PL_SIGUSR1), PL_OK);
    CHECK_EQ(t->sig.pending, USR1);
    CHECK(!t->arch.upcall);
    fx_trap_args(t, PL_SYS_SIG_RETURN, frame, 0, 0);
    CHECK(t->arch.upcall);
    CHECK(resume(t) == t);
    CHECK_EQ(fx_reg(t, 1), frame); /* the same place: the first frame is gone */
}

/* ---- interrupted waits ---- */

TEST(a_caught_signal_ends_a_blocking_recv_with_eintr)
{
    struct task *a = fx_task(FX_WORKER_A);
    catch_sig(FX_WORKER_A, PL_SIGUSR1);
    fx_trap(a, PL_SYS_RECV, &(struct fx_ipc){.obj = FX_EP_PEER});
    CHECK_EQ(a->state, PL_TASK_BLOCKED);
    CHECK_EQ(kill_from(FX_TESTER, FX_WORKER_A, PL_SIGUSR1), PL_OK);
    CHECK_EQ(a->state, PL_TASK_READY);
    CHECK_EQ(fx_status(a), PL_EINTR);
    int q[4];
    CHECK_EQ(fx_receivers(FX_EP_PEER, q, 4), 0);
    CHECK(a->arch.upcall);
}

TEST(a_caught_signal_ends_a_sleep_and_a_timed_wait_with_eintr)
{
    struct task *a = fx_task(FX_WORKER_A);
    catch_sig(FX_WORKER_A, PL_SIGUSR1);
    fx_trap_args(a, PL_SYS_SLEEP, 50, 0, 0);
    CHECK_EQ(a->state, PL_TASK_BLOCKED);
    CHECK(fx_in_timer_list(a));
    CHECK_EQ(kill_from(FX_TESTER, FX_WORKER_A, PL_SIGUSR1), PL_OK);
    CHECK_EQ(a->state, PL_TASK_READY);
    CHECK_EQ(fx_status(a), PL_EINTR);
    CHECK(!fx_in_timer_list(a));
}

TEST(an_interrupted_call_drops_its_late_reply)
{
    struct task *a = fx_task(FX_WORKER_A), *s = fx_task(FX_SUPER);
    catch_sig(FX_WORKER_A, PL_SIGUSR1);
    fx_trap(s, PL_SYS_RECV, &(struct fx_ipc){.obj = FX_EP_SRV});
    fx_trap(a, PL_SYS_CALL, &(struct fx_ipc){.obj = FX_EP_SRV, .label = 7});
    CHECK_EQ(a->state, PL_TASK_BLOCKED);
    CHECK_EQ(a->block, BLOCK_REPLY);
    uint32_t handle = fx_reg(s, OUT_SENDER);
    CHECK_EQ(kill_from(FX_TESTER, FX_WORKER_A, PL_SIGUSR1), PL_OK);
    CHECK_EQ(fx_status(a), PL_EINTR);
    resume(a);
    uint32_t pc = a->arch.frame.pc;
    fx_trap(s, PL_SYS_REPLY, &(struct fx_ipc){.label = 99, .target = handle});
    CHECK_EQ(fx_status(s), PL_EDEAD); /* rule 4: dropped, as after a timeout */
    CHECK_EQ(a->arch.frame.pc, pc);   /* nothing landed in the handler's registers */
    CHECK_EQ(fx_reg(a, 0), PL_SIGUSR1);
}

TEST(ignored_and_blocked_signals_leave_a_wait_alone)
{
    struct task *a = fx_task(FX_WORKER_A);
    CHECK_EQ(call(FX_WORKER_A, PL_SYS_SIG_ACTION, PL_SIGUSR2, PL_SIG_IGN, 0), PL_SIG_DFL);
    catch_sig(FX_WORKER_A, PL_SIGUSR1);
    CHECK_EQ(call(FX_WORKER_A, PL_SYS_SIG_MASK, PL_SIG_BLOCK, USR1, 0), PL_OK);
    fx_trap(a, PL_SYS_RECV, &(struct fx_ipc){.obj = FX_EP_PEER});
    CHECK_EQ(kill_from(FX_TESTER, FX_WORKER_A, PL_SIGUSR2), PL_OK);
    CHECK_EQ(kill_from(FX_TESTER, FX_WORKER_A, PL_SIGUSR1), PL_OK);
    CHECK_EQ(a->state, PL_TASK_BLOCKED);
    CHECK_EQ(a->block, BLOCK_RECV);
    CHECK(!a->arch.upcall);
}

TEST(sigsuspend_waits_for_a_handler_and_gives_its_mask_back)
{
    struct task *a = fx_task(FX_WORKER_A);
    catch_sig(FX_WORKER_A, PL_SIGUSR1);
    CHECK_EQ(call(FX_WORKER_A, PL_SYS_SIG_MASK, PL_SIG_BLOCK, USR1, 0), PL_OK);
    fx_trap_args(a, PL_SYS_SIG_SUSPEND, 0, 0, 0);
    CHECK_EQ(a->state, PL_TASK_BLOCKED);
    CHECK_EQ(a->block, BLOCK_SIGNAL);
    CHECK_EQ(a->sig.blocked, 0);
    CHECK_EQ(kill_from(FX_TESTER, FX_WORKER_A, PL_SIGUSR1), PL_OK);
    CHECK_EQ(a->state, PL_TASK_READY);
    CHECK_EQ(fx_status(a), PL_EINTR);
    fx_run(a);
    CHECK(resume(a) == a);
    uint32_t frame = fx_reg(a, 1);
    CHECK_EQ(((const struct pl_sigframe *)fx_bytes(frame))->blocked, USR1);
    fx_trap_args(a, PL_SYS_SIG_RETURN, frame, 0, 0);
    CHECK_EQ(a->sig.blocked, USR1);
    CHECK_EQ(fx_status(a), PL_EINTR);
}

TEST(sigsuspend_with_a_signal_already_pending_returns_at_once)
{
    struct task *a = fx_task(FX_WORKER_A);
    catch_sig(FX_WORKER_A, PL_SIGUSR1);
    CHECK_EQ(call(FX_WORKER_A, PL_SYS_SIG_MASK, PL_SIG_BLOCK, USR1, 0), PL_OK);
    CHECK_EQ(kill_from(FX_TESTER, FX_WORKER_A, PL_SIGUSR1), PL_OK);
    CHECK_EQ(call(FX_WORKER_A, PL_SYS_SIG_SUSPEND, 0, 0, 0), PL_EINTR);
    CHECK_EQ(a->state, PL_TASK_READY);
    CHECK(a->arch.upcall);
}

/* ---- alarm ---- */

static void ticks(unsigned n)
{
    while (n--) {
        fx_tick();
    }
}

TEST(alarm_sends_sigalrm_and_returns_what_was_left)
{
    struct task *c = fx_task(FX_WORKER_C);
    CHECK_EQ(call(FX_WORKER_C, PL_SYS_ALARM, 10, 0, 0), 0);
    ticks(4);
    CHECK_EQ(call(FX_WORKER_C, PL_SYS_ALARM, 3, 0, 0), 6);
    ticks(2);
    CHECK_EQ(c->state, PL_TASK_READY);
    ticks(1);
    CHECK_EQ(c->state, PL_TASK_EXITED);
    CHECK_EQ(c->exit_code, 128 + 14);
}

TEST(alarm_zero_cancels)
{
    struct task *c = fx_task(FX_WORKER_C);
    CHECK_EQ(call(FX_WORKER_C, PL_SYS_ALARM, 2, 0, 0), 0);
    CHECK_EQ(call(FX_WORKER_C, PL_SYS_ALARM, 0, 0, 0), 2);
    ticks(5);
    CHECK_EQ(c->state, PL_TASK_READY);
    CHECK_EQ(sig_alarm(c), TIME_NEVER);
}

TEST(a_restart_forgets_handlers_masks_pending_signals_and_alarms)
{
    struct task *a = fx_task(FX_WORKER_A);
    catch_sig(FX_WORKER_A, PL_SIGUSR1);
    CHECK_EQ(call(FX_WORKER_A, PL_SYS_SIG_MASK, PL_SIG_BLOCK, USR1, 0), PL_OK);
    CHECK_EQ(kill_from(FX_TESTER, FX_WORKER_A, PL_SIGUSR1), PL_OK);
    CHECK_EQ(call(FX_WORKER_A, PL_SYS_ALARM, 5, 0, 0), 0);
    task_restart(a);
    CHECK_EQ(a->sig.pending | a->sig.blocked | a->sig.caught | a->sig.ignored, 0);
    CHECK_EQ(sig_alarm(a), TIME_NEVER);
    CHECK(!a->arch.upcall);
}

/* ---- watch: PL_SIGCHLD when a watched task stops ---- */

TEST(a_watched_task_stopping_sends_sigchld_to_its_watcher)
{
    struct task *a = fx_task(FX_WORKER_A);
    catch_sig(FX_WORKER_A, PL_SIGCHLD);
    fx_trap(a, PL_SYS_RECV, &(struct fx_ipc){.obj = FX_EP_PEER});
    CHECK_EQ(a->state, PL_TASK_BLOCKED);
    task_exit(fx_task(FX_WORKER_B), 3);
    CHECK_EQ(a->state, PL_TASK_READY);
    CHECK_EQ(fx_status(a), PL_EINTR);
    CHECK(a->arch.upcall);
    fx_run(a);
    CHECK(resume(a) == a);
    CHECK_EQ(fx_reg(a, 0), PL_SIGCHLD);
}

TEST(a_fault_of_a_watched_task_sends_sigchld_too)
{
    struct task *a = fx_task(FX_WORKER_A);
    catch_sig(FX_WORKER_A, PL_SIGCHLD);
    CHECK_EQ(call(FX_WORKER_A, PL_SYS_SIG_MASK, PL_SIG_BLOCK, PL_SIG_BIT(PL_SIGCHLD), 0), PL_OK);
    struct pl_fault_record rec = {.kind = PL_FAULT_MEM_DATA};
    task_fault(fx_task(FX_WORKER_C), &rec);
    CHECK_EQ(a->sig.pending, PL_SIG_BIT(PL_SIGCHLD));
}

TEST(sigchld_is_not_sent_for_unwatched_tasks_nor_when_not_caught)
{
    struct task *a = fx_task(FX_WORKER_A);
    task_exit(fx_task(FX_WORKER_B), 0); /* watched, but SIGCHLD is not caught: ignored */
    CHECK_EQ(a->sig.pending, 0);
    CHECK(task_is_alive(a));
    catch_sig(FX_WORKER_A, PL_SIGCHLD);
    task_exit(fx_task(FX_TESTER), 0); /* not watched */
    CHECK_EQ(a->sig.pending, 0);
    task_restart(fx_task(FX_WORKER_C)); /* a restart is no stop */
    CHECK_EQ(a->sig.pending, 0);
}

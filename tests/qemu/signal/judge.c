/*
 * tests/qemu/signal/judge.c - signals on the target (docs/ipc.md, "Signals"): a handler runs
 * while its task computes (sent by another task, or by the tick's alarm); a caught signal ends
 * a blocking recv, call or sleep with PL_EINTR; masks hold signals back; a signal during its
 * own handler waits for the handler's return; sigreturn gives back every register; default
 * actions and SIGKILL; every refusal of kill; and an attacker whose handler faults, whose stack
 * has no room for the frame, whose trampoline lies outside its code, or who forges its frame.
 * In each of those only the attacker stops (or runs on, cleaned), and the next case shows the
 * kernel and the other tasks unharmed.
 *
 * Each case starts its actors fresh (restart: no handler, nothing pending), so no state leaks
 * from one case to the next.
 */
#include "../harness/qctl.h"
#include "../harness/qtest.h"
#include "sig.h"
#include "signals.h"
#include "system.h"
#include <parley/signal.h>

#define COUNT(a)    (sizeof(a) / sizeof((a)[0]))
#define REPORT_WAIT 200u

static const uint32_t actors[] = {TASK_SRV, TASK_A, TASK_B, TASK_X};

static const char *fresh(uint32_t task)
{
    return qc_restart(task);
}

/* Order, then the report, which must come with status `want`; *out gets it. */
static const char *ask_want(uint32_t task, uint32_t op, uint32_t a, uint32_t b, int32_t want,
                            const struct qc_report **out)
{
    const struct qc_report *r = qc_ask(task, op, a, b, REPORT_WAIT);
    if (!r) {
        return qt_why("%s sent no report for op %lu", qt_status(task).name, (unsigned long)op);
    }
    if (r->status != want) {
        return qt_why("%s: op %lu gave %ld, expected %ld", qt_status(task).name, (unsigned long)op,
                      (long)r->status, (long)want);
    }
    if (out) {
        *out = r;
    }
    return 0;
}

static const char *kill_want(uint32_t task, uint32_t sig, int want)
{
    int err = pl_kill(task, sig);
    return err == want ? 0
                       : qt_why("kill(%lu, %lu) gave %s, expected %s", (unsigned long)task,
                                (unsigned long)sig, pl_strerror(err), pl_strerror(want));
}

static const char *report_want(uint32_t task, int32_t want, uint32_t hits,
                               const struct qc_report **out)
{
    const struct qc_report *r = qc_report(task, REPORT_WAIT);
    if (!r) {
        return qt_why("%s sent no report", qt_status(task).name);
    }
    if (r->status != want || r->a != hits) {
        return qt_why("%s reported %ld with %lu handler runs, expected %ld and %lu",
                      qt_status(task).name, (long)r->status, (unsigned long)r->a, (long)want,
                      (unsigned long)hits);
    }
    if (out) {
        *out = r;
    }
    return 0;
}

/* `task` must stop (within 50 ticks) as FAULTED with `kind` (and addr, if addr_valid). */
static const char *faulted(uint32_t task, uint32_t kind, uint32_t addr)
{
    if (!qt_wait_stopped(&task, 1, 1, 50)) {
        return qt_why("%s did not stop", qt_status(task).name);
    }
    struct pl_task_status st = qt_status(task);
    if (st.state != PL_TASK_FAULTED || st.fault.kind != kind ||
        (st.fault.addr_valid && st.fault.addr != addr)) {
        return qt_why("%s: %s, %s at 0x%08lx; expected %s at 0x%08lx", st.name,
                      qt_state_name(st.state), qt_fault_name(st.fault.kind),
                      (unsigned long)st.fault.addr, qt_fault_name(kind), (unsigned long)addr);
    }
    return 0;
}

static const char *exited(uint32_t task, int code)
{
    if (!qt_wait_stopped(&task, 1, 1, 50)) {
        return qt_why("%s did not stop", qt_status(task).name);
    }
    struct pl_task_status st = qt_status(task);
    if (st.state != PL_TASK_EXITED || st.exit_code != code) {
        return qt_why("%s: %s, exit code %ld; expected EXITED with %d", st.name,
                      qt_state_name(st.state), (long)st.exit_code, code);
    }
    return 0;
}

/* ---- delivery ---- */

static const char *computing_trouble(void)
{
    QT_STEP(fresh(TASK_A));
    QT_STEP(ask_want(TASK_A, OP_CATCH, PL_SIGUSR1, 0, PL_OK, 0));
    qc_order(TASK_A, OP_SPIN, 0, 0);
    pl_sleep(3); /* a computes meanwhile, never entering the kernel itself */
    if (qt_status(TASK_A).state != PL_TASK_READY) {
        return "a is not computing";
    }
    QT_STEP(kill_want(TASK_A, PL_SIGUSR1, PL_OK));
    const struct qc_report *r;
    QT_STEP(report_want(TASK_A, PL_OK, 1, &r));
    return r->b < SPIN_LIMIT ? 0 : "a's loop ran to its end: no handler";
}

static const char *alarm_trouble(void)
{
    QT_STEP(fresh(TASK_A));
    const struct qc_report *r;
    QT_STEP(ask_want(TASK_A, OP_ALARM_SPIN, 5, 0, 0, &r)); /* the first alarm: none before */
    if (r->a < 100u || r->a > 105u || r->b != 1) {
        return qt_why("alarm left %lu ticks (expected 100..105), %lu handler runs",
                      (unsigned long)r->a, (unsigned long)r->b);
    }
    return 0;
}

/* a waits in op; a caught signal ends the wait with PL_EINTR once its handler has run. */
static const char *interrupted(uint32_t op, uint32_t arg)
{
    QT_STEP(fresh(TASK_A));
    QT_STEP(ask_want(TASK_A, OP_CATCH, PL_SIGUSR1, 0, PL_OK, 0));
    qc_order(TASK_A, op, arg, 0);
    if (!qc_wait_blocked(TASK_A, 20)) {
        return "a did not block";
    }
    QT_STEP(kill_want(TASK_A, PL_SIGUSR1, PL_OK));
    return report_want(TASK_A, PL_EINTR, 1, 0);
}

static const char *interrupted_call_trouble(void)
{
    QT_STEP(fresh(TASK_SRV));
    qc_order(TASK_SRV, OP_HOLD, 0, 0);
    QT_STEP(fresh(TASK_A));
    QT_STEP(ask_want(TASK_A, OP_CATCH, PL_SIGUSR1, 0, PL_OK, 0));
    qc_order(TASK_A, OP_CALL, 0, 0);
    QT_STEP(report_want(TASK_SRV, PL_OK, 0, 0)); /* srv holds a's call */
    if (!qc_wait_blocked(TASK_A, 20)) {
        return "a did not block in its call";
    }
    QT_STEP(kill_want(TASK_A, PL_SIGUSR1, PL_OK));
    QT_STEP(report_want(TASK_A, PL_EINTR, 1, 0));
    return ask_want(TASK_SRV, OP_REPLY, 0, 0, PL_EDEAD, 0); /* the late reply is dropped */
}

/* With PL_SA_RESTART the library makes the interrupted receive again: the handler runs, the
 * receive goes on waiting, and the message that comes later is what it returns. */
static const char *restart_trouble(void)
{
    QT_STEP(fresh(TASK_A));
    QT_STEP(fresh(TASK_B));
    QT_STEP(ask_want(TASK_A, OP_CATCH_RESTART, PL_SIGUSR1, 0, PL_OK, 0));
    qc_order(TASK_A, OP_RECV, 0, 0);
    if (!qc_wait_blocked(TASK_A, 20)) {
        return "a did not block";
    }
    QT_STEP(kill_want(TASK_A, PL_SIGUSR1, PL_OK));
    pl_sleep(3);
    if (qc_has_report(TASK_A) || qt_status(TASK_A).state != PL_TASK_BLOCKED) {
        return "the receive was not made again";
    }
    QT_STEP(ask_want(TASK_B, OP_SEND_A, 0, 0, PL_OK, 0));
    return report_want(TASK_A, PL_OK, 1, 0);
}

static const char *no_eintr_trouble(void)
{
    QT_STEP(fresh(TASK_A));
    QT_STEP(ask_want(TASK_A, OP_IGNORE, PL_SIGUSR2, 0, PL_OK, 0));
    qc_order(TASK_A, OP_RECV, 0, 0);
    if (!qc_wait_blocked(TASK_A, 20)) {
        return "a did not block";
    }
    QT_STEP(kill_want(TASK_A, PL_SIGUSR2, PL_OK));
    QT_STEP(kill_want(TASK_A, PL_SIGCHLD, PL_OK)); /* ignored by default */
    pl_sleep(3);
    if (qt_status(TASK_A).state != PL_TASK_BLOCKED || qc_has_report(TASK_A)) {
        return "an ignored signal ended a's wait";
    }
    QT_STEP(kill_want(TASK_A, PL_SIGTERM, PL_OK)); /* the default: it ends, blocked or not */
    QT_STEP(exited(TASK_A, 128 + 15));
    if (qc_has_report(TASK_A)) {
        return "a reported after its end";
    }
    return fresh(TASK_A);
}

static const char *mask_trouble(void)
{
    const uint32_t usr1 = PL_SIG_BIT(PL_SIGUSR1);
    const struct qc_report *r;
    QT_STEP(fresh(TASK_A));
    QT_STEP(ask_want(TASK_A, OP_CATCH, PL_SIGUSR1, 0, PL_OK, 0));
    QT_STEP(ask_want(TASK_A, OP_MASK, PL_SIG_BLOCK, usr1, PL_OK, 0));
    QT_STEP(kill_want(TASK_A, PL_SIGUSR1, PL_OK)); /* a waits for orders: held, no PL_EINTR */
    QT_STEP(ask_want(TASK_A, OP_HITS, 0, 0, PL_OK, &r));
    if (r->a != 0) {
        return "a blocked signal ran its handler";
    }
    QT_STEP(ask_want(TASK_A, OP_MASK, PL_SIG_UNBLOCK, usr1, PL_OK, &r));
    return r->a == 1 && r->b == PL_SIGUSR1 ? 0 : "unblocking did not deliver it at once";
}

static const char *nested_trouble(void)
{
    const struct qc_report *r;
    QT_STEP(fresh(TASK_A));
    QT_STEP(ask_want(TASK_A, OP_RAISE_TWICE, PL_SIGUSR2, 0, PL_OK, &r));
    return r->a == 2 && r->b == 1 ? 0
                                  : qt_why("%lu handler runs, nested %lu deep (expected 2 and 1)",
                                           (unsigned long)r->a, (unsigned long)r->b);
}

static const char *regs_trouble(void)
{
    QT_STEP(fresh(TASK_A));
    qc_order(TASK_A, OP_REGS, 0, 0);
    pl_sleep(3);
    QT_STEP(kill_want(TASK_A, PL_SIGUSR1, PL_OK));
    const struct qc_report *r = qc_report(TASK_A, REPORT_WAIT);
    if (!r) {
        return "a sent no report";
    }
    return r->status == 0 && r->b == 1
               ? 0
               : qt_why("%ld registers changed (first r%lu), %lu handler runs", (long)r->status,
                        (unsigned long)r->a, (unsigned long)r->b);
}

static const char *suspend_trouble(void)
{
    QT_STEP(fresh(TASK_A));
    qc_order(TASK_A, OP_SUSPEND, PL_SIGUSR1, 0);
    if (!qc_wait_blocked(TASK_A, 20)) {
        return "a did not block in sigsuspend";
    }
    QT_STEP(kill_want(TASK_A, PL_SIGCHLD, PL_OK)); /* ignored by default: no wake */
    pl_sleep(2);
    if (qc_has_report(TASK_A)) {
        return "an ignored signal ended sigsuspend";
    }
    QT_STEP(kill_want(TASK_A, PL_SIGUSR1, PL_OK));
    const struct qc_report *r;
    QT_STEP(report_want(TASK_A, PL_EINTR, 1, &r));
    return r->b == PL_SIG_BIT(PL_SIGUSR1) ? 0 : "sigsuspend did not give its mask back";
}

static const char *watch_trouble(void)
{
    QT_STEP(fresh(TASK_A));
    qc_order(TASK_A, OP_SUSPEND, PL_SIGCHLD, 0);
    if (!qc_wait_blocked(TASK_A, 20)) {
        return "a did not block in sigsuspend";
    }
    QT_STEP(fresh(TASK_X)); /* a restart is no stop: no SIGCHLD */
    pl_sleep(2);
    if (qc_has_report(TASK_A)) {
        return "x's restart sent a SIGCHLD";
    }
    QT_STEP(kill_want(TASK_X, PL_SIGTERM, PL_OK)); /* x exits: a, its watcher, is told */
    QT_STEP(exited(TASK_X, 128 + 15));
    QT_STEP(report_want(TASK_A, PL_EINTR, 1, 0));
    return fresh(TASK_X);
}

/* ---- default actions and refusals ---- */

static const char *default_trouble(void)
{
    QT_STEP(fresh(TASK_B));
    QT_STEP(kill_want(TASK_B, PL_SIGCHLD, PL_OK)); /* ignored by default */
    QT_STEP(ask_want(TASK_B, OP_HITS, 0, 0, PL_OK, 0));
    QT_STEP(kill_want(TASK_B, PL_SIGTERM, PL_OK));
    QT_STEP(exited(TASK_B, 128 + 15));
    return fresh(TASK_B);
}

static const char *sigkill_trouble(void)
{
    const struct qc_report *r;
    QT_STEP(fresh(TASK_B));
    QT_STEP(ask_want(TASK_B, OP_CATCH_KILL, 0, 0, PL_EINVAL, &r));
    if ((int32_t)r->a != PL_EINVAL || r->b != (PL_SIG_ALL & ~PL_SIG_BIT(PL_SIGKILL))) {
        return qt_why("ignoring SIGKILL gave %ld; the mask after blocking all is 0x%08lx",
                      (long)(int32_t)r->a, (unsigned long)r->b);
    }
    QT_STEP(kill_want(TASK_B, PL_SIGKILL, PL_OK));
    QT_STEP(exited(TASK_B, 128 + 9));
    return fresh(TASK_B);
}

static const char *refusal_trouble(void)
{
    const uint32_t unknown[] = {0, 1, 3, 10, 17, 32, 255};
    for (unsigned i = 0; i < COUNT(unknown); i++) {
        QT_STEP(kill_want(TASK_A, unknown[i], PL_EINVAL));
    }
    QT_STEP(kill_want(SYSTEM_TASK_COUNT, PL_SIGTERM, PL_ESRCH)); /* past the last task */
    QT_STEP(kill_want(0xffffffffu, PL_SIGTERM, PL_ESRCH));
    QT_STEP(kill_want(TASK_IDLE, PL_SIGKILL, PL_ESRCH));
    QT_STEP(ask_want(TASK_B, OP_KILL, TASK_A, PL_SIGUSR1, PL_EPERM, 0)); /* no `signals` */
    QT_STEP(ask_want(TASK_B, OP_KILL, TASK_JUDGE, PL_SIGKILL, PL_EPERM, 0));
    QT_STEP(ask_want(TASK_B, OP_IGNORE, PL_SIGUSR2, 0, PL_OK, 0));
    QT_STEP(ask_want(TASK_B, OP_KILL, TASK_B, PL_SIGUSR2, PL_OK, 0)); /* itself: always */
    QT_STEP(kill_want(TASK_X, PL_SIGTERM, PL_OK));
    QT_STEP(exited(TASK_X, 128 + 15));
    QT_STEP(kill_want(TASK_X, PL_SIGUSR1, PL_ESRCH));                    /* dead */
    QT_STEP(ask_want(TASK_B, OP_KILL, TASK_X, PL_SIGUSR1, PL_EPERM, 0)); /* not told it is */
    QT_STEP(fresh(TASK_X));
    return fresh(TASK_B);
}

/* ---- the attacker ---- */

/* x runs op and spins; a signal comes; x must fault with kind at addr. Then a still works. */
static const char *attack(uint32_t op, uint32_t a, uint32_t b, uint32_t kind, uint32_t addr)
{
    QT_STEP(fresh(TASK_X));
    qc_order(TASK_X, op, a, b);
    pl_sleep(3);
    if (op != OP_BAD_TRAMPOLINE) {
        QT_STEP(kill_want(TASK_X, PL_SIGUSR1, PL_OK));
    }
    QT_STEP(faulted(TASK_X, kind, addr));
    QT_STEP(fresh(TASK_A));
    QT_STEP(ask_want(TASK_A, OP_HITS, 0, 0, PL_OK, 0));
    return fresh(TASK_X);
}

static const char *faulty_handler_trouble(void)
{
    return attack(OP_FAULTY_HANDLER, PL_SIGUSR1, 0, PL_FAULT_MEM_DATA, KERNEL_RAM_BASE);
}

static const char *small_stack_trouble(void)
{
    /* its SP was 64 bytes above its RAM's base; the entry frame took 32 of them */
    return attack(OP_SMALL_STACK, PL_SIGUSR1, 0, PL_FAULT_SIGNAL_STACK, TASK_X_RAM_BASE + 32u);
}

static const char *trampoline_trouble(void)
{
    const uint32_t bad[] = {KERNEL_RAM_BASE | 1u, KERNEL_FLASH_BASE | 1u, TASK_X_RAM_BASE + 0x101u,
                            TASK_A_FLASH_BASE + 0x101u,
                            TASK_X_FLASH_BASE + 0x100u /* no Thumb bit */};
    for (unsigned i = 0; i < COUNT(bad); i++) {
        QT_STEP(attack(OP_BAD_TRAMPOLINE, bad[i], 0, PL_FAULT_BAD_POINTER, bad[i]));
    }
    return 0;
}

static const char *forged_xpsr_trouble(void)
{
    QT_STEP(fresh(TASK_X));
    uint32_t faults = qt_status(TASK_X).faults; /* since boot: earlier cases count too */
    qc_order(TASK_X, OP_BAD_XPSR, PL_SIGUSR1, 0);
    pl_sleep(3);
    QT_STEP(kill_want(TASK_X, PL_SIGUSR1, PL_OK));
    QT_STEP(report_want(TASK_X, PL_OK, 1, 0)); /* cleaned: it runs on where it was */
    struct pl_task_status st = qt_status(TASK_X);
    return st.faults == faults && st.state != PL_TASK_FAULTED ? 0 : "x faulted";
}

static const char *forged_sigreturn_trouble(void)
{
    const uint32_t bad[] = {KERNEL_RAM_BASE, TASK_A_RAM_BASE + 256u,
                            TASK_X_RAM_BASE + TASK_X_RAM_SIZE - 40u, /* its tail outside */
                            TASK_X_RAM_BASE + 258u /* not word-aligned */, PERIPH_UART0_BASE};
    for (unsigned i = 0; i < COUNT(bad); i++) {
        QT_STEP(attack(OP_BAD_SIGRETURN, PL_SIGUSR1, bad[i], PL_FAULT_BAD_POINTER, bad[i]));
    }
    return 0;
}

int main(void)
{
    qt_begin(SYSTEM_NAME);
    qc_start(actors, COUNT(actors), 100);
    qt_report("handler_runs_while_the_target_computes", computing_trouble());
    qt_report("alarm_runs_the_handler_of_a_computing_task_at_a_tick", alarm_trouble());
    qt_report("caught_signal_ends_a_blocking_recv_with_eintr", interrupted(OP_RECV, 0));
    qt_report("caught_signal_ends_a_sleep_with_eintr", interrupted(OP_SLEEP, 100000));
    qt_report("caught_signal_ends_a_call_with_eintr_and_drops_the_reply",
              interrupted_call_trouble());
    qt_report("sa_restart_makes_the_interrupted_receive_again", restart_trouble());
    qt_report("ignored_and_default_signals_never_give_eintr", no_eintr_trouble());
    qt_report("sigprocmask_holds_a_signal_then_delivers_it_on_unblock", mask_trouble());
    qt_report("signal_during_its_handler_waits_for_the_handler_to_return", nested_trouble());
    qt_report("sigreturn_restores_every_register", regs_trouble());
    qt_report("sigsuspend_waits_for_a_handler_and_gives_its_mask_back", suspend_trouble());
    qt_report("watcher_gets_sigchld_when_the_watched_task_stops", watch_trouble());
    qt_report("default_action_terminates_and_sigchld_is_ignored", default_trouble());
    qt_report("sigkill_cannot_be_caught_ignored_or_blocked", sigkill_trouble());
    qt_report("kill_refuses_unknown_signals_idle_dead_absent_and_unpermitted", refusal_trouble());
    qt_report("handler_that_faults_stops_only_its_task", faulty_handler_trouble());
    qt_report("stack_too_small_for_the_frame_faults_only_its_task", small_stack_trouble());
    qt_report("trampoline_outside_its_own_code_faults_the_task", trampoline_trouble());
    qt_report("forged_xpsr_in_the_frame_is_cleaned_by_sigreturn", forged_xpsr_trouble());
    qt_report("sigreturn_to_a_frame_outside_its_ram_faults_the_task", forged_sigreturn_trouble());
    qt_finish();
}

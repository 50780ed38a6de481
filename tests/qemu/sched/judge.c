/*
 * tests/qemu/sched/judge.c - runs the scheduling cases one at a time and decides each from
 * the workers' statuses (see system.ini). The judge has the highest priority and sleeps while
 * a case runs, polling every POLL ticks; each poll takes far less than a tick, so one that
 * falls on a worker's wake-up tick delays the worker without changing the tick it sees.
 */
#include <stddef.h>

#include "../harness/qtest.h"
#include "schedtest.h"
#include "system.h"

#define SLICE_TICKS 10u /* slice_ticks in system.ini */
#define POLL        7u
#define CASE_LIMIT  500u

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const uint32_t workers[] = {
    TASK_PREEMPT_HI, TASK_PREEMPT_LO, TASK_SHARE_A, TASK_SHARE_B, TASK_SLEEP_30,
    TASK_SLEEP_10,   TASK_SLEEP_20,   TASK_YIELD_A, TASK_YIELD_B, TASK_RETURNER,
};

/* Restart the tasks back to back (the judge outranks them all, so none runs before the judge
 * sleeps). Returns NULL or why they could not be restarted. */
static const char *restart_all(const uint32_t *tasks, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        int id = pl_task_restart(tasks[i]);
        if (id < 0) {
            return qt_why("pl_task_restart(%lu): %s", (unsigned long)tasks[i], pl_strerror(id));
        }
    }
    return NULL;
}

/* Start a case's workers and wait until all have stopped; *start is the tick they started. */
static const char *run_case(const uint32_t *tasks, unsigned n, uint32_t *start)
{
    *start = (uint32_t)pl_uptime();
    const char *why = restart_all(tasks, n);
    if (!why && !qt_wait_stopped(tasks, n, POLL, CASE_LIMIT)) {
        why = qt_why("workers still running %u ticks after their start", CASE_LIMIT);
    }
    return why;
}

/* Why the task did not end with pl_exit (or a return from main), or NULL. */
static const char *exit_trouble(const struct pl_task_status *st)
{
    if (st->state != PL_TASK_EXITED) {
        return qt_why("%s is %s (fault %s), expected exited", st->name, qt_state_name(st->state),
                      qt_fault_name(st->fault.kind));
    }
    return NULL;
}

/* Case 1: preempt_hi must run at the very tick each of its sleeps ends, though preempt_lo,
 * alone at a lower priority, spins without ever entering the kernel and would otherwise keep
 * the CPU at least until its slice ends. */
static const char *preemption_trouble(void)
{
    static const uint32_t hi_task[] = {TASK_PREEMPT_HI}, lo_task[] = {TASK_PREEMPT_LO};
    uint32_t start;
    const char *why = restart_all(lo_task, 1);
    if (!why) {
        why = run_case(hi_task, 1, &start);
    }
    struct pl_task_status hi = qt_status(TASK_PREEMPT_HI), lo = qt_status(TASK_PREEMPT_LO);
    if (!why && (why = exit_trouble(&hi)) == NULL && lo.state != PL_TASK_READY) {
        why = qt_why("the spinner is %s, expected still spinning", qt_state_name(lo.state));
    }
    int min_late = PREEMPT_MIN_LATE(hi.exit_code), max_late = PREEMPT_MAX_LATE(hi.exit_code);
    if (!why && (min_late != 0 || max_late > 1)) {
        why = qt_why("preempt_hi woke %d to %d ticks after its deadlines, expected 0 (+1)",
                     min_late, max_late);
    }
    /* Stop the spinner: restarted once more, it returns at once. */
    const char *stop = run_case(lo_task, 1, &start);
    return why ? why : stop;
}

/* Case 2: two spinners of one priority must take turns by time slice: each sees the other's
 * slices as gaps of about one slice, and their run windows overlap. */
static const char *sharing_trouble(void)
{
    static const uint32_t tasks[] = {TASK_SHARE_A, TASK_SHARE_B};
    uint32_t start;
    const char *why = run_case(tasks, COUNT(tasks), &start);
    struct pl_task_status st[2] = {qt_status(TASK_SHARE_A), qt_status(TASK_SHARE_B)};
    for (unsigned i = 0; i < 2; i++) {
        if (why || (why = exit_trouble(&st[i]))) {
            return why;
        }
        uint32_t gaps = SHARE_GAPS(st[i].exit_code), missed = SHARE_MAX_MISSED(st[i].exit_code);
        if (gaps < SHARE_TICKS / SLICE_TICKS - 2u) {
            return qt_why("%s was interrupted only %lu times in %u ticks of its own", st[i].name,
                          (unsigned long)gaps, SHARE_TICKS);
        }
        if (missed + 1u < SLICE_TICKS || missed > SLICE_TICKS + 1u) {
            return qt_why("%s missed up to %lu ticks at once, expected one slice (%u)", st[i].name,
                          (unsigned long)missed, SLICE_TICKS);
        }
    }
    uint32_t a_first = SHARE_FIRST(st[0].exit_code), b_first = SHARE_FIRST(st[1].exit_code);
    if (!(a_first < st[1].last_change && b_first < st[0].last_change)) {
        return qt_why("run windows do not overlap: a %lu..%lu, b %lu..%lu", (unsigned long)a_first,
                      (unsigned long)st[0].last_change, (unsigned long)b_first,
                      (unsigned long)st[1].last_change);
    }
    return NULL;
}

/* Case 3: started together, sleepers of 30, 10 and 20 ticks must each wake at its own
 * deadline, so they end in deadline order. Their priorities make them call pl_sleep in the
 * order 30, 10, 20, which is neither the deadline order nor its reverse: a timer list kept
 * in call order or in reverse would hold the 10-tick sleeper back. */
static const char *sleep_order_trouble(void)
{
    static const uint32_t tasks[] = {TASK_SLEEP_30, TASK_SLEEP_10, TASK_SLEEP_20};
    static const uint32_t ticks[] = {30, 10, 20};
    uint32_t start;
    const char *why = run_case(tasks, COUNT(tasks), &start);
    struct pl_task_status st[3];
    for (unsigned i = 0; i < 3; i++) {
        st[i] = qt_status(tasks[i]);
        if (why || (why = exit_trouble(&st[i]))) {
            return why;
        }
        /* +1: a tick may fall between reading the start and the workers' sleep calls. */
        uint32_t late = (uint32_t)st[i].exit_code - start - ticks[i];
        if (late > 1u) {
            return qt_why("%s woke at tick %ld, expected %lu (+1)", st[i].name,
                          (long)st[i].exit_code, (unsigned long)(start + ticks[i]));
        }
    }
    if (!(st[1].last_change < st[2].last_change && st[2].last_change < st[0].last_change)) {
        return qt_why("ended at ticks %lu (10), %lu (20), %lu (30): not in deadline order",
                      (unsigned long)st[1].last_change, (unsigned long)st[2].last_change,
                      (unsigned long)st[0].last_change);
    }
    return NULL;
}

/* Case 4: two equal-priority tasks that each yield YIELDS times must alternate: each is
 * switched in once at its start and once per yield of its partner (the last time to find the
 * partner gone), YIELDS + 1 times. Without alternation each would run through its yields in
 * one go and be switched in once. */
static const char *yield_trouble(void)
{
    static const uint32_t tasks[] = {TASK_YIELD_A, TASK_YIELD_B};
    uint32_t before[2] = {qt_status(TASK_YIELD_A).switches, qt_status(TASK_YIELD_B).switches};
    uint32_t start;
    const char *why = run_case(tasks, COUNT(tasks), &start);
    for (unsigned i = 0; i < 2; i++) {
        struct pl_task_status st = qt_status(tasks[i]);
        if (why || (why = exit_trouble(&st))) {
            return why;
        }
        if (st.switches - before[i] != YIELDS + 1u) {
            return qt_why("%s was switched in %lu times, expected %u", st.name,
                          (unsigned long)(st.switches - before[i]), YIELDS + 1u);
        }
    }
    return NULL;
}

/* Case 5: returning from main ends the task with the returned value as its exit code. */
static const char *return_trouble(void)
{
    static const uint32_t tasks[] = {TASK_RETURNER};
    uint32_t start;
    const char *why = run_case(tasks, COUNT(tasks), &start);
    struct pl_task_status st = qt_status(TASK_RETURNER);
    if (why || (why = exit_trouble(&st))) {
        return why;
    }
    if (st.exit_code != RETURNER_CODE || st.faults != 0 || st.last_change < start) {
        return qt_why("exit code %ld, %lu faults, ended at tick %lu; expected %d, none, >= %lu",
                      (long)st.exit_code, (unsigned long)st.faults, (unsigned long)st.last_change,
                      RETURNER_CODE, (unsigned long)start);
    }
    return NULL;
}

int main(void)
{
    qt_begin(SYSTEM_NAME);
    /* Let the workers park (each returns at once from its boot run). */
    if (!qt_wait_stopped(workers, COUNT(workers), 1, 100)) {
        qt_report("workers_park_at_boot", "some worker is still running after 100 ticks");
        qt_finish();
    }
    qt_report("higher_priority_wake_preempts_spinner_at_deadline", preemption_trouble());
    qt_report("equal_priorities_share_cpu_by_time_slice", sharing_trouble());
    qt_report("sleepers_wake_in_deadline_order", sleep_order_trouble());
    qt_report("yield_alternates_equal_priority_tasks", yield_trouble());
    qt_report("task_returning_from_main_exits_with_its_code", return_trouble());
    qt_finish();
}

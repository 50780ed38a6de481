/*
 * tests/tm/reporter.c - the reporter of every Thread-Metric image: the most urgent task, it
 * owns TIMER1 (the instruction clock, tests/bench/bench_timer.c) and the page the threads
 * count in (tm.h).
 *
 * As in the suite, the threads run free and a more urgent reporter looks at their counters
 * now and then. Here it looks twice: after a warm-up, and after a window of TM_WINDOW_TICKS.
 * The figure is the instructions elapsed in the window, less the interrupt tests' spinning,
 * over the units counted in it. Then the test's checks: the in-loop checks never failed, some
 * unit was counted, and, where the test has several counters, they are fair (each within 1 of
 * their average) or agree (all within 1 of each other), whichever the suite checks for it.
 * It prints the figure as `BENCH tm_<test> <n> insn/iter` and one ok/not ok line per check,
 * and stops the machine, failing if a check failed. The figure itself is never judged.
 */
#include <string.h>

#include "../bench/bench.h"
#include "../qemu/harness/qtest.h"
#include "parley.h"
#include "system.h"
#include "tm.h"

#define TM_WARMUP_TICKS 2u
#define TM_WINDOW_TICKS 6u

enum tm_rule {
    TM_ALONE, /* one counter: the suite compares nothing */
    TM_FAIR,  /* each counter within 1 of the average of all (integer division) */
    TM_AGREE, /* every counter within 1 of every other */
};

enum tm_unit {
    TM_SUM,   /* the counted units are the sum of the counters */
    TM_FIRST, /* the counted units are the first counter's */
};

struct tm_test {
    const char *name; /* the image's SYSTEM_NAME and the BENCH name */
    uint32_t slots;   /* counters in use: 0 .. slots-1 */
    enum tm_rule rule;
    enum tm_unit unit;
};

static const struct tm_test tm_tests[] = {
    {"tm_basic", 1, TM_ALONE, TM_FIRST},
    {"tm_cooperative", 5, TM_FAIR, TM_SUM},
    {"tm_preemptive", 5, TM_FAIR, TM_SUM},
    {"tm_interrupt", 2, TM_AGREE, TM_FIRST},            /* handler, thread */
    {"tm_interrupt_preemption", 3, TM_AGREE, TM_FIRST}, /* handler, resumed, interrupted */
    {"tm_message", 1, TM_ALONE, TM_FIRST},
    {"tm_synchronization", 1, TM_ALONE, TM_FIRST},
};

struct tm_snap {
    uint32_t timer; /* TIMER1, counting down */
    uint32_t count[TM_SLOTS];
    uint32_t spins;
};

static struct tm_shared *tm_page;

static const struct tm_test *tm_this_test(void)
{
    for (uint32_t i = 0; i < sizeof(tm_tests) / sizeof(tm_tests[0]); i++) {
        if (strcmp(tm_tests[i].name, SYSTEM_NAME) == 0) {
            return &tm_tests[i];
        }
    }
    qt_report("tm_image_is_known", qt_why("no test named '%s' in reporter.c", SYSTEM_NAME));
    qt_finish();
}

/* The page to every task but this one and the idle task (the last index), before any of
 * them runs: this task is the most urgent. */
static void tm_share_page(void)
{
    void *page = 0;
    for (uint32_t t = 0; t + 1u < SYSTEM_TASK_COUNT; t++) {
        if (t != TASK_REPORTER &&
            pl_shm_grant(PAGE_REPORTER_0, t, PL_SHM_READ | PL_SHM_WRITE) != PL_OK) {
            qt_report("tm_page_granted", qt_why("task %lu", (unsigned long)t));
            qt_finish();
        }
    }
    if (pl_shm_map(PAGE_REPORTER_0, 0, &page) != PL_OK) {
        qt_report("tm_page_mapped", "the reporter cannot map its own page");
        qt_finish();
    }
    tm_page = (struct tm_shared *)page;
    memset(page, 0, sizeof(struct tm_shared));
}

static void tm_snapshot(struct tm_snap *s)
{
    s->timer = bench_timer_now();
    for (uint32_t i = 0; i < TM_SLOTS; i++) {
        s->count[i] = tm_page->count[i];
    }
    s->spins = tm_page->spins;
}

static uint32_t tm_counted(const struct tm_test *t, const struct tm_snap *a,
                           const struct tm_snap *b)
{
    if (t->unit == TM_FIRST) {
        return b->count[0] - a->count[0];
    }
    uint32_t n = 0;
    for (uint32_t i = 0; i < t->slots; i++) {
        n += b->count[i] - a->count[i];
    }
    return n;
}

/* The suite's check on the counters as they stand (totals since the start). */
static const char *tm_rule_broken(const struct tm_test *t, const struct tm_snap *s)
{
    uint32_t lo = s->count[0], hi = s->count[0], sum = 0;
    for (uint32_t i = 0; i < t->slots; i++) {
        lo = s->count[i] < lo ? s->count[i] : lo;
        hi = s->count[i] > hi ? s->count[i] : hi;
        sum += s->count[i];
    }
    uint32_t avg = sum / t->slots;
    if (t->rule == TM_AGREE && hi - lo > 1u) {
        return qt_why("counters %lu..%lu differ by more than 1", (unsigned long)lo,
                      (unsigned long)hi);
    }
    if (t->rule == TM_FAIR && (lo + 1u < avg || hi > avg + 1u)) {
        return qt_why("counters %lu..%lu, average %lu", (unsigned long)lo, (unsigned long)hi,
                      (unsigned long)avg);
    }
    return 0;
}

static const char *tm_errors_seen(const struct tm_test *t)
{
    for (uint32_t i = 0; i < t->slots; i++) {
        if (tm_page->errors[i] != 0) {
            return qt_why("slot %lu: %lu failed checks", (unsigned long)i,
                          (unsigned long)tm_page->errors[i]);
        }
    }
    return 0;
}

static char tm_case[64];

static const char *tm_case_name(const struct tm_test *t, const char *what)
{
    strcpy(tm_case, t->name);
    strcat(tm_case, what);
    return tm_case;
}

int main(void)
{
    const struct tm_test *t = tm_this_test();
    struct tm_snap a, b;
    tm_share_page();
    bench_timer_start();
    pl_sleep(TM_WARMUP_TICKS);
    tm_snapshot(&a);
    pl_sleep(TM_WINDOW_TICKS);
    tm_snapshot(&b);

    uint32_t n = tm_counted(t, &a, &b);
    uint64_t insns = (uint64_t)(a.timer - b.timer) * BENCH_INSN_PER_COUNT;
    insns -= (uint64_t)(b.spins - a.spins) * TM_SPIN_INSNS;
    if (n != 0) {
        bench_report(t->name, (uint32_t)((insns + n / 2u) / n), "insn/iter");
    }
    qt_begin(t->name);
    qt_report(tm_case_name(t, "_counts"), n ? 0 : "nothing was counted in the window");
    if (t->rule != TM_ALONE) {
        qt_report(tm_case_name(t, t->rule == TM_FAIR ? "_fair" : "_counters_agree"),
                  tm_rule_broken(t, &b));
    }
    qt_report(tm_case_name(t, "_checks_in_loops"), tm_errors_seen(t));
    qt_finish();
}

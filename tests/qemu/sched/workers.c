/*
 * tests/qemu/sched/workers.c - the worker tasks of the scheduling cases (several tasks share
 * one entry). A worker does its case only in even generations: started at boot (generation 1)
 * it returns at once, so the judge starts a case by restarting its workers, and can stop a
 * worker that never ends (the spinner) by restarting it once more.
 */
#include "parley.h"
#include "schedtest.h"

int preempt_hi_main(void);
int preempt_lo_main(void);
int share_main(void);
int sleep_10_main(void);
int sleep_20_main(void);
int sleep_30_main(void);
int yield_main(void);
int returner_main(void);

static int parked(void)
{
    return PL_TASK_GEN(pl_task_self()) % 2u == 1u;
}

static uint32_t now(void)
{
    return (uint32_t)pl_uptime();
}

/* Sleeps PREEMPT_ROUNDS times while preempt_lo spins, and exits with the least and the most
 * ticks it woke after its deadline. The first sleep starts right after a tick, and each later
 * one right after a wake-up, so a tick between reading the start and the sleep call (which
 * would make a wake-up look one tick late) is unlikely, and cannot happen every round. */
int preempt_hi_main(void)
{
    if (parked()) {
        return 0;
    }
    uint32_t tick = now();
    while (now() == tick) {
    }
    int32_t min_late = INT32_MAX, max_late = INT32_MIN;
    for (unsigned i = 0; i < PREEMPT_ROUNDS; i++) {
        uint32_t start = now();
        pl_sleep(PREEMPT_SLEEP);
        int32_t late = (int32_t)(now() - start) - (int32_t)PREEMPT_SLEEP;
        min_late = late < min_late ? late : min_late;
        max_late = late > max_late ? late : max_late;
    }
    return PREEMPT_CODE(min_late, max_late);
}

/* Spins for ever without a system call: every system call ends in a scheduling decision, so
 * only a spinner that never enters the kernel shows that a wake-up preempts from the tick
 * itself. The judge stops it by restarting it. */
int preempt_lo_main(void)
{
    static volatile uint32_t spins;
    if (parked()) {
        return 0;
    }
    for (;;) {
        spins++;
    }
}

/* Spins until it has seen SHARE_TICKS distinct ticks, noting each jump in uptime: ticks that
 * passed while its equal-priority partner had the CPU. */
int share_main(void)
{
    if (parked()) {
        return 0;
    }
    uint32_t first = now(), last = first, seen = 1, gaps = 0, max_missed = 0;
    while (seen < SHARE_TICKS) {
        uint32_t t = now();
        if (t == last) {
            continue;
        }
        if (t - last > 1u) {
            gaps++;
            max_missed = t - last - 1u > max_missed ? t - last - 1u : max_missed;
        }
        seen++;
        last = t;
    }
    return SHARE_CODE(first, gaps, max_missed);
}

/* Exits with the tick at which it saw itself wake. */
static int sleep_then_report(uint32_t ticks)
{
    if (parked()) {
        return 0;
    }
    pl_sleep(ticks);
    return (int)now();
}

int sleep_10_main(void)
{
    return sleep_then_report(10);
}

int sleep_20_main(void)
{
    return sleep_then_report(20);
}

int sleep_30_main(void)
{
    return sleep_then_report(30);
}

/* Yields YIELDS times; the judge counts how often each partner was switched in. */
int yield_main(void)
{
    if (parked()) {
        return 0;
    }
    for (unsigned i = 0; i < YIELDS; i++) {
        pl_yield();
    }
    return 0;
}

/* Returns from main: the user library turns the value into the exit code. */
int returner_main(void)
{
    if (parked()) {
        return 0;
    }
    return RETURNER_CODE;
}

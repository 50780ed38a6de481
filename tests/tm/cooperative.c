/*
 * tests/tm/cooperative.c - Thread-Metric "cooperative scheduling", parley's port.
 *
 * The test: five threads of one priority; each, in a loop, counts once and gives the
 * processor to the next (a yield). The counted unit is one pass of one thread, so one count
 * is one yield and one switch to another thread. The check: every thread's counter is within
 * 1 of their average.
 *
 * parley: five tasks at one priority, each in its own MPU regions; the yield is pl_yield(),
 * which puts the caller behind the others of its priority (a round-robin turn) and switches,
 * reloading the MPU for the next task.
 */
#include "parley.h"
#include "tm.h"

int coop_0(void);
int coop_1(void);
int coop_2(void);
int coop_3(void);
int coop_4(void);

__attribute__((noreturn)) static void coop_run(uint32_t slot)
{
    volatile uint32_t *count = &tm_shared_map()->count[slot];
    for (;;) {
        (*count)++;
        pl_yield();
    }
}

int coop_0(void)
{
    coop_run(0);
}

int coop_1(void)
{
    coop_run(1);
}

int coop_2(void)
{
    coop_run(2);
}

int coop_3(void)
{
    coop_run(3);
}

int coop_4(void)
{
    coop_run(4);
}

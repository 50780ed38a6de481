/*
 * tests/qemu/atomic/racer.c - two tasks of equal priority add to the same words of the judge's
 * page, RACE_ROUNDS times each, preempted every tick: word 0 with __atomic_fetch_add, word 1
 * with a compare-exchange loop. An atomic operation that was not one would lose increments.
 */
#include <stdint.h>

#include "parley.h"
#include "race.h"
#include "system.h"

void racer_main(void);
void racer_main(void)
{
    void *page = 0;
    if (pl_shm_map(PAGE_JUDGE_0, 0, &page) != PL_OK) {
        pl_exit(2);
    }
    volatile uint32_t *w = (volatile uint32_t *)page;
    for (uint32_t i = 0; i < RACE_ROUNDS; i++) {
        __atomic_fetch_add(&w[0], 1u, __ATOMIC_SEQ_CST);
        uint32_t old = __atomic_load_n(&w[1], __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(&w[1], &old, old + 1u, 0, __ATOMIC_SEQ_CST,
                                            __ATOMIC_RELAXED)) {
        }
    }
    pl_exit(0);
}

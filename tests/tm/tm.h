/*
 * tests/tm/tm.h - what the Thread-Metric images share (docs/benchmarks.md, "Thread-Metric").
 *
 * Every thread of a test is its own unprivileged task. The only memory they share is one page
 * owned by the reporter and granted to each of them: the counters, the spin total of the
 * interrupt tests and the count of failed in-loop checks. Each slot is written by one task
 * only; the reporter, more urgent than all of them, reads the page while they are preempted.
 */
#ifndef TESTS_TM_TM_H
#define TESTS_TM_TM_H

#include <stdint.h>

#define TM_SLOTS 8u

struct tm_shared {
    volatile uint32_t count[TM_SLOTS];  /* the counted units, one slot per thread or handler */
    volatile uint32_t errors[TM_SLOTS]; /* failed checks inside the loops, by the same slots */
    volatile uint32_t spins;            /* passes of tm_spin() (the interrupt tests) */
};

/* Map the reporter's page (granted before any thread runs) into window 0. A thread that
 * cannot has no way to report: it stops, and the reporter sees its counter stand still. */
struct tm_shared *tm_shared_map(void);
/* The same in another window (a task whose other windows the shared-memory client owns). */
struct tm_shared *tm_shared_map_in(uint32_t window);

/* Wait for an interrupt that is handled by another task: spin until *watch differs from old,
 * adding one to *spins for each pass. A pass is exactly TM_SPIN_INSNS instructions
 * (tm_spin.S), so the reporter can take the spinning out of the elapsed instructions. */
#define TM_SPIN_INSNS 5u
void tm_spin(const volatile uint32_t *watch, uint32_t old, volatile uint32_t *spins);

/* The interrupt tests: TIMER0 fires every TM_TIMER_PERIOD counts (BENCH_INSN_PER_COUNT instructions
 * each under -icount shift=0), far longer than one round of the test, so every interrupt finds the
 * threads spinning and no interrupt overtakes the previous one. */
#define TM_TIMER_PERIOD (2000u / (1000000000u / BOARD_TIMER_HZ)) /* 2000 instructions */

#endif

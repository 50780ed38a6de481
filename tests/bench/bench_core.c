/*
 * tests/bench/bench_core.c - kernel core figures.
 *   syscall_null  pl_task_self(): trap, dispatch, return, no switch.
 *   yield_switch  pl_yield() between two tasks of equal priority in different MPU domains:
 *                 each yield is one full switch (save, pick, MPU reload, restore).
 */
#include "bench.h"
#include "parley.h"
#include "system.h"

#define ITERATIONS 20000u

static void null_syscalls(uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        (void)pl_task_self();
    }
}

static void yields(uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        pl_yield(); /* to the partner, which yields straight back: two switches */
    }
}

void bench_core(void)
{
    bench_report("syscall_null", bench_measure(null_syscalls, ITERATIONS, 1), "insn/op");
    pl_ntfn_signal(NTFN_GO, 1u); /* the partner becomes ready, behind us at our priority */
    bench_report("yield_switch", bench_measure(yields, BENCH_YIELDS, 2), "insn/op");
}

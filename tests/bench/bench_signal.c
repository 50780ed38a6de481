/*
 * tests/bench/bench_signal.c - signal figures (docs/ipc.md, "Signals").
 *   signal_deliver    pl_kill() of the task itself, from the trap until the first line of its
 *                     handler: the kill, the frame built on the way out, the trampoline and
 *                     the library's dispatch. Timestamped at both ends; averaged.
 *   signal_roundtrip  the same kill through the handler's return: delivery plus sigreturn,
 *                     until pl_kill() returns.
 */
#include "bench.h"
#include "parley.h"
#include "signals.h"
#include "system.h"

#define ITERATIONS 5000u

static volatile uint32_t at_handler;

static void on_usr1(int sig)
{
    (void)sig;
    at_handler = bench_timer_now();
}

static void kills(uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        (void)pl_kill(TASK_BENCH, PL_SIGUSR1);
    }
}

static uint32_t deliver(void)
{
    uint64_t counts = 0;
    for (uint32_t i = 0; i < ITERATIONS; i++) {
        uint32_t start = bench_timer_now();
        (void)pl_kill(TASK_BENCH, PL_SIGUSR1);
        counts += start - at_handler; /* counts down */
    }
    return (uint32_t)((counts * BENCH_INSN_PER_COUNT + ITERATIONS / 2u) / ITERATIONS);
}

void bench_signal(void)
{
    struct pl_sigaction act = {.handler = on_usr1};
    pl_sigaction(PL_SIGUSR1, &act, 0);
    bench_report("signal_deliver", deliver(), "insn/op");
    bench_report("signal_roundtrip", bench_measure(kills, ITERATIONS, 1), "insn/op");
}

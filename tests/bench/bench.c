/*
 * tests/bench/bench.c - the benchmark driver: starts the free-running timer, measures
 * (bench_timer.c), and prints one `BENCH <name> <value> <unit>` line per figure.
 */
#include "bench.h"
#include "parley.h"
#include "system.h"

int main(void)
{
    uint32_t bits;
    pl_ntfn_wait(NTFN_BENCH, 2u, &bits, PL_WAIT_FOREVER); /* the driver measures first, alone */
    bench_timer_start();
    bench_core();
    bench_ipc();
    bench_signal();
    pl_shutdown(0);
    return 0;
}

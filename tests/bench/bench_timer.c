/*
 * tests/bench/bench_timer.c - measuring in guest instructions (bench.h), shared by the
 * benchmark image and the contrast images (tests/contrast/).
 *
 * Method: TIMER1 counts at the board's timer clock (BOARD_TIMER_HZ: 25 MHz on mps2-an385, 20
 * MHz on mps2-an505, 1 GHz in QEMU's STM32 model); under -icount shift=0 one count is
 * 1e9 / BOARD_TIMER_HZ guest instructions (40, 50, 1). The timer is the board's device family's
 * (dev_timer.h); bench_timer_now() counts down whatever the device does. Each figure runs its body
 * many times, subtracts an empty loop of the same length, and divides. Exceptions cost no
 * instructions in QEMU, so the figure is the instruction count of the software path: entry stub,
 * kernel, switch, return. The task that measures owns TIMER1.
 */
#include "bench.h"
#include "dev_timer.h"
#include "parley.h"
#include "system.h"

#define TIMER_VALUE (0xffffffffu - dev_timer_now(PERIPH_TIMER1_BASE)) /* counting down */

void bench_timer_start(void)
{
    dev_timer_free_run(PERIPH_TIMER1_BASE);
}

uint32_t bench_timer_now(void)
{
    return TIMER_VALUE;
}

static void empty_loop(uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        __asm volatile("" ::: "memory");
    }
}

static uint32_t elapsed_insns(bench_body body, uint32_t iterations)
{
    uint32_t start = TIMER_VALUE;
    body(iterations);
    return (start - TIMER_VALUE) * BENCH_INSN_PER_COUNT; /* counts down */
}

uint32_t bench_measure(bench_body body, uint32_t iterations, uint32_t ops_per_iteration)
{
    uint32_t total = elapsed_insns(body, iterations);
    uint32_t base = elapsed_insns(empty_loop, iterations);
    uint32_t ops = iterations * ops_per_iteration;
    return total > base ? (total - base + ops / 2u) / ops : 0;
}

void bench_report(const char *name, uint32_t value, const char *unit)
{
    pl_printf("BENCH %s %lu %s\r\n", name, (unsigned long)value, unit);
}

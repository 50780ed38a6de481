/*
 * tests/bench/bench_timer.c - measuring in guest instructions (bench.h), shared by the
 * benchmark image and the contrast images (tests/contrast/).
 *
 * Method: TIMER1 counts down at the board's clock (BOARD_CLOCK_HZ: 25 MHz on mps2-an385, 20
 * MHz on mps2-an505); under -icount shift=0 one count is 1e9 / BOARD_CLOCK_HZ guest
 * instructions (40, 50). Each figure runs its body many times, subtracts an empty loop of the same
 * length, and divides. Exceptions cost no instructions in QEMU, so the figure is the
 * instruction count of the software path: entry stub, kernel, switch, return. The task that
 * measures owns TIMER1.
 */
#include "bench.h"
#include "parley.h"
#include "system.h"

#define TIMER_CTRL   (*(volatile uint32_t *)(PERIPH_TIMER1_BASE + 0x0u))
#define TIMER_VALUE  (*(volatile uint32_t *)(PERIPH_TIMER1_BASE + 0x4u))
#define TIMER_RELOAD (*(volatile uint32_t *)(PERIPH_TIMER1_BASE + 0x8u))

void bench_timer_start(void)
{
    TIMER_CTRL = 0;
    TIMER_RELOAD = 0xffffffffu;
    TIMER_VALUE = 0xffffffffu;
    TIMER_CTRL = 1u; /* enable, no interrupt */
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

/*
 * tests/bench/irq_driver.c - irq_to_driver: instructions from TIMER0 raising its interrupt to
 * the first instruction of the driver task that waits for it.
 *
 * Timestamps come from the dual timer, whose counts are BENCH_INSN_PER_COUNT instructions long
 * under -icount shift=0. Two things make one-instruction precision possible:
 *  - each sample starts after a different delay, sweeping the phase of the samples against
 *    the timer's ticks, so the rounding of the timestamps averages out exactly;
 *  - the same sequence is run once more with a spin on TIMER0's status instead of a blocking
 *    wait (irq_sample_poll): that reference contains every fixed part (the code between the
 *    timestamps, the timer's own period) and a detection delay of 1 to 3 instructions.
 * latency = blocking - polling + 2 (the middle of the polling detection delay).
 */
#include "bench.h"
#include "parley.h"
#include "system.h"

#define REG(base, off) ((volatile uint32_t *)((base) + (off)))
#define T0_CTRL        REG(PERIPH_TIMER0_BASE, 0x0u)
#define T0_VALUE       REG(PERIPH_TIMER0_BASE, 0x4u)
#define T0_RELOAD      REG(PERIPH_TIMER0_BASE, 0x8u)
#define T0_INT         REG(PERIPH_TIMER0_BASE, 0xcu) /* status; write 1 to clear */
#define DUAL_LOAD      REG(PERIPH_DUALTIMER_BASE, 0x0u)
#define DUAL_VALUE     REG(PERIPH_DUALTIMER_BASE, 0x4u)
#define DUAL_CTRL      REG(PERIPH_DUALTIMER_BASE, 0x8u)

#define T0_ENABLE     1u
#define T0_IRQ_ENABLE 8u
#define PERIOD_COUNTS 100u /* 4000 instructions: ample time to block before it fires */
#define PHASES        40u
#define ROUNDS        4u

uint32_t irq_sample_block(volatile uint32_t *stamp, volatile uint32_t *t0_ctrl, uint32_t ctrl,
                          uint32_t ntfn);
uint32_t irq_sample_poll(volatile uint32_t *stamp, volatile uint32_t *t0_ctrl, uint32_t ctrl,
                         volatile uint32_t *t0_status);
void bench_delay(uint32_t n);
int driver_main(void);

static void timer0_arm(void)
{
    *T0_CTRL = 0;
    *T0_INT = 1u;
    *T0_RELOAD = PERIOD_COUNTS;
    *T0_VALUE = PERIOD_COUNTS;
}

/* Sum of elapsed counts over every phase and round; one unit = BENCH_INSN_PER_COUNT instructions.
 */
static uint32_t sweep(int blocking)
{
    uint32_t sum = 0;
    for (uint32_t r = 0; r < ROUNDS; r++) {
        for (uint32_t k = 0; k < PHASES; k++) {
            timer0_arm();
            bench_delay(k);
            if (blocking) {
                sum += irq_sample_block(DUAL_VALUE, T0_CTRL, T0_ENABLE | T0_IRQ_ENABLE, NTFN_TIMER);
                *T0_CTRL = 0;
                *T0_INT = 1u;
                pl_irq_ack(NTFN_TIMER, NTFN_TIMER_TIMER0);
            } else {
                /* the status bit needs the timer's interrupt enabled; the NVIC line stays
                 * masked (not acknowledged since the warm-up sample), so no kernel entry */
                sum += irq_sample_poll(DUAL_VALUE, T0_CTRL, T0_ENABLE | T0_IRQ_ENABLE, T0_INT);
                *T0_CTRL = 0;
                *T0_INT = 1u;
            }
        }
    }
    return sum;
}

#define ACKS 2000u

/* irq_ack: TIMER0 stopped and its request cleared, so each ack only unmasks the line. Counts
 * of the dual timer (BENCH_INSN_PER_COUNT instructions each) for n acks, or for the same loop
 * without them. */
static uint32_t ack_counts(uint32_t n, int ack)
{
    uint32_t start = *DUAL_VALUE;
    for (uint32_t i = 0; i < n; i++) {
        if (ack) {
            pl_irq_ack(NTFN_TIMER, NTFN_TIMER_TIMER0);
        }
        __asm volatile("" ::: "memory");
    }
    return start - *DUAL_VALUE; /* counts down */
}

static void report_irq_ack(void)
{
    *T0_CTRL = 0;
    *T0_INT = 1u;
    uint32_t with = ack_counts(ACKS, 1), without = ack_counts(ACKS, 0);
    pl_printf("BENCH irq_ack %lu insn/op\r\n",
              (unsigned long)(((with - without) * BENCH_INSN_PER_COUNT + ACKS / 2u) / ACKS));
}

int driver_main(void)
{
    *DUAL_CTRL = 0;
    *DUAL_LOAD = 0xffffffffu;
    *DUAL_CTRL = 0x82u; /* enabled, free-running, 32-bit, no interrupt */
    uint32_t samples = PHASES * ROUNDS;
    uint32_t block = sweep(1);
    timer0_arm(); /* warm-up: its interrupt is taken once and left masked */
    (void)irq_sample_poll(DUAL_VALUE, T0_CTRL, T0_ENABLE | T0_IRQ_ENABLE, T0_INT);
    *T0_CTRL = 0;
    *T0_INT = 1u;
    uint32_t poll = sweep(0);
    /* counts * 40 / samples, in instructions; the difference removes the fixed parts */
    int32_t latency =
        (int32_t)((block - poll) * BENCH_INSN_PER_COUNT + samples / 2u) / (int32_t)samples + 2;
    pl_printf("BENCH irq_to_driver %ld insn\r\n", (long)latency);
    report_irq_ack();
    pl_ntfn_signal(NTFN_BENCH, 2u);
    for (;;) {
        pl_sleep(1000);
    }
}

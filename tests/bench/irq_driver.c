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
#include "dev_timer.h"
#include "parley.h"
#include "system.h"

#define REG(base, off) ((volatile uint32_t *)((base) + (off)))
#define T0             PERIPH_TIMER0_BASE
#define DUAL_VALUE     DEV_DUALTIMER_VALUE_REG(PERIPH_DUALTIMER_BASE)
#define PERIOD_COUNTS  (4000u / BENCH_INSN_PER_COUNT) /* 4000 instructions: ample time to block */
#define PHASES         40u
#define ROUNDS         4u

uint32_t irq_sample_block(volatile uint32_t *stamp, volatile uint32_t *t0_ctrl, uint32_t ctrl,
                          uint32_t ntfn);
uint32_t irq_sample_poll(volatile uint32_t *stamp, volatile uint32_t *t0_ctrl, uint32_t ctrl,
                         volatile uint32_t *t0_status);
void bench_delay(uint32_t n);
int driver_main(void);

static void timer0_arm(void)
{
    dev_timer_prepare(T0, PERIOD_COUNTS);
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
                sum += dev_dualtimer_span(irq_sample_block(DUAL_VALUE, DEV_TIMER_START_REG(T0),
                                                           DEV_TIMER_START_VALUE, NTFN_TIMER));
                dev_timer_stop(T0);
                pl_irq_ack(NTFN_TIMER, NTFN_TIMER_TIMER0);
            } else {
                /* the status bit needs the timer's interrupt enabled; the NVIC line stays
                 * masked (not acknowledged since the warm-up sample), so no kernel entry */
                sum += dev_dualtimer_span(irq_sample_poll(DUAL_VALUE, DEV_TIMER_START_REG(T0),
                                                          DEV_TIMER_START_VALUE,
                                                          DEV_TIMER_STATUS_REG(T0)));
                dev_timer_stop(T0);
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
    return dev_dualtimer_span(start - *DUAL_VALUE);
}

static void report_irq_ack(void)
{
    dev_timer_stop(T0);
    uint32_t with = ack_counts(ACKS, 1), without = ack_counts(ACKS, 0);
    pl_printf("BENCH irq_ack %lu insn/op\r\n",
              (unsigned long)(((with - without) * BENCH_INSN_PER_COUNT + ACKS / 2u) / ACKS));
}

int driver_main(void)
{
    dev_dualtimer_free_run(PERIPH_DUALTIMER_BASE);
    uint32_t samples = PHASES * ROUNDS;
    uint32_t block = sweep(1);
    timer0_arm(); /* warm-up: its interrupt is taken once and left masked */
    (void)dev_dualtimer_span(irq_sample_poll(DUAL_VALUE, DEV_TIMER_START_REG(T0),
                                             DEV_TIMER_START_VALUE, DEV_TIMER_STATUS_REG(T0)));
    dev_timer_stop(T0);
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

/*
 * user/dev/rp2040/dev_timer.h - the timers of a task's own devices, for the RP2040 (RP2040
 * Datasheet, 4.6 "Timer" and 4.5 "PWM"). The RP2040 has one TIMER, so the roles of board.ini
 * are two devices:
 *  - `timer1`, the free-running clock: TIMER, a 64-bit count of microseconds (its tick comes
 *    from the watchdog's tick generator, which the board starts at 1 MHz). dev_timer_free_run()
 *    and dev_timer_now() drive it, and only it;
 *  - `timer0`, periodic interrupts: PWM slice 0, a 16-bit counter that wraps at TOP and then
 *    raises PWM_IRQ_WRAP, divided from clk_sys to count microseconds like TIMER. The other
 *    dev_timer_* functions drive it, and only it;
 *  - `dualtimer`, timestamps read with one load: PWM slice 1, free-running over 16 bits at
 *    1 MHz (wraps every 65.536 ms; dev_dualtimer_span() takes the difference modulo 2^16).
 *    The same register block as timer0 (one MPU region of 256 bytes holds all eight slices):
 *    board.ini gives the device both names (`dualtimer = timer0`), so one task owns both
 *    roles, as in tests/bench/system.ini.
 * The same functions as every family's dev_timer.h (user/dev/README.md); the callers already
 * use each on its role alone (free_run/now on timer1, the periodic ones on timer0).
 *
 * The counts are BOARD_TIMER_HZ's, 1 MHz (board/rpi-pico/board.ini timer_hz). A period longer
 * than the 16-bit counter (65536 counts) is made by dividing the PWM clock further, up to
 * DEV_PWM_MAX_SCALE times (1.4 s), and a longer one is that.
 */
#ifndef USER_DEV_TIMER_H
#define USER_DEV_TIMER_H

#include <stdint.h>

/* clk_sys as board/rpi-pico/board.c sets it (board.ini cpu_hz): the PWM divides it to 1 MHz */
#define DEV_RP_CLK_SYS_HZ 12000000u
#define DEV_PWM_DIV_1US   (DEV_RP_CLK_SYS_HZ / 1000000u) /* 12: DIV.INT for 1 MHz */
#define DEV_PWM_MAX_SCALE (255u / DEV_PWM_DIV_1US)       /* DIV.INT is 8 bits */

#define DEV_TIMER_REG(base, off) (*(volatile uint32_t *)(uintptr_t)((base) + (off)))
/* TIMER */
#define DEV_T_TIMEHW(b)   DEV_TIMER_REG(b, 0x00u) /* write after TIMELW: sets the count */
#define DEV_T_TIMELW(b)   DEV_TIMER_REG(b, 0x04u)
#define DEV_T_TIMERAWL(b) DEV_TIMER_REG(b, 0x28u) /* the low word, read without a latch */
/* PWM: slice n's registers at 0x14 x n, then the block's interrupt registers */
#define DEV_PWM_CSR(b, n)  DEV_TIMER_REG(b, 0x14u * (n) + 0x00u)
#define DEV_PWM_DIV(b, n)  DEV_TIMER_REG(b, 0x14u * (n) + 0x04u)
#define DEV_PWM_CTR(b, n)  DEV_TIMER_REG(b, 0x14u * (n) + 0x08u)
#define DEV_PWM_TOP(b, n)  DEV_TIMER_REG(b, 0x14u * (n) + 0x10u)
#define DEV_PWM_INTR(b)    DEV_TIMER_REG(b, 0xa4u) /* raw wrap flags; write 1: clear */
#define DEV_PWM_INTE(b)    DEV_TIMER_REG(b, 0xa8u)
#define DEV_PWM_INTS(b)    DEV_TIMER_REG(b, 0xb0u) /* INTR & INTE: what raises the line */
#define DEV_PWM_CSR_EN     0x1u       /* and DIVMODE 0: count every divided clk_sys cycle */
#define DEV_PWM_DIV_INT(i) ((i) << 4) /* DIV.INT, bits 11:4; DIV.FRAC 0 */
#define DEV_PWM_PERIODIC   0u         /* the slice of the role timer0 */
#define DEV_PWM_DUAL       1u         /* the slice of the role dualtimer */
#define DEV_PWM_MASK       0xffffu

/* timer1: count freely from now on, no interrupt; dev_timer_now() reads it. TIMER never stops;
 * the count is set to 0 (the low word first, then the high one, which moves both). */
static inline void dev_timer_free_run(uint32_t base)
{
    DEV_T_TIMELW(base) = 0;
    DEV_T_TIMEHW(base) = 0;
}

/* timer1: microseconds since dev_timer_free_run, growing (modulo 2^32) */
static inline uint32_t dev_timer_now(uint32_t base)
{
    return DEV_T_TIMERAWL(base);
}

/* dualtimer: slice 1 from 0, wrapping at 0xffff, 1 MHz, its interrupt never enabled */
static inline void dev_dualtimer_free_run(uint32_t base)
{
    DEV_PWM_CSR(base, DEV_PWM_DUAL) = 0;
    DEV_PWM_DIV(base, DEV_PWM_DUAL) = DEV_PWM_DIV_INT(DEV_PWM_DIV_1US);
    DEV_PWM_TOP(base, DEV_PWM_DUAL) = DEV_PWM_MASK;
    DEV_PWM_CTR(base, DEV_PWM_DUAL) = 0;
    DEV_PWM_CSR(base, DEV_PWM_DUAL) = DEV_PWM_CSR_EN;
}

/* The counts between two reads of the dualtimer's count, given as first minus second: it
 * counts up, over 16 bits. */
static inline uint32_t dev_dualtimer_span(uint32_t first_minus_second)
{
    return (0u - first_minus_second) & DEV_PWM_MASK;
}

/* dualtimer: microseconds since dev_dualtimer_free_run, modulo 2^16 (65.536 ms) */
static inline uint32_t dev_dualtimer_now(uint32_t base)
{
    return DEV_PWM_CTR(base, DEV_PWM_DUAL) & DEV_PWM_MASK;
}

/* For code that reads the registers itself (tests/bench/irq_sample.S): the dual timer's
 * count, the periodic timer's status (non-zero while it requests: INTS, in which only slice
 * 0's interrupt is enabled), and the store that starts a prepared periodic timer. */
#define DEV_DUALTIMER_VALUE_REG(base) (&DEV_PWM_CTR(base, DEV_PWM_DUAL))
#define DEV_TIMER_STATUS_REG(base)    (&DEV_PWM_INTS(base))
#define DEV_TIMER_START_REG(base)     (&DEV_PWM_CSR(base, DEV_PWM_PERIODIC))
#define DEV_TIMER_START_VALUE         DEV_PWM_CSR_EN

/* timer0: set up an interrupt every `period` counts, status cleared, not yet counting. The
 * counter wraps after TOP + 1 counts; beyond 16 bits the clock is divided `scale` times more
 * and TOP is the period over `scale`. INTE gets slice 0's bit alone: the dualtimer's slice
 * never interrupts. */
static inline void dev_timer_prepare(uint32_t base, uint32_t period)
{
    uint32_t scale = period > DEV_PWM_MASK + 1u ? (period >> 16) + 1u : 1u;
    if (scale > DEV_PWM_MAX_SCALE) {
        scale = DEV_PWM_MAX_SCALE;
    }
    uint32_t counts = period / scale; /* of the divided clock, per wrap: TOP + 1 */
    if (counts > DEV_PWM_MASK + 1u) {
        counts = DEV_PWM_MASK + 1u;
    }
    if (counts == 0) {
        counts = 1;
    }

    DEV_PWM_CSR(base, DEV_PWM_PERIODIC) = 0;
    DEV_PWM_DIV(base, DEV_PWM_PERIODIC) = DEV_PWM_DIV_INT(DEV_PWM_DIV_1US * scale);
    DEV_PWM_TOP(base, DEV_PWM_PERIODIC) = counts - 1u;
    DEV_PWM_CTR(base, DEV_PWM_PERIODIC) = 0;
    DEV_PWM_INTR(base) = 1u << DEV_PWM_PERIODIC;
    DEV_PWM_INTE(base) = 1u << DEV_PWM_PERIODIC;
}

/* timer0: an interrupt every `period` counts from now on, status cleared */
static inline void dev_timer_periodic(uint32_t base, uint32_t period)
{
    dev_timer_prepare(base, period);
    *DEV_TIMER_START_REG(base) = DEV_TIMER_START_VALUE;
}

/* timer0: non-zero while it requests its interrupt (the line is a level: INTS non-zero) */
static inline uint32_t dev_timer_status(uint32_t base)
{
    return DEV_PWM_INTS(base);
}

/* timer0: stop requesting until the next wrap. Read back, so the clear has reached the
 * peripheral before the caller acknowledges the interrupt. */
static inline void dev_timer_clear(uint32_t base)
{
    DEV_PWM_INTR(base) = 1u << DEV_PWM_PERIODIC;
    (void)DEV_PWM_INTR(base);
}

/* timer0: stop counting, keep the status and its request as they are */
static inline void dev_timer_hold(uint32_t base)
{
    DEV_PWM_CSR(base, DEV_PWM_PERIODIC) = 0;
}

/* timer0: stop counting and clear the status: it requests nothing */
static inline void dev_timer_stop(uint32_t base)
{
    DEV_PWM_CSR(base, DEV_PWM_PERIODIC) = 0;
    DEV_PWM_CTR(base, DEV_PWM_PERIODIC) = 0;
    dev_timer_clear(base);
}

#endif

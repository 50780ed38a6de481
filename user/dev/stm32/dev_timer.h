/*
 * user/dev/stm32/dev_timer.h - the timer of a task's own device, for the STM32 boards: a
 * general-purpose timer TIM2-TIM5 (RM0090 chapter 18), counting up, one update interrupt
 * (UIF) per period. TIM2 and TIM5 are 32-bit; a board's board.ini gives them to the roles that
 * count freely (timer1, dualtimer).
 *
 * The same functions as every family's dev_timer.h (user/dev/README.md), written for both a
 * chip and QEMU 7.2's model of it, which differs (docs/porting.md, "netduinoplus2"): the model's
 * CNT counts nanoseconds of virtual time (board.ini timer_hz = 1 GHz), and an update it
 * schedules after a write to CNT, PSC or EGR comes at about twice the current virtual time,
 * not after the period. So these functions never write CNT, PSC or EGR: a period is set by
 * ARR alone, from a stopped timer, which the model then honours exactly, every period. Its
 * interrupt is a pulse per update, not a level held while UIF is set.
 * On a chip, the counter resumes where it stopped: the first period after dev_timer_prepare()
 * is shorter by what it had counted, or, if that was past the new period, runs once through
 * the whole 32-bit range (TIM2, TIM5; a 16-bit timer through 16 bits).
 */
#ifndef USER_DEV_TIMER_H
#define USER_DEV_TIMER_H

#include <stdint.h>

#define DEV_TIMER_REG(base, off) (*(volatile uint32_t *)(uintptr_t)((base) + (off)))
#define DEV_T_CR1(b)             DEV_TIMER_REG(b, 0x00u)
#define DEV_T_DIER(b)            DEV_TIMER_REG(b, 0x0cu)
#define DEV_T_SR(b)              DEV_TIMER_REG(b, 0x10u) /* UIF: write 0 to clear */
#define DEV_T_EGR(b)             DEV_TIMER_REG(b, 0x14u)
#define DEV_T_CNT(b)             DEV_TIMER_REG(b, 0x24u)
#define DEV_T_PSC(b)             DEV_TIMER_REG(b, 0x28u)
#define DEV_T_ARR(b)             DEV_TIMER_REG(b, 0x2cu)
#define DEV_T_CEN                0x1u
#define DEV_T_URS                0x4u /* only an overflow sets UIF, never a software update */
#define DEV_T_UIE                0x1u
#define DEV_T_UIF                0x1u

/* Count freely from now on, no interrupt; dev_timer_now() reads it. */
static inline void dev_timer_free_run(uint32_t base)
{
    DEV_T_CR1(base) = 0;
    DEV_T_DIER(base) = 0;
    DEV_T_ARR(base) = 0xffffffffu;
    DEV_T_CR1(base) = DEV_T_CEN;
}

/* Counts since dev_timer_free_run, growing (modulo 2^32). */
static inline uint32_t dev_timer_now(uint32_t base)
{
    return DEV_T_CNT(base);
}

/* The role `dualtimer` is one more general-purpose timer on this family. */
static inline void dev_dualtimer_free_run(uint32_t base)
{
    dev_timer_free_run(base);
}

static inline uint32_t dev_dualtimer_now(uint32_t base)
{
    return dev_timer_now(base);
}

/* For code that reads the registers itself (tests/bench/irq_sample.S): the dual timer's
 * count, the periodic timer's status (non-zero while it requests), and the counts between two
 * reads of the count given as first minus second. */
#define DEV_DUALTIMER_VALUE_REG(base) (&DEV_T_CNT(base))
#define DEV_TIMER_STATUS_REG(base)    (&DEV_T_SR(base))
static inline uint32_t dev_dualtimer_span(uint32_t first_minus_second)
{
    uint32_t x = first_minus_second;
    return 0u - x;
}

#define DEV_TIMER_START_REG(base) (&DEV_T_CR1(base))
#define DEV_TIMER_START_VALUE     (DEV_T_CEN | DEV_T_URS)

/* Set up an interrupt every `period` counts, status cleared, not yet counting. */
static inline void dev_timer_prepare(uint32_t base, uint32_t period)
{
    DEV_T_CR1(base) = 0;
    DEV_T_DIER(base) = 0;
    DEV_T_SR(base) = 0;
    DEV_T_ARR(base) = period;
    DEV_T_DIER(base) = DEV_T_UIE;
}

/* An interrupt every `period` counts from now on, status cleared. */
static inline void dev_timer_periodic(uint32_t base, uint32_t period)
{
    dev_timer_prepare(base, period);
    *DEV_TIMER_START_REG(base) = DEV_TIMER_START_VALUE;
}

/* The interrupt status: non-zero while the timer requests its interrupt. */
static inline uint32_t dev_timer_status(uint32_t base)
{
    return DEV_T_SR(base) & DEV_T_UIF;
}

/* Clear the status: the timer stops requesting until its next period. */
static inline void dev_timer_clear(uint32_t base)
{
    DEV_T_SR(base) = 0;
}

/* Keep the status and its request as they are. On a chip the update interrupt is a level, held
 * while UIF is set whether or not the timer counts; QEMU's pulses only at each update, so the
 * timer is left counting: its next update raises the request again, as the level would. */
static inline void dev_timer_hold(uint32_t base)
{
    (void)base;
}

/* Stop counting and clear the status: the timer requests nothing. */
static inline void dev_timer_stop(uint32_t base)
{
    DEV_T_CR1(base) = 0;
    DEV_T_SR(base) = 0;
}

#endif

/*
 * user/dev/nrf/nrf_timer.h - Nordic's TIMER peripheral (TIMER0-2), the same registers on the
 * nRF51 and the nRF52 (Product Specifications, "TIMER"): 32-bit at BITMODE 3, counting up at
 * 16 MHz with PRESCALER 0, one COMPARE[0] event per period, cleared by the COMPARE0_CLEAR
 * short. It has no counter register to read: its count is copied into CC[3] by the
 * TASKS_CAPTURE[3] task first, so dev_timer_now() is a store and a load.
 *
 * The TIMER half of the dev_timer.h of both Nordic families (user/dev/nrf for the nRF52,
 * user/dev/nrf51), which add the role `dualtimer` each in their own way.
 */
#ifndef USER_DEV_NRF_TIMER_H
#define USER_DEV_NRF_TIMER_H

#include <stdint.h>

#define DEV_TIMER_REG(base, off)   (*(volatile uint32_t *)(uintptr_t)((base) + (off)))
#define DEV_T_TASKS_START(b)       DEV_TIMER_REG(b, 0x000u)
#define DEV_T_TASKS_STOP(b)        DEV_TIMER_REG(b, 0x004u)
#define DEV_T_TASKS_CLEAR(b)       DEV_TIMER_REG(b, 0x00cu)
#define DEV_T_TASKS_CAPTURE3(b)    DEV_TIMER_REG(b, 0x04cu)
#define DEV_T_EVENTS_COMPARE0(b)   DEV_TIMER_REG(b, 0x140u) /* non-zero: period reached; write 0 */
#define DEV_T_SHORTS(b)            DEV_TIMER_REG(b, 0x200u)
#define DEV_T_INTENSET(b)          DEV_TIMER_REG(b, 0x304u)
#define DEV_T_INTENCLR(b)          DEV_TIMER_REG(b, 0x308u)
#define DEV_T_MODE(b)              DEV_TIMER_REG(b, 0x504u)
#define DEV_T_BITMODE(b)           DEV_TIMER_REG(b, 0x508u)
#define DEV_T_PRESCALER(b)         DEV_TIMER_REG(b, 0x510u)
#define DEV_T_CC0(b)               DEV_TIMER_REG(b, 0x540u)
#define DEV_T_CC3(b)               DEV_TIMER_REG(b, 0x54cu)
#define DEV_T_TRIGGER              1u
#define DEV_T_MODE_TIMER           0u
#define DEV_T_BITMODE_32           3u
#define DEV_T_SHORT_COMPARE0_CLEAR 0x1u
#define DEV_T_INT_COMPARE0         (1u << 16)
#define DEV_T_INT_ALL              0xffffffffu

/* Stopped, cleared, 32-bit, 16 MHz, no short and no interrupt. */
static inline void dev_timer_reset(uint32_t base)
{
    DEV_T_TASKS_STOP(base) = DEV_T_TRIGGER;
    DEV_T_INTENCLR(base) = DEV_T_INT_ALL;
    DEV_T_SHORTS(base) = 0;
    DEV_T_MODE(base) = DEV_T_MODE_TIMER;
    DEV_T_BITMODE(base) = DEV_T_BITMODE_32;
    DEV_T_PRESCALER(base) = 0;
    DEV_T_TASKS_CLEAR(base) = DEV_T_TRIGGER;
}

/* Count freely from now on, no interrupt; dev_timer_now() reads it. */
static inline void dev_timer_free_run(uint32_t base)
{
    dev_timer_reset(base);
    DEV_T_TASKS_START(base) = DEV_T_TRIGGER;
}

/* Counts since dev_timer_free_run, growing (modulo 2^32): captured into CC[3], then read. */
static inline uint32_t dev_timer_now(uint32_t base)
{
    DEV_T_TASKS_CAPTURE3(base) = DEV_T_TRIGGER;
    return DEV_T_CC3(base);
}

#define DEV_TIMER_START_REG(base) (&DEV_T_TASKS_START(base))
#define DEV_TIMER_START_VALUE     DEV_T_TRIGGER

/* Set up an interrupt every `period` counts, status cleared, not yet counting. */
static inline void dev_timer_prepare(uint32_t base, uint32_t period)
{
    dev_timer_reset(base);
    DEV_T_CC0(base) = period;
    DEV_T_SHORTS(base) = DEV_T_SHORT_COMPARE0_CLEAR;
    DEV_T_EVENTS_COMPARE0(base) = 0;
    DEV_T_INTENSET(base) = DEV_T_INT_COMPARE0;
}

/* An interrupt every `period` counts from now on, status cleared. */
static inline void dev_timer_periodic(uint32_t base, uint32_t period)
{
    dev_timer_prepare(base, period);
    *DEV_TIMER_START_REG(base) = DEV_TIMER_START_VALUE;
}

/* The interrupt status: non-zero while the timer requests its interrupt (the TIMER's line is
 * a level, high while an enabled event is set). */
static inline uint32_t dev_timer_status(uint32_t base)
{
    return DEV_T_EVENTS_COMPARE0(base);
}

/* Clear the status: the timer stops requesting until its next period. The event is read back
 * so the clear has reached the peripheral before the caller acknowledges the interrupt. */
static inline void dev_timer_clear(uint32_t base)
{
    DEV_T_EVENTS_COMPARE0(base) = 0;
    (void)DEV_T_EVENTS_COMPARE0(base);
}

/* Stop counting, but keep the status and its request as they are. */
static inline void dev_timer_hold(uint32_t base)
{
    DEV_T_TASKS_STOP(base) = DEV_T_TRIGGER;
}

/* Stop counting and clear the status: the timer requests nothing. */
static inline void dev_timer_stop(uint32_t base)
{
    DEV_T_TASKS_STOP(base) = DEV_T_TRIGGER;
    DEV_T_TASKS_CLEAR(base) = DEV_T_TRIGGER;
    dev_timer_clear(base);
}

#endif

/*
 * user/dev/cmsdk/dev_timer.h - the timer of a task's own device, for the MPS2 boards: ARM's
 * CMSDK APB timer (32-bit, counting down, one interrupt per reload) and, for dev_timer_*
 * free-running reads only, the CMSDK dual timer's first half.
 *
 * Every device family has a dev_timer.h with these functions (user/dev/README.md); a board's
 * board.mk names its family (DEV_FAMILY) and the build puts that folder on the tasks' include
 * path: the code that uses a timer is the same on every board.
 */
#ifndef USER_DEV_TIMER_H
#define USER_DEV_TIMER_H

#include <stdint.h>

#define DEV_TIMER_REG(base, off) (*(volatile uint32_t *)(uintptr_t)((base) + (off)))
#define DEV_T_CTRL(b)            DEV_TIMER_REG(b, 0x0u)
#define DEV_T_VALUE(b)           DEV_TIMER_REG(b, 0x4u)
#define DEV_T_RELOAD(b)          DEV_TIMER_REG(b, 0x8u)
#define DEV_T_INT(b)             DEV_TIMER_REG(b, 0xcu) /* status; write 1: clear */
#define DEV_T_ENABLE             0x1u
#define DEV_T_IRQ_ENABLE         0x8u

/* Count freely from now on, no interrupt; dev_timer_now() reads it. */
static inline void dev_timer_free_run(uint32_t base)
{
    DEV_T_CTRL(base) = 0;
    DEV_T_RELOAD(base) = 0xffffffffu;
    DEV_T_VALUE(base) = 0xffffffffu;
    DEV_T_CTRL(base) = DEV_T_ENABLE;
}

/* Counts since dev_timer_free_run, growing (modulo 2^32): the timer counts down. */
static inline uint32_t dev_timer_now(uint32_t base)
{
    return 0xffffffffu - DEV_T_VALUE(base);
}

/* The dual timer's first half, free-running (32-bit, no interrupt). */
static inline void dev_dualtimer_free_run(uint32_t base)
{
    DEV_TIMER_REG(base, 0x8u) = 0;
    DEV_TIMER_REG(base, 0x0u) = 0xffffffffu;
    DEV_TIMER_REG(base, 0x8u) = 0x82u; /* enabled, free-running, 32-bit, no interrupt */
}

static inline uint32_t dev_dualtimer_now(uint32_t base)
{
    return 0xffffffffu - DEV_TIMER_REG(base, 0x4u);
}

/* The address whose store starts a prepared periodic timer (dev_timer_prepare), and the value
 * to store: for code that must start it with one instruction (tests/bench/irq_sample.S). */
/* For code that reads the registers itself (tests/bench/irq_sample.S): the dual timer's
 * count, the periodic timer's status (non-zero while it requests), and the counts between two
 * reads of the count given as first minus second. */
#define DEV_DUALTIMER_VALUE_REG(base) (&DEV_TIMER_REG(base, 0x4u))
#define DEV_TIMER_STATUS_REG(base)    (&DEV_T_INT(base))
static inline uint32_t dev_dualtimer_span(uint32_t first_minus_second)
{
    uint32_t x = first_minus_second;
    return x;
}

#define DEV_TIMER_START_REG(base) (&DEV_T_CTRL(base))
#define DEV_TIMER_START_VALUE     (DEV_T_ENABLE | DEV_T_IRQ_ENABLE)

/* Set up an interrupt every `period` counts, status cleared, not yet counting. */
static inline void dev_timer_prepare(uint32_t base, uint32_t period)
{
    DEV_T_CTRL(base) = 0;
    DEV_T_INT(base) = 1u;
    DEV_T_RELOAD(base) = period;
    DEV_T_VALUE(base) = period;
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
    return DEV_T_INT(base);
}

/* Clear the status: the timer stops requesting until its next period. */
static inline void dev_timer_clear(uint32_t base)
{
    DEV_T_INT(base) = 1u;
}

/* Stop counting, but keep the status and its request as they are. */
static inline void dev_timer_hold(uint32_t base)
{
    DEV_T_CTRL(base) = DEV_T_IRQ_ENABLE;
}

/* Stop counting and clear the status: the timer requests nothing. */
static inline void dev_timer_stop(uint32_t base)
{
    DEV_T_CTRL(base) = 0;
    DEV_T_INT(base) = 1u;
}

#endif

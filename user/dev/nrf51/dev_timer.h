/*
 * user/dev/nrf51/dev_timer.h - the timer of a task's own device, for the nRF51 boards
 * (`microbit`): Nordic's TIMER (../nrf/nrf_timer.h, the same peripheral as on the nRF52) for
 * every role, `dualtimer` included. The nRF52 family gives that role an RTC, whose COUNTER a
 * single load reads; QEMU's nRF51 models no RTC, so here the dual timer is TIMER2, read like
 * the others through a capture. There is therefore no DEV_DUALTIMER_VALUE_REG: code that
 * reads a count with one load (tests/bench/irq_sample.S) does not build for this family, and
 * the board skips its images (board/microbit/skip.mk).
 */
#ifndef USER_DEV_TIMER_H
#define USER_DEV_TIMER_H

#include <stdint.h>

#include "../nrf/nrf_timer.h"

/* The TIMER counts up: the counts between two reads, given as first minus second. */
static inline uint32_t dev_dualtimer_span(uint32_t first_minus_second)
{
    return 0u - first_minus_second;
}

static inline void dev_dualtimer_free_run(uint32_t base)
{
    dev_timer_free_run(base);
}

static inline uint32_t dev_dualtimer_now(uint32_t base)
{
    return dev_timer_now(base);
}

#define DEV_TIMER_STATUS_REG(base) (&DEV_T_EVENTS_COMPARE0(base))

#endif

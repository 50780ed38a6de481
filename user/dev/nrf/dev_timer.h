/*
 * user/dev/nrf/dev_timer.h - the timer of a task's own device, for the nRF52 boards (Nordic's
 * nRF52840 Product Specification, "TIMER" and "RTC"): a TIMER (TIMER0-2: 32-bit at BITMODE 3,
 * counting up at 16 MHz with PRESCALER 0, one COMPARE[0] event per period, cleared by the
 * COMPARE0_CLEAR short), and for the role `dualtimer` an RTC.
 *
 * The same functions as every family's dev_timer.h (user/dev/README.md). Two things differ
 * from the other families:
 *  - a TIMER has no counter register to read: its count is copied into CC[3] by the
 *    TASKS_CAPTURE[3] task first, so dev_timer_now() is a store and a load;
 *  - code that reads the count itself, with one load (tests/bench/irq_sample.S,
 *    DEV_DUALTIMER_VALUE_REG), needs a register that counts. The nRF's only such register a
 *    task can own is an RTC's COUNTER: 24-bit, counting up at 32768 Hz (PRESCALER 0; the
 *    board starts the low-frequency clock). dev_dualtimer_span() turns its counts into
 *    TIMER counts, BOARD_TIMER_HZ = 16 MHz (16000000 / 32768 = 15625 / 32), so the callers'
 *    arithmetic is the other families'; one RTC count is about 488 of them, so a single span
 *    is that coarse, and dev_dualtimer_now() wraps after 2^24 RTC counts (512 s).
 */
#ifndef USER_DEV_TIMER_H
#define USER_DEV_TIMER_H

#include <stdint.h>

#include "nrf_timer.h"

#define DEV_RTC_TASKS_START(b) DEV_TIMER_REG(b, 0x000u)
#define DEV_RTC_TASKS_STOP(b)  DEV_TIMER_REG(b, 0x004u)
#define DEV_RTC_TASKS_CLEAR(b) DEV_TIMER_REG(b, 0x008u)
#define DEV_RTC_INTENCLR(b)    DEV_TIMER_REG(b, 0x308u)
#define DEV_RTC_COUNTER(b)     DEV_TIMER_REG(b, 0x504u)
#define DEV_RTC_PRESCALER(b)   DEV_TIMER_REG(b, 0x508u)
#define DEV_RTC_MASK           0x00ffffffu

/* The role `dualtimer` is an RTC: its counts turned into TIMER counts (16 MHz). */
static inline uint32_t dev_dualtimer_span(uint32_t first_minus_second)
{
    uint32_t rtc = (0u - first_minus_second) & DEV_RTC_MASK; /* the RTC counts up, 24-bit */
    return (uint32_t)(((uint64_t)rtc * 15625u + 16u) / 32u);
}

static inline void dev_dualtimer_free_run(uint32_t base)
{
    DEV_RTC_TASKS_STOP(base) = DEV_T_TRIGGER;
    DEV_RTC_INTENCLR(base) = DEV_T_INT_ALL;
    DEV_RTC_PRESCALER(base) = 0; /* writable only while stopped */
    DEV_RTC_TASKS_CLEAR(base) = DEV_T_TRIGGER;
    DEV_RTC_TASKS_START(base) = DEV_T_TRIGGER;
}

/* In TIMER counts since dev_dualtimer_free_run; wraps after 2^24 RTC counts (512 s). */
static inline uint32_t dev_dualtimer_now(uint32_t base)
{
    return dev_dualtimer_span(0u - DEV_RTC_COUNTER(base));
}

/* For code that reads the registers itself (tests/bench/irq_sample.S): the dual timer's
 * count (the RTC's COUNTER, which a load reads), the periodic timer's status (non-zero while
 * it requests), and the counts between two reads of the count given as first minus second
 * (dev_dualtimer_span, above). */
#define DEV_DUALTIMER_VALUE_REG(base) (&DEV_RTC_COUNTER(base))
#define DEV_TIMER_STATUS_REG(base)    (&DEV_T_EVENTS_COMPARE0(base))

#endif

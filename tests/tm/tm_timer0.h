/* tests/tm/tm_timer0.h - TIMER0, the interrupt source of the interrupt tests (CMSDK timer). */
#ifndef TESTS_TM_TIMER0_H
#define TESTS_TM_TIMER0_H

#include <stdint.h>

#include "parley.h"
#include "system.h"
#include "tm.h"

#define TM_T0_CTRL   (*(volatile uint32_t *)(PERIPH_TIMER0_BASE + 0x0u))
#define TM_T0_VALUE  (*(volatile uint32_t *)(PERIPH_TIMER0_BASE + 0x4u))
#define TM_T0_RELOAD (*(volatile uint32_t *)(PERIPH_TIMER0_BASE + 0x8u))
#define TM_T0_INT    (*(volatile uint32_t *)(PERIPH_TIMER0_BASE + 0xcu)) /* write 1: clear */

/* Fire every TM_TIMER_PERIOD counts from now on. */
static inline void tm_timer0_start(void)
{
    TM_T0_CTRL = 0;
    TM_T0_INT = 1u;
    TM_T0_RELOAD = TM_TIMER_PERIOD;
    TM_T0_VALUE = TM_TIMER_PERIOD;
    TM_T0_CTRL = 1u | 8u; /* enable, interrupt enable */
}

/* The driver's half of one interrupt, as both interrupt tests run it: wait for TIMER0's bit
 * of notification ntfn, count it in count[0], clear the timer and acknowledge the interrupt.
 * A call that fails (or other bits) counts in errors[0]. */
static inline void tm_timer0_take(struct tm_shared *sh, uint32_t ntfn, uint32_t bit)
{
    uint32_t bits = 0;
    if (pl_ntfn_wait(ntfn, bit, &bits, PL_WAIT_FOREVER) != PL_OK || bits != bit) {
        sh->errors[0]++;
    }
    sh->count[0]++;
    TM_T0_INT = 1u;
    if (pl_irq_ack(ntfn, bit) != PL_OK) {
        sh->errors[0]++;
    }
}

#endif

/* tests/tm/tm_timer0.h - TIMER0, the interrupt source of the interrupt tests (the board's
 * device family's timer, dev_timer.h). */
#ifndef TESTS_TM_TIMER0_H
#define TESTS_TM_TIMER0_H

#include <stdint.h>

#include "dev_timer.h"
#include "parley.h"
#include "system.h"
#include "tm.h"

/* Fire every TM_TIMER_PERIOD counts from now on. */
static inline void tm_timer0_start(void)
{
    dev_timer_periodic(PERIPH_TIMER0_BASE, TM_TIMER_PERIOD);
}

/* The driver's half of one interrupt, as both interrupt tests run it: acknowledge TIMER0's
 * last interrupt and wait for its next bit of notification ntfn in one call
 * (pl_irq_ack_wait), count it in count[0] and clear the timer. The first call acknowledges a
 * line that has not fired yet, which changes nothing. A call that fails (or other bits)
 * counts in errors[0]. */
static inline void tm_timer0_take(struct tm_shared *sh, uint32_t ntfn, uint32_t bit)
{
    uint32_t bits = 0;
    if (pl_irq_ack_wait(ntfn, bit, bit, &bits, PL_WAIT_FOREVER) != PL_OK || bits != bit) {
        sh->errors[0]++;
    }
    sh->count[0]++;
    dev_timer_clear(PERIPH_TIMER0_BASE);
}

#endif

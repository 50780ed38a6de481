/*
 * tests/tm/interrupt_preemption.c - Thread-Metric "interrupt preemption processing", parley's
 * port.
 *
 * The test: a less urgent thread, in a loop, counts and causes an interrupt; the handler
 * counts and resumes a more urgent thread, which therefore runs as soon as the handler
 * returns: it counts and suspends itself, and the interrupted thread goes on. The counted
 * unit is one interrupt with its resume, preemption and suspend. The check: the handler's and
 * the two threads' counters are all within 1 of each other.
 *
 * parley: as in interrupt.c, the handler is the driver task `isr` woken by TIMER0's periodic
 * interrupt, and the interrupted thread (`low`) spins until the interrupt has been handled
 * (tm_spin, subtracted). The handler counts, clears the timer, acknowledges the IRQ, resumes
 * `high` (pl_ntfn_signal of its notification; `high` is less urgent than the driver, so it
 * only becomes ready) and waits, which switches to `high`; `high` counts and suspends
 * (pl_ntfn_wait), which switches back to `low`. Per count: interrupt entry and a switch, three
 * system calls of the driver and one of `high`, two more switches.
 */
#include "parley.h"
#include "system_all.h"
#include "tm.h"
#include "tm_timer0.h"

int isr_main(void);
int high_main(void);
int low_main(void);

int isr_main(void)
{
    struct tm_shared *sh = tm_shared_map();
    tm_timer0_start();
    for (;;) {
        tm_timer0_take(sh, NTFN_ISR, NTFN_ISR_TIMER0);
        if (pl_ntfn_signal(NTFN_HIGH, 1u) != PL_OK) { /* resume the more urgent thread */
            sh->errors[0]++;
        }
    }
}

int high_main(void)
{
    struct tm_shared *sh = tm_shared_map();
    for (;;) {
        uint32_t bits = 0;
        if (pl_ntfn_wait(NTFN_HIGH, 1u, &bits, PL_WAIT_FOREVER) != PL_OK || bits != 1u) {
            sh->errors[1]++; /* suspended until resumed */
        }
        sh->count[1]++;
    }
}

int low_main(void)
{
    struct tm_shared *sh = tm_shared_map();
    for (;;) {
        sh->count[2]++;
        tm_spin(&sh->count[1], sh->count[1], &sh->spins); /* until `high` has run */
    }
}

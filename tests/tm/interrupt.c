/*
 * tests/tm/interrupt.c - Thread-Metric "interrupt processing", parley's port.
 *
 * The test: one thread, in a loop, causes an interrupt; the interrupt's handler counts and
 * puts a semaphore; the thread gets the semaphore (it is there already), counts, and goes
 * round again. The counted unit is one interrupt with its semaphore put and get. The check:
 * the handler's and the thread's counters are within 1 of each other.
 *
 * parley runs no code in handler mode: the handler is a driver task, `isr`, more urgent than
 * the thread, woken through its notification by TIMER0's interrupt (the kernel masks the IRQ
 * and sets the bit). It counts, clears the timer, acknowledges the IRQ (pl_irq_ack), puts the
 * semaphore (pl_ntfn_signal of the thread's notification) and waits for the next interrupt,
 * which switches back to the thread; the thread's get is pl_ntfn_wait() on that bit, which is
 * already set. The thread cannot raise the interrupt itself (a device and its IRQ belong to
 * one task, here the driver), so TIMER0 fires periodically and the thread spins until the
 * handler has run (tm_spin, whose passes the reporter subtracts exactly). The call to the spin,
 * about 8 instructions, stands where the suite's thread calls the code that raises the
 * interrupt. So per count: interrupt entry and switch to the driver, three system calls of
 * the driver (ack, signal, wait, the last switching back), one of the thread (the get).
 */
#include "parley.h"
#include "system_all.h"
#include "tm.h"
#include "tm_timer0.h"

int isr_main(void);
int thread_main(void);

int isr_main(void)
{
    struct tm_shared *sh = tm_shared_map();
    tm_timer0_start();
    for (;;) {
        tm_timer0_take(sh, NTFN_ISR, NTFN_ISR_TIMER0);
        if (pl_ntfn_signal(NTFN_THREAD, 1u) != PL_OK) { /* the semaphore put */
            sh->errors[0]++;
        }
    }
}

int thread_main(void)
{
    struct tm_shared *sh = tm_shared_map();
    for (;;) {
        tm_spin(&sh->count[0], sh->count[0], &sh->spins); /* until the next interrupt */
        uint32_t bits = 0;
        if (pl_ntfn_wait(NTFN_THREAD, 1u, &bits, PL_WAIT_FOREVER) != PL_OK || bits != 1u) {
            sh->errors[1]++; /* the semaphore get */
        }
        sh->count[1]++;
    }
}

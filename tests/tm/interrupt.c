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
 * and sets the bit). It counts, clears the timer, puts the semaphore, then acknowledges the
 * IRQ and waits for the next interrupt in one call (pl_irq_ack_wait), which switches back to
 * the thread; the thread gets the semaphore, which is there already. The thread cannot raise
 * the interrupt itself (a device and its IRQ belong to one task, here the driver), so TIMER0
 * fires periodically and the thread spins until the handler has run (tm_spin, whose passes
 * the reporter subtracts exactly). The call to the spin, about 8 instructions, stands where
 * the suite's thread calls the code that raises the interrupt.
 *
 * The semaphore is the synchronisation library's named semaphore (servers/shm/sync.h), the
 * one tests/tm/synchronization.c gets and puts: a counting semaphore in a shared-memory object
 * both tasks map, so a put that finds no waiter and a get that finds the count above 0 are
 * one compare-and-swap each in the task's own mapping, as the design for the
 * semaphore service asks. So per count: interrupt entry and switch to the driver, one system
 * call of the driver (the acknowledgement and wait, switching back), and two compare-and-swaps.
 * A thread that had to sleep for its semaphore would be woken through the shared-memory
 * server instead (sem_post_wait in `make bench`); this test never sleeps there, as the
 * suite's thread never waits for its semaphore either.
 */
#include <fcntl.h>

#include "../../servers/shm/shm_client.h"
#include "../../servers/shm/sync.h"
#include "parley.h"
#include "system_all.h"
#include "tm.h"
#include "tm_timer0.h"

/* The semaphore, created at 0 by whichever of the two tasks opens it first (the driver, which
 * is more urgent), in the task's first window; the reporter's page goes in the second. A task
 * that cannot open it has no way to take part: it says so and stops, and the reporter sees
 * the counters stand still. */
static sem_t *open_semaphore(void)
{
    sem_t *sem = 0;
    if (sem_open("tm.irq", O_CREAT, SHM_MODE_ALL, 0, &sem) != PL_OK) {
        static const char msg[] = "tm: cannot open the semaphore\r\n";
        (void)pl_debug_write(msg, sizeof(msg) - 1u);
        pl_exit(1);
    }
    return sem;
}

int isr_main(void);
int thread_main(void);

/* Bit of the driver's notification by which the thread says it has the semaphore and the
 * page: only then does the timer start, so that no interrupt is counted by the driver alone
 * while the thread is still opening them (the counters must stay within 1). */
#define THREAD_READY (1u << 1)

int isr_main(void)
{
    sem_t *sem = open_semaphore();
    struct tm_shared *sh = tm_shared_map_in(1);
    uint32_t bits = 0;
    if (pl_ntfn_wait(NTFN_ISR, THREAD_READY, &bits, PL_WAIT_FOREVER) != PL_OK) {
        sh->errors[0]++;
    }
    tm_timer0_start();
    for (;;) {
        tm_timer0_take(sh, NTFN_ISR, NTFN_ISR_TIMER0);
        if (sem_post(sem) != PL_OK) { /* the semaphore put */
            sh->errors[0]++;
        }
    }
}

int thread_main(void)
{
    sem_t *sem = open_semaphore();
    struct tm_shared *sh = tm_shared_map_in(1);
    if (pl_ntfn_signal(NTFN_ISR, THREAD_READY) != PL_OK) {
        sh->errors[1]++;
    }
    for (;;) {
        tm_spin(&sh->count[0], sh->count[0], &sh->spins); /* until the next interrupt */
        if (sem_wait(sem) != PL_OK) {
            sh->errors[1]++; /* the semaphore get */
        }
        sh->count[1]++;
    }
}

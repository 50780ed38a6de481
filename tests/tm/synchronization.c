/*
 * tests/tm/synchronization.c - Thread-Metric "synchronization processing", parley's port.
 *
 * The test: one thread, in a loop, gets a semaphore that is available and puts it back, and
 * counts. The counted unit is one get plus one put. The check: every get and put succeeds.
 *
 * parley has no semaphore service yet; the closest kernel object is a notification used as a
 * binary semaphore: the bit set means available, the get is pl_ntfn_wait() on the bit (it is
 * set, so the call returns at once and clears it) and the put is pl_ntfn_signal() of it. A
 * notification bit does not count (two puts make one available unit), only its one waiter
 * can get it, and only the tasks named as its signalers can put it.
 */
#include "parley.h"
#include "system_all.h"
#include "tm.h"

int sync_main(void);

int sync_main(void)
{
    struct tm_shared *sh = tm_shared_map();
    (void)pl_ntfn_signal(NTFN_SEM, 1u); /* created available */
    for (;;) {
        uint32_t bits = 0;
        if (pl_ntfn_wait(NTFN_SEM, 1u, &bits, PL_WAIT_FOREVER) != PL_OK || bits != 1u) {
            sh->errors[0]++;
        }
        if (pl_ntfn_signal(NTFN_SEM, 1u) != PL_OK) {
            sh->errors[0]++;
        }
        sh->count[0]++;
    }
}

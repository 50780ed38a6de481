/*
 * servers/supervisor/sup_timer.c - the supervisor's wake-up helper (see sup_timer.h).
 *
 * Stateless: wait until armed, sleep one quantum, tick the supervisor. Arms that arrive while
 * it sleeps are kept in the notification word and start the next quantum at once.
 * Description: task sup_timer (entry sup_timer_main, the supervisor's priority), notification
 * 'sup_timer' (waiter sup_timer, signalers supervisor), and sup_timer among the signalers of
 * notification 'supervisor'.
 */
#include "parley.h"
#include "sup_timer.h"
#include "system.h"

int sup_timer_main(void)
{
    for (;;) {
        uint32_t bits = 0;
        int err = pl_ntfn_wait(NTFN_SUP_TIMER, SUP_TIMER_ARM, &bits, PL_WAIT_FOREVER);
        if (err != PL_OK) {
            pl_printf("[sup_timer] cannot wait: %s\r\n", pl_strerror(err));
            return 1; /* a broken description: the supervisor logs the exit */
        }
        pl_sleep(SUP_TIMER_QUANTUM_TICKS);
        pl_ntfn_signal(NTFN_SUPERVISOR, SUP_TIMER_TICK);
    }
}

/*
 * user/lib/idle.c - the idle task, added to every system by sysgen at the lowest priority.
 * It runs unprivileged like any task and waits for the next interrupt the way the board's
 * device family allows (dev_idle.h, user/dev/<family>/): on most, WFI sleeps the core (allowed
 * in unprivileged Thread mode on ARMv7-M); on the nRF52, SysTick stops while the core sleeps,
 * so the idle task spins instead.
 */
#include "dev_idle.h"

int idle_main(void);

int idle_main(void)
{
    for (;;) {
        dev_idle_wait();
    }
}

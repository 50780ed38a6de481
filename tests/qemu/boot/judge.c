/*
 * tests/qemu/boot/judge.c - checks what the boot thread raised reached the first task.
 */
#include "parley.h"
#include "../harness/qtest.h"
#include "system.h"

int main(void);

int main(void)
{
    uint32_t bits = 0;
    qt_begin("boot");
    /* Both interrupts set pending during boot are taken once a task runs; the second one is
     * there only if the boot thread went on to the end of its hook. */
    int err = pl_ntfn_poll(NTFN_TIMER, NTFN_TIMER_TIMER0 | NTFN_TIMER_TIMER1, &bits);
    qt_report("interrupts raised during boot arrive once the first task runs, and boot finished",
              err != PL_OK || bits != (NTFN_TIMER_TIMER0 | NTFN_TIMER_TIMER1)
                  ? qt_why("poll gave %d, bits 0x%lx", err, (unsigned long)bits)
                  : NULL);
    /* The first task runs unprivileged (CONTROL.nPRIV), as every task must where the board
     * isolates tasks. A board without an MPU (BOARD_ISOLATED 0, the Cortex-M0 of `microbit`)
     * has no unprivileged mode either: there the task runs privileged, as its docs say. */
    uint32_t control;
    __asm volatile("mrs %0, control" : "=r"(control));
    if (BOARD_ISOLATED) {
        qt_report("the first task runs unprivileged",
                  (control & 1u) ? NULL : qt_why("CONTROL is 0x%lx", (unsigned long)control));
    } else {
        qt_report("without isolation (board.ini mpu = none) the first task runs privileged",
                  (control & 1u) ? qt_why("CONTROL is 0x%lx", (unsigned long)control) : NULL);
    }
    /* The tick started during boot runs: time goes on while the judge sleeps. */
    uint64_t before = pl_uptime();
    int slept = pl_sleep(5);
    uint64_t after = pl_uptime();
    qt_report("ticks started during boot count once the first task runs",
              slept != PL_OK || after < before + 5
                  ? qt_why("sleep gave %d, uptime %lu -> %lu", slept, (unsigned long)before,
                           (unsigned long)after)
                  : NULL);
    qt_finish();
}

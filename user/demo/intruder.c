/*
 * user/demo/intruder.c - a misbehaving task: after a while it tries to write into the
 * ticker's RAM. The MPU stops it; the kernel records the fault, the supervisor leaves it
 * stopped (restart = never) and everyone else runs on.
 *
 * Its only IPC right is to print: stdout goes to the console driver.
 */
#include <stdio.h>

#include "parley.h"
#include "system.h"

#define INTRUDER_DELAY_MS 1500u

int intruder_main(void)
{
    printf("[intruder] started; in %u.%u s I will write into the ticker's RAM at 0x%08lx\r\n",
           INTRUDER_DELAY_MS / 1000u, INTRUDER_DELAY_MS % 1000u / 100u,
           (unsigned long)TASK_TICKER_RAM_BASE + 0x100u);
    pl_sleep(INTRUDER_DELAY_MS * SYSTEM_TICK_HZ / 1000u);
    *(volatile unsigned *)(TASK_TICKER_RAM_BASE + 0x100u) = 0xdeadbeef;
    printf("[intruder] the write went through: isolation is broken!\r\n");
    return 1;
}

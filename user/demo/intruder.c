/*
 * user/demo/intruder.c - a misbehaving task: after a while it tries to write into the counter
 * task's RAM. The MPU stops it; the kernel records the fault and everyone else runs on.
 */
#include "parley.h"
#include "system.h"

int main(void)
{
    pl_printf("[intruder] started; in 1.2 s I will write to counter's RAM at 0x%08x\r\n",
              (unsigned)TASK_COUNTER_RAM_BASE);
    pl_sleep(1200);
    *(volatile unsigned *)(TASK_COUNTER_RAM_BASE + 0x100u) = 0xdeadbeef;
    pl_printf("[intruder] the write went through: isolation is broken!\r\n");
    return 1;
}

/*
 * user/demo/supervisor.c - watches every task; when one has faulted it prints the fault
 * record the kernel kept and restarts the task with a fresh memory image.
 */
#include "parley.h"
#include "system.h"

static void report_and_restart(uint32_t i, const struct pl_task_status *st)
{
    pl_printf("[supervisor] %s faulted (kind %lu, address 0x%08lx, pc 0x%08lx); restarting\r\n",
              st->name, (unsigned long)st->fault.kind, (unsigned long)st->fault.addr,
              (unsigned long)st->fault.pc);
    int id = pl_task_restart(i);
    pl_printf("[supervisor] %s is back as generation %lu\r\n", st->name,
              (unsigned long)PL_TASK_GEN((uint32_t)id));
}

int main(void)
{
    pl_printf("[supervisor] watching %u tasks\r\n", SYSTEM_TASK_COUNT);
    for (;;) {
        for (uint32_t i = 0; i < SYSTEM_TASK_COUNT; i++) {
            struct pl_task_status st;
            if (pl_task_status(i, &st) == PL_OK && st.state == PL_TASK_FAULTED && st.restarts < 1) {
                report_and_restart(i, &st);
            }
        }
        pl_sleep(100);
    }
}

/*
 * sys/main.c - boot order, one line per subsystem, then the first task.
 */
#include "board.h"
#include "console.h"
#include "ipc.h"
#include "klog.h"
#include "kserver.h"
#include "sched.h"
#include "task.h"
#include "time.h"

#define PARLEY_VERSION "0.1"

static void banner(void)
{
    unsigned regions = arch_mpu_region_count();
    kprintf("\r\nparley %s microkernel on %s (%s, MPU with %u regions)\r\n", PARLEY_VERSION,
            board_name, arch_cpu_name(), regions);
    if (regions == 0) { /* a core without an MPU (docs/porting.md, "ARMv6-M") */
        kprintf("*** NO MPU: tasks are NOT isolated. A task's stray pointer can write the kernel "
                "and every other task; only the kernel's own checks of system call arguments "
                "remain ***\r\n");
    }
    kprintf("system '%s': %lu tasks, tick %lu Hz\r\n", sys_config.name,
            (unsigned long)sys_task_count, (unsigned long)sys_config.tick_hz);
}

void kernel_main(void) __attribute__((noreturn));

void kernel_main(void)
{
    board_init();                       /* clocks and the console */
    banner();                           /* from here on the kernel can speak */
    arch_init();                        /* exception priorities, fault traps, MPU on */
    time_init(0);                       /* tick 0, no deadlines */
    sched_init(sys_config.slice_ticks); /* empty run queues */
    ep_init_all();                      /* empty endpoint queues */
    shm_init_all();                     /* no page granted */
    task_init_all();                    /* every task's memory image, MPU regions, rights */
    ntfn_init_all();                    /* notifications clear, owned interrupts unmasked */
    klog_init(ntfn_signal);             /* the log stays polled until a console driver takes it */
    kserver_init_all();                 /* MODE=mono: the servers in the kernel set up */
    if (sys_config.test_hook) {
        sys_config.test_hook(); /* only in images that test the kernel itself */
    }
    arch_timer_start(board_cpu_hz(), sys_config.tick_hz); /* the tick starts */
    arch_start(&sched_switch()->arch); /* the highest-priority task runs; never returns */
}

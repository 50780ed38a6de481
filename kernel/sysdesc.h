/*
 * kernel/sysdesc.h - the static tables generated from a system description.
 *
 * tools/sysgen.py reads the image's system .ini file and writes sys_tables.c with these
 * definitions; nothing here is created at run time. See docs/system-description.md.
 */
#ifndef KERNEL_SYSDESC_H
#define KERNEL_SYSDESC_H

#include <stdint.h>

#include "arch.h"

/* Capabilities a description can grant a task beyond its own memory. */
enum task_cap {
    CAP_SUPERVISOR = 1u << 0, /* read any task's status and fault record, restart tasks */
    CAP_SHUTDOWN = 1u << 1,   /* stop the machine (tests, power-off) */
};

struct task_desc {
    const char *name;
    uintptr_t entry;    /* the task's start routine (user/lib start.c) */
    uint32_t priority;  /* 0 is the most urgent; the idle task has the lowest */
    uint32_t caps;      /* enum task_cap bits */
    uintptr_t ram_base; /* RAM region: stack at the bottom, then .data, .bss, heap */
    uint32_t ram_size;
    uint32_t stack_size; /* the stack grows down towards ram_base: overflow leaves the region */
    uintptr_t data_load; /* initial .data image in flash */
    uintptr_t data_start, data_end, bss_start, bss_end;
    const struct mem_region *regions; /* code, RAM, peripherals, in MPU slot order */
    uint32_t region_count;
    const uint8_t *irqs; /* interrupts this task owns */
    uint32_t irq_count;
};

struct sys_config {
    const char *name;     /* the system's name from its description */
    uint32_t tick_hz;     /* SysTick rate */
    uint32_t slice_ticks; /* round-robin time slice among equal priorities */
};

extern const struct sys_config sys_config;
extern const struct task_desc sys_task_descs[];
extern const uint32_t sys_task_count;

#endif

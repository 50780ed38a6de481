/*
 * arch/host/arch_types.h - the fake architecture's task context, for host unit tests.
 *
 * There is no real stack and no exception: a task's "saved registers" are one frame held by
 * value, which a test fills in (svc, r0-r3, pc) before calling kernel_syscall(), and reads back
 * to see what the kernel returned; r4-r11 sit beside it. The MPU regions are kept as given
 * (a size of 0 is an unused slot), for tests to inspect.
 */
#ifndef ARCH_HOST_TYPES_H
#define ARCH_HOST_TYPES_H

#include <stdint.h>

#define ARCH_MPU_SLOTS 8 /* as many as PMSAv7 on Cortex-M3, so the same rules apply */

struct arch_frame {
    uint32_t r0, r1, r2, r3;
    uint32_t pc;  /* address after the trapping instruction, as on the real CPU */
    uint32_t lr;  /* the task's link register at the trap */
    uint32_t svc; /* the number the task "trapped" with (a real CPU reads it from the SVC) */
};

struct arch_task {
    struct arch_frame frame;
    uint32_t r4_r11[8];         /* the callee-saved registers IPC passes values in */
    uintptr_t entry, stack_top; /* as given to arch_task_init(), for tests to check */
    /* The task's stack pointer as the real CPU would have it at the trap (where its frame
     * would lie): arch_task_init() puts it just below stack_top, and a test moves it to play
     * a task that moved its SP. The frame itself stays in `frame`. */
    uint32_t sp;
    uint32_t stack_base, stack_span; /* arch_task_set_stack_area(), as on Cortex-M */
    uint32_t upcall;                 /* arch_task_set_upcall(): a signal is due */
    uint32_t region_count;
    struct {
        uintptr_t base;
        uint32_t size, access;
    } regions[ARCH_MPU_SLOTS]; /* a copy of the validated regions, like the MPU values */
};

#endif

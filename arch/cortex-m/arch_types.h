/*
 * arch/cortex-m/arch_types.h - ARMv7-M (Cortex-M3/M4 without FPU context) task context.
 *
 * The layout of struct arch_task is read by entry.S with fixed offsets: r4-r11 and the PSP
 * first, then the precomputed MPU register pairs written as blocks through the RBAR/RASR alias
 * registers on each switch. arch.c checks the offsets with static asserts.
 */
#ifndef ARCH_CORTEX_M_TYPES_H
#define ARCH_CORTEX_M_TYPES_H

#include <stdint.h>

#define ARCH_MPU_SLOTS 8 /* PMSAv7 regions written on every switch */

struct arch_task {
    uint32_t r4_r11[8];               /* callee-saved registers while the task is not running */
    uint32_t psp;                     /* its process stack pointer: points at the hardware frame */
    uint32_t mpu[2 * ARCH_MPU_SLOTS]; /* RBAR, RASR per region, in alias-register order */
    /* Where its exception frame may lie (arch_task_set_stack_area): the frame at PSP is whole
     * inside the task's RAM iff PSP - stack_base <= stack_span (one unsigned compare: a PSP
     * below the base wraps to a huge offset). entry.S reads both with one LDRD. */
    uint32_t stack_base; /* first byte of the task's own RAM region */
    uint32_t stack_span; /* its size minus the frame's 32 bytes */
    /* Not 0: a signal is due, and arch_resume calls kernel_signal_resume() before it resumes
     * the task (arch_task_set_upcall). */
    uint32_t upcall;
};

/* The frame the CPU pushes on exception entry. */
struct arch_frame {
    uint32_t r0, r1, r2, r3, r12, lr, pc, xpsr;
};

#endif

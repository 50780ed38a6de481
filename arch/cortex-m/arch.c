/*
 * arch/cortex-m/arch.c - the ARMv7-M and ARMv8-M Mainline part of the arch contract
 * (arch/arch.h): exception priorities with BASEPRI, the configurable fault handlers, byte-wide
 * interrupt priorities. The parts every Cortex-M shares are in arch_common.c, the entry code in
 * entry.S, the MPU in mpu.c (PMSAv7) or mpu_v8.c (PMSAv8).
 *
 * Invariant: every kernel entry runs at PRIO_KERNEL, so kernel code never nests.
 */
#include "arch.h"
#include "regs.h"

void arch_init(void)
{
    /* Until arch_start() the boot thread is not a task: no kernel entry (tick, interrupt) may
     * come in. Faults, more urgent, still do. */
    __asm volatile("msr basepri, %0" ::"r"(PRIO_KERNEL) : "memory");
    /* Faults get their own handlers (not HardFault) and the highest priority. */
    SCB_SHPR1 = PRIO_FAULTS | (PRIO_FAULTS << 8) | (PRIO_FAULTS << 16);
    SCB_SHPR2 = PRIO_KERNEL << 24;                         /* SVCall */
    SCB_SHPR3 = (PRIO_KERNEL << 16) | (PRIO_KERNEL << 24); /* PendSV, SysTick */
    SCB_SHCSR |= SHCSR_MEMFAULTENA | SHCSR_BUSFAULTENA | SHCSR_USGFAULTENA;
    /* A task dividing by zero is a bug worth stopping, not a silent 0. */
    SCB_CCR |= CCR_DIV_0_TRP | CCR_STKALIGN;
    mpu_init(); /* the kernel keeps the default memory map; tasks see only their regions */
}

void arch_irq_enable(unsigned irq)
{
    NVIC_IPR_BYTE(irq) = PRIO_KERNEL;
    NVIC_ISER(irq / 32u) = 1u << (irq % 32u);
}

/*
 * arch/cortex-m/arch_v6m.c - the ARMv6-M part of the arch contract (arch/arch.h): the
 * Cortex-M0 and M0+. The counterpart of arch.c; the parts every Cortex-M shares are in
 * arch_common.c, the entry code in entry_v6m.S, the faults in fault_v6m.c.
 *
 * What ARMv6-M lacks, and what stands in for it:
 *   - no BASEPRI: the boot thread holds every kernel entry off with PRIMASK (cpsid i) until
 *     arch_start() (entry_v6m.S), which clears it once the first task is pending. HardFault,
 *     at its fixed priority -1, is taken through PRIMASK, so a fault during boot is still seen;
 *   - no MemManage, BusFault or UsageFault and no fault status registers: every fault is a
 *     HardFault (fault_v6m.c). Nothing to enable;
 *   - CCR is read-only (the stack is always 8-aligned on exception entry, unaligned accesses
 *     always fault) and there is no divide instruction, so no divide-by-zero trap;
 *   - the priority registers may only be written a word at a time, and two priority bits are
 *     implemented (0x00, 0x40, 0x80, 0xC0): PRIO_KERNEL 0x80 is one of them.
 *
 * Invariant, as on ARMv7-M: every kernel entry (SVCall, PendSV, SysTick, device interrupts)
 * runs at PRIO_KERNEL, so kernel code never nests.
 */
#include "arch.h"
#include "regs.h"

/* The word of NVIC_IPR that holds interrupt n's priority byte (ARMv6-M: word access only). */
#define NVIC_IPR_WORD(n) REG32(0xE000E400u + 4u * ((n) / 4u))

void arch_init(void)
{
    /* Until arch_start() the boot thread is not a task: no kernel entry may come in. */
    __asm volatile("cpsid i" ::: "memory");
    SCB_SHPR2 = PRIO_KERNEL << 24;                         /* SVCall */
    SCB_SHPR3 = (PRIO_KERNEL << 16) | (PRIO_KERNEL << 24); /* PendSV, SysTick */
    mpu_init(); /* with an MPU (an M0+ that has one): the default map for the kernel */
}

void arch_irq_enable(unsigned irq)
{
    uint32_t shift = 8u * (irq % 4u);
    NVIC_IPR_WORD(irq) = (NVIC_IPR_WORD(irq) & ~(0xffu << shift)) | (PRIO_KERNEL << shift);
    NVIC_ISER(irq / 32u) = 1u << (irq % 32u);
}

/*
 * arch/cortex-m/fault_v6m.c - faults on ARMv6-M (Cortex-M0, M0+), the counterpart of fault.c.
 *
 * ARMv6-M has one fault exception, HardFault, and no fault status or address registers: a
 * task's fault is recorded as PL_FAULT_HARD with the PC and LR it stacked (when its frame lies
 * in its own RAM, as on ARMv7-M), and no address. An undefined instruction, a bus error, an
 * unaligned access, an SVC with interrupts masked, a bad exception return and (on an M0+
 * with an MPU) a region violation all look the same here. A fault taken in Handler mode or on
 * the main stack is the kernel's own: its registers are printed and the kernel panics.
 */
#include "arch.h"
#include "regs.h"

/* Called from entry_v6m.S with the faulting task's context saved; returns the task to run. */
struct arch_task *arch_task_fault(struct arch_task *cur)
{
    struct pl_fault_record rec = {.kind = PL_FAULT_HARD};
    /* A frame outside the task's own RAM (its SP was moved elsewhere) is not read. */
    if (arch_task_frame_ok(cur)) {
        rec.pc = arch_task_frame(cur)->pc;
        rec.lr = arch_task_frame(cur)->lr;
    } else {
        rec.addr = arch_task_sp(cur); /* the stack pointer it had, at least */
        rec.addr_valid = 1;
    }
    return kernel_task_fault(cur, &rec);
}

/* Called from entry_v6m.S for a fault in the kernel. Never returns. */
void arch_kernel_fault(const struct arch_frame *f, uint32_t exc_return)
{
    uint32_t ipsr;
    __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
    klog_polled();
    kprintf("\r\n*** kernel fault: exception %lu, EXC_RETURN 0x%08lx\r\n", (unsigned long)ipsr,
            (unsigned long)exc_return);
    kprintf("    PC 0x%08lx  LR 0x%08lx  xPSR 0x%08lx\r\n", (unsigned long)f->pc,
            (unsigned long)f->lr, (unsigned long)f->xpsr);
    panic("fault in kernel mode (HardFault; ARMv6-M has no fault status registers)");
}

/*
 * arch/cortex-m/fault.c - decoding ARMv7-M faults.
 *
 * A fault taken from a task becomes a struct pl_fault_record (kind, address, PC, raw CFSR)
 * handed to the kernel, which stops that task only. A fault taken in Handler mode or on MSP
 * means the kernel itself broke: the registers are printed and the kernel panics.
 * The status registers are write-one-to-clear and are cleared after reading so the next
 * fault is decoded on its own.
 */
#include "arch.h"
#include "regs.h"

static uint32_t fault_kind(uint32_t cfsr)
{
    if (cfsr & (CFSR_MSTKERR | CFSR_MUNSTKERR | CFSR_STKERR | CFSR_UNSTKERR)) {
        return PL_FAULT_STACK;
    }
    if (cfsr & CFSR_IACCVIOL) {
        return PL_FAULT_MEM_EXEC;
    }
    if (cfsr & CFSR_DACCVIOL) {
        return PL_FAULT_MEM_DATA;
    }
    if (cfsr & (CFSR_IBUSERR | CFSR_PRECISERR | CFSR_IMPRECISERR)) {
        return PL_FAULT_BUS;
    }
    if (cfsr & CFSR_UNDEFINSTR) {
        return PL_FAULT_UNDEF;
    }
    if (cfsr & (CFSR_INVSTATE | CFSR_INVPC | CFSR_NOCP)) {
        return PL_FAULT_STATE;
    }
    if (cfsr & CFSR_DIVBYZERO) {
        return PL_FAULT_DIV0;
    }
    if (cfsr & CFSR_UNALIGNED) {
        return PL_FAULT_UNALIGNED;
    }
    return PL_FAULT_HARD;
}

static void fault_address(struct pl_fault_record *rec, uint32_t cfsr)
{
    if (rec->kind == PL_FAULT_MEM_EXEC) {
        rec->addr = rec->pc; /* the fetch address is the PC itself */
        rec->addr_valid = rec->pc != 0;
    } else if ((cfsr & CFSR_MMARVALID) && rec->kind != PL_FAULT_BUS) {
        rec->addr = SCB_MMFAR;
        rec->addr_valid = 1;
    } else if (cfsr & CFSR_BFARVALID) {
        rec->addr = SCB_BFAR;
        rec->addr_valid = 1;
    }
}

/* Called from entry.S with the faulting task's context saved; returns the task to run next. */
struct arch_task *arch_task_fault(struct arch_task *cur)
{
    uint32_t cfsr = SCB_CFSR;
    struct pl_fault_record rec = {.kind = fault_kind(cfsr), .raw = cfsr};
    /* After a stacking error the frame never reached memory: its PC is unknown. A frame
     * outside the task's own RAM (its SP was moved into a device, a shared page, ...) is not
     * read either: a device may answer a read with a bus error, here in Handler mode. */
    if (rec.kind != PL_FAULT_STACK && arch_task_frame_ok(cur)) {
        rec.pc = arch_task_frame(cur)->pc;
        rec.lr = arch_task_frame(cur)->lr;
    }
    if (rec.kind == PL_FAULT_STACK && !(cfsr & (CFSR_MMARVALID | CFSR_BFARVALID))) {
        rec.addr = arch_task_sp(cur); /* no fault address: the stack pointer it had, at least */
        rec.addr_valid = 1;
    }
    fault_address(&rec, cfsr);
    SCB_CFSR = cfsr;
    SCB_HFSR = SCB_HFSR;
    /* An SVC whose stacking failed stays pending; it must not run on the next task's behalf. */
    SCB_SHCSR &= ~SHCSR_SVCALLPENDED;
    return kernel_task_fault(cur, &rec);
}

/* Called from entry.S for a fault in the kernel. Never returns. */
void arch_kernel_fault(const struct arch_frame *f, uint32_t exc_return)
{
    uint32_t cfsr = SCB_CFSR, hfsr = SCB_HFSR;
    uint32_t ipsr;
    __asm volatile("mrs %0, ipsr" : "=r"(ipsr));
    klog_polled();
    kprintf("\r\n*** kernel fault: exception %lu, EXC_RETURN 0x%08lx\r\n", (unsigned long)ipsr,
            (unsigned long)exc_return);
    kprintf("    CFSR 0x%08lx  HFSR 0x%08lx  MMFAR 0x%08lx%s  BFAR 0x%08lx%s\r\n",
            (unsigned long)cfsr, (unsigned long)hfsr, (unsigned long)SCB_MMFAR,
            (cfsr & CFSR_MMARVALID) ? " (valid)" : "", (unsigned long)SCB_BFAR,
            (cfsr & CFSR_BFARVALID) ? " (valid)" : "");
    kprintf("    PC 0x%08lx  LR 0x%08lx  xPSR 0x%08lx\r\n", (unsigned long)f->pc,
            (unsigned long)f->lr, (unsigned long)f->xpsr);
    panic("fault in kernel mode (%s)", fault_kind(cfsr) == PL_FAULT_HARD ? "HardFault" : "CFSR");
}

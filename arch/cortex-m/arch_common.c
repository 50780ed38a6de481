/*
 * arch/cortex-m/arch_common.c - the parts of the arch contract (arch/arch.h) every Cortex-M
 * profile shares: ARMv6-M (M0, M0+), ARMv7-M (M3, M4, M7) and ARMv8-M Mainline (M33). Task
 * frames and registers, SysTick, masking and rearming interrupts, the CPU's name, leaving the
 * machine. What differs goes in the profile's own files, which the board names (ARCH_SRCS):
 * exception priorities and priority registers (arch.c, arch_v6m.c), the entry code (entry.S,
 * entry_v6m.S), fault decoding (fault.c, fault_v6m.c) and the MPU (mpu.c, mpu_v8.c, mpu_none.c).
 */
#include <stddef.h>

#include "arch.h"
#include "regs.h"
#include "semihost.h"

_Static_assert(offsetof(struct arch_task, psp) == 32, "entry.S saves PSP at offset 32");
_Static_assert(offsetof(struct arch_task, mpu) == 36, "entry.S loads the MPU from offset 36");
_Static_assert(offsetof(struct arch_task, stack_base) == 100 &&
                   offsetof(struct arch_task, stack_span) == 104,
               "entry.S checks the frame against the stack area at offsets 100 and 104");
_Static_assert(offsetof(struct arch_task, upcall) == 108, "arch_resume tests it at offset 108");
_Static_assert(sizeof(struct arch_frame) == 32, "a basic frame: the span leaves room for it");

#define XPSR_THUMB (1u << 24)

/* Read and written by entry.S; defined here, in C, so that the kernel's code finds it next
 * to its own variables (one base register for both). */
struct arch_task *arch_current;

const char *arch_cpu_name(void)
{
    switch ((SCB_CPUID >> 4) & 0xfffu) { /* PARTNO field */
    case 0xc20:
        return "Cortex-M0";
    case 0xc60:
        return "Cortex-M0+";
    case 0xc23:
        return "Cortex-M3";
    case 0xc24:
        return "Cortex-M4";
    case 0xc27:
        return "Cortex-M7";
    case 0xd21:
        return "Cortex-M33";
    default:
        return "Cortex-M (unknown part)";
    }
}

/* Called by the MPU's mpu_init (mpu.c, mpu_v8.c). A switch writes ARCH_MPU_SLOTS regions
 * (entry.S). On an MPU with fewer, the writes to the missing ones do nothing and a task would
 * run without its last regions, or keep another task's: refuse to start. More is fine (a
 * 16-region Cortex-M7): the rest stay disabled. */
void mpu_require_slots(void)
{
    if (arch_mpu_region_count() < ARCH_MPU_SLOTS) {
        panic("the MPU has %u regions (MPU_TYPE.DREGION); every switch writes %u",
              arch_mpu_region_count(), (unsigned)ARCH_MPU_SLOTS);
    }
}

uint32_t arch_clz(uint32_t x)
{
    return x ? (uint32_t)__builtin_clz(x) : 32u;
}

void arch_task_init(struct arch_task *a, uintptr_t entry, uintptr_t stack_top, uint32_t a0,
                    uint32_t a1)
{
    /* A fake exception frame: the first exception return "resumes" at entry. */
    struct arch_frame *f = (struct arch_frame *)((stack_top & ~7u) - sizeof(*f));
    *f = (struct arch_frame){.r0 = a0, .r1 = a1, .pc = entry & ~1u, .xpsr = XPSR_THUMB};
    f->lr = 0xfffffffeu; /* returning from the entry function faults: tasks must pl_exit() */
    for (unsigned i = 0; i < 8; i++) {
        a->r4_r11[i] = 0;
    }
    a->psp = (uint32_t)(uintptr_t)f;
}

void arch_task_set_stack_area(struct arch_task *a, uintptr_t base, uint32_t size)
{
    a->stack_base = (uint32_t)base;
    /* A region too small for one frame gets a span no PSP can meet (sysgen never makes one). */
    a->stack_span = size >= sizeof(struct arch_frame) ? size - sizeof(struct arch_frame) : 0u;
    if (size < sizeof(struct arch_frame)) {
        a->stack_base = 0xffffffffu;
    }
}

/* The same test as entry.S's SVC path. PSP is always word-aligned (its low bits read as 0),
 * and with CCR.STKALIGN the CPU 8-aligns the frame, so a frame that starts inside the area
 * and ends by its end lies wholly inside. */
int arch_task_frame_ok(const struct arch_task *a)
{
    return a->psp - a->stack_base <= a->stack_span;
}

uint32_t arch_task_sp(const struct arch_task *a)
{
    return a->psp;
}

struct arch_frame *arch_task_frame(struct arch_task *a)
{
    return (struct arch_frame *)(uintptr_t)a->psp;
}

uint32_t arch_syscall_number(const struct arch_frame *f)
{
    /* The SVC instruction is the halfword before the return address; its low byte is N. */
    return *(const uint8_t *)(uintptr_t)(f->pc - 2u);
}

uint32_t arch_frame_arg(const struct arch_frame *f, unsigned i)
{
    return (&f->r0)[i & 3u];
}

void arch_frame_set_ret(struct arch_frame *f, unsigned i, uint32_t v)
{
    (&f->r0)[i & 1u] = v;
}

uint32_t arch_frame_pc(const struct arch_frame *f)
{
    return f->pc;
}

uint32_t arch_frame_lr(const struct arch_frame *f)
{
    return f->lr;
}

uint32_t arch_task_reg(struct arch_task *a, unsigned r)
{
    return r < 4 ? (&arch_task_frame(a)->r0)[r] : a->r4_r11[(r - 4u) & 7u];
}

void arch_task_set_reg(struct arch_task *a, unsigned r, uint32_t v)
{
    if (r < 4) {
        (&arch_task_frame(a)->r0)[r] = v;
    } else {
        a->r4_r11[(r - 4u) & 7u] = v;
    }
}

void arch_timer_start(uint32_t cpu_hz, uint32_t tick_hz)
{
    SYST_RVR = cpu_hz / tick_hz - 1u;
    SYST_CVR = 0;
    SYST_CSR = SYST_CSR_ENABLE | SYST_CSR_TICKINT | SYST_CSR_CLKSOURCE;
}

void arch_irq_rearm(unsigned irq)
{
    NVIC_ICPR(irq / 32u) = 1u << (irq % 32u);
    NVIC_ISER(irq / 32u) = 1u << (irq % 32u);
}

void arch_irq_disable(unsigned irq)
{
    NVIC_ICER(irq / 32u) = 1u << (irq % 32u);
}

void arch_halt(int code)
{
    __asm volatile("cpsid i" ::: "memory");
    semihost_exit(code); /* returns only when no debugger or simulator listens */
    for (;;) {
        __asm volatile("wfi");
    }
}

/* NMI (and the debug monitor exception, which shares this entry) is never expected. */
void NMI_Handler(void);
void NMI_Handler(void)
{
    panic("unexpected NMI or debug monitor exception");
}

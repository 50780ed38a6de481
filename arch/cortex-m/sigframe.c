/*
 * arch/cortex-m/sigframe.c - ARMv7-M signal frames: what arch.h's arch_signal_push() writes on
 * a task's stack and arch_signal_pop() takes back (docs/ipc.md, "Signals").
 *
 * The exception frame the CPU stacked when the task entered the kernel stays where it is and
 * becomes the tail of a struct pl_sigframe (parley/signal.h); the 48 bytes below it take the
 * task's r4-r11 and its blocked mask, and a fresh basic frame below those starts the
 * trampoline. Every byte written or read lies inside the task's own RAM region, checked with
 * the entry code's test (offset from the region's base against its span), so neither can
 * touch memory the task does not own, and neither can fault: the kernel runs with the default
 * memory map, and the region is RAM.
 */
#include <string.h>

#include "arch.h"
#include <parley/signal.h>

_Static_assert(sizeof(struct pl_sigframe) == PL_SIGFRAME_EXTRA + sizeof(struct arch_frame),
               "the pl_sigframe ends with the exception frame");
_Static_assert(offsetof(struct pl_sigframe, r0) == PL_SIGFRAME_EXTRA, "its tail is the frame");

#define XPSR_THUMB (1u << 24)
/* What a task may own of xPSR: N Z C V Q, the IT/ICI state (bits 26:25 and 15:10), T, the GE
 * flags, and bit 9 (the CPU's note that it realigned the stack). Never the exception number. */
#define XPSR_TASK_BITS 0xff0ffe00u

void arch_task_set_upcall(struct arch_task *a, uint32_t on)
{
    a->upcall = on;
}

/* Does [addr, addr + len) lie wholly inside the task's RAM? span = RAM size - 32. */
static int in_stack_area(const struct arch_task *a, uint32_t addr, uint32_t len)
{
    uint32_t off = addr - a->stack_base, size = a->stack_span + sizeof(struct arch_frame);
    return off < size && len <= size - off;
}

int arch_signal_push(struct arch_task *a, uint32_t entry, uint32_t sig, uint32_t blocked)
{
    uint32_t sf = a->psp - PL_SIGFRAME_EXTRA;               /* the pl_sigframe */
    uint32_t hf = sf - (uint32_t)sizeof(struct arch_frame); /* the trampoline's frame */
    if (!in_stack_area(a, hf, sizeof(struct pl_sigframe) + sizeof(struct arch_frame))) {
        return -1;
    }
    struct pl_sigframe *p = (struct pl_sigframe *)(uintptr_t)sf;
    memcpy(p->r4_r11, a->r4_r11, sizeof(p->r4_r11));
    p->blocked = blocked;
    p->sig = sig;
    p->reserved[0] = p->reserved[1] = 0;
    /* hf is 8-aligned: the CPU stacked the interrupted frame 8-aligned and 80 is a multiple */
    *(struct arch_frame *)(uintptr_t)hf =
        (struct arch_frame){.r0 = sig, .r1 = sf, .pc = entry & ~1u, .lr = 0, .xpsr = XPSR_THUMB};
    a->psp = hf;
    return 0;
}

int arch_signal_pop(struct arch_task *a, uint32_t frame, uint32_t *blocked)
{
    if ((frame & 3u) != 0 || !in_stack_area(a, frame, sizeof(struct pl_sigframe))) {
        return -1;
    }
    struct pl_sigframe *p = (struct pl_sigframe *)(uintptr_t)frame;
    memcpy(a->r4_r11, p->r4_r11, sizeof(a->r4_r11));
    *blocked = p->blocked;
    p->xpsr = (p->xpsr & XPSR_TASK_BITS) | XPSR_THUMB;
    p->pc &= ~1u;
    a->psp = frame + PL_SIGFRAME_EXTRA;
    return 0;
}

/*
 * arch/host/arch.c - the fake architecture for host unit tests: every function of arch/arch.h
 * on a 64-bit Linux host, with no hardware behind it.
 *
 * Owns host_arch (what the kernel asked for: switches, halts, timer, interrupt masks) and the
 * halt catcher. Region validation follows PMSAv7 exactly, so a description the real MPU would
 * refuse is refused here too. A task's frame is held by value in its struct arch_task.
 */
#include <string.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arch.h"
#include "host_arch.h"
#include <parley/signal.h>

#define HOST_FRAME_BYTES 32u /* a Cortex-M basic frame, the size the real check uses */

struct host_arch_state host_arch;
struct arch_task *arch_current; /* the kernel's choice; here nothing restores from it */
jmp_buf host_halt_env;
static int halt_armed;

void host_arch_reset(void)
{
    host_arch = (struct host_arch_state){0};
    halt_armed = 0;
}

void host_halt_arm(void)
{
    host_arch.halted = 0;
    halt_armed = 1;
}

void host_halt_disarm(void)
{
    halt_armed = 0;
}

void arch_init(void)
{
    host_arch.init_calls++;
}

const char *arch_cpu_name(void)
{
    return "host";
}

unsigned arch_mpu_region_count(void)
{
    return ARCH_MPU_SLOTS;
}

uint32_t arch_clz(uint32_t x)
{
    return x ? (uint32_t)__builtin_clz(x) : 32u;
}

void arch_task_init(struct arch_task *a, uintptr_t entry, uintptr_t stack_top, uint32_t a0,
                    uint32_t a1)
{
    a->frame = (struct arch_frame){.r0 = a0, .r1 = a1, .pc = (uint32_t)entry};
    a->entry = entry;
    a->stack_top = stack_top;
    a->sp = (uint32_t)((stack_top & ~(uintptr_t)7u) - HOST_FRAME_BYTES);
}

void arch_task_set_stack_area(struct arch_task *a, uintptr_t base, uint32_t size)
{
    a->stack_base = (uint32_t)base;
    a->stack_span = size >= HOST_FRAME_BYTES ? size - HOST_FRAME_BYTES : 0u;
    if (size < HOST_FRAME_BYTES) {
        a->stack_base = 0xffffffffu;
    }
}

int arch_task_frame_ok(const struct arch_task *a)
{
    return a->sp - a->stack_base <= a->stack_span;
}

uint32_t arch_task_sp(const struct arch_task *a)
{
    return a->sp;
}

/* PMSAv7: a power of two from 32 bytes, the base aligned to the size, a known access kind;
 * or size 0, an unused slot (an empty shared-page window). */
int arch_region_ok(const struct mem_region *r)
{
    if (host_arch.refuse_base && r->size != 0 && r->base == host_arch.refuse_base) {
        return 0; /* a test's stand-in for an MPU with other rules */
    }
    if (r->size == 0) {
        return 1;
    }
    if (r->size < 32u || (r->size & (r->size - 1u)) != 0) {
        return 0;
    }
    if ((r->base & (r->size - 1u)) != 0) {
        return 0;
    }
    return r->access >= MEM_CODE && r->access <= MEM_DEVICE;
}

int arch_task_set_regions(struct arch_task *a, const struct mem_region *r, unsigned n)
{
    if (n > ARCH_MPU_SLOTS) {
        return -1;
    }
    for (unsigned i = 0; i < n; i++) { /* check everything before writing anything */
        if (!arch_region_ok(&r[i])) {
            return -1;
        }
    }
    for (unsigned i = 0; i < n; i++) {
        a->regions[i].base = r[i].base;
        a->regions[i].size = r[i].size;
        a->regions[i].access = r[i].access;
    }
    a->region_count = n;
    return 0;
}

void arch_copy_to_task(void *dst, const void *src, uint32_t n)
{
    memcpy(dst, src, n);
}

void arch_mpu_load(const struct arch_task *a)
{
    host_arch.mpu_loads++;
    host_arch.mpu_task = a;
}

void arch_start(struct arch_task *first)
{
    (void)first;
    fprintf(stderr, "host arch: arch_start() has no meaning in a unit test\n");
    abort();
}

struct arch_frame *arch_task_frame(struct arch_task *a)
{
    return &a->frame;
}

uint32_t arch_syscall_number(const struct arch_frame *f)
{
    return f->svc;
}

uint32_t arch_frame_arg(const struct arch_frame *f, unsigned i)
{
    const uint32_t args[4] = {f->r0, f->r1, f->r2, f->r3};
    return args[i & 3u];
}

void arch_frame_set_ret(struct arch_frame *f, unsigned i, uint32_t v)
{
    if (i & 1u) {
        f->r1 = v;
    } else {
        f->r0 = v;
    }
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
    return r < 4 ? arch_frame_arg(&a->frame, r) : a->r4_r11[(r - 4u) & 7u];
}

void arch_task_set_reg(struct arch_task *a, unsigned r, uint32_t v)
{
    uint32_t *low[4] = {&a->frame.r0, &a->frame.r1, &a->frame.r2, &a->frame.r3};
    if (r < 4) {
        *low[r] = v;
    } else {
        a->r4_r11[(r - 4u) & 7u] = v;
    }
}

void arch_timer_start(uint32_t cpu_hz, uint32_t tick_hz)
{
    host_arch.timer_cpu_hz = cpu_hz;
    host_arch.timer_tick_hz = tick_hz;
}

void arch_irq_enable(unsigned irq)
{
    if (irq < HOST_IRQ_COUNT) {
        host_arch.irq_enabled[irq] = 1;
    }
}

void arch_irq_rearm(unsigned irq)
{
    host_arch.irq_rearms++;
    if (irq < HOST_IRQ_COUNT) {
        host_arch.irq_rearmed[irq]++;
    }
    arch_irq_enable(irq); /* nothing is latched on the host: rearming is unmasking */
}

void arch_irq_disable(unsigned irq)
{
    host_arch.irq_disable_calls++;
    host_arch.last_irq_disabled = irq;
    if (irq < HOST_IRQ_COUNT) {
        host_arch.irq_enabled[irq] = 0;
    }
}

void arch_halt(int code)
{
    host_arch.halted = 1;
    host_arch.halt_code = code;
    if (!halt_armed) {
        fprintf(stderr, "host arch: unexpected arch_halt(%d)\n", code);
        abort();
    }
    halt_armed = 0;
    longjmp(host_halt_env, 1);
}

/* ---- Signal frames: the same checks and layout as arch/cortex-m/sigframe.c. The fixture's
 * RAM is real host memory below 4 GiB, so the pl_sigframe is really written at its address;
 * the exception frames stay held by value (its r12 and xPSR read as 0 and the Thumb bit). */

#define HOST_XPSR_THUMB (1u << 24)

void arch_task_set_upcall(struct arch_task *a, uint32_t on)
{
    a->upcall = on;
}

static int host_in_stack_area(const struct arch_task *a, uint32_t addr, uint32_t len)
{
    uint32_t off = addr - a->stack_base, size = a->stack_span + HOST_FRAME_BYTES;
    return off < size && len <= size - off;
}

int arch_signal_push(struct arch_task *a, uint32_t entry, uint32_t sig, uint32_t blocked)
{
    uint32_t sf = a->sp - PL_SIGFRAME_EXTRA, hf = sf - HOST_FRAME_BYTES;
    if (!host_in_stack_area(a, hf, (uint32_t)sizeof(struct pl_sigframe) + HOST_FRAME_BYTES)) {
        return -1;
    }
    struct pl_sigframe *p = (struct pl_sigframe *)(uintptr_t)sf;
    memcpy(p->r4_r11, a->r4_r11, sizeof(p->r4_r11));
    p->blocked = blocked;
    p->sig = sig;
    p->reserved[0] = p->reserved[1] = 0;
    const struct arch_frame *f = &a->frame;
    p->r0 = f->r0;
    p->r1 = f->r1;
    p->r2 = f->r2;
    p->r3 = f->r3;
    p->r12 = 0;
    p->lr = f->lr;
    p->pc = f->pc;
    p->xpsr = HOST_XPSR_THUMB;
    a->frame = (struct arch_frame){.r0 = sig, .r1 = sf, .pc = entry & ~1u};
    a->sp = hf;
    return 0;
}

int arch_signal_pop(struct arch_task *a, uint32_t frame, uint32_t *blocked)
{
    if ((frame & 3u) != 0 || !host_in_stack_area(a, frame, sizeof(struct pl_sigframe))) {
        return -1;
    }
    const struct pl_sigframe *p = (const struct pl_sigframe *)(uintptr_t)frame;
    memcpy(a->r4_r11, p->r4_r11, sizeof(a->r4_r11));
    *blocked = p->blocked;
    a->frame = (struct arch_frame){
        .r0 = p->r0, .r1 = p->r1, .r2 = p->r2, .r3 = p->r3, .pc = p->pc & ~1u, .lr = p->lr};
    a->sp = frame + PL_SIGFRAME_EXTRA;
    return 0;
}

/*
 * arch/cortex-m/mpu_none.c - the memory protection of a Cortex-M without an MPU (the nRF51's
 * Cortex-M0): none. The counterpart of mpu.c and mpu_v8.c for boards whose board.mk names
 * this file and the nompu profile.
 *
 * The kernel still keeps every task's regions (task->regions[]) and checks each buffer a system
 * call names against them, so it never copies to or from memory a task does not own. What no
 * longer holds is the hardware half: a task's own loads and stores reach every address, the
 * kernel's and other tasks' included (docs/porting.md, "ARMv6-M"). arch_mpu_region_count()
 * returning 0 is what the banner and `ps` say "NOT ISOLATED" from.
 */
#include <string.h>

#include "arch.h"
#include "regs.h"

unsigned arch_mpu_region_count(void)
{
    return 0;
}

/* Any region the kernel can describe is fine: there is no hardware rule to meet. Its kind must
 * still be one of the four, and it must not wrap past the end of the address space. */
int arch_region_ok(const struct mem_region *r)
{
    if (r->size == 0) {
        return 1;
    }
    return r->access >= MEM_CODE && r->access <= MEM_DEVICE && r->base + (r->size - 1u) >= r->base;
}

int arch_task_set_regions(struct arch_task *a, const struct mem_region *r, unsigned n)
{
    if (n > ARCH_MPU_SLOTS) {
        return -1;
    }
    for (unsigned i = 0; i < n; i++) {
        if (!arch_region_ok(&r[i])) {
            return -1;
        }
    }
    memset(a->mpu, 0, sizeof(a->mpu)); /* nothing to precompute */
    return 0;
}

void mpu_init(void)
{
}

void arch_mpu_load(const struct arch_task *a)
{
    (void)a;
}

void arch_copy_to_task(void *dst, const void *src, uint32_t n)
{
    memcpy(dst, src, n);
}

/*
 * arch/cortex-m/mpu.c - PMSAv7 region encoding.
 *
 * Each task's regions are turned into RBAR/RASR pairs once, when the task is set up; the
 * switch path (entry.S) only copies the eight pairs into the MPU. PMSAv7 rules: a region's size
 * is a power of two from 32 bytes, and its base is aligned to its size. PMSAv6 (ARMv6-M) has
 * the same registers and rules from 256 bytes: the profile's mpu_regs.h gives the minimum
 * (MPU_MIN_REGION_SIZE). Slots a task does not use are written as disabled regions so nothing
 * of the previous task survives a switch.
 */
#include <string.h>

#include "arch.h"
#include "regs.h"

/*
 * The base an unused slot is written with. A slot is reloaded as two writes, RBAR then RASR
 * (here and in entry.S's MPU_SWITCH): between them the region is the new base with the old
 * size and attributes. Every used slot keeps its kind from task to task (slot 0 code, slot 1
 * RAM, then devices and shared-page windows, all at or above 0x20000000: tools/sysgen_out.py),
 * so that passing region stays inside the kind's own part of the map. An unused slot with base
 * 0 would not: after a 64K no-execute page it was a no-execute region over the kernel's code at
 * address 0, and the kernel's next fetch faulted (tests/qemu/mpu_switch). System space
 * (0xE0000000 up) is never code, and the kernel's accesses there (the MPU, the NVIC) use the
 * default map whatever the regions say (ARMv7-M ARM B3.5.1), so a passing region there is
 * harmless at any size up to 512M.
 */
#define EMPTY_REGION_BASE 0xE0000000u

static int size_field(uint32_t size)
{
    if (size < MPU_MIN_REGION_SIZE || (size & (size - 1u)) != 0) {
        return -1;
    }
    return 31 - __builtin_clz(size) - 1; /* RASR.SIZE = log2(size) - 1 */
}

static uint32_t access_bits(uint32_t access)
{
    switch (access) {
    case MEM_CODE:
        return RASR_AP_RO_RO | RASR_NORMAL_WT;
    case MEM_DATA:
        return RASR_AP_RW_RW | RASR_NORMAL_WB | RASR_SHAREABLE | RASR_XN;
    case MEM_RODATA:
        /* The kernel may write there on behalf of another task (a message into a shared page
         * this task only reads) while this task's regions are loaded: privileged stays RW. */
        return RASR_AP_RW_RO | RASR_NORMAL_WB | RASR_SHAREABLE | RASR_XN;
    case MEM_DEVICE:
        return RASR_AP_RW_RW | RASR_DEVICE | RASR_XN;
    default:
        return 0;
    }
}

int arch_region_ok(const struct mem_region *r)
{
    if (r->size == 0) {
        return 1; /* an unused slot (an empty shared-page window) */
    }
    return size_field(r->size) >= 0 && (r->base & (r->size - 1u)) == 0 &&
           access_bits(r->access) != 0;
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
    for (unsigned i = 0; i < ARCH_MPU_SLOTS; i++) {
        a->mpu[2 * i] = EMPTY_REGION_BASE | RBAR_VALID | i;
        a->mpu[2 * i + 1] = 0; /* disabled */
        if (i < n && r[i].size != 0) {
            a->mpu[2 * i] = (uint32_t)r[i].base | RBAR_VALID | i;
            a->mpu[2 * i + 1] =
                access_bits(r[i].access) | ((uint32_t)size_field(r[i].size) << 1) | RASR_ENABLE;
        }
    }
    return 0;
}

unsigned arch_mpu_region_count(void)
{
    return (MPU_TYPE >> 8) & 0xffu; /* DREGION */
}

void mpu_init(void)
{
    mpu_require_slots();
    for (unsigned i = 0; i < arch_mpu_region_count(); i++) {
        MPU_RNR = i;
        MPU_RASR = 0;
    }
    MPU_CTRL = MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA;
    __asm volatile("dsb\n isb" ::: "memory"); /* MPU on before anything else runs */
}

void arch_mpu_load(const struct arch_task *a)
{
    for (unsigned i = 0; i < ARCH_MPU_SLOTS; i++) {
        MPU_RBAR = a->mpu[2 * i]; /* VALID: also selects region i */
        MPU_RASR = a->mpu[2 * i + 1];
    }
    __asm volatile("dsb\n isb" ::: "memory");
}

/* PMSAv7 lets the kernel write where the running task only reads (AP=010): a plain copy. */
void arch_copy_to_task(void *dst, const void *src, uint32_t n)
{
    memcpy(dst, src, n);
}

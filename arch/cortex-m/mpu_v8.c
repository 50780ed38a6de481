/*
 * arch/cortex-m/mpu_v8.c - PMSAv8 region encoding (ARMv8-M Mainline: Cortex-M33), the
 * counterpart of mpu.c for boards whose board.mk names this file and the pmsav8 profile.
 *
 * Each task's regions are turned into RBAR/RLAR pairs once, when the task is set up; the switch
 * (MPU_SWITCH in pmsav8/mpu_regs.h) only copies the eight pairs into the MPU. PMSAv8 rules: a
 * region is [base, limit] with base and size multiples of 32 bytes, any size; attributes come
 * from MAIR0 by index; slots a task does not use are written disabled so nothing of the previous
 * task survives a switch.
 *
 * Two PMSAv8 rules change what the kernel may rely on:
 *   - no region gives "privileged read/write, unprivileged read-only" (PMSAv7's AP=010). A
 *     read-only shared-page window is read-only for the kernel too while its task's regions
 *     are loaded, so the kernel writes into another task's memory with the MPU off for the
 *     copy (arch_copy_to_task): it has already checked the destination against that task.
 *   - an address two enabled regions match faults, even for the kernel. A task's regions never
 *     overlap: sysgen places code, RAM, devices and pages apart, and the kernel maps a page in
 *     at most one window of a task (ipc/shm.c).
 */
#include <string.h>

#include "arch.h"
#include "regs.h"

static int access_bits(uint32_t access, uint32_t *rbar, uint32_t *attr)
{
    switch (access) {
    case MEM_CODE:
        *rbar = RBAR_AP_RO_ANY;
        *attr = ATTR_NORMAL_WT;
        return 0;
    case MEM_DATA:
        *rbar = RBAR_AP_RW_ANY | RBAR_SH_INNER | RBAR_XN;
        *attr = ATTR_NORMAL_WB;
        return 0;
    case MEM_RODATA:
        *rbar = RBAR_AP_RO_ANY | RBAR_SH_INNER | RBAR_XN;
        *attr = ATTR_NORMAL_WB;
        return 0;
    case MEM_DEVICE:
        *rbar = RBAR_AP_RW_ANY | RBAR_XN;
        *attr = ATTR_DEVICE;
        return 0;
    default:
        return -1;
    }
}

int arch_region_ok(const struct mem_region *r)
{
    uint32_t rbar, attr;
    if (r->size == 0) {
        return 1; /* an unused slot (an empty shared-page window) */
    }
    return r->size % 32u == 0 && r->base % 32u == 0 && r->base + (r->size - 1u) >= r->base &&
           access_bits(r->access, &rbar, &attr) == 0;
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
        uint32_t rbar = 0, attr = 0;
        a->mpu[2 * i] = 0;
        a->mpu[2 * i + 1] = 0; /* disabled */
        if (i < n && r[i].size != 0) {
            (void)access_bits(r[i].access, &rbar, &attr);
            a->mpu[2 * i] = (uint32_t)r[i].base | rbar;
            a->mpu[2 * i + 1] =
                ((uint32_t)(r[i].base + r[i].size - 1u) & ~31u) | RLAR_ATTR(attr) | RLAR_EN;
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
    MPU_CTRL = 0;
    MPU_MAIR0 = MAIR0_VALUE;
    for (unsigned i = 0; i < arch_mpu_region_count(); i++) {
        MPU_RNR = i;
        MPU_RLAR = 0;
    }
    MPU_CTRL = MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA;
    __asm volatile("dsb\n isb" ::: "memory"); /* MPU on before anything else runs */
}

void arch_mpu_load(const struct arch_task *a)
{
    for (unsigned i = 0; i < ARCH_MPU_SLOTS; i++) {
        MPU_RNR = i;
        MPU_RBAR = a->mpu[2 * i];
        MPU_RLAR = a->mpu[2 * i + 1];
    }
    __asm volatile("dsb\n isb" ::: "memory");
}

/* The running task's read-only windows bind the kernel too: copy with the MPU off (the kernel
 * runs at one priority and never nests, so nothing else runs meanwhile). */
void arch_copy_to_task(void *dst, const void *src, uint32_t n)
{
    MPU_CTRL = MPU_CTRL_PRIVDEFENA;
    __asm volatile("dsb\n isb" ::: "memory");
    memcpy(dst, src, n);
    MPU_CTRL = MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA;
    __asm volatile("dsb\n isb" ::: "memory");
}

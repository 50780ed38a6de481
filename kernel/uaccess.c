/*
 * kernel/uaccess.c - user buffer checks (rules in uaccess.h).
 * Ranges are compared by their last byte, so no end is ever computed past the top of the
 * address space; this holds for any pointer width (host tests run it with 64-bit pointers).
 */
#include "uaccess.h"

static int region_contains(const struct mem_region *r, uintptr_t addr, uintptr_t last)
{
    return r->size != 0 && addr >= r->base && last - r->base <= r->size - 1u;
}

static int region_allows(uint32_t access, enum uaccess want)
{
    switch (access) {
    case MEM_DATA:
        return 1;
    case MEM_CODE:
    case MEM_RODATA:
        return want == UACCESS_READ;
    default:
        return 0; /* devices and anything unknown */
    }
}

int uaccess_check(const struct task *t, uintptr_t addr, uint32_t len, enum uaccess want)
{
    if (len == 0) {
        return 1;
    }
    uintptr_t last = addr + (len - 1u);
    if (last < addr) {
        return 0; /* wraps past the end of the address space */
    }
    /* Most buffers live in the task's RAM, slot 1 of every task (sysgen's order: code, RAM,
     * devices, windows); regions never overlap, so looking there first changes no answer. */
    if (region_contains(&t->regions[1], addr, last)) {
        return region_allows(t->regions[1].access, want);
    }
    /* Its regions now, windows included; the slots past them are empty and contain nothing. */
    for (uint32_t i = 0; i < ARCH_MPU_SLOTS; i++) {
        if (region_contains(&t->regions[i], addr, last)) {
            return region_allows(t->regions[i].access, want);
        }
    }
    return 0;
}

sys_result uaccess_status_out(const struct task *t, uintptr_t out, uint32_t size)
{
    if (!(t->desc->caps & (CAP_SUPERVISOR | CAP_STATUS))) {
        return sys_ret(PL_EPERM);
    }
    if (!uaccess_ok(t, out, size, UACCESS_WRITE)) {
        return sys_fault(PL_FAULT_BAD_POINTER, (uint32_t)out);
    }
    return sys_ret(PL_OK);
}

/*
 * kernel/uaccess.c - user buffer checks (rules in uaccess.h).
 * Ranges are compared by their last byte, so no end is ever computed past the top of the
 * address space; this holds for any pointer width (host tests run it with 64-bit pointers).
 */
#include "uaccess.h"

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

int uaccess_ok(const struct task *t, uintptr_t addr, uint32_t len, enum uaccess want)
{
    if (len == 0) {
        return 1;
    }
    uintptr_t last = addr + (len - 1u);
    if (last < addr) {
        return 0; /* wraps past the end of the address space */
    }
    for (uint32_t i = 0; i < t->region_count; i++) { /* its regions now, windows included */
        const struct mem_region *r = &t->regions[i];
        if (r->size != 0 && addr >= r->base && last - r->base <= r->size - 1u) {
            return region_allows(r->access, want);
        }
    }
    return 0;
}

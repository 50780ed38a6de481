/*
 * kernel/uaccess.c - user buffer checks (rules in uaccess.h).
 * Arithmetic is done in 64 bits so that neither the buffer end nor a region end can wrap.
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
    uint64_t start = addr, end = (uint64_t)addr + len;
    if (end > (uint64_t)UINTPTR_MAX + 1u) {
        return 0;
    }
    for (uint32_t i = 0; i < t->region_count; i++) { /* its regions now, windows included */
        const struct mem_region *r = &t->regions[i];
        uint64_t rbase = r->base, rend = (uint64_t)r->base + r->size;
        if (start >= rbase && end <= rend) {
            return region_allows(r->access, want);
        }
    }
    return 0;
}

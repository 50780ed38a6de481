/*
 * kernel/uaccess.h - may this task's buffer be used by the kernel on its behalf?
 *
 * Every pointer a task passes to a system call is checked here before the kernel touches it.
 * A buffer is valid when [addr, addr + len) lies wholly inside ONE of the task's own regions
 * that allows the access; a length of zero is always valid (nothing is touched). A range that
 * wraps past the end of the address space is never valid. Device regions are never valid
 * buffers: the kernel does not copy to or from another task's registers.
 */
#ifndef KERNEL_UACCESS_H
#define KERNEL_UACCESS_H

#include <stdint.h>

#include "sysret.h"
#include "task.h"

enum uaccess {
    UACCESS_READ = 1,  /* the kernel will read the buffer */
    UACCESS_WRITE = 2, /* the kernel will write the buffer */
};

/* The whole rule (uaccess.c): any region of the task, any access. */
int uaccess_check(const struct task *t, uintptr_t addr, uint32_t len, enum uaccess want);

/* The common case in a few instructions: [addr, addr + len) inside the task's own RAM, slot 1
 * of every task (sysgen's order: code, RAM, devices, windows), which it may read and write.
 * 0 says only "not this case": uaccess_check() then decides. */
static inline int uaccess_own_ram(const struct task *t, uintptr_t addr, uint32_t len)
{
    uintptr_t off = addr - t->regions[1].base;
    uint32_t size = t->regions[1].size;
    return off < size && len <= size - (uint32_t)off && t->regions[1].access == MEM_DATA;
}

/* The common case of a buffer the kernel only reads (a message's bytes, often a constant):
 * [addr, addr + len) inside the task's own code, slot 0 of every task. 0 says only "not this
 * case". Both quick checks compare an offset from the region's base, never a computed end, so
 * no base + len can wrap (tests/host/test_uaccess.c holds them to uaccess_check()). */
static inline int uaccess_own_code(const struct task *t, uintptr_t addr, uint32_t len)
{
    uintptr_t off = addr - t->regions[0].base;
    uint32_t size = t->regions[0].size;
    return off < size && len <= size - (uint32_t)off && t->regions[0].access == MEM_CODE;
}

static inline int uaccess_ok(const struct task *t, uintptr_t addr, uint32_t len, enum uaccess want)
{
    return uaccess_own_ram(t, addr, len) ||
           (want == UACCESS_READ && uaccess_own_code(t, addr, len)) ||
           uaccess_check(t, addr, len, want);
}

/* The first checks of a status call, in their documented order: the capability, supervisor or
 * status (else PL_EPERM), then `size` bytes at `out` the caller may write (else it faults). 0 if
 * both hold, else what to return. */
sys_result uaccess_status_out(const struct task *t, uintptr_t out, uint32_t size);

#endif

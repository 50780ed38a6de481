/*
 * user/lib/syscall.c - system call stubs: arguments in r0-r3, `svc #N`, result in r0 (r1).
 * The "memory" clobber keeps the compiler from caching memory the kernel may have written.
 * Logic on top of a stub lives in its own asm-free file, which the host tests build
 * (pl_debug_write's retries: debug_write.c).
 */
#include "parley.h"

#define SVC(n) "svc %[nr]" : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : [nr] "i"(n) : "memory"

#define DEFINE_REGS(a0, a1, a2, a3)                                                                \
    register uint32_t r0 __asm("r0") = (uint32_t)(a0);                                             \
    register uint32_t r1 __asm("r1") = (uint32_t)(a1);                                             \
    register uint32_t r2 __asm("r2") = (uint32_t)(a2);                                             \
    register uint32_t r3 __asm("r3") = (uint32_t)(a3)

int pl_sleep(uint32_t ticks)
{
    DEFINE_REGS(ticks, 0, 0, 0);
    __asm volatile(SVC(PL_SYS_SLEEP));
    return (int)r0;
}

uint64_t pl_uptime(void)
{
    DEFINE_REGS(0, 0, 0, 0);
    __asm volatile(SVC(PL_SYS_UPTIME));
    return ((uint64_t)r1 << 32) | r0;
}

int pl_debug_write_try(const void *buf, size_t len)
{
    DEFINE_REGS((uintptr_t)buf, len, 0, 0);
    __asm volatile(SVC(PL_SYS_DEBUG_WRITE));
    return (int)r0;
}

int pl_klog_read(void *buf, size_t cap)
{
    DEFINE_REGS((uintptr_t)buf, cap, 0, 0);
    __asm volatile(SVC(PL_SYS_KLOG_READ));
    return (int)r0;
}

pl_task_id pl_task_self(void)
{
    DEFINE_REGS(0, 0, 0, 0);
    __asm volatile(SVC(PL_SYS_TASK_SELF));
    return r0;
}

int pl_prio_set(uint32_t priority)
{
    DEFINE_REGS(priority, 0, 0, 0);
    __asm volatile(SVC(PL_SYS_PRIO_SET));
    return (int)r0;
}

void pl_exit(int code)
{
    DEFINE_REGS(code, 0, 0, 0);
    __asm volatile(SVC(PL_SYS_EXIT));
    for (;;) { /* the kernel never returns here */
    }
}

int pl_task_status(uint32_t index, struct pl_task_status *out)
{
    DEFINE_REGS(index, (uintptr_t)out, 0, 0);
    __asm volatile(SVC(PL_SYS_TASK_STATUS));
    return (int)r0;
}

int pl_task_restart(uint32_t index)
{
    DEFINE_REGS(index, 0, 0, 0);
    __asm volatile(SVC(PL_SYS_TASK_RESTART));
    return (int)r0;
}

int pl_shutdown(int code)
{
    DEFINE_REGS(code, 0, 0, 0);
    __asm volatile(SVC(PL_SYS_SHUTDOWN));
    return (int)r0;
}

int pl_shm_grant(uint32_t page, uint32_t task_index, uint32_t access)
{
    DEFINE_REGS(page, task_index, access, 0);
    __asm volatile(SVC(PL_SYS_SHM_GRANT));
    return (int)r0;
}

int pl_shm_revoke(uint32_t page, uint32_t task_index)
{
    DEFINE_REGS(page, task_index, 0, 0);
    __asm volatile(SVC(PL_SYS_SHM_REVOKE));
    return (int)r0;
}

int pl_shm_map(uint32_t page, uint32_t window, void **addr)
{
    DEFINE_REGS(page, window, 0, 0);
    __asm volatile(SVC(PL_SYS_SHM_MAP));
    if ((int32_t)r0 < 0) {
        return (int)r0;
    }
    *addr = (void *)(uintptr_t)r0;
    return PL_OK;
}

int pl_shm_unmap(uint32_t window)
{
    DEFINE_REGS(window, 0, 0, 0);
    __asm volatile(SVC(PL_SYS_SHM_UNMAP));
    return (int)r0;
}

int pl_task_fault(uint32_t index)
{
    DEFINE_REGS(index, 0, 0, 0);
    __asm volatile(SVC(PL_SYS_TASK_FAULT));
    return (int)r0;
}

int pl_ep_status(uint32_t ep, struct pl_ep_status *out)
{
    DEFINE_REGS(ep, (uintptr_t)out, 0, 0);
    __asm volatile(SVC(PL_SYS_EP_STATUS));
    return (int)r0;
}

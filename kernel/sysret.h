/*
 * kernel/sysret.h - what a system call handler decided about its caller.
 *
 * Decode, then act, then say: every handler (sys/, ipc/) checks its arguments, changes state
 * only once every check has passed, and returns one of these. The top layer's wrapper,
 * syscall_apply() in sys/syscall.c, carries it out: it is the one place that writes a call's
 * result registers into the caller's frame or stops the caller for misuse. So a handler's
 * logic can also serve a caller that has no frame (the kernel itself).
 *
 * The result is 64 bits so that it comes back in two registers (r0:r1 on Arm), not through
 * memory: the low word is the value, the high word the action and, for a fault, its kind. The
 * encoding is private to these helpers; code reads a result only through them.
 */
#ifndef KERNEL_SYSRET_H
#define KERNEL_SYSRET_H

#include <stdint.h>

typedef uint64_t sys_result; /* opaque: made by sys_ret() and friends, read by syscall_apply() */

enum sys_action {
    SYS_RETURN = 0,    /* r0 = the value: a status, or what the call returns */
    SYS_RETURN2 = 1,   /* r0 = the value, r1 = a second word (sys/syscall.c, for uptime) */
    SYS_NO_RESULT = 2, /* write nothing: the caller waits (whoever ends the wait writes its
                          results), or a delivery has already written them, or it is gone */
    SYS_FAULT = 3,     /* stop the caller for misuse: a fault kind, the value is its address */
};

/* Return v in r0. sys_ret(PL_OK) is 0, which checks also use for "no objection, go on". */
static inline sys_result sys_ret(int32_t v)
{
    return (uint32_t)v;
}

static inline sys_result sys_no_result(void)
{
    return (uint64_t)SYS_NO_RESULT << 32;
}

/* Stop the caller with fault `kind` (PL_FAULT_BAD_POINTER, ...) about address addr. */
static inline sys_result sys_fault(uint32_t kind, uint32_t addr)
{
    return (uint64_t)(SYS_FAULT | kind << 8) << 32 | addr;
}

/* SYS_RETURN with nothing else: the high word is 0 (one test on the general path). */
static inline int sys_is_plain_return(sys_result r)
{
    return (r >> 32) == 0;
}

static inline enum sys_action sys_action_of(sys_result r)
{
    return (enum sys_action)((uint32_t)(r >> 32) & 0xffu);
}

static inline uint32_t sys_value_of(sys_result r)
{
    return (uint32_t)r;
}

static inline uint32_t sys_fault_kind_of(sys_result r)
{
    return (uint32_t)(r >> 40) & 0xffu;
}

#endif

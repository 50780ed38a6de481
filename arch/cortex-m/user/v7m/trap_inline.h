/*
 * arch/cortex-m/user/v7m/trap_inline.h - the user library's inline IPC traps for ARMv7-M and
 * ARMv8-M Mainline (Thumb-2): each call's registers are its arguments as they are, and the
 * `svc` is the whole call. Included by user/lib/parley.h (contracts there and in server.h);
 * chosen by the board's ARCH_USER_FLAGS.
 */
#ifndef ARCH_USER_TRAP_INLINE_H
#define ARCH_USER_TRAP_INLINE_H

#include <stddef.h>
#include <stdint.h>

#include <parley/ipc.h>
#include <parley/syscall.h>
#include <parley/task.h>

static inline int pl_call_regs(uint32_t ep, uint32_t label, uint32_t w0, uint32_t w1,
                               struct pl_words *reply)
{
    register uint32_t r0 __asm("r0") = ep;
    register uint32_t r1 __asm("r1") = label;
    register uint32_t r2 __asm("r2") = w0;
    register uint32_t r3 __asm("r3") = w1;
    register uint32_t r4 __asm("r4");     /* sender (of the reply: meaningless) */
    register uint32_t r5 __asm("r5") = 0; /* no bytes out; the badge comes back */
    register uint32_t r6 __asm("r6");     /* the length comes back */
    register uint32_t r7 __asm("r7") = 0; /* no room for bytes in the reply */
    __asm volatile("svc %[nr]"
                   : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "=r"(r4), "+r"(r5), "=r"(r6)
                   : [nr] "i"(PL_SYS_CALL), "r"(r7)
                   : "memory");
    reply->label = r1;
    reply->w0 = r2;
    reply->w1 = r3;
    return (int)r0;
}

static inline int pl_reply_recv_regs(uint32_t ep, pl_task_id *client, struct pl_words *msg,
                                     uint32_t *badge)
{
    uint32_t label = msg->label, w0 = msg->w0, w1 = msg->w1, to = *client;
    register uint32_t r0 __asm("r0") = ep;
    register uint32_t r1 __asm("r1") = label;
    register uint32_t r2 __asm("r2") = w0;
    register uint32_t r3 __asm("r3") = w1;
    register uint32_t r4 __asm("r4");     /* the sender's handle comes back */
    register uint32_t r5 __asm("r5") = 0; /* no bytes out; the badge comes back */
    register uint32_t r6 __asm("r6");     /* the length comes back */
    register uint32_t r7 __asm("r7") = 0; /* no room for bytes in */
    register uint32_t r8 __asm("r8") = to;
    __asm volatile("svc %[nr]"
                   : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "=r"(r4), "+r"(r5), "=r"(r6)
                   : [nr] "i"(PL_SYS_REPLY_RECV), "r"(r7), "r"(r8)
                   : "memory");
    msg->label = r1;
    msg->w0 = r2;
    msg->w1 = r3;
    *client = r4;
    *badge = r5;
    return (int)r0;
}

static inline int pl_server_call(uint32_t ep, uint32_t op, uint32_t w0, uint32_t w1,
                                 const void *data, size_t len, struct pl_recvd *rep, void *buf,
                                 size_t cap)
{
    register uint32_t r0 __asm("r0") = ep;
    register uint32_t r1 __asm("r1") = op;
    register uint32_t r2 __asm("r2") = w0;
    register uint32_t r3 __asm("r3") = w1;
    register uint32_t r4 __asm("r4") = (uint32_t)(uintptr_t)data;
    register uint32_t r5 __asm("r5") = (uint32_t)len;
    register uint32_t r6 __asm("r6") = (uint32_t)(uintptr_t)buf;
    register uint32_t r7 __asm("r7") = (uint32_t)cap;
    __asm volatile("svc %[nr]"
                   : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6)
                   : [nr] "i"(PL_SYS_CALL), "r"(r7)
                   : "memory");
    if (rep != NULL) {
        rep->label = r1;
        rep->w0 = r2;
        rep->w1 = r3;
        rep->sender = r4;
        rep->badge = r5;
        rep->len = r6;
    }
    return r0 != PL_OK ? (int)r0 : (int)r1;
}

#endif

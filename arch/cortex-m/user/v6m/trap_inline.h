/*
 * arch/cortex-m/user/v6m/trap_inline.h - the user library's inline IPC calls for ARMv6-M
 * (Thumb-1). The ARMv7-M version (../v7m/) binds every argument to its register in one asm
 * statement; with Thumb-1's eight low registers that is all of them, r7 (the frame pointer)
 * included, which the compiler cannot give. So each call here fills a struct pl_ipc_regs and
 * goes through the out-of-line stubs of ipc_trap_v6m.S: the same registers reach the kernel,
 * at the price of a call and a few loads and stores. Contracts in user/lib/parley.h and
 * server.h, which include this file; chosen by the board's ARCH_USER_FLAGS.
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
    struct pl_ipc_regs io = {.r = {ep, label, w0, w1, 0, 0, 0, 0, 0, 0}};
    pl_trap_call(&io); /* no bytes out (r5 = 0), no room for bytes in (r7 = 0) */
    reply->label = io.r[1];
    reply->w0 = io.r[2];
    reply->w1 = io.r[3];
    return (int)io.r[0];
}

static inline int pl_reply_recv_regs(uint32_t ep, pl_task_id *client, struct pl_words *msg,
                                     uint32_t *badge)
{
    struct pl_ipc_regs io = {.r = {ep, msg->label, msg->w0, msg->w1, 0, 0, 0, 0, *client, 0}};
    pl_trap_reply_recv(&io);
    msg->label = io.r[1];
    msg->w0 = io.r[2];
    msg->w1 = io.r[3];
    *client = io.r[4];
    *badge = io.r[5];
    return (int)io.r[0];
}

static inline int pl_server_call(uint32_t ep, uint32_t op, uint32_t w0, uint32_t w1,
                                 const void *data, size_t len, struct pl_recvd *rep, void *buf,
                                 size_t cap)
{
    struct pl_ipc_regs io = {.r = {ep, op, w0, w1, (uint32_t)(uintptr_t)data, (uint32_t)len,
                                   (uint32_t)(uintptr_t)buf, (uint32_t)cap, 0, 0}};
    pl_trap_call(&io);
    if (rep != NULL) {
        rep->label = io.r[1];
        rep->w0 = io.r[2];
        rep->w1 = io.r[3];
        rep->sender = io.r[4];
        rep->badge = io.r[5];
        rep->len = io.r[6];
    }
    return io.r[0] != PL_OK ? (int)io.r[0] : (int)io.r[1];
}

#endif

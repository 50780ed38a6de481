/*
 * ipc/msg.c - moving one message from a sender's registers and buffer to a receiver's.
 *
 * Buffers are checked when a task enters a call (a bad one faults that task) and again when
 * the message moves, because a shared-page window may have been unmapped meanwhile. An in
 * buffer with a whole largest message of the task's own RAM behind it has its address kept
 * (struct task, inbuf_kept), for the fast paths' delivery (ipc/fastpath.c). The kernel
 * copies min(length, capacity) bytes once, directly between the two tasks' memory, and always
 * reports the full length so that a cut message is never silent (PL_ETRUNC).
 */
#include <string.h>

#include "ipc.h"
#include "time.h"
#include "uaccess.h"

sys_result ipc_check_out_buffer(struct task *t)
{
    uint32_t buf = ipc_reg(t, IN_OUTBUF), len = ipc_reg(t, IN_OUTLEN);
    if (len > PL_IPC_MAX_BYTES) {
        return sys_ret(PL_EINVAL);
    }
    if (!uaccess_ok(t, buf, len, UACCESS_READ)) {
        return sys_fault(PL_FAULT_BAD_POINTER, buf);
    }
    return sys_ret(PL_OK);
}

sys_result ipc_check_in_buffer(struct task *t)
{
    uint32_t buf = ipc_reg(t, IN_INBUF), cap = ipc_reg(t, IN_INCAP);
    if (cap > PL_IPC_MAX_BYTES) {
        cap = PL_IPC_MAX_BYTES; /* a larger buffer is fine; only 256 bytes can arrive */
    }
    if (cap != 0 && ipc_keep_in_buffer(t, buf)) {
        return sys_ret(PL_OK);
    }
    if (!uaccess_ok(t, buf, cap, UACCESS_WRITE)) {
        return sys_fault(PL_FAULT_BAD_POINTER, buf);
    }
    return sys_ret(PL_OK);
}

uint64_t ipc_deadline(struct task *t)
{
    if (!(ipc_reg(t, IN_OBJ) & PL_IPC_TIMED)) {
        return TIME_NEVER;
    }
    return time_now() + ipc_reg(t, IN_TIMEOUT);
}

/* Into to's in buffer: min(len, its capacity) bytes from src, whose readability the caller
 * has judged (src_ok). The delivery status: PL_ETRUNC if cut or lost, else PL_OK. */
static int32_t copy_in(struct task *to, const void *src, uint32_t len, int src_ok)
{
    uint32_t cap = ipc_reg(to, IN_INCAP), dst = ipc_reg(to, IN_INBUF);
    uint32_t n = len < cap ? len : cap;
    int lost = 0;
    if (n && src_ok && uaccess_ok(to, dst, n, UACCESS_WRITE)) {
        arch_copy_to_task((void *)(uintptr_t)dst, src, n);
    } else if (n) {
        lost = 1; /* a buffer lost its window while blocked: no byte arrives, and both know */
    }
    return (len > cap || lost) ? PL_ETRUNC : PL_OK;
}

/* The receiver's result registers (include/parley/ipc.h). */
static void set_received(struct task *to, int32_t status, uint32_t label, uint32_t w0, uint32_t w1,
                         uint32_t sender, uint32_t badge, uint32_t len)
{
    ipc_set(to, OUT_STATUS, (uint32_t)status);
    ipc_set(to, OUT_LABEL, label);
    ipc_set(to, OUT_W0, w0);
    ipc_set(to, OUT_W1, w1);
    ipc_set(to, OUT_SENDER, sender);
    ipc_set(to, OUT_BADGE, badge);
    ipc_set(to, OUT_LEN, len);
    to->msgs_received++;
}

int32_t msg_transfer(struct task *from, struct task *to, uint32_t badge)
{
    uint32_t len = ipc_reg(from, IN_OUTLEN), src = ipc_reg(from, IN_OUTBUF);
    uint32_t n = len < ipc_reg(to, IN_INCAP) ? len : ipc_reg(to, IN_INCAP);
    int32_t status =
        copy_in(to, (const void *)(uintptr_t)src, len, uaccess_ok(from, src, n, UACCESS_READ));
    set_received(to, status, ipc_reg(from, IN_LABEL), ipc_reg(from, IN_W0), ipc_reg(from, IN_W1),
                 ipc_handle(from), badge, len);
    from->msgs_sent++;
    return status;
}

int32_t msg_from_kernel(struct task *to, uint32_t label, uint32_t w0, uint32_t w1, const void *data,
                        uint32_t len)
{
    int32_t status = copy_in(to, data, len, 1);
    set_received(to, status, label, w0, w1, 0, 0, len);
    return status;
}

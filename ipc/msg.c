/*
 * ipc/msg.c - moving one message from a sender's registers and buffer to a receiver's.
 *
 * Buffers are checked when a task enters a call (a bad one faults that task) and again when
 * the message moves, because a shared-page window may have been unmapped meanwhile. The kernel
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

int32_t msg_transfer(struct task *from, struct task *to, uint32_t badge)
{
    uint32_t len = ipc_reg(from, IN_OUTLEN), cap = ipc_reg(to, IN_INCAP);
    uint32_t src = ipc_reg(from, IN_OUTBUF), dst = ipc_reg(to, IN_INBUF);
    uint32_t n = len < cap ? len : cap;
    int lost = 0;
    if (n && uaccess_ok(from, src, n, UACCESS_READ) && uaccess_ok(to, dst, n, UACCESS_WRITE)) {
        memcpy((void *)(uintptr_t)dst, (const void *)(uintptr_t)src, n);
    } else if (n) {
        lost = 1; /* a buffer lost its window while blocked: no byte arrives, and both know */
    }
    int32_t status = (len > cap || lost) ? PL_ETRUNC : PL_OK;
    ipc_set(to, OUT_STATUS, (uint32_t)status);
    ipc_set(to, OUT_LABEL, ipc_reg(from, IN_LABEL));
    ipc_set(to, OUT_W0, ipc_reg(from, IN_W0));
    ipc_set(to, OUT_W1, ipc_reg(from, IN_W1));
    ipc_set(to, OUT_SENDER, ipc_handle(from));
    ipc_set(to, OUT_BADGE, badge);
    ipc_set(to, OUT_LEN, len);
    from->msgs_sent++;
    to->msgs_received++;
    return status;
}

/*
 * parley.h - the user library: one function per system call, for tasks and servers.
 *
 * Tasks include this (and the ABI headers under include/parley/), never a kernel header.
 * Every function returns 0 or a positive value on success and a negative enum pl_err on
 * failure. Passing a pointer the task does not own does not return an error: the kernel
 * stops the task with PL_FAULT_BAD_POINTER.
 */
#ifndef PARLEY_USER_H
#define PARLEY_USER_H

#include <stddef.h>
#include <stdint.h>

#include <parley/error.h>
#include <parley/ipc.h>
#include <parley/syscall.h>
#include <parley/task.h>

/* Give the CPU to the next task of the same priority, if one is ready. Inline: one `svc`. */
static inline void pl_yield(void)
{
    register uint32_t r0 __asm("r0"); /* PL_OK comes back; there is nothing to check */
    __asm volatile("svc %[nr]" : "=r"(r0) : [nr] "i"(PL_SYS_YIELD) : "r1", "r2", "r3", "memory");
    (void)r0;
}
int pl_sleep(uint32_t ticks); /* returns once uptime has advanced by `ticks` */
uint64_t pl_uptime(void);     /* ticks since boot */
/* The kernel's log, at most 256 bytes: polled on the UART, or through the console driver when
 * the system has one (docs/syscalls.md). Returns len, or an error; while the log is full it
 * sleeps a tick and tries again, PL_DEBUG_WRITE_TRIES times, before it gives PL_EAGAIN. */
#define PL_DEBUG_WRITE_TRIES 1000u
int pl_debug_write(const void *buf, size_t len);
int pl_debug_write_try(const void *buf, size_t len); /* the same, PL_EAGAIN at once */
/* The drainer of the kernel's log (the console driver) takes up to cap bytes of it. */
int pl_klog_read(void *buf, size_t cap);
pl_task_id pl_task_self(void);
/* Run at `priority` from now on: from the task's `ceiling` (system description) to its own
 * priority. Returns the priority it had, or PL_EPERM (outside that range), PL_EINVAL. */
int pl_prio_set(uint32_t priority);
void pl_exit(int code) __attribute__((noreturn));
int pl_task_status(uint32_t index, struct pl_task_status *out); /* supervisor or status cap */
int pl_task_restart(uint32_t index);                            /* supervisor capability */
int pl_shutdown(int code);         /* shutdown capability; returns only with PL_EPERM */
int pl_task_fault(uint32_t index); /* supervisor: stop a task as if it faulted (demos, tests) */
int pl_ep_status(uint32_t ep, struct pl_ep_status *out); /* supervisor or status: statistics */

/* ---- IPC (docs/ipc.md) ---- */

/* How long an IPC operation may wait: forever, not at all (fail with PL_EAGAIN), or ticks. */
#define PL_WAIT_FOREVER 0xffffffffu
#define PL_NO_WAIT      0u

/* A message as it is sent. */
struct pl_msg {
    uint32_t label;   /* the opcode */
    uint32_t w0, w1;  /* two words carried in registers */
    const void *data; /* up to PL_IPC_MAX_BYTES bytes, copied once by the kernel (or NULL) */
    uint32_t len;
    uint32_t grant; /* 0, or PL_GRANT(endpoint, right) to pass one right along */
};

int pl_send(uint32_t ep, const struct pl_msg *m, uint32_t timeout);
int pl_recv(uint32_t ep, void *buf, size_t cap, struct pl_recvd *in, uint32_t timeout);
/* Receive a message, or the caller's notification bits in `mask` (label
 * PL_LABEL_NOTIFICATION, w0 = the bits taken), whichever comes first. */
int pl_recv_or_notify(uint32_t ep, uint32_t mask, void *buf, size_t cap, struct pl_recvd *in);
int pl_call(uint32_t ep, const struct pl_msg *req, void *buf, size_t cap, struct pl_recvd *rep,
            uint32_t timeout);
int pl_reply(pl_task_id client, const struct pl_msg *m);
/* Reply to `client` (0: nobody), then receive, in one trap. */
int pl_reply_recv(pl_task_id client, const struct pl_msg *m, uint32_t ep, void *buf, size_t cap,
                  struct pl_recvd *in);

/* Register-only IPC: a label and two words each way, no bytes, no flags; the case the kernel's
 * fast path serves (docs/ipc.md, "Fast path"). These are inline so that a loop keeps the
 * message in registers from one trap to the next. */
struct pl_words {
    uint32_t label, w0, w1;
};

/* Call ep with a label and two words; the reply's label and words land in *reply. */
static inline int pl_call_regs(uint32_t ep, uint32_t label, uint32_t w0, uint32_t w1,
                               struct pl_words *reply);

/* One turn of a register-only server loop: reply *msg to *client (0: nobody), then wait on ep.
 * The next request lands in *msg, the handle to answer it in *client, its badge in *badge.
 * Returns the receive's status; a request that carried bytes comes with PL_ETRUNC (this loop
 * has no room for them), and its bytes are lost. */
static inline int pl_reply_recv_regs(uint32_t ep, pl_task_id *client, struct pl_words *msg,
                                     uint32_t *badge);

/* The IPC registers themselves (r0-r9 in, r0-r6 out: include/parley/ipc.h), for server loops
 * that want every instruction: fill io->r[], trap, read the results from io->r[]. */
struct pl_ipc_regs {
    uint32_t r[10];
};
void pl_trap_send(struct pl_ipc_regs *io);
void pl_trap_recv(struct pl_ipc_regs *io);
void pl_trap_call(struct pl_ipc_regs *io);
void pl_trap_reply(struct pl_ipc_regs *io);
void pl_trap_reply_recv(struct pl_ipc_regs *io);
void pl_trap_ntfn_wait(struct pl_ipc_regs *io);

/* The bodies of pl_call_regs(), pl_reply_recv_regs() and the server runtime's pl_server_call()
 * (server.h): inline traps whose registers are the arch's, from the board's arch
 * (ARCH_USER_FLAGS in board.mk). ARMv7-M puts all eight low registers into one `svc`
 * (arch/cortex-m/user/v7m/); Thumb-1 cannot hold them all in an asm statement, and ARMv6-M
 * goes through the pl_trap_* stubs above (arch/cortex-m/user/v6m/). */
#include "trap_inline.h"

/* A system call `nr` (a constant) on a notification and bits, whose status comes back in r0:
 * the whole of pl_ntfn_signal and pl_irq_ack. */
#define PL_NTFN_TRAP(nr, ntfn, bits)                                                               \
    __extension__({                                                                                \
        register uint32_t r0_ __asm("r0") = (ntfn);                                                \
        register uint32_t r1_ __asm("r1") = (bits);                                                \
        __asm volatile("svc %[nr_]"                                                                \
                       : "+r"(r0_), "+r"(r1_)                                                      \
                       : [nr_] "i"(nr)                                                             \
                       : "r2", "r3", "memory");                                                    \
        (int)r0_;                                                                                  \
    })

/* Notifications. Inline: a driver's wait loop is a few instructions around its `svc`. */
static inline int pl_ntfn_signal(uint32_t ntfn, uint32_t bits)
{
    return PL_NTFN_TRAP(PL_SYS_NTFN_SIGNAL, ntfn, bits);
}

/* Wait until a bit of mask is set in ntfn (timeout: ticks, PL_WAIT_FOREVER or PL_NO_WAIT), take
 * those bits (*bits, if not NULL) and clear them. A wait returns in r0-r2 only. */
static inline int pl_ntfn_wait(uint32_t ntfn, uint32_t mask, uint32_t *bits, uint32_t timeout)
{
    uint32_t flags = timeout == PL_WAIT_FOREVER ? 0u
                     : timeout == PL_NO_WAIT    ? PL_IPC_NONBLOCK
                                                : PL_IPC_TIMED;
    register uint32_t r0 __asm("r0") = ntfn | flags;
    register uint32_t r1 __asm("r1") = mask;
    register uint32_t r2 __asm("r2") = 0; /* the bits, or 0 if the wait fails */
    register uint32_t r9 __asm("r9") = timeout;
    __asm volatile("svc %[nr]"
                   : "+r"(r0), "+r"(r1), "+r"(r2)
                   : [nr] "i"(PL_SYS_NTFN_WAIT), "r"(r9)
                   : "r3", "memory");
    if (bits) {
        *bits = r2;
    }
    return (int)r0;
}

/* The task's poll mirror (ntfn_mirror.c): the kernel keeps in it the index of the notification
 * the task waits on, that notification's pending bits, and the word pl_shm_lost reads. */
extern volatile uint32_t pl_ntfn_mirror[PL_NTFN_MIRROR_WORDS];

/* 0, or the id of the last owner whose page this task went on holding (a kept grant): it
 * changes at each such loss (docs/ipc.md, "Kept grants"). Read from the mirror, no trap: a
 * library that works in a lent page compares it with what it saw last. */
static inline uint32_t pl_shm_lost(void)
{
    return pl_ntfn_mirror[PL_NTFN_MIRROR_LOST];
}

/* Never blocks. Nothing of mask pending in the mirror of the task's own notification: no
 * trap, the result a trap would give (PL_OK, no bits). Otherwise (bits to take, another
 * notification, a scribbled mirror) the kernel decides, as for any wait. */
static inline int pl_ntfn_poll(uint32_t ntfn, uint32_t mask, uint32_t *bits)
{
    if (pl_ntfn_mirror[0] == ntfn && (pl_ntfn_mirror[1] & mask) == 0) {
        if (bits) {
            *bits = 0;
        }
        return PL_OK;
    }
    return pl_ntfn_wait(ntfn, mask, bits, PL_NO_WAIT);
}
/* Re-enable the interrupts behind these bits of the caller's notification. Inline, like the
 * wait it follows in a driver's loop. */
static inline int pl_irq_ack(uint32_t ntfn, uint32_t bits)
{
    return PL_NTFN_TRAP(PL_SYS_IRQ_ACK, ntfn, bits);
}

/* A driver's loop in one trap per interrupt: acknowledge the interrupt bits `ack` of ntfn, as
 * pl_irq_ack, then wait for mask, as pl_ntfn_wait. A call refused for its bits (PL_EINVAL: a
 * bit of `ack` carries no interrupt, or mask is 0 and it would block) or its caller
 * (PL_EPERM) does neither. */
static inline int pl_irq_ack_wait(uint32_t ntfn, uint32_t ack, uint32_t mask, uint32_t *bits,
                                  uint32_t timeout)
{
    uint32_t flags = timeout == PL_WAIT_FOREVER ? 0u
                     : timeout == PL_NO_WAIT    ? PL_IPC_NONBLOCK
                                                : PL_IPC_TIMED;
    register uint32_t r0 __asm("r0") = ntfn | flags | PL_IPC_ACK;
    register uint32_t r1 __asm("r1") = mask;
    register uint32_t r2 __asm("r2") = 0;
    register uint32_t r3 __asm("r3") = ack;
    register uint32_t r9 __asm("r9") = timeout;
    __asm volatile("svc %[nr]"
                   : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
                   : [nr] "i"(PL_SYS_NTFN_WAIT), "r"(r9)
                   : "memory");
    if (bits) {
        *bits = r2;
    }
    return (int)r0;
}

int pl_shm_grant(uint32_t page, uint32_t task_index, uint32_t access); /* PL_SHM_READ[|WRITE] */
int pl_shm_revoke(uint32_t page, uint32_t task_index);
int pl_shm_map(uint32_t page, uint32_t window, void **addr);
int pl_shm_unmap(uint32_t window);

/* printf-style output to the kernel's log (pl_debug_write), one call = one uninterrupted
 * write; at most 255 characters, the rest is cut. Returns what that write returned: the bytes
 * written (at most 255), or the negative error pl_debug_write gave up with (PL_EAGAIN: the log
 * stayed full), and then nothing was written. A format newlib cannot render gives -1, unwritten. */
int pl_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* How many writes to stdout/stderr found the console server dead (PL_EDEAD: it crashed and is
 * being restarted) and were retried until it was back (user/lib/newlib.c). */
extern unsigned pl_console_restarts_seen;

#endif

/*
 * ipc/ipc.h - the kernel's IPC objects and the system calls that use them.
 *
 * Three objects, one file each: endpoints (synchronous rendezvous, endpoint.c), notifications
 * (asynchronous bit words, notification.c), shared pages (shm.c). Message transfer between
 * two tasks' registers and buffers is in msg.c. The register layout is the ABI in
 * include/parley/ipc.h. The rules every function follows are specified in docs/ipc.md.
 */
#ifndef IPC_IPC_H
#define IPC_IPC_H

#include <stdint.h>

#include "sysret.h"
#include "task.h"
#include "uaccess.h"
#include <parley/ipc.h>

/* Input registers of every IPC call. */
enum ipc_in {
    IN_OBJ = 0,
    IN_LABEL = 1,
    IN_W0 = 2,
    IN_W1 = 3,
    IN_OUTBUF = 4,
    IN_OUTLEN = 5,
    IN_INBUF = 6,
    IN_INCAP = 7,
    IN_TARGET = 8, /* reply target task id, notification mask, or a PL_GRANT() */
    IN_TIMEOUT = 9,
};

/* Output registers. */
enum ipc_out {
    OUT_STATUS = 0,
    OUT_LABEL = 1,
    OUT_W0 = 2,
    OUT_W1 = 3,
    OUT_SENDER = 4,
    OUT_BADGE = 5,
    OUT_LEN = 6,
};

/* 32 bytes each (aligned): finding endpoint e is one shift on the fast path. */
struct endpoint {
    struct list_node senders;   /* BLOCK_SEND tasks: by priority, FIFO among equals */
    struct list_node receivers; /* BLOCK_RECV tasks: by priority, FIFO among equals */
    uint32_t messages;          /* delivered since boot */
} __attribute__((aligned(32)));

extern struct endpoint endpoints[IPC_MAX_ENDPOINTS];

/* msg.c */
/* The handle a receiver gets for the sender: its task index, and in the upper 24 bits the
 * number of its latest call, so that a reply answers that call and no later one. */
static inline uint32_t ipc_handle(const struct task *t)
{
    return t->ipc.call_id;
}
static inline void ipc_new_call(struct task *t)
{
    uint32_t id = t->ipc.call_id + (1u << PL_TASK_INDEX_BITS);
    if (id < (1u << PL_TASK_INDEX_BITS)) {
        id += 1u << PL_TASK_INDEX_BITS; /* call number 0 is skipped: a handle is never 0 */
    }
    t->ipc.call_id = id;
}
static inline uint32_t ipc_reg(struct task *t, enum ipc_in r)
{
    return arch_task_reg(&t->arch, r);
}
static inline void ipc_set(struct task *t, enum ipc_out r, uint32_t v)
{
    arch_task_set_reg(&t->arch, r, v);
}
/* The caller's out / in buffer (r4-r7): 0 if fine, else the error or the fault to return. */
sys_result ipc_check_out_buffer(struct task *t);
sys_result ipc_check_in_buffer(struct task *t);

/* t is about to wait with its in buffer at buf: when a whole largest message from buf lies in
 * t's own RAM (slot 1, which never changes in its life), the address is kept (struct task,
 * inbuf_kept) and a delivery there needs no second check (ipc/fastpath.c). 1 if kept; 0 says
 * only that the buffer must be checked the usual way. Both paths' checks call it. */
static inline __attribute__((always_inline)) int ipc_keep_in_buffer(struct task *t, uint32_t buf)
{
    if (!uaccess_own_ram(t, buf, PL_IPC_MAX_BYTES)) {
        return 0;
    }
    t->inbuf_kept = buf;
    return 1;
}
int32_t msg_transfer(struct task *from, struct task *to, uint32_t badge);
/* A message from the kernel itself to `to`, which waits for it (the reply of a server in the
 * kernel, MODE=mono): label and words, and len bytes from data copied into its in buffer as
 * msg_transfer does (cut to its capacity: PL_ETRUNC); sender and badge 0. Returns the
 * delivery status, also in its r0. */
int32_t msg_from_kernel(struct task *to, uint32_t label, uint32_t w0, uint32_t w1, const void *data,
                        uint32_t len);
uint64_t ipc_deadline(struct task *t); /* TIME_NEVER unless PL_IPC_TIMED */

/* endpoint.c */
void ep_init_all(void);
void ep_queue_insert(struct list_node *q, struct task *t); /* priority order, FIFO among equals */
void ep_task_died(struct task *t, uint32_t ep_recv);       /* fail its clients, orphaned senders */
void ep_cancel(struct task *t); /* remove t from the endpoint queue it waits in */
int ep_recv_ready(struct task *t, struct endpoint *ep, uint32_t flags);
/* System call handlers (the calls' arguments in the caller's saved registers): each checks,
 * acts and returns what to do with the caller (kernel/sysret.h). */
sys_result sys_send(struct task *t, const struct arch_frame *f);
sys_result sys_recv(struct task *t, const struct arch_frame *f);
sys_result sys_call(struct task *t, const struct arch_frame *f);
sys_result sys_reply(struct task *t, const struct arch_frame *f);
sys_result sys_reply_recv(struct task *t, const struct arch_frame *f);
sys_result sys_ep_status(struct task *t, const struct arch_frame *f);

/* fastpath.c: the fast paths, declared in their own header (fastpath.h) */

/* notification.c */
extern uint32_t ntfn_bits[IPC_MAX_NOTIFICATIONS]; /* read anywhere; written by ntfn_set only */
/* Where the kernel copies each notification's pending bits for its waiter to poll without a
 * trap: the bits word of the waiter's poll mirror (docs/ipc.md, "Polling without a trap"), or
 * a kernel word nobody reads when the waiter has no mirror. Written, never read. */
extern uint32_t *ntfn_mirror[IPC_MAX_NOTIFICATIONS];

/* The one way the pending bits of n change: the word and the waiter's mirror of it together,
 * so that a poll that reads the mirror sees what a trap would take. */
static inline void ntfn_set(uint32_t n, uint32_t bits)
{
    ntfn_bits[n] = bits;
    *ntfn_mirror[n] = bits;
}
/* A task's mirror must be PL_NTFN_MIRROR_WORDS words, word-aligned, wholly inside its own
 * RAM region (or absent): else the image is broken, and the kernel panics at boot rather than
 * ever write anywhere else. ntfn_init_all checks every task. */
void ntfn_mirror_check(const struct task_desc *d);
/* The mirror words of t as the kernel must leave them (its notification's index, its bits),
 * after its .data was (re)loaded by task_start. Nothing for a task without a mirror. */
void ntfn_mirror_refresh(const struct task *t);
/* Word PL_NTFN_MIRROR_LOST of t's mirror (if it has one) = v: 0 at t's start, then the task id
 * of the last owner whose page t went on holding (shm.c). The kernel never reads the mirror. */
void ntfn_mirror_set_lost(const struct task *t, uint32_t v);
extern struct task *ntfn_waiter[IPC_MAX_NOTIFICATIONS]; /* from the description; NULL beyond */
extern uint32_t ntfn_irq_bits[IPC_MAX_NOTIFICATIONS];   /* bits an interrupt raises, per n */
extern const uint8_t *ntfn_irq_of_bit[IPC_MAX_NOTIFICATIONS]; /* its interrupt, per bit */
/* Unmask the interrupts behind bits of n (all checked: each is an interrupt's bit). */
void ntfn_rearm(uint32_t n, uint32_t bits);
/* The same for exactly one bit, in one step. */
void ntfn_rearm_one(uint32_t n, uint32_t bit);

/* t is the waiter of notification n (any index; flags in n make it out of range). */
static inline int ntfn_is_waiter(uint32_t n, const struct task *t)
{
    return n < IPC_MAX_NOTIFICATIONS && ntfn_waiter[n] == t;
}
void ntfn_init_all(void);
int ntfn_take(struct task *t, uint32_t mask); /* deliver pending bits now; 1 if it did */
void ntfn_signal(uint32_t n, uint32_t bits);
/* A device interrupt while t runs: mask irq and raise its bit. Returns the task to run next. */
struct task *ntfn_irq(struct task *t, unsigned irq);
void ntfn_task_stopped(void); /* a task faulted or exited: signal the fault_bits */
sys_result sys_ntfn_signal(struct task *t, const struct arch_frame *f);
sys_result sys_ntfn_wait(struct task *t, const struct arch_frame *f);
sys_result sys_irq_ack(struct task *t, const struct arch_frame *f);

/* shm.c */
void shm_init_all(void);
void shm_task_died(struct task *t); /* revoke what it owns */
sys_result sys_shm_grant(struct task *t, const struct arch_frame *f);
sys_result sys_shm_revoke(struct task *t, const struct arch_frame *f);
sys_result sys_shm_map(struct task *t, const struct arch_frame *f);
sys_result sys_shm_unmap(struct task *t, const struct arch_frame *f);

#endif

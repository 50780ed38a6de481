/*
 * ipc/fastpath.h - the fast paths (fastpath.c): what the kernel entries try before the general
 * system call handlers, and the pieces of other objects only they use.
 *
 * Each takes the running task and its frame and either completes the call and returns the task
 * to run next, or returns NULL having changed nothing (the general path then handles the call
 * from the start). tests/host/test_fastpath.c and the random runs hold each to the general
 * path's result. The reference path (endpoint.c, notification.c, shm.c) never calls the
 * fastpath_* functions.
 */
#ifndef IPC_FASTPATH_H
#define IPC_FASTPATH_H

#include "task.h"

struct task *fastpath_call(struct task *t, struct arch_frame *f);
struct task *fastpath_reply_recv(struct task *t, struct arch_frame *f);
/* The same two, split by the kind of message: fastpath_has_bytes(t) says whether the caller's
 * message has bytes or buffers (its out length or in capacity not 0); the *_bytes versions
 * take those, the *_regs versions the others. fastpath_call() and fastpath_reply_recv() are
 * exactly the test and the matching call. */
int fastpath_has_bytes(struct task *t);
struct task *fastpath_call_bytes(struct task *t, struct arch_frame *f);
struct task *fastpath_call_regs(struct task *t, struct arch_frame *f);
struct task *fastpath_reply_recv_bytes(struct task *t, struct arch_frame *f);
struct task *fastpath_reply_recv_regs(struct task *t, struct arch_frame *f);
struct task *fastpath_signal(struct task *t, struct arch_frame *f);
struct task *fastpath_wait(struct task *t, struct arch_frame *f);
struct task *fastpath_irq_ack(struct task *t, struct arch_frame *f);
/* pl_yield with an equal task waiting: switch straight to it. */
struct task *fastpath_yield(struct task *t, struct arch_frame *f);

/* notification.c, every signal the fast path takes, in one pass: OR bits into n, whose waiter
 * w is (1) blocked without a deadline in a wait: if it gets some of its bits and is more
 * urgent than the running task t, it runs at once (t first of its level) and is returned;
 * if it gets some and is not more urgent, it is woken and t runs on; if it gets none, it
 * waits on; (2) ready and waiting for nothing (t itself, or a task to run later): the bits
 * are stored; (3) blocked without a deadline in a receive that also waits for n (PL_IPC_NTFN)
 * for some of them, and more urgent than t: it leaves its endpoint with the bits and runs at
 * once. Returns the task
 * to run next, or NULL having changed nothing (any other case: the general path's). */
struct task *ntfn_signal_fast(struct task *t, uint32_t n, uint32_t bits);
/* notification.c: t, the waiter of n, takes the bits of n in mask now, as the result of its
 * wait or poll (r0 = PL_OK, r1 = PL_LABEL_NOTIFICATION, r2 = the bits; maybe none). */
void ntfn_take_bits(struct task *t, uint32_t n, uint32_t mask);

#endif

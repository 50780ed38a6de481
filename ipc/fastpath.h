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

/* notification.c, the case signal and interrupts have in common, done in one pass: OR bits
 * into n, whose waiter w blocks without a deadline, in a wait or in a receive that also waits
 * for n, for some of them, and is more urgent than the running task t. Then w gets its bits
 * and the CPU at once (t stays first of its level) and is returned; otherwise nothing changes
 * and the result is NULL. */
struct task *ntfn_wake_urgent(struct task *t, uint32_t n, uint32_t bits);
/* notification.c: t, the waiter of n, takes the bits of n in mask now, as the result of its
 * wait or poll (r0 = PL_OK, r1 = PL_LABEL_NOTIFICATION, r2 = the bits; maybe none). */
void ntfn_take_bits(struct task *t, uint32_t n, uint32_t mask);

#endif

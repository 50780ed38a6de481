/*
 * tests/host/kernel_view.h - a snapshot of everything a task or a test can observe of the
 * fixture's kernel, and a comparison that names the first difference.
 *
 * Used to hold two ways of doing the same thing to one standard: the fast paths against the
 * general path (test_fastpath.c), and whole random runs through kernel_syscall() against the
 * same runs through the general path (test_random_walk.c).
 */
#ifndef TESTS_HOST_KERNEL_VIEW_H
#define TESTS_HOST_KERNEL_VIEW_H

#include <stdint.h>

#include "fixture.h"
#include "host_arch.h"

#define KV_NOT_QUEUED (-2) /* run_prev: in no run queue */
#define KV_FIRST      (-1) /* run_prev: first of its run queue */

struct task_view {
    int state, block;
    uint64_t deadline;
    uint32_t reg[12];
    int waits_on; /* endpoint (SEND, RECV) or server (REPLY) index; -1 otherwise */
    uint32_t is_call, ntfn_mask;
    int run_prev; /* KV_NOT_QUEUED, KV_FIRST, or the index of the task ahead in its queue */
    int timed;    /* in the timer list */
    uint32_t sent, received, switches, slice_left;
    uint32_t ep_send, ep_recv, ep_grant, ntfn_signal;
    uint32_t generation, restarts, faults;
    uint32_t sig_pending, sig_blocked, sig_caught, sig_ignored, upcall; /* signals */
    uint64_t alarm;
};

struct kernel_view {
    struct task_view task[FX_TASKS];
    int current, next;
    int senders[FX_ENDPOINTS][FX_TASKS + 1], receivers[FX_ENDPOINTS][FX_TASKS + 1];
    uint32_t messages[FX_ENDPOINTS];
    uint32_t pending[FX_NTFNS];
    uint8_t irq_enabled[HOST_IRQ_COUNT];  /* the host arch's interrupt lines: unmasked or not, */
    unsigned irq_rearmed[HOST_IRQ_COUNT]; /* and how often each was rearmed (acknowledged) */
    uint8_t ram[FX_TASKS][FX_RAM_SIZE];
};

/* The fast path the kernel tries first for system call svc (the same table as sys/entry.c),
 * or NULL if it has none. */
typedef struct task *(*kernel_fast_path_fn)(struct task *, struct arch_frame *);
kernel_fast_path_fn kernel_fast_path(uint32_t svc);

/* Take the snapshot; next is the task the kernel chose to run (NULL: none chosen). */
void kernel_view_take(struct kernel_view *v, const struct task *next);

/* 1 if a equals the reference g; otherwise record a failure at file:line that names the
 * first field that differs ("<what>: <field> gives X, the general path Y") and return 0. */
int kernel_view_same(const char *file, int line, const char *what, const struct kernel_view *a,
                     const struct kernel_view *g);

#endif

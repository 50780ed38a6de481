/*
 * kernel/task.h - the task object: one per entry of the system description, never created
 * or destroyed at run time, only (re)started.
 *
 * States: READY (in a run queue), BLOCKED (waiting for time or IPC; maybe in the timer list),
 * FAULTED and EXITED (in no queue until restarted). All fields are touched only from kernel
 * entries, which never nest, so no locking is needed.
 */
#ifndef KERNEL_TASK_H
#define KERNEL_TASK_H

#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "list.h"
#include "sysdesc.h"
#include <parley/error.h>
#include <parley/task.h>

#define TIME_NEVER UINT64_MAX

enum block_kind {
    BLOCK_NONE = 0,
    BLOCK_SLEEP,  /* pl_sleep: the deadline is the only way out */
    BLOCK_SEND,   /* in an endpoint's sender queue (send, or the first half of a call) */
    BLOCK_RECV,   /* in an endpoint's receiver queue (maybe also woken by its notification) */
    BLOCK_REPLY,  /* its call was delivered; waiting for that server's reply */
    BLOCK_NTFN,   /* waiting on its notification */
    BLOCK_SIGNAL, /* pl_sigsuspend: until a signal's handler is due (kernel/ksignal.h) */
};

struct endpoint;

/* What a task blocked in IPC is waiting for. Only the fields of its block kind mean anything. */
struct ipc_wait {
    struct list_node node; /* endpoint sender or receiver queue */
    struct endpoint *ep;   /* BLOCK_SEND, BLOCK_RECV */
    struct task *server;   /* BLOCK_REPLY: the task that received the call */
    uint32_t is_call;      /* BLOCK_SEND: wait for a reply after delivery */
    uint32_t grant;        /* BLOCK_SEND: the PL_GRANT() its message carries, as checked when
                              it was sent (0: none); delivery uses this copy, never r0/r8 */
    uint32_t call_id;      /* handle of its latest call: task index | 24-bit call number << 8 */
    uint32_t ntfn_mask;    /* BLOCK_RECV with PL_IPC_NTFN, BLOCK_NTFN: bits that wake it */
};

/* Rights a task holds now: from the description at start, plus grants received since. */
struct task_rights {
    uint32_t ep_send, ep_recv, ep_grant; /* bit e: right on endpoint e */
    uint32_t ntfn_signal;                /* bit n: may signal notification n */
    uint32_t badge[IPC_MAX_ENDPOINTS];   /* badge this task's messages carry, per endpoint */
};

/* Its signals (kernel/ksignal.c; docs/ipc.md, "Signals"). Masks have bit s for signal s. The
 * handlers themselves live in the task's memory; the kernel knows only whether one is there.
 * Five words: struct task must stay within 512 bytes (the trampoline's address and the alarm,
 * used rarely, are kept apart in ksignal.c). */
struct task_signals {
    uint32_t pending; /* sent, not yet acted on (they wait while blocked) */
    uint32_t blocked; /* held back: never PL_SIGKILL */
    uint32_t caught;  /* PL_SIG_CATCH: delivered through the trampoline */
    uint32_t ignored; /* PL_SIG_IGN: dropped when sent */
    uint32_t suspend; /* in pl_sigsuspend until its handler's frame is built: the mask that
                         frame gives back | SIG_SUSPENDED (bit 0, no signal's); else 0 */
};

struct task {
    struct arch_task arch;      /* first: the arch entry code saves registers here */
    struct list_node run_node;  /* run queue of its priority, while READY */
    struct list_node time_node; /* timer list, while BLOCKED with a deadline */
    uint64_t deadline;          /* tick at which a timed block ends, TIME_NEVER if none */
    /* state, block and timed, with a byte that stays 0, are one word the fast paths test with
     * a single compare (task_waits_untimed). Keep the four together and in this order. */
    uint8_t state; /* enum pl_task_state */
    uint8_t block; /* enum block_kind */
    uint8_t timed; /* deadline != TIME_NEVER */
    uint8_t zero;
    uint32_t index;
    uint32_t generation;
    uint32_t priority;
    uint32_t ready_bit;  /* task_ready_bit(priority): its level's bit in the scheduler's bitmap */
    uint32_t slice_left; /* ticks left in its round-robin slice */
    uint32_t switches, restarts, faults, last_change;
    int32_t exit_code;
    struct pl_fault_record fault;
    struct ipc_wait ipc;
    struct task_rights rights;
    /* The description's regions, then its shm windows (task_region_count() of them); the
     * slots past those are always empty (size 0). */
    struct mem_region regions[ARCH_MPU_SLOTS];
    uint32_t msgs_sent, msgs_received;
    /* An in buffer address from which a whole largest message (PL_IPC_MAX_BYTES) lies inside
     * the task's own RAM, as the fast paths found when it began to wait with it (ipc/fastpath.c),
     * or TASK_INBUF_NONE. Slot 1 is the description's RAM and never changes in the task's life
     * (task_init_all checks it), so this stays true whatever happens meanwhile: a delivery into a
     * buffer at this address needs no second check. Never observable by a task. */
    uint32_t inbuf_kept;
    struct task_signals sig;
    const struct task_desc *desc;
} __attribute__((aligned(512))); /* size a power of two (512 on Cortex-M, with some room
                                   left): finding task i is one shift on the fast paths */

/* No in buffer kept: no address is followed by PL_IPC_MAX_BYTES bytes of RAM up to it. */
#define TASK_INBUF_NONE UINT32_MAX

/* Its regions and windows: fixed by the description (a window may be empty). */
static inline uint32_t task_region_count(const struct task *t)
{
    return t->desc->region_count + t->desc->windows;
}

static inline struct task *task_of(struct arch_task *a)
{
    return (struct task *)a; /* arch is the first member */
}

_Static_assert(offsetof(struct task, block) == offsetof(struct task, state) + 1 &&
                   offsetof(struct task, timed) == offsetof(struct task, state) + 2 &&
                   offsetof(struct task, zero) == offsetof(struct task, state) + 3,
               "state, block, timed and zero make one word");

/* The ready_bit of a task at priority p (0..31): bit 31 - p, so that the most urgent ready
 * level is the bitmap's count of leading zeros. */
static inline uint32_t task_ready_bit(uint32_t p)
{
    return 1u << (31u - p);
}

/* t, in no run queue, blocks for `why` with no deadline (task_block without the queue and the
 * timer list: what the fast paths need for the running task). */
static inline void task_block_untimed(struct task *t, enum block_kind why)
{
    t->state = PL_TASK_BLOCKED;
    t->block = why;
}

/* `timed` in the word of state, block and timed (little-endian). */
#define TASK_TIMED_BYTE (1u << 16)

/* t is BLOCKED for `why`, with no deadline: one load and one compare (little-endian). */
static inline int task_waits_untimed(const struct task *t, enum block_kind why)
{
    uint32_t word;
    __builtin_memcpy(&word, &t->state, sizeof word); /* one load, even freestanding */
    return word == (PL_TASK_BLOCKED | (uint32_t)why << 8);
}

static inline pl_task_id task_id(const struct task *t)
{
    return PL_TASK_ID(t->index, t->generation);
}

extern struct task sys_tasks[]; /* generated: one per task in the description */
/* Stands for the kernel where IPC needs a peer task that is none (MODE=mono): the waiter of a
 * notification a server in the kernel takes, the server of a call such a server deferred.
 * Never ready, never blocked, never in a queue: whatever looks at its state passes it by. */
extern struct task task_in_kernel;

void task_init_all(void);
struct task *task_by_index(uint32_t index); /* NULL if out of range */
void task_start(struct task *t);            /* fresh memory image, ready to run */
void task_block(struct task *t, enum block_kind why, uint64_t deadline);
void task_unblock(struct task *t, int32_t result); /* result lands in the task's r0 */
void task_wake(struct task *t);     /* like task_unblock, its results already in its registers */
void task_handoff(struct task *t);  /* task_wake, but first of its level: it runs in the place of
                                       the caller that handed it a call */
void task_end_wait(struct task *t); /* out of the timer list, no block kind, no deadline */
int task_is_alive(const struct task *t); /* READY or BLOCKED */
/* Stopping, restarting and timing out are in sys/lifecycle.h: they concern other objects. */
void task_status(const struct task *t, struct pl_task_status *out);
const char *task_fault_name(uint32_t kind);

#endif

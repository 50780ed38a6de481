/*
 * kernel/sched.c - ready queues and selection (see sched.h for the policy).
 *
 * The running task is kept out of the run queues: a task that blocks while running costs no
 * queue operation, and IPC can hand the CPU straight to its partner (sched_direct).
 * Invariants: a task is in run_queue[p] if and only if it is READY, not current, or current
 * and it gave up its turn (yield, slice end), and its priority is p; bit (31 - p) of
 * ready_bits is set if and only if run_queue[p] is not empty.
 */
#include "sched.h"

static struct list_node run_queue[SCHED_LEVELS];
static uint32_t ready_bits;
static uint32_t slice_ticks;

/* The running task is the one arch_current points at (arch.h): the entry code saves into it
 * and resumes from it, so switching is pointing it at another task, and nothing else. */
static inline struct task *running(void)
{
    return task_of(arch_current); /* NULL before the first task */
}

/* t becomes the running task: one more switch to it. */
static inline void run(struct task *t)
{
    arch_current = &t->arch;
    t->switches++;
}

void sched_init(uint32_t slice)
{
    for (uint32_t p = 0; p < SCHED_LEVELS; p++) {
        list_init(&run_queue[p]);
    }
    ready_bits = 0;
    arch_current = 0;
    slice_ticks = slice ? slice : 1u;
}

static int queued(const struct task *t)
{
    return t->run_node.next != &t->run_node;
}

static void enqueue(struct task *t, int at_head)
{
    struct list_node *q = &run_queue[t->priority];
    list_insert_before(at_head ? q->next : q, &t->run_node);
    ready_bits |= t->ready_bit;
}

static void dequeue(struct task *t)
{
    list_unlink(&t->run_node);
    if (list_empty(&run_queue[t->priority])) {
        ready_bits &= ~t->ready_bit;
    }
}

static void make_ready(struct task *t, int at_head)
{
    t->state = PL_TASK_READY;
    t->slice_left = slice_ticks;
    if (t != running()) {
        enqueue(t, at_head);
    }
}

void sched_add(struct task *t)
{
    make_ready(t, 0);
}

void sched_add_front(struct task *t)
{
    make_ready(t, 1);
}

void sched_remove(struct task *t)
{
    if (queued(t)) {
        dequeue(t);
    }
}

void sched_yield(struct task *t)
{
    sched_remove(t);
    enqueue(t, 0); /* behind its equals; sched_switch takes it out again if it is still first */
    t->slice_left = slice_ticks;
}

uint32_t sched_best_queued(void)
{
    return arch_clz(ready_bits); /* SCHED_LEVELS (32) when nothing is queued */
}

/* The running task c keeps the CPU: still READY, it has not given up its turn, and no queued
 * task is more urgent (it keeps it against equals until it yields or its slice ends). */
static int keeps_cpu(const struct task *c)
{
    return c->state == PL_TASK_READY && !queued(c) && c->priority <= arch_clz(ready_bits);
}

int sched_unchanged(const struct task *t)
{
    return t == running() && keeps_cpu(t);
}

struct task *sched_pick(void)
{
    uint32_t p = arch_clz(ready_bits);
    if (running() && keeps_cpu(running())) {
        return running();
    }
    return p < SCHED_LEVELS ? container_of(run_queue[p].next, struct task, run_node) : 0;
}

struct task *sched_current(void)
{
    return running();
}

void sched_direct(struct task *t)
{
    t->state = PL_TASK_READY;
    t->block = BLOCK_NONE; /* stored with state as one halfword */
    t->slice_left = slice_ticks;
    run(t); /* never the running task itself: its callers switch */
}

/* The first task of level p (not empty) leaves its queue and runs. */
static struct task *run_first_of(uint32_t p)
{
    struct task *next = container_of(run_queue[p].next, struct task, run_node);
    dequeue(next);
    run(next);
    return next;
}

struct task *sched_yield_to_next(struct task *t)
{
    uint32_t p = t->priority; /* t runs (the caller's word): it is in no queue */
    if (arch_clz(ready_bits) != p) {
        return 0; /* nobody else at its level (or, impossibly, someone more urgent) */
    }
    /* A rotation of level p: its first task leaves the queue and runs, t goes to the tail.
     * The level is never empty in between, so its ready bit stays as it is. */
    struct list_node *q = &run_queue[p];
    struct task *next = container_of(q->next, struct task, run_node);
    list_unlink(&next->run_node);
    list_insert_before(q, &t->run_node);
    t->slice_left = slice_ticks;
    run(next);
    return next;
}

struct task *sched_switch_blocked(void)
{
    return run_first_of(arch_clz(ready_bits)); /* never empty: the idle task is always ready */
}

void sched_preempt(struct task *cur, struct task *t)
{
    enqueue(cur, 1); /* first of its level when it is picked again */
    sched_direct(t);
}

struct task *sched_switch(void)
{
    struct task *prev = running(), *next = sched_pick();
    if (next && queued(next)) {
        dequeue(next);
    }
    if (next != prev) {
        if (prev && prev->state == PL_TASK_READY && !queued(prev)) {
            enqueue(prev, 1); /* preempted: first of its level when it is picked again */
        }
        run(next);
    }
    return next;
}

int sched_tick(void)
{
    struct task *t = running();
    if (t && t->state == PL_TASK_READY && t->slice_left && --t->slice_left == 0) {
        sched_yield(t);
        if (sched_pick() == t) {
            dequeue(t); /* alone at its level: it runs on, and a running task is never queued */
        }
    }
    return sched_pick() != running();
}

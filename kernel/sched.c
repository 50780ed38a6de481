/*
 * kernel/sched.c - ready queues and selection (see sched.h for the policy).
 *
 * Invariants: a task is in run_queue[p] if and only if its state is READY and its priority is
 * p; bit (31 - p) of ready_bits is set if and only if run_queue[p] is not empty.
 */
#include "sched.h"

static struct list_node run_queue[SCHED_LEVELS];
static uint32_t ready_bits;
static struct task *current;
static uint32_t slice_ticks;

void sched_init(uint32_t slice)
{
    for (uint32_t p = 0; p < SCHED_LEVELS; p++) {
        list_init(&run_queue[p]);
    }
    ready_bits = 0;
    current = 0;
    slice_ticks = slice ? slice : 1u;
}

void sched_add(struct task *t)
{
    t->state = PL_TASK_READY;
    t->slice_left = slice_ticks;
    list_push_back(&run_queue[t->priority], &t->run_node);
    ready_bits |= 1u << (31u - t->priority);
}

void sched_add_front(struct task *t)
{
    t->state = PL_TASK_READY;
    t->slice_left = slice_ticks;
    list_insert_before(run_queue[t->priority].next, &t->run_node);
    ready_bits |= 1u << (31u - t->priority);
}

void sched_remove(struct task *t)
{
    list_unlink(&t->run_node);
    if (list_empty(&run_queue[t->priority])) {
        ready_bits &= ~(1u << (31u - t->priority));
    }
}

void sched_yield(struct task *t)
{
    list_unlink(&t->run_node);
    list_push_back(&run_queue[t->priority], &t->run_node);
    t->slice_left = slice_ticks;
}

struct task *sched_pick(void)
{
    if (ready_bits == 0) {
        return 0;
    }
    uint32_t p = arch_clz(ready_bits);
    return container_of(run_queue[p].next, struct task, run_node);
}

struct task *sched_current(void)
{
    return current;
}

struct task *sched_switch(void)
{
    struct task *next = sched_pick();
    if (next != current) {
        current = next;
        next->switches++;
    }
    return next;
}

int sched_tick(void)
{
    struct task *t = current;
    if (t && t->state == PL_TASK_READY && t->slice_left && --t->slice_left == 0) {
        sched_yield(t); /* no-op in effect when it is alone at its level */
    }
    return sched_pick() != current;
}

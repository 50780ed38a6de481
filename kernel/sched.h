/*
 * kernel/sched.h - fixed-priority preemptive scheduler with round-robin among equals.
 *
 * Priority 0 is the most urgent, SCHED_LEVELS-1 is reserved for the idle task. A ready bitmap
 * (bit 31-p set when level p has a queued task) makes picking O(1) with one count-leading-zeros.
 * The running task is not queued while it runs; it keeps the CPU against equals until it
 * yields or its slice ends (then it goes behind them), and a preempted task returns to the
 * head of its level, so equal priorities take turns and nobody loses its place.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <stdint.h>

#include <parley/limits.h>

#include "task.h"

#define SCHED_LEVELS        PL_PRIORITY_LEVELS /* <parley/limits.h>, which sysgen reads */
#define SCHED_IDLE_PRIORITY (SCHED_LEVELS - 1u)

/* The idle task (sysgen appends it: the only task at SCHED_IDLE_PRIORITY) is always ready, and
 * the scheduler counts on that: when every other task waits, it runs. So nothing may stop or
 * restart it: the supervisor's calls refuse it, and a fault in it is a kernel panic. */
static inline int sched_is_idle(const struct task *t)
{
    return t->priority == SCHED_IDLE_PRIORITY;
}

void sched_init(uint32_t slice_ticks);
void sched_add(struct task *t);       /* t becomes READY at the tail of its level */
void sched_add_front(struct task *t); /* t becomes READY at the head of its level */
void sched_remove(struct task *t);    /* t leaves its run queue (blocked, faulted, exited) */
void sched_yield(struct task *t);     /* t goes to the tail of its level with a fresh slice */
/* The running task t (only ever the running task: not checked again) yields and an equal is
 * waiting: switch to the first of them at once and return it (what sched_yield + sched_switch
 * would do). NULL, changing nothing, otherwise. */
struct task *sched_yield_to_next(struct task *t);
struct task *sched_pick(void);    /* the task that should run now; never NULL after boot */
uint32_t sched_best_queued(void); /* most urgent queued priority, SCHED_LEVELS if none */
/* Hand the CPU to t, which is not the running task, not queued, and at least as urgent as
 * every queued task (IPC fast path: the running task has just blocked). t was blocked: it
 * becomes READY with BLOCK_NONE and a fresh slice. */
void sched_direct(struct task *t);
/* t, not queued, is more urgent than cur, the running task, which stays READY: switch to t
 * now. (cur is passed in because the caller has it in hand.) */
void sched_preempt(struct task *cur, struct task *t);
struct task *sched_current(void); /* the task running (NULL before the first switch) */
/* Make sched_pick() the current task and return it; the running task if it is still the pick
 * (then nothing changes). */
struct task *sched_switch(void);
/* sched_switch() would keep t, the running task: the cheap test a kernel entry makes first. */
int sched_unchanged(const struct task *t);
/* The end of a kernel entry that ran t: t if it keeps the CPU, else sched_switch(). */
static inline struct task *sched_next(struct task *t)
{
    return sched_unchanged(t) ? t : sched_switch();
}
/* sched_switch() when the running task has just blocked (it is in no queue): the first task
 * of the most urgent level runs. */
struct task *sched_switch_blocked(void);
int sched_tick(void); /* one tick of the running slice; 1 if a switch is due */

#endif

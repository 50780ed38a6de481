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

#include <stdint.h>

#include "arch.h"
#include "list.h"
#include "sysdesc.h"
#include <parley/error.h>
#include <parley/task.h>

#define TIME_NEVER UINT64_MAX

enum block_kind {
    BLOCK_NONE = 0,
    BLOCK_SLEEP, /* pl_sleep: the deadline is the only way out */
};

struct task {
    struct arch_task arch;      /* first: the arch entry code saves registers here */
    struct list_node run_node;  /* run queue of its priority, while READY */
    struct list_node time_node; /* timer list, while BLOCKED with a deadline */
    uint64_t deadline;          /* tick at which a timed block ends, TIME_NEVER if none */
    enum pl_task_state state;
    enum block_kind block;
    uint32_t index;
    uint32_t generation;
    uint32_t priority;
    uint32_t slice_left; /* ticks left in its round-robin slice */
    uint32_t switches, restarts, faults, last_change;
    int32_t exit_code;
    struct pl_fault_record fault;
    const struct task_desc *desc;
};

static inline struct task *task_of(struct arch_task *a)
{
    return (struct task *)a; /* arch is the first member */
}

static inline pl_task_id task_id(const struct task *t)
{
    return PL_TASK_ID(t->index, t->generation);
}

extern struct task sys_tasks[]; /* generated: one per task in the description */

void task_init_all(void);
struct task *task_by_index(uint32_t index); /* NULL if out of range */
void task_start(struct task *t);            /* fresh memory image, ready to run */
void task_block(struct task *t, enum block_kind why, uint64_t deadline);
void task_unblock(struct task *t, int32_t result); /* result lands in the task's r0 */
void task_timeout(struct task *t);                 /* its deadline passed while blocked */
void task_fault(struct task *t, const struct pl_fault_record *rec);
void task_exit(struct task *t, int32_t code);
void task_restart(struct task *t);
void task_status(const struct task *t, struct pl_task_status *out);
const char *task_fault_name(uint32_t kind);

#endif

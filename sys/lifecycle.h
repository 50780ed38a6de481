/*
 * sys/lifecycle.h - a task stops, restarts or times out, and everyone it dealt with learns it
 * (sys/lifecycle.c). The top layer: it may call kernel/ and ipc/; they never call it.
 */
#ifndef SYS_LIFECYCLE_H
#define SYS_LIFECYCLE_H

#include <stdint.h>

#include "task.h"

void task_timeout(struct task *t); /* its deadline passed while blocked */
void task_tick_deadlines(void);    /* one tick: wake every task whose deadline has come */
void task_fault(struct task *t, const struct pl_fault_record *rec);
void task_exit(struct task *t, int32_t code);
void task_restart(struct task *t);

#endif

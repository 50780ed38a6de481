/*
 * kernel/time.h - kernel time in ticks and deadlines for blocked tasks.
 *
 * Time is a 64-bit tick count from boot (it does not wrap in practice). The host tests start it
 * just below 2^32 to see that nothing is cut to 32 bits. A task blocked with a
 * deadline sits in one list sorted by deadline; each tick wakes the expired ones in deadline
 * order (FIFO among equal deadlines), through the top layer (task_tick_deadlines). IPC timeouts
 * use the same mechanism as sleep.
 */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include <stdint.h>

#include "task.h"

void time_init(uint64_t start); /* the tick count starts there: 0 at boot */
uint64_t time_now(void);
void time_add(struct task *t);    /* t->deadline is set; insert in deadline order */
void time_remove(struct task *t); /* safe if t is not in the list */
void time_tick(void);             /* one tick passes */
/* The first task whose deadline has come, taken out of the list (in deadline order, FIFO
 * among equals); NULL when none is due. Waking it is the caller's business (what a timeout
 * means for its endpoint is beyond this file: sys/lifecycle.c). */
struct task *time_take_expired(void);

#endif

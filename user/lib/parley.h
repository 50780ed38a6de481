/*
 * parley.h - the user library: one function per system call, for tasks and servers.
 *
 * Tasks include this (and the ABI headers under include/parley/), never a kernel header.
 * Every function returns 0 or a positive value on success and a negative enum pl_err on
 * failure. Passing a pointer the task does not own does not return an error: the kernel
 * stops the task with PL_FAULT_BAD_POINTER.
 */
#ifndef PARLEY_USER_H
#define PARLEY_USER_H

#include <stddef.h>
#include <stdint.h>

#include <parley/error.h>
#include <parley/syscall.h>
#include <parley/task.h>

void pl_yield(void);
int pl_sleep(uint32_t ticks);                    /* returns once uptime has advanced by `ticks` */
uint64_t pl_uptime(void);                        /* ticks since boot */
int pl_debug_write(const void *buf, size_t len); /* kernel console, at most 256 bytes */
pl_task_id pl_task_self(void);
void pl_exit(int code) __attribute__((noreturn));
int pl_task_status(uint32_t index, struct pl_task_status *out); /* supervisor capability */
int pl_task_restart(uint32_t index);                            /* supervisor capability */
int pl_shutdown(int code); /* shutdown capability; returns only with PL_EPERM */

/* printf-style output to the kernel console, one call = one uninterrupted write. */
int pl_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

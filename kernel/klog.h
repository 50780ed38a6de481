/*
 * kernel/klog.h - where the kernel's log goes: polled on the board console, or into a ring
 * that the console driver drains (kernel/klog.c; docs/syscalls.md, "The kernel's log").
 */
#ifndef KERNEL_KLOG_H
#define KERNEL_KLOG_H

#include <stdint.h>

#include <parley/limits.h>

#include "task.h"

/* Kept for the kernel's own lines: task writes never take it. The ring itself
 * (sys_klog_ring, sys_config.klog_size bytes) is sized by the description; sysgen makes it a
 * power of two of at least KLOG_MIN_SIZE. */
#define KLOG_RESERVE  512u
#define KLOG_MIN_SIZE PL_KLOG_MIN_SIZE /* <parley/limits.h>, which sysgen reads */

/* How the log tells its drainer that bytes wait: signal notification n with bits (ipc's
 * ntfn_signal). The kernel/ layer cannot call ipc/ itself; the top layer hands it down. */
typedef void (*klog_signal_fn)(uint32_t n, uint32_t bits);
/* Finds the drainer in the description; the log starts polled. */
void klog_init(klog_signal_fn signal);

/* One byte of the kernel's own log (kprintf), then the end of what one call wrote: klog_end
 * tells the drainer there is something to read. */
void klog_putc(char c);
void klog_end(void);

/* A task's debug_write of len bytes, all or nothing: PL_OK, or PL_EAGAIN when the ring lacks
 * room for them above the kernel's reserve (the drainer has not caught up). */
int klog_task_write(const char *buf, uint32_t len);

/* The drainer takes up to cap bytes into buf (checked by the caller); returns how many. Its
 * first call in an incarnation attaches it: the log goes into the ring from then on. */
uint32_t klog_read(char *buf, uint32_t cap);
int klog_is_drainer(const struct task *t);

/* t stops (fault, exit, restart): if it is the attached drainer, the ring is written out
 * polled and the log is polled until an incarnation attaches again. */
void klog_task_stopped(const struct task *t);

/* The kernel is broken (a panic, a fault in the kernel): write out the ring, then polled. */
void klog_polled(void);

uint32_t klog_lost(void); /* kernel bytes that found no room, since boot */

#endif

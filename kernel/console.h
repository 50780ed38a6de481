/*
 * kernel/console.h - the kernel's own log: formatted output, polled on the board console or
 * through the console driver (kernel/klog.h). Usable from any kernel context, including a
 * panic (which writes polled). Supports %s %c %d %i %u %x %p %% with an optional '0' flag, a
 * width and the 'l' length modifier.
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include <stdarg.h>
#include <stddef.h>

void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif

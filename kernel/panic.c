/*
 * kernel/panic.c - a broken kernel invariant: say which, then stop the machine.
 * Under QEMU the run ends with a non-zero status through semihosting; on a board without a
 * debugger the CPU halts with the message on the console.
 */
#include <stdarg.h>

#include "arch.h"
#include "console.h"
#include "klog.h"

void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    klog_polled(); /* a broken kernel trusts no task to print its last words */
    kprintf("\r\nPANIC: ");
    kvprintf(fmt, ap);
    kprintf("\r\n");
    va_end(ap);
    arch_halt(1);
}

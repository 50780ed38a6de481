/* user/lib/printf.c - pl_printf: format with newlib into a stack buffer, one kernel write. */
#include <stdarg.h>
#include <stdio.h>

#include "parley.h"

int pl_printf(const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n < 0) {
        return n;
    }
    size_t len = (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1;
    return pl_debug_write(buf, len);
}

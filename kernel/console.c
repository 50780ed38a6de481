/*
 * kernel/console.c - kprintf: a small formatter over the kernel's log (kernel/klog.c), which
 * writes it polled on the board console or hands it to the console driver.
 * Kernel entries never nest, so one kprintf call's output is never interleaved with another.
 */
#include <stdint.h>

#include "console.h"
#include "klog.h"

static void console_write(const char *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        klog_putc(buf[i]);
    }
}

static void put_padded(const char *s, size_t len, unsigned width, char pad)
{
    while (width > len) {
        klog_putc(pad);
        width--;
    }
    console_write(s, len);
}

static void put_number(unsigned long v, unsigned base, int negative, unsigned width, char pad)
{
    char buf[24];
    size_t n = sizeof(buf);
    do {
        buf[--n] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    if (negative && pad == '0') { /* the sign goes before zero padding: -0042 */
        klog_putc('-');
        width = width ? width - 1u : 0;
    } else if (negative) {
        buf[--n] = '-';
    }
    put_padded(&buf[n], sizeof(buf) - n, width, pad);
}

static void format_one(char conv, int is_long, unsigned width, char pad, va_list *ap)
{
    switch (conv) {
    case 'd':
    case 'i': {
        long v = is_long ? va_arg(*ap, long) : va_arg(*ap, int);
        put_number(v < 0 ? 0ul - (unsigned long)v : (unsigned long)v, 10, v < 0, width, pad);
        break;
    }
    case 'u':
    case 'x': {
        unsigned long v = is_long ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned);
        put_number(v, conv == 'x' ? 16 : 10, 0, width, pad);
        break;
    }
    case 'p':
        console_write("0x", 2);
        put_number((unsigned long)(uintptr_t)va_arg(*ap, void *), 16, 0, 8, '0');
        break;
    case 's': {
        const char *s = va_arg(*ap, const char *);
        size_t len = 0;
        s = s ? s : "(null)";
        while (s[len]) {
            len++;
        }
        put_padded(s, len, width, ' ');
        break;
    }
    case 'c':
        klog_putc((char)va_arg(*ap, int));
        break;
    default:
        klog_putc('%');
        klog_putc(conv);
        break;
    }
}

void kvprintf(const char *fmt, va_list ap)
{
    va_list args;
    va_copy(args, ap);
    for (const char *p = fmt; *p; p++) {
        if (*p != '%' || p[1] == '\0') {
            klog_putc(*p);
            continue;
        }
        p++;
        char pad = ' ';
        unsigned width = 0;
        int is_long = 0;
        if (*p == '0') {
            pad = '0';
            p++;
        }
        while (*p >= '0' && *p <= '9') {
            width = width * 10u + (unsigned)(*p++ - '0');
        }
        if (*p == 'l') {
            is_long = 1;
            p++;
        }
        if (*p == '%') {
            klog_putc('%');
        } else if (*p) {
            format_one(*p, is_long, width, pad, &args);
        } else {
            break;
        }
    }
    va_end(args);
    klog_end();
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
}

/*
 * parley/console.h - the console protocol: what the console driver (servers/console) serves,
 * and what the C library's stdio and every other client speak to it.
 *
 * The console driver owns UART0: interrupt-driven transmit and receive, a line editor for the
 * shell, and whole lines: bytes a client writes are held per client (by badge) until a newline,
 * so lines from different clients never interleave. Endpoint: 'console' in the description.
 */
#ifndef PARLEY_CONSOLE_H
#define PARLEY_CONSOLE_H

#include <stdint.h>

enum console_op {
    CONSOLE_WRITE = 0,    /* data: bytes to print; -> w0 = bytes accepted */
    CONSOLE_READLINE = 1, /* -> data: one edited line without its newline, w0 = its length;
                           * the reply waits until Enter (one reader at a time: else PL_EAGAIN) */
    CONSOLE_STATS = 2,    /* -> w0 = bytes written since start, w1 = lines read, and
                           *    data = struct console_stats (those two and the kernel's log) */
    CONSOLE_QUIET = 3,    /* w0 = 1: from now on print only the asker's lines and the kernel's
                           *    log (other writers' lines are taken and dropped); w0 = 0: print
                           *    everybody's again. -> w0 = lines dropped since quiet began */
    CONSOLE_CRASH = 4,    /* a bug on purpose, for `make contrast` (docs/contrast.md): the
                           *    driver stores through the pointer w0, as a buggy driver would.
                           *    Only a console built with servers/console/console_crash.c
                           *    has it; any other answers PL_EINVAL (an unknown opcode) */
    CONSOLE_OP_COUNT
};

#define CONSOLE_LINE_MAX 128u /* longest line the editor keeps */

/* Counts since the console driver (this incarnation) started. */
struct console_stats {
    uint32_t bytes_written; /* taken from CONSOLE_WRITE */
    uint32_t lines_read;    /* handed to CONSOLE_READLINE */
    uint32_t klog_bytes;    /* of the kernel's log (pl_klog_read), taken for printing */
    uint32_t tx_waits;      /* times the transmitter was busy with bytes waiting: the driver
                             * stopped and waited for its TX interrupt */
    uint32_t tx_irqs;       /* TX interrupts served */
};

#endif

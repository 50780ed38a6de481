/*
 * tests/qemu/console/console_test.h - what the console test's clients print and report to the
 * judge.
 */
#ifndef TESTS_QEMU_CONSOLE_H
#define TESTS_QEMU_CONSOLE_H

#include <stdint.h>

#define CLIENTS      3u
#define CLIENT_LINES 40u
/* Each line is "client N line K: " FILLER " end K": a line that arrived whole matches
 * ^client ([1-3]) line ([0-9]+): abcdefghij abcdefghij abcdefghij end \2$ */
#define FILLER "abcdefghij abcdefghij abcdefghij"

/* Sent once by each client, as the bytes of a call on 'report', when it has printed all. */
struct client_report {
    uint32_t lines_ok;      /* lines whose every write returned its full length */
    uint32_t restarts_seen; /* pl_console_restarts_seen: writes that found the console dead */
    uint32_t fallbacks;     /* writes the console never took (sent to the kernel console) */
};

#endif

/*
 * tests/qemu/supervisor/suptest.h - the small protocols between the tasks of the supervisor
 * test image: the flaky server's, and the client's (which the judge uses to read its
 * counters and to make it crash the server).
 */
#ifndef TESTS_QEMU_SUPTEST_H
#define TESTS_QEMU_SUPTEST_H

#include <stdint.h>

#define FLAKY_NAME "flaky"

enum flaky_op {
    FLAKY_PING = 0,  /* w0 = n -> w0 = n + 1, w1 = the server's generation */
    FLAKY_CRASH = 1, /* the server writes to memory it does not own (a real MemManage fault) */
    FLAKY_OP_COUNT
};

enum client_op {
    CLIENT_STATS = 0, /* -> data = struct client_stats */
    CLIENT_CRASH = 1, /* make the next call to the flaky server a FLAKY_CRASH */
};

struct client_stats {
    uint32_t ok;            /* calls answered correctly */
    uint32_t dead;          /* calls that failed with PL_EDEAD */
    uint32_t other;         /* calls that failed otherwise, or a wrong answer */
    uint32_t lookups;       /* successful lookups of FLAKY_NAME */
    uint32_t registrations; /* its registration count at the latest lookup */
    int32_t last_err;       /* the latest failure, for the judge's messages */
};

#endif

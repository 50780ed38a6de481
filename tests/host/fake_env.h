/*
 * tests/host/fake_env.h - the server seam (user/lib/env.h) faked for host tests of a whole
 * server (fake_env.c): the time is set by the test, every deferred answer and every signal sent
 * is recorded, and a client the test marks dead has its answer refused with PL_EDEAD, as the
 * kernel would.
 */
#ifndef TESTS_HOST_FAKE_ENV_H
#define TESTS_HOST_FAKE_ENV_H

#include <stdint.h>

#define FAKE_ENV_REPLIES 16u
#define FAKE_ENV_KILLS   8u

struct fake_reply {
    uint32_t client;
    int status;
    uint32_t w0, w1, len;
    uint8_t data[256];
    int refused; /* the client was dead: PL_EDEAD went back to the server */
};

#define FAKE_ENV_SIGNALS 8u

struct fake_signal {
    uint32_t ntfn, bits;
};

struct fake_kill {
    uint32_t task, sig;
    unsigned after; /* how many answers had been given when it was sent */
};

struct fake_env {
    uint64_t now;
    unsigned signals; /* pl_env_signal calls, the first FAKE_ENV_SIGNALS recorded */
    struct fake_signal signal[FAKE_ENV_SIGNALS];
    uint32_t dead_client; /* answers to this handle are refused (0: none) */
    unsigned replies;
    struct fake_reply reply[FAKE_ENV_REPLIES];
    unsigned kills;
    struct fake_kill kill[FAKE_ENV_KILLS];
};

extern struct fake_env fake_env;

#endif

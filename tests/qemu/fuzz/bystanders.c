/*
 * tests/qemu/fuzz/bystanders.c - the tasks the fuzzer must not be able to harm.
 *
 * echo: a server the fuzzer calls with anything; it answers every message it receives with
 * label + 1, the same words and the same bytes. victim: fills its RAM with a pattern and
 * checks it every VICTIM_PERIOD ticks; a single changed word ends it with exit code 1, which
 * the judge sees.
 */
#include <stdint.h>

#include "fuzz.h"
#include "parley.h"
/* The whole system's constants, not this task's own system.h: the file holds several tasks
 * with different rights, and each names only what it holds a right on. */
#include "system_all.h"

int echo_main(void)
{
    static uint8_t in[PL_IPC_MAX_BYTES];
    struct pl_recvd rq;
    struct pl_msg rep = {0};
    pl_task_id client = 0;
    for (;;) {
        int r = pl_reply_recv(client, &rep, EP_ECHO, in, sizeof(in), &rq);
        if (r != PL_OK && r != PL_ETRUNC) {
            client = 0; /* nothing received: answer nobody */
            continue;
        }
        client = rq.sender;
        rep = (struct pl_msg){.label = rq.label + ECHO_LABEL_OFFSET,
                              .w0 = rq.w0,
                              .w1 = rq.w1,
                              .data = in,
                              .len = rq.len < sizeof(in) ? rq.len : sizeof(in)};
    }
}

static uint32_t pattern[VICTIM_WORDS];

static uint32_t next_word(uint32_t x)
{
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return x;
}

int victim_main(void)
{
    uint32_t x = VICTIM_SEED;
    for (unsigned i = 0; i < VICTIM_WORDS; i++) {
        pattern[i] = x = next_word(x);
    }
    for (;;) {
        pl_sleep(VICTIM_PERIOD);
        x = VICTIM_SEED;
        for (unsigned i = 0; i < VICTIM_WORDS; i++) {
            x = next_word(x);
            if (pattern[i] != x) {
                pl_exit(1);
            }
        }
    }
}

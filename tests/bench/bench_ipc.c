/*
 * tests/bench/bench_ipc.c - IPC figures between tasks in different MPU domains.
 *   ipc_call_reply_regs  call + reply round trip, label and two words in registers
 *   ipc_call_reply_64B   the same with 64 bytes copied each way
 *   ipc_call_reply_16B_server  a 16-byte request and answer through pl_server_call and a
 *                        server on the runtime's loop (user/lib/server.h)
 *   ntfn_signal_wait     signal to a waiting (more urgent) task until it runs: half of the
 *                        signal -> waiter runs -> waiter waits again -> signaler runs cycle
 *   ntfn_signal_nowait   a signal to a waiter that is not waiting (the bench itself): stored
 *   ntfn_poll            a poll with nothing pending
 *   shm_stream           bytes per instruction through a shared page: fill, notify, the
 *                        consumer copies it out and notifies back
 */
#include <string.h>

#include "bench.h"
#include "parley.h"
#include "server.h"
#include "system.h"

#define ITERATIONS   10000u
#define STREAM_PAGES 2000u

static void calls_regs(uint32_t n)
{
    struct pl_words rep;
    for (uint32_t i = 0; i < n; i++) {
        pl_call_regs(EP_ECHO, 1, 2, 3, &rep);
    }
}

static void calls_64(uint32_t n)
{
    static uint8_t out[64], in[64];
    struct pl_msg req = {.label = 1, .data = out, .len = sizeof(out)};
    struct pl_recvd rep;
    for (uint32_t i = 0; i < n; i++) {
        pl_call(EP_ECHO_BYTES, &req, in, sizeof(in), &rep, PL_WAIT_FOREVER);
    }
}

/* A 16-byte request and its 16-byte answer through the server runtime, as every service
 * pays it (pl_server_call, pl_server_run). */
static void calls_rt(uint32_t n)
{
    static const uint8_t req[16] = "sixteen bytes!!";
    static uint8_t ans[16];
    struct pl_recvd rep;
    for (uint32_t i = 0; i < n; i++) {
        pl_server_call(EP_ECHO_RT, 0, 0, 0, req, sizeof(req), &rep, ans, sizeof(ans));
    }
}

static void signals(uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        pl_ntfn_signal(NTFN_WAKE, 1u);
    }
}

#define OWN_BIT (1u << 4) /* of NTFN_BENCH: the bench signals itself (system.ini) */

/* A signal to a waiter that is not waiting (here the signaller itself): the bits are stored. */
static void signals_nowait(uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        pl_ntfn_signal(NTFN_BENCH, OWN_BIT);
    }
}

/* A poll of the bench's own notification, nothing pending. */
static void polls(uint32_t n)
{
    uint32_t bits;
    for (uint32_t i = 0; i < n; i++) {
        pl_ntfn_poll(NTFN_BENCH, OWN_BIT, &bits);
    }
}

static uint8_t *stream_page;

static void stream(uint32_t n)
{
    uint32_t bits;
    for (uint32_t i = 0; i < n; i++) {
        memset(stream_page, (int)i, PAGE_SIZE);
        pl_ntfn_signal(NTFN_STREAM_IN, 1u);
        pl_ntfn_wait(NTFN_BENCH, 1u, &bits, PL_WAIT_FOREVER);
    }
}

static void report_shm_stream(void)
{
    void *page;
    if (pl_shm_map(PAGE_BENCH_0, 0, &page) != PL_OK ||
        pl_shm_grant(PAGE_BENCH_0, TASK_CONSUMER, PL_SHM_READ) != PL_OK) {
        pl_printf("bench: cannot set up the shared page\r\n");
        return;
    }
    stream_page = page;
    /* bench_measure gives instructions per page; report bytes per instruction, 2 decimals */
    uint32_t insn_per_page = bench_measure(stream, STREAM_PAGES, 1);
    uint32_t centi = insn_per_page ? (PAGE_SIZE * 100u + insn_per_page / 2u) / insn_per_page : 0;
    pl_printf("BENCH shm_stream %lu.%02lu bytes/insn\r\n", (unsigned long)(centi / 100u),
              (unsigned long)(centi % 100u));
}

void bench_ipc(void)
{
    bench_report("ipc_call_reply_regs", bench_measure(calls_regs, ITERATIONS, 1), "insn/op");
    bench_report("ipc_call_reply_64B", bench_measure(calls_64, ITERATIONS, 1), "insn/op");
    bench_report("ipc_call_reply_16B_server", bench_measure(calls_rt, ITERATIONS, 1), "insn/op");
    bench_report("ntfn_signal_wait", bench_measure(signals, ITERATIONS, 2), "insn/op");
    bench_report("ntfn_signal_nowait", bench_measure(signals_nowait, ITERATIONS, 1), "insn/op");
    uint32_t bits;
    pl_ntfn_poll(NTFN_BENCH, OWN_BIT, &bits); /* clears what the signals left */
    bench_report("ntfn_poll", bench_measure(polls, ITERATIONS, 1), "insn/op");
    report_shm_stream();
}

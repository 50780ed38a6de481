/*
 * tests/bench/partner.c - the other side of each benchmark. Every loop here is the shortest
 * correct server of its kind, so the figures measure the kernel, not these tasks.
 */
#include <string.h>

#include "bench.h"
#include "parley.h"
#include "system.h"

int partner_main(void);
int server_main(void);
int waiter_main(void);
int consumer_main(void);

/* yield_switch: give the CPU straight back, as often as the bench task yields, then leave so
 * that later figures do not share the CPU with it. */
int partner_main(void)
{
    for (uint32_t i = 0; i < BENCH_YIELDS; i++) {
        pl_yield();
    }
    return 0;
}

/* ipc_call_reply_*: echo each request (label, words and bytes) back as the reply. */
int server_main(void)
{
    static uint8_t buf[PL_IPC_MAX_BYTES];
    struct pl_recvd in;
    pl_task_id client = 0;
    struct pl_msg out = {0};
    for (;;) {
        pl_reply_recv(client, &out, EP_ECHO, buf, sizeof(buf), &in);
        client = in.sender;
        out = (struct pl_msg){.label = in.label, .w0 = in.w0, .w1 = in.w1, .data = buf,
                              .len = in.len};
    }
}

/* ntfn_signal_wait: wait, and when woken, wait again. */
int waiter_main(void)
{
    uint32_t bits;
    for (;;) {
        pl_ntfn_wait(NTFN_WAKE, 1u, &bits, PL_WAIT_FOREVER);
    }
}

/* shm_stream: map the producer's page read-only; copy out each filled page, then hand it back. */
int consumer_main(void)
{
    static uint8_t sink[PAGE_SIZE];
    void *page = 0;
    uint32_t bits;
    for (;;) {
        pl_ntfn_wait(NTFN_STREAM_IN, 1u, &bits, PL_WAIT_FOREVER);
        if (!page && pl_shm_map(PAGE_BENCH_0, 0, &page) != PL_OK) {
            return 1;
        }
        memcpy(sink, page, PAGE_SIZE);
        pl_ntfn_signal(NTFN_BENCH, 1u);
    }
}

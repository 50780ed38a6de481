/*
 * tests/bench/partner.c - the other side of each benchmark. Every loop here is the shortest
 * correct server of its kind, so the figures measure the kernel, not these tasks.
 */
#include <string.h>

#include "bench.h"
#include "parley.h"
#include "server.h"
/* The whole system's constants, not this task's own system.h: the file holds several tasks
 * with different rights, and each names only what it holds a right on. */
#include "system_all.h"

int partner_main(void);
int server_main(void);
int bytes_server_main(void);
int rt_server_main(void);
int waiter_main(void);
int consumer_main(void);
int spinner_main(void);

/* yield_switch: give the CPU straight back, as often as the bench task yields, then leave so
 * that later figures do not share the CPU with it. */
int partner_main(void)
{
    uint32_t bits;
    pl_ntfn_wait(NTFN_GO, 1u, &bits, PL_WAIT_FOREVER);
    for (uint32_t i = 0; i < BENCH_YIELDS; i++) {
        pl_yield();
    }
    return 0;
}

/* ipc_call_reply_regs: echo each request's label and words back as the reply. The message
 * stays in registers: what arrived goes back out unchanged. */
int server_main(void)
{
    struct pl_words msg = {0, 0, 0};
    pl_task_id client = 0;
    uint32_t badge;
    for (;;) {
        pl_reply_recv_regs(EP_ECHO, &client, &msg, &badge);
    }
}

/* ipc_call_reply_64B: echo each request (label, words and bytes) back as the reply. The loop
 * works on the IPC registers directly: what arrived in r1-r3 goes back out unchanged. */
int bytes_server_main(void)
{
    static uint8_t buf[PL_IPC_MAX_BYTES];
    struct pl_ipc_regs io = {.r = {[1] = 0, [2] = 0, [3] = 0, [5] = 0, [8] = 0}};
    for (;;) {
        io.r[0] = EP_ECHO_BYTES;
        io.r[4] = (uint32_t)(uintptr_t)buf; /* out: the bytes that came in */
        io.r[6] = (uint32_t)(uintptr_t)buf;
        io.r[7] = sizeof(buf);
        pl_trap_reply_recv(&io);
        io.r[8] = io.r[4]; /* reply to the sender... */
        io.r[5] = io.r[6]; /* ...with as many bytes as it sent */
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

/* irq_to_driver: keeps the CPU busy (see system.ini). */
int spinner_main(void)
{
    for (;;) {
        __asm volatile("" ::: "memory");
    }
}

/* ipc_call_reply_16B_server: a server written as every service is (user/lib/server.h): one
 * handler, the runtime's loop. It answers a 16-byte request with 16 bytes. */
static int rt_echo(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    static uint8_t out[16];
    (void)state;
    memcpy(out, req->data, req->len < sizeof(out) ? req->len : sizeof(out));
    rep->data = out;
    rep->len = sizeof(out);
    return PL_OK;
}

static const pl_handler rt_handlers[1] = {rt_echo};
static const struct pl_server rt_server = {
    .name = "rt_server", .ep = EP_ECHO_RT, .handlers = rt_handlers, .handler_count = 1};

int rt_server_main(void)
{
    pl_server_start(&rt_server);
}

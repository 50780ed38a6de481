/*
 * tests/bench/servers/bench_servers.c - the pipe and message-queue servers, measured
 * (instructions under qemu -icount shift=0, with tests/bench/bench_timer.c):
 *   pipe_stream       bytes per instruction: 4 KiB write()s into an unnamed pipe whose read
 *                     end the partner drains in another MPU domain: on the fast data path
 *                     (a ring in a page the pipe server lends to both ends, wake-ups by
 *                     notifications; the server only sets it up)
 *   pipe_rt_16B       16 bytes to the partner on one FIFO and back on another: per round trip
 *   mq_send_recv_16B  one 16-byte mq_send and the mq_receive of it by another task: half of
 *                     a round trip to the partner's echo and back, on pair queues
 *                     (MQ_O_PAIR: the queue in a page lent to both tasks, no server)
 *   mq_send_recv_16B_server  the same through the server (any queue: many writers and
 *                     readers, mq_notify), each send and receive a call to it
 *   mq_stream_16B     16-byte mq_sends on a pair queue of 32 messages whose reader (the
 *                     partner, as urgent as the bench) drains it: per message, until the
 *                     last is taken; each side sleeps once per queueful, not per message
 *   mq_uncontended_16B  mq_send + mq_receive of 16 bytes by one task on a pair queue it holds
 *                     both sides of (RDWR): one op is the pair, all in the task; the like of
 *                     FreeRTOS's queue send + receive in one task (Thread-Metric's message)
 *   fifo_open_close   open() of a FIFO's read end by name and its close, through the server
 * and the shared-memory server's shm_map and futex_wake_wait (bench_shm.c).
 */
#include <string.h>

#include "../../../servers/mqueue/mq_client.h"
#include "../../../servers/pipe/pipe_client.h"
#include "../bench.h"
#include "bench_servers.h"
#include "parley.h"
#include "system.h"

void bench_shm(void);
void bench_sync(void);

#define STREAM_CHUNKS 64u /* 256 KiB */
#define ROUND_TRIPS   2000u
#define OPEN_CLOSES   2000u
#define PAIRS         2000u
#define STREAM_MSGS   4096u

static int stream_fd, ping_fd, pong_fd, mq_ping, mq_pong;

static void stream(uint32_t n)
{
    static uint8_t chunk[BS_CHUNK];
    for (uint32_t i = 0; i < n; i++) {
        pipe_client_write(stream_fd, chunk, sizeof(chunk), PIPE_CLIENT_BLOCK);
    }
}

static void pipe_round_trips(uint32_t n)
{
    uint8_t buf[BS_SMALL] = {0};
    for (uint32_t i = 0; i < n; i++) {
        pipe_client_write(ping_fd, buf, sizeof(buf), PIPE_CLIENT_BLOCK);
        pipe_client_read(pong_fd, buf, sizeof(buf), PIPE_CLIENT_BLOCK);
    }
}

static void mq_round_trips(uint32_t n)
{
    uint8_t buf[BS_SMALL] = {0};
    uint32_t prio;
    for (uint32_t i = 0; i < n; i++) {
        mq_send(mq_ping, buf, sizeof(buf), 1);
        mq_receive(mq_pong, buf, sizeof(buf), &prio);
    }
}

static int mq_alone, mq_stream_q;

static void mq_stream(uint32_t n)
{
    uint8_t buf[BS_SMALL] = {0};
    struct mq_attr a;
    for (uint32_t i = 0; i < n; i++) {
        mq_send(mq_stream_q, buf, sizeof(buf), 1);
    }
    while (mq_getattr(mq_stream_q, &a) == PL_OK && a.curmsgs > 0) {
        pl_yield(); /* the partner takes the last ones: they count too */
    }
}

static void open_closes(uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        pipe_client_close(pipe_client_open(BS_PING, PIPE_READ_END));
    }
}

/* An unnamed pipe, its read end passed to the partner, whose number goes through the stream
 * FIFO; the first write (a warm-up) moves it onto the fast path. */
static void report_stream(void)
{
    int fds[2], handed;
    uint8_t sync = 0;
    pipe_client_fast_use(BS_FAST_WINDOW, NTFN_BENCH_PIPE, 0);
    pipe_client_mkfifo(BS_STREAM, PIPE_MODE_ALL, 0);
    int fifo = pipe_client_open(BS_STREAM, PIPE_WRITE_END);
    pipe_client_write(fifo, &sync, 1, PIPE_CLIENT_BLOCK); /* the partner has said hello */
    pipe_client_pipe(fds, BS_PIPE_CAP);
    pipe_client_pass(fds[0], BADGE_PIPE_PARTNER);
    handed = fds[0];
    pipe_client_write(fifo, &handed, sizeof(handed), PIPE_CLIENT_BLOCK);
    pipe_client_close(fifo);
    stream_fd = fds[1];
    stream(2);
    uint32_t insn = bench_measure(stream, STREAM_CHUNKS, 1);
    uint32_t centi = insn ? (BS_CHUNK * 100u + insn / 2u) / insn : 0;
    pl_printf("BENCH pipe_stream %lu.%02lu bytes/insn\r\n", (unsigned long)(centi / 100u),
              (unsigned long)(centi % 100u));
    pipe_client_close(stream_fd); /* the partner sees end of file and goes on */
}

static void report_pipe_rt(void)
{
    pipe_client_mkfifo(BS_PING, PIPE_MODE_ALL, 0);
    pipe_client_mkfifo(BS_PONG, PIPE_MODE_ALL, 0);
    ping_fd = pipe_client_open(BS_PING, PIPE_WRITE_END);
    pong_fd = pipe_client_open(BS_PONG, PIPE_READ_END);
    pipe_round_trips(10); /* the partner has opened both ends */
    bench_report("pipe_rt_16B", bench_measure(pipe_round_trips, ROUND_TRIPS, 1), "insn/op");
    bench_report("fifo_open_close", bench_measure(open_closes, OPEN_CLOSES, 1), "insn/op");
    pipe_client_close(ping_fd);
    pipe_client_close(pong_fd);
}

/* Queues ping (written here) and pong (read here) with `oflag` added, measured as `name`;
 * then an empty message tells the partner to go on to the next pair, and both are closed. */
static void report_mq_pair_of(const char *ping, const char *pong, uint32_t oflag, const char *name)
{
    struct mq_attr attr = {8, BS_SMALL, 0, 0};
    mq_ping = mq_open(ping, MQ_O_CREAT | MQ_O_WRONLY | oflag, MQ_MODE_ALL, &attr);
    mq_pong = mq_open(pong, MQ_O_CREAT | MQ_O_RDONLY | oflag, MQ_MODE_ALL, &attr);
    if (mq_ping < 0 || mq_pong < 0) {
        pl_printf("bench_servers: no queues for %s (%d, %d)\r\n", name, mq_ping, mq_pong);
        return;
    }
    mq_round_trips(10);
    bench_report(name, bench_measure(mq_round_trips, ROUND_TRIPS, 2), "insn/op");
    mq_send(mq_ping, "", 0, 0);
    mq_close(mq_ping);
    mq_close(mq_pong);
    mq_unlink(ping); /* a pair queue keeps its page while it exists, open or not */
    mq_unlink(pong);
}

/* A pair queue made here; PL_EFULL while the partner still holds the sides of one unlinked
 * before (the server's two pages are then both in use) waits a tick. */
static int open_pair(const char *name, uint32_t oflag, uint32_t maxmsg)
{
    struct mq_attr attr = {maxmsg, BS_SMALL, 0, 0};
    int qd;
    oflag |= MQ_O_CREAT | MQ_O_PAIR;
    while ((qd = mq_open(name, oflag, MQ_MODE_ALL, &attr)) == PL_EFULL) {
        pl_sleep(1);
    }
    return qd;
}

static void report_mq_stream(void)
{
    mq_stream_q = open_pair(BS_MQP_STREAM, MQ_O_WRONLY, BS_MQP_STREAM_MAX);
    if (mq_stream_q < 0) {
        pl_printf("bench_servers: no queue for mq_stream_16B (%d)\r\n", mq_stream_q);
        return;
    }
    mq_stream(BS_MQP_STREAM_MAX); /* the partner has opened its side */
    bench_report("mq_stream_16B", bench_measure(mq_stream, STREAM_MSGS, 1), "insn/op");
    mq_send(mq_stream_q, "", 0, 0);
    mq_close(mq_stream_q);
    mq_unlink(BS_MQP_STREAM);
}

static void report_mq(void)
{
    report_mq_pair_of(BS_MQ_PING, BS_MQ_PONG, 0, "mq_send_recv_16B_server");
    mq_client_fast_use(0, 2, NTFN_BENCH_PIPE, BS_MQP_BIT); /* windows 0, 1: free until bench_shm */
    report_mq_pair_of(BS_MQP_PING, BS_MQP_PONG, MQ_O_PAIR, "mq_send_recv_16B");
    report_mq_stream();
    mq_alone = open_pair(BS_MQP_ALONE, MQ_O_RDWR, 8);
    if (mq_alone < 0) {
        pl_printf("bench_servers: no queue for mq_uncontended_16B (%d)\r\n", mq_alone);
        return;
    }
    mq_ping = mq_pong = mq_alone; /* the round trip's loop, both ends this task's */
    bench_report("mq_uncontended_16B", bench_measure(mq_round_trips, PAIRS, 1), "insn/op");
    mq_close(mq_alone);
}

int main(void)
{
    bench_timer_start();
    report_stream();
    report_pipe_rt();
    report_mq();
    bench_shm();
    bench_sync();
    pl_shutdown(0);
    return 0;
}

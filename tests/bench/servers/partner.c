/*
 * tests/bench/servers/partner.c - the other side of the server benchmarks, in its own MPU
 * domain: drains the stream FIFO, echoes 16-byte pings on the pipes and on the queues. Each
 * job is a loop of blocking reads; the bench task creates the FIFOs and queues, so the
 * partner waits (a tick at a time) until each name exists.
 */
#include "../../../servers/mqueue/mq_client.h"
#include "../../../servers/pipe/pipe_client.h"
#include "bench_servers.h"
#include "parley.h"
#include "system.h"

int partner_main(void);

static int open_fifo(const char *name, enum pipe_end end)
{
    int fd;
    while ((fd = pipe_client_open(name, end)) == PL_ENOENT) {
        pl_sleep(1);
    }
    return fd;
}

static int open_queue(const char *name, uint32_t oflag)
{
    int qd;
    while ((qd = mq_open(name, oflag, 0, 0)) == PL_ENOENT) {
        pl_sleep(1);
    }
    return qd;
}

/* The stream pipe's read end, handed over by the bench (its number through the stream
 * FIFO); until the bench closes its end: drop what comes. */
static void drain_stream(void)
{
    static uint8_t buf[BS_CHUNK];
    uint8_t sync;
    int fd, fifo = open_fifo(BS_STREAM, PIPE_READ_END);
    pipe_client_read(fifo, &sync, 1, PIPE_CLIENT_BLOCK);
    pipe_client_read(fifo, &fd, sizeof(fd), PIPE_CLIENT_BLOCK);
    pipe_client_close(fifo);
    while (pipe_client_read(fd, buf, sizeof(buf), PIPE_CLIENT_BLOCK) > 0) {
    }
    pipe_client_close(fd);
}

/* Until the bench closes its end of ping: each 16 bytes back on pong. */
static void echo_pipe(void)
{
    uint8_t buf[BS_SMALL];
    int in = open_fifo(BS_PING, PIPE_READ_END), out = open_fifo(BS_PONG, PIPE_WRITE_END);
    int n;
    while ((n = pipe_client_read(in, buf, sizeof(buf), PIPE_CLIENT_BLOCK)) > 0) {
        pipe_client_write(out, buf, (size_t)n, PIPE_CLIENT_BLOCK);
    }
    pipe_client_close(in);
    pipe_client_close(out);
}

/* Each message on queue `ping` back on `pong`, until an empty one (the bench moves on). */
static void echo_queue(const char *ping, const char *pong)
{
    uint8_t buf[64];
    uint32_t prio;
    int in = open_queue(ping, MQ_O_RDONLY), out = open_queue(pong, MQ_O_WRONLY);
    int n;
    while ((n = mq_receive(in, buf, sizeof(buf), &prio)) > 0) {
        mq_send(out, buf, (size_t)n, prio);
    }
    mq_close(in);
    mq_close(out);
}

/* Every message of queue `name` taken, until an empty one. */
static void drain_queue(const char *name)
{
    uint8_t buf[64];
    uint32_t prio;
    int in = open_queue(name, MQ_O_RDONLY);
    while (mq_receive(in, buf, sizeof(buf), &prio) > 0) {
    }
    mq_close(in);
}

int partner_main(void)
{
    pipe_client_fast_use(0, NTFN_PARTNER_PIPE, 0);
    pipe_client_hello(); /* before the bench may hand it anything */
    drain_stream();
    echo_pipe();
    echo_queue(BS_MQ_PING, BS_MQ_PONG);
    mq_client_fast_use(1, 2, NTFN_PARTNER_PIPE, BS_MQP_BIT); /* the stream's window 0 is free */
    echo_queue(BS_MQP_PING, BS_MQP_PONG);
    drain_queue(BS_MQP_STREAM);
    return 0;
}

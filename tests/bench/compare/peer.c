/*
 * tests/bench/compare/peer.c - the other side of `make ipc-compare`, in its own MPU domain:
 * takes the meter's bytes by each mechanism in turn and hands control back (meter.c says what
 * one round is). Between jobs it waits for the meter's CMP_NEXT on echo; each job then runs
 * exactly the rounds the meter runs: CMP_WARM + CMP_ROUNDS for each size.
 */
#include <fcntl.h>
#include <string.h>

#include "../../../servers/mqueue/mq_client.h"
#include "../../../servers/pipe/pipe_client.h"
#include "../../../servers/shm/shm_client.h"
#include "signals.h"
#include "compare.h"
#include "parley.h"
#include "system.h"

int peer_main(void);

static uint8_t buf[CMP_LARGE];
static const uint8_t *page;
static struct cmp_sem *obj;
static int to_fd, back_fd, mq_to, mq_back, mqp_to, mqp_back;

/* The pair queues' windows: after the shm client's two and the meter's page. */
#define MQP_WINDOW 3u

static const uint32_t sizes[] = {CMP_SMALL, CMP_LARGE};

/* A broken job would leave the meter waiting for ever: say so and stop (the meter's QEMU run
 * then ends without its figures, which tools/ipc_compare.py reports). */
static void failed(const char *what, int err) __attribute__((noreturn));
static void failed(const char *what, int err)
{
    pl_printf("ipc_compare: peer: %s failed: %s\r\n", what, pl_strerror(err));
    pl_exit(1);
}
#define ROUNDS_PER_SIZE (CMP_WARM + CMP_ROUNDS)

static void endpoint_job(void)
{
    struct pl_recvd in;
    struct pl_msg empty = {0};
    for (unsigned s = 0; s < 2; s++) {
        uint32_t calls = ROUNDS_PER_SIZE * ((sizes[s] + CMP_CHUNK - 1u) / CMP_CHUNK);
        for (uint32_t i = 0; i < calls; i++) {
            pl_recv(EP_ECHO, buf, CMP_CHUNK, &in, PL_WAIT_FOREVER);
            pl_reply(in.sender, &empty);
        }
    }
}

static void notification_job(int copy)
{
    uint32_t bits;
    for (unsigned s = 0; s < 2; s++) {
        for (uint32_t i = 0; i < ROUNDS_PER_SIZE; i++) {
            pl_ntfn_wait(NTFN_TO_PEER, 1u, &bits, PL_WAIT_FOREVER);
            if (copy) {
                memcpy(buf, page, sizes[s]);
            }
            pl_ntfn_signal(NTFN_TO_METER, 1u);
        }
    }
}

static void sem_job(void)
{
    for (unsigned s = 0; s < 2; s++) {
        for (uint32_t i = 0; i < ROUNDS_PER_SIZE; i++) {
            if (sem_wait(&obj->full) != PL_OK) {
                failed("sem_wait", PL_EINVAL);
            }
            memcpy(buf, obj->data, sizes[s]);
            sem_post(&obj->empty);
        }
    }
}

static void on_signal(int sig)
{
    (void)sig;
}

static void signal_job(void)
{
    for (unsigned s = 0; s < 2; s++) {
        for (uint32_t i = 0; i < ROUNDS_PER_SIZE; i++) {
            (void)pl_sigsuspend(PL_SIG_BIT(PL_SIGUSR2)); /* USR1 let through: the meter's */
            if (pl_kill(TASK_METER, PL_SIGUSR2) != PL_OK) {
                failed("pl_kill", PL_EPERM);
            }
        }
    }
}

static void fifo_job(void)
{
    uint8_t ack = 1;
    for (unsigned s = 0; s < 2; s++) {
        for (uint32_t i = 0; i < ROUNDS_PER_SIZE; i++) {
            for (uint32_t got = 0; got < sizes[s];) {
                int n = pipe_client_read(to_fd, buf + got, sizes[s] - got, PIPE_CLIENT_BLOCK);
                if (n <= 0) {
                    failed("read", n);
                }
                got += (uint32_t)n;
            }
            pipe_client_write(back_fd, &ack, 1, PIPE_CLIENT_BLOCK);
        }
    }
}

/* The queue rows: messages from `to` until the round's bytes are in, an answer of `ack_len`
 * bytes back on `back`. */
static void queue_job(int to, int back, uint32_t ack_len)
{
    static const uint8_t ack[CMP_MQP_ACK] = {1};
    uint32_t prio;
    for (unsigned s = 0; s < 2; s++) {
        for (uint32_t i = 0; i < ROUNDS_PER_SIZE; i++) {
            for (uint32_t got = 0; got < sizes[s];) {
                int n = mq_receive(to, buf + got, CMP_MQ_CHUNK, &prio);
                if (n <= 0) {
                    failed("mq_receive", n);
                }
                got += (uint32_t)n;
            }
            mq_send(back, ack, ack_len, 1);
        }
    }
}

/* The meter made the FIFOs and queues before its first CMP_NEXT. */
static void open_fifos_and_queues(void)
{
    to_fd = pipe_client_open(CMP_FIFO_TO, PIPE_READ_END);
    back_fd = pipe_client_open(CMP_FIFO_BACK, PIPE_WRITE_END);
    mq_to = mq_open(CMP_MQ_TO, MQ_O_RDONLY, 0, 0);
    mq_back = mq_open(CMP_MQ_BACK, MQ_O_WRONLY, 0, 0);
    if (to_fd < 0 || back_fd < 0 || mq_to < 0 || mq_back < 0) {
        failed("opening the FIFOs and queues", to_fd < 0     ? to_fd
                                               : back_fd < 0 ? back_fd
                                               : mq_to < 0   ? mq_to
                                                             : mq_back);
    }
}

/* The pair queues, made by the meter just before it names their job (after the shm client has
 * emptied the task's windows, since each lives in one of them). */
static void open_pair_queues(void)
{
    int err = mq_client_fast_use(MQP_WINDOW, 2, NTFN_TO_PEER, CMP_MQP_BIT);
    if (err != PL_OK) {
        failed("mq_client_fast_use", err);
    }
    mqp_to = mq_open(CMP_MQP_TO, MQ_O_RDONLY, 0, 0);
    mqp_back = mq_open(CMP_MQP_BACK, MQ_O_WRONLY, 0, 0);
    if (mqp_to < 0 || mqp_back < 0) {
        failed("opening the pair queues", mqp_to < 0 ? mqp_to : mqp_back);
    }
}

/* The next job the meter names; answered at once. */
static enum cmp_job next_job(void)
{
    struct pl_recvd in;
    struct pl_msg empty = {0};
    pl_recv(EP_ECHO, buf, CMP_CHUNK, &in, PL_WAIT_FOREVER);
    pl_reply(in.sender, &empty);
    return (enum cmp_job)in.w0;
}

int peer_main(void)
{
    void *addr;
    enum cmp_job job = next_job();
    open_fifos_and_queues();
    int h = shm_open(CMP_SEM_OBJ, O_RDWR, 0); /* made by the meter before its first CMP_NEXT */
    if (h < 0 ||
        shm_mmap(h, 0, sizeof(struct cmp_sem), PL_SHM_READ | PL_SHM_WRITE, &addr) != PL_OK) {
        failed("mapping the semaphores' object", h < 0 ? h : PL_EINVAL);
    }
    obj = addr;
    struct pl_sigaction act = {on_signal, 0, 0};
    (void)pl_sigaction(PL_SIGUSR1, &act, NULL);
    (void)pl_sigprocmask(PL_SIG_BLOCK, PL_SIG_BIT(PL_SIGUSR1), NULL);
    pl_shm_map(PAGE_METER_0, 2, &addr); /* read-only: the meter's grant came first */
    page = addr;
    for (; job != CMP_JOB_DONE; job = next_job()) {
        switch (job) {
        case CMP_JOB_ENDPOINT:
            endpoint_job();
            break;
        case CMP_JOB_NOTIFICATION:
            notification_job(0);
            break;
        case CMP_JOB_SHM:
            notification_job(1);
            break;
        case CMP_JOB_SEM:
            sem_job();
            break;
        case CMP_JOB_SIGNAL:
            signal_job();
            break;
        case CMP_JOB_FIFO:
            fifo_job();
            break;
        case CMP_JOB_MQ:
            queue_job(mq_to, mq_back, 1);
            break;
        case CMP_JOB_MQ_PAIR:
            open_pair_queues();
            queue_job(mqp_to, mqp_back, CMP_MQP_ACK);
            break;
        default:
            return 1;
        }
    }
    return 0;
}

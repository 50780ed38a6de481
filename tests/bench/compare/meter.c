/*
 * tests/bench/compare/meter.c - the measuring side of `make ipc-compare`: for each mechanism of
 * the catalogue that parley has, N bytes (16, then 4 KiB) to the peer and control back, as one
 * round trip; prints `BENCH cmp_<mechanism>_<size> <insn/op>` (tools/ipc_compare.py makes the
 * table). What one round trip is, per mechanism:
 *   endpoint      pl_call with the bytes (4 KiB: 16 calls of 256 bytes), the peer's empty reply
 *   notification  a signal to the peer's notification, the peer's signal back (no bytes: the
 *                 control transfer alone)
 *   shm           the bytes copied into the meter's shared page, which the peer maps read-only,
 *                 a signal; the peer copies them out and signals back
 *   fifo          write() of the bytes on one FIFO (the pipe server: 256 bytes a request), the
 *                 peer's read() of all of them, one byte back on a second FIFO (an unnamed
 *                 pipe's data path is the same server's: one row for both)
 *   mq            the bytes as messages of 248 bytes on one queue, one 1-byte message back
 *   mq_pair       the same on two pair queues (MQ_O_PAIR), messages of 248 bytes too (the
 *                 largest the server makes): each queue in a page the queue server lent to
 *                 both tasks, sends and receives loads and stores there, wake-ups by the
 *                 tasks' own notifications
 *   sem           the bytes copied into a shared-memory object of the shm server, then
 *                 sem_post(full); the peer's sem_wait(full), its copy out and
 *                 sem_post(empty) end the meter's sem_wait(empty) (servers/shm/sync.h)
 *   signal        SIGUSR1 to the peer, waiting in sigsuspend; its SIGUSR2 back (no bytes)
 * Both sides run CMP_WARM rounds, then the measured ones; the empty loop is subtracted
 * (tests/bench/bench_timer.c).
 */
#include <fcntl.h>
#include <string.h>

#include "../../../servers/mqueue/mq_client.h"
#include "../../../servers/mqueue/mq_ring.h"
#include "../../../servers/pipe/pipe_client.h"
#include "../../../servers/shm/shm_client.h"
#include "signals.h"
#include "../bench.h"
#include "compare.h"
#include "parley.h"
#include "system.h"

int main(void);

static uint32_t size;       /* bytes per round of the job running */
static uint8_t *page;       /* the meter's own shared page, mapped in window 2 */
static struct cmp_sem *obj; /* the semaphores' object (windows 0 and 1: the shm client's) */
static int to_fd, back_fd, mq_to, mq_back, mqp_to, mqp_back;

static uint8_t data[CMP_LARGE];

/* The pair queues' windows: after the shm client's two and the meter's page. */
#define MQP_WINDOW 3u

/* The data pair queue must fit the page the server lends (mq_ring.c's layout: the ring's
 * header, then slots of a header and the bytes, each rounded to words). */
_Static_assert(sizeof(struct mq_ring) +
                       CMP_MQ_DEPTH * ((sizeof(struct mq_ring_slot) + CMP_MQ_CHUNK + 3u) & ~3u) <=
                   PAGE_SIZE,
               "the pair queue's ring must fit a page");

/* A failing operation would make the figure a lie (or hang the peer): stop, say which. */
static void check(const char *what, int err)
{
    if (err < 0) {
        pl_printf("ipc_compare: meter: %s failed: %s\r\n", what, pl_strerror(err));
        pl_shutdown(1);
    }
}

static void endpoint_rounds(uint32_t n)
{
    struct pl_recvd rep;
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t off = 0; off < size; off += CMP_CHUNK) {
            struct pl_msg m = {.label = CMP_DATA,
                               .data = data + off,
                               .len = size - off < CMP_CHUNK ? size - off : CMP_CHUNK};
            check("pl_call", pl_call(EP_ECHO, &m, 0, 0, &rep, PL_WAIT_FOREVER));
        }
    }
}

static void notification_rounds(uint32_t n)
{
    uint32_t bits;
    for (uint32_t i = 0; i < n; i++) {
        pl_ntfn_signal(NTFN_TO_PEER, 1u);
        pl_ntfn_wait(NTFN_TO_METER, 1u, &bits, PL_WAIT_FOREVER);
    }
}

static void shm_rounds(uint32_t n)
{
    uint32_t bits;
    for (uint32_t i = 0; i < n; i++) {
        memcpy(page, data, size);
        pl_ntfn_signal(NTFN_TO_PEER, 1u);
        pl_ntfn_wait(NTFN_TO_METER, 1u, &bits, PL_WAIT_FOREVER);
    }
}

static void fifo_rounds(uint32_t n)
{
    uint8_t ack;
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t off = 0; off < size; off += CMP_CHUNK) {
            uint32_t len = size - off < CMP_CHUNK ? size - off : CMP_CHUNK;
            check("write", pipe_client_write(to_fd, data + off, len, PIPE_CLIENT_BLOCK));
        }
        check("read", pipe_client_read(back_fd, &ack, 1, PIPE_CLIENT_BLOCK));
    }
}

/* The queue rows' round: the bytes in messages on `to`, an answer of `ack` bytes back on
 * `back`. Inlined, so each row measures its own calls only. */
static inline __attribute__((always_inline)) void queue_rounds(uint32_t n, int to, int back,
                                                               uint32_t ack_len)
{
    uint8_t ack[CMP_MQP_ACK];
    uint32_t prio;
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t off = 0; off < size; off += CMP_MQ_CHUNK) {
            uint32_t len = size - off < CMP_MQ_CHUNK ? size - off : CMP_MQ_CHUNK;
            check("mq_send", mq_send(to, data + off, len, 1));
        }
        check("mq_receive", mq_receive(back, ack, ack_len, &prio));
    }
}

static void mq_rounds(uint32_t n)
{
    queue_rounds(n, mq_to, mq_back, 1);
}

static void mq_pair_rounds(uint32_t n)
{
    queue_rounds(n, mqp_to, mqp_back, CMP_MQP_ACK);
}

static void sem_rounds(uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        memcpy(obj->data, data, size);
        check("sem_post", sem_post(&obj->full));
        check("sem_wait", sem_wait(&obj->empty));
    }
}

static void on_signal(int sig)
{
    (void)sig;
}

static void signal_rounds(uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        check("pl_kill", pl_kill(TASK_PEER, PL_SIGUSR1));
        (void)pl_sigsuspend(PL_SIG_BIT(PL_SIGUSR1)); /* USR2 let through: the peer's answer */
    }
}

/* The object of the semaphore job, made and set up here, and SIGUSR2's handler, blocked but
 * while the meter waits for it. */
static void set_up_sem_and_signal(void)
{
    void *addr;
    int h = shm_open(CMP_SEM_OBJ, O_CREAT | O_RDWR, SHM_MODE_ALL);
    check("shm_open", h);
    check("shm_ftruncate", shm_ftruncate(h, sizeof(struct cmp_sem)));
    check("shm_mmap", shm_mmap(h, 0, sizeof(struct cmp_sem), PL_SHM_READ | PL_SHM_WRITE, &addr));
    obj = addr;
    sem_init(&obj->full, 1, 0);
    sem_init(&obj->empty, 1, 0);
    struct pl_sigaction act = {on_signal, 0, 0};
    check("pl_sigaction", pl_sigaction(PL_SIGUSR2, &act, NULL));
    check("pl_sigprocmask", pl_sigprocmask(PL_SIG_BLOCK, PL_SIG_BIT(PL_SIGUSR2), NULL));
}

/* Tell the peer which job comes next (it waits in a receive on echo between jobs). */
static void next_job(enum cmp_job job)
{
    struct pl_recvd rep;
    struct pl_msg m = {.label = CMP_NEXT, .w0 = job};
    pl_call(EP_ECHO, &m, 0, 0, &rep, PL_WAIT_FOREVER);
}

static void measure(const char *name, bench_body body, uint32_t rounds)
{
    static const uint32_t sizes[] = {CMP_SMALL, CMP_LARGE};
    char label[40];
    for (unsigned s = 0; s < 2; s++) {
        size = sizes[s];
        body(CMP_WARM);
        uint32_t insn = bench_measure(body, rounds, 1);
        strcpy(label, "cmp_");
        strcat(label, name);
        strcat(label, s ? "_4K" : "_16B");
        bench_report(label, insn, "insn/op");
    }
}

static void open_fifos_and_queues(void)
{
    struct mq_attr to = {CMP_MQ_DEPTH, CMP_MQ_CHUNK, 0, 0}, back = {1, 1, 0, 0};
    pipe_client_mkfifo(CMP_FIFO_TO, PIPE_MODE_ALL, CMP_FIFO_CAP);
    pipe_client_mkfifo(CMP_FIFO_BACK, PIPE_MODE_ALL, 0);
    mq_to = mq_open(CMP_MQ_TO, MQ_O_CREAT | MQ_O_WRONLY, MQ_MODE_ALL, &to);
    mq_back = mq_open(CMP_MQ_BACK, MQ_O_CREAT | MQ_O_RDONLY, MQ_MODE_ALL, &back);
    to_fd = pipe_client_open(CMP_FIFO_TO, PIPE_WRITE_END);
    back_fd = pipe_client_open(CMP_FIFO_BACK, PIPE_READ_END);
    if (to_fd < 0 || back_fd < 0 || mq_to < 0 || mq_back < 0) {
        pl_printf("ipc_compare: set-up failed: FIFOs %d %d, queues %d %d\r\n", to_fd, back_fd,
                  mq_to, mq_back);
        pl_shutdown(1);
    }
}

/* The pair queues, made just before their job: once a task has opted in, every queue call
 * looks in its pair table first, which the server queue's row is not to pay. Their windows
 * follow the meter's page; their wake-ups take a bit of to_meter of their own. */
static void open_pair_queues(void)
{
    struct mq_attr to = {CMP_MQ_DEPTH, CMP_MQ_CHUNK, 0, 0}, back = {1, CMP_MQP_ACK, 0, 0};
    check("mq_client_fast_use", mq_client_fast_use(MQP_WINDOW, 2, NTFN_TO_METER, CMP_MQP_BIT));
    mqp_to = mq_open(CMP_MQP_TO, MQ_O_CREAT | MQ_O_WRONLY | MQ_O_PAIR, MQ_MODE_ALL, &to);
    check("mq_open of the pair queue to the peer", mqp_to);
    mqp_back = mq_open(CMP_MQP_BACK, MQ_O_CREAT | MQ_O_RDONLY | MQ_O_PAIR, MQ_MODE_ALL, &back);
    check("mq_open of the pair queue back", mqp_back);
}

int main(void)
{
    void *addr;
    for (uint32_t i = 0; i < sizeof(data); i++) {
        data[i] = (uint8_t)(i * 7u + 1u);
    }
    set_up_sem_and_signal(); /* first: the shm client empties the task's windows */
    pl_shm_grant(PAGE_METER_0, TASK_PEER, PL_SHM_READ);
    pl_shm_map(PAGE_METER_0, 2, &addr);
    page = addr;
    open_fifos_and_queues();
    bench_timer_start();
    next_job(CMP_JOB_ENDPOINT);
    measure("endpoint", endpoint_rounds, CMP_ROUNDS);
    next_job(CMP_JOB_NOTIFICATION);
    measure("notification", notification_rounds, CMP_ROUNDS);
    next_job(CMP_JOB_SHM);
    measure("shm", shm_rounds, CMP_ROUNDS);
    next_job(CMP_JOB_SEM);
    measure("sem", sem_rounds, CMP_ROUNDS);
    next_job(CMP_JOB_SIGNAL);
    measure("signal", signal_rounds, CMP_ROUNDS);
    next_job(CMP_JOB_FIFO);
    measure("fifo", fifo_rounds, CMP_ROUNDS);
    next_job(CMP_JOB_MQ);
    measure("mq", mq_rounds, CMP_ROUNDS);
    open_pair_queues();
    next_job(CMP_JOB_MQ_PAIR);
    measure("mq_pair", mq_pair_rounds, CMP_ROUNDS);
    next_job(CMP_JOB_DONE);
    pl_shutdown(0);
    return 0;
}

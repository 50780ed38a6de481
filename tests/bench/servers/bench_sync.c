/*
 * tests/bench/servers/bench_sync.c - the synchronisation library (servers/shm/sync.h),
 * measured (instructions under qemu -icount shift=0), in a shared-memory object mapped by the
 * bench and by its partner (sync_partner.c):
 *   sem_uncontended    sem_wait + sem_post on a semaphore nobody else uses: one op is the
 *                      pair, all in the task (a compare-and-swap each, no server)
 *   mutex_lock_unlock  mutex_lock + mutex_unlock of a mutex nobody else wants: one op is the
 *                      pair, all in the task
 *   sem_post_wait      a sem_post in one task that ends another's sem_wait: half of a round
 *                      trip (the bench posts `ping` and waits on `pong`, the partner the other
 *                      way round), so each op is one post, one blocked wait woken, through
 *                      the server's futexes
 *   shmq_uncontended_16B  shmq_send + shmq_receive of 16 bytes on a queue nobody else uses
 *                      (servers/shm/shmq.h): one op is the pair, all in the task
 *   shmq_send_recv_16B one 16-byte shmq_send and its shmq_receive by another task: half of a
 *                      round trip to the partner's echo (shmq_partner.c) and back, the same
 *                      work as mq_send_recv_16B; each receive finds the queue empty and sleeps
 */
#include <fcntl.h>

#include "../../../servers/shm/shm_client.h"
#include "../../../servers/shm/shmq.h"
#include "../../../servers/shm/sync.h"
#include "../bench.h"
#include "bench_servers.h"
#include "parley.h"
#include "pl_order.h"
#include "system.h"

#define PAIRS  2000u
#define ROUNDS 500u

static struct bs_sync *s;

static void sem_pairs(uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        sem_wait(&s->alone);
        sem_post(&s->alone);
    }
}

static void mutex_pairs(uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        mutex_lock(&s->lock);
        mutex_unlock(&s->lock);
    }
}

static void ping_pong(uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        sem_post(&s->ping);
        sem_wait(&s->pong);
    }
}

static struct shmq *q_alone, *q_ping, *q_pong;

static void shmq_pairs(uint32_t n)
{
    uint8_t buf[BS_SMALL] = {0};
    uint32_t len;
    for (uint32_t i = 0; i < n; i++) {
        shmq_send(q_alone, buf, sizeof(buf));
        shmq_receive(q_alone, buf, sizeof(buf), &len);
    }
}

static void shmq_round_trips(uint32_t n)
{
    uint8_t buf[BS_SMALL] = {0};
    uint32_t len;
    for (uint32_t i = 0; i < n; i++) {
        shmq_send(q_ping, buf, sizeof(buf));
        shmq_receive(q_pong, buf, sizeof(buf), &len);
    }
}

static void bench_shmq(void)
{
    if (shmq_open(BS_SHMQ_ALONE, O_CREAT, SHM_MODE_ALL, BS_SHMQ_SLOTS, BS_SMALL, &q_alone)) {
        pl_printf("bench_sync: no queue\r\n");
        return;
    }
    bench_report("shmq_uncontended_16B", bench_measure(shmq_pairs, PAIRS, 1), "insn/op");
    shmq_close(q_alone); /* its window for the next two */
    if (shmq_open(BS_SHMQ_PING, O_CREAT, SHM_MODE_ALL, BS_SHMQ_SLOTS, BS_SMALL, &q_ping) ||
        shmq_open(BS_SHMQ_PONG, O_CREAT, SHM_MODE_ALL, BS_SHMQ_SLOTS, BS_SMALL, &q_pong)) {
        pl_printf("bench_sync: no queues\r\n");
        return;
    }
    (void)pl_ntfn_signal(NTFN_QPARTNER_GO, 1u); /* both queues exist */
    shmq_round_trips(10);                       /* the partner is there */
    bench_report("shmq_send_recv_16B", bench_measure(shmq_round_trips, ROUNDS, 2), "insn/op");
}

void bench_sync(void);
void bench_sync(void)
{
    void *addr;
    int h = shm_open(BS_SHM_SYNC, O_CREAT | O_RDWR, SHM_MODE_ALL);
    if (h < 0 || shm_ftruncate(h, sizeof(struct bs_sync)) != PL_OK ||
        shm_mmap(h, 0, sizeof(struct bs_sync), PL_SHM_READ | PL_SHM_WRITE, &addr) != PL_OK) {
        pl_printf("bench_sync: no shared object\r\n");
        return;
    }
    s = addr;
    sem_init(&s->alone, 1, 1);
    mutex_init(&s->lock);
    sem_init(&s->ping, 1, 0);
    sem_init(&s->pong, 1, 0);
    pl_store_release(&s->ready, 1u); /* the partner may map and wait now */
    (void)pl_ntfn_signal(NTFN_SPARTNER_GO, 1u);
    bench_report("sem_uncontended", bench_measure(sem_pairs, PAIRS, 1), "insn/op");
    bench_report("mutex_lock_unlock", bench_measure(mutex_pairs, PAIRS, 1), "insn/op");
    ping_pong(10); /* the partner is there */
    bench_report("sem_post_wait", bench_measure(ping_pong, ROUNDS, 2), "insn/op");
    bench_shmq();
}

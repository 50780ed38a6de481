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
 */
#include <fcntl.h>

#include "../../../servers/shm/shm_client.h"
#include "../../../servers/shm/sync.h"
#include "../bench.h"
#include "bench_servers.h"
#include "parley.h"
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
    __atomic_store_n(&s->ready, 1u, __ATOMIC_RELEASE); /* the partner may map and wait now */
    bench_report("sem_uncontended", bench_measure(sem_pairs, PAIRS, 1), "insn/op");
    bench_report("mutex_lock_unlock", bench_measure(mutex_pairs, PAIRS, 1), "insn/op");
    ping_pong(10); /* the partner is there */
    bench_report("sem_post_wait", bench_measure(ping_pong, ROUNDS, 2), "insn/op");
}

/*
 * user/demo/demos/prodcons.c - `demo prodcons [--no-sync]`: the seed documents' bounded buffer
 * between isolated tasks. Two producers and two consumers, each in its own MPU domain, share
 * one named shared-memory object ("prodcons", servers/shm) holding a ring of PC_SLOTS items,
 * two counting semaphores (free slots, full slots) and a mutex over the ring's indices
 * (servers/shm/sync.h). Each producer puts PC_ITEMS numbered items; the consumers take them
 * all. Every item taken is ticked off in a bitmap kept apart from the ring, with atomic
 * operations, so the tally is right whatever the ring's protocol does: items lost, items
 * taken twice and a checksum say whether anything went wrong.
 *
 * --no-sync runs the same code without the semaphores and the mutex: producers and consumers
 * read and update the ring's indices unprotected. Inside that section each task yields once
 * (pl_yield), as a preemption at the worst moment would; with the mutex held that changes
 * nothing, without it the other side of the same role gets in between and the race shows:
 * two producers fill one slot (an item lost), two consumers take one (an item twice).
 *
 * Set-up and the end of a run: the first producer ("p1") creates the object on each run and
 * initialises it, then publishes `ready`; the others wait for it on a futex. Each task counts
 * itself out in `finished`; the last one prints the verdict and clears `ready` for the next
 * run. All four are parked by the demo runner between runs (demo_task.h).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>

#include "../../../servers/shm/futex.h"
#include "../../../servers/shm/shm_client.h"
#include "../../../servers/shm/sync.h"
#include "demo_task.h"
#include "parley.h"
#include "pl_order.h" /* the arch's memory orders (one core: no DMB) */

int p1_main(void);
int p2_main(void);
int c1_main(void);
int c2_main(void);

#define PC_NAME      "prodcons"
#define PC_SLOTS     8u
#define PC_PRODUCERS 2u
#define PC_CONSUMERS 2u
#define PC_ITEMS     200u /* per producer */
#define PC_TOTAL     (PC_PRODUCERS * PC_ITEMS)
#define PC_WAIT      (10u * 1000u) /* ticks a consumer waits for an item before giving up */
#define PC_NO_SYNC   1u            /* bit 0 of the options: --no-sync (the runner's table) */

struct prodcons {
    uint32_t ready; /* 1 once p1 has set the object up for this run; a futex word */
    uint32_t options;
    sem_t free_slots; /* counts empty slots: producers wait on it */
    sem_t full_slots; /* counts filled slots: consumers wait on it */
    struct mutex lock;
    uint32_t in, out;                      /* ring indices: next slot to fill, next to take */
    uint32_t put, taken;                   /* items put, items taken (the ring's own counts) */
    uint32_t ring[PC_SLOTS];               /* item = producer << 16 | sequence number */
    uint32_t seen[PC_TOTAL / 32u + 1u];    /* the tally: one bit per item, set atomically */
    uint32_t twice;                        /* items taken a second time (atomic) */
    uint32_t checksum_put, checksum_taken; /* sums of the items (atomic) */
    uint32_t producers_done, finished;     /* atomic counters of this run */
};

static struct prodcons *pc;

/* The object, created (and sized) by whoever comes first, mapped read-write. */
static int map_object(void)
{
    if (pc) {
        return PL_OK;
    }
    int h = shm_open(PC_NAME, O_RDWR | O_CREAT, SHM_MODE_ALL);
    if (h < 0) {
        return h;
    }
    int err = shm_ftruncate(h, sizeof(struct prodcons));
    if (err != PL_OK && err != PL_EINVAL) { /* PL_EINVAL: sized already, by another task */
        return err;
    }
    void *addr;
    err = shm_mmap(h, 0, sizeof(struct prodcons), PL_SHM_READ | PL_SHM_WRITE, &addr);
    if (err != PL_OK) {
        return err;
    }
    pc = addr;
    return PL_OK;
}

/* p1: a fresh ring, fresh semaphores and mutex, an empty tally; then `ready` for the others. */
static void set_up(uint32_t options)
{
    memset(&pc->in, 0, sizeof(*pc) - offsetof(struct prodcons, in));
    pc->options = options;
    sem_init(&pc->free_slots, 1, PC_SLOTS);
    sem_init(&pc->full_slots, 1, 0);
    mutex_init(&pc->lock);
    pl_store_release(&pc->ready, 1u);
    futex_wake(&pc->ready, UINT32_MAX);
}

static int wait_ready(void)
{
    while (pl_load_acquire(&pc->ready) == 0) {
        int err = futex_wait(&pc->ready, 0, PC_WAIT);
        if (err != PL_OK && err != PL_EAGAIN) {
            return err;
        }
    }
    return PL_OK;
}

static int synced(void)
{
    return !(pc->options & PC_NO_SYNC);
}

/* The ring's critical sections: with the mutex in the synchronised run, bare without. The
 * yield between reading an index and writing it back is where a preemption would hurt. */
static void put_item(uint32_t item)
{
    if (synced()) {
        mutex_lock(&pc->lock);
    }
    uint32_t slot = pc->in;
    pl_yield();
    pc->ring[slot % PC_SLOTS] = item;
    pc->in = slot + 1u;
    pc->put++;
    if (synced()) {
        mutex_unlock(&pc->lock);
    }
}

static uint32_t take_item(void)
{
    if (synced()) {
        mutex_lock(&pc->lock);
    }
    uint32_t slot = pc->out;
    pl_yield();
    uint32_t item = pc->ring[slot % PC_SLOTS];
    pc->out = slot + 1u;
    pc->taken++;
    if (synced()) {
        mutex_unlock(&pc->lock);
    }
    return item;
}

/* Tick an item off: atomic, so the tally is true even when the ring's protocol is not. */
static void tally(uint32_t item)
{
    uint32_t producer = item >> 16, seq = item & 0xffffu;
    if (producer == 0 || producer > PC_PRODUCERS || seq >= PC_ITEMS) {
        __atomic_fetch_add(&pc->twice, 1u, __ATOMIC_RELAXED); /* a slot never filled */
        return;
    }
    uint32_t n = (producer - 1u) * PC_ITEMS + seq, bit = 1u << (n % 32u);
    if (__atomic_fetch_or(&pc->seen[n / 32u], bit, __ATOMIC_RELAXED) & bit) {
        __atomic_fetch_add(&pc->twice, 1u, __ATOMIC_RELAXED);
    }
    __atomic_fetch_add(&pc->checksum_taken, item, __ATOMIC_RELAXED);
}

static uint32_t distinct_seen(void)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < sizeof(pc->seen) / sizeof(pc->seen[0]); i++) {
        n += (uint32_t)__builtin_popcount(pc->seen[i]);
    }
    return n;
}

/* The last task out prints what happened and makes the object ready for a new run. */
static int finish(const char *who)
{
    if (pl_fetch_add_seq(&pc->finished, 1u) + 1u != PC_PRODUCERS + PC_CONSUMERS) {
        return PL_OK;
    }
    uint32_t got = distinct_seen(), lost = PC_TOTAL - got;
    int ok = lost == 0 && pc->twice == 0 && pc->checksum_put == pc->checksum_taken;
    printf("[%s] %s: %lu items put by %u producers, %lu distinct taken by %u consumers; "
           "lost %lu, taken twice %lu; checksum %s\n",
           who, synced() ? "with semaphores and a mutex" : "--no-sync", (unsigned long)PC_TOTAL,
           (unsigned)PC_PRODUCERS, (unsigned long)got, (unsigned)PC_CONSUMERS, (unsigned long)lost,
           (unsigned long)pc->twice, pc->checksum_put == pc->checksum_taken ? "equal" : "differs");
    if (synced()) {
        printf("[%s] %s\n", who, ok ? "nothing lost, nothing twice" : "BUG: the protocol failed");
    } else {
        printf("[%s] %s\n", who,
               ok ? "no race this time (run it again)"
                  : "the race, caught: unprotected indices lose and repeat items");
    }
    pl_store_release(&pc->ready, 0u);
    /* The synchronised run must be right; the unsynchronised one shows a race, or says it
     * did not happen: neither is a failure of the demo. */
    return !synced() || ok ? PL_OK : PL_ESTATE;
}

static int producer_run(uint32_t options, uint32_t id)
{
    int err = map_object();
    if (err != PL_OK) {
        printf("[p%lu] cannot map '%s': %s\n", (unsigned long)id, PC_NAME, pl_strerror(err));
        return err;
    }
    if (id == 1u) {
        set_up(options);
        printf("[p1] %u producers x %u items -> %u consumers through %u slots in shared "
               "memory '%s'%s\n",
               (unsigned)PC_PRODUCERS, (unsigned)PC_ITEMS, (unsigned)PC_CONSUMERS,
               (unsigned)PC_SLOTS, PC_NAME,
               (options & PC_NO_SYNC) ? ", without semaphores or mutex" : "");
    } else if ((err = wait_ready()) != PL_OK) {
        return err;
    }
    for (uint32_t seq = 0; seq < PC_ITEMS; seq++) {
        uint32_t item = id << 16 | seq;
        if (synced()) {
            sem_wait(&pc->free_slots);
        }
        put_item(item);
        __atomic_fetch_add(&pc->checksum_put, item, __ATOMIC_RELAXED);
        if (synced()) {
            sem_post(&pc->full_slots);
        }
    }
    (void)pl_fetch_add_seq(&pc->producers_done, 1u);
    return finish(id == 1u ? "p1" : "p2");
}

/* Unsynchronised, a consumer takes while the ring's counts say there is something; it stops
 * when the producers are done and nothing is left (or, synchronised, when its share came). */
static int consumer_run(uint32_t options, uint32_t id)
{
    (void)options;
    int err = map_object();
    if (err == PL_OK) {
        err = wait_ready();
    }
    if (err != PL_OK) {
        printf("[c%lu] cannot use '%s': %s\n", (unsigned long)id, PC_NAME, pl_strerror(err));
        return err;
    }
    for (uint32_t n = 0; n < PC_TOTAL / PC_CONSUMERS;) {
        if (synced()) {
            if (sem_timedwait(&pc->full_slots, PC_WAIT) != PL_OK) {
                break; /* the producers are stuck: say so in the verdict */
            }
            tally(take_item());
            sem_post(&pc->free_slots);
            n++;
            continue;
        }
        if (pc->in == pc->out) { /* unprotected: it may be wrong, which is the point */
            if (pl_load_acquire(&pc->producers_done) == PC_PRODUCERS) {
                break;
            }
            pl_yield();
            continue;
        }
        tally(take_item());
        n++;
    }
    return finish(id == 1u ? "c1" : "c2");
}

static int p1(uint32_t options)
{
    return producer_run(options, 1u);
}

static int p2(uint32_t options)
{
    return producer_run(options, 2u);
}

static int c1(uint32_t options)
{
    return consumer_run(options, 1u);
}

static int c2(uint32_t options)
{
    return consumer_run(options, 2u);
}

int p1_main(void)
{
    return demo_serve(p1);
}

int p2_main(void)
{
    return demo_serve(p2);
}

int c1_main(void)
{
    return demo_serve(c1);
}

int c2_main(void)
{
    return demo_serve(c2);
}

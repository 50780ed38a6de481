/*
 * tests/host/test_sync.c - servers/shm/sync.c: every rule of sync.h (semaphores, robust
 * mutexes, condition variables, named semaphores, bad input), then real concurrency between
 * threads standing for tasks: a bounded buffer with two semaphores and a mutex, a counter
 * under a mutex, a condition variable's broadcast and a ping-pong that would hang on a lost
 * wake-up.
 *
 * The shm server is fake_futex.c. The program runs under ThreadSanitizer, which stops at the
 * first data race (halt_on_error below): a lock that lets two threads in, or a hand-over
 * without ordering, fails the test that shows it even when the counts come out right. No
 * test asserts a time: a wait that must end is given LONG ticks and a timeout is a failure.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fake_futex.h"
#include "harness.h"
#include "sync.h"

#define LONG 10000u /* ticks (ms) for a wait that must end much sooner */

const char *__tsan_default_options(void);
const char *__tsan_default_options(void)
{
    return "halt_on_error=1";
}

/* ---- Helpers ---- */

/* Zeroed memory the fake server takes futex words in (as a mapped shm page). */
static void *shared(size_t size)
{
    void *p = aligned_alloc(FAKE_SHM_PAGE, (size + FAKE_SHM_PAGE - 1u) & ~(FAKE_SHM_PAGE - 1u));
    memset(p, 0, size);
    fake_shared(p, (uint32_t)size);
    return p;
}

static void nap(void)
{
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
}

/* Until n tasks are queued in the server (or a few seconds pass: the test then fails). */
static void wait_queued(uint32_t n)
{
    for (int i = 0; i < 5000 && fake_futex_queued() < n; i++) {
        nap();
    }
    CHECK(fake_futex_queued() >= n);
}

static pthread_t spawn(void *(*fn)(void *), void *arg)
{
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, fn, arg), 0);
    return t;
}

static intptr_t join(pthread_t t)
{
    void *r;
    CHECK_EQ(pthread_join(t, &r), 0);
    return (intptr_t)r;
}

/* ---- Semaphores: rules ---- */

TEST(sem_init_refuses_a_value_past_the_maximum)
{
    sem_t *s = shared(sizeof(sem_t));
    uint32_t v = 99;
    CHECK_EQ(sem_init(s, 1, SEM_VALUE_MAX + 1u), PL_EINVAL);
    CHECK_EQ(sem_getvalue(s, &v), PL_EINVAL);
    CHECK_EQ(sem_init(s, 1, SEM_VALUE_MAX), PL_OK);
    CHECK_EQ(sem_getvalue(s, &v), PL_OK);
    CHECK_EQ(v, SEM_VALUE_MAX);
}

TEST(trywait_takes_while_above_zero_then_is_eagain_and_changes_nothing)
{
    sem_t *s = shared(sizeof(sem_t));
    uint32_t v;
    CHECK_EQ(sem_init(s, 1, 2), PL_OK);
    CHECK_EQ(sem_trywait(s), PL_OK);
    CHECK_EQ(sem_trywait(s), PL_OK);
    CHECK_EQ(sem_trywait(s), PL_EAGAIN);
    CHECK_EQ(sem_getvalue(s, &v), PL_OK);
    CHECK_EQ(v, 0);
    CHECK_EQ(sem_post(s), PL_OK);
    CHECK_EQ(sem_getvalue(s, &v), PL_OK);
    CHECK_EQ(v, 1);
}

TEST(post_past_the_maximum_is_eoverflow_and_leaves_the_value)
{
    sem_t *s = shared(sizeof(sem_t));
    uint32_t v;
    CHECK_EQ(sem_init(s, 1, SEM_VALUE_MAX - 1u), PL_OK);
    CHECK_EQ(sem_post(s), PL_OK);
    CHECK_EQ(sem_post(s), PL_EOVERFLOW);
    CHECK_EQ(sem_getvalue(s, &v), PL_OK);
    CHECK_EQ(v, SEM_VALUE_MAX);
    CHECK_EQ(sem_wait(s), PL_OK);
    CHECK_EQ(sem_getvalue(s, &v), PL_OK);
    CHECK_EQ(v, SEM_VALUE_MAX - 1u);
}

TEST(timedwait_times_out_at_zero_and_a_timeout_already_over_still_takes)
{
    sem_t *s = shared(sizeof(sem_t));
    uint32_t v;
    CHECK_EQ(sem_init(s, 1, 0), PL_OK);
    CHECK_EQ(sem_timedwait(s, 0), PL_ETIMEDOUT);
    CHECK_EQ(sem_timedwait(s, 20), PL_ETIMEDOUT);
    CHECK_EQ(sem_post(s), PL_OK);
    CHECK_EQ(sem_timedwait(s, 0), PL_OK); /* past timeout, value > 0: succeeds (POSIX) */
    CHECK_EQ(sem_getvalue(s, &v), PL_OK);
    CHECK_EQ(v, 0);
    CHECK_EQ(s->waiters, 0); /* the timed-out wait counted itself out */
}

static void *waits_long(void *arg)
{
    return (void *)(intptr_t)sem_timedwait(arg, LONG);
}

TEST(post_wakes_a_blocked_waiter)
{
    sem_t *s = shared(sizeof(sem_t));
    uint32_t v;
    CHECK_EQ(sem_init(s, 1, 0), PL_OK);
    pthread_t t = spawn(waits_long, s);
    wait_queued(1);
    CHECK_EQ(sem_post(s), PL_OK);
    CHECK_EQ(join(t), PL_OK);
    CHECK_EQ(sem_getvalue(s, &v), PL_OK);
    CHECK_EQ(v, 0);
}

TEST(uncontended_wait_and_post_make_no_server_call)
{
    sem_t *s = shared(sizeof(sem_t));
    CHECK_EQ(sem_init(s, 1, 1), PL_OK);
    for (int i = 0; i < 100; i++) {
        CHECK_EQ(sem_wait(s), PL_OK);
        CHECK_EQ(sem_post(s), PL_OK);
    }
    CHECK_EQ(sem_trywait(s), PL_OK);
    CHECK_EQ(sem_trywait(s), PL_EAGAIN);
    CHECK_EQ(fake_futex_total(), 0);
}

TEST(never_initialised_or_destroyed_semaphores_are_einval)
{
    sem_t *s = shared(sizeof(sem_t));
    uint32_t v;
    memset(s, 0x5a, sizeof(*s)); /* garbage: no magic */
    CHECK_EQ(sem_wait(s), PL_EINVAL);
    CHECK_EQ(sem_trywait(s), PL_EINVAL);
    CHECK_EQ(sem_timedwait(s, 10), PL_EINVAL);
    CHECK_EQ(sem_post(s), PL_EINVAL);
    CHECK_EQ(sem_getvalue(s, &v), PL_EINVAL);
    CHECK_EQ(sem_destroy(s), PL_EINVAL);
    CHECK_EQ(sem_init(s, 1, 3), PL_OK);
    CHECK_EQ(sem_destroy(s), PL_OK);
    CHECK_EQ(sem_wait(s), PL_EINVAL);
    CHECK_EQ(sem_trywait(s), PL_EINVAL);
    CHECK_EQ(sem_post(s), PL_EINVAL);
    CHECK_EQ(sem_getvalue(s, &v), PL_EINVAL);
    CHECK_EQ(sem_destroy(s), PL_EINVAL);
    CHECK_EQ(sem_close(s), PL_EINVAL); /* not a named one of this task */
}

TEST(destroy_wakes_a_blocked_waiter_with_einval)
{
    sem_t *s = shared(sizeof(sem_t));
    CHECK_EQ(sem_init(s, 1, 0), PL_OK);
    pthread_t t = spawn(waits_long, s);
    wait_queued(1);
    CHECK_EQ(sem_destroy(s), PL_OK);
    CHECK_EQ(join(t), PL_EINVAL);
}

TEST(a_blocking_wait_outside_shared_memory_is_einval_fast_paths_work)
{
    static sem_t private_sem; /* not in a page of the server */
    CHECK_EQ(sem_init(&private_sem, 0, 1), PL_OK);
    CHECK_EQ(sem_wait(&private_sem), PL_OK);
    CHECK_EQ(sem_post(&private_sem), PL_OK);
    CHECK_EQ(sem_wait(&private_sem), PL_OK);
    CHECK_EQ(sem_wait(&private_sem), PL_EINVAL);
    CHECK_EQ(private_sem.waiters, 0);
}

TEST(a_waiter_that_died_in_a_wait_stops_nothing)
{
    /* A task that dies asleep in sem_wait leaves itself counted in `waiters` and SLEEPERS set
     * (the server forgets its sleep). Posts then call the server for nothing, but the count
     * stays right and live waiters are still woken. */
    sem_t *s = shared(sizeof(sem_t));
    uint32_t v;
    CHECK_EQ(sem_init(s, 1, 0), PL_OK);
    s->waiters = 1;
    s->value = SYNC_SEM_SLEEPERS;
    CHECK_EQ(sem_post(s), PL_OK);
    CHECK_EQ(sem_getvalue(s, &v), PL_OK);
    CHECK_EQ(v, 1);
    CHECK_EQ(sem_wait(s), PL_OK);
    pthread_t t = spawn(waits_long, s);
    wait_queued(1);
    CHECK_EQ(sem_post(s), PL_OK);
    CHECK_EQ(join(t), PL_OK);
    CHECK_EQ(sem_post(s), PL_OK);
    CHECK_EQ(sem_trywait(s), PL_OK);
}

/* ---- Semaphores: many waiters ---- */

TEST(every_post_wakes_a_waiter_when_many_wait_at_once)
{
    enum { THREADS = 4, ROUNDS = 150 };
    sem_t *s = shared(sizeof(sem_t));
    CHECK_EQ(sem_init(s, 1, 0), PL_OK);
    for (int round = 0; round < ROUNDS; round++) {
        pthread_t t[THREADS];
        for (int i = 0; i < THREADS; i++) {
            t[i] = spawn(waits_long, s);
        }
        if (round % 2) {
            wait_queued(THREADS); /* half the rounds with every waiter asleep first */
        }
        for (int i = 0; i < THREADS; i++) {
            CHECK_EQ(sem_post(s), PL_OK);
        }
        for (int i = 0; i < THREADS; i++) {
            CHECK_EQ(join(t[i]), PL_OK);
        }
    }
    uint32_t v;
    CHECK_EQ(sem_getvalue(s, &v), PL_OK);
    CHECK_EQ(v, 0);
    CHECK_EQ(s->waiters, 0);
}

/* ---- The bounded buffer of the documents: two semaphores and a mutex ---- */

enum { SLOTS = 8, PRODUCERS = 4, CONSUMERS = 4, ITEMS = 3000 };

struct buffer {
    sem_t empty, full;
    struct mutex lock;
    uint32_t slot[SLOTS];
    uint32_t in, out;
    uint64_t sum_in, sum_out;
    uint8_t seen[PRODUCERS][ITEMS];
    uint32_t errors;
};

static struct buffer *buf;

static void *producer(void *arg)
{
    uint32_t p = (uint32_t)(intptr_t)arg;
    for (uint32_t i = 0; i < ITEMS; i++) {
        uint32_t item = p << 16 | i;
        int r = sem_timedwait(&buf->empty, LONG);
        r = r ? r : mutex_lock(&buf->lock);
        if (r != PL_OK) {
            return (void *)(intptr_t)r;
        }
        buf->slot[buf->in++ % SLOTS] = item;
        buf->sum_in += item * 2654435761u;
        mutex_unlock(&buf->lock);
        sem_post(&buf->full);
    }
    return NULL;
}

static void *consumer(void *arg)
{
    (void)arg;
    for (uint32_t i = 0; i < PRODUCERS * ITEMS / CONSUMERS; i++) {
        int r = sem_timedwait(&buf->full, LONG);
        r = r ? r : mutex_lock(&buf->lock);
        if (r != PL_OK) {
            return (void *)(intptr_t)r;
        }
        uint32_t item = buf->slot[buf->out++ % SLOTS];
        buf->sum_out += item * 2654435761u;
        if (item >> 16 >= PRODUCERS || (item & 0xffffu) >= ITEMS ||
            buf->seen[item >> 16][item & 0xffffu]++) {
            buf->errors++;
        }
        mutex_unlock(&buf->lock);
        sem_post(&buf->empty);
    }
    return NULL;
}

TEST(producers_and_consumers_lose_and_duplicate_nothing)
{
    buf = shared(sizeof(*buf));
    CHECK_EQ(sem_init(&buf->empty, 1, SLOTS), PL_OK);
    CHECK_EQ(sem_init(&buf->full, 1, 0), PL_OK);
    CHECK_EQ(mutex_init(&buf->lock), PL_OK);
    pthread_t t[PRODUCERS + CONSUMERS];
    for (int i = 0; i < PRODUCERS; i++) {
        t[i] = spawn(producer, (void *)(intptr_t)i);
    }
    for (int i = 0; i < CONSUMERS; i++) {
        t[PRODUCERS + i] = spawn(consumer, NULL);
    }
    for (int i = 0; i < PRODUCERS + CONSUMERS; i++) {
        CHECK_EQ(join(t[i]), PL_OK);
    }
    CHECK_EQ(buf->errors, 0);
    CHECK_EQ(buf->in, PRODUCERS * ITEMS);
    CHECK_EQ(buf->out, PRODUCERS * ITEMS);
    CHECK(buf->sum_in == buf->sum_out);
    for (int p = 0; p < PRODUCERS; p++) {
        for (int i = 0; i < ITEMS; i++) {
            CHECK_EQ(buf->seen[p][i], 1);
        }
    }
    uint32_t v;
    CHECK_EQ(sem_getvalue(&buf->empty, &v), PL_OK);
    CHECK_EQ(v, SLOTS);
    CHECK_EQ(sem_getvalue(&buf->full, &v), PL_OK);
    CHECK_EQ(v, 0);
}

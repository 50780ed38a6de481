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
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <parley.h>

#include "fake_futex.h"
#include "futex.h"
#include "shm_client.h"
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

TEST(destroy_racing_with_waiters_never_leaves_one_asleep)
{
    /* A waiter between its look at the magic word and its sleep when the destroy comes must
     * not fall asleep for good: destroy leaves a value no sleeper sleeps on. */
    enum {
        ROUNDS = 200,
        THREADS = 2
    };
    for (int round = 0; round < ROUNDS; round++) {
        sem_t *s = shared(sizeof(sem_t));
        CHECK_EQ(sem_init(s, 1, 0), PL_OK);
        pthread_t t[THREADS];
        for (int i = 0; i < THREADS; i++) {
            t[i] = spawn(waits_long, s);
        }
        if (round % 2) {
            sched_yield();
        }
        CHECK_EQ(sem_destroy(s), PL_OK);
        for (int i = 0; i < THREADS; i++) {
            CHECK_EQ(join(t[i]), PL_EINVAL);
        }
    }
    CHECK_EQ(fake_futex_count().timeouts, 0);
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
    enum {
        THREADS = 4,
        ROUNDS = 150
    };
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
    CHECK_EQ(fake_futex_count().timeouts, 0); /* a lost wake-up ends in a timeout */
}

static void *sleeps_uncounted(void *arg)
{
    sem_t *s = arg;
    return (void *)(intptr_t)futex_wait((volatile uint32_t *)&s->value, SYNC_SEM_SLEEPERS, LONG);
}

TEST(a_post_that_clears_sleepers_wakes_every_sleeper_even_one_it_did_not_count)
{
    /* The race this covers: a post reads waiters == 1, then a second task counts itself in
     * and falls asleep before the post's compare-and-swap. The post clears SLEEPERS, so it
     * must wake every sleeper: a post that woke one would leave the second asleep with the
     * count above 0 and nobody to wake it. Here the second sleeper sleeps on the word
     * without being counted, as the post saw it. */
    sem_t *s = shared(sizeof(sem_t));
    CHECK_EQ(sem_init(s, 1, 0), PL_OK);
    pthread_t counted = spawn(waits_long, s);
    wait_queued(1);
    pthread_t uncounted = spawn(sleeps_uncounted, s);
    wait_queued(2);
    CHECK_EQ(s->waiters, 1);
    CHECK_EQ(sem_post(s), PL_OK);
    CHECK_EQ(join(uncounted), PL_OK); /* woken, not timed out */
    CHECK_EQ(join(counted), PL_OK);
}

enum {
    CROWD = 4,
    POSTERS = 2,
    TAKES = 5000
};

static void *takes_many(void *arg)
{
    for (int i = 0; i < TAKES; i++) {
        int r = sem_timedwait(arg, LONG);
        if (r != PL_OK) {
            return (void *)(intptr_t)r;
        }
    }
    return NULL;
}

static void *posts_many(void *arg)
{
    for (int i = 0; i < CROWD * TAKES / POSTERS; i++) {
        if (i % 2) {
            sched_yield(); /* let the takers run dry and sleep */
        }
        int r = sem_post(arg);
        if (r != PL_OK) {
            return (void *)(intptr_t)r;
        }
    }
    return NULL;
}

TEST(a_crowd_of_waiters_and_posters_loses_no_post)
{
    sem_t *s = shared(sizeof(sem_t));
    CHECK_EQ(sem_init(s, 1, 0), PL_OK);
    pthread_t t[CROWD + POSTERS];
    for (int i = 0; i < CROWD; i++) {
        t[i] = spawn(takes_many, s);
    }
    for (int i = 0; i < POSTERS; i++) {
        t[CROWD + i] = spawn(posts_many, s);
    }
    for (int i = 0; i < CROWD + POSTERS; i++) {
        CHECK_EQ(join(t[i]), PL_OK);
    }
    uint32_t v;
    CHECK_EQ(sem_getvalue(s, &v), PL_OK);
    CHECK_EQ(v, 0);
    CHECK_EQ(fake_futex_count().timeouts, 0); /* a lost wake-up ends in a timeout */
}

/* ---- The bounded buffer of the documents: two semaphores and a mutex ---- */

enum {
    SLOTS = 8,
    PRODUCERS = 4,
    CONSUMERS = 4,
    ITEMS = 3000
};

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
    CHECK_EQ(fake_futex_count().timeouts, 0);
}

/* ---- Mutexes: rules ---- */

static struct mutex *new_mutex(void)
{
    struct mutex *m = shared(sizeof(struct mutex));
    CHECK_EQ(mutex_init(m), PL_OK);
    return m;
}

TEST(uncontended_lock_and_unlock_are_one_cas_each_and_no_server_call)
{
    struct mutex *m = new_mutex();
    for (int i = 0; i < 100; i++) {
        CHECK_EQ(mutex_lock(m), PL_OK);
        CHECK_EQ(m->word, sync_self());
        CHECK_EQ(mutex_unlock(m), PL_OK);
        CHECK_EQ(m->word, 0);
    }
    CHECK_EQ(mutex_trylock(m), PL_OK);
    CHECK_EQ(mutex_unlock(m), PL_OK);
    CHECK_EQ(fake_futex_total(), 0);
}

static void *tries_to_unlock(void *arg)
{
    return (void *)(intptr_t)mutex_unlock(arg);
}

static void *tries_to_lock(void *arg)
{
    return (void *)(intptr_t)mutex_trylock(arg);
}

static void *locks_for_20_ticks(void *arg)
{
    return (void *)(intptr_t)mutex_timedlock(arg, 20);
}

TEST(unlock_by_a_task_that_does_not_hold_it_is_eperm)
{
    struct mutex *m = new_mutex();
    CHECK_EQ(mutex_unlock(m), PL_EPERM); /* nobody holds it */
    CHECK_EQ(mutex_lock(m), PL_OK);
    CHECK_EQ(join(spawn(tries_to_unlock, m)), PL_EPERM);
    CHECK_EQ(m->word, sync_self()); /* still ours */
    CHECK_EQ(mutex_unlock(m), PL_OK);
}

TEST(relock_by_the_owner_is_edeadlk_trylock_of_a_held_one_eagain)
{
    struct mutex *m = new_mutex();
    CHECK_EQ(mutex_lock(m), PL_OK);
    CHECK_EQ(mutex_lock(m), PL_EDEADLK);
    CHECK_EQ(mutex_timedlock(m, 5), PL_EDEADLK);
    CHECK_EQ(mutex_trylock(m), PL_EAGAIN);
    CHECK_EQ(join(spawn(tries_to_lock, m)), PL_EAGAIN);
    CHECK_EQ(mutex_unlock(m), PL_OK);
    CHECK_EQ(join(spawn(tries_to_lock, m)), PL_OK); /* that task ended holding it ... */
    CHECK_EQ(mutex_trylock(m), PL_EAGAIN);          /* ... and it stays held */
}

/* ---- Ceiling mutexes ---- */

static struct mutex *new_ceiling_mutex(uint32_t ceiling)
{
    struct mutex *m = shared(sizeof(struct mutex));
    CHECK_EQ(mutex_init_ceiling(m, ceiling), PL_OK);
    return m;
}

TEST(a_ceiling_mutex_raises_its_holder_to_the_ceiling_until_the_unlock)
{
    fake_prio_allow(6, 3);
    struct mutex *m = new_ceiling_mutex(3);
    CHECK_EQ(mutex_lock(m), PL_OK);
    CHECK_EQ(fake_prio_now(), 3);
    CHECK_EQ(mutex_unlock(m), PL_OK);
    CHECK_EQ(fake_prio_now(), 6);
    CHECK_EQ(mutex_trylock(m), PL_OK);
    CHECK_EQ(fake_prio_now(), 3);
    CHECK_EQ(mutex_unlock(m), PL_OK);
    CHECK_EQ(fake_prio_now(), 6);
}

TEST(a_ceiling_the_task_may_not_reach_is_eperm_and_nothing_is_taken)
{
    fake_prio_allow(6, 5);
    struct mutex *m = new_ceiling_mutex(3);
    CHECK_EQ(mutex_lock(m), PL_EPERM);
    CHECK_EQ(m->word, 0);
    CHECK_EQ(fake_prio_now(), 6);
    CHECK_EQ(mutex_init_ceiling(m, 32), PL_EINVAL);
}

TEST(nested_ceiling_mutexes_never_lower_the_holder_and_restore_in_reverse_order)
{
    fake_prio_allow(6, 2);
    struct mutex *high = new_ceiling_mutex(2), *low = new_ceiling_mutex(4);
    CHECK_EQ(mutex_lock(high), PL_OK);
    CHECK_EQ(fake_prio_now(), 2);
    CHECK_EQ(mutex_lock(low), PL_OK);
    CHECK_EQ(fake_prio_now(), 2); /* the lower ceiling does not lower it */
    CHECK_EQ(mutex_unlock(low), PL_OK);
    CHECK_EQ(fake_prio_now(), 2);
    CHECK_EQ(mutex_unlock(high), PL_OK);
    CHECK_EQ(fake_prio_now(), 6);
}

TEST(a_failed_lock_of_a_ceiling_mutex_gives_the_raise_back)
{
    fake_prio_allow(6, 3);
    struct mutex *m = new_ceiling_mutex(3);
    CHECK_EQ(mutex_lock(m), PL_OK);
    CHECK_EQ(mutex_lock(m), PL_EDEADLK); /* raised again, then given back */
    CHECK_EQ(fake_prio_now(), 3);
    CHECK_EQ(mutex_unlock(m), PL_OK);
    CHECK_EQ(fake_prio_now(), 6);
    CHECK_EQ(mutex_unlock(m), PL_EPERM); /* not held: nothing restored either */
    CHECK_EQ(fake_prio_now(), 6);
}

TEST(timedlock_of_a_held_mutex_times_out)
{
    struct mutex *m = new_mutex();
    CHECK_EQ(mutex_lock(m), PL_OK);
    CHECK_EQ(join(spawn(locks_for_20_ticks, m)), PL_ETIMEDOUT);
    CHECK_EQ(m->word & ~FUTEX_WAITERS, sync_self());
    CHECK_EQ(mutex_unlock(m), PL_OK);
    CHECK_EQ(m->word, 0); /* no waiter left behind */
    CHECK_EQ(mutex_timedlock(m, 0), PL_OK);
    CHECK_EQ(join(spawn(locks_for_20_ticks, m)), PL_ETIMEDOUT);
}

static void *locks_long(void *arg)
{
    int r = mutex_timedlock(arg, LONG);
    if (r == PL_OK || r == PL_EOWNERDEAD) {
        int c = r == PL_EOWNERDEAD ? mutex_consistent(arg) : PL_OK;
        int u = mutex_unlock(arg);
        r = c != PL_OK ? c : u != PL_OK ? u : r;
    }
    return (void *)(intptr_t)r;
}

TEST(unlock_hands_the_mutex_to_a_blocked_locker)
{
    struct mutex *m = new_mutex();
    CHECK_EQ(mutex_lock(m), PL_OK);
    pthread_t t = spawn(locks_long, m);
    wait_queued(1);
    CHECK(m->word & FUTEX_WAITERS);
    CHECK_EQ(mutex_unlock(m), PL_OK);
    CHECK_EQ(join(t), PL_OK);
    CHECK_EQ(m->word, 0);
}

TEST(never_initialised_or_destroyed_mutexes_are_einval_destroy_of_a_held_one_estate)
{
    struct mutex *m = shared(sizeof(struct mutex));
    memset(m, 0, sizeof(*m));
    CHECK_EQ(mutex_lock(m), PL_EINVAL);
    CHECK_EQ(mutex_trylock(m), PL_EINVAL);
    CHECK_EQ(mutex_timedlock(m, 5), PL_EINVAL);
    CHECK_EQ(mutex_unlock(m), PL_EINVAL);
    CHECK_EQ(mutex_consistent(m), PL_EINVAL);
    CHECK_EQ(mutex_destroy(m), PL_EINVAL);
    CHECK_EQ(m->word, 0); /* nothing was written into it */
    CHECK_EQ(mutex_init(m), PL_OK);
    CHECK_EQ(mutex_lock(m), PL_OK);
    CHECK_EQ(mutex_destroy(m), PL_ESTATE);
    CHECK_EQ(mutex_unlock(m), PL_OK);
    CHECK_EQ(mutex_destroy(m), PL_OK);
    CHECK_EQ(mutex_lock(m), PL_EINVAL);
    CHECK_EQ(mutex_unlock(m), PL_EINVAL);
    CHECK_EQ(mutex_destroy(m), PL_EINVAL);
}

/* ---- Mutexes: robust ---- */

static void *locks_and_dies(void *arg)
{
    int r = mutex_lock(arg);
    fake_task_die(sync_self());
    return (void *)(intptr_t)r;
}

TEST(owner_death_gives_eownerdead_and_consistent_makes_it_usable)
{
    struct mutex *m = new_mutex();
    CHECK_EQ(join(spawn(locks_and_dies, m)), PL_OK);
    CHECK_EQ(mutex_trylock(m), PL_EAGAIN); /* trylock cannot tell a dead owner */
    CHECK_EQ(mutex_lock(m), PL_EOWNERDEAD);
    CHECK_EQ(m->word, sync_self() | FUTEX_OWNER_DIED);
    CHECK_EQ(join(spawn(tries_to_unlock, m)), PL_EPERM);
    CHECK_EQ(mutex_consistent(m), PL_OK);
    CHECK_EQ(mutex_consistent(m), PL_EINVAL); /* not inconsistent any more */
    CHECK_EQ(mutex_unlock(m), PL_OK);
    CHECK_EQ(m->word, 0);
    CHECK_EQ(mutex_lock(m), PL_OK);
    CHECK_EQ(mutex_unlock(m), PL_OK);
    CHECK_EQ(join(spawn(locks_long, m)), PL_OK);
}

TEST(unlock_without_consistent_makes_every_later_lock_enotrecoverable)
{
    struct mutex *m = new_mutex();
    CHECK_EQ(join(spawn(locks_and_dies, m)), PL_OK);
    CHECK_EQ(mutex_timedlock(m, LONG), PL_EOWNERDEAD);
    CHECK_EQ(mutex_unlock(m), PL_OK);
    CHECK_EQ(m->state, SYNC_MUTEX_NOTRECOVERABLE);
    CHECK_EQ(mutex_lock(m), PL_ENOTRECOVERABLE);
    CHECK_EQ(mutex_trylock(m), PL_ENOTRECOVERABLE);
    CHECK_EQ(mutex_timedlock(m, 5), PL_ENOTRECOVERABLE);
    CHECK_EQ(join(spawn(locks_long, m)), PL_ENOTRECOVERABLE);
    CHECK_EQ(m->word, 0); /* every failed lock gave the word back */
    CHECK_EQ(mutex_init(m), PL_OK);
    CHECK_EQ(mutex_lock(m), PL_OK);
}

TEST(consistent_by_a_task_that_does_not_hold_it_is_eperm)
{
    struct mutex *m = new_mutex();
    CHECK_EQ(join(spawn(locks_and_dies, m)), PL_OK);
    CHECK_EQ(mutex_consistent(m), PL_EPERM);
    CHECK_EQ(mutex_lock(m), PL_EOWNERDEAD);
    CHECK_EQ(mutex_consistent(m), PL_OK);
    CHECK_EQ(mutex_unlock(m), PL_OK);
}

TEST(a_locker_blocked_when_the_owner_dies_gets_eownerdead)
{
    struct mutex *m = new_mutex();
    fake_task_set(0x201u);
    CHECK_EQ(mutex_lock(m), PL_OK);
    pthread_t t = spawn(locks_long, m); /* consistent + unlock on EOWNERDEAD */
    wait_queued(1);
    fake_task_die(0x201u); /* this thread lives on as another task */
    fake_task_set(0x202u);
    CHECK_EQ(join(t), PL_EOWNERDEAD);
    CHECK_EQ(m->word, 0);
    CHECK_EQ(mutex_lock(m), PL_OK);
}

TEST(lockers_blocked_when_the_mutex_becomes_not_recoverable_all_get_enotrecoverable)
{
    enum {
        THREADS = 3
    };
    struct mutex *m = new_mutex();
    CHECK_EQ(join(spawn(locks_and_dies, m)), PL_OK);
    CHECK_EQ(mutex_lock(m), PL_EOWNERDEAD);
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        t[i] = spawn(locks_long, m);
    }
    wait_queued(THREADS);
    CHECK_EQ(mutex_unlock(m), PL_OK); /* without mutex_consistent */
    for (int i = 0; i < THREADS; i++) {
        CHECK_EQ(join(t[i]), PL_ENOTRECOVERABLE);
    }
}

/* ---- Mutexes: mutual exclusion ---- */

enum {
    COUNTERS = 4,
    INCREMENTS = 20000
};

static struct counted {
    struct mutex m;
    uint32_t count; /* plain: only the mutex protects it */
    uint32_t inside;
    uint32_t overlaps;
} * cnt;

static void *increments(void *arg)
{
    (void)arg;
    for (int i = 0; i < INCREMENTS; i++) {
        int r = mutex_timedlock(&cnt->m, LONG);
        if (r != PL_OK) {
            return (void *)(intptr_t)r;
        }
        if (__atomic_fetch_add(&cnt->inside, 1u, __ATOMIC_RELAXED) != 0u) {
            __atomic_fetch_add(&cnt->overlaps, 1u, __ATOMIC_RELAXED);
        }
        cnt->count++;
        __atomic_fetch_sub(&cnt->inside, 1u, __ATOMIC_RELAXED);
        r = mutex_unlock(&cnt->m);
        if (r != PL_OK) {
            return (void *)(intptr_t)r;
        }
    }
    return NULL;
}

TEST(a_mutex_lets_one_task_in_at_a_time)
{
    cnt = shared(sizeof(*cnt));
    CHECK_EQ(mutex_init(&cnt->m), PL_OK);
    pthread_t t[COUNTERS];
    for (int i = 0; i < COUNTERS; i++) {
        t[i] = spawn(increments, NULL);
    }
    for (int i = 0; i < COUNTERS; i++) {
        CHECK_EQ(join(t[i]), PL_OK);
    }
    CHECK_EQ(cnt->overlaps, 0);
    CHECK_EQ(cnt->count, COUNTERS * INCREMENTS);
    CHECK_EQ(cnt->m.word, 0);
}

/* ---- Condition variables ---- */

struct waiting {
    struct cond c;
    struct mutex m, other;
    uint32_t go;    /* the predicate, under m */
    uint32_t woken; /* waiters that saw go, under m */
    uint32_t stop;  /* a player failed: the other stops too (under m) */
};

static struct waiting *wt;

static struct waiting *new_waiting(void)
{
    wt = shared(sizeof(*wt));
    CHECK_EQ(cond_init(&wt->c), PL_OK);
    CHECK_EQ(mutex_init(&wt->m), PL_OK);
    CHECK_EQ(mutex_init(&wt->other), PL_OK);
    return wt;
}

/* Wait on wt->c under wt->m until go; the last cond_wait result, and m is given back. */
static void *waits_for_go(void *arg)
{
    (void)arg;
    int r = mutex_lock(&wt->m);
    while (r == PL_OK && !wt->go) {
        r = cond_timedwait(&wt->c, &wt->m, LONG);
    }
    if (r == PL_OK) {
        wt->woken++;
    }
    if (r == PL_OK || r == PL_EINVAL || r == PL_ETIMEDOUT) {
        mutex_unlock(&wt->m); /* cond_wait returns holding m, whatever it returns */
    }
    return (void *)(intptr_t)r;
}

TEST(cond_wait_without_holding_the_mutex_is_eperm)
{
    struct waiting *w = new_waiting();
    CHECK_EQ(cond_wait(&w->c, &w->m), PL_EPERM);
    CHECK_EQ(mutex_lock(&w->m), PL_OK);
    CHECK_EQ(cond_wait(&w->c, &w->other), PL_EPERM);
    CHECK_EQ(w->c.waiters, 0);
}

TEST(signal_wakes_a_waiter_that_holds_the_mutex_again_on_return)
{
    struct waiting *w = new_waiting();
    pthread_t t = spawn(waits_for_go, NULL);
    wait_queued(1);
    CHECK_EQ(mutex_lock(&w->m), PL_OK);
    w->go = 1;
    CHECK_EQ(cond_signal(&w->c), PL_OK);
    CHECK_EQ(mutex_unlock(&w->m), PL_OK);
    CHECK_EQ(join(t), PL_OK);
    CHECK_EQ(w->woken, 1);
    CHECK_EQ(w->c.waiters, 0);
}

TEST(signal_and_broadcast_without_waiters_make_no_server_call)
{
    struct waiting *w = new_waiting();
    CHECK_EQ(cond_signal(&w->c), PL_OK);
    CHECK_EQ(cond_broadcast(&w->c), PL_OK);
    CHECK_EQ(fake_futex_total(), 0);
}

TEST(broadcast_wakes_every_waiter)
{
    enum {
        THREADS = 5
    };
    struct waiting *w = new_waiting();
    pthread_t t[THREADS];
    for (int i = 0; i < THREADS; i++) {
        t[i] = spawn(waits_for_go, NULL);
    }
    wait_queued(THREADS);
    CHECK_EQ(mutex_lock(&w->m), PL_OK);
    w->go = 1;
    CHECK_EQ(cond_broadcast(&w->c), PL_OK);
    CHECK_EQ(mutex_unlock(&w->m), PL_OK);
    for (int i = 0; i < THREADS; i++) {
        CHECK_EQ(join(t[i]), PL_OK);
    }
    CHECK_EQ(w->woken, THREADS);
}

TEST(timedwait_times_out_holding_the_mutex_again)
{
    struct waiting *w = new_waiting();
    CHECK_EQ(mutex_lock(&w->m), PL_OK);
    CHECK_EQ(cond_timedwait(&w->c, &w->m, 20), PL_ETIMEDOUT);
    CHECK_EQ(w->m.word, sync_self());
    CHECK_EQ(cond_timedwait(&w->c, &w->m, 0), PL_ETIMEDOUT);
    CHECK_EQ(w->m.word, sync_self());
    CHECK_EQ(w->c.waiters, 0);
    CHECK_EQ(mutex_unlock(&w->m), PL_OK);
}

TEST(a_second_mutex_while_a_task_waits_with_the_first_is_einval)
{
    struct waiting *w = new_waiting();
    pthread_t t = spawn(waits_for_go, NULL); /* waits with m */
    wait_queued(1);
    CHECK_EQ(mutex_lock(&w->other), PL_OK);
    CHECK_EQ(cond_timedwait(&w->c, &w->other, 5), PL_EINVAL);
    CHECK_EQ(w->other.word, sync_self()); /* refused before letting go of it */
    CHECK_EQ(mutex_lock(&w->m), PL_OK);
    w->go = 1;
    CHECK_EQ(cond_broadcast(&w->c), PL_OK);
    CHECK_EQ(mutex_unlock(&w->m), PL_OK);
    CHECK_EQ(join(t), PL_OK);
    /* Nobody waits now: the other mutex may have it. */
    CHECK_EQ(cond_timedwait(&w->c, &w->other, 5), PL_ETIMEDOUT);
    CHECK_EQ(mutex_unlock(&w->other), PL_OK);
}

static void *locks_signals_and_dies(void *arg)
{
    (void)arg;
    int r = mutex_lock(&wt->m);
    wt->go = 1;
    cond_signal(&wt->c);
    fake_task_die(sync_self()); /* dies holding m */
    return (void *)(intptr_t)r;
}

TEST(cond_wait_returns_the_relocks_eownerdead)
{
    struct waiting *w = new_waiting();
    CHECK_EQ(mutex_lock(&w->m), PL_OK);
    pthread_t t = spawn(locks_signals_and_dies, NULL);
    int r = cond_timedwait(&w->c, &w->m, LONG);
    CHECK_EQ(r, PL_EOWNERDEAD);
    CHECK_EQ(join(t), PL_OK);
    CHECK_EQ(w->m.word, sync_self() | FUTEX_OWNER_DIED);
    CHECK_EQ(mutex_consistent(&w->m), PL_OK);
    CHECK_EQ(mutex_unlock(&w->m), PL_OK);
}

TEST(never_initialised_or_destroyed_conds_are_einval_a_waiter_wakes_with_it)
{
    struct waiting *w = new_waiting();
    pthread_t t = spawn(waits_for_go, NULL);
    wait_queued(1);
    CHECK_EQ(cond_destroy(&w->c), PL_OK);
    CHECK_EQ(join(t), PL_EINVAL); /* and it gave m back: */
    CHECK_EQ(w->m.word, 0);
    CHECK_EQ(cond_signal(&w->c), PL_EINVAL);
    CHECK_EQ(cond_broadcast(&w->c), PL_EINVAL);
    CHECK_EQ(cond_destroy(&w->c), PL_EINVAL);
    CHECK_EQ(mutex_lock(&w->m), PL_OK);
    CHECK_EQ(cond_wait(&w->c, &w->m), PL_EINVAL);
    CHECK_EQ(cond_wait(&w->c, (struct mutex *)&w->go), PL_EINVAL); /* no mutex there */
    CHECK_EQ(mutex_unlock(&w->m), PL_OK);
}

/* ---- Condition variables: a ping-pong a lost wake-up would stop ---- */

enum {
    PINGS = 3000
};

static void *plays(void *arg)
{
    uint32_t me = (uint32_t)(intptr_t)arg;
    for (int i = 0; i < PINGS; i++) {
        int r = mutex_lock(&wt->m);
        while (r == PL_OK && wt->go % 2u != me && !wt->stop) {
            r = cond_timedwait(&wt->c, &wt->m, LONG);
        }
        if (r == PL_OK && wt->stop) {
            r = PL_ESTATE; /* the other one failed */
        }
        if (r != PL_OK) {
            wt->stop = 1; /* so that the other one stops too, instead of waiting for ever */
            cond_broadcast(&wt->c);
            mutex_unlock(&wt->m); /* held again, as after every cond_timedwait */
            return (void *)(intptr_t)r;
        }
        wt->go++;
        cond_signal(&wt->c);
        mutex_unlock(&wt->m);
    }
    return NULL;
}

TEST(two_tasks_take_turns_through_a_condition_variable)
{
    struct waiting *w = new_waiting();
    pthread_t a = spawn(plays, (void *)0);
    pthread_t b = spawn(plays, (void *)1);
    CHECK_EQ(join(a), PL_OK);
    CHECK_EQ(join(b), PL_OK);
    CHECK_EQ(w->go, 2 * PINGS);
}

/* ---- Named semaphores ---- */

TEST(sem_open_creates_opens_and_unlinks_by_name)
{
    sem_t *a, *b;
    uint32_t v;
    CHECK_EQ(sem_open("jobs", 0, 0, 0, &a), PL_ENOENT);
    CHECK_EQ(sem_open("jobs", O_CREAT | O_EXCL, 0xf, 2, &a), PL_OK);
    CHECK_EQ(sem_open("/jobs", O_CREAT | O_EXCL, 0xf, 2, &b), PL_EEXIST);
    CHECK_EQ(sem_open("/jobs", O_CREAT, 0xf, 7, &b), PL_OK); /* exists: 7 is not used */
    CHECK_EQ(sem_getvalue(b, &v), PL_OK);
    CHECK_EQ(v, 2);
    CHECK_EQ(sem_wait(a), PL_OK);
    CHECK_EQ(sem_getvalue(b, &v), PL_OK);
    CHECK_EQ(v, 1);
    CHECK_EQ(sem_destroy(a), PL_EINVAL); /* a named one is closed, not destroyed */
    CHECK_EQ(sem_unlink("jobs"), PL_OK);
    CHECK_EQ(sem_unlink("jobs"), PL_ENOENT);
    CHECK_EQ(sem_post(a), PL_OK); /* still usable until closed */
    CHECK_EQ(sem_close(b), PL_OK);
    CHECK_EQ(sem_close(a), PL_OK); /* one sem_close per sem_open, even at one address */
    CHECK_EQ(sem_close(a), PL_EINVAL);
    CHECK_EQ(sem_open("jobs", 0, 0, 0, &a), PL_ENOENT);
}

TEST(sem_open_refuses_bad_names_values_and_flags)
{
    sem_t *s;
    char longest[SEM_NAME_MAX + 2u];
    memset(longest, 'n', sizeof(longest));
    longest[SEM_NAME_MAX + 1u] = '\0';
    CHECK_EQ(sem_open("", O_CREAT, 0xf, 0, &s), PL_EINVAL);
    CHECK_EQ(sem_open("/", O_CREAT, 0xf, 0, &s), PL_EINVAL);
    CHECK_EQ(sem_open("a/b", O_CREAT, 0xf, 0, &s), PL_EINVAL);
    CHECK_EQ(sem_open(longest, O_CREAT, 0xf, 0, &s), PL_ENAMETOOLONG);
    CHECK_EQ(sem_unlink(longest), PL_ENAMETOOLONG);
    longest[SEM_NAME_MAX] = '\0';
    CHECK_EQ(sem_open(longest, O_CREAT, 0xf, 0, &s), PL_OK);
    CHECK_EQ(sem_close(s), PL_OK);
    CHECK_EQ(sem_open("v", O_CREAT, 0xf, SEM_VALUE_MAX + 1u, &s), PL_EINVAL);
    CHECK_EQ(sem_open("v", O_CREAT | O_TRUNC, 0xf, 0, &s), PL_EINVAL);
}

TEST(sem_open_past_the_tasks_table_is_efull)
{
    sem_t *s[SEM_OPEN_MAX + 1u];
    for (uint32_t i = 0; i < SEM_OPEN_MAX; i++) {
        CHECK_EQ(sem_open("many", O_CREAT, 0xf, 0, &s[i]), PL_OK);
    }
    CHECK_EQ(sem_open("many", O_CREAT, 0xf, 0, &s[SEM_OPEN_MAX]), PL_EFULL);
    CHECK_EQ(sem_close(s[0]), PL_OK);
    CHECK_EQ(sem_open("many", 0, 0, 0, &s[0]), PL_OK);
}

enum {
    OPENERS = 6
};

static void *opens_and_takes(void *arg)
{
    (void)arg;
    sem_t *s;
    int r = sem_open("race", O_CREAT, 0xf, OPENERS, &s);
    if (r == PL_OK) {
        r = sem_trywait(s); /* every opener finds a count to take: none saw 0 */
        int c = sem_close(s);
        r = r != PL_OK ? r : c;
    }
    return (void *)(intptr_t)r;
}

TEST(concurrent_openers_never_see_a_half_initialised_semaphore)
{
    for (int round = 0; round < 20; round++) {
        pthread_t t[OPENERS];
        for (int i = 0; i < OPENERS; i++) {
            t[i] = spawn(opens_and_takes, NULL);
        }
        for (int i = 0; i < OPENERS; i++) {
            CHECK_EQ(join(t[i]), PL_OK);
        }
        sem_t *s;
        uint32_t v = 99;
        CHECK_EQ(sem_open("race", 0, 0, 0, &s), PL_OK);
        CHECK_EQ(sem_getvalue(s, &v), PL_OK);
        CHECK_EQ(v, 0); /* initialised once: a second set-up would have put the count back */
        CHECK_EQ(sem_close(s), PL_OK);
        CHECK_EQ(sem_unlink("race"), PL_OK);
    }
}

/* An object "sem.<name>" whose set-up lock a task that died holds (it died setting up). */
static sem_t *half_made(const char *object)
{
    void *addr = NULL;
    int h = shm_open(object, O_CREAT | O_RDWR, 0xf);
    CHECK(h >= 0);
    CHECK_EQ(shm_ftruncate(h, sizeof(sem_t)), PL_OK);
    CHECK_EQ(shm_mmap(h, 0, sizeof(sem_t), PL_SHM_READ | PL_SHM_WRITE, &addr), PL_OK);
    sem_t *s = addr;
    s->setup = 0x3ffu;
    s->value = 12345; /* what it had written before dying */
    fake_task_die(0x3ffu);
    return s;
}

TEST(a_creator_that_died_setting_up_is_replaced_by_the_next_creating_opener)
{
    sem_t *s;
    uint32_t v;
    half_made("sem.orphan");
    CHECK_EQ(sem_open("orphan", 0, 0, 0, &s), PL_ENOENT);
    CHECK_EQ(sem_open("orphan", O_CREAT, 0xf, 3, &s), PL_OK);
    CHECK_EQ(sem_getvalue(s, &v), PL_OK);
    CHECK_EQ(v, 3);
    CHECK_EQ(s->setup, 0); /* the set-up lock was given back, its owner's death forgotten */
    CHECK_EQ(sem_open("orphan", 0, 0, 0, &s), PL_OK);
}

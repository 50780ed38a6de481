/*
 * servers/shm/sync.c - semaphores, mutexes and condition variables in shared memory
 * (sync.h): the portable algorithms. The only calls out are the futexes of the shm server
 * (futex.h) to block and wake, shm_client.h for named semaphores, and sync_self().
 *
 * Semaphore (the design of musl's, described in docs/ipc-catalogue.md): `value` holds the
 * count and a SLEEPERS bit, `waiters` the tasks inside a blocking wait. A wait takes one with
 * a CAS while the count is above 0; otherwise it counts itself in `waiters`, sets SLEEPERS and
 * sleeps on the word while it reads exactly SLEEPERS (count 0). A post adds one with a CAS and
 * calls the server only if SLEEPERS was set: it keeps the bit and wakes one sleeper while more
 * than one task waits, else clears it and wakes all (a sleeper that came in unseen is woken
 * too, and sets the bit again if it must sleep on). Nobody sleeps on a word without SLEEPERS,
 * so no wake-up is lost.
 *
 * Mutex: `word` is the futex word the server reads (owner id | WAITERS | OWNER_DIED). Lock is
 * one CAS 0 -> self, unlock one CAS self -> 0; every other case is the server's
 * (futex_lock, futex_unlock). Whatever way a lock was taken, the mutex's magic and state are
 * read again afterwards: a lock that lands in a destroyed or not-recoverable mutex gives it
 * back at once and reports so.
 *
 * Condition variable: waiters read `seq` while holding the mutex, release it and sleep while
 * `seq` still reads the same; signal and broadcast bump `seq` first, so a signal between the
 * read and the sleep makes the sleep return at once.
 *
 * Destroy leaves every object so that a task inside an operation on it notices: a semaphore's
 * value becomes SYNC_SEM_DESTROYED (no CAS of a live value can succeed on it, and it is not
 * what a sleeper sleeps on), a condition variable's seq moves; both wake every sleeper.
 */
#include <fcntl.h>
#include <stddef.h>
#include <string.h>

#include <parley.h> /* PL_WAIT_FOREVER, PL_SHM_*: constants only */

#include "futex.h"
#include "pl_order.h" /* the arch's memory orders: no DMB on one core */
#include "shm_client.h"
#include "sync.h"

#define WAKE_ALL   UINT32_MAX
#define WAIT_NEVER 0u /* a timeout of 0: do not block (futex_wait refuses it) */
#define OWNER_MASK (~(FUTEX_WAITERS | FUTEX_OWNER_DIED))

/* The task-local table of named semaphores (target: the task's .bss; the host test makes it
 * thread-local, each thread being a task). */
#ifndef SYNC_TASK_LOCAL
#define SYNC_TASK_LOCAL
#endif

/* The helpers of the fast paths are always inlined: -Os would otherwise call them, which
 * costs more than they do. */
#define FAST static inline __attribute__((always_inline))

/* The orders are the arch's (pl_order.h): on Cortex-M, one core, they cost no instruction;
 * on the host, where the tests run tasks as threads, they are C11's. A magic word is read
 * relaxed: it only says whether to go on. A compare-and-swap is one strong CAS (LDREX,
 * compare, STREX, again only if the exclusive store was interrupted): _acquire for taking a
 * lock or a count, _release for giving it back, _seq both ways. */

FAST volatile uint32_t *futex_word(uint32_t *p)
{
    return (volatile uint32_t *)p;
}

/* ---- Semaphores ---- */

FAST int sem_usable(const sem_t *sem)
{
    uint32_t magic = pl_load_relaxed(&sem->magic);
    return magic == SYNC_SEM_UNNAMED || magic == SYNC_SEM_NAMED;
}

static void sem_setup(sem_t *sem, uint32_t value, enum sync_magic magic)
{
    pl_store_relaxed(&sem->value, value);
    pl_store_relaxed(&sem->waiters, 0u);
    pl_store_release(&sem->magic, (uint32_t)magic); /* published last */
}

int sem_init(sem_t *sem, int pshared, uint32_t value)
{
    (void)pshared;
    if (value > SEM_VALUE_MAX) {
        return PL_EINVAL;
    }
    sem_setup(sem, value, SYNC_SEM_UNNAMED);
    return PL_OK;
}

static void sem_retire(sem_t *sem)
{
    pl_store_seq(&sem->magic, 0u);
    pl_store_seq(&sem->value, SYNC_SEM_DESTROYED);
    (void)futex_wake(futex_word(&sem->value), WAKE_ALL);
}

int sem_destroy(sem_t *sem)
{
    if (pl_load_acquire(&sem->magic) != SYNC_SEM_UNNAMED) {
        return PL_EINVAL;
    }
    sem_retire(sem);
    return PL_OK;
}

/* Take one if the count is above 0: PL_OK, PL_EAGAIN (count 0) or PL_EINVAL. The value is
 * read before the magic, so a value read before a destroy is not the one a CAS after it
 * meets. */
FAST int sem_take(sem_t *sem)
{
    for (;;) {
        uint32_t v = pl_load_acquire(&sem->value);
        if (!sem_usable(sem)) {
            return PL_EINVAL;
        }
        if ((v & SYNC_SEM_COUNT) == 0) {
            return PL_EAGAIN;
        }
        if (pl_cas_acquire(&sem->value, v, v - 1u)) {
            return PL_OK;
        }
    }
}

/* Sleep while the count is 0: PL_OK to try again, or the futex's PL_ETIMEDOUT / PL_EINVAL. */
static int sem_sleep(sem_t *sem, uint32_t timeout)
{
    uint32_t v = pl_load_acquire(&sem->value);
    if (v != 0u && v != SYNC_SEM_SLEEPERS) {
        return PL_OK; /* a count, or destroyed: sem_take will tell */
    }
    if (v == 0u && !pl_cas_seq(&sem->value, 0u, SYNC_SEM_SLEEPERS)) {
        return PL_OK;
    }
    int r = futex_wait(futex_word(&sem->value), SYNC_SEM_SLEEPERS, timeout);
    return r == PL_EAGAIN ? PL_OK : r;
}

static int sem_block(sem_t *sem, uint32_t timeout)
{
    (void)pl_fetch_add_seq(&sem->waiters, 1u);
    int r;
    for (;;) {
        r = sem_take(sem);
        if (r != PL_EAGAIN) {
            break;
        }
        r = sem_sleep(sem, timeout);
        if (r == PL_EDEAD) {
            return r; /* the server restarted: the page is gone, touch nothing more of it */
        }
        if (r == PL_ETIMEDOUT) {
            r = sem_take(sem) == PL_OK ? PL_OK : PL_ETIMEDOUT;
            break;
        }
        if (r != PL_OK) {
            break;
        }
    }
    (void)pl_fetch_sub_seq(&sem->waiters, 1u);
    return r;
}

int sem_timedwait(sem_t *sem, uint32_t timeout)
{
    int r = sem_take(sem);
    if (r != PL_EAGAIN) {
        return r;
    }
    if (timeout == WAIT_NEVER) {
        return PL_ETIMEDOUT;
    }
    return sem_block(sem, timeout);
}

int sem_wait(sem_t *sem)
{
    return sem_timedwait(sem, PL_WAIT_FOREVER);
}

int sem_trywait(sem_t *sem)
{
    return sem_take(sem);
}

int sem_post(sem_t *sem)
{
    uint32_t v, next, waiters;
    do {
        v = pl_load_acquire(&sem->value);
        if (!sem_usable(sem)) {
            return PL_EINVAL;
        }
        if ((v & SYNC_SEM_COUNT) >= SEM_VALUE_MAX) {
            return PL_EOVERFLOW;
        }
        next = (v & SYNC_SEM_COUNT) + 1u;
        waiters = 0;
        if (v & SYNC_SEM_SLEEPERS) {
            waiters = pl_load_acquire(&sem->waiters);
            next |= waiters > 1u ? SYNC_SEM_SLEEPERS : 0u;
        }
    } while (!pl_cas_release(&sem->value, v, next));
    if (v & SYNC_SEM_SLEEPERS) {
        (void)futex_wake(futex_word(&sem->value), waiters > 1u ? 1u : WAKE_ALL);
    }
    return PL_OK;
}

int sem_getvalue(sem_t *sem, uint32_t *value_out)
{
    uint32_t v = pl_load_acquire(&sem->value);
    if (!sem_usable(sem)) {
        return PL_EINVAL;
    }
    *value_out = v & SYNC_SEM_COUNT;
    return PL_OK;
}

/* ---- Mutexes ---- */

/* `ceiling`: the ceiling + 1, 0 for none; published with the magic word, last. */
static int mutex_setup(struct mutex *m, uint32_t ceiling)
{
    pl_store_relaxed(&m->word, 0u);
    pl_store_relaxed(&m->state, (uint32_t)SYNC_MUTEX_OK);
    pl_store_relaxed(&m->spare, ceiling);
    pl_store_release(&m->magic, (uint32_t)SYNC_MUTEX);
    return PL_OK;
}

int mutex_init(struct mutex *m)
{
    return mutex_setup(m, 0u);
}

int mutex_destroy(struct mutex *m)
{
    if (pl_load_acquire(&m->magic) != SYNC_MUTEX) {
        return PL_EINVAL;
    }
    if (pl_load_acquire(&m->word) != 0u) {
        return PL_ESTATE;
    }
    pl_store_seq(&m->magic, 0u);
    return PL_OK;
}

FAST int mutex_usable(const struct mutex *m)
{
    return pl_load_relaxed(&m->magic) == SYNC_MUTEX;
}

/* Give the word back: one CAS if nobody waits and the owner did not die, else the server. */
FAST int mutex_release(struct mutex *m, uint32_t self)
{
    if (pl_cas_release(&m->word, self, 0u)) {
        return PL_OK;
    }
    return futex_unlock(futex_word(&m->word), self);
}

/* The caller has just taken the word (r: PL_OK or PL_EOWNERDEAD); give it back if the mutex
 * was destroyed or made not recoverable meanwhile. */
FAST int mutex_taken(struct mutex *m, uint32_t self, int r)
{
    if (!mutex_usable(m)) {
        (void)mutex_release(m, self);
        return PL_EINVAL;
    }
    if (pl_load_acquire(&m->state) == SYNC_MUTEX_NOTRECOVERABLE) {
        (void)mutex_release(m, self);
        return PL_ENOTRECOVERABLE;
    }
    return r;
}

/* Inlined into mutex_timedlock, so an uncontended lock of an ordinary mutex pays one call. */
FAST int mutex_timedlock_core(struct mutex *m, uint32_t timeout)
{
    if (!mutex_usable(m)) {
        return PL_EINVAL;
    }
    uint32_t self = sync_self();
    if (pl_cas_acquire(&m->word, 0u, self)) {
        return mutex_taken(m, self, PL_OK);
    }
    if ((pl_load_acquire(&m->word) & OWNER_MASK) == self) {
        return PL_EDEADLK;
    }
    if (timeout == WAIT_NEVER) {
        return PL_ETIMEDOUT;
    }
    int r = futex_lock(futex_word(&m->word), self, timeout);
    if (r != PL_OK && r != PL_EOWNERDEAD) {
        return r;
    }
    return mutex_taken(m, self, r);
}

int mutex_lock(struct mutex *m)
{
    return mutex_timedlock(m, PL_WAIT_FOREVER);
}

static int mutex_trylock_core(struct mutex *m)
{
    if (!mutex_usable(m)) {
        return PL_EINVAL;
    }
    uint32_t self = sync_self();
    if (pl_cas_acquire(&m->word, 0u, self)) {
        return mutex_taken(m, self, PL_OK);
    }
    return PL_EAGAIN;
}

FAST int mutex_unlock_core(struct mutex *m)
{
    if (!mutex_usable(m)) {
        return PL_EINVAL;
    }
    uint32_t self = sync_self();
    uint32_t w = pl_load_acquire(&m->word);
    if ((w & OWNER_MASK) != self) {
        return PL_EPERM;
    }
    if (w & FUTEX_OWNER_DIED) {
        /* Unlocked while inconsistent: nobody may use it again (POSIX robust mutexes). The
         * state is written before the word moves, so whoever gets the word next sees it. */
        pl_store_seq(&m->state, (uint32_t)SYNC_MUTEX_NOTRECOVERABLE);
    }
    return mutex_release(m, self);
}

/* ---- Priority-ceiling mutexes ----
 * A mutex made with mutex_init_ceiling raises its locker to the ceiling (pl_prio_set, within
 * what the task's description allows) before taking it and lowers it again after giving it
 * back: the immediate priority ceiling protocol. The priorities given up are kept here, per
 * task, last raised first restored: ceiling mutexes are unlocked in the reverse order of
 * their locking. */

#define CEILING_DEPTH 8u /* ceiling mutexes one task may hold at once */

static SYNC_TASK_LOCAL uint32_t ceiling_saved[CEILING_DEPTH];
static SYNC_TASK_LOCAL uint32_t ceiling_depth;

/* The mutex's ceiling + 1, or 0 for an ordinary mutex. */
FAST uint32_t ceiling_of(const struct mutex *m)
{
    return pl_load_relaxed(&m->spare);
}

static int ceiling_raise(uint32_t ceiling)
{
    if (ceiling_depth == CEILING_DEPTH) {
        return PL_EFULL;
    }
    int old = sync_prio_set(ceiling);
    if (old < 0) {
        return old; /* beyond the task's `ceiling`: PL_EPERM */
    }
    if ((uint32_t)old < ceiling) {
        (void)sync_prio_set((uint32_t)old); /* already more urgent: never lower it here */
    }
    ceiling_saved[ceiling_depth++] = (uint32_t)old;
    return PL_OK;
}

static void ceiling_restore(void)
{
    if (ceiling_depth) {
        (void)sync_prio_set(ceiling_saved[--ceiling_depth]);
    }
}

int mutex_init_ceiling(struct mutex *m, uint32_t ceiling)
{
    if (ceiling >= 32u) {
        return PL_EINVAL;
    }
    return mutex_setup(m, ceiling + 1u);
}

int mutex_timedlock(struct mutex *m, uint32_t timeout)
{
    uint32_t c = ceiling_of(m);
    if (c == 0u) {
        return mutex_timedlock_core(m, timeout);
    }
    int r = ceiling_raise(c - 1u);
    if (r != PL_OK) {
        return r;
    }
    r = mutex_timedlock_core(m, timeout);
    if (r != PL_OK && r != PL_EOWNERDEAD && r != PL_EDEAD) {
        ceiling_restore(); /* not taken: back to where it was */
    }
    return r;
}

int mutex_trylock(struct mutex *m)
{
    uint32_t c = ceiling_of(m);
    if (c == 0u) {
        return mutex_trylock_core(m);
    }
    int r = ceiling_raise(c - 1u);
    if (r != PL_OK) {
        return r;
    }
    r = mutex_trylock_core(m);
    if (r != PL_OK) {
        ceiling_restore();
    }
    return r;
}

int mutex_unlock(struct mutex *m)
{
    uint32_t c = ceiling_of(m);
    int r = mutex_unlock_core(m);
    if (r == PL_OK && c != 0u) {
        ceiling_restore();
    }
    return r;
}

int mutex_consistent(struct mutex *m)
{
    if (!mutex_usable(m)) {
        return PL_EINVAL;
    }
    uint32_t w = pl_load_acquire(&m->word);
    if ((w & OWNER_MASK) != sync_self()) {
        return PL_EPERM;
    }
    if (!(w & FUTEX_OWNER_DIED)) {
        return PL_EINVAL;
    }
    /* An atomic AND: the server may set WAITERS at the same time. */
    (void)pl_fetch_and_seq(&m->word, ~FUTEX_OWNER_DIED);
    return PL_OK;
}

/* ---- Condition variables ---- */

int cond_init(struct cond *c)
{
    pl_store_relaxed(&c->seq, 0u);
    pl_store_relaxed(&c->waiters, 0u);
    __atomic_store_n(&c->mutex, (uintptr_t)0, __ATOMIC_RELAXED); /* published by the magic */
    pl_store_release(&c->magic, (uint32_t)SYNC_COND);
    return PL_OK;
}

static int cond_usable(const struct cond *c)
{
    return pl_load_acquire(&c->magic) == SYNC_COND;
}

int cond_destroy(struct cond *c)
{
    if (!cond_usable(c)) {
        return PL_EINVAL;
    }
    pl_store_seq(&c->magic, 0u);
    (void)pl_fetch_add_seq(&c->seq, 1u);
    (void)futex_wake(futex_word(&c->seq), WAKE_ALL);
    return PL_OK;
}

/* Count the caller in and bind m. Waiters with the right mutex do this while holding it, so
 * they are serialised; the first one in binds its mutex, the others must name the same. */
static int cond_enter(struct cond *c, struct mutex *m)
{
    uint32_t before = pl_fetch_add_seq(&c->waiters, 1u);
    if (before == 0u) {
        pl_store_seq_uptr(&c->mutex, (uintptr_t)m);
    } else if (pl_load_seq_uptr(&c->mutex) != (uintptr_t)m) {
        (void)pl_fetch_sub_seq(&c->waiters, 1u);
        return PL_EINVAL;
    }
    return PL_OK;
}

static int cond_check(struct cond *c, struct mutex *m)
{
    if (!cond_usable(c) || !mutex_usable(m)) {
        return PL_EINVAL;
    }
    if ((pl_load_acquire(&m->word) & OWNER_MASK) != sync_self()) {
        return PL_EPERM;
    }
    return cond_enter(c, m);
}

int cond_timedwait(struct cond *c, struct mutex *m, uint32_t timeout)
{
    int r = cond_check(c, m);
    if (r != PL_OK) {
        return r;
    }
    uint32_t seq = pl_load_seq(&c->seq);
    r = mutex_unlock(m);
    if (r != PL_OK) { /* still held: the server refused the word */
        (void)pl_fetch_sub_seq(&c->waiters, 1u);
        return r;
    }
    r = timeout == WAIT_NEVER ? PL_ETIMEDOUT : futex_wait(futex_word(&c->seq), seq, timeout);
    if (r == PL_EDEAD) {
        return r; /* the server restarted: the page is gone (m with it), touch nothing */
    }
    (void)pl_fetch_sub_seq(&c->waiters, 1u);
    int relock = mutex_lock(m);
    if (relock != PL_OK) {
        return relock;
    }
    if (!cond_usable(c)) {
        return PL_EINVAL;
    }
    return r == PL_EAGAIN ? PL_OK : r;
}

int cond_wait(struct cond *c, struct mutex *m)
{
    return cond_timedwait(c, m, PL_WAIT_FOREVER);
}

static int cond_wake(struct cond *c, uint32_t count)
{
    if (!cond_usable(c)) {
        return PL_EINVAL;
    }
    (void)pl_fetch_add_seq(&c->seq, 1u);
    if (pl_load_seq(&c->waiters) != 0u) {
        (void)futex_wake(futex_word(&c->seq), count);
    }
    return PL_OK;
}

int cond_signal(struct cond *c)
{
    return cond_wake(c, 1u);
}

int cond_broadcast(struct cond *c)
{
    return cond_wake(c, WAKE_ALL);
}

/* ---- Named semaphores ---- */

struct sem_opened {
    sem_t *sem; /* NULL: free */
    int handle; /* the shm object's */
};

static SYNC_TASK_LOCAL struct sem_opened opened[SEM_OPEN_MAX];

_Static_assert(SEM_NAME_MAX + 4u == SHM_NAME_MAX,
               "\"sem.\" and the longest name are the longest object name the server keeps");

/* "sem.<name>" into out (SEM_NAME_MAX + 5 bytes). */
static int sem_object_name(const char *name, char *out)
{
    if (name[0] == '/') {
        name++;
    }
    size_t len = strlen(name);
    if (len == 0 || strchr(name, '/') != NULL) {
        return PL_EINVAL;
    }
    if (len > SEM_NAME_MAX) {
        return PL_ENAMETOOLONG;
    }
    memcpy(out, "sem.", 4);
    memcpy(out + 4, name, len + 1u);
    return PL_OK;
}

static struct sem_opened *opened_slot(const sem_t *sem)
{
    for (uint32_t i = 0; i < SEM_OPEN_MAX; i++) {
        if (opened[i].sem == sem) {
            return &opened[i];
        }
    }
    return NULL;
}

/* Under the page's set-up lock: initialise the semaphore if nobody did and we may create it.
 * A set-up lock whose holder died (PL_EOWNERDEAD) means a set-up never finished: it is done
 * again from the start. */
static int sem_setup_locked(sem_t *sem, int oflag, uint32_t value)
{
    uint32_t self = sync_self();
    int r = futex_lock(futex_word(&sem->setup), self, PL_WAIT_FOREVER);
    if (r != PL_OK && r != PL_EOWNERDEAD) {
        return r;
    }
    if (pl_load_acquire(&sem->magic) != SYNC_SEM_NAMED) {
        r = PL_ENOENT;
        if (oflag & O_CREAT) {
            sem_setup(sem, value, SYNC_SEM_NAMED);
            r = PL_OK;
        }
    } else {
        r = PL_OK;
    }
    (void)pl_fetch_and_seq(&sem->setup, ~FUTEX_OWNER_DIED);
    (void)futex_unlock(futex_word(&sem->setup), self);
    return r;
}

/* Map the object behind handle h and make sure it holds a semaphore. */
static int sem_map(int h, int oflag, uint32_t value, sem_t **out)
{
    int r = shm_ftruncate(h, sizeof(sem_t));
    if (r != PL_OK && r != PL_EINVAL) { /* PL_EINVAL: sized already */
        return r;
    }
    void *addr;
    r = shm_mmap(h, 0, sizeof(sem_t), PL_SHM_READ | PL_SHM_WRITE, &addr);
    if (r != PL_OK) {
        return r;
    }
    sem_t *sem = addr;
    r = pl_load_acquire(&sem->magic) == SYNC_SEM_NAMED ? PL_OK
                                                       : sem_setup_locked(sem, oflag, value);
    if (r != PL_OK) {
        (void)shm_munmap(addr, sizeof(sem_t));
        return r;
    }
    *out = sem;
    return PL_OK;
}

int sem_open(const char *name, int oflag, unsigned mode, uint32_t value, sem_t **out)
{
    char object[SEM_NAME_MAX + 5u];
    int r = sem_object_name(name, object);
    if (r != PL_OK) {
        return r;
    }
    if ((oflag & ~(O_CREAT | O_EXCL)) != 0 || value > SEM_VALUE_MAX) {
        return PL_EINVAL;
    }
    struct sem_opened *slot = opened_slot(NULL);
    if (slot == NULL) {
        return PL_EFULL;
    }
    int h = shm_open(object, oflag | O_RDWR, mode);
    if (h < 0) {
        return h;
    }
    r = sem_map(h, oflag, value, out);
    if (r != PL_OK) {
        (void)shm_close(h);
        return r;
    }
    *slot = (struct sem_opened){.sem = *out, .handle = h};
    return PL_OK;
}

int sem_close(sem_t *sem)
{
    struct sem_opened *slot = sem != NULL ? opened_slot(sem) : NULL;
    if (slot == NULL) {
        return PL_EINVAL;
    }
    int r = shm_munmap(sem, sizeof(sem_t));
    int c = shm_close(slot->handle);
    slot->sem = NULL;
    return r != PL_OK ? r : c;
}

int sem_unlink(const char *name)
{
    char object[SEM_NAME_MAX + 5u];
    int r = sem_object_name(name, object);
    if (r != PL_OK) {
        return r;
    }
    return shm_unlink(object);
}

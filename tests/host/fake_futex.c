/*
 * tests/host/fake_futex.c - the shm server as servers/shm/sync.c sees it, in one process:
 * futex.h's four calls with their exact rules, and shm_client.h over a small table of named
 * objects in memory. Threads stand for tasks (fake_futex.h).
 *
 * One pthread mutex, `server`, makes every call atomic with respect to every other, as the
 * server task is: a futex_wait compares the word and queues the caller under it, so no wake
 * can fall between. Each queued caller has a condition variable of its own; the queue is in
 * arrival order (the real server orders by priority; threads here have none). The words are
 * read and changed with __atomic operations, because the library changes them from its fast
 * paths without asking the server. Objects' pages are never freed: each test runs in a
 * process of its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <parley.h>

#include "fake_futex.h"
#include "futex.h"
#include "shm_client.h"
#include "sync.h"

#define OWNER_MASK  (~(FUTEX_WAITERS | FUTEX_OWNER_DIED))
#define MAX_REGIONS 32u
#define MAX_DEAD    32u
#define MAX_HANDLES 16u

enum waiter_kind {
    WAITS, /* futex_wait */
    LOCKS, /* futex_lock */
};

struct waiter {
    volatile uint32_t *word;
    enum waiter_kind kind;
    uint32_t id;
    int done;   /* woken (WAITS) or handed the word (LOCKS) */
    int result; /* LOCKS: PL_OK or PL_EOWNERDEAD */
    pthread_cond_t cv;
    struct waiter *next;
};

struct region {
    uintptr_t start, end;
};

struct object {
    char name[FAKE_SHM_NAME_MAX + 1u];
    int used, linked;
    uint32_t size;
    uint8_t *mem;
};

static pthread_mutex_t server = PTHREAD_MUTEX_INITIALIZER;
static struct waiter *queue;
static struct region regions[MAX_REGIONS];
static uint32_t region_count;
static uint32_t dead[MAX_DEAD];
static uint32_t dead_count;
static struct fake_futex_calls calls;
static struct object objects[FAKE_SHM_OBJECTS];
static int handles[MAX_HANDLES]; /* object index + 1, or 0: free */

static __thread uint32_t self_id;
static __thread uint32_t windows_used;
static uint32_t next_id = 0x101u; /* task 1, generation 1; every new thread the next index */

/* ---- Tasks ---- */

uint32_t sync_self(void)
{
    if (self_id == 0u) {
        self_id = __atomic_fetch_add(&next_id, 1u, __ATOMIC_RELAXED);
    }
    return self_id;
}

void fake_task_set(uint32_t id)
{
    self_id = id;
}

/* Each thread runs at fake_prio (its own priority until raised), and may raise itself to
 * fake_ceiling, as pl_prio_set allows. */
static __thread uint32_t fake_prio = 8u, fake_own = 8u, fake_ceiling = 8u;

void fake_prio_allow(uint32_t own, uint32_t ceiling)
{
    fake_prio = fake_own = own;
    fake_ceiling = ceiling;
}

uint32_t fake_prio_now(void)
{
    return fake_prio;
}

int sync_prio_set(uint32_t priority)
{
    if (priority >= 32u) {
        return PL_EINVAL;
    }
    if (priority > fake_own || priority < fake_ceiling) {
        return PL_EPERM;
    }
    uint32_t old = fake_prio;
    fake_prio = priority;
    return (int)old;
}

static int is_dead(uint32_t id)
{
    for (uint32_t i = 0; i < dead_count; i++) {
        if (dead[i] == id) {
            return 1;
        }
    }
    return 0;
}

/* ---- The queue ---- */

static void enqueue(struct waiter *w)
{
    struct waiter **p = &queue;
    while (*p) {
        p = &(*p)->next;
    }
    w->next = NULL;
    *p = w;
}

static void dequeue(struct waiter *w)
{
    for (struct waiter **p = &queue; *p; p = &(*p)->next) {
        if (*p == w) {
            *p = w->next;
            return;
        }
    }
}

/* The first queued locker of word after `after` (NULL: from the start). */
static struct waiter *next_locker(volatile uint32_t *word, struct waiter *after)
{
    for (struct waiter *w = after ? after->next : queue; w; w = w->next) {
        if (w->kind == LOCKS && w->word == word && !w->done) {
            return w;
        }
    }
    return NULL;
}

/* Block the caller (queued as w) until it is done or timeout ticks pass; 1 if done. */
static int block(struct waiter *w, uint32_t timeout)
{
    pthread_cond_init(&w->cv, NULL);
    enqueue(w);
    struct timespec at;
    clock_gettime(CLOCK_REALTIME, &at);
    uint64_t ns = (uint64_t)at.tv_nsec + (uint64_t)(timeout % 1000u) * 1000000u;
    at.tv_sec += (time_t)(timeout / 1000u + ns / 1000000000u);
    at.tv_nsec = (long)(ns % 1000000000u);
    int err = 0;
    while (!w->done && err != ETIMEDOUT) {
        err = timeout == PL_WAIT_FOREVER ? pthread_cond_wait(&w->cv, &server)
                                         : pthread_cond_timedwait(&w->cv, &server, &at);
    }
    dequeue(w);
    pthread_cond_destroy(&w->cv);
    return w->done;
}

/* Give word to the first locker queued on it: word := its id | died | WAITERS if more. */
static int hand_over(volatile uint32_t *word, uint32_t died, int result)
{
    struct waiter *first = next_locker(word, NULL);
    if (first == NULL) {
        return 0;
    }
    uint32_t more = next_locker(word, first) ? FUTEX_WAITERS : 0u;
    __atomic_store_n(word, first->id | died | more, __ATOMIC_SEQ_CST);
    first->done = 1;
    first->result = result;
    pthread_cond_signal(&first->cv);
    return 1;
}

void fake_task_die(uint32_t id)
{
    pthread_mutex_lock(&server);
    if (dead_count < MAX_DEAD) {
        dead[dead_count++] = id;
    }
    for (struct waiter *w = queue; w; w = w->next) {
        uint32_t v = __atomic_load_n(w->word, __ATOMIC_SEQ_CST);
        if (w->kind == LOCKS && !w->done && (v & OWNER_MASK) == id) {
            hand_over(w->word, FUTEX_OWNER_DIED, PL_EOWNERDEAD);
        }
    }
    pthread_mutex_unlock(&server);
}

/* ---- Futexes ---- */

void fake_shared(void *addr, uint32_t len)
{
    pthread_mutex_lock(&server);
    if (region_count < MAX_REGIONS) {
        regions[region_count++] = (struct region){(uintptr_t)addr, (uintptr_t)addr + len};
    }
    pthread_mutex_unlock(&server);
}

static int word_ok(volatile uint32_t *word)
{
    uintptr_t a = (uintptr_t)word;
    if (a % 4u != 0u) {
        return 0;
    }
    for (uint32_t i = 0; i < region_count; i++) {
        if (a >= regions[i].start && a + 4u <= regions[i].end) {
            return 1;
        }
    }
    return 0;
}

int futex_wait(volatile uint32_t *word, uint32_t expected, uint32_t timeout)
{
    pthread_mutex_lock(&server);
    calls.wait++;
    int r;
    if (!word_ok(word) || timeout == PL_NO_WAIT) {
        r = PL_EINVAL;
    } else if (__atomic_load_n(word, __ATOMIC_SEQ_CST) != expected) {
        r = PL_EAGAIN;
    } else {
        struct waiter w = {.word = word, .kind = WAITS, .id = sync_self()};
        r = block(&w, timeout) ? PL_OK : PL_ETIMEDOUT;
        calls.timeouts += r == PL_ETIMEDOUT;
    }
    pthread_mutex_unlock(&server);
    return r;
}

int futex_wake(volatile uint32_t *word, uint32_t count)
{
    pthread_mutex_lock(&server);
    calls.wake++;
    int n = 0;
    if (!word_ok(word)) {
        n = PL_EINVAL;
    }
    for (struct waiter *w = queue; n >= 0 && w && (uint32_t)n < count; w = w->next) {
        if (w->kind == WAITS && w->word == word && !w->done) {
            w->done = 1;
            pthread_cond_signal(&w->cv);
            n++;
        }
    }
    pthread_mutex_unlock(&server);
    return n;
}

/* One step of futex_lock under the server: PL_OK / PL_EOWNERDEAD (taken), PL_EDEADLK, or
 * PL_EAGAIN (held by a live task: the caller must queue; WAITERS is set). */
static int lock_step(volatile uint32_t *word, uint32_t self)
{
    for (;;) {
        uint32_t v = __atomic_load_n(word, __ATOMIC_SEQ_CST);
        uint32_t owner = v & OWNER_MASK;
        uint32_t want;
        int r;
        if (owner == self) {
            return PL_EDEADLK;
        } else if (owner == 0u) {
            want = self | (v & FUTEX_WAITERS);
            r = PL_OK;
        } else if (is_dead(owner)) {
            want = self | FUTEX_OWNER_DIED | (next_locker(word, NULL) ? FUTEX_WAITERS : 0u);
            r = PL_EOWNERDEAD;
        } else {
            want = v | FUTEX_WAITERS;
            r = PL_EAGAIN;
        }
        if (__atomic_compare_exchange_n(word, &v, want, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
            return r;
        }
    }
}

int futex_lock(volatile uint32_t *word, uint32_t self, uint32_t timeout)
{
    pthread_mutex_lock(&server);
    calls.lock++;
    int r = word_ok(word) ? lock_step(word, self) : PL_EINVAL;
    if (r == PL_EAGAIN) {
        struct waiter w = {.word = word, .kind = LOCKS, .id = self};
        if (block(&w, timeout)) {
            r = w.result;
        } else {
            r = PL_ETIMEDOUT;
            calls.timeouts++;
            if (next_locker(word, NULL) == NULL) {
                __atomic_fetch_and(word, ~FUTEX_WAITERS, __ATOMIC_SEQ_CST);
            }
        }
    }
    pthread_mutex_unlock(&server);
    return r;
}

int futex_unlock(volatile uint32_t *word, uint32_t self)
{
    pthread_mutex_lock(&server);
    calls.unlock++;
    int r = PL_OK;
    uint32_t v = __atomic_load_n(word, __ATOMIC_SEQ_CST);
    if (!word_ok(word)) {
        r = PL_EINVAL;
    } else if ((v & OWNER_MASK) != self) {
        r = PL_EPERM;
    } else if (!hand_over(word, v & FUTEX_OWNER_DIED, PL_OK)) {
        __atomic_store_n(word, 0u, __ATOMIC_SEQ_CST);
    }
    pthread_mutex_unlock(&server);
    return r;
}

struct fake_futex_calls fake_futex_count(void)
{
    pthread_mutex_lock(&server);
    struct fake_futex_calls c = calls;
    pthread_mutex_unlock(&server);
    return c;
}

uint32_t fake_futex_total(void)
{
    struct fake_futex_calls c = fake_futex_count();
    return c.wait + c.wake + c.lock + c.unlock;
}

uint32_t fake_futex_queued(void)
{
    pthread_mutex_lock(&server);
    uint32_t n = 0;
    for (struct waiter *w = queue; w; w = w->next) {
        n++;
    }
    pthread_mutex_unlock(&server);
    return n;
}

/* ---- Named objects ---- */

int shm_client_init(void)
{
    return PL_OK;
}

static struct object *object_of(int h)
{
    if (h < 0 || (uint32_t)h >= MAX_HANDLES || handles[h] == 0) {
        return NULL;
    }
    return &objects[handles[h] - 1];
}

/* An unlinked object no handle names any more gives its slot back (its pages stay). */
static void forget_if_unused(int i)
{
    for (uint32_t h = 0; h < MAX_HANDLES; h++) {
        if (handles[h] == i + 1) {
            return;
        }
    }
    if (!objects[i].linked) {
        objects[i].used = 0;
    }
}

static int find_object(const char *name)
{
    for (uint32_t i = 0; i < FAKE_SHM_OBJECTS; i++) {
        if (objects[i].used && objects[i].linked && strcmp(objects[i].name, name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static int new_object(const char *name)
{
    for (uint32_t i = 0; i < FAKE_SHM_OBJECTS; i++) {
        if (!objects[i].used) {
            objects[i] = (struct object){.used = 1, .linked = 1};
            strcpy(objects[i].name, name);
            return (int)i;
        }
    }
    return PL_EFULL;
}

static int open_locked(const char *name, int oflag)
{
    if (strlen(name) > FAKE_SHM_NAME_MAX) {
        return PL_ENAMETOOLONG;
    }
    int i = find_object(name);
    if (i >= 0 && (oflag & O_CREAT) && (oflag & O_EXCL)) {
        return PL_EEXIST;
    }
    if (i < 0 && !(oflag & O_CREAT)) {
        return PL_ENOENT;
    }
    if (i < 0) {
        i = new_object(name);
    }
    for (uint32_t h = 0; i >= 0 && h < MAX_HANDLES; h++) {
        if (handles[h] == 0) {
            handles[h] = i + 1;
            return (int)h;
        }
    }
    return i < 0 ? i : PL_EFULL;
}

int shm_open(const char *name, int oflag, unsigned mode)
{
    (void)mode;
    if (strlen(name) > SHM_NAME_MAX) { /* as the real client says before it asks */
        return PL_ENAMETOOLONG;
    }
    pthread_mutex_lock(&server);
    int r = open_locked(name, oflag);
    pthread_mutex_unlock(&server);
    return r;
}

int shm_ftruncate(int h, uint32_t size)
{
    pthread_mutex_lock(&server);
    struct object *o = object_of(h);
    int r = PL_OK;
    if (o == NULL || o->size != 0u || size == 0u) {
        r = PL_EINVAL;
    } else {
        o->size = (size + FAKE_SHM_PAGE - 1u) / FAKE_SHM_PAGE * FAKE_SHM_PAGE;
        o->mem = aligned_alloc(FAKE_SHM_PAGE, o->size);
        memset(o->mem, 0, o->size); /* a new object reads as zeros */
        if (region_count < MAX_REGIONS) {
            regions[region_count++] =
                (struct region){(uintptr_t)o->mem, (uintptr_t)o->mem + o->size};
        }
    }
    pthread_mutex_unlock(&server);
    return r;
}

int shm_mmap(int h, uint32_t offset, uint32_t length, int prot, void **addr)
{
    pthread_mutex_lock(&server);
    struct object *o = object_of(h);
    int r = PL_OK;
    if (o == NULL || o->size == 0u || offset % FAKE_SHM_PAGE != 0u || length == 0u ||
        offset + length > o->size || !(prot & PL_SHM_READ)) {
        r = PL_EINVAL;
    } else if (windows_used == FAKE_SHM_WINDOWS) {
        r = PL_EFULL;
    } else {
        windows_used++;
        *addr = o->mem + offset;
    }
    pthread_mutex_unlock(&server);
    return r;
}

int shm_munmap(void *addr, uint32_t length)
{
    (void)addr;
    (void)length;
    if (windows_used == 0u) {
        return PL_EINVAL;
    }
    windows_used--;
    return PL_OK;
}

int shm_close(int h)
{
    pthread_mutex_lock(&server);
    int r = object_of(h) ? PL_OK : PL_EINVAL;
    if (r == PL_OK) {
        int i = handles[h] - 1;
        handles[h] = 0;
        forget_if_unused(i);
    }
    pthread_mutex_unlock(&server);
    return r;
}

int shm_unlink(const char *name)
{
    pthread_mutex_lock(&server);
    int i = find_object(name);
    if (i >= 0) {
        objects[i].linked = 0;
        forget_if_unused(i);
    }
    pthread_mutex_unlock(&server);
    return i >= 0 ? PL_OK : PL_ENOENT;
}

/*
 * servers/shm/shm_futex.c - the futex half of the shared-memory core (shm_core.h): clients
 * blocked on a word in a pool page (plain waits and robust locks), who is woken first, the
 * hand-off of a lock word, deadlines, and the periodic check of owners and waiters that
 * died.
 *
 * The server is the only one that changes a word on behalf of a blocked client, and it does
 * so with compare-and-swap (LDREX/STREX on the target), because clients change the same word
 * with their own compare-and-swap at any moment.
 */
#include <string.h>

#include <parley/ipc.h>

#include "shm_core.h"
#include "shm_priv.h"

static volatile uint32_t *word_at(struct shm_table *t, uint32_t page, uint32_t off)
{
    return t->ops.word(t->ops.ctx, page, off);
}

static uint32_t load(volatile uint32_t *w)
{
    return __atomic_load_n((uint32_t *)(uintptr_t)w, __ATOMIC_SEQ_CST);
}

static int cas(volatile uint32_t *w, uint32_t old, uint32_t new)
{
    return __atomic_compare_exchange_n((uint32_t *)(uintptr_t)w, &old, new, 0, __ATOMIC_SEQ_CST,
                                       __ATOMIC_SEQ_CST);
}

/* The word a request names, if the caller may use it: PL_OK or PL_EINVAL (not a word of a
 * page the caller mapped). */
static int word_check(const struct shm_table *t, uint32_t badge, uint32_t page, uint32_t off)
{
    if (page >= t->pool_pages || (off & 3u) != 0 || off > t->page_size - 4u) {
        return PL_EINVAL;
    }
    return shm_maps_page(t, badge, page, PL_SHM_READ) ? PL_OK : PL_EINVAL;
}

/* A lock word the server will change for the caller: it must be able to write it itself
 * (PL_EACCES for a page it mapped read-only only). */
static int lock_word_check(const struct shm_table *t, uint32_t badge, uint32_t page, uint32_t off)
{
    int err = word_check(t, badge, page, off);
    if (err == PL_OK && !shm_maps_page(t, badge, page, PL_SHM_READ | PL_SHM_WRITE)) {
        err = PL_EACCES;
    }
    return err;
}

/* a is more urgent than b: lower priority number, then earlier arrival. */
static int before(const struct shm_wait *a, const struct shm_wait *b)
{
    if (a->prio != b->prio) {
        return a->prio < b->prio;
    }
    return (int32_t)(a->seq - b->seq) < 0;
}

/* The most urgent waiter of `kind` on the word not yet answered, or NULL. */
static struct shm_wait *first_waiter(struct shm_table *t, uint32_t kind, uint32_t page,
                                     uint32_t off)
{
    struct shm_wait *best = NULL;
    for (uint32_t i = 0; i < SHM_MAX_WAITS; i++) {
        struct shm_wait *w = &t->waits[i];
        if (w->used && !w->ready && w->kind == kind && w->page == page && w->off == off &&
            (!best || before(w, best))) {
            best = w;
        }
    }
    return best;
}

static void answer(struct shm_wait *w, int status)
{
    w->ready = 1;
    w->status = (int16_t)status;
}

static int enqueue(struct shm_table *t, uint32_t kind, uint32_t badge, uint32_t caller,
                   uint32_t client, uint32_t page, uint32_t off, uint32_t timeout)
{
    for (uint32_t i = 0; i < SHM_MAX_WAITS; i++) {
        struct shm_wait *w = &t->waits[i];
        if (!w->used) {
            *w = (struct shm_wait){.used = 1,
                                   .kind = (uint8_t)kind,
                                   .page = (uint8_t)page,
                                   .timed = timeout != SHM_NO_TIMEOUT,
                                   .off = (uint16_t)off,
                                   .badge = badge,
                                   .client = client,
                                   .task_id = caller,
                                   .prio = t->ops.priority(t->ops.ctx, caller),
                                   .seq = t->seq++,
                                   .at = t->now + timeout};
            return SHM_BLOCKED;
        }
    }
    return PL_EFULL;
}

int shm_futex_wait(struct shm_table *t, uint32_t badge, uint32_t caller, uint32_t client,
                   uint32_t page, uint32_t off, uint32_t expected, uint32_t timeout)
{
    int err = word_check(t, badge, page, off);
    if (err != PL_OK) {
        return err;
    }
    if (timeout == 0) {
        return PL_EINVAL; /* PL_NO_WAIT: a wait that cannot wait */
    }
    if (load(word_at(t, page, off)) != expected) {
        return PL_EAGAIN;
    }
    return enqueue(t, SHM_WAIT_WORD, badge, caller, client, page, off, timeout);
}

int shm_futex_wake(struct shm_table *t, uint32_t badge, uint32_t page, uint32_t off, uint32_t count)
{
    int err = word_check(t, badge, page, off);
    if (err != PL_OK) {
        return err;
    }
    uint32_t n = 0;
    struct shm_wait *w;
    while (n < count && (w = first_waiter(t, SHM_WAIT_WORD, page, off)) != NULL) {
        answer(w, PL_OK);
        n++;
    }
    return (int)n;
}

/* The word's owner is gone (or the word is free): give it to the most urgent live locker.
 * Returns 1 if it was given. */
static int hand_off(struct shm_table *t, uint32_t page, uint32_t off, uint32_t keep, int status)
{
    volatile uint32_t *word = word_at(t, page, off);
    struct shm_wait *w;
    while ((w = first_waiter(t, SHM_WAIT_LOCK, page, off)) != NULL &&
           !t->ops.alive(t->ops.ctx, w->task_id)) {
        answer(w, PL_EDEAD); /* a dead locker: its answer finds nobody, reclaimed then */
    }
    for (;;) {
        uint32_t v = load(word);
        uint32_t died = (v & SHM_FUTEX_OWNER_DIED) | keep;
        if (!w) {
            if (cas(word, v, died)) {
                return 0;
            }
            continue;
        }
        answer(w, status); /* ready: out of the search for the others */
        uint32_t more = first_waiter(t, SHM_WAIT_LOCK, page, off) ? SHM_FUTEX_WAITERS : 0u;
        if (cas(word, v, w->task_id | died | more)) {
            return 1;
        }
        w->ready = 0; /* the word moved under us: look again */
    }
}

int shm_futex_lock(struct shm_table *t, uint32_t badge, uint32_t caller, uint32_t client,
                   uint32_t page, uint32_t off, uint32_t self, uint32_t timeout)
{
    int err = lock_word_check(t, badge, page, off);
    if (err != PL_OK) {
        return err;
    }
    if (self != caller || (self & ~SHM_FUTEX_ID_MASK) != 0 || self == 0) {
        return PL_EPERM; /* nobody locks in another task's name */
    }
    volatile uint32_t *word = word_at(t, page, off);
    uint32_t queued = first_waiter(t, SHM_WAIT_LOCK, page, off) ? SHM_FUTEX_WAITERS : 0u;
    for (;;) {
        uint32_t v = load(word);
        uint32_t owner = v & SHM_FUTEX_ID_MASK;
        if (owner == 0) {
            if (cas(word, v, self | (v & SHM_FUTEX_OWNER_DIED) | queued)) {
                return PL_OK;
            }
        } else if (owner == self) {
            return PL_EDEADLK;
        } else if (!t->ops.alive(t->ops.ctx, owner)) {
            if (cas(word, v, self | SHM_FUTEX_OWNER_DIED | queued)) {
                return PL_EOWNERDEAD;
            }
        } else if (timeout == 0) {
            return PL_ETIMEDOUT;
        } else if (cas(word, v, v | SHM_FUTEX_WAITERS)) {
            return enqueue(t, SHM_WAIT_LOCK, badge, caller, client, page, off, timeout);
        }
    }
}

int shm_futex_unlock(struct shm_table *t, uint32_t badge, uint32_t caller, uint32_t page,
                     uint32_t off, uint32_t self)
{
    int err = lock_word_check(t, badge, page, off);
    if (err != PL_OK) {
        return err;
    }
    uint32_t v = load(word_at(t, page, off));
    if (self != caller || (v & SHM_FUTEX_ID_MASK) != self) {
        return PL_EPERM;
    }
    hand_off(t, page, off, 0, PL_OK);
    return PL_OK;
}

int shm_next_deadline(const struct shm_table *t, uint32_t *in)
{
    int any = 0;
    uint32_t best = SHM_POLL_TICKS;
    for (uint32_t i = 0; i < SHM_MAX_WAITS; i++) {
        const struct shm_wait *w = &t->waits[i];
        if (w->used && !w->ready) {
            any = 1;
            if (w->timed) {
                int32_t left = (int32_t)(w->at - t->now);
                uint32_t l = left > 0 ? (uint32_t)left : 0u;
                best = l < best ? l : best;
            }
        }
    }
    *in = best;
    return any;
}

/* Lock words whose owner died (or that were left free) go to their first live waiter. */
static void check_owners(struct shm_table *t)
{
    for (uint32_t i = 0; i < SHM_MAX_WAITS; i++) {
        struct shm_wait *w = &t->waits[i];
        if (!w->used || w->ready || w->kind != SHM_WAIT_LOCK) {
            continue;
        }
        uint32_t owner = load(word_at(t, w->page, w->off)) & SHM_FUTEX_ID_MASK;
        if (owner == 0) {
            hand_off(t, w->page, w->off, 0, PL_OK);
        } else if (!t->ops.alive(t->ops.ctx, owner)) {
            hand_off(t, w->page, w->off, SHM_FUTEX_OWNER_DIED, PL_EOWNERDEAD);
        }
    }
}

void shm_expire(struct shm_table *t)
{
    for (uint32_t i = 0; i < SHM_MAX_WAITS; i++) {
        struct shm_wait *w = &t->waits[i];
        if (w->used && !w->ready && w->timed && (int32_t)(w->at - t->now) <= 0) {
            answer(w, PL_ETIMEDOUT);
        }
    }
    check_owners(t);
    for (uint32_t i = 0; i < SHM_MAX_WAITS; i++) {
        struct shm_wait *w = &t->waits[i];
        if (w->used && !w->ready && !t->ops.alive(t->ops.ctx, w->task_id)) {
            shm_reclaim(t, w->badge); /* died while blocked: everything of it goes */
        }
    }
}

int shm_progress(struct shm_table *t, struct shm_wakeup *out)
{
    for (uint32_t i = 0; i < SHM_MAX_WAITS; i++) {
        struct shm_wait *w = &t->waits[i];
        if (w->used && w->ready) {
            *out = (struct shm_wakeup){w->client, w->badge, w->status};
            memset(w, 0, sizeof(*w));
            return 1;
        }
    }
    return 0;
}

uint32_t shm_waits_drop(struct shm_table *t, uint32_t badge)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < SHM_MAX_WAITS; i++) {
        if (t->waits[i].used && t->waits[i].badge == badge) {
            memset(&t->waits[i], 0, sizeof(t->waits[i]));
            n++;
        }
    }
    return n;
}

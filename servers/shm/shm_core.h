/*
 * servers/shm/shm_core.h - the shared-memory server's portable half: named objects over a
 * pool of consecutive pages (open, size, map, unmap, close, unlink), who may touch which
 * page, and the tasks blocked on futex words in those pages (wait, wake, robust lock).
 *
 * Nothing here makes a system call. The server (shm.c) turns each request into one call,
 * grants and revokes pages as shm_access() says after every change of the mappings, answers
 * at once or defers the caller, then calls shm_progress() until it reports nothing more. The
 * words themselves and the liveness and priority of tasks come through struct shm_ops, so the
 * host tests (tests/host/test_shm_core.c) give it an array and a table instead.
 *
 * Rules (docs/ipc-catalogue.md, "Shared memory"):
 *   - a handle belongs to the badge that opened it (others: PL_EBADF); handles carry the
 *     server's instance, so one from an earlier life of the server is PL_EBADF too;
 *   - an object belongs to the badge that created it; its mode says what owner and others may
 *     open it for (more: PL_EACCES); the creating open is not checked against the mode;
 *   - an object is sized once, while it has no pages, in whole pages taken as one run of
 *     consecutive pool pages (PL_EFULL when no run is long enough); writing needs SHM_O_RDWR;
 *   - a mapping is a run of the object's pages for one badge and task, read or read-write
 *     (write needs a read-write open); a task's access to a page is the most its mappings
 *     of it ask for (the kernel keeps one grant per page and task); shm_next_grant says which
 *     grants to make or end after each change;
 *   - unlink removes the name at once; the object and its pages live until its last handle
 *     is closed and its last mapping unmapped; then the pages go back to the pool;
 *   - futex calls name a word by pool page and offset; the caller must have a mapping of
 *     that page (PL_EINVAL otherwise), a read-write one for a lock or unlock (PL_EACCES); waiters
 * are woken most urgent first (lowest priority number, from shm_ops), in arrival order among
 * equals;
 *   - robust lock words hold the owner's task id (below 2^30) | SHM_FUTEX_WAITERS |
 *     SHM_FUTEX_OWNER_DIED; an owner whose shm_ops.alive() says dead loses the word to the
 *     next locker (PL_EOWNERDEAD); shm_expire() hands the words of dead owners to their
 *     waiters and reclaims dead waiters;
 *   - shm_reclaim forgets a dead client: its waits, its handles and its mappings.
 */
#ifndef SERVERS_SHM_CORE_H
#define SERVERS_SHM_CORE_H

#include <stdint.h>

#include <parley/error.h>

#include "shm.h"

#define SHM_MAX_OBJS     8u  /* objects alive at one time (named or unlinked but in use) */
#define SHM_MAX_HANDLES  16u /* open handles, all clients together; at most 256 */
#define SHM_MAX_MAPS     16u /* mappings, all clients together */
#define SHM_MAX_WAITS    16u /* clients blocked in a futex wait or lock */
#define SHM_POOL_MAX     32u /* pool pages (the kernel has at most 32 pages in all) */
#define SHM_POLL_TICKS   10u /* while anyone waits: how often owners and waiters are checked */
#define SHM_INSTANCE_MAX 0x7fffffu

#define SHM_FUTEX_WAITERS    0x80000000u
#define SHM_FUTEX_OWNER_DIED 0x40000000u
#define SHM_FUTEX_ID_MASK    0x3fffffffu

#define SHM_NO_TIMEOUT 0xffffffffu /* a futex wait or lock without a deadline */

/* What the core needs from the system. */
struct shm_ops {
    /* The word at byte `off` of pool page `page` (4-aligned, inside the page). */
    volatile uint32_t *(*word)(void *ctx, uint32_t page, uint32_t off);
    int (*alive)(void *ctx, uint32_t task_id);         /* 1: that life of the task still runs */
    uint32_t (*priority)(void *ctx, uint32_t task_id); /* 0 is the most urgent */
    void *ctx;
};

struct shm_obj {
    char name[SHM_NAME_MAX];
    uint8_t name_len;
    uint8_t used, unlinked, mode;
    uint8_t first, pages; /* pool pages [first, first + pages) */
    uint8_t opens, maps;
    uint32_t owner; /* badge */
};

struct shm_handle {
    uint8_t used, obj, rdwr;
    uint32_t badge;
};

struct shm_map {
    uint8_t used, obj, first, count, prot; /* first: pool page */
    uint8_t task;                          /* task index the pages are granted to */
    uint32_t badge;
};

enum shm_wait_kind {
    SHM_WAIT_WORD = 1,
    SHM_WAIT_LOCK = 2
};

struct shm_wait {
    uint8_t used, kind, page, timed, ready;
    uint16_t off;
    int16_t status; /* when ready: the answer */
    uint32_t badge, client, task_id, prio, seq, at;
};

struct shm_table {
    struct shm_obj objs[SHM_MAX_OBJS];
    struct shm_handle handles[SHM_MAX_HANDLES];
    struct shm_map maps[SHM_MAX_MAPS];
    struct shm_wait waits[SHM_MAX_WAITS];
    uint32_t page_used; /* bit p: pool page p belongs to an object */
    uint32_t pool_pages, page_size, instance, seq;
    uint32_t now;   /* the current tick, set by the server before calls that use deadlines */
    uint32_t dirty; /* bit i: task i's grants may be stale */
    uint32_t granted_r[32], granted_w[32]; /* per task index: pages granted */
    struct shm_ops ops;
};

/* One grant change for the server to make: access 0 is a revoke. */
struct shm_grant {
    uint32_t page, task, access;
};

/* A blocked client to answer now. */
struct shm_wakeup {
    uint32_t client, badge;
    int status;
};

void shm_init(struct shm_table *t, uint32_t instance, uint32_t pool_pages, uint32_t page_size,
              const struct shm_ops *ops);

/* Objects. oflag: SHM_O_*; mode: SHM_MODE_*. A handle (>= 0) or an error. */
int shm_open(struct shm_table *t, uint32_t badge, const char *name, uint32_t len, uint32_t oflag,
             uint32_t mode);
/* Size h's object to `pages` (> 0); *first is its first pool page (to clear it). */
int shm_ftruncate(struct shm_table *t, uint32_t badge, int h, uint32_t pages, uint32_t *first);
int shm_close(struct shm_table *t, uint32_t badge, int h);
int shm_unlink(struct shm_table *t, uint32_t badge, const char *name, uint32_t len);
uint32_t shm_free_pages(const struct shm_table *t);

/* Map pages [offset, offset + count) of h's object for badge's task `task` with prot
 * (PL_SHM_READ[|PL_SHM_WRITE]); *first: the first pool page. */
int shm_mmap(struct shm_table *t, uint32_t badge, uint32_t task, int h, uint32_t offset,
             uint32_t count, uint32_t prot, uint32_t *first);
/* Forget badge's mapping of exactly pool pages [first, first + count) made with prot (0: with
 * any); PL_EINVAL if none. Two mappings of one range differ only in their access. */
int shm_munmap(struct shm_table *t, uint32_t badge, uint32_t first, uint32_t count, uint32_t prot);
/* What task may do with pool page `page` now: 0 (revoke) or PL_SHM_READ[|PL_SHM_WRITE]. */
uint32_t shm_access(const struct shm_table *t, uint32_t task, uint32_t page);

/* The next grant change the mappings need (1 and *g; the core counts it as made), or 0. */
int shm_next_grant(struct shm_table *t, struct shm_grant *g);

/* Futexes: PL_OK or PL_SERVER_DEFER-like 1 (SHM_BLOCKED: the client is queued, answer later
 * through shm_progress) or an error. `caller` is the caller's task id as the system knows it. */
#define SHM_BLOCKED 1
int shm_futex_wait(struct shm_table *t, uint32_t badge, uint32_t caller, uint32_t client,
                   uint32_t page, uint32_t off, uint32_t expected, uint32_t timeout);
int shm_futex_wake(struct shm_table *t, uint32_t badge, uint32_t page, uint32_t off,
                   uint32_t count);
int shm_futex_lock(struct shm_table *t, uint32_t badge, uint32_t caller, uint32_t client,
                   uint32_t page, uint32_t off, uint32_t self, uint32_t timeout);
int shm_futex_unlock(struct shm_table *t, uint32_t badge, uint32_t caller, uint32_t page,
                     uint32_t off, uint32_t self);

/* Deadlines and checks. 1 and *in (ticks from now, 0: due) if anyone waits. */
int shm_next_deadline(const struct shm_table *t, uint32_t *in);
/* At t->now: time out waits, hand dead owners' words on, reclaim dead waiters. */
void shm_expire(struct shm_table *t);
/* The next blocked client to answer: 1 and *w, or 0. */
int shm_progress(struct shm_table *t, struct shm_wakeup *w);

/* Forget everything of a dead client; returns how many things went. */
uint32_t shm_reclaim(struct shm_table *t, uint32_t badge);

#endif

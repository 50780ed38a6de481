/*
 * servers/shm/shm.c - the shared-memory server: the protocol of shm.h over the portable
 * table of shm_core.h, run by the server runtime in a task of its own.
 *
 * It is a plain task in both modes (no `server =` key): it owns the pool pages (`pages`) and
 * maps them into its own windows (`windows` >= 1), which a server linked into the kernel
 * (MODE=mono) may not. So it makes system calls of its own (pl_shm_*, pl_task_status) and calls
 * pl_server_start from its main. It must be the task named "shm" (its pages are PAGE_SHM_<n>)
 * and needs `caps = status` to learn whether a lock's owner or a waiter died.
 *
 * After every request the server makes the grant changes the core asks for (shm_next_grant)
 * before it answers, so a client's mapping is granted when its mmap returns and revoked when
 * its munmap returns; then it answers the futex waiters the request made ready.
 *
 * Dead clients. SHM_HELLO (first request of each life of a client), a deferred answer that
 * pl_env_reply refuses with PL_EDEAD, and the periodic check while anyone waits
 * (SHM_POLL_TICKS) all end in shm_reclaim(badge): the client's waits, handles and mappings go,
 * and its grants with them.
 */
#include <string.h>

#include <parley/task.h>

#include "env.h"
#include "shm.h"
#include "shm_core.h"
#include "../names/names.h"
#include "runtime.h"
#include "server.h"
#include "system.h"

#define SHM_WINDOWS 2u /* the server's own windows: a cache of the pool pages it touches */

struct shm_state {
    struct shm_table table;
    struct shm_wakeup wake;
    uint32_t gen;
    uint8_t *pool;                  /* the first pool page's address */
    uint32_t win_page[SHM_WINDOWS]; /* which pool page each window holds (+1; 0: none) */
    uint32_t victim;
    struct pl_task_status st;
};

static struct shm_state shm_state;

/* Pool page p mapped in one of the server's windows: its address. */
static uint8_t *shm_page(struct shm_state *s, uint32_t p)
{
    for (uint32_t w = 0; w < SHM_WINDOWS; w++) {
        if (s->win_page[w] == p + 1u) {
            return s->pool + p * PAGE_SIZE;
        }
    }
    uint32_t w = s->victim;
    void *addr;
    s->victim = (s->victim + 1u) % SHM_WINDOWS;
    s->win_page[w] = pl_shm_map(PAGE_SHM_0 + p, w, &addr) == PL_OK ? p + 1u : 0u;
    return s->pool + p * PAGE_SIZE;
}

static volatile uint32_t *shm_word(void *ctx, uint32_t page, uint32_t off)
{
    return (volatile uint32_t *)(void *)(shm_page(ctx, page) + off);
}

/* The current status of task `index` in s->st, or 0 if it cannot be read. */
static int shm_status(struct shm_state *s, uint32_t index)
{
    return pl_task_status(index, &s->st) == PL_OK;
}

static int shm_alive(void *ctx, uint32_t id)
{
    struct shm_state *s = ctx;
    if (!shm_status(s, PL_TASK_INDEX(id))) {
        return 1; /* no way to tell (no `caps = status`): never declared dead */
    }
    return s->st.id == id && s->st.state != PL_TASK_FAULTED && s->st.state != PL_TASK_EXITED;
}

static uint32_t shm_priority(void *ctx, uint32_t id)
{
    struct shm_state *s = ctx;
    return shm_status(s, PL_TASK_INDEX(id)) ? s->st.priority : 0u;
}

/* The caller's task id: index from its reply handle, generation from the kernel. Without
 * `caps = status` the generation cannot be known: then `claimed` counts if its index is the
 * caller's (a lock in another task's name is still refused). */
static uint32_t shm_caller(struct shm_state *s, const struct pl_request *req, uint32_t claimed)
{
    uint32_t index = PL_TASK_INDEX(req->client);
    if (shm_status(s, index)) {
        return s->st.id;
    }
    return PL_TASK_INDEX(claimed) == index ? claimed : 0u;
}

static void shm_now(struct shm_state *s)
{
    s->table.now = (uint32_t)pl_env_uptime();
}

static void shm_grants(struct shm_state *s)
{
    struct shm_grant g;
    while (shm_next_grant(&s->table, &g)) {
        if (g.access != 0) {
            pl_shm_grant(PAGE_SHM_0 + g.page, g.task, g.access);
        } else {
            pl_shm_revoke(PAGE_SHM_0 + g.page, g.task);
        }
    }
}

/* Grants first, then the answers a change made possible; a client gone is reclaimed. */
static void shm_settle(struct shm_state *s)
{
    shm_grants(s);
    while (shm_progress(&s->table, &s->wake)) {
        struct pl_reply rep = {0};
        if (pl_env_reply(s->wake.client, s->wake.status, &rep) == PL_EDEAD) {
            shm_reclaim(&s->table, s->wake.badge);
        }
        shm_grants(s);
    }
}

static int shm_done(struct shm_state *s, int err)
{
    shm_settle(s);
    return err;
}

/* ---- handlers ---- */

static int shm_on_hello(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct shm_state *s = state;
    rep->w0 = shm_reclaim(&s->table, req->badge);
    rep->w1 = s->gen;
    return shm_done(s, PL_OK);
}

static int shm_on_open(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct shm_state *s = state;
    int h = shm_open(&s->table, req->badge, req->data, req->len, req->w0, req->w1);
    rep->w0 = (uint32_t)h;
    return h < 0 ? h : PL_OK;
}

static int shm_on_ftruncate(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct shm_state *s = state;
    uint32_t first;
    (void)rep;
    int err = shm_ftruncate(&s->table, req->badge, (int)req->w0, req->w1, &first);
    for (uint32_t p = 0; err == PL_OK && p < req->w1; p++) {
        memset(shm_page(s, first + p), 0, PAGE_SIZE); /* a new object reads zeros */
    }
    return err;
}

static int shm_on_mmap(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct shm_state *s = state;
    struct shm_mmap_req m;
    uint32_t first;
    if (req->len < sizeof(m)) {
        return PL_EINVAL;
    }
    memcpy(&m, req->data, sizeof(m));
    int err = shm_mmap(&s->table, req->badge, PL_TASK_INDEX(req->client), (int)req->w0, m.offset,
                       m.pages, req->w1, &first);
    rep->w0 = PAGE_SHM_0 + first;
    rep->w1 = s->gen; /* what the client's later futex and munmap requests carry */
    return shm_done(s, err);
}

static int shm_on_munmap(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct shm_state *s = state;
    struct shm_munmap_req m;
    (void)rep;
    if (req->len < sizeof(m)) {
        return PL_EINVAL;
    }
    memcpy(&m, req->data, sizeof(m));
    if (m.gen != s->gen) {
        return PL_EDEAD; /* made with an earlier life of the server: already unmapped */
    }
    return shm_done(s, shm_munmap(&s->table, req->badge, m.page - PAGE_SHM_0, m.pages, m.prot));
}

static int shm_on_close(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct shm_state *s = state;
    (void)rep;
    return shm_close(&s->table, req->badge, (int)req->w0);
}

static int shm_on_unlink(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct shm_state *s = state;
    (void)rep;
    return shm_unlink(&s->table, req->badge, req->data, req->len);
}

static int shm_on_stat(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct shm_state *s = state;
    (void)req;
    rep->w0 = shm_free_pages(&s->table);
    rep->w1 = s->table.pool_pages;
    return PL_OK;
}

/* A futex request's arguments: PL_OK, or PL_EDEAD for a page of an earlier server life. */
static int shm_futex_args(struct shm_state *s, const struct pl_request *req,
                          struct shm_futex_req *f)
{
    if (req->len < sizeof(*f)) {
        return PL_EINVAL;
    }
    memcpy(f, req->data, sizeof(*f));
    if (f->gen != s->gen) {
        return PL_EDEAD;
    }
    shm_now(s);
    return PL_OK;
}

static uint32_t shm_pool_page(uint32_t page)
{
    return page - PAGE_SHM_0; /* wraps past the pool for a page below it: refused there */
}

static int shm_blocked(int err)
{
    return err == SHM_BLOCKED ? PL_SERVER_DEFER : err;
}

static int shm_on_wait(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct shm_state *s = state;
    struct shm_futex_req f;
    (void)rep;
    int err = shm_futex_args(s, req, &f);
    if (err != PL_OK) {
        return err;
    }
    err = shm_futex_wait(&s->table, req->badge, shm_caller(s, req, PL_TASK_INDEX(req->client)),
                         req->client, shm_pool_page(req->w0), req->w1, f.arg, f.timeout);
    return shm_done(s, shm_blocked(err));
}

static int shm_on_wake(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct shm_state *s = state;
    struct shm_futex_req f;
    int err = shm_futex_args(s, req, &f);
    if (err != PL_OK) {
        return err;
    }
    int n = shm_futex_wake(&s->table, req->badge, shm_pool_page(req->w0), req->w1, f.arg);
    rep->w0 = n < 0 ? 0u : (uint32_t)n;
    return shm_done(s, n < 0 ? n : PL_OK);
}

static int shm_on_lock(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct shm_state *s = state;
    struct shm_futex_req f;
    (void)rep;
    int err = shm_futex_args(s, req, &f);
    if (err != PL_OK) {
        return err;
    }
    err = shm_futex_lock(&s->table, req->badge, shm_caller(s, req, f.arg), req->client,
                         shm_pool_page(req->w0), req->w1, f.arg, f.timeout);
    return shm_done(s, shm_blocked(err));
}

static int shm_on_unlock(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct shm_state *s = state;
    struct shm_futex_req f;
    (void)rep;
    int err = shm_futex_args(s, req, &f);
    if (err != PL_OK) {
        return err;
    }
    err = shm_futex_unlock(&s->table, req->badge, shm_caller(s, req, f.arg), shm_pool_page(req->w0),
                           req->w1, f.arg);
    return shm_done(s, err);
}

/* ---- deadlines ---- */

static uint32_t shm_next_timeout(void *state)
{
    struct shm_state *s = state;
    uint32_t in;
    shm_now(s);
    return shm_next_deadline(&s->table, &in) ? in : PL_WAIT_FOREVER;
}

static void shm_on_timeout(void *state)
{
    struct shm_state *s = state;
    shm_now(s);
    shm_expire(&s->table);
    shm_settle(s);
}

/* ---- start ---- */

/* How many of the task's pages follow PAGE_SHM_0 back to back in memory. */
static uint32_t shm_pool_count(struct shm_state *s)
{
    uint32_t n = 0;
    void *addr;
    while (n < SHM_POOL_MAX && pl_shm_map(PAGE_SHM_0 + n, 0, &addr) == PL_OK) {
        if (n == 0) {
            s->pool = addr;
        } else if ((uint8_t *)addr != s->pool + n * PAGE_SIZE) {
            break;
        }
        n++;
    }
    pl_shm_unmap(0);
    return n;
}

static int shm_register(void)
{
    struct pl_recvd rep;
    uint32_t names = pl_env_names_ep();
    if (names == PL_NO_EP) {
        return PL_EPERM;
    }
    return pl_env_call(names, NAMES_REGISTER, EP_SHM, 0, SHM_SERVER_NAME,
                       sizeof(SHM_SERVER_NAME) - 1u, &rep, NULL, 0);
}

static void shm_init_state(void *state)
{
    struct shm_state *s = state;
    const struct shm_ops ops = {shm_word, shm_alive, shm_priority, s};
    s->gen = pl_env_generation();
    shm_init(&s->table, s->gen, shm_pool_count(s), PAGE_SIZE, &ops);
    int err = shm_register();
    if (err != PL_OK) {
        pl_env_print("[shm] cannot register as '%s': %s", SHM_SERVER_NAME, pl_strerror(err));
    }
}

static const pl_handler shm_handlers[SHM_OP_COUNT] = {
    [SHM_HELLO] = shm_on_hello,         [SHM_OPEN] = shm_on_open,
    [SHM_FTRUNCATE] = shm_on_ftruncate, [SHM_MMAP] = shm_on_mmap,
    [SHM_MUNMAP] = shm_on_munmap,       [SHM_CLOSE] = shm_on_close,
    [SHM_UNLINK] = shm_on_unlink,       [SHM_STAT] = shm_on_stat,
    [SHM_FUTEX_WAIT] = shm_on_wait,     [SHM_FUTEX_WAKE] = shm_on_wake,
    [SHM_FUTEX_LOCK] = shm_on_lock,     [SHM_FUTEX_UNLOCK] = shm_on_unlock,
};

static const struct pl_server shm_server = {
    .name = "shm",
    .init = shm_init_state,
    .ep = EP_SHM,
    .handlers = shm_handlers,
    .handler_count = SHM_OP_COUNT,
    .state = &shm_state,
    .next_timeout = shm_next_timeout,
    .on_timeout = shm_on_timeout,
};

int shm_main(void);
int shm_main(void)
{
    pl_server_start(&shm_server);
}

/*
 * servers/pipe/pipe_lend.c - the fast data path's server side (pipe_lend.h), for a pipe server
 * that is a task owning pages: the description gives it `pages` (PAGE_PIPE_0 on, one per fast
 * pipe at a time), `windows = 1` (it maps a page only to set a ring up or to write its ends
 * word) and `caps = status` (to tell whether an end's task still lives).
 *
 * It makes system calls of its own (pl_shm_*, pl_task_status), like the shared-memory server:
 * a server in the kernel (MODE=mono) owns no pages and lists pipe_lend_none.c instead.
 *
 * A page is lent with PL_SHM_KEEP to both ends' tasks: if this server dies, each end keeps its
 * mapping (the kernel holds the page; a restarted server gets PL_EBUSY for it and skips it
 * until both ends have unmapped it), so the ends never fault; they learn of the restart as
 * PL_EBADF from the new server when they next ask it anything (a close, or a check after a
 * long wait).
 */
#include <string.h>

#include "parley.h"
#include "pipe_lend.h"
#include "system.h"
#include <parley/task.h>

#define LEND_MAX 4u /* fast pipes at one time (at most the server's pages) */

struct lend_slot {
    uint32_t pipe;    /* pipe index + 1; 0: the slot (and its page) is free */
    uint32_t ends;    /* the ends word last written into the page */
    uint32_t task[2]; /* the ends' task ids, by enum pipe_end */
};

static struct {
    struct lend_slot slot[LEND_MAX];
    uint32_t in_use; /* slots lent */
    uint32_t pages;  /* how many pages the server owns (at most LEND_MAX are used) */
    uint32_t mapped; /* the slot whose page is in the window, + 1 */
    void *addr;
    struct pl_task_status st;
} lend;

/* Slot s's page in the server's window: its address, or NULL (PL_EBUSY: the page is still
 * held by the ends of an earlier life of this server). */
static void *lend_map(uint32_t s)
{
    if (lend.mapped == s + 1u) {
        return lend.addr;
    }
    lend.mapped = 0;
    if (pl_shm_map(PAGE_PIPE_0 + s, 0, &lend.addr) != PL_OK) {
        return NULL;
    }
    lend.mapped = s + 1u;
    return lend.addr;
}

void pipe_lend_init(void)
{
    memset(&lend, 0, sizeof(lend));
    void *addr;
    int err;
    while (lend.pages < LEND_MAX &&
           ((err = pl_shm_map(PAGE_PIPE_0 + lend.pages, 0, &addr)) == PL_OK || err == PL_EBUSY)) {
        lend.pages++; /* a page that is not the server's answers PL_EPERM */
    }
    (void)pl_shm_unmap(0);
}

static uint32_t lend_task_id(uint32_t client)
{
    uint32_t index = PL_TASK_INDEX(client);
    return pl_task_status(index, &lend.st) == PL_OK ? lend.st.id : index;
}

/* Take the page back from both ends (a revoke of a page its grantee no longer maps is fine). */
static void lend_release(uint32_t s)
{
    for (uint32_t e = 0; e < 2u; e++) {
        (void)pl_shm_revoke(PAGE_PIPE_0 + s, PL_TASK_INDEX(lend.slot[s].task[e]));
    }
    lend.slot[s].pipe = 0;
    lend.in_use--;
}

static void lend_answer(uint32_t s, const struct pipe_fast_pair *pair, enum pipe_end end,
                        struct pl_reply *rep)
{
    rep->w0 = (PAGE_PIPE_0 + s) | (uint32_t)end << 16;
    rep->w1 = pair->how[end == PIPE_READ_END ? PIPE_WRITE_END : PIPE_READ_END];
}

/* 1 if the task of reply handle `client` waits on notification `ntfn`. An end names the
 * notification its peer will signal to wake it; without this check it could name a third
 * task's, which its peer may be allowed to signal, and make the peer wake that task for
 * nothing (a confused deputy, as for mq_notify in servers/mqueue/mqueue.c). */
static int lend_ntfn_is_own(uint32_t ntfn, uint32_t client)
{
    static const uint8_t waiters[] = SYSTEM_NTFN_ALL_WAITERS;
    return ntfn < SYSTEM_NTFN_ALL_COUNT && waiters[ntfn] == PL_TASK_INDEX(client);
}

int pipe_lend_ask(struct pipe_table *t, const struct pl_request *req, struct pl_reply *rep,
                  uint32_t *engaged)
{
    struct pipe_fast_pair pair;
    uint32_t pi;
    *engaged = 0;
    if (!lend_ntfn_is_own(PIPE_FAST_NTFN(req->w1), req->client)) {
        return PL_EPERM; /* never fast: this descriptor stays on the server path */
    }
    int err = pipe_fast_slot(t, req->badge, (int)req->w0, &pi);
    if (err < 0) {
        return err;
    }
    enum pipe_end end = t->descs[(uint32_t)req->w0 & 0xffu].end;
    err = pipe_fast_ask(t, req->badge, (int)req->w0, lend_task_id(req->client), req->w1, &pair);
    if (err != PL_OK) {
        return err;
    }
    if (pair.slot) {
        lend_answer(pair.slot - 1u, &pair, end, rep);
        return PL_OK;
    }
    for (uint32_t s = 0; s < lend.pages && s < LEND_MAX; s++) {
        void *mem;
        if (lend.slot[s].pipe || !(mem = lend_map(s))) {
            continue; /* in use, or held from an earlier life */
        }
        uint32_t access = PL_SHM_READ | PL_SHM_WRITE | PL_SHM_KEEP;
        lend.slot[s] = (struct lend_slot){pair.pipe + 1u, 0, {pair.task[0], pair.task[1]}};
        lend.in_use++;
        if (pl_shm_grant(PAGE_PIPE_0 + s, PL_TASK_INDEX(pair.task[0]), access) != PL_OK ||
            pl_shm_grant(PAGE_PIPE_0 + s, PL_TASK_INDEX(pair.task[1]), access) != PL_OK ||
            pipe_fast_engage(t, pair.pipe, s + 1u, mem, PAGE_SIZE) != PL_OK) {
            lend_release(s);
            return PL_ESTATE;
        }
        lend.slot[s].ends = pipe_fast_ends(t, pair.pipe);
        *engaged = pair.pipe + 1u;
        lend_answer(s, &pair, end, rep);
        return PL_OK;
    }
    return PL_ESTATE; /* no page free: this pipe stays on the server path */
}

void pipe_lend_sync(struct pipe_table *t)
{
    for (uint32_t s = 0; lend.in_use > 0 && s < LEND_MAX; s++) {
        struct lend_slot *l = &lend.slot[s];
        if (!l->pipe) {
            continue;
        }
        uint32_t pi = l->pipe - 1u;
        if (t->pipes[pi].state == PIPE_FREE || t->pipes[pi].fast != s + 1u) {
            lend_release(s);
            continue;
        }
        uint32_t ends = pipe_fast_ends(t, pi);
        struct pipe_ring_view v;
        void *mem;
        if (ends != l->ends && (mem = lend_map(s)) &&
            pipe_ring_attach(&v, mem, PAGE_SIZE) == PL_OK) {
            pipe_ring_set_ends(&v, ends);
            l->ends = ends;
        }
    }
}

int64_t pipe_lend_dead_peer(const struct pipe_table *t, const struct pl_request *req)
{
    uint32_t pi;
    int slot = pipe_fast_slot(t, req->badge, (int)req->w0, &pi);
    if (slot <= 0) {
        return PL_EBADF;
    }
    enum pipe_end end = t->descs[(uint32_t)req->w0 & 0xffu].end;
    uint32_t peer = lend.slot[slot - 1].task[end == PIPE_READ_END ? PIPE_WRITE_END : PIPE_READ_END];
    if (pl_task_status(PL_TASK_INDEX(peer), &lend.st) != PL_OK ||
        (lend.st.id == peer && lend.st.state != PL_TASK_FAULTED &&
         lend.st.state != PL_TASK_EXITED)) {
        return 0; /* alive, or no way to tell */
    }
    for (uint32_t i = 0; i < PIPE_MAX_DESCS; i++) {
        const struct pipe_desc *d = &t->descs[i];
        if (d->state == PIPE_D_OPEN && d->pipe == pi && d->end != end) {
            return d->badge; /* its task is dead: what it held goes as on its next hello */
        }
    }
    return 0; /* its end is closed already */
}

void pipe_lend_info(const struct pipe_table *t, uint32_t pi, struct pipe_info *info)
{
    uint32_t s = t->pipes[pi].fast;
    struct pipe_ring_view v;
    void *mem;
    if (s == 0 || !(mem = lend_map(s - 1u)) || pipe_ring_attach(&v, mem, PAGE_SIZE) != PL_OK) {
        return;
    }
    int n = pipe_ring_count(&v), room = pipe_ring_room(&v);
    uint32_t ends = pipe_ring_ends(&v);
    info->count = n > 0 ? (uint32_t)n : 0u;
    info->capacity = pipe_ring_capacity(&v);
    info->readable = n > 0 || (ends & PIPE_RING_NO_WRITER);
    info->writable = room > 0 || (ends & PIPE_RING_NO_READER);
}

/*
 * servers/mqueue/mq_pair.c - pair queues in pages (mq_pair.h), for a message-queue server
 * that is a task owning pages: the description gives it `pages` (PAGE_MQUEUE_0 on),
 * `windows = 1` and `caps = status`.
 *
 * It makes system calls of its own (pl_shm_*, pl_task_status), like the pipe server's
 * pipe_lend.c: a server in the kernel (MODE=mono) lists mq_pair_none.c instead.
 *
 * A page is lent with PL_SHM_KEEP to each side's task: if this server dies, the sides keep
 * their mapping (the kernel holds the page; a restarted server gets PL_EBUSY for it and skips
 * it until both have unmapped it), so they never fault; they learn of the restart as
 * PL_EBADF from the new server when they next ask it anything (a close, an open, mq_getattr,
 * or the check a blocked send or receive makes every MQ_PAIR_CHECK_TICKS).
 */
#include "mq_pair.h"
#include "mq_ring.h"
#include "parley.h"
#include "system.h"
#include <parley/task.h>

#define PAIR_MAX 4u /* pair queues at one time (at most the server's pages) */

struct pair_slot {
    uint32_t queue;    /* queue index + 1; 0: the slot (and its page) is free */
    uint32_t badge[2]; /* by enum mq_ring_side: the badge holding that side, 0 nobody */
    uint32_t task[2];  /* the holder's task id when it opened */
};

static struct {
    struct pair_slot slot[PAIR_MAX];
    uint32_t pages;  /* how many pages the server owns (at most PAIR_MAX are used) */
    uint32_t mapped; /* the slot whose page is in the window, + 1 */
    void *addr;
    struct pl_task_status st;
} pair;

/* Slot s's page in the server's window: its address, or NULL (PL_EBUSY: the page is still
 * held by the sides of a queue of an earlier life of this server). */
static void *pair_map(uint32_t s)
{
    if (pair.mapped == s + 1u) {
        return pair.addr;
    }
    pair.mapped = 0;
    if (pl_shm_map(PAGE_MQUEUE_0 + s, 0, &pair.addr) != PL_OK) {
        return NULL;
    }
    pair.mapped = s + 1u;
    return pair.addr;
}

/* Slot s's ring, as the server sees it: PL_OK and *v, or PL_ESTATE (page not mappable, or
 * spoilt by a side: the server then leaves the page's words alone). */
static int pair_view(uint32_t s, struct mq_ring_view *v)
{
    void *mem = pair_map(s);
    return mem ? mq_ring_attach(v, mem, PAGE_SIZE) : PL_ESTATE;
}

void mq_pair_init(void)
{
    void *addr;
    int err;
    pair.pages = 0;
    pair.mapped = 0;
    while (pair.pages < PAIR_MAX &&
           ((err = pl_shm_map(PAGE_MQUEUE_0 + pair.pages, 0, &addr)) == PL_OK || err == PL_EBUSY)) {
        pair.pages++; /* a page that is not the server's answers PL_EPERM */
    }
    (void)pl_shm_unmap(0);
}

int mq_pair_can_lend(void)
{
    return pair.pages > 0;
}

/* A free slot whose page this life of the server can map, or -1. */
static int pair_free(void)
{
    for (uint32_t s = 0; s < pair.pages; s++) {
        if (pair.slot[s].queue == 0 && pair_map(s)) {
            return (int)s;
        }
    }
    return -1;
}

int mq_pair_create_check(uint32_t maxmsg, uint32_t msgsize)
{
    if (mq_ring_bytes(maxmsg, msgsize) > PAGE_SIZE) {
        return PL_EINVAL;
    }
    return pair_free() < 0 ? PL_EFULL : PL_OK;
}

int mq_pair_cookie_check(uint32_t cookie, uint32_t client)
{
    static const uint8_t waiters[] = SYSTEM_NTFN_ALL_WAITERS;
    if (cookie == 0) {
        return PL_ESTATE;
    }
    uint32_t ntfn = MQ_RING_COOKIE_NTFN(cookie);
    return ntfn < SYSTEM_NTFN_ALL_COUNT && waiters[ntfn] == PL_TASK_INDEX(client) ? PL_OK
                                                                                  : PL_EPERM;
}

static int pair_slot_of(uint32_t qi)
{
    for (uint32_t s = 0; s < PAIR_MAX; s++) {
        if (pair.slot[s].queue == qi + 1u) {
            return (int)s;
        }
    }
    return -1;
}

/* The current id of the task of reply handle `client` (its index if that cannot be told). */
static uint32_t pair_task_id(uint32_t client)
{
    uint32_t index = PL_TASK_INDEX(client);
    return pl_task_status(index, &pair.st) == PL_OK ? pair.st.id : index;
}

int mq_pair_opened(struct mq_table *t, const struct pl_request *req, int qd, uint32_t cookie,
                   struct pl_reply *rep)
{
    uint32_t acc;
    int qi = mq_desc_queue(t, req->badge, qd, &acc);
    if (qi < 0) {
        return PL_ESTATE;
    }
    struct mq_ring_view v;
    int s = pair_slot_of((uint32_t)qi);
    if (s < 0) { /* the open that made the queue: take a page and set its ring up */
        const struct mq_queue *q = &t->queues[qi];
        s = pair_free();
        if (s < 0) {
            return PL_EFULL;
        }
        if (mq_ring_init(pair_map((uint32_t)s), PAGE_SIZE, q->maxmsg, q->msgsize) != PL_OK) {
            return PL_ESTATE;
        }
        pair.slot[s] = (struct pair_slot){(uint32_t)qi + 1u, {0, 0}, {0, 0}};
    }
    uint32_t page = PAGE_MQUEUE_0 + (uint32_t)s;
    if (pl_shm_grant(page, PL_TASK_INDEX(req->client), PL_SHM_READ | PL_SHM_WRITE | PL_SHM_KEEP) !=
        PL_OK) {
        return PL_ESTATE; /* a new queue's page goes back when the server closes qd */
    }
    uint32_t task = pair_task_id(req->client), sides = 0;
    int viewed = pair_view((uint32_t)s, &v) == PL_OK;
    for (uint32_t side = MQ_RING_READER; side <= MQ_RING_WRITER; side++) {
        uint32_t wanted = side == MQ_RING_READER ? acc != MQ_O_WRONLY : acc != MQ_O_RDONLY;
        if (!wanted) {
            continue;
        }
        pair.slot[s].badge[side] = req->badge;
        pair.slot[s].task[side] = task;
        if (viewed) {
            mq_ring_set_cookie(&v, (enum mq_ring_side)side, cookie);
        }
        sides |= side == MQ_RING_READER ? MQUEUE_PAIR_READER : MQUEUE_PAIR_WRITER;
    }
    rep->w1 = page | sides;
    return PL_OK;
}

int mq_pair_holder_dead(uint32_t badge)
{
    for (uint32_t s = 0; s < PAIR_MAX; s++) {
        for (uint32_t side = 0; side < 2u; side++) {
            uint32_t task = pair.slot[s].task[side];
            if (pair.slot[s].queue == 0 || pair.slot[s].badge[side] != badge) {
                continue;
            }
            if (pl_task_status(PL_TASK_INDEX(task), &pair.st) != PL_OK) {
                return 0; /* no way to tell: alive */
            }
            return pair.st.id != task || pair.st.state == PL_TASK_FAULTED ||
                   pair.st.state == PL_TASK_EXITED;
        }
    }
    return 0;
}

/* Side `side` of slot s has no descriptor any more: its cookie cleared, the page taken back
 * from its task unless that task holds the other side too. */
static void pair_let_go(uint32_t s, uint32_t side, int queue_gone)
{
    struct pair_slot *p = &pair.slot[s];
    struct mq_ring_view v;
    uint32_t other = side ^ 1u;
    if (!queue_gone && pair_view(s, &v) == PL_OK) {
        mq_ring_set_cookie(&v, (enum mq_ring_side)side, 0);
    }
    if (p->badge[other] != p->badge[side] || queue_gone) {
        (void)pl_shm_revoke(PAGE_MQUEUE_0 + s, PL_TASK_INDEX(p->task[side]));
    }
    p->badge[side] = 0;
    p->task[side] = 0;
}

void mq_pair_sync(const struct mq_table *t)
{
    for (uint32_t s = 0; s < PAIR_MAX; s++) {
        struct pair_slot *p = &pair.slot[s];
        if (p->queue == 0) {
            continue;
        }
        uint32_t qi = p->queue - 1u;
        int gone = t->queues[qi].state == MQ_Q_FREE || !t->queues[qi].pair;
        for (uint32_t side = 0; side < 2u; side++) {
            if (p->badge[side] != 0 &&
                (gone || mq_side_holder(t, qi, side == MQ_RING_WRITER) != p->badge[side])) {
                pair_let_go(s, side, gone);
            }
        }
        if (gone) {
            p->queue = 0; /* the page is free for the next pair queue */
        }
    }
}

void mq_pair_count(uint32_t qi, struct mq_attr *a)
{
    struct mq_ring_view v;
    int s = pair_slot_of(qi);
    int n = s >= 0 && pair_view((uint32_t)s, &v) == PL_OK ? mq_ring_count(&v) : 0;
    a->curmsgs = n > 0 ? (uint32_t)n : 0u;
}

/*
 * servers/mqueue/mq_client_fast.c - pair queues, the client's side (mq_client.h,
 * mq_client_fast_use; docs/ipc-catalogue.md, "Pair queues").
 *
 * An open of a pair queue answers the page the server lent this task and the sides the
 * descriptor holds. The page is mapped into one of the task's windows (one per pair queue,
 * shared by the task's descriptors on that queue) and its ring attached, which checks it.
 * From then on a send is mq_ring_put and a receive mq_ring_get, in this task; the server is
 * not asked. A side that must wait sets its flag (mq_ring_prepare_sleep) and waits on the
 * task's notification bit, which the peer signals when it sees the flag.
 *
 * A server that stops leaves the page with its two tasks (PL_SHM_KEEP): they hold it, and the
 * kernel tells each (docs/ipc.md, "Kept grants"): a word of the task's poll mirror changes,
 * and a notification wait it is in ends with PL_EDEAD. Every send and receive compares that
 * word with the one its descriptor last saw; when it moved, the descriptor is checked with the
 * server (mq_getattr) before anything else, so the first operation after a server restart
 * answers PL_EBADF (never a message through the old page), and a sleeper woken with PL_EDEAD
 * does the same: no wait needs a deadline of its own.
 *
 * Nothing read from the page is trusted: mq_ring checks every index and length, the geometry
 * is the one checked at attach; a peer that spoils the page gets this side PL_ESTATE, never
 * an access outside the page. The peer's notification is read from the page (the server
 * writes it there): a peer could rewrite it and make this task signal some other notification
 * the description lets it signal (a spurious wake-up there), nothing more.
 */
#include "mq_client.h"
#include "mq_client_pair.h"
#include "mq_ring.h"
#include "mq_ring_hot.h"
#include "parley.h"
#include "system.h"

/* Pair-queue descriptors of this task at one time. A descriptor's low bits are its index in
 * the server's table (mq_core.h: fewer than 16 there), so each has its entry here at once. */
#define PAIR_DESCS 16u

struct pair_page {
    uint32_t page;       /* the page's number + 1 in window `window + index`; 0: window free */
    uint32_t refs;       /* descriptors on it */
    uint32_t notify_key; /* the descriptor + 1 whose mq_notify request is armed; 0: none */
    struct mq_ring_view v;
};

struct pair_desc {
    uint32_t key;           /* the descriptor + 1; 0: free (0 is a descriptor too) */
    struct mq_ring_view *v; /* its page's ring: &mp.pages[page].v */
    uint8_t page;           /* index in mp.pages */
    uint8_t sides;          /* 1 << enum mq_ring_side */
    uint8_t nonblock;       /* MQ_O_NONBLOCK, kept here too: a send or receive does not ask */
    uint8_t unused;
    uint32_t lost; /* the mirror's word of lost pages when the server last said "good" */
};
_Static_assert(sizeof(struct pair_desc) == 16u, "a descriptor's entry is 16 bytes");

static struct {
    uint32_t window, windows, ntfn, bit;
    struct pair_page pages[MQ_CLIENT_PAIR_MAX];
    struct pair_desc descs[PAIR_DESCS]; /* by the descriptor's low bits */
} mp;

static inline __attribute__((always_inline)) struct pair_desc *mp_desc(int qd)
{
    struct pair_desc *d = &mp.descs[(uint32_t)qd % PAIR_DESCS];
    return d->key == (uint32_t)qd + 1u ? d : NULL;
}

/* Some page's server stopped since d last looked: is d still the server's? PL_OK (and d is
 * good until the next loss), or the server's answer (PL_EBADF after a restart). Out of line:
 * it runs once per loss. */
static __attribute__((noinline)) int mp_recheck(int qd, struct pair_desc *d)
{
    uint32_t now = pl_shm_lost(); /* before asking: a loss meanwhile is seen next time */
    struct mq_attr a;
    int err = mq_getattr(qd, &a);
    if (err == PL_OK) {
        d->lost = now;
    }
    return err;
}

/* PL_OK, unless a page was lost since d last looked and d is no longer good. */
static inline __attribute__((always_inline)) int mp_check(int qd, struct pair_desc *d)
{
    return __builtin_expect(d->lost == pl_shm_lost(), 1) ? PL_OK : mp_recheck(qd, d);
}

/* Wake the task holding `side`, if any: its notification as the server wrote it. */
static void mp_wake(const struct mq_ring_view *v, enum mq_ring_side side)
{
    uint32_t c = mq_ring_cookie(v, side);
    if (c != 0) {
        (void)pl_ntfn_signal(MQ_RING_COOKIE_NTFN(c), 1u << MQ_RING_COOKIE_BIT(c));
    }
}

/* Sleep as `side` until the peer signals, the deadline passes or the kernel ends the wait for
 * a lost page, if the ring still says so once the flag is up. PL_OK to look again,
 * PL_ETIMEDOUT (a timed call's deadline), or the server's answer to the check a loss makes
 * (PL_EBADF after its restart). An mq_notify request on the queue outlives the sleep (the ring puts
 * it back in the flag they share). Inline in the two waits' loops: between two tasks every message
 * waits once. */
static inline __attribute__((always_inline)) int mp_sleep(int qd, struct pair_desc *d,
                                                          struct mq_ring_view *v,
                                                          enum mq_ring_side side, int timed,
                                                          uint32_t deadline)
{
    uint32_t wait = PL_WAIT_FOREVER, bits;
    if (timed) {
        int32_t left = (int32_t)(deadline - (uint32_t)pl_uptime());
        if (left <= 0) {
            return PL_ETIMEDOUT;
        }
        wait = (uint32_t)left;
    }
    if (!mq_ring_prepare_sleep_hot(v, side)) {
        return PL_OK;
    }
    int err = pl_ntfn_wait(mp.ntfn, 1u << mp.bit, &bits, wait);
    mq_ring_woken_hot(v, side);
    return err == PL_OK || err == PL_EDEAD ? mp_check(qd, d) : err; /* PL_EDEAD: a page lost */
}

/* One put, and the reader woken if it sleeps: PL_OK, PL_EFULL or another error. The ring's
 * path is inline (mq_ring_hot.h), in the first try of a send and in the loop of one that
 * waits: between two tasks every message is also a wait, so both are hot. */
static inline __attribute__((always_inline)) int
mp_put_wake(struct mq_ring_view *v, uint32_t prio, int32_t type, const void *msg, size_t len)
{
    int err = mq_ring_put_hot(v, prio, type, msg, (uint32_t)len);
    if (err == PL_OK && mq_ring_should_signal_hot(v, MQ_RING_READER)) {
        mp_wake(v, MQ_RING_READER);
    }
    return err;
}

/* One get, and the writer woken if it sleeps: the length, PL_EAGAIN or another error. Inline
 * as the put. */
static inline __attribute__((always_inline)) int mp_get_wake(struct mq_ring_view *v,
                                                             enum mq_ring_sel sel, int32_t want,
                                                             void *buf, uint32_t cap,
                                                             uint32_t *prio, int32_t *type)
{
    int n = mq_ring_get_hot(v, sel, want, buf, cap, prio, type);
    if (n >= 0 && mq_ring_should_signal_hot(v, MQ_RING_WRITER)) {
        mp_wake(v, MQ_RING_WRITER);
    }
    return n;
}

/* A send that found the queue full: wait for room (or PL_EAGAIN), then put. Out of line: a
 * send that finds room keeps its few registers. */
static __attribute__((noinline)) int mp_send_wait(int qd, struct pair_desc *d,
                                                  struct mq_ring_view *v,
                                                  const struct mqueue_send_hdr *h,
                                                  uint32_t deadline, const void *msg, size_t len)
{
    for (;;) {
        if (d->nonblock) {
            return PL_EAGAIN;
        }
        int err = mp_sleep(qd, d, v, MQ_RING_WRITER, (h->flags & MQUEUE_TIMED) != 0, deadline);
        if (err != PL_OK) {
            return err;
        }
        err = mp_put_wake(v, h->prio, h->type, msg, len);
        if (err != PL_EFULL) {
            return err;
        }
    }
}

/* A send on d: put, and wake the reader if it sleeps; a full queue waits (mp_send_wait with h
 * and deadline). Inline in both senders: mq_send's own has no header to build. */
static inline __attribute__((always_inline)) int mp_put(int qd, struct pair_desc *d, uint32_t prio,
                                                        int32_t type, const void *msg, size_t len,
                                                        const struct mqueue_send_hdr *h,
                                                        uint32_t deadline)
{
    if (!(d->sides & (1u << MQ_RING_WRITER))) {
        return PL_EBADF;
    }
    if (len > MQ_RING_MSGSIZE_MAX) {
        return PL_EMSGSIZE;
    }
    int err = mp_check(qd, d);
    if (err != PL_OK) {
        return err;
    }
    struct mq_ring_view *v = d->v;
    err = mp_put_wake(v, prio, type, msg, len);
    if (err != PL_EFULL) {
        return err;
    }
    if (!h) { /* mq_send: untimed, POSIX's type */
        struct mqueue_send_hdr posix = {1, (uint16_t)(prio > 0xffffu ? 0xffffu : prio), 0};
        return mp_send_wait(qd, d, v, &posix, 0, msg, len);
    }
    return mp_send_wait(qd, d, v, h, deadline, msg, len);
}

/* The sends and receives of a descriptor that is not a pair queue's: through the server. */
static int mp_send(int qd, const struct mqueue_send_hdr *h, uint32_t deadline, const void *msg,
                   size_t len)
{
    struct pair_desc *d = mp_desc(qd);
    return d ? mp_put(qd, d, h->prio, h->type, msg, len, h, deadline)
             : mq_client_send_server(qd, h, deadline, msg, len);
}

static int mp_send_posix(int qd, const void *msg, size_t len, uint32_t prio)
{
    struct pair_desc *d = mp_desc(qd);
    return d ? mp_put(qd, d, prio, 1, msg, len, NULL, 0)
             : mq_client_send_posix_server(qd, msg, len, prio);
}

/* A receive that found nothing to take: wait for a message (or PL_EAGAIN), then take it. Out
 * of line, as mp_send_wait. */
static __attribute__((noinline)) int mp_receive_wait(int qd, struct pair_desc *d,
                                                     struct mq_ring_view *v,
                                                     const struct mqueue_recv_req *r,
                                                     uint32_t deadline, void *buf, uint32_t *prio,
                                                     int32_t *type)
{
    enum mq_ring_sel sel = (r->flags & MQUEUE_BY_TYPE) ? MQ_RING_BY_TYPE : MQ_RING_BY_PRIO;
    for (;;) {
        if (d->nonblock) {
            return PL_EAGAIN;
        }
        int err = mp_sleep(qd, d, v, MQ_RING_READER, (r->flags & MQUEUE_TIMED) != 0, deadline);
        if (err != PL_OK) {
            return err;
        }
        int n = mp_get_wake(v, sel, r->type, buf, r->cap, prio, type);
        if (n != PL_EAGAIN) {
            return n;
        }
    }
}

/* A receive on d, as mp_put: take, and wake the writer if it sleeps; nothing to take waits
 * (mp_receive_wait with r and deadline). */
static inline __attribute__((always_inline)) int
mp_take(int qd, struct pair_desc *d, enum mq_ring_sel sel, int32_t want, void *buf, uint32_t cap,
        uint32_t *prio, int32_t *type, const struct mqueue_recv_req *r, uint32_t deadline)
{
    if (!(d->sides & (1u << MQ_RING_READER))) {
        return PL_EBADF;
    }
    int n = mp_check(qd, d);
    if (n != PL_OK) {
        return n;
    }
    struct mq_ring_view *v = d->v;
    n = mp_get_wake(v, sel, want, buf, cap, prio, type);
    if (n != PL_EAGAIN) {
        return n;
    }
    if (!r) { /* mq_receive: untimed, by priority */
        struct mqueue_recv_req posix = {0, 0, cap};
        return mp_receive_wait(qd, d, v, &posix, 0, buf, prio, type);
    }
    return mp_receive_wait(qd, d, v, r, deadline, buf, prio, type);
}

static int mp_receive(int qd, const struct mqueue_recv_req *r, uint32_t deadline, void *buf,
                      uint32_t *prio, int32_t *type)
{
    struct pair_desc *d = mp_desc(qd);
    enum mq_ring_sel sel = (r->flags & MQUEUE_BY_TYPE) ? MQ_RING_BY_TYPE : MQ_RING_BY_PRIO;
    return d ? mp_take(qd, d, sel, r->type, buf, r->cap, prio, type, r, deadline)
             : mq_client_receive_server(qd, r, deadline, buf, prio, type);
}

static int mp_receive_posix(int qd, void *buf, size_t cap, uint32_t *prio)
{
    struct pair_desc *d = mp_desc(qd);
    uint32_t c = cap > MQ_MSGSIZE_MAX ? MQ_MSGSIZE_MAX : (uint32_t)cap;
    return d ? mp_take(qd, d, MQ_RING_BY_PRIO, 0, buf, c, prio, NULL, NULL, 0)
             : mq_client_receive_posix_server(qd, buf, cap, prio);
}

/* The window holding `page` (+ 1 as the server numbers it), mapping it into a free one if
 * none does: its index, or a negative error. */
static int mp_page(uint32_t page)
{
    int free = -1;
    for (uint32_t i = 0; i < mp.windows; i++) {
        if (mp.pages[i].page == page + 1u) {
            return (int)i;
        }
        if (mp.pages[i].page == 0 && free < 0) {
            free = (int)i;
        }
    }
    if (free < 0) {
        return PL_EFULL;
    }
    struct pair_page *p = &mp.pages[free];
    void *addr;
    if (pl_shm_map(page, mp.window + (uint32_t)free, &addr) != PL_OK) {
        return PL_ESTATE;
    }
    if (mq_ring_attach(&p->v, addr, PAGE_SIZE) != PL_OK) {
        (void)pl_shm_unmap(mp.window + (uint32_t)free);
        return PL_ESTATE;
    }
    p->page = page + 1u;
    p->refs = 0;
    p->notify_key = 0;
    return free;
}

static void mp_unref(uint32_t i)
{
    if (--mp.pages[i].refs == 0) {
        (void)pl_shm_unmap(mp.window + i);
        mp.pages[i].page = 0;
    }
}

static int mp_opened(int qd, uint32_t w1, uint32_t oflag)
{
    struct pair_desc *d = &mp.descs[(uint32_t)qd % PAIR_DESCS];
    if (d->key != 0) {
        return PL_EFULL; /* only with a server table of more than PAIR_DESCS */
    }
    uint32_t lost = pl_shm_lost(); /* before the map: a loss from here on is seen */
    int i = mp_page(MQUEUE_PAIR_PAGE(w1));
    if (i < 0) {
        return i;
    }
    mp.pages[i].refs++;
    uint8_t sides = (uint8_t)(((w1 & MQUEUE_PAIR_READER) ? 1u << MQ_RING_READER : 0u) |
                              ((w1 & MQUEUE_PAIR_WRITER) ? 1u << MQ_RING_WRITER : 0u));
    *d = (struct pair_desc){
        .key = (uint32_t)qd + 1u,
        .v = &mp.pages[i].v,
        .page = (uint8_t)i,
        .sides = sides,
        .nonblock = (oflag & MQ_O_NONBLOCK) != 0,
        .lost = lost,
    };
    return PL_OK;
}

/* mq_notify on a pair queue: the request lives in the page, as the reader's flag armed
 * without a sleep (mq_ring_arm), and the writer's task signals it at its next send, as it
 * would a sleeping reader. So only a descriptor holding the reader side may make it, and the
 * notification must be the one the writer wakes this task by (mq_client_fast_use's): the
 * description lets the writer signal that one. One request per queue (the reader side is one
 * task's): a new one replaces it (the task cannot tell whether the last one fired), NULL
 * removes it (PL_ESTATE if none was made); neither asks the server. */
static int mp_notify(int qd, const struct mq_notification *how)
{
    struct pair_desc *d = mp_desc(qd);
    if (!d) {
        return mq_client_notify_server(qd, how);
    }
    if (!(d->sides & (1u << MQ_RING_READER))) {
        return PL_EBADF;
    }
    struct pair_page *p = &mp.pages[d->page];
    if (!how) {
        if (p->notify_key == 0) {
            return PL_ESTATE; /* none to remove, as on an ordinary queue */
        }
        p->notify_key = 0;
        mq_ring_disarm(&p->v, MQ_RING_READER);
        return PL_OK;
    }
    if (how->ntfn != mp.ntfn || how->bit != mp.bit) {
        return PL_EINVAL;
    }
    p->notify_key = (uint32_t)qd + 1u;
    mq_ring_arm(&p->v, MQ_RING_READER);
    return PL_OK;
}

static void mp_closing(int qd)
{
    struct pair_desc *d = mp_desc(qd);
    if (d) {
        struct pair_page *p = &mp.pages[d->page];
        if (p->notify_key == (uint32_t)qd + 1u) { /* its request goes with it, as POSIX says */
            p->notify_key = 0;
            mq_ring_disarm(&p->v, MQ_RING_READER);
        }
        d->key = 0;
        mp_unref(d->page);
    }
}

static void mp_setflags(int qd, uint32_t flags)
{
    struct pair_desc *d = mp_desc(qd);
    if (d) {
        d->nonblock = (flags & MQ_O_NONBLOCK) != 0;
    }
}

static struct mq_client_pair mp_ops = {
    .opened = mp_opened,
    .send = mp_send,
    .send_posix = mp_send_posix,
    .receive = mp_receive,
    .receive_posix = mp_receive_posix,
    .notify = mp_notify,
    .closing = mp_closing,
    .setflags = mp_setflags,
};

int mq_client_fast_use(uint32_t window, uint32_t windows, uint32_t ntfn, uint32_t bit)
{
    if (bit > 31u || windows == 0 || windows > MQ_CLIENT_PAIR_MAX) {
        return PL_EINVAL;
    }
    for (uint32_t i = 0; i < MQ_CLIENT_PAIR_MAX; i++) {
        if (mp.pages[i].page != 0 && (i >= windows || mp.window != window)) {
            return PL_ESTATE; /* pair queues still open in the windows given before */
        }
    }
    mp.window = window;
    mp.windows = windows;
    mp.ntfn = ntfn;
    mp.bit = bit;
    mp_ops.cookie = MQ_RING_COOKIE(ntfn, bit);
    mq_client_set_pair(&mp_ops);
    return PL_OK;
}

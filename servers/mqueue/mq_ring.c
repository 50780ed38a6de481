/*
 * servers/mqueue/mq_ring.c - a pair queue's ring in a lent page (mq_ring.h).
 *
 * Each function runs on one side only (the writer's, the reader's or the server's) and writes
 * only that side's words and slots. Everything read from the page (indices, a slot's length,
 * prio and type) is read once into a local, checked, and only the checked copy is used: the
 * other side may rewrite the page at any moment. The geometry comes from the view, copied and
 * checked at attach, never from the page again, so no value in the page can move an access
 * outside the block.
 *
 * Indices run 0 .. 2*maxmsg-1 and a slot number 0 .. maxmsg-1; both wrap by one compare and
 * one subtraction, never a division (the receive path runs on a Cortex-M3 for every message).
 *
 * The paths every message takes (a put, a get of the first message, the sleep handshake) are
 * in mq_ring_hot.h, inline, so that a task's send or receive needs no call per layer; the
 * functions of mq_ring.h named after them are those same bodies. Here: attaching, counting,
 * and what only a backlog needs (a receive among several messages, a gap to close).
 */
#include <string.h>

#include "mq_ring.h"
#include "mq_ring_hot.h" /* the send and receive paths, inline; and pl_order.h */

_Static_assert(sizeof(struct mq_ring) == 64u, "the header is 16 words");
_Static_assert(sizeof(struct mq_ring_slot) == 8u, "a slot's header is 8 bytes");

static uint32_t slot_size_of(uint32_t msgsize)
{
    return (MQ_RING_SLOT_HDR + msgsize + 3u) & ~3u;
}

uint32_t mq_ring_bytes(uint32_t maxmsg, uint32_t msgsize)
{
    /* Beyond the limits no block is large enough; inside them the product is small. */
    if (maxmsg > MQ_RING_MAXMSG_MAX || msgsize > MQ_RING_MSGSIZE_MAX) {
        return UINT32_MAX;
    }
    return MQ_RING_HDR + maxmsg * slot_size_of(msgsize);
}

static int geometry_ok(uint32_t maxmsg, uint32_t msgsize, uint32_t bytes)
{
    return maxmsg >= 1u && maxmsg <= MQ_RING_MAXMSG_MAX && msgsize >= 1u &&
           msgsize <= MQ_RING_MSGSIZE_MAX && mq_ring_bytes(maxmsg, msgsize) <= bytes;
}

int mq_ring_init(void *mem, uint32_t bytes, uint32_t maxmsg, uint32_t msgsize)
{
    if (!mem || ((uintptr_t)mem & 3u) != 0 || !geometry_ok(maxmsg, msgsize, bytes)) {
        return PL_EINVAL;
    }
    struct mq_ring *r = mem;
    /* The slots too: whatever the page held before is not handed to the two tasks. */
    memset(r, 0, mq_ring_bytes(maxmsg, msgsize));
    r->maxmsg = maxmsg;
    r->msgsize = msgsize;
    pl_store_release(&r->magic, MQ_RING_MAGIC);
    return PL_OK;
}

int mq_ring_attach(struct mq_ring_view *v, void *mem, uint32_t bytes)
{
    struct mq_ring *r = mem;
    if (!mem || ((uintptr_t)mem & 3u) != 0 || bytes < MQ_RING_HDR) {
        return PL_ESTATE;
    }
    uint32_t magic = pl_load_acquire(&r->magic);
    uint32_t maxmsg = r->maxmsg, msgsize = r->msgsize;
    uint32_t head = pl_load_acquire(&r->head), tail = pl_load_acquire(&r->tail);
    if (magic != MQ_RING_MAGIC || !geometry_ok(maxmsg, msgsize, bytes) ||
        !mq_ring_indices_ok(head, tail, maxmsg)) {
        return PL_ESTATE;
    }
    /* The geometry checked now is the one used from now on. Tokens go on from the last the
     * page shows for each side, so this life's sleeps never repeat a token of an earlier
     * life that the peer may have recorded as signalled. */
    uint32_t seed[2];
    for (int side = MQ_RING_READER; side <= MQ_RING_WRITER; side++) {
        uint32_t last = pl_load_relaxed(MQ_RING_LAST_TOKEN(r, side));
        uint32_t waits =
            pl_load_relaxed(side == MQ_RING_READER ? &r->reader_waits : &r->writer_waits);
        seed[side] = last != 0 ? last : waits;
    }
    *v = (struct mq_ring_view){
        .ring = r,
        .maxmsg = maxmsg,
        .msgsize = msgsize,
        .slot_size = slot_size_of(msgsize),
        .seen = 0,
        .token = {seed[MQ_RING_READER], seed[MQ_RING_WRITER]},
        .signalled = {0, 0},
        .tail = tail,
        .counted = tail, /* nothing counted: the prio arrays are zero */
    };
    return PL_OK;
}

int mq_ring_count(const struct mq_ring_view *v)
{
    struct mq_ring *r = v->ring;
    uint32_t head = pl_load_acquire(&r->head), tail = pl_load_acquire(&r->tail);
    if (!mq_ring_indices_ok(head, tail, v->maxmsg)) {
        return PL_ESTATE;
    }
    return (int)mq_ring_held(head, tail, v->maxmsg);
}

int mq_ring_put(struct mq_ring_view *v, uint32_t prio, int32_t type, const void *data, uint32_t len)
{
    return mq_ring_put_hot(v, prio, type, data, len);
}

/* The offset from tail (0 .. n-1) of the message msgrcv's type `want` takes among the n
 * held, or n if none. Only the type of each slot is read, once, and only compared. Out of
 * line, as the receive that takes the first message never calls it. */
__attribute__((noinline)) static uint32_t pick(const struct mq_ring_view *v, uint32_t tail,
                                               uint32_t n, int32_t want)
{
    uint32_t maxmsg = v->maxmsg, slot = mq_ring_slot_of(tail, maxmsg), found = n;
    int32_t best = 0;
    for (uint32_t j = 0; j < n; j++) {
        int32_t t = mq_ring_slot_at(v, slot)->type;
        if (mq_ring_type_better(t, want, found != n, best)) {
            found = j;
            best = t;
        }
        slot = slot + 1u == maxmsg ? 0 : slot + 1u;
    }
    return found;
}

/* Take the message at offset k (> 0) out of the arrival order: each of the k before it moves
 * one slot later, the one just before it first, so the freed slot is the first one's. */
void mq_ring_close_gap(const struct mq_ring_view *v, uint32_t tail, uint32_t k)
{
    uint32_t maxmsg = v->maxmsg;
    uint32_t to = mq_ring_slot_of(tail, maxmsg) + k; /* below 2*maxmsg */
    to = to < maxmsg ? to : to - maxmsg;
    for (uint32_t j = k; j > 0; j--) {
        uint32_t from = to == 0 ? maxmsg - 1u : to - 1u;
        mq_ring_copy((uint8_t *)mq_ring_slot_at(v, to), (const uint8_t *)mq_ring_slot_at(v, from),
                     v->slot_size);
        to = from;
    }
}

/* The reader's summary forgotten: nothing counted from `tail` on. */
MQ_RING_HOT void summary_reset(struct mq_ring_view *v, uint32_t tail)
{
    v->tail = tail;
    v->counted = tail;
    if (v->prio_bits != 0) {
        memset(v->prio_count, 0, sizeof(v->prio_count));
        v->prio_bits = 0;
    }
}

/* mq_ring_get by priority with more than one message held: the messages that came since the
 * last look are counted (each one's priority read from the page once, kept in the view), the
 * highest priority held is the summary's highest bit, and the first message of it, from
 * tail, is taken. With messages of one priority that is the first: no slot is read but the
 * new ones. The summary holds while the tail is the one this reader published and the
 * counted messages lie between tail and head; anything else starts it again. */
__attribute__((noinline)) static int get_by_prio(struct mq_ring_view *v, uint32_t head,
                                                 uint32_t tail, uint32_t n, void *buf,
                                                 uint32_t *prio, int32_t *got_type)
{
    uint32_t maxmsg = v->maxmsg;
    if (tail != v->tail || v->counted >= 2u * maxmsg ||
        mq_ring_held(v->counted, tail, maxmsg) > n) {
        summary_reset(v, tail);
    }
    while (v->counted != head) {
        uint32_t slot = mq_ring_slot_of(v->counted, maxmsg);
        uint32_t p = mq_ring_slot_at(v, slot)->prio; /* after head's acquire: the writer is done */
        if (p >= MQ_RING_PRIO_MAX) {
            return PL_ESTATE; /* not counted: the next look reads it again */
        }
        v->prio[slot] = (uint8_t)p;
        v->prio_count[p]++;
        v->prio_bits |= 1u << p;
        v->counted = mq_ring_next_index(v->counted, maxmsg);
    }
    uint32_t best = 31u - (uint32_t)__builtin_clz(v->prio_bits); /* n > 0: some bit is set */
    uint32_t first = mq_ring_slot_of(tail, maxmsg), slot = first, k = 0;
    while (v->prio[slot] != best) {
        if (++k == n) {
            return PL_ESTATE; /* cannot be: the summary lost a message */
        }
        slot = slot + 1u == maxmsg ? 0 : slot + 1u;
    }
    const struct mq_ring_slot *s = mq_ring_slot_at(v, slot);
    struct mq_ring_slot h = *s; /* read once: len checked and used, type returned */
    if (h.len > v->msgsize) {
        return PL_ESTATE;
    }
    mq_ring_copy(buf, s + 1, h.len);
    for (uint32_t to = slot, j = k; j > 0; j--) { /* the earlier ones one slot on, as close_gap */
        uint32_t from = to == 0 ? maxmsg - 1u : to - 1u;
        v->prio[to] = v->prio[from];
        to = from;
    }
    if (k > 0) {
        mq_ring_close_gap(v, tail, k);
    }
    if (--v->prio_count[best] == 0) {
        v->prio_bits &= ~(1u << best);
    }
    v->tail = mq_ring_next_index(tail, maxmsg);
    pl_store_release(&v->ring->tail, v->tail); /* copies before index */
    if (prio) {
        *prio = best;
    }
    if (got_type) {
        *got_type = h.type;
    }
    return (int)h.len;
}

/* mq_ring_get by type when the choice needs a scan (more than one held, a type not 0).
 * It reads the indices afresh (and checks them): nothing the caller read is trusted here. */
__attribute__((noinline)) static int get_scan(struct mq_ring_view *v, int32_t type, void *buf,
                                              uint32_t cap, uint32_t *prio, int32_t *got_type)
{
    struct mq_ring *r = v->ring;
    uint32_t maxmsg = v->maxmsg;
    uint32_t head = pl_load_acquire(&r->head), tail = pl_load_relaxed(&r->tail);
    if (!mq_ring_indices_ok(head, tail, maxmsg)) {
        return PL_ESTATE;
    }
    uint32_t n = mq_ring_held(head, tail, maxmsg), k = pick(v, tail, n, type);
    if (k == n) {
        v->seen = head;
        return PL_EAGAIN;
    }
    uint32_t slot = mq_ring_slot_of(tail, maxmsg) + k; /* below 2*maxmsg */
    const struct mq_ring_slot *s = mq_ring_slot_at(v, slot < maxmsg ? slot : slot - maxmsg);
    return mq_ring_take(v, s, *s, tail, k, buf, cap, prio, got_type);
}

int mq_ring_get_among(struct mq_ring_view *v, enum mq_ring_sel sel, int32_t type, uint32_t head,
                      uint32_t tail, uint32_t n, void *buf, uint32_t cap, uint32_t *prio,
                      int32_t *got_type)
{
    if (sel == MQ_RING_BY_PRIO) {
        return get_by_prio(v, head, tail, n, buf, prio, got_type);
    }
    return get_scan(v, type, buf, cap, prio, got_type);
}

int mq_ring_get(struct mq_ring_view *v, enum mq_ring_sel sel, int32_t type, void *buf, uint32_t cap,
                uint32_t *prio, int32_t *got_type)
{
    return mq_ring_get_hot(v, sel, type, buf, cap, prio, got_type);
}

int mq_ring_prepare_sleep(struct mq_ring_view *v, enum mq_ring_side side)
{
    return mq_ring_prepare_sleep_hot(v, side);
}

void mq_ring_woken(struct mq_ring_view *v, enum mq_ring_side side)
{
    mq_ring_woken_hot(v, side);
}

void mq_ring_arm(struct mq_ring_view *v, enum mq_ring_side side)
{
    v->armed[side] = 1;
    pl_store_release(mq_ring_waits_word(v, side), mq_ring_next_token(v, side));
    pl_fence_seq(); /* the flag is visible before whatever this side does next */
}

void mq_ring_disarm(struct mq_ring_view *v, enum mq_ring_side side)
{
    v->armed[side] = 0;
    pl_store_release(mq_ring_waits_word(v, side), 0);
}

int mq_ring_should_signal(struct mq_ring_view *v, enum mq_ring_side other)
{
    return mq_ring_should_signal_hot(v, other);
}

uint32_t mq_ring_cookie(const struct mq_ring_view *v, enum mq_ring_side side)
{
    struct mq_ring *r = v->ring;
    return pl_load_acquire(side == MQ_RING_READER ? &r->reader_cookie : &r->writer_cookie);
}

void mq_ring_set_cookie(const struct mq_ring_view *v, enum mq_ring_side side, uint32_t cookie)
{
    struct mq_ring *r = v->ring;
    pl_store_release(side == MQ_RING_READER ? &r->reader_cookie : &r->writer_cookie, cookie);
}

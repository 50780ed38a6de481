/*
 * servers/mqueue/mq_ring_hot.h - the send and receive paths of a pair queue's ring
 * (mq_ring.h) and its sleep handshake as inline functions, so that a task's mq_send or
 * mq_receive on a pair queue runs from the descriptor to the page and back in one function,
 * without a call per layer (docs/benchmarks.md, "Pair queues", has what that saved).
 *
 * mq_ring.c's mq_ring_put, mq_ring_get, mq_ring_should_signal, mq_ring_prepare_sleep and
 * mq_ring_woken are these same functions (the host tests reach them that way);
 * mq_client_fast.c inlines them. The rules are mq_ring.h's: every index and slot length read
 * from the page is read once into a local and checked before use, the geometry is the view's
 * (checked at attach). What only a backlog needs (a receive by priority or by type among
 * several messages, a gap to close) stays out of line in mq_ring.c (mq_ring_get_among,
 * mq_ring_close_gap), reached only from here.
 *
 * Only mq_ring.c and mq_client_fast.c include this file.
 */
#ifndef SERVERS_MQ_RING_HOT_H
#define SERVERS_MQ_RING_HOT_H

#include <stdint.h>
#include <string.h>

#include "mq_ring.h"
#include "pl_order.h" /* the arch's memory orders: on Cortex-M, one core, no DMB */

/* Inlined even at -Os: on these paths a call (and the registers it spills) costs more than
 * the bodies. */
#define MQ_RING_HOT static inline __attribute__((always_inline))

#define MQ_RING_HDR      ((uint32_t)sizeof(struct mq_ring))
#define MQ_RING_SLOT_HDR ((uint32_t)sizeof(struct mq_ring_slot))

/* A tail no ring has: the reader's summary is stale. */
#define MQ_RING_NO_TAIL 0xffffffffu

/* Out of line in mq_ring.c. A receive with n > 1 messages held (head and tail as read and
 * checked by the caller) by priority, or by a type other than 0; and the gap a taken message
 * at offset k > 0 from tail leaves, closed. */
int mq_ring_get_among(struct mq_ring_view *v, enum mq_ring_sel sel, int32_t type, uint32_t head,
                      uint32_t tail, uint32_t n, void *buf, uint32_t cap, uint32_t *prio,
                      int32_t *got_type);
void mq_ring_close_gap(const struct mq_ring_view *v, uint32_t tail, uint32_t k);

/* Messages held between tail and head, or more than maxmsg for a spoilt pair. Both are
 * below 2*maxmsg (checked by the caller). */
MQ_RING_HOT uint32_t mq_ring_held(uint32_t head, uint32_t tail, uint32_t maxmsg)
{
    return head >= tail ? head - tail : head + 2u * maxmsg - tail;
}

/* Are these indices a state the ring can be in? */
MQ_RING_HOT int mq_ring_indices_ok(uint32_t head, uint32_t tail, uint32_t maxmsg)
{
    return head < 2u * maxmsg && tail < 2u * maxmsg && mq_ring_held(head, tail, maxmsg) <= maxmsg;
}

MQ_RING_HOT uint32_t mq_ring_next_index(uint32_t i, uint32_t maxmsg)
{
    return i + 1u == 2u * maxmsg ? 0 : i + 1u;
}

/* The slot of index i (i < 2*maxmsg). */
MQ_RING_HOT uint32_t mq_ring_slot_of(uint32_t i, uint32_t maxmsg)
{
    return i < maxmsg ? i : i - maxmsg;
}

MQ_RING_HOT struct mq_ring_slot *mq_ring_slot_at(const struct mq_ring_view *v, uint32_t slot)
{
    return (struct mq_ring_slot *)(v->ring->slots + slot * v->slot_size);
}

/* Copy a message (n may be 0 with a NULL pointer, which memcpy must not see). */
MQ_RING_HOT void mq_ring_copy(void *dst, const void *src, uint32_t n)
{
    if (n > 0) {
        memcpy(dst, src, n);
    }
}

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "mq_ring_put_hot's first header word");

/* mq_ring.h's mq_ring_put. */
MQ_RING_HOT int mq_ring_put_hot(struct mq_ring_view *v, uint32_t prio, int32_t type,
                                const void *data, uint32_t len)
{
    if (len > v->msgsize) {
        return PL_EMSGSIZE;
    }
    if (prio >= MQ_RING_PRIO_MAX || type < 1 || (len > 0 && !data)) {
        return PL_EINVAL;
    }
    struct mq_ring *r = v->ring;
    uint32_t maxmsg = v->maxmsg;
    uint32_t head = pl_load_relaxed(&r->head), tail = pl_load_acquire(&r->tail);
    if (!mq_ring_indices_ok(head, tail, maxmsg)) {
        return PL_ESTATE;
    }
    if (mq_ring_held(head, tail, maxmsg) == maxmsg) {
        v->seen = tail;
        return PL_EFULL;
    }
    struct mq_ring_slot *s = mq_ring_slot_at(v, mq_ring_slot_of(head, maxmsg));
    /* len, prio and a zero reserved byte in one store (both parley's CPUs and the host are
     * little-endian) */
    uint32_t word0 = len | prio << 16;
    __builtin_memcpy(s, &word0, sizeof(word0));
    s->type = type;
    mq_ring_copy((uint8_t *)(s + 1), data, len);
    pl_store_release(&r->head, mq_ring_next_index(head, maxmsg)); /* the slot before the index */
    return PL_OK;
}

/* msgrcv's rules: does a message of type t suit `want` better than the best so far (of type
 * best, none yet if !have)? First among equal: a later one never beats an equal one. */
MQ_RING_HOT int mq_ring_type_better(int32_t t, int32_t want, int have, int32_t best)
{
    if (want > 0) {
        return !have && t == want;
    }
    if (want == 0) {
        return !have;
    }
    return t <= -want && (!have || t < best);
}

/* Hand over the message in slot s at offset k from tail (its header h, read once) and
 * publish tail: its length checked against msgsize and cap, copied, the gap closed. The
 * reader's summary is marked stale (mq_ring_get_among keeps it up to date instead). */
MQ_RING_HOT int mq_ring_take(struct mq_ring_view *v, const struct mq_ring_slot *s,
                             struct mq_ring_slot h, uint32_t tail, uint32_t k, void *buf,
                             uint32_t cap, uint32_t *prio, int32_t *got_type)
{
    if (h.len > v->msgsize) {
        return PL_ESTATE;
    }
    if (h.len > cap) {
        return PL_EMSGSIZE; /* BY_TYPE only (BY_PRIO's cap is at least msgsize): it stays */
    }
    mq_ring_copy(buf, s + 1, h.len);
    if (k > 0) {
        mq_ring_close_gap(v, tail, k);
    }
    v->tail = MQ_RING_NO_TAIL; /* the summary no longer holds: the next count starts over */
    pl_store_release(&v->ring->tail, mq_ring_next_index(tail, v->maxmsg)); /* copies first */
    if (prio) {
        *prio = h.prio;
    }
    if (got_type) {
        *got_type = h.type;
    }
    return (int)h.len;
}

/* mq_ring.h's mq_ring_get. The common cases take the first message here: one held, or
 * msgrcv's type 0; more than one held by priority or by another type go to
 * mq_ring_get_among. */
MQ_RING_HOT int mq_ring_get_hot(struct mq_ring_view *v, enum mq_ring_sel sel, int32_t type,
                                void *buf, uint32_t cap, uint32_t *prio, int32_t *got_type)
{
    if (sel == MQ_RING_BY_PRIO ? cap < v->msgsize : sel != MQ_RING_BY_TYPE || type == INT32_MIN) {
        return sel == MQ_RING_BY_PRIO ? PL_EMSGSIZE : PL_EINVAL;
    }
    struct mq_ring *r = v->ring;
    uint32_t maxmsg = v->maxmsg;
    uint32_t head = pl_load_acquire(&r->head), tail = pl_load_relaxed(&r->tail);
    if (!mq_ring_indices_ok(head, tail, maxmsg)) {
        return PL_ESTATE;
    }
    uint32_t n = mq_ring_held(head, tail, maxmsg);
    if (n == 0) {
        v->seen = head;
        return PL_EAGAIN;
    }
    if (n > 1u && (sel == MQ_RING_BY_PRIO || type != 0)) {
        return mq_ring_get_among(v, sel, type, head, tail, n, buf, cap, prio, got_type);
    }
    uint32_t slot = mq_ring_slot_of(tail, maxmsg);
    const struct mq_ring_slot *s = mq_ring_slot_at(v, slot);
    struct mq_ring_slot h = *s; /* read once: len checked and used, prio and type returned */
    if (sel == MQ_RING_BY_TYPE && !mq_ring_type_better(h.type, type, 0, 0)) {
        v->seen = head; /* the only message is not of the type asked for */
        return PL_EAGAIN;
    }
    if (tail == v->tail && v->counted != tail) {
        h.prio = v->prio[slot]; /* counted: its priority was read already */
    }
    return mq_ring_take(v, s, h, tail, 0, buf, cap, prio, got_type);
}

/* Each side's last token, kept after it wakes (mq_ring.h: reserved[0] the reader's,
 * reserved[1] the writer's): a new life of the side seeds from it. */
#define MQ_RING_LAST_TOKEN(r, side) (&(r)->reserved[(side) == MQ_RING_READER ? 0 : 1])

MQ_RING_HOT uint32_t *mq_ring_waits_word(const struct mq_ring_view *v, enum mq_ring_side side)
{
    return side == MQ_RING_READER ? &v->ring->reader_waits : &v->ring->writer_waits;
}

/* A token for this side's next sleep: never 0 (which means "not sleeping"). */
MQ_RING_HOT uint32_t mq_ring_next_token(struct mq_ring_view *v, enum mq_ring_side side)
{
    uint32_t t = v->token[side] + 1u == 0 ? 1u : v->token[side] + 1u;
    v->token[side] = t;
    pl_store_relaxed(MQ_RING_LAST_TOKEN(v->ring, side), t);
    return t;
}

/* What a side's flag holds once its sleep is over: 0, or a new token while a request
 * stands (mq_ring_arm). */
MQ_RING_HOT uint32_t mq_ring_flag_at_rest(struct mq_ring_view *v, enum mq_ring_side side)
{
    return v->armed[side] ? mq_ring_next_token(v, side) : 0;
}

/* mq_ring.h's mq_ring_prepare_sleep. */
MQ_RING_HOT int mq_ring_prepare_sleep_hot(struct mq_ring_view *v, enum mq_ring_side side)
{
    struct mq_ring *r = v->ring;
    uint32_t *flag = mq_ring_waits_word(v, side);
    pl_store_relaxed(flag, mq_ring_next_token(v, side));
    pl_fence_seq(); /* the flag is visible before we look at the other index again */
    uint32_t other = pl_load_relaxed(side == MQ_RING_READER ? &r->head : &r->tail);
    /* Out of range (a spoilt ring) is not "still the same": no sleeping on a broken ring. */
    int may_sleep = other == v->seen && other < 2u * v->maxmsg;
    if (!may_sleep) {
        pl_store_release(flag, mq_ring_flag_at_rest(v, side));
    }
    return may_sleep;
}

/* mq_ring.h's mq_ring_woken. */
MQ_RING_HOT void mq_ring_woken_hot(struct mq_ring_view *v, enum mq_ring_side side)
{
    pl_store_release(mq_ring_waits_word(v, side), mq_ring_flag_at_rest(v, side));
}

/* mq_ring.h's mq_ring_should_signal. */
MQ_RING_HOT int mq_ring_should_signal_hot(struct mq_ring_view *v, enum mq_ring_side other)
{
    pl_fence_seq(); /* our index store is visible before we read the other side's flag */
    uint32_t flag = pl_load_relaxed(mq_ring_waits_word(v, other));
    if (flag == 0 || flag == v->signalled[other]) {
        return 0;
    }
    v->signalled[other] = flag;
    return 1;
}

#endif

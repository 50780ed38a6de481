/*
 * servers/mqueue/mq_wait.c - the clients blocked on message queues, the order they are woken
 * in, their deadlines, mq_notify and a dead client's reclaim (see mq_core.h).
 *
 * A waiter records one client (the server's reply handle) blocked in a send or a receive,
 * with its arrival number; a blocked sender's message is kept in its waiter until there is
 * room. mq_progress hands out one wake-up per call, so the server answers each client as it
 * goes and the order is the one documented in mq_core.h: per queue, the first blocked sender
 * while there is room, then the first blocked receiver for which a message is there, then
 * the notification.
 *
 * Invariant: after mq_progress has reported nothing, no blocked sender waits on a queue with
 * room and no blocked receiver waits while a message for it is queued.
 */
#include <string.h>

#include "mq_core.h"
#include "mq_priv.h"

/* ---- blocked clients ---- */

static int free_waiter(const struct mq_table *t)
{
    for (uint32_t i = 0; i < MQ_MAX_WAITERS; i++) {
        if (t->waiters[i].kind == MQ_W_FREE) {
            return (int)i;
        }
    }
    return -1;
}

static struct mq_waiter *waiter_of(struct mq_table *t, uint32_t client)
{
    for (uint32_t i = 0; i < MQ_MAX_WAITERS; i++) {
        if (t->waiters[i].kind != MQ_W_FREE && t->waiters[i].client == client) {
            return &t->waiters[i];
        }
    }
    return NULL;
}

static int deadline_passed(const struct mq_table *t, struct mq_deadline dl)
{
    return dl.kind == MQ_UNTIL && (int32_t)(dl.at - t->now) <= 0;
}

/* Checks every wait shares; then a free waiter, or NULL with *err. */
static struct mq_waiter *wait_check(struct mq_table *t, uint32_t client, struct mq_deadline dl,
                                    int *err)
{
    int wi = free_waiter(t);
    *err = waiter_of(t, client)     ? PL_ESTATE
           : deadline_passed(t, dl) ? PL_ETIMEDOUT
           : wi < 0                 ? PL_EFULL
                                    : PL_OK;
    return *err == PL_OK ? &t->waiters[wi] : NULL;
}

static void waiter_fill(struct mq_table *t, struct mq_waiter *w, enum mq_wait_kind kind,
                        uint32_t badge, int qd, uint32_t client, struct mq_deadline dl)
{
    const struct mq_desc *d = mq_desc_get(t, badge, qd);
    memset(w, 0, sizeof(*w));
    w->kind = kind;
    w->queue = d->queue;
    w->desc = (uint32_t)qd & DESC_INDEX_MASK;
    w->badge = badge;
    w->client = client;
    w->seq = t->wait_seq++;
    w->deadline = dl;
}

int mq_wait_send(struct mq_table *t, uint32_t badge, int qd, uint32_t client,
                 const struct mq_msg *msg, struct mq_deadline dl)
{
    int err;
    const struct mq_queue *q = mq_send_check(t, badge, qd, msg, &err);
    if (!q) {
        return err;
    }
    if (q->count < q->maxmsg) {
        return PL_ESTATE; /* there is room: the server should have sent it */
    }
    struct mq_waiter *w = wait_check(t, client, dl, &err);
    if (!w) {
        return err;
    }
    waiter_fill(t, w, MQ_W_SEND, badge, qd, client, dl);
    w->prio = msg->prio;
    w->type = msg->type;
    w->len = msg->len;
    if (msg->len > 0) {
        memcpy(w->data, msg->data, msg->len);
    }
    return PL_OK;
}

int mq_wait_receive(struct mq_table *t, uint32_t badge, int qd, uint32_t client,
                    struct mq_select sel, uint32_t cap, struct mq_deadline dl)
{
    int err;
    struct mq_queue *q = mq_recv_check(t, badge, qd, sel, cap, &err);
    if (!q) {
        return err;
    }
    if (mq_msg_pick(t, q, sel)) {
        return PL_ESTATE; /* a message is there: the server should have taken it */
    }
    struct mq_waiter *w = wait_check(t, client, dl, &err);
    if (!w) {
        return err;
    }
    waiter_fill(t, w, MQ_W_RECV, badge, qd, client, dl);
    w->sel = sel;
    w->cap = cap;
    return PL_OK;
}

/* The earliest waiter of `kind` on queue qi for which `ready` holds, or NULL. */
static struct mq_waiter *first_waiter(struct mq_table *t, uint32_t qi, enum mq_wait_kind kind,
                                      int (*ready)(struct mq_table *, struct mq_waiter *))
{
    struct mq_waiter *best = NULL;
    for (uint32_t i = 0; i < MQ_MAX_WAITERS; i++) {
        struct mq_waiter *w = &t->waiters[i];
        if (w->kind == kind && w->queue == qi && (!best || mq_seq_before(w->seq, best->seq)) &&
            ready(t, w)) {
            best = w;
        }
    }
    return best;
}

static int sender_ready(struct mq_table *t, struct mq_waiter *w)
{
    const struct mq_queue *q = &t->queues[w->queue];
    return q->count < q->maxmsg;
}

static int receiver_ready(struct mq_table *t, struct mq_waiter *w)
{
    return mq_msg_pick(t, &t->queues[w->queue], w->sel) != NULL;
}

static void wake_sender(struct mq_table *t, struct mq_waiter *w, struct mq_wakeup *out)
{
    mq_msg_put(t, &t->queues[w->queue], w->prio, w->type, w->data, w->len);
    memset(out, 0, sizeof(*out));
    out->kind = MQ_WAKE_SENT;
    out->client = w->client;
    out->badge = w->badge;
    out->status = PL_OK;
    w->kind = MQ_W_FREE;
}

static void wake_receiver(struct mq_table *t, struct mq_waiter *w, struct mq_wakeup *out)
{
    struct mq_queue *q = &t->queues[w->queue];
    struct mq_slot *s = mq_msg_pick(t, q, w->sel);
    struct mq_msg m = {0, 0, 0, NULL};
    memset(out, 0, sizeof(*out));
    out->kind = MQ_WAKE_RECEIVED;
    out->client = w->client;
    out->badge = w->badge;
    out->status = s->len > w->cap ? PL_EMSGSIZE : PL_OK; /* a typed receive's match is too long */
    if (out->status == PL_OK) {
        mq_msg_take(q, s, out->data, &m);
    }
    out->prio = m.prio;
    out->type = m.type;
    out->len = m.len;
    w->kind = MQ_W_FREE;
}

/* The queue's notification, if it is due: 1 and *out. */
static int wake_notify(struct mq_queue *q, struct mq_wakeup *out)
{
    int due = q->became_nonempty && q->count > 0 && q->notify_armed;
    q->became_nonempty = 0;
    if (!due) {
        return 0;
    }
    memset(out, 0, sizeof(*out));
    out->kind = MQ_WAKE_NOTIFY;
    out->badge = q->notify_badge;
    out->cookie = q->notify_cookie;
    q->notify_armed = 0; /* one notification per request, as POSIX */
    return 1;
}

/* A bit per queue that may have something to do: a client waits on it, or it became
 * non-empty (its notification). mq_progress looks only at those: it runs after every request
 * of the server, mostly to find nothing. */
static uint32_t queues_to_visit(const struct mq_table *t)
{
    uint32_t mask = 0;
    for (uint32_t i = 0; i < MQ_MAX_WAITERS; i++) {
        if (t->waiters[i].kind != MQ_W_FREE) {
            mask |= 1u << t->waiters[i].queue;
        }
    }
    for (uint32_t qi = 0; qi < MQ_MAX_QUEUES; qi++) {
        if (t->queues[qi].became_nonempty) {
            mask |= 1u << qi;
        }
    }
    return mask;
}

_Static_assert(MQ_MAX_QUEUES <= 32u, "mq_progress keeps a bit per queue");

int mq_progress(struct mq_table *t, struct mq_wakeup *w)
{
    uint32_t mask = queues_to_visit(t);
    for (uint32_t qi = 0; mask != 0; qi++, mask >>= 1) {
        if (!(mask & 1u)) {
            continue;
        }
        struct mq_waiter *x = first_waiter(t, qi, MQ_W_SEND, sender_ready);
        if (x) {
            wake_sender(t, x, w);
            return 1;
        }
        x = first_waiter(t, qi, MQ_W_RECV, receiver_ready);
        if (x) {
            wake_receiver(t, x, w);
            return 1;
        }
        if (wake_notify(&t->queues[qi], w)) {
            return 1;
        }
    }
    return 0;
}

int mq_expire(struct mq_table *t, struct mq_wakeup *w)
{
    for (uint32_t i = 0; i < MQ_MAX_WAITERS; i++) {
        struct mq_waiter *x = &t->waiters[i];
        if (x->kind != MQ_W_FREE && deadline_passed(t, x->deadline)) {
            memset(w, 0, sizeof(*w));
            w->kind = MQ_WAKE_TIMEDOUT;
            w->client = x->client;
            w->badge = x->badge;
            w->status = PL_ETIMEDOUT;
            x->kind = MQ_W_FREE;
            return 1;
        }
    }
    return 0;
}

int mq_next_deadline(const struct mq_table *t, uint32_t *at)
{
    int found = 0;
    for (uint32_t i = 0; i < MQ_MAX_WAITERS; i++) {
        const struct mq_waiter *x = &t->waiters[i];
        if (x->kind == MQ_W_FREE || x->deadline.kind != MQ_UNTIL) {
            continue;
        }
        if (!found || (int32_t)(x->deadline.at - *at) < 0) {
            *at = x->deadline.at;
        }
        found = 1;
    }
    return found;
}

int mq_cancel(struct mq_table *t, uint32_t client)
{
    struct mq_waiter *w = waiter_of(t, client);
    if (!w) {
        return PL_ENOENT;
    }
    w->kind = MQ_W_FREE;
    return PL_OK;
}

/* ---- notification, reclaim ---- */

int mq_notify(struct mq_table *t, uint32_t badge, int qd, enum mq_notify_req req, uint32_t cookie)
{
    const struct mq_desc *d = mq_desc_get(t, badge, qd);
    if (!d) {
        return PL_EBADF;
    }
    struct mq_queue *q = &t->queues[d->queue];
    /* a pair queue's request is kept in its page by the client (mq_client_fast.c): none here */
    if (req == MQ_NOTIFY_ARM && !q->notify_armed && !q->pair) {
        q->notify_armed = 1;
        q->notify_badge = badge;
        q->notify_cookie = cookie;
        q->became_nonempty = 0; /* a queue already non-empty is told only after it empties */
        return PL_OK;
    }
    if (req == MQ_NOTIFY_DISARM && q->notify_armed && q->notify_badge == badge) {
        q->notify_armed = 0;
        return PL_OK;
    }
    return req == MQ_NOTIFY_ARM || req == MQ_NOTIFY_DISARM ? PL_ESTATE : PL_EINVAL;
}

uint32_t mq_reclaim(struct mq_table *t, uint32_t badge)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < MQ_MAX_WAITERS; i++) {
        if (t->waiters[i].kind != MQ_W_FREE && t->waiters[i].badge == badge) {
            t->waiters[i].kind = MQ_W_FREE;
            n++;
        }
    }
    for (uint32_t i = 0; i < MQ_MAX_QUEUES; i++) {
        struct mq_queue *q = &t->queues[i];
        if (q->state != MQ_Q_FREE && q->notify_armed && q->notify_badge == badge) {
            q->notify_armed = 0;
            n++;
        }
    }
    for (uint32_t i = 0; i < MQ_MAX_DESCS; i++) {
        struct mq_desc *d = &t->descs[i];
        if (d->state == MQ_D_OPEN && d->badge == badge) {
            d->state = MQ_D_FREE;
            mq_queue_release(&t->queues[d->queue]);
            n++;
        }
    }
    return n;
}

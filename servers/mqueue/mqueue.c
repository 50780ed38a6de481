/*
 * servers/mqueue/mqueue.c - the message-queue server: the protocol of mqueue.h over the
 * portable table of mq_core.h, run by the server runtime (a task, or in the kernel with
 * MODE=mono: it reaches the system only through user/lib/env.h).
 *
 * Each request is one core call. A send to a full queue or a receive from an empty one is
 * deferred (PL_SERVER_DEFER): the core keeps the client's reply handle, and after every
 * request and every deadline the server asks the core whom it can answer now
 * (mq_progress, mq_expire) and answers them with pl_env_reply.
 *
 * Dead clients. The server learns of a death in two ways, both ending in mq_reclaim(badge):
 *   - a client library says MQUEUE_HELLO as the first request of each life of its task, so a
 *     restarted client's earlier descriptors and its blocked request are dropped before it
 *     does anything else (its badge stays the same across restarts, its memory does not);
 *   - a deferred answer that pl_env_reply refuses with PL_EDEAD (the client died, or was
 *     restarted and has not said hello yet): whatever else the badge held goes too. The
 *     message a dead receiver was being given is lost with it.
 * A client that dies while blocked and is never restarted holds its slot until its wait ends
 * (a message for it, its deadline, or a server restart).
 *
 * mq_notify (MQUEUE_NOTIFY). The server signals a notification on a client's behalf, so it
 * must not be a confused deputy: the description lets it signal every notification of every
 * client that may ask, and a client could name another task's. So a request is accepted only
 * for a notification whose waiter is the asking task itself: the reply handle's task index
 * (set by the kernel, unforgeable) against sysgen's table of waiters (SYSTEM_NTFN_WAITERS in
 * system.h). A notification the server may not signal at all is refused the same way.
 */
#include <string.h>

#include "env.h"
#include "mq_core.h"
#include "mq_pair.h"
#include "mqueue.h"
#include "../names/names.h"
#include "runtime.h"
#include "server.h"
#include "system.h"

/* The waiters of the notifications this server may signal. If the description lets it signal
 * none, a table whose one entry is no task's: every MQUEUE_NOTIFY is PL_EPERM. */
#ifndef SYSTEM_NTFN_WAITERS
#define SYSTEM_NTFN_COUNT 1u
#define SYSTEM_NTFN_WAITERS                                                                        \
    {                                                                                              \
        0xffu                                                                                      \
    }
#endif

struct mqueue_state {
    struct mq_table table;
    struct mq_wakeup wake;       /* one at a time: answered before the next is asked for */
    uint8_t buf[MQ_MSGSIZE_MAX]; /* a received message on its way back */
    struct mq_attr attr;
};

static void mqueue_now(struct mqueue_state *s)
{
    s->table.now = (uint32_t)pl_env_uptime();
}

/* Answer one wake-up; a client that is gone is reclaimed. */
static void mqueue_answer(struct mqueue_state *s, const struct mq_wakeup *w)
{
    struct pl_reply rep = {0};
    if (w->kind == MQ_WAKE_RECEIVED && w->status == PL_OK) {
        rep = (struct pl_reply){w->prio, (uint32_t)w->type, (void *)w->data, w->len};
    }
    if (pl_env_reply(w->client, w->status, &rep) == PL_EDEAD) {
        mq_reclaim(&s->table, w->badge);
        mq_pair_sync(&s->table);
    }
}

/* Everything a change made possible: answers, and notifications (their cookie is
 * MQUEUE_NOTIFY_COOKIE, checked when it was registered). */
static void mqueue_progress(struct mqueue_state *s)
{
    while (mq_progress(&s->table, &s->wake)) {
        if (s->wake.kind == MQ_WAKE_NOTIFY) {
            (void)pl_env_signal(s->wake.cookie >> 5, 1u << (s->wake.cookie & 31u));
        } else {
            mqueue_answer(s, &s->wake);
        }
    }
}

/* 1 if the task of reply handle `client` is the waiter of notification ntfn, which this
 * server may signal (see the top of the file). */
static int mqueue_may_signal(uint32_t ntfn, uint32_t client)
{
    static const uint8_t waiters[] = SYSTEM_NTFN_WAITERS;
    return ntfn < SYSTEM_NTFN_COUNT && waiters[ntfn] == PL_TASK_INDEX(client);
}

static struct mq_deadline mqueue_deadline(uint32_t flags, uint32_t at)
{
    return (struct mq_deadline){(flags & MQUEUE_TIMED) ? MQ_UNTIL : MQ_FOREVER, at};
}

static int mqueue_nonblocking(struct mqueue_state *s, uint32_t badge, int qd)
{
    return mq_getattr(&s->table, badge, qd, &s->attr) == PL_OK &&
           (s->attr.flags & MQ_O_NONBLOCK) != 0;
}

/* ---- handlers ---- */

static int mqueue_on_hello(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct mqueue_state *s = state;
    rep->w0 = mq_reclaim(&s->table, req->badge);
    mq_pair_sync(&s->table);
    mqueue_progress(s); /* a slot or message it held may let others on */
    return PL_OK;
}

/* The checks of an open that only the server can make: a pair queue to be made needs a page
 * that holds it (else, without pages at all, it is made an ordinary queue: *oflag loses
 * MQ_O_PAIR); the opener of a pair queue must have a notification of its own to be woken by.
 * qi is the queue of the name, or -1. PL_OK and *pairq (the open is of a pair queue), or an
 * error. */
static int mqueue_pair_check(const struct mqueue_state *s, const struct pl_request *req,
                             const struct mqueue_open_req *o, int qi, uint32_t *oflag, int *pairq)
{
    int err = PL_OK;
    if (qi < 0 && (*oflag & MQ_O_CREAT) && (*oflag & MQ_O_PAIR)) {
        if (!mq_pair_can_lend()) {
            *oflag &= ~(uint32_t)MQ_O_PAIR;
        } else {
            err = mq_pair_create_check(o->maxmsg ? o->maxmsg : MQ_DEF_MAXMSG,
                                       o->msgsize ? o->msgsize : MQ_DEF_MSGSIZE);
        }
    }
    *pairq = qi >= 0 ? s->table.queues[qi].pair : (*oflag & MQ_O_CREAT) && (*oflag & MQ_O_PAIR);
    return err == PL_OK && *pairq ? mq_pair_cookie_check(o->pair, req->client) : err;
}

static int mqueue_on_open(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct mqueue_state *s = state;
    struct mqueue_open_req o;
    if (req->len < sizeof(o)) {
        return PL_EINVAL;
    }
    memcpy(&o, req->data, sizeof(o));
    struct mq_attr a = {o.maxmsg, o.msgsize, 0, 0};
    if ((req->w0 & MQ_O_CREAT) && o.msgsize > MQUEUE_MSG_MAX) {
        return PL_EINVAL; /* attributes count only when a queue is made */
    }
    const char *name = (const char *)req->data + sizeof(o);
    size_t len = req->len - sizeof(o);
    uint32_t oflag = req->w0;
    int pairq, qi = mq_find(&s->table, name, len), made = qi < 0;
    int err = mqueue_pair_check(s, req, &o, qi, &oflag, &pairq);
    if (err != PL_OK) {
        return err;
    }
    const struct mq_attr *attr = o.maxmsg == 0 && o.msgsize == 0 ? NULL : &a;
    int qd = mq_open(&s->table, req->badge, name, len, oflag, req->w1, attr);
    if (qd == PL_EBUSY && mq_pair_holder_dead(s->table.busy_badge)) {
        mq_reclaim(&s->table, s->table.busy_badge); /* as its next hello would */
        mq_pair_sync(&s->table);
        mqueue_progress(s);
        qd = mq_open(&s->table, req->badge, name, len, oflag, req->w1, attr);
    }
    if (qd < 0) {
        return qd;
    }
    if (pairq && (err = mq_pair_opened(&s->table, req, qd, o.pair, rep)) != PL_OK) {
        if (made) {
            (void)mq_unlink(&s->table, req->badge, name, len);
        }
        (void)mq_close(&s->table, req->badge, qd);
        mq_pair_sync(&s->table);
        return err;
    }
    rep->w0 = (uint32_t)qd;
    return PL_OK;
}

static int mqueue_on_close(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct mqueue_state *s = state;
    (void)rep;
    int err = mq_close(&s->table, req->badge, (int)req->w0);
    mq_pair_sync(&s->table); /* a side let go, or a pair queue's page back */
    return err;
}

static int mqueue_on_notify(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct mqueue_state *s = state;
    (void)rep;
    if (req->w1 == MQUEUE_NOTIFY_NONE) {
        return mq_notify(&s->table, req->badge, (int)req->w0, MQ_NOTIFY_DISARM, 0);
    }
    if (!mqueue_may_signal(req->w1 >> 5, req->client)) {
        return PL_EPERM;
    }
    return mq_notify(&s->table, req->badge, (int)req->w0, MQ_NOTIFY_ARM, req->w1);
}

static int mqueue_on_unlink(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct mqueue_state *s = state;
    (void)rep;
    int err = mq_unlink(&s->table, req->badge, req->data, req->len);
    mq_pair_sync(&s->table);
    return err;
}

static int mqueue_on_getattr(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct mqueue_state *s = state;
    int err = mq_getattr(&s->table, req->badge, (int)req->w0, &s->attr);
    if (err == PL_OK && (s->attr.flags & MQ_O_PAIR)) {
        mq_pair_count((uint32_t)mq_desc_queue(&s->table, req->badge, (int)req->w0, NULL), &s->attr);
    }
    if (err == PL_OK) {
        rep->data = &s->attr;
        rep->len = sizeof(s->attr);
    }
    return err;
}

static int mqueue_on_setflags(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct mqueue_state *s = state;
    (void)rep;
    return mq_setflags(&s->table, req->badge, (int)req->w0, req->w1);
}

static int mqueue_on_send(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct mqueue_state *s = state;
    struct mqueue_send_hdr h;
    (void)rep;
    if (req->len < sizeof(h)) {
        return PL_EINVAL;
    }
    memcpy(&h, req->data, sizeof(h));
    struct mq_msg m = {h.prio, h.type, req->len - (uint32_t)sizeof(h),
                       (uint8_t *)(uintptr_t)req->data + sizeof(h)};
    int qd = (int)req->w0;
    mqueue_now(s);
    int err = mq_send(&s->table, req->badge, qd, &m);
    if (err == PL_EFULL && !mqueue_nonblocking(s, req->badge, qd)) {
        err = mq_wait_send(&s->table, req->badge, qd, req->client, &m,
                           mqueue_deadline(h.flags, req->w1));
        err = err == PL_OK ? PL_SERVER_DEFER : err;
    } else if (err == PL_EFULL) {
        err = PL_EAGAIN;
    }
    mqueue_progress(s);
    return err;
}

static int mqueue_on_receive(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct mqueue_state *s = state;
    struct mqueue_recv_req r;
    if (req->len < sizeof(r)) {
        return PL_EINVAL;
    }
    memcpy(&r, req->data, sizeof(r));
    struct mq_select sel = {(r.flags & MQUEUE_BY_TYPE) ? MQ_SEL_TYPE : MQ_SEL_PRIO, r.type};
    uint32_t cap = r.cap < MQ_MSGSIZE_MAX ? r.cap : MQ_MSGSIZE_MAX;
    struct mq_msg m;
    int qd = (int)req->w0;
    mqueue_now(s);
    int err = mq_receive(&s->table, req->badge, qd, sel, s->buf, cap, &m);
    if (err == PL_OK) {
        *rep = (struct pl_reply){m.prio, (uint32_t)m.type, s->buf, m.len};
    } else if (err == PL_EAGAIN && !mqueue_nonblocking(s, req->badge, qd)) {
        err = mq_wait_receive(&s->table, req->badge, qd, req->client, sel, cap,
                              mqueue_deadline(r.flags, req->w1));
        err = err == PL_OK ? PL_SERVER_DEFER : err;
    }
    mqueue_progress(s); /* a slot freed lets a blocked sender in */
    return err;
}

/* ---- deadlines ---- */

static uint32_t mqueue_next_timeout(void *state)
{
    struct mqueue_state *s = state;
    uint32_t at;
    if (!mq_next_deadline(&s->table, &at)) {
        return PL_WAIT_FOREVER;
    }
    int32_t left = (int32_t)(at - (uint32_t)pl_env_uptime());
    return left > 0 ? (uint32_t)left : 0u;
}

static void mqueue_on_timeout(void *state)
{
    struct mqueue_state *s = state;
    mqueue_now(s);
    while (mq_expire(&s->table, &s->wake)) {
        mqueue_answer(s, &s->wake);
    }
}

/* Publish the server's name: the request names_client.c makes, through the same seam
 * (pl_env_names_ep, pl_env_call), which works as a task and, in MODE=mono, in the kernel. */
static int mqueue_register(void)
{
    struct pl_recvd rep;
    uint32_t names = pl_env_names_ep();
    if (names == PL_NO_EP) {
        return PL_EPERM;
    }
    return pl_env_call(names, NAMES_REGISTER, EP_MQUEUE, 0, MQUEUE_NAME, sizeof(MQUEUE_NAME) - 1u,
                       &rep, NULL, 0);
}

static void mqueue_init(void *state)
{
    struct mqueue_state *s = state;
    mq_init(&s->table, pl_env_generation());
    mq_pair_init();
    int err = mqueue_register();
    if (err != PL_OK) {
        pl_env_print("[mqueue] cannot register as '%s': %s", MQUEUE_NAME, pl_strerror(err));
    }
}

static struct mqueue_state mqueue_state;
static const pl_handler mqueue_handlers[MQUEUE_OP_COUNT] = {
    [MQUEUE_HELLO] = mqueue_on_hello,     [MQUEUE_OPEN] = mqueue_on_open,
    [MQUEUE_CLOSE] = mqueue_on_close,     [MQUEUE_UNLINK] = mqueue_on_unlink,
    [MQUEUE_GETATTR] = mqueue_on_getattr, [MQUEUE_SETFLAGS] = mqueue_on_setflags,
    [MQUEUE_SEND] = mqueue_on_send,       [MQUEUE_RECEIVE] = mqueue_on_receive,
    [MQUEUE_NOTIFY] = mqueue_on_notify,
};

const struct pl_server mqueue_server = {
    .name = "mqueue",
    .init = mqueue_init,
    .ep = EP_MQUEUE,
    .handlers = mqueue_handlers,
    .handler_count = MQUEUE_OP_COUNT,
    .state = &mqueue_state,
    .next_timeout = mqueue_next_timeout,
    .on_timeout = mqueue_on_timeout,
};

int mqueue_main(void);
int mqueue_main(void)
{
    pl_server_start(&mqueue_server);
}

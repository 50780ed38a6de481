/*
 * servers/pipe/pipe.c - the pipe server: the protocol of pipe.h over the portable table of
 * pipe_core.h, run by the server runtime (a task, or in the kernel with MODE=mono: it reaches
 * the system only through user/lib/env.h).
 *
 * On the server path every byte goes through the server: a write is copied from the writer into
 * the server's request buffer and from there into the pipe's ring, a read out of the ring into
 * the reader's reply (two kernel copies per request of at most PIPE_IO_MAX bytes). An unnamed
 * pipe whose two ends are in two tasks that both ask (PIPE_OP_FAST) goes onto the fast path:
 * pipe_lend.h lends them a page with the ring in it, and a read or write that still comes here
 * is answered PIPE_REPLY_FAST (nothing done: use the page); the server keeps the end counts
 * and mirrors them into the page (docs/ipc-catalogue.md, "The fast data path").
 *
 * A read of an empty pipe or a write to a full one is deferred (PL_SERVER_DEFER) unless the
 * request says PIPE_NONBLOCK; after every request the server answers whoever the change let
 * on (pipe_progress). Dead clients are found as by the message-queue server
 * (servers/mqueue/mqueue.c): PIPE_OP_HELLO from each new life of a client, and a deferred
 * answer that pl_env_reply refuses with PL_EDEAD; both end in pipe_reclaim(badge), which
 * closes the client's descriptors, so the other ends see end of file or EPIPE. Bytes being
 * given to a reader that died are lost with it.
 *
 * A write that finds no reader is answered PL_EPIPE and then its writer, and only it, is sent
 * SIGPIPE (pl_env_kill, allowed by the pipe task's `signals` key), as on Unix: by default it
 * ends the writer; ignored or caught, the write returns EPIPE. The answer goes first, also for
 * a write answered at once (pl_env_reply, then PL_SERVER_DEFER): a signal the writer catches
 * while it still waits would end its wait with PL_EINTR instead.
 */
#include <string.h>

#include "../names/names.h"
#include "env.h"
#include "pipe.h"
#include "pipe_core.h"
#include "pipe_lend.h"
#include "runtime.h"
#include "server.h"
#include "system.h"
#include <parley/signal.h>

struct pipe_srv_state {
    struct pipe_table table;
    struct pipe_wakeup wake;
    uint8_t buf[PIPE_IO_MAX];
    struct pipe_info info;
};

/* SIGPIPE for a writer just answered PL_EPIPE; one whose answer was refused gets none (its
 * task index may be a new life's by now). */
static void pipe_sigpipe(uint32_t client, int answered)
{
    if (answered == PL_OK) {
        (void)pl_env_kill(PL_TASK_INDEX(client), PL_SIGPIPE);
    }
}

/* Answer one blocked client; a client that is gone is reclaimed. */
static void pipe_answer(struct pipe_srv_state *s, const struct pipe_wakeup *w)
{
    struct pl_reply rep = {0};
    int status = w->result < 0 ? w->result : PL_OK;
    if (w->end == PIPE_READ_END && w->result > 0) {
        rep.data = (void *)w->data;
        rep.len = (uint32_t)w->result;
    }
    rep.w0 = w->result > 0 ? (uint32_t)w->result : 0u;
    int answered = pl_env_reply(w->client, status, &rep);
    if (answered == PL_EDEAD) {
        pipe_reclaim(&s->table, w->badge);
    } else if (w->end == PIPE_WRITE_END && status == PL_EPIPE) {
        pipe_sigpipe(w->client, answered);
    }
}

static void pipe_answer_all(struct pipe_srv_state *s)
{
    while (pipe_progress(&s->table, &s->wake)) {
        pipe_answer(s, &s->wake);
    }
    pipe_lend_sync(&s->table); /* ends closed meanwhile show in the lent pages */
}

/* badge's fd is on the fast path: answer a read or a write "use the page". */
static int pipe_is_fast(struct pipe_srv_state *s, const struct pl_request *req)
{
    uint32_t pi;
    return pipe_fast_slot(&s->table, req->badge, (int)req->w0, &pi) > 0;
}

/* Pipe pi just went fast: its blocked clients are told so (nothing was done for them). */
static void pipe_switch_waiters(struct pipe_srv_state *s, uint32_t pi)
{
    for (uint32_t i = 0; i < PIPE_MAX_WAITERS; i++) {
        struct pipe_waiter *w = &s->table.waiters[i];
        if (w->state == PIPE_W_WAITING && w->pipe == pi) {
            uint32_t client = w->client, badge = w->badge;
            struct pl_reply rep = {0, PIPE_REPLY_FAST, NULL, 0};
            (void)pipe_cancel(&s->table, client);
            if (pl_env_reply(client, PL_OK, &rep) == PL_EDEAD) {
                pipe_reclaim(&s->table, badge);
            }
        }
    }
}

static uint32_t pipe_cap(uint32_t asked)
{
    return asked == 0 ? PIPE_CAP_DEFAULT : asked;
}

/* ---- handlers ---- */

static int pipe_on_hello(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct pipe_srv_state *s = state;
    rep->w0 = pipe_reclaim(&s->table, req->badge);
    pipe_answer_all(s); /* its closed ends may mean end of file or EPIPE for others */
    return PL_OK;
}

static int pipe_on_pipe(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct pipe_srv_state *s = state;
    int fds[2];
    int err = pipe_create(&s->table, req->badge, pipe_cap(req->w0), fds);
    if (err == PL_OK) {
        rep->w0 = (uint32_t)fds[0];
        rep->w1 = (uint32_t)fds[1];
    }
    return err;
}

static int pipe_on_mkfifo(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct pipe_srv_state *s = state;
    (void)rep;
    return pipe_mkfifo(&s->table, req->badge, req->data, req->len, req->w0, pipe_cap(req->w1));
}

static int pipe_on_open(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct pipe_srv_state *s = state;
    if (req->w0 != PIPE_READ_END && req->w0 != PIPE_WRITE_END) {
        return PL_EINVAL;
    }
    int fd = pipe_open(&s->table, req->badge, req->data, req->len, (enum pipe_end)req->w0);
    if (fd < 0) {
        return fd;
    }
    rep->w0 = (uint32_t)fd;
    pipe_answer_all(s); /* a first reader lets blocked writers on, and so on */
    return PL_OK;
}

static int pipe_on_unlink(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct pipe_srv_state *s = state;
    (void)rep;
    return pipe_unlink(&s->table, req->badge, req->data, req->len);
}

static int pipe_on_close(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct pipe_srv_state *s = state;
    (void)rep;
    int err = pipe_close(&s->table, req->badge, (int)req->w0);
    pipe_answer_all(s); /* end of file for readers, EPIPE for writers */
    return err;
}

static int pipe_on_pass(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct pipe_srv_state *s = state;
    (void)rep;
    return pipe_pass(&s->table, req->badge, (int)req->w0, req->w1);
}

static int pipe_on_read(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct pipe_srv_state *s = state;
    uint32_t cap = req->w1 & ~PIPE_NONBLOCK;
    cap = cap < PIPE_IO_MAX ? cap : PIPE_IO_MAX;
    int n = pipe_read(&s->table, req->badge, (int)req->w0, s->buf, cap);
    if (n == PL_ESTATE && pipe_is_fast(s, req)) {
        rep->w1 = PIPE_REPLY_FAST;
        return PL_OK;
    }
    if (n == PL_EAGAIN && !(req->w1 & PIPE_NONBLOCK)) {
        n = pipe_wait_read(&s->table, req->badge, (int)req->w0, req->client, cap);
        n = n == PL_OK ? PL_SERVER_DEFER : n;
    } else if (n >= 0) {
        *rep = (struct pl_reply){(uint32_t)n, 0, s->buf, (uint32_t)n};
        n = PL_OK;
    }
    pipe_answer_all(s); /* room made lets blocked writers on */
    return n;
}

static int pipe_on_write(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct pipe_srv_state *s = state;
    int n = pipe_write(&s->table, req->badge, (int)req->w0, req->data, req->len);
    if (n == PL_ESTATE && pipe_is_fast(s, req)) {
        rep->w1 = PIPE_REPLY_FAST; /* PL_EPIPE still comes from pipe_write, with SIGPIPE */
        return PL_OK;
    }
    if (n == PL_EAGAIN && !(req->w1 & PIPE_NONBLOCK)) {
        n = pipe_wait_write(&s->table, req->badge, (int)req->w0, req->client, req->data, req->len);
        n = n == PL_OK ? PL_SERVER_DEFER : n;
    } else if (n >= 0) {
        rep->w0 = (uint32_t)n;
        n = PL_OK;
    }
    pipe_answer_all(s); /* bytes written let blocked readers on */
    if (n == PL_EPIPE) {
        pipe_sigpipe(req->client, pl_env_reply(req->client, PL_EPIPE, NULL));
        return PL_SERVER_DEFER; /* answered */
    }
    return n;
}

static int pipe_on_info(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct pipe_srv_state *s = state;
    int err = pipe_info(&s->table, req->badge, (int)req->w0, &s->info);
    uint32_t pi;
    if (err == PL_OK && pipe_fast_slot(&s->table, req->badge, (int)req->w0, &pi) > 0) {
        pipe_lend_info(&s->table, pi, &s->info);
    }
    if (err == PL_OK) {
        rep->data = &s->info;
        rep->len = sizeof(s->info);
    }
    return err;
}

static int pipe_on_fast(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct pipe_srv_state *s = state;
    uint32_t engaged;
    int err = pipe_lend_ask(&s->table, req, rep, &engaged);
    if (err == PL_OK && engaged) {
        pipe_switch_waiters(s, engaged - 1u);
        pipe_lend_sync(&s->table);
    }
    return err;
}

static int pipe_on_fast_check(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct pipe_srv_state *s = state;
    (void)rep;
    int64_t dead = pipe_lend_dead_peer(&s->table, req);
    if (dead < 0) {
        return (int)dead;
    }
    if (dead > 0) {
        pipe_reclaim(&s->table, (uint32_t)dead); /* as its next life's hello would */
        pipe_answer_all(s);
    }
    return PL_OK;
}

/* Publish the server's name: the request names_client.c makes, through the same seam
 * (pl_env_names_ep, pl_env_call), which works as a task and, in MODE=mono, in the kernel. */
static int pipe_register(void)
{
    struct pl_recvd rep;
    uint32_t names = pl_env_names_ep();
    if (names == PL_NO_EP) {
        return PL_EPERM;
    }
    return pl_env_call(names, NAMES_REGISTER, EP_PIPE, 0, PIPE_SERVER_NAME,
                       sizeof(PIPE_SERVER_NAME) - 1u, &rep, NULL, 0);
}

static void pipe_server_init(void *state)
{
    struct pipe_srv_state *s = state;
    pipe_init(&s->table, pl_env_generation());
    pipe_lend_init();
    int err = pipe_register();
    if (err != PL_OK) {
        pl_env_print("[pipe] cannot register as '%s': %s", PIPE_SERVER_NAME, pl_strerror(err));
    }
}

static struct pipe_srv_state pipe_srv_state;
static const pl_handler pipe_handlers[PIPE_OP_COUNT] = {
    [PIPE_OP_HELLO] = pipe_on_hello,   [PIPE_OP_PIPE] = pipe_on_pipe,
    [PIPE_OP_MKFIFO] = pipe_on_mkfifo, [PIPE_OP_OPEN] = pipe_on_open,
    [PIPE_OP_UNLINK] = pipe_on_unlink, [PIPE_OP_CLOSE] = pipe_on_close,
    [PIPE_OP_PASS] = pipe_on_pass,     [PIPE_OP_READ] = pipe_on_read,
    [PIPE_OP_WRITE] = pipe_on_write,   [PIPE_OP_INFO] = pipe_on_info,
    [PIPE_OP_FAST] = pipe_on_fast,     [PIPE_OP_FAST_CHECK] = pipe_on_fast_check,
};

const struct pl_server pipe_server = {
    .name = "pipe",
    .init = pipe_server_init,
    .ep = EP_PIPE,
    .handlers = pipe_handlers,
    .handler_count = PIPE_OP_COUNT,
    .state = &pipe_srv_state,
};

int pipe_main(void);
int pipe_main(void)
{
    pl_server_start(&pipe_server);
}

/*
 * user/lib/server.c - the server loop of server.h: receive, dispatch, reply.
 *
 * A server with no notifications and no deadlines (most of them) runs serve_plain(): one
 * register block (struct pl_serve_regs) lives across the iterations, the trap stores the
 * request's registers straight into the struct pl_request the handler sees, and the next
 * trap answers from the handler's struct pl_reply and receives the next request at once
 * (reply_recv), which the kernel's fast path takes. Nothing is copied between the trap and
 * the handler.
 *
 * A server with notifications or deadlines runs serve_general() on struct pl_ipc_regs. r8 is
 * both the reply target of reply_recv and the notification mask of a receive with
 * PL_IPC_NTFN, so one trap cannot do both: a server with a notify_mask answers with
 * pl_trap_reply, then receives with pl_trap_recv (two traps for a request it answers, one
 * for a deferred request or a notification). The handlers never see a cut request (answered
 * PL_ETRUNC here) nor an unknown opcode (answered PL_EINVAL by pl_server_dispatch).
 */
#include "server.h"

/* Requests arrive here; word-aligned so handlers may read the bytes as words. */
static uint32_t server_in[PL_IPC_MAX_BYTES / sizeof(uint32_t)];

/* Ticks until the server's next deadline, running the ones already due. */
static uint32_t next_deadline(const struct pl_server *srv)
{
    if (srv->next_timeout == NULL) {
        return PL_WAIT_FOREVER;
    }
    uint32_t ticks;
    while ((ticks = srv->next_timeout(srv->state)) == 0) {
        srv->on_timeout(srv->state);
    }
    return ticks;
}

static void set_receive(const struct pl_server *srv, struct pl_ipc_regs *io, uint32_t flags)
{
    uint32_t ticks = next_deadline(srv);
    io->r[0] = srv->ep | flags | (ticks == PL_WAIT_FOREVER ? 0u : PL_IPC_TIMED);
    io->r[6] = (uint32_t)(uintptr_t)server_in;
    io->r[7] = sizeof(server_in);
    io->r[9] = ticks; /* read only with PL_IPC_TIMED */
}

/* Answer `client` (0: nobody) with the reply already in r1-r5, then wait for the next
 * request or notification. */
static void answer_and_receive(const struct pl_server *srv, struct pl_ipc_regs *io, uint32_t client)
{
    if (srv->notify_mask == 0) {
        set_receive(srv, io, 0);
        io->r[8] = client;
        pl_trap_reply_recv(io);
        return;
    }
    if (client != 0) {
        io->r[0] = 0;
        io->r[6] = io->r[7] = io->r[9] = 0;
        io->r[8] = client;
        pl_trap_reply(io); /* a client that gave up meanwhile (PL_EDEAD) just misses it */
    }
    set_receive(srv, io, PL_IPC_NTFN);
    io->r[4] = io->r[5] = 0;
    io->r[8] = srv->notify_mask;
    pl_trap_recv(io);
}

/* A receive can fail only if the description gave no receive right: a broken system. */
static void receive_failed(const struct pl_server *srv, int err) __attribute__((noreturn));
static void receive_failed(const struct pl_server *srv, int err)
{
    pl_printf("[%s] cannot receive on endpoint %lu: %s\r\n", srv->name, (unsigned long)srv->ep,
              pl_strerror(err));
    pl_exit(1);
}

/* Nothing to answer: no bytes either (reply_recv checks its out buffer even then). */
static uint32_t no_answer(struct pl_ipc_regs *io)
{
    io->r[4] = io->r[5] = 0;
    return 0;
}

/* Serve what the last trap brought; returns the client to answer (0: none), whose reply now
 * sits in r1-r5 (label = the handler's status). */
static uint32_t serve_one(const struct pl_server *srv, struct pl_ipc_regs *io)
{
    int status = (int)io->r[0];
    if (status == PL_OK && io->r[1] == PL_LABEL_NOTIFICATION && io->r[5] == 0) {
        if (srv->on_notify != NULL) {
            srv->on_notify(srv->state, io->r[2]); /* badge 0: the kernel, not a client */
        }
        return no_answer(io);
    }
    if (status == PL_ETIMEDOUT) {
        srv->on_timeout(srv->state); /* only a server with next_timeout waits with a deadline */
        return no_answer(io);
    }
    if (status != PL_OK && status != PL_ETRUNC) {
        receive_failed(srv, status);
    }
    uint32_t client = io->r[4];
    struct pl_reply rep = {0};
    if (status == PL_OK) {
        struct pl_request req = {.op = io->r[1],
                                 .w0 = io->r[2],
                                 .w1 = io->r[3],
                                 .client = client,
                                 .badge = io->r[5],
                                 .len = io->r[6],
                                 .data = server_in};
        status = pl_server_dispatch(srv, &req, &rep);
    }
    if (status == PL_SERVER_DEFER) {
        return no_answer(io);
    }
    io->r[1] = (uint32_t)status;
    io->r[2] = rep.w0;
    io->r[3] = rep.w1;
    io->r[4] = (uint32_t)(uintptr_t)rep.data;
    io->r[5] = rep.len;
    return client;
}

static void serve_general(const struct pl_server *srv) __attribute__((noreturn));
static void serve_general(const struct pl_server *srv)
{
    struct pl_ipc_regs io = {{0}};
    uint32_t client = 0;
    for (;;) {
        answer_and_receive(srv, &io, client);
        client = serve_one(srv, &io);
    }
}

/* The trap stubs store r0-r6 over status..req.len and load r6-r9 from req.data..ticks. */
_Static_assert(offsetof(struct pl_serve_regs, req.op) == 4 &&
                   offsetof(struct pl_serve_regs, req.client) == 16 &&
                   offsetof(struct pl_serve_regs, req.len) == 24 &&
                   offsetof(struct pl_serve_regs, req.data) == 28 &&
                   offsetof(struct pl_serve_regs, ticks) == 40,
               "struct pl_serve_regs must follow the IPC registers (ipc_trap.S)");
_Static_assert(offsetof(struct pl_reply, w1) == 4 && offsetof(struct pl_reply, data) == 8 &&
                   offsetof(struct pl_reply, len) == 12,
               "struct pl_reply must follow the reply registers r2-r5 (ipc_trap.S)");

/* No notifications, no deadlines: every request answered is one trap, and the handler works
 * on the trap's own register block. */
static void serve_plain(const struct pl_server *srv) __attribute__((noreturn));
static void serve_plain(const struct pl_server *srv)
{
    struct pl_serve_regs io = {.req.data = server_in, .cap = sizeof(server_in)};
    struct pl_reply rep;
    uint32_t ep = srv->ep;
    int status = pl_trap_serve_recv(ep, &io);
    for (;;) {
        if (status == PL_OK) {
            status = pl_server_dispatch_inline(srv, &io.req, &rep);
        } else if (status == PL_ETRUNC) {
            pl_reply_clear(&rep); /* cut: answered so, with nothing */
        } else {
            receive_failed(srv, status);
        }
        if (status == PL_SERVER_DEFER) {
            status = pl_trap_serve_recv(ep, &io);
            continue;
        }
        io.target = io.req.client;
        status = pl_trap_serve_reply_recv(ep, status, &rep, &io);
    }
}

void pl_server_start(const struct pl_server *srv)
{
    if (srv->init != NULL) {
        srv->init(srv->state);
    }
    pl_server_run(srv);
}

void pl_server_run(const struct pl_server *srv)
{
    if (srv->notify_mask == 0 && srv->next_timeout == NULL) {
        serve_plain(srv);
    }
    serve_general(srv);
}

int pl_server_reply(uint32_t client, int status, const struct pl_reply *rep)
{
    struct pl_msg m = {.label = (uint32_t)status};
    if (rep != NULL) {
        m.w0 = rep->w0;
        m.w1 = rep->w1;
        m.data = rep->data;
        m.len = rep->len;
    }
    return pl_reply(client, &m);
}

/*
 * user/lib/server.c - the server loop of server.h: receive, dispatch, reply.
 *
 * One register block (struct pl_ipc_regs) lives across the iterations, so that a server
 * without notifications answers a request and receives the next one in a single trap
 * (reply_recv), which the kernel's fast path takes. r8 is both the reply target of
 * reply_recv and the notification mask of a receive with PL_IPC_NTFN, so one trap cannot do
 * both: a server with a notify_mask answers with pl_trap_reply, then receives with
 * pl_trap_recv (two traps for a request it answers, one for a deferred request or a
 * notification). The handlers never see a cut request (answered PL_ETRUNC here) nor an
 * unknown opcode (answered PL_EINVAL by pl_server_dispatch).
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
                                 .badge = io->r[5],
                                 .client = client,
                                 .data = server_in,
                                 .len = io->r[6]};
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

void pl_server_start(const struct pl_server *srv)
{
    if (srv->init != NULL) {
        srv->init(srv->state);
    }
    pl_server_run(srv);
}

void pl_server_run(const struct pl_server *srv)
{
    struct pl_ipc_regs io = {{0}};
    uint32_t client = 0;
    for (;;) {
        answer_and_receive(srv, &io, client);
        client = serve_one(srv, &io);
    }
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

int pl_server_call(uint32_t ep, uint32_t op, uint32_t w0, uint32_t w1, const void *data, size_t len,
                   struct pl_recvd *rep, void *buf, size_t cap)
{
    /* The call's registers written straight (what pl_call does through a struct pl_msg):
     * every service's clients pay this on each request. */
    struct pl_ipc_regs io = {.r = {ep, op, w0, w1, (uint32_t)(uintptr_t)data, (uint32_t)len,
                                   (uint32_t)(uintptr_t)buf, (uint32_t)cap, 0, 0}};
    pl_trap_call(&io);
    if (rep != NULL) {
        *rep = (struct pl_recvd){.label = io.r[1],
                                 .w0 = io.r[2],
                                 .w1 = io.r[3],
                                 .sender = io.r[4],
                                 .badge = io.r[5],
                                 .len = io.r[6]};
    }
    /* The IPC's own failure (PL_EDEAD, PL_ETRUNC of the reply, ...) comes first; otherwise
     * the reply's label is the server's answer. */
    return io.r[0] != PL_OK ? (int)io.r[0] : (int)io.r[1];
}

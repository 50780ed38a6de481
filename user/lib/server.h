/*
 * server.h - the server runtime: receive a request, dispatch on its opcode, reply.
 *
 * A server is a table of handlers, one per opcode of its protocol (the protocol header in
 * servers/<name>/ that clients include). pl_server_run() loops forever: it receives on the
 * server's endpoint, calls the handler of the request's label, and replies with what the
 * handler filled in, in one trap per request (reply_recv). A handler only sees a request and
 * fills a reply: it makes no IPC of its own to answer, so the same handlers can be linked
 * into the kernel and called directly in a monolithic build.
 *
 * A handler may keep a request unanswered (return PL_SERVER_DEFER) and answer it later with
 * pl_server_reply(), e.g. a console holding a "read a line" request until Enter is pressed.
 * Notification bits (interrupts) for the server go to its on_notify hook.
 */
#ifndef USER_SERVER_H
#define USER_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "parley.h"
#include <parley/server.h>

/* An empty reply, field by field: a struct assignment may become a memset call. */
static inline void pl_reply_clear(struct pl_reply *rep)
{
    rep->w0 = rep->w1 = 0;
    rep->data = NULL;
    rep->len = 0;
}

/* pl_server_dispatch() (parley/server.h) itself, inline for the runtime's own loop: a handler
 * fills only what it sends back, the rest of the reply is zero, never stale; an opcode
 * without a handler is PL_EINVAL. */
static inline int pl_server_dispatch_inline(const struct pl_server *srv,
                                            const struct pl_request *req, struct pl_reply *rep)
{
    pl_reply_clear(rep);
    if (req->op >= srv->handler_count || srv->handlers == NULL || srv->handlers[req->op] == NULL) {
        return PL_EINVAL; /* an opcode this server's protocol does not have */
    }
    return srv->handlers[req->op](srv->state, req, rep);
}

/* A server task's whole life (MODE=micro): srv->init, then pl_server_run(srv). */
void pl_server_start(const struct pl_server *srv) __attribute__((noreturn));
/* Serve forever. Unknown opcodes are answered with PL_EINVAL, a message cut to the server's
 * buffer with PL_ETRUNC, without calling any handler. */
void pl_server_run(const struct pl_server *srv) __attribute__((noreturn));
/* Answer a request a handler deferred. */
int pl_server_reply(uint32_t client, int status, const struct pl_reply *rep);

/* Client side: call a server's opcode; the reply's label is the status (the IPC's own failure,
 * PL_EDEAD or PL_ETRUNC of the reply, ..., comes first). Inline: the call's registers are its
 * arguments as they are, and the trap is the whole call (every service's clients pay it). */
static inline int pl_server_call(uint32_t ep, uint32_t op, uint32_t w0, uint32_t w1,
                                 const void *data, size_t len, struct pl_recvd *rep, void *buf,
                                 size_t cap); /* in the arch's trap_inline.h (parley.h) */

/* The server runtime's register block (server.c, ipc_trap.S): what a receive returns in r0-r6,
 * the request the handlers see, then what the next receive takes in r6-r9. */
struct pl_serve_regs {
    uint32_t status;       /* r0 */
    struct pl_request req; /* r1-r6; req.data: the in buffer (r6 of the next receive) */
    uint32_t cap;          /* r7: its capacity */
    uint32_t target;       /* r8 of reply_recv: the client answered (0: nobody) */
    uint32_t ticks;        /* r9: read only with PL_IPC_TIMED */
};
int pl_trap_serve_reply_recv(uint32_t ep_flags, int status, const struct pl_reply *rep,
                             struct pl_serve_regs *io);
int pl_trap_serve_recv(uint32_t ep_flags, struct pl_serve_regs *io);

#endif

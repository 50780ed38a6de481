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
#ifndef PARLEY_SERVER_H
#define PARLEY_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "parley.h"

#define PL_SERVER_DEFER 1 /* handler result: no reply now (pl_server_reply later) */

struct pl_request {
    uint32_t op;      /* the label: an opcode of the protocol */
    uint32_t w0, w1;  /* data words */
    uint32_t badge;   /* who asks (from the system description) */
    uint32_t client;  /* reply handle, for a deferred reply */
    const void *data; /* the bytes that came with it */
    uint32_t len;     /* how many (more than PL_IPC_MAX_BYTES never arrive) */
};

struct pl_reply {
    uint32_t w0, w1; /* data words back */
    void *data;      /* bytes back (the server's own buffer), or NULL */
    uint32_t len;
};

/* Returns PL_OK or a negative enum pl_err (sent as the reply's label: the client's status),
 * or PL_SERVER_DEFER. */
typedef int (*pl_handler)(void *state, const struct pl_request *req, struct pl_reply *rep);

struct pl_server {
    const char *name;
    uint32_t ep;                /* endpoint it receives on */
    const pl_handler *handlers; /* indexed by opcode; NULL entries are unknown opcodes */
    uint32_t handler_count;
    void *state;          /* passed to every handler */
    uint32_t notify_mask; /* notification bits to wake for (0: none) */
    void (*on_notify)(void *state, uint32_t bits);
    /* Deadlines (NULL: none). Before each wait the runtime asks next_timeout how many ticks
     * remain until the server's next deadline (PL_WAIT_FOREVER: none); if they pass with no
     * request and no notification, it calls on_timeout. A deadline already due (0) runs
     * on_timeout before waiting; on_timeout must move or clear it. */
    uint32_t (*next_timeout)(void *state);
    void (*on_timeout)(void *state);
};

/* Serve forever. Unknown opcodes are answered with PL_EINVAL, a message cut to the server's
 * buffer with PL_ETRUNC, without calling any handler. */
void pl_server_run(const struct pl_server *srv) __attribute__((noreturn));
/* Dispatch one request to its handler: what pl_server_run does for each (and what a
 * monolithic build calls directly). Returns the handler's result. */
int pl_server_dispatch(const struct pl_server *srv, const struct pl_request *req,
                       struct pl_reply *rep);
/* Answer a request a handler deferred. */
int pl_server_reply(uint32_t client, int status, const struct pl_reply *rep);

/* Client side: call a server's opcode; the reply's label is the status. */
int pl_server_call(uint32_t ep, uint32_t op, uint32_t w0, uint32_t w1, const void *data, size_t len,
                   struct pl_recvd *rep, void *buf, size_t cap);

#endif

/*
 * parley/server.h - a server as a table of handlers: the contract between a server's code and
 * whatever runs it.
 *
 * A server (servers/<name>/, the demo's hello) exports one `const struct pl_server` and
 * nothing else: its name, its endpoint, a handler per opcode of its protocol, its state, an
 * init function, and the hooks for notifications and deadlines. Two things can run it:
 *   - MODE=micro: the server runtime in a task of its own (user/lib/server.h,
 *     pl_server_start): receive, dispatch, reply, in one trap per request;
 *   - MODE=mono: the kernel, which calls the handler of a client's request in the client's
 *     own trap (sys/kserver_mono.c), and the notification and deadline hooks itself.
 * A handler sees one request and fills its reply; it reaches the system only through
 * user/lib/env.h, which has an implementation for each mode.
 */
#ifndef PARLEY_SERVER_H
#define PARLEY_SERVER_H

#include <stdint.h>

#define PL_SERVER_DEFER 1 /* handler result: no reply now (pl_env_reply later) */

/* In the order of the registers a receive returns (r1-r6, parley/ipc.h), so that the server
 * runtime's trap stores them straight into it; `data` (the runtime's buffer) comes last. */
struct pl_request {
    uint32_t op;      /* the label: an opcode of the protocol */
    uint32_t w0, w1;  /* data words */
    uint32_t client;  /* reply handle, for a deferred reply */
    uint32_t badge;   /* who asks (from the system description) */
    uint32_t len;     /* how many bytes (more than PL_IPC_MAX_BYTES never arrive) */
    const void *data; /* the bytes that came with it */
};

/* In the order of the reply's registers r2-r5 (parley/ipc.h): the runtime's trap loads them
 * straight from it. */
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
    /* Sets the server up (its state, its device); NULL: nothing to do. Called once before
     * the first request: at the start of the task (MODE=micro, pl_server_start) or at boot,
     * in the kernel (MODE=mono). It may use user/lib/env.h, not block. */
    void (*init)(void *state);
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

/* Dispatch one request to its handler: what the task runtime does for each request, and what
 * the kernel does in MODE=mono. Returns the handler's result, or PL_EINVAL for an opcode the
 * server does not have (the reply is then left empty). Pure: user/lib/server_dispatch.c. */
int pl_server_dispatch(const struct pl_server *srv, const struct pl_request *req,
                       struct pl_reply *rep);

#endif

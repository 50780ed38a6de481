/*
 * user/lib/server_dispatch.c - the pure half of the server runtime (server.h): one request to
 * its handler.
 *
 * No system calls here: the host unit tests (tests/host/test_server_dispatch.c) link this file
 * as it is, and a monolithic build may call it directly instead of going through IPC.
 */
#include "server.h"

int pl_server_dispatch(const struct pl_server *srv, const struct pl_request *req,
                       struct pl_reply *rep)
{
    /* A handler fills only what it sends back; the rest of the reply is zero, never stale. */
    rep->w0 = rep->w1 = 0; /* field by field: a struct assignment may become a memset call */
    rep->data = NULL;
    rep->len = 0;
    if (req->op >= srv->handler_count || srv->handlers == NULL || srv->handlers[req->op] == NULL) {
        return PL_EINVAL; /* an opcode this server's protocol does not have */
    }
    return srv->handlers[req->op](srv->state, req, rep);
}

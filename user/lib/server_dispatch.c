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
    return pl_server_dispatch_inline(srv, req, rep);
}

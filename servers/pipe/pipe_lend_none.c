/*
 * servers/pipe/pipe_lend_none.c - no fast data path (pipe_lend.h): for a pipe server without
 * pages (in the kernel, MODE=mono, or an image that does not give it any). Every pipe stays
 * on the server path; a client that asks is told "never".
 */
#include "pipe_lend.h"

void pipe_lend_init(void)
{
}

int pipe_lend_ask(struct pipe_table *t, const struct pl_request *req, struct pl_reply *rep,
                  uint32_t *engaged)
{
    uint32_t pi;
    (void)rep;
    *engaged = 0;
    return pipe_fast_slot(t, req->badge, (int)req->w0, &pi) < 0 ? PL_EBADF : PL_ESTATE;
}

void pipe_lend_sync(struct pipe_table *t)
{
    (void)t;
}

int64_t pipe_lend_dead_peer(const struct pipe_table *t, const struct pl_request *req)
{
    (void)t;
    (void)req;
    return PL_EBADF;
}

void pipe_lend_info(const struct pipe_table *t, uint32_t pi, struct pipe_info *info)
{
    (void)t;
    (void)pi;
    (void)info;
}

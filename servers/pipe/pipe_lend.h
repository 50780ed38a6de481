/*
 * servers/pipe/pipe_lend.h - the pipe server's side of the fast data path: lending a page with
 * a ring in it to the two ends of a pipe (docs/ipc-catalogue.md, "The fast data path").
 *
 * Two files give it, and a description lists one of them beside pipe.c:
 *   - pipe_lend.c: the server is a task that owns pages (`pages`, one `window`, and
 *     `caps = status` to tell whether an end's task still lives); it lends them with
 *     pl_shm_grant(..., PL_SHM_KEEP), so that its own crash leaves the ends their page;
 *   - pipe_lend_none.c: no fast path (a server in the kernel, MODE=mono, owns no pages, and an
 *     image may not want it): every pipe stays on the server path.
 */
#ifndef SERVERS_PIPE_LEND_H
#define SERVERS_PIPE_LEND_H

#include "pipe_core.h"
#include <parley/server.h>

void pipe_lend_init(void);

/* PIPE_OP_FAST: PL_OK and *rep (page, end, the peer's notification) when the pipe is fast now;
 * *engaged is then the pipe's index + 1 if this request moved it (its blocked clients must be
 * told to use the page), else 0. PL_EAGAIN, PL_ESTATE, PL_EBADF as pipe_fast_ask. */
int pipe_lend_ask(struct pipe_table *t, const struct pl_request *req, struct pl_reply *rep,
                  uint32_t *engaged);

/* After ends closed (close, a client reclaimed): mirror each lent pipe's ends into its page and
 * take back the pages of pipes that are gone. */
void pipe_lend_sync(struct pipe_table *t);

/* PIPE_OP_FAST_CHECK: the badge of the fast peer of fd that is dead (to reclaim), 0 if it
 * lives (or cannot be told), or PL_EBADF (negative) for a descriptor that is not fast. */
int64_t pipe_lend_dead_peer(const struct pipe_table *t, const struct pl_request *req);

/* For fstat and poll on a fast end: bytes held and readiness from the page. */
void pipe_lend_info(const struct pipe_table *t, uint32_t pi, struct pipe_info *info);

#endif

/*
 * servers/pipe/pipe_client.h - the pipe server's client library: one function per request of
 * pipe.h, on the server's own descriptor numbers. A task lists pipe_client.c and
 * servers/names/names_client.c in its sources and needs a send right on the server's
 * endpoint and the name server's. The POSIX face (pipe(), mkfifo(), pipe_open_fd(), then
 * read(), write(), close(), fcntl(), fstat() on C library descriptors) is pipe_fd.h.
 *
 * Results are parley's: >= 0 on success, a negative enum pl_err on failure. PL_EDEAD: the
 * server died while the request was in it, or is down; after a server restart every
 * descriptor opened before is PL_EBADF.
 */
#ifndef SERVERS_PIPE_CLIENT_H
#define SERVERS_PIPE_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <parley/error.h>
#include <parley/ipc.h>

#include "pipe.h"

/* Use endpoint ep for the server from now on, without asking the name server. */
void pipe_client_bind(uint32_t ep);

/* Say PIPE_OP_HELLO now (otherwise the first request does): the server drops what an earlier
 * life of this task held. A task that will be handed pipe ends (pipe_client_pass) calls it
 * at its start, before it tells anyone it is there: a later hello would drop them too.
 * pipe_fd_use() calls it. PL_OK or the error of the lookup or the call. */
int pipe_client_hello(void);

/* A new pipe of `capacity` bytes (0: PIPE_CAP_DEFAULT): fds[0] reads, fds[1] writes. */
int pipe_client_pipe(int fds[2], uint32_t capacity);
int pipe_client_mkfifo(const char *name, uint32_t mode, uint32_t capacity);
int pipe_client_open(const char *name, enum pipe_end end); /* a descriptor, or an error */
int pipe_client_unlink(const char *name);
int pipe_client_close(int sfd);
/* Hand sfd to the task whose badge on the pipe server's endpoint is `badge` (system.h names
 * it BADGE_PIPE_<TASK>); tell it the number in a message of your own. */
int pipe_client_pass(int sfd, uint32_t badge);
int pipe_client_info(int sfd, struct pipe_info *out);

/* Flags of a read or a write. */
enum pipe_client_flag {
    PIPE_CLIENT_BLOCK = 0,
    PIPE_CLIENT_NONBLOCK = 1,
};

/* Bytes read (at most cap, and one request's PIPE_IO_MAX), 0 at end of file, or PL_EBADF,
 * PL_EAGAIN (non-blocking and empty). */
int pipe_client_read(int sfd, void *buf, size_t cap, enum pipe_client_flag flag);
/* Blocking: every byte, in requests of at most PIPE_IO_MAX (a write of at most PIPE_ATOMIC
 * bytes is one request, never split), or the error that stopped it (PL_EPIPE) when nothing
 * was written. Non-blocking: what the pipe took, PL_EAGAIN if nothing. */
int pipe_client_write(int sfd, const void *buf, size_t len, enum pipe_client_flag flag);

/* ---- the fast data path (pipe_client_fast.c; docs/ipc-catalogue.md, "The fast data path") ----
 *
 * A task that lists pipe_client_fast.c and pipe_ring.c and calls pipe_client_fast_use() once
 * moves the bytes of one unnamed pipe end at a time by loads and stores through a page the
 * server lends it, when its peer end is in another task that did the same: reads and writes
 * (and so read(), write(), stdio) take the fast path without being asked. `window` is a window
 * of the task (`windows` in its description) that nothing else uses; the peer wakes this task
 * by setting `bit` in notification `ntfn`, whose waiter is this task and whose signalers must
 * include the peer's task. PL_OK, or PL_EINVAL (a bit past 31). After a server restart the
 * first read or write of an end on the fast path answers PL_EBADF, and one asleep in a read or
 * write does at once (the kernel tells a holder of a lent page: docs/ipc.md, "Kept grants"). */
int pipe_client_fast_use(uint32_t window, uint32_t ntfn, uint32_t bit);
/* For tests and tools: the ring page the fast end uses now, or NULL. */
void *pipe_client_fast_page(void);

/* What pipe_client_fast.c plugs in (nothing for a task that does not list it). read and write
 * answer PIPE_CLIENT_NOT_FAST for a descriptor that is not (or not yet) on the fast path;
 * switched() is called when the server answered PIPE_REPLY_FAST; forget(sfd, after) around a
 * close or a pass of sfd. */
#define PIPE_CLIENT_NOT_FAST (-1000)
struct pipe_client_fast {
    int (*read)(int sfd, void *buf, size_t cap, enum pipe_client_flag flag);
    int (*write)(int sfd, const void *buf, size_t len, enum pipe_client_flag flag);
    int (*switched)(int sfd);
    void (*forget)(int sfd, int after);
    const uint32_t *skip; /* bit (sfd % 32) set: read and write would answer NOT_FAST now */
};
void pipe_client_set_fast(const struct pipe_client_fast *fast);
/* One request of op on sfd, for pipe_client_fast.c: the status, and the answer in *rep. */
int pipe_client_request(uint32_t op, int sfd, uint32_t w1, struct pl_recvd *rep);

#endif

/*
 * servers/pipe/pipe_core.h - the pipe server's portable half: a fixed table of pipes and named
 * FIFOs, each a bounded byte ring (pipe_ring.h) with reader and writer end counts, the
 * descriptors clients hold on them, and the clients blocked in a read or a write.
 *
 * Nothing here makes a system call. The server task (not built yet) turns each request into
 * one call below and, after every request, calls pipe_progress() until it reports nothing,
 * answering each client it names; tests/host/test_pipe_core.c drives it the same way.
 *
 * Rules (docs/ipc-catalogue.md, "Pipes" and "FIFOs"):
 *   - a descriptor is one end (read or write) of one pipe and belongs to one badge; any other
 *     badge using it, or using it for the other direction, gets PL_EBADF. pipe_pass() hands
 *     a descriptor to another badge (how a pipe's end reaches the task at the other side);
 *   - a FIFO has a name, an owner (the creator's badge) and a mode like a message queue's;
 *     opening an end the mode does not grant is PL_EACCES; only the owner unlinks;
 *   - a write of at most PIPE_ATOMIC bytes goes in whole or not at all, so writes of several
 *     writers never interleave inside one of them; a longer one takes what fits (at least
 *     one byte) and the C library repeats the rest, as a blocking write() must;
 *   - a read takes what is there (up to its buffer); when the pipe is empty it is end of file
 *     (0 bytes) if a writer was there and all writers have closed, else it would block;
 *   - a write with no reader left is PL_EPIPE; with no reader yet (a FIFO nobody opened for
 *     reading so far) it would block, as a blocking open() would have;
 *   - "would block" is PL_EAGAIN: the server answers it (O_NONBLOCK, which the client's
 *     descriptor table keeps and sends with each request) or blocks the client
 *     (pipe_wait_read / pipe_wait_write);
 *   - blocked clients are woken per pipe, writers first, each kind in arrival order;
 *   - when the last descriptor of a FIFO closes its bytes are dropped (as on Unix); an
 *     unnamed or unlinked pipe is freed then;
 *   - descriptors carry the server's instance: after a restart old ones are PL_EBADF.
 *
 * The fast data path (docs/ipc-catalogue.md, "The fast data path"): an unnamed pipe with one
 * reader and one writer, held by two tasks that both asked for it (pipe_fast_ask), may be moved
 * into a ring in a shared page the server lends to both (pipe_fast_engage): the bytes the
 * table's ring holds move there, and from then on the table only keeps the end counts (the
 * server mirrors them into the page's `ends` word, pipe_fast_ends); reads and writes through the
 * server on such a pipe answer PL_ESTATE (the server tells the client to use its page), except
 * a write with no reader left (PL_EPIPE, so the server still sends SIGPIPE). Everything else
 * (FIFOs, several writers, a pipe whose ends are in one task) goes through the server and this
 * table.
 */
#ifndef SERVERS_PIPE_CORE_H
#define SERVERS_PIPE_CORE_H

#include <stddef.h>
#include <stdint.h>

#include <parley/error.h>

#include "pipe.h" /* the ends, modes, limits and pipe_info clients use too */
#include "pipe_ring.h"

#define PIPE_MAX          8u  /* pipes and FIFOs alive at one time */
#define PIPE_MAX_DESCS    16u /* open descriptors, all clients together; at most 256 */
#define PIPE_MAX_WAITERS  8u  /* clients blocked in a read or write */
#define PIPE_INSTANCE_MAX 0x7fffffu

#define PIPE_RING_WORDS ((sizeof(struct pipe_ring) + PIPE_CAP_MAX + 1u + 3u) / 4u)

enum pipe_state {
    PIPE_FREE,
    PIPE_UNNAMED,  /* made by pipe_create: freed with its last descriptor */
    PIPE_NAMED,    /* a FIFO, found by its name */
    PIPE_UNLINKED, /* a FIFO whose name is gone: freed with its last descriptor */
};

/* Which ends a pipe has had since its ends were last all closed. */
enum pipe_seen {
    PIPE_SEEN_READER = 0x1,
    PIPE_SEEN_WRITER = 0x2,
};

struct pipe_entry {
    enum pipe_state state;
    char name[PIPE_NAME_MAX + 1];
    uint32_t owner, mode;
    uint32_t readers, writers; /* descriptors open on each end */
    uint32_t seen;             /* enum pipe_seen bits */
    uint32_t fast;             /* the server's lend slot + 1 once on the fast path, else 0 */
    struct pipe_ring_view ring;
    uint32_t mem[PIPE_RING_WORDS]; /* the ring: header and capacity + 1 bytes */
};

enum pipe_dstate {
    PIPE_D_FREE,
    PIPE_D_OPEN,
};

struct pipe_desc {
    enum pipe_dstate state;
    uint32_t pipe, badge;
    enum pipe_end end;
    uint32_t fast_task; /* the task id that asked for the fast path on it (pipe_fast_ask) */
    uint32_t fast_how;  /* its notification and bit (PIPE_FAST_HOW), PIPE_FAST_ASKED set; 0: none */
};

#define PIPE_FAST_ASKED 0x80000000u

enum pipe_wstate {
    PIPE_W_FREE,
    PIPE_W_WAITING,
};

struct pipe_waiter {
    enum pipe_wstate state;
    enum pipe_end end; /* reading or writing */
    uint32_t pipe, desc, badge, client, seq;
    uint32_t len; /* a writer's bytes, or a reader's buffer */
    uint8_t data[PIPE_IO_MAX];
};

/* What pipe_progress asks the server to do: answer `client` with `result` (bytes read or
 * written, 0 = end of file for a read, or PL_EPIPE for a write) and, for a read, data. */
struct pipe_wakeup {
    enum pipe_end end;
    uint32_t client, badge;
    int result;
    uint8_t data[PIPE_IO_MAX];
};

struct pipe_table {
    struct pipe_entry pipes[PIPE_MAX];
    struct pipe_desc descs[PIPE_MAX_DESCS];
    struct pipe_waiter waiters[PIPE_MAX_WAITERS];
    uint32_t instance;
    uint32_t wait_seq;
};

/* Start empty; `instance` must change across a restart (see mq_init). */
void pipe_init(struct pipe_table *t, uint32_t instance);

/* pipe(): a new unnamed pipe of `capacity` bytes (PIPE_CAP_MIN .. PIPE_CAP_MAX), both ends
 * held by `badge`: fds[0] reads, fds[1] writes. PL_EINVAL, PL_EFULL (no pipe or fewer than
 * two descriptors free). */
int pipe_create(struct pipe_table *t, uint32_t badge, uint32_t capacity, int fds[2]);

/* mkfifo(): a FIFO named `name` owned by badge. PL_EINVAL (bad name, mode or capacity),
 * PL_ENAMETOOLONG, PL_EEXIST, PL_EFULL. */
int pipe_mkfifo(struct pipe_table *t, uint32_t badge, const char *name, size_t len, uint32_t mode,
                uint32_t capacity);

/* open() of a FIFO's end: a descriptor (>= 0), or PL_EINVAL, PL_ENAMETOOLONG, PL_ENOENT,
 * PL_EACCES, PL_EFULL. Never blocks (see the header comment for what replaces that). */
int pipe_open(struct pipe_table *t, uint32_t badge, const char *name, size_t len,
              enum pipe_end end);

/* unlink(): the name goes at once (owner only: PL_EACCES); PL_EINVAL, PL_ENAMETOOLONG,
 * PL_ENOENT. */
int pipe_unlink(struct pipe_table *t, uint32_t badge, const char *name, size_t len);

/* close(): PL_EBADF, PL_ESTATE while a wait on it is recorded. */
int pipe_close(struct pipe_table *t, uint32_t badge, int fd);

/* Hand descriptor fd from badge to `to` (not 0, the kernel's): the same number works for
 * `to` and no longer for badge. PL_EBADF, PL_EINVAL, PL_ESTATE (a wait on it). */
int pipe_pass(struct pipe_table *t, uint32_t badge, int fd, uint32_t to);

/* write(): bytes taken (0 only for len 0), or PL_EBADF, PL_EINVAL (len above PIPE_IO_MAX,
 * data NULL), PL_EPIPE, PL_EAGAIN (would block: nothing taken). */
int pipe_write(struct pipe_table *t, uint32_t badge, int fd, const void *data, uint32_t len);

/* read(): bytes copied into buf (0: end of file, or cap 0), or PL_EBADF, PL_EINVAL,
 * PL_EAGAIN (would block). */
int pipe_read(struct pipe_table *t, uint32_t badge, int fd, void *buf, uint32_t cap);

/* For fstat() and poll(): struct pipe_info (pipe.h). */
int pipe_info(const struct pipe_table *t, uint32_t badge, int fd, struct pipe_info *out);

/* Block `client` in a read of up to cap bytes (cut to PIPE_IO_MAX) or a write of len bytes
 * that would block now. Errors as pipe_read / pipe_write, and PL_ESTATE (it would not block,
 * or the client already waits), PL_EFULL (no free waiter). */
int pipe_wait_read(struct pipe_table *t, uint32_t badge, int fd, uint32_t client, uint32_t cap);
int pipe_wait_write(struct pipe_table *t, uint32_t badge, int fd, uint32_t client, const void *data,
                    uint32_t len);

/* The next blocked client that can be answered: 1 and *w, or 0. */
int pipe_progress(struct pipe_table *t, struct pipe_wakeup *w);

/* ---- the fast data path ---- */

/* The two ends of a pipe that may go (or went) fast: descriptor indices, the task ids and the
 * notification words each end gave. `slot` is the pipe's lend slot + 1, 0 if not engaged yet. */
struct pipe_fast_pair {
    uint32_t pipe, slot;
    uint32_t desc[2]; /* by enum pipe_end */
    uint32_t task[2], how[2];
};

/* badge's descriptor fd asks for the fast path for task id `task`, waking through `how`
 * (PIPE_FAST_HOW of pipe.h). PL_OK and *pair when both ends have asked (or the pipe is fast
 * already); PL_EAGAIN (recorded: the other end has not asked yet); PL_ESTATE (never: a FIFO,
 * several ends, both ends in one task, or bytes the page could not take); PL_EBADF. */
int pipe_fast_ask(struct pipe_table *t, uint32_t badge, int fd, uint32_t task, uint32_t how,
                  struct pipe_fast_pair *pair);

/* Move pipe pi onto the ring at mem (bytes long, word aligned), its lend slot + 1 being `slot`:
 * the ring is set up, the bytes the table held move into it, its ends are mirrored. PL_OK, or
 * PL_EINVAL (no room for a ring of the pipe's bytes: nothing changed). */
int pipe_fast_engage(struct pipe_table *t, uint32_t pi, uint32_t slot, void *mem, uint32_t bytes);

/* The ends word (enum pipe_ring_ends) pipe pi's ring must show now. */
uint32_t pipe_fast_ends(const struct pipe_table *t, uint32_t pi);

/* badge's descriptor fd: its pipe's lend slot + 1 (0: not fast), or PL_EBADF. With *pi. */
int pipe_fast_slot(const struct pipe_table *t, uint32_t badge, int fd, uint32_t *pi);

/* Forget the wait of `client` (its deadline passed): PL_OK or PL_ENOENT. */
int pipe_cancel(struct pipe_table *t, uint32_t client);

/* A client died: drop its waits and close its descriptors; returns how many there were. */
uint32_t pipe_reclaim(struct pipe_table *t, uint32_t badge);

#endif

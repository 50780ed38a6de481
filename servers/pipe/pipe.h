/*
 * servers/pipe/pipe.h - the pipe server's protocol: what its clients include.
 *
 * The server (pipe.c) registers PIPE_SERVER_NAME in the name server; clients find its
 * endpoint there and call it, usually through pipe_client.h (raw server descriptors) or the
 * C library's descriptors (user/lib/fd.h: pipe(), read(), write(), ...). The answer's label
 * is the status (PL_OK or a negative enum pl_err). A read of an empty pipe or a write to a
 * full one is answered only when it can go on, or at once with PL_EAGAIN when the request
 * carries PIPE_NONBLOCK (the client's descriptor keeps O_NONBLOCK, not the server).
 *
 * Identity is the caller's badge on the server's endpoint, as for the message-queue server
 * (servers/mqueue/mqueue.h): a descriptor works only for its badge, a task's first request of
 * each of its lives is PIPE_OP_HELLO, which drops what an earlier life of the badge left (its
 * descriptors are closed, so the other side of its pipes sees end of file or EPIPE).
 */
#ifndef SERVERS_PIPE_H
#define SERVERS_PIPE_H

#include <stdint.h>

#define PIPE_SERVER_NAME "pipe"

#define PIPE_NAME_MAX 15u         /* longest FIFO name */
#define PIPE_ATOMIC   128u        /* PIPE_BUF: writes up to this size are never split */
#define PIPE_CAP_MIN  PIPE_ATOMIC /* a ring smaller than PIPE_BUF could never take one */
#define PIPE_CAP_MAX  1024u       /* largest buffer one pipe may ask for */
#define PIPE_IO_MAX   256u        /* bytes of one read or write request (one IPC message) */

enum pipe_end {
    PIPE_READ_END,
    PIPE_WRITE_END,
};

enum pipe_mode {
    PIPE_MODE_OWNER_READ = 0x1,
    PIPE_MODE_OWNER_WRITE = 0x2,
    PIPE_MODE_OTHER_READ = 0x4,
    PIPE_MODE_OTHER_WRITE = 0x8,
    PIPE_MODE_ALL = 0xf,
};

/* For fstat() and poll(): bytes held, capacity, ends open, and whether a read / a write of one
 * byte would not block now (1) or would (0). */
struct pipe_info {
    uint32_t count, capacity, readers, writers;
    enum pipe_end end;
    uint32_t readable, writable;
};

enum pipe_op {
    PIPE_OP_HELLO = 0,  /* -> w0 = how many things of an earlier life were dropped */
    PIPE_OP_PIPE,       /* w0 = capacity (0: PIPE_CAP_DEFAULT) -> w0 = read fd, w1 = write fd */
    PIPE_OP_MKFIFO,     /* w0 = mode (PIPE_MODE_*), w1 = capacity (0: default), data = name */
    PIPE_OP_OPEN,       /* w0 = enum pipe_end, data = name -> w0 = fd */
    PIPE_OP_UNLINK,     /* data = name */
    PIPE_OP_CLOSE,      /* w0 = fd */
    PIPE_OP_PASS,       /* w0 = fd, w1 = the badge (on this endpoint) of the task to hand it to */
    PIPE_OP_READ,       /* w0 = fd, w1 = bytes wanted (<= PIPE_IO_MAX) | PIPE_NONBLOCK
                         * -> data = the bytes (none: end of file) */
    PIPE_OP_WRITE,      /* w0 = fd, w1 = PIPE_NONBLOCK or 0, data = the bytes -> w0 = taken */
    PIPE_OP_INFO,       /* w0 = fd -> data = struct pipe_info (above) */
    PIPE_OP_FAST,       /* w0 = fd, w1 = PIPE_FAST_HOW(ntfn, bit) the caller waits on
                         * -> w0 = page | end << 16, w1 = PIPE_FAST_HOW the peer waits on;
                         * PL_EAGAIN: recorded, the other end has not asked yet; PL_ESTATE: never
                         * (docs/ipc-catalogue.md, "The fast data path") */
    PIPE_OP_FAST_CHECK, /* w0 = fd: a fast end waited long; is its peer alive? -> PL_OK (if it
                         * is dead its end is closed now: the page's ends word says so) */
    PIPE_OP_COUNT
};

/* A notification and one of its bits, as PIPE_OP_FAST carries them. */
#define PIPE_FAST_HOW(ntfn, bit) ((uint32_t)(ntfn) | (uint32_t)(bit) << 16)
#define PIPE_FAST_NTFN(how)      ((how)&0xffffu)
#define PIPE_FAST_BIT(how)       (((how) >> 16) & 0x1fu)
/* In w1 of the answer to a read or a write: nothing done, the descriptor's pipe went onto the
 * fast path; ask PIPE_OP_FAST for the page. */
#define PIPE_REPLY_FAST 0x1u
/* A fast end that has waited this many ticks asks PIPE_OP_FAST_CHECK: a peer that died without
 * a restart is found within about this long. */
#define PIPE_FAST_CHECK_TICKS 20u

#define PIPE_NONBLOCK    0x80000000u /* in w1 of a read or a write: answer PL_EAGAIN */
#define PIPE_CAP_DEFAULT 512u        /* bytes of a pipe's buffer when the creator gives none */

#endif

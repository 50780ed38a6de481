/*
 * user/lib/fd.h - the task's table of C library descriptors above stdin, stdout and stderr.
 *
 * Descriptors 0, 1 and 2 stay the console (newlib.c). From PL_FD_FIRST on, each open
 * descriptor is a handle of some server together with that server's operations (struct
 * pl_fd_ops), which its client library gives when it installs the descriptor: the pipe
 * server's (servers/pipe/pipe_fd.c) is the first. So this layer never names a server: the
 * user library includes no servers/ header (tools/check-layering.sh), the server's client
 * library registers itself, one descriptor at a time, and a task that uses no server links
 * none of them. O_NONBLOCK is kept here, per descriptor, and passed to every operation.
 *
 * newlib's read, write, close, fstat, isatty, fcntl (F_GETFL, F_SETFL with O_NONBLOCK) and
 * open come here for these descriptors (newlib.c), and so does stdio through fdopen. Results
 * are parley's (>= 0, or a negative enum pl_err); newlib.c turns them into errno.
 */
#ifndef PARLEY_FD_H
#define PARLEY_FD_H

#include <stddef.h>
#include <stdint.h>

#define PL_FD_FIRST 3  /* the first descriptor this table gives */
#define PL_FD_COUNT 12 /* how many it holds: descriptors 3 .. 14 */

enum pl_fd_flag {
    PL_FD_NONBLOCK = 0x1,
};

enum pl_fd_kind {
    PL_FD_FIFO, /* a pipe or a named FIFO */
};

struct pl_fd_stat {
    enum pl_fd_kind kind;
    uint32_t size; /* bytes waiting to be read */
};

/* What a server's client library does for its descriptors; `flags` are enum pl_fd_flag. */
struct pl_fd_ops {
    int (*read)(int handle, void *buf, size_t cap, uint32_t flags);
    int (*write)(int handle, const void *buf, size_t len, uint32_t flags);
    int (*close)(int handle);
    int (*stat)(int handle, struct pl_fd_stat *out);
    /* What the handle is ready for now, as enum pl_poll_event bits; never blocks. */
    int (*ready)(int handle, uint32_t *revents);
};

/* poll(): newlib has none; pl_poll (fd_poll.c) waits on several descriptors at once. */
enum pl_poll_event {
    PL_POLLIN = 0x1,    /* a read would not block (bytes, or end of file) */
    PL_POLLOUT = 0x4,   /* a write of one byte would not block */
    PL_POLLERR = 0x8,   /* a write would fail: no reader left (EPIPE) */
    PL_POLLHUP = 0x10,  /* the other side is gone: end of file */
    PL_POLLNVAL = 0x20, /* not an open descriptor */
};

struct pl_pollfd {
    int fd;           /* < 0: ignored */
    uint32_t events;  /* PL_POLLIN, PL_POLLOUT asked for */
    uint32_t revents; /* what is so: what was asked, and ERR, HUP, NVAL always */
};

/* A new descriptor for `handle` of ops' server: >= PL_FD_FIRST, or PL_EFULL. */
int pl_fd_install(const struct pl_fd_ops *ops, int handle, uint32_t flags);
/* Forget fd without closing its handle (the handle was handed on). PL_EBADF. */
int pl_fd_forget(int fd);
/* fd's handle if fd is open with ops, else PL_EBADF. */
int pl_fd_handle(int fd, const struct pl_fd_ops *ops);

int pl_fd_read(int fd, void *buf, size_t cap);
int pl_fd_write(int fd, const void *buf, size_t len);
int pl_fd_close(int fd); /* the descriptor is free again even if the server refused */
int pl_fd_stat(int fd, struct pl_fd_stat *out);
int pl_fd_getflags(int fd); /* enum pl_fd_flag bits, or PL_EBADF */
int pl_fd_setflags(int fd, uint32_t flags);

/* One look at every descriptor of fds: fills revents, returns how many have any, or the
 * first error a server gave (PL_EDEAD ...). Never blocks; pl_poll repeats it. */
int pl_fd_poll_scan(struct pl_pollfd *fds, unsigned n);

/* Wait until one of the n descriptors is ready or `timeout` ticks passed (PL_WAIT_FOREVER,
 * PL_NO_WAIT: look once): how many are ready (0: the timeout), or an error. It looks once per
 * tick, so it sees a change within a tick, at one request per descriptor per tick (fd_poll.c).
 */
int pl_poll(struct pl_pollfd *fds, unsigned n, uint32_t timeout);

/* open() of a name: the client library that serves names registers itself here
 * (servers/pipe/pipe_fd.h, pipe_fd_use()). oflag: O_RDONLY or O_WRONLY, with O_NONBLOCK. */
void pl_fd_set_opener(int (*open)(const char *path, int oflag));
int pl_fd_open(const char *path, int oflag); /* PL_ENOENT when no opener is registered */

#endif

/*
 * user/lib/fd.c - the descriptor table of fd.h: a fixed array in the task's RAM, no system
 * call of its own (each operation is the installing server's). A restarted task starts with
 * an empty table, as its servers forget its handles (their HELLO).
 */
#include <parley/error.h>

#include "fd.h"

struct pl_fd_entry {
    const struct pl_fd_ops *ops; /* NULL: free */
    int handle;
    uint32_t flags;
};

static struct pl_fd_entry fd_table[PL_FD_COUNT];
static int (*fd_opener)(const char *path, int oflag);

static struct pl_fd_entry *fd_get(int fd)
{
    if (fd < PL_FD_FIRST || fd >= PL_FD_FIRST + PL_FD_COUNT) {
        return 0;
    }
    struct pl_fd_entry *e = &fd_table[fd - PL_FD_FIRST];
    return e->ops ? e : 0;
}

int pl_fd_install(const struct pl_fd_ops *ops, int handle, uint32_t flags)
{
    for (int i = 0; i < (int)PL_FD_COUNT; i++) {
        if (!fd_table[i].ops) {
            fd_table[i] = (struct pl_fd_entry){ops, handle, flags & PL_FD_NONBLOCK};
            return PL_FD_FIRST + i;
        }
    }
    return PL_EFULL;
}

int pl_fd_forget(int fd)
{
    struct pl_fd_entry *e = fd_get(fd);
    if (!e) {
        return PL_EBADF;
    }
    e->ops = 0;
    return PL_OK;
}

int pl_fd_handle(int fd, const struct pl_fd_ops *ops)
{
    struct pl_fd_entry *e = fd_get(fd);
    return e && e->ops == ops ? e->handle : PL_EBADF;
}

int pl_fd_read(int fd, void *buf, size_t cap)
{
    struct pl_fd_entry *e = fd_get(fd);
    return e ? e->ops->read(e->handle, buf, cap, e->flags) : PL_EBADF;
}

int pl_fd_write(int fd, const void *buf, size_t len)
{
    struct pl_fd_entry *e = fd_get(fd);
    return e ? e->ops->write(e->handle, buf, len, e->flags) : PL_EBADF;
}

int pl_fd_close(int fd)
{
    struct pl_fd_entry *e = fd_get(fd);
    if (!e) {
        return PL_EBADF;
    }
    const struct pl_fd_ops *ops = e->ops;
    e->ops = 0; /* as POSIX: the descriptor is closed whatever the server says */
    return ops->close(e->handle);
}

int pl_fd_stat(int fd, struct pl_fd_stat *out)
{
    struct pl_fd_entry *e = fd_get(fd);
    return e ? e->ops->stat(e->handle, out) : PL_EBADF;
}

int pl_fd_getflags(int fd)
{
    struct pl_fd_entry *e = fd_get(fd);
    return e ? (int)e->flags : PL_EBADF;
}

int pl_fd_setflags(int fd, uint32_t flags)
{
    struct pl_fd_entry *e = fd_get(fd);
    if (!e) {
        return PL_EBADF;
    }
    if ((flags & ~(uint32_t)PL_FD_NONBLOCK) != 0) {
        return PL_EINVAL;
    }
    e->flags = flags;
    return PL_OK;
}

int pl_fd_poll_scan(struct pl_pollfd *fds, unsigned n)
{
    int ready = 0;
    for (unsigned i = 0; i < n; i++) {
        struct pl_fd_entry *e = fd_get(fds[i].fd);
        uint32_t now = 0;
        fds[i].revents = 0;
        if (fds[i].fd < 0) {
            continue;
        }
        int err = e ? e->ops->ready(e->handle, &now) : PL_OK;
        if (err != PL_OK && err != PL_EBADF) {
            return err;
        }
        now = !e || err == PL_EBADF ? PL_POLLNVAL : now;
        fds[i].revents = now & (fds[i].events | PL_POLLERR | PL_POLLHUP | PL_POLLNVAL);
        ready += fds[i].revents != 0;
    }
    return ready;
}

void pl_fd_set_opener(int (*open)(const char *path, int oflag))
{
    fd_opener = open;
}

int pl_fd_open(const char *path, int oflag)
{
    return fd_opener ? fd_opener(path, oflag) : PL_ENOENT;
}

/*
 * servers/pipe/pipe_fd.c - the pipe server's descriptors in the C library's table
 * (pipe_fd.h): the struct pl_fd_ops of a pipe end, and pipe(), mkfifo(), open() of a FIFO.
 *
 * A descriptor's handle is the server's descriptor number; O_NONBLOCK lives in the table and
 * comes with each read and write. If the table is full after the server made a pipe, the
 * server's ends are closed again before ENFILE is returned, so nothing leaks.
 */
#include <fcntl.h>

#include "fd.h"
#include "newlib_fd.h"
#include "pipe_client.h"
#include "pipe_fd.h"

static enum pipe_client_flag pipefd_flag(uint32_t flags)
{
    return (flags & PL_FD_NONBLOCK) ? PIPE_CLIENT_NONBLOCK : PIPE_CLIENT_BLOCK;
}

static int pipefd_read(int h, void *buf, size_t cap, uint32_t flags)
{
    return pipe_client_read(h, buf, cap, pipefd_flag(flags));
}

static int pipefd_write(int h, const void *buf, size_t len, uint32_t flags)
{
    return pipe_client_write(h, buf, len, pipefd_flag(flags));
}

static int pipefd_stat(int h, struct pl_fd_stat *out)
{
    struct pipe_info info;
    int err = pipe_client_info(h, &info);
    if (err == PL_OK) {
        *out = (struct pl_fd_stat){PL_FD_FIFO, info.count};
    }
    return err;
}

/* For pl_poll: a read end is ready to read with bytes or at end of file (then also HUP, no
 * writer left); a write end to write with room, and in error with no reader left. */
static int pipefd_ready(int h, uint32_t *revents)
{
    struct pipe_info info;
    int err = pipe_client_info(h, &info);
    if (err != PL_OK) {
        return err;
    }
    if (info.end == PIPE_READ_END) {
        *revents = (info.readable ? PL_POLLIN : 0u) |
                   (info.readable && info.count == 0 && info.writers == 0 ? PL_POLLHUP : 0u);
    } else {
        *revents = info.writable && info.readers == 0 ? PL_POLLERR
                   : info.writable                    ? PL_POLLOUT
                                                      : 0u;
    }
    return PL_OK;
}

static const struct pl_fd_ops pipefd_ops = {
    .read = pipefd_read,
    .write = pipefd_write,
    .close = pipe_client_close,
    .stat = pipefd_stat,
    .ready = pipefd_ready,
};

int pipe(int fds[2])
{
    int s[2];
    int err = pipe_client_pipe(s, 0);
    if (err != PL_OK) {
        return newlib_fd_result(err);
    }
    fds[0] = pl_fd_install(&pipefd_ops, s[0], 0);
    fds[1] = fds[0] < 0 ? PL_EFULL : pl_fd_install(&pipefd_ops, s[1], 0);
    if (fds[1] < 0) {
        if (fds[0] >= 0) {
            (void)pl_fd_forget(fds[0]);
        }
        (void)pipe_client_close(s[0]);
        (void)pipe_client_close(s[1]);
        return newlib_fd_result(PL_EFULL);
    }
    return 0;
}

static uint32_t pipefd_mode(mode_t mode)
{
    return ((mode & 0400) ? PIPE_MODE_OWNER_READ : 0u) |
           ((mode & 0200) ? PIPE_MODE_OWNER_WRITE : 0u) |
           ((mode & 0044) ? PIPE_MODE_OTHER_READ : 0u) |
           ((mode & 0022) ? PIPE_MODE_OTHER_WRITE : 0u);
}

int mkfifo(const char *path, mode_t mode)
{
    return newlib_fd_result(pipe_client_mkfifo(path, pipefd_mode(mode), 0));
}

static int pipefd_open(const char *path, int oflag)
{
    int acc = oflag & O_ACCMODE;
    if (acc != O_RDONLY && acc != O_WRONLY) {
        return PL_EINVAL; /* one end per descriptor */
    }
    int sfd = pipe_client_open(path, acc == O_RDONLY ? PIPE_READ_END : PIPE_WRITE_END);
    if (sfd < 0) {
        return sfd;
    }
    int fd = pl_fd_install(&pipefd_ops, sfd, (oflag & O_NONBLOCK) ? PL_FD_NONBLOCK : 0u);
    if (fd < 0) {
        (void)pipe_client_close(sfd);
    }
    return fd;
}

int pipe_fd_use(void)
{
    pl_fd_set_opener(pipefd_open);
    return newlib_fd_result(pipe_client_hello());
}

int pipe_fd_pass(int fd, uint32_t badge)
{
    int sfd = pl_fd_handle(fd, &pipefd_ops);
    int err = sfd < 0 ? sfd : pipe_client_pass(sfd, badge);
    if (err != PL_OK) {
        return newlib_fd_result(err);
    }
    (void)pl_fd_forget(fd);
    return sfd;
}

int pipe_fd_adopt(int sfd)
{
    return newlib_fd_result(pl_fd_install(&pipefd_ops, sfd, 0));
}

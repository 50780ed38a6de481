/*
 * user/lib/newlib_fd.c - newlib's read, write, close, fstat, fcntl and open on the
 * descriptors of fd.h, and the one place parley's errors become errno values for them.
 *
 * fcntl (defined here: newlib's answers ENOSYS) knows F_GETFL and F_SETFL, of which only O_NONBLOCK
 * is kept (the access mode is fixed by how the descriptor was made); anything else is EINVAL.
 * open() of a name goes to the registered opener (fd.h); with none, ENOENT. isatty() is 0 for these
 * (newlib.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>

#include <parley/error.h>
#include <parley/ipc.h>

#include "fd.h"
#include "newlib_fd.h"

int _open(const char *path, int oflag, ...);

int newlib_fd_result(int r)
{
    static const struct {
        int err, no;
    } map[] = {
        {PL_EBADF, EBADF},
        {PL_EAGAIN, EAGAIN},
        {PL_EPIPE, EPIPE},
        {PL_EINVAL, EINVAL},
        {PL_ENOENT, ENOENT},
        {PL_EACCES, EACCES},
        {PL_EEXIST, EEXIST},
        {PL_ENAMETOOLONG, ENAMETOOLONG},
        {PL_EFULL, ENFILE},
        {PL_ETIMEDOUT, ETIMEDOUT},
        {PL_EMSGSIZE, EMSGSIZE},
        {PL_EPERM, EPERM},
        {PL_EOVERFLOW, EOVERFLOW},
        {PL_EOWNERDEAD, EOWNERDEAD},
        {PL_ENOTRECOVERABLE, ENOTRECOVERABLE},
        {PL_EINTR, EINTR},
        {PL_ESRCH, ESRCH},
        {PL_EBUSY, EBUSY},
        {PL_EDEADLK, EDEADLK},
    };
    if (r >= 0) {
        return r;
    }
    errno = EIO; /* PL_EDEAD (the server died under the call) and anything unforeseen */
    for (unsigned i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
        if (map[i].err == r) {
            errno = map[i].no;
        }
    }
    return -1;
}

int newlib_fd_read(int fd, char *buf, int len)
{
    return newlib_fd_result(len < 0 ? PL_EINVAL : pl_fd_read(fd, buf, (size_t)len));
}

int newlib_fd_write(int fd, const char *buf, int len)
{
    return newlib_fd_result(len < 0 ? PL_EINVAL : pl_fd_write(fd, buf, (size_t)len));
}

int newlib_fd_close(int fd)
{
    return newlib_fd_result(pl_fd_close(fd));
}

int newlib_fd_fstat(int fd, struct stat *st)
{
    struct pl_fd_stat s;
    int err = pl_fd_stat(fd, &s);
    if (err == PL_OK) {
        memset(st, 0, sizeof(*st)); /* stdio sizes its buffer from st_blksize */
        st->st_mode = S_IFIFO;
        st->st_size = (off_t)s.size;
        st->st_blksize = PL_IPC_MAX_BYTES; /* one request's bytes */
    }
    return newlib_fd_result(err);
}

/* newlib's own fcntl() only answers ENOSYS on this target, so the library's is this one. */
int fcntl(int fd, int cmd, ...)
{
    va_list ap;
    va_start(ap, cmd);
    int arg = cmd == F_SETFL ? va_arg(ap, int) : 0;
    va_end(ap);
    int flags = pl_fd_getflags(fd);
    if (flags < 0 || (cmd != F_GETFL && cmd != F_SETFL)) {
        return newlib_fd_result(flags < 0 ? flags : PL_EINVAL);
    }
    if (cmd == F_GETFL) {
        return (flags & PL_FD_NONBLOCK) ? O_NONBLOCK : 0;
    }
    return newlib_fd_result(pl_fd_setflags(fd, (arg & O_NONBLOCK) ? PL_FD_NONBLOCK : 0u));
}

int _open(const char *path, int oflag, ...)
{
    return newlib_fd_result(pl_fd_open(path, oflag));
}

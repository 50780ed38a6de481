/*
 * servers/pipe/pipe_fd.h - pipes and FIFOs as C library descriptors (user/lib/fd.h): the
 * POSIX face of the pipe server. pipe() and mkfifo() are POSIX's; after pipe_fd_use(),
 * open() of a FIFO's name works too; read, write, close, fstat, isatty, fcntl(F_SETFL,
 * O_NONBLOCK) and stdio's fdopen work on what they return. Results as POSIX: -1 and errno
 * (EBADF, EAGAIN, EPIPE, EACCES, EEXIST, ENAMETOOLONG, ENOENT, ENFILE; EIO when the server
 * died under the call).
 *
 * parley has no fork: the task that made a pipe hands one end to its peer with
 * pipe_fd_pass() (the end then works for the peer only) and tells the peer the number it
 * returns in a message of its own; the peer makes it a descriptor with pipe_fd_adopt().
 */
#ifndef SERVERS_PIPE_FD_H
#define SERVERS_PIPE_FD_H

#include <stdint.h>
#include <sys/stat.h>

int pipe(int fds[2]);
int mkfifo(const char *path, mode_t mode); /* mode: 0400, 0200 the owner's; 0044, 0022 others' */
/* At the task's start: open() then opens FIFOs by name, and the server drops what an earlier
 * life of the task held (pipe_client_hello). 0, or -1 and errno. */
int pipe_fd_use(void);

/* Hand descriptor fd to the task with `badge` on the pipe server's endpoint (system.h:
 * BADGE_PIPE_<TASK>): the server's number for it (>= 0), or -1 and errno; fd is closed here. */
int pipe_fd_pass(int fd, uint32_t badge);
/* A descriptor for a server number handed to this task, or -1 and errno (ENFILE). */
int pipe_fd_adopt(int sfd);

#endif

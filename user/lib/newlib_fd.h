/*
 * user/lib/newlib_fd.h - newlib's system layer for the descriptors of fd.h (newlib_fd.c):
 * what newlib.c hands over for a descriptor from PL_FD_FIRST on. Each returns what newlib
 * expects (a count, 0, or -1 with errno set).
 */
#ifndef PARLEY_NEWLIB_FD_H
#define PARLEY_NEWLIB_FD_H

#include <sys/stat.h>

int newlib_fd_read(int fd, char *buf, int len);
int newlib_fd_write(int fd, const char *buf, int len);
int newlib_fd_close(int fd);
int newlib_fd_fstat(int fd, struct stat *st);

/* A parley result as a POSIX call returns it: r if >= 0, else -1 with errno set (PL_EDEAD,
 * the server died under the call, is EIO). For client libraries' POSIX functions too. */
int newlib_fd_result(int r);

#endif

/*
 * user/lib/newlib.c - the system layer newlib expects, built on parley system calls.
 *
 * Each task links its own copy of newlib, so its stdio buffers and malloc arena live in its
 * own RAM. The heap runs from the end of .bss to the end of the task's RAM region (the kernel
 * passes the bounds at start). stdout and stderr go to the kernel console for now.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "parley.h"
#include "runtime.h"

static uintptr_t heap_next, heap_end;

void runtime_heap_init(uintptr_t start, uintptr_t end)
{
    heap_next = (start + 7u) & ~7u;
    heap_end = end;
}

void *_sbrk(ptrdiff_t incr);
int _write(int fd, const char *buf, int len);
int _read(int fd, char *buf, int len);
int _close(int fd);
int _lseek(int fd, int off, int whence);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
void _exit(int code);
int _kill(int pid, int sig);
int _getpid(void);

void *_sbrk(ptrdiff_t incr)
{
    if (incr < 0 || (uintptr_t)incr > heap_end - heap_next) {
        errno = ENOMEM;
        return (void *)-1;
    }
    void *p = (void *)heap_next;
    heap_next += ((uintptr_t)incr + 7u) & ~7u;
    return p;
}

int _write(int fd, const char *buf, int len)
{
    if (fd != 1 && fd != 2) {
        errno = EBADF;
        return -1;
    }
    for (int done = 0; done < len;) {
        int chunk = len - done > 256 ? 256 : len - done;
        pl_debug_write(buf + done, (size_t)chunk);
        done += chunk;
    }
    return len;
}

int _read(int fd, char *buf, int len)
{
    (void)fd, (void)buf, (void)len;
    errno = ENOSYS;
    return -1;
}

int _close(int fd)
{
    (void)fd;
    return 0;
}

int _lseek(int fd, int off, int whence)
{
    (void)fd, (void)off, (void)whence;
    return 0;
}

int _fstat(int fd, struct stat *st)
{
    (void)fd;
    st->st_mode = S_IFCHR;
    return 0;
}

int _isatty(int fd)
{
    return fd <= 2;
}

void _exit(int code)
{
    pl_exit(code);
}

int _kill(int pid, int sig)
{
    (void)pid, (void)sig;
    errno = EINVAL;
    return -1;
}

int _getpid(void)
{
    return (int)PL_TASK_INDEX(pl_task_self());
}

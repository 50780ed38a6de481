/*
 * user/lib/newlib.c - the system layer newlib expects, built on parley system calls.
 *
 * Each task links its own copy of newlib, so its stdio buffers and malloc arena live in its
 * own RAM. The heap runs from the end of .bss to the end of the task's RAM region (the kernel
 * passes the bounds at start).
 *
 * stdout and stderr go to the console server (servers/console) when the task may send to it
 * (pl_rt->console_ep), so that its lines never mix with other tasks' lines; otherwise, or if
 * the console cannot be reached, to the kernel console. A console that crashed answers
 * PL_EDEAD until its supervisor has restarted it: the write is then sent again, after growing
 * pauses, so that no line is lost (a line may be printed twice if the console died after
 * printing it but before answering; bytes of an unfinished line it held are lost with it).
 * Bytes that neither the console nor the kernel's log takes are reported, never dropped in
 * silence: _write returns a short count, or -1 with errno set (see _write).
 * stdin reads lines from the console's line editor (see _read).
 * Descriptors from PL_FD_FIRST on are the descriptor table's (fd.h): their calls go to
 * newlib_fd.c, which also has _open and _fcntl.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include <parley/console.h>
#include "fd.h"
#include "newlib_fd.h"
#include "parley.h"
#include "runtime.h"

#define CONSOLE_RETRIES     10u /* PL_EDEAD answers per write before giving up on the server */
#define CONSOLE_PAUSE_FIRST 1u  /* ticks before the first retry; doubling ... */
#define CONSOLE_PAUSE_MAX   64u /* ... up to this: about 0.3 s in all at 1000 Hz */

unsigned pl_console_restarts_seen;
/* Writes the console server never took (it stayed dead, or refused them), which went to the
 * kernel console instead. Not in parley.h: tests declare it themselves. */
unsigned pl_console_fallbacks;

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

/* PL_EDEAD: wait a little longer each time for the supervisor to restart the console. 0 when
 * it is time to give up. */
static int console_wait_restart(uint32_t *retries, uint32_t *pause)
{
    if (*retries == CONSOLE_RETRIES) {
        return 0;
    }
    if ((*retries)++ == 0) {
        pl_console_restarts_seen++; /* one event per write, however many retries it takes */
    }
    pl_sleep(*pause);
    *pause = *pause * 2u > CONSOLE_PAUSE_MAX ? CONSOLE_PAUSE_MAX : *pause * 2u;
    return 1;
}

/* Send len (<= PL_IPC_MAX_BYTES) bytes to the console server; returns how many it took. */
static uint32_t console_put(const char *buf, uint32_t len)
{
    uint32_t done = 0, retries = 0, pause = CONSOLE_PAUSE_FIRST;
    while (done < len) {
        struct pl_msg m = {.label = CONSOLE_WRITE, .data = buf + done, .len = len - done};
        struct pl_recvd rep;
        int err = pl_call(pl_rt->console_ep, &m, NULL, 0, &rep, PL_WAIT_FOREVER);
        if (err == PL_OK && (int)rep.label == PL_OK) {
            uint32_t took = rep.w0 < len - done ? rep.w0 : len - done;
            done += took;
            if (took < m.len) {
                pl_sleep(1); /* its output ring is full: give the UART time to send */
            }
        } else if (err != PL_EDEAD || !console_wait_restart(&retries, &pause)) {
            return done;
        }
    }
    return done;
}

/* One piece of at most PL_IPC_MAX_BYTES: to the console server if this task may use it, and
 * whatever that did not take to the kernel's log, which takes all of it or none. Returns the
 * bytes delivered; if that is fewer than len, *err says why the log refused the rest. */
static uint32_t write_piece(const char *buf, uint32_t len, int *err)
{
    uint32_t sent = 0;
    if (pl_rt->console_ep != PL_NO_EP) {
        sent = console_put(buf, len);
        pl_console_fallbacks += sent < len;
    }
    if (sent < len) {
        int r = pl_debug_write(buf + sent, len - sent);
        if (r < 0) {
            *err = r;
            return sent;
        }
    }
    return len;
}

/* Returns len once every byte went to the console or the kernel's log. At the first byte
 * neither took, it stops (later bytes must not come out ahead of it) and returns the count
 * before it; if no byte went out, -1 with errno EAGAIN when the log stayed full past
 * pl_debug_write's retries, EIO for any other refusal. So a loss is never silent: newlib
 * writes the rest again after a short count, and on -1 marks the stream in error. */
int _write(int fd, const char *buf, int len)
{
    if (fd >= PL_FD_FIRST) {
        return newlib_fd_write(fd, buf, len);
    }
    if (fd != 1 && fd != 2) {
        errno = EBADF;
        return -1;
    }
    int done = 0;
    while (done < len) {
        uint32_t left = (uint32_t)(len - done);
        uint32_t piece = left > PL_IPC_MAX_BYTES ? PL_IPC_MAX_BYTES : left;
        int err = PL_OK;
        uint32_t took = write_piece(buf + done, piece, &err);
        done += (int)took;
        if (took < piece) {
            if (done > 0) {
                return done;
            }
            errno = err == PL_EAGAIN ? EAGAIN : EIO;
            return -1;
        }
    }
    return done;
}

/* stdin: whole lines from the console driver's line editor (CONSOLE_READLINE), handed out a
 * piece at a time; the Enter that ended a line comes back as '\n'. What the task printed
 * without a newline just before (newlib flushes stdout before it reads) is the prompt the
 * editor shows. One task reads at a time: another reader gets EAGAIN. A console that died
 * under the read is asked again once it is back, like a write; if it stays away, EIO. */
static char in_line[CONSOLE_LINE_MAX + 1];
static uint32_t in_len, in_pos;

static int read_line(void)
{
    uint32_t retries = 0, pause = CONSOLE_PAUSE_FIRST;
    for (;;) {
        struct pl_msg m = {.label = CONSOLE_READLINE};
        struct pl_recvd rep;
        int err = pl_call(pl_rt->console_ep, &m, in_line, CONSOLE_LINE_MAX, &rep, PL_WAIT_FOREVER);
        if (err == PL_OK) {
            err = (int)rep.label; /* the console's own status */
        }
        if (err == PL_OK) {
            in_len = rep.w0 < CONSOLE_LINE_MAX ? rep.w0 : CONSOLE_LINE_MAX;
            in_line[in_len++] = '\n';
            in_pos = 0;
            return 0;
        }
        if (err != PL_EDEAD || !console_wait_restart(&retries, &pause)) {
            errno = err == PL_EAGAIN ? EAGAIN : EIO;
            return -1;
        }
    }
}

int _read(int fd, char *buf, int len)
{
    if (fd >= PL_FD_FIRST) {
        return newlib_fd_read(fd, buf, len);
    }
    if (fd != 0 || pl_rt->console_ep == PL_NO_EP) {
        errno = EBADF; /* no console to read from */
        return -1;
    }
    if (len <= 0) {
        return 0;
    }
    if (in_pos == in_len && read_line() != 0) {
        return -1;
    }
    uint32_t n = in_len - in_pos < (uint32_t)len ? in_len - in_pos : (uint32_t)len;
    for (uint32_t i = 0; i < n; i++) {
        buf[i] = in_line[in_pos + i];
    }
    in_pos += n;
    return (int)n;
}

int _close(int fd)
{
    return fd >= PL_FD_FIRST ? newlib_fd_close(fd) : 0;
}

int _lseek(int fd, int off, int whence)
{
    (void)fd, (void)off, (void)whence;
    return 0;
}

int _fstat(int fd, struct stat *st)
{
    if (fd >= PL_FD_FIRST) {
        return newlib_fd_fstat(fd, st);
    }
    st->st_mode = S_IFCHR;
    return 0;
}

int _isatty(int fd)
{
    return fd >= 0 && fd <= 2; /* a pipe is no terminal (newlib then buffers it fully) */
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

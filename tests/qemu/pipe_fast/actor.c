/*
 * tests/qemu/pipe_fast/actor.c - w and r of the fast-path test: each carries out the judge's
 * orders (fast.h) through the C library's descriptors; both opted in to the fast path at their
 * start (pipe_client_fast_use: window 0, their own notification, bit 0), so every read() and
 * write() on the pipe takes it without being asked.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../../servers/pipe/pipe_client.h"
#include "../../../servers/pipe/pipe_fd.h"
#include "../harness/qctl.h"
#include "fast.h"
#include "fd.h"
#include "signals.h"
#include "system.h"

int actor_main(void);

#define CHUNK 4096u

static int fds[2] = {-1, -1}; /* the pipe end, the FIFO */
static uint8_t buf[CHUNK];

static int32_t posix(int r)
{
    return r < 0 ? -errno : r;
}

/* The pattern: byte i of a stream seeded s. */
static uint8_t pattern(uint32_t s, uint32_t i)
{
    uint32_t x = (i + s) * 2654435761u;
    return (uint8_t)(x >> 24);
}

static struct qc_order send_stream(uint32_t total, uint32_t seed)
{
    uint32_t done = 0;
    while (done < total) {
        uint32_t n = total - done < CHUNK ? total - done : CHUNK;
        for (uint32_t i = 0; i < n; i++) {
            buf[i] = pattern(seed, done + i);
        }
        int r = write(fds[0], buf, n);
        if (r <= 0) {
            return qc_next(done ? (int32_t)done : posix(r), 0, 0, 0, 0);
        }
        done += (uint32_t)r;
    }
    return qc_next((int32_t)done, 0, 0, 0, 0);
}

static struct qc_order recv_stream(uint32_t total, uint32_t seed)
{
    uint32_t done = 0, bad = 0;
    while (done < total) {
        int r = read(fds[0], buf, 1000); /* not a multiple of the writer's chunks */
        if (r <= 0) {
            return qc_next(r < 0 ? posix(r) : (int32_t)done, bad, 0, 0, 0);
        }
        for (int i = 0; i < r; i++) {
            bad += buf[i] != pattern(seed, done + (uint32_t)i);
        }
        done += (uint32_t)r;
    }
    return qc_next((int32_t)done, bad, 0, 0, 0);
}

static struct qc_order spoil(uint32_t word, uint32_t value)
{
    volatile uint32_t *page = pipe_client_fast_page();
    if (!page || word >= 8u) {
        return qc_next(-1, 0, 0, 0, 0);
    }
    page[word] = value;
    return qc_next(0, 0, 0, 0, 0);
}

static struct qc_order act(struct qc_order o)
{
    struct pl_sigaction sa = {o.a ? PL_SIG_HANDLER_IGN : PL_SIG_HANDLER_DFL, 0, 0};
    int r;
    switch (o.op) {
    case F_PIPE: {
        int p[2];
        r = pipe(p);
        if (r == 0) {
            fds[0] = p[1];
            r = pipe_fd_pass(p[0], BADGE_PIPE_R);
        }
        return qc_next(posix(r), (uint32_t)r, 0, 0, 0);
    }
    case F_ADOPT:
        fds[0] = pipe_fd_adopt((int)o.a);
        return qc_next(posix(fds[0]), 0, 0, 0, 0);
    case F_SEND:
        return send_stream(o.a, o.b);
    case F_RECV:
        return recv_stream(o.a, o.b);
    case F_READ:
        memset(buf, 0, o.a < CHUNK ? o.a : CHUNK);
        r = read(fds[o.b & 1u], buf, o.a < CHUNK ? o.a : CHUNK);
        return qc_next(posix(r), 0, 0, buf,
                       r > 0 ? (r < (int)QC_DATA_MAX ? (uint32_t)r : QC_DATA_MAX) : 0);
    case F_WRITE:
        memset(buf, 'x', o.a < CHUNK ? o.a : CHUNK);
        return qc_next(posix(write(fds[o.b & 1u], buf, o.a < CHUNK ? o.a : CHUNK)), 0, 0, 0, 0);
    case F_CLOSE:
        r = close(fds[o.a & 1u]);
        fds[o.a & 1u] = -1;
        return qc_next(posix(r), 0, 0, 0, 0);
    case F_SIGPIPE:
        return qc_next(pl_sigaction(PL_SIGPIPE, &sa, NULL), 0, 0, 0, 0);
    case F_FAST:
        return qc_next(pipe_client_fast_page() != NULL, 0, 0, 0, 0);
    case F_SPOIL:
        return spoil(o.a, o.b);
    case F_MKFIFO:
        if ((o.a & 1u) && mkfifo(FAST_FIFO, 0666) != 0) {
            return qc_next(-errno, 0, 0, 0, 0);
        }
        fds[1] = open(FAST_FIFO, (o.a & 2u) ? O_WRONLY : O_RDONLY);
        return qc_next(posix(fds[1]), 0, 0, 0, 0);
    case F_NONBLOCK:
        return qc_next(posix(fcntl(fds[0], F_SETFL, O_NONBLOCK)), 0, 0, 0, 0);
    case F_POLL: {
        struct pl_pollfd pf = {fds[0], o.a, 0};
        r = pl_poll(&pf, 1, PL_NO_WAIT);
        return qc_next(r < 0 ? r : (int32_t)pf.revents, 0, 0, 0, 0);
    }
    case F_FORGE: {
        int w = PL_TASK_INDEX(pl_task_self()) == TASK_W;
        uint32_t own = w ? NTFN_W_PIPE : NTFN_R_PIPE, peer = w ? NTFN_R_PIPE : NTFN_W_PIPE;
        return qc_next(pipe_client_fast_use(0, o.a ? peer : own, 0), 0, 0, 0, 0);
    }
    default:
        return qc_next(-EINVAL, o.op, 0, 0, 0);
    }
}

int actor_main(void)
{
    int w = PL_TASK_INDEX(pl_task_self()) == TASK_W;
    pipe_fd_use();
    pipe_client_fast_use(0, w ? NTFN_W_PIPE : NTFN_R_PIPE, 0);
    qc_serve(act);
}

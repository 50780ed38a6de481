/*
 * tests/qemu/pipe/actor.c - one actor of the pipe test: carries out each order of the judge
 * (ptest.h) with the C library's POSIX calls on pipe descriptors and reports what they gave
 * (the count, or -errno). Every actor task of the image runs this file. SIGPIPE keeps its
 * default action (the end of the task) until the judge sets another (PT_SIGPIPE).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../../servers/pipe/pipe_client.h"
#include "../../../servers/pipe/pipe_fd.h"
#include "../harness/qctl.h"
#include "fd.h"
#include "ptest.h"
#include "signals.h"

int actor_main(void);

static int slot[2] = {-1, -1};
static uint8_t io[300];

static int32_t posix(int r)
{
    return r < 0 ? -errno : r;
}

static volatile uint32_t sigpipes; /* caught by on_sigpipe since the last PT_SIGPIPE */

static void on_sigpipe(int sig)
{
    (void)sig;
    sigpipes++;
}

static struct qc_order do_sigpipe(struct qc_order o)
{
    static const pl_sighandler action[] = {PL_SIG_HANDLER_DFL, PL_SIG_HANDLER_IGN, on_sigpipe};
    struct pl_sigaction act = {action[o.a % 3u], 0, 0};
    int r = pl_sigaction(PL_SIGPIPE, &act, NULL);
    uint32_t caught = sigpipes;
    sigpipes = 0;
    return qc_next(r < 0 ? r : (int32_t)caught, 0, 0, 0, 0);
}

static struct qc_order do_make(struct qc_order o)
{
    int r, fds[2] = {-1, -1};
    switch (o.op) {
    case PT_PIPE:
        r = pipe(fds);
        if (r == 0) {
            slot[0] = fds[0], slot[1] = fds[1];
        }
        return qc_next(posix(r), (uint32_t)fds[0], (uint32_t)fds[1], 0, 0);
    case PT_PASS:
        return qc_next(posix(pipe_fd_pass(slot[o.a & 1u], o.b)), 0, 0, 0, 0);
    case PT_ADOPT:
        r = pipe_fd_adopt((int)o.a);
        slot[o.b & 1u] = r >= 0 ? r : slot[o.b & 1u];
        return qc_next(posix(r), 0, 0, 0, 0);
    case PT_MKFIFO:
        return qc_next(posix(mkfifo(pt_names[o.a % PT_NAMES], (mode_t)o.b)), 0, 0, 0, 0);
    case PT_OPEN:
        r = open(pt_names[o.a % PT_NAMES], (int)o.b);
        slot[(o.b & O_ACCMODE) == O_WRONLY] = r >= 0 ? r : slot[(o.b & O_ACCMODE) == O_WRONLY];
        return qc_next(posix(r), (uint32_t)r, 0, 0, 0);
    case PT_OPEN_LONG:
        return qc_next(posix(open("sixteen-chars-xx", O_RDONLY)), 0, 0, 0, 0);
    default: /* PT_UNLINK */
        return qc_next(pipe_client_unlink(pt_names[o.a % PT_NAMES]), 0, 0, 0, 0);
    }
}

static struct qc_order do_io(struct qc_order o)
{
    int fd = slot[o.a & 1u];
    int r;
    switch (o.op) {
    case PT_WRITE:
        for (uint32_t i = 0; i < sizeof(io); i++) {
            io[i] = (uint8_t)i;
        }
        r = (int)write(fd, io, o.b);
        break;
    case PT_READ:
        memset(io, 0xee, sizeof(io));
        r = (int)read(fd, io, o.b < sizeof(io) ? o.b : sizeof(io));
        return qc_next(posix(r), 0, 0, io, r > 0 ? (r < 64 ? (uint32_t)r : 64u) : 0u);
    case PT_READ_FD:
        r = (int)read((int)o.a, io, 16);
        break;
    case PT_RAW_WRITE:
        return qc_next(pipe_client_write((int)o.a, io, 1, PIPE_CLIENT_NONBLOCK), 0, 0, 0, 0);
    case PT_WRITE_FROM:
        r = (int)write(fd, (const void *)(uintptr_t)o.b, 16);
        break;
    default: /* PT_READ_INTO */
        r = (int)read(fd, (void *)(uintptr_t)o.b, 16);
        break;
    }
    return qc_next(posix(r), 0, 0, 0, 0);
}

static struct qc_order do_fd(struct qc_order o)
{
    int fd = slot[o.a & 1u];
    struct stat st;
    int r;
    switch (o.op) {
    case PT_CLOSE:
        return qc_next(posix(close(fd)), 0, 0, 0, 0);
    case PT_CLOSE_FD:
        return qc_next(posix(close((int)o.a)), 0, 0, 0, 0);
    case PT_POLL: {
        struct pl_pollfd p = {fd, (o.a & 1u) ? PL_POLLOUT : PL_POLLIN, 0};
        r = pl_poll(&p, 1, o.b);
        return qc_next(r, p.revents, 0, 0, 0);
    }
    case PT_NONBLOCK:
        r = fcntl(fd, F_SETFL, o.b ? O_NONBLOCK : 0);
        return qc_next(r < 0 ? -errno : fcntl(fd, F_GETFL), 0, 0, 0, 0);
    default: /* PT_FSTAT */
        r = fstat(fd, &st);
        return qc_next(posix(r), (uint32_t)st.st_size,
                       (S_ISFIFO(st.st_mode) ? 1u : 0u) | (isatty(fd) ? 2u : 0u), 0, 0);
    }
}

/* stdio over a pipe: a line out through one FILE, back in through the other. */
static struct qc_order do_stdio(void)
{
    FILE *out = fdopen(slot[1], "w");
    FILE *in = fdopen(slot[0], "r");
    char line[32] = {0};
    if (!out || !in) {
        return qc_next(-errno, 0, 0, 0, 0);
    }
    fprintf(out, "pipe line %d\n", 42);
    fflush(out);
    int r = fgets(line, sizeof(line), in) ? strcmp(line, "pipe line 42\n") : -1;
    fclose(out);
    fclose(in);
    return qc_next(r, 0, 0, line, (uint32_t)strlen(line));
}

static struct qc_order do_stress_write(struct qc_order o)
{
    for (uint32_t seq = 0; seq < o.b; seq++) {
        struct pt_record rec = {o.a, seq, pt_check(o.a, seq), 0};
        if (write(slot[1], &rec, sizeof(rec)) != (int)sizeof(rec)) {
            return qc_next(-errno, seq, 0, 0, 0);
        }
    }
    return qc_next(posix(close(slot[1])), o.b, 0, 0, 0);
}

/* Every read asks for one record: the pipe holds whole records only (each write of one is
 * atomic, each read takes one), so a read gives a whole record or end of file. */
static struct qc_order do_stress_read(void)
{
    static struct pt_tally t;
    uint32_t last[PT_WRITERS];
    struct pt_record rec;
    memset(&t, 0, sizeof(t));
    memset(last, 0xff, sizeof(last));
    for (;;) {
        int n = (int)read(slot[0], &rec, sizeof(rec));
        if (n <= 0) {
            return qc_next(n == 0 ? 0 : -errno, 0, 0, &t, sizeof(t));
        }
        uint32_t w = rec.writer % PT_WRITERS;
        t.bad += n != (int)sizeof(rec) || rec.writer >= PT_WRITERS ||
                 rec.check != pt_check(rec.writer, rec.seq);
        t.out_of_order += last[w] != 0xffffffffu && rec.seq <= last[w];
        last[w] = rec.seq;
        t.count[w]++;
        t.sum[w] += rec.seq;
        t.sumsq[w] += rec.seq * rec.seq;
    }
}

static struct qc_order act(struct qc_order o)
{
    switch (o.op) {
    case PT_PIPE:
    case PT_PASS:
    case PT_ADOPT:
    case PT_MKFIFO:
    case PT_OPEN:
    case PT_OPEN_LONG:
    case PT_UNLINK:
        return do_make(o);
    case PT_WRITE:
    case PT_READ:
    case PT_READ_FD:
    case PT_RAW_WRITE:
    case PT_WRITE_FROM:
    case PT_READ_INTO:
        return do_io(o);
    case PT_STDIO:
        return do_stdio();
    case PT_STRESS_W:
        return do_stress_write(o);
    case PT_STRESS_R:
        return do_stress_read();
    case PT_SIGPIPE:
        return do_sigpipe(o);
    default:
        return do_fd(o);
    }
}

int actor_main(void)
{
    pipe_fd_use();
    qc_serve(act);
}

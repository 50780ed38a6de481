/*
 * tests/qemu/pipe_fast/judge.c - the pipe fast data path between two isolated tasks
 * (docs/ipc-catalogue.md, "The fast data path"): w makes an unnamed pipe and hands its read
 * end to r; both ends opted in, so their first read and write move it onto a page the server
 * lends them, and from then on read() and write() are loads and stores. Every case makes a new
 * pipe; a peer that dies is restarted before the next case.
 */
#include <errno.h>

#include "../harness/qctl.h"
#include "../harness/qtest.h"
#include "fast.h"
#include "fd.h"
#include "system.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define WAIT     300u /* ticks: well past PIPE_FAST_CHECK_TICKS (20) */

static const uint32_t actors[] = {TASK_W, TASK_R};

/* One order and its report: why it is missing or its status is not `want`. */
static const char *step(uint32_t task, uint32_t op, uint32_t a, uint32_t b, int32_t want)
{
    const struct qc_report *r = qc_ask(task, op, a, b, WAIT);
    if (!r) {
        return qt_why("%s did not report on op %lu", qt_status(task).name, (unsigned long)op);
    }
    if (r->status != want) {
        return qt_why("%s op %lu gave %ld, expected %ld", qt_status(task).name, (unsigned long)op,
                      (long)r->status, (long)want);
    }
    return 0;
}

/* One order whose status must be a descriptor (>= 0). */
static const char *step_fd(uint32_t task, uint32_t op, uint32_t a, uint32_t b)
{
    const struct qc_report *r = qc_ask(task, op, a, b, WAIT);
    if (!r || r->status < 0) {
        return qt_why("%s op %lu gave %ld", qt_status(task).name, (unsigned long)op,
                      r ? (long)r->status : 0L);
    }
    return 0;
}

/* The report of an order given earlier: its status must be `want`. */
static const char *later(uint32_t task, int32_t want)
{
    const struct qc_report *r = qc_report(task, WAIT);
    if (!r) {
        return qt_why("%s did not report in %u ticks", qt_status(task).name, WAIT);
    }
    return r->status == want ? 0
                             : qt_why("%s gave %ld, expected %ld", qt_status(task).name,
                                      (long)r->status, (long)want);
}

/* A new pipe from w to r: w makes it and passes the read end, r adopts it. */
static const char *new_pipe(void)
{
    const struct qc_report *p = qc_ask(TASK_W, F_PIPE, 0, 0, WAIT);
    if (!p || p->status < 0) {
        return "w could not make and pass a pipe";
    }
    QT_STEP(step_fd(TASK_R, F_ADOPT, p->a, 0));
    return 0;
}

/* A new pipe from w to r, both ends on the fast path: w's first write is recorded ("not
 * yet"), r's first read moves the pipe (and the 5 bytes) onto the page, w's next write is told
 * so by the server and goes to the page. */
static const char *fast_pipe(void)
{
    QT_STEP(new_pipe());
    QT_STEP(step(TASK_W, F_WRITE, 5, 0, 5));
    QT_STEP(step(TASK_R, F_READ, 5, 0, 5));
    QT_STEP(step(TASK_W, F_WRITE, 5, 0, 5));
    QT_STEP(step(TASK_R, F_READ, 5, 0, 5));
    QT_STEP(step(TASK_W, F_FAST, 0, 0, 1));
    return step(TASK_R, F_FAST, 0, 0, 1);
}

static const char *close_both(void)
{
    QT_STEP(step(TASK_W, F_CLOSE, 0, 0, 0));
    return step(TASK_R, F_CLOSE, 0, 0, 0);
}

/* 200 KiB through a 1 KiB page: the reader waits for bytes and the writer for room, many
 * times; every byte arrives, in order (a checksum of position-dependent bytes). */
static const char *stream_trouble(void)
{
    QT_STEP(fast_pipe());
    if (qc_order(TASK_R, F_RECV, 200u * 1024u, 7) != PL_OK) {
        return "could not order r";
    }
    QT_STEP(step(TASK_W, F_SEND, 200u * 1024u, 7, 200 * 1024));
    const struct qc_report *r = qc_report(TASK_R, WAIT);
    if (!r || r->status != 200 * 1024 || r->a != 0) {
        return r ? qt_why("r read %ld bytes, %lu wrong", (long)r->status, (unsigned long)r->a)
                 : "r did not report";
    }
    return close_both();
}

/* A reader waits on an empty fast pipe until bytes come; after the writer's close it reads
 * what is left, then end of file. */
static const char *eof_trouble(void)
{
    QT_STEP(fast_pipe());
    if (qc_order(TASK_R, F_READ, 100, 0) != PL_OK || !qc_wait_blocked(TASK_R, 50)) {
        return "r did not wait on the empty pipe";
    }
    QT_STEP(step(TASK_W, F_WRITE, 10, 0, 10));
    QT_STEP(later(TASK_R, 10));
    QT_STEP(step(TASK_W, F_WRITE, 3, 0, 3));
    QT_STEP(step(TASK_W, F_CLOSE, 0, 0, 0));
    QT_STEP(step(TASK_R, F_READ, 100, 0, 3));
    QT_STEP(step(TASK_R, F_READ, 100, 0, 0));
    return step(TASK_R, F_CLOSE, 0, 0, 0);
}

/* The reader closes: a write is EPIPE with SIGPIPE ignored, and ends the writer by default. */
static const char *epipe_trouble(void)
{
    QT_STEP(fast_pipe());
    QT_STEP(step(TASK_R, F_CLOSE, 0, 0, 0));
    QT_STEP(step(TASK_W, F_SIGPIPE, 1, 0, 0));
    QT_STEP(step(TASK_W, F_WRITE, 10, 0, -EPIPE));
    QT_STEP(step(TASK_W, F_SIGPIPE, 0, 0, 0));
    if (qc_order(TASK_W, F_WRITE, 10, 0) != PL_OK || !qt_wait_stopped(actors, 1, 1, WAIT)) {
        return "SIGPIPE did not end the writer";
    }
    return qc_restart(TASK_W);
}

/* The writer's task stops for good while the reader waits: the reader gets end of file within
 * bounded time (its wait times out, the server finds the writer dead and closes its end). */
static const char *writer_death_trouble(void)
{
    QT_STEP(fast_pipe());
    if (qc_order(TASK_R, F_READ, 100, 0) != PL_OK || !qc_wait_blocked(TASK_R, 50)) {
        return "r did not wait on the empty pipe";
    }
    pl_task_fault(TASK_W);
    QT_STEP(later(TASK_R, 0));
    QT_STEP(step(TASK_R, F_CLOSE, 0, 0, 0));
    return qc_restart(TASK_W);
}

/* The reader's task stops for good while the writer waits for room: the writer's write ends
 * (what it wrote, or EPIPE) and the next one is EPIPE. */
static const char *reader_death_trouble(void)
{
    QT_STEP(step(TASK_W, F_SIGPIPE, 1, 0, 0));
    QT_STEP(fast_pipe());
    if (qc_order(TASK_W, F_SEND, 8000, 1) != PL_OK || !qc_wait_blocked(TASK_W, 50)) {
        return "w did not wait for room";
    }
    pl_task_fault(TASK_R);
    const struct qc_report *r = qc_report(TASK_W, WAIT);
    if (!r || (r->status != -EPIPE && (r->status <= 0 || r->status >= 8000))) {
        return r ? qt_why("w's blocked write gave %ld", (long)r->status) : "w's write never ended";
    }
    QT_STEP(step(TASK_W, F_WRITE, 10, 0, -EPIPE));
    QT_STEP(step(TASK_W, F_CLOSE, 0, 0, 0));
    return qc_restart(TASK_R);
}

/* The writer is restarted while the reader waits: its new life's hello closes what the old one
 * held, and the reader gets end of file. */
static const char *writer_restart_trouble(void)
{
    QT_STEP(fast_pipe());
    if (qc_order(TASK_R, F_READ, 100, 0) != PL_OK || !qc_wait_blocked(TASK_R, 50)) {
        return "r did not wait on the empty pipe";
    }
    QT_STEP(qc_restart(TASK_W));
    QT_STEP(later(TASK_R, 0));
    return step(TASK_R, F_CLOSE, 0, 0, 0);
}

/* The server restarts with bytes in the page: the kernel tells both ends (they hold the page),
 * so the first read and the first write after it ask the server and answer EBADF; the bytes
 * of the old pipe are not handed out. */
static const char *server_restart_next_ops_trouble(void)
{
    QT_STEP(fast_pipe());
    QT_STEP(step(TASK_W, F_WRITE, 10, 0, 10));
    if (pl_task_restart(TASK_PIPE) < 0) {
        return "could not restart the pipe server";
    }
    QT_STEP(step(TASK_R, F_READ, 100, 0, -EBADF));
    QT_STEP(step(TASK_W, F_WRITE, 5, 0, -EBADF));
    QT_STEP(step(TASK_R, F_CLOSE, 0, 0, -EBADF));
    QT_STEP(step(TASK_W, F_CLOSE, 0, 0, -EBADF));
    pl_sleep(5); /* the new server registers its name */
    return 0;
}

/* The server restarts under a waiting reader: the reader is woken by the kernel's word and
 * told EBADF (never a hang, never another pipe's bytes); the old descriptors are EBADF; once both
 * ends let their page go, a new pipe goes fast again. */
static const char *server_restart_trouble(void)
{
    QT_STEP(fast_pipe());
    if (qc_order(TASK_R, F_READ, 100, 0) != PL_OK || !qc_wait_blocked(TASK_R, 50)) {
        return "r did not wait on the empty pipe";
    }
    if (pl_task_restart(TASK_PIPE) < 0) {
        return "could not restart the pipe server";
    }
    QT_STEP(later(TASK_R, -EBADF));
    QT_STEP(step(TASK_R, F_CLOSE, 0, 0, -EBADF));
    QT_STEP(step(TASK_W, F_CLOSE, 0, 0, -EBADF));
    pl_sleep(5); /* the new server registers its name */
    QT_STEP(fast_pipe());
    if (qc_order(TASK_R, F_RECV, 5000, 3) != PL_OK) {
        return "could not order r";
    }
    QT_STEP(step(TASK_W, F_SEND, 5000, 3, 5000));
    QT_STEP(later(TASK_R, 5000));
    return close_both();
}

/* An end rewrites the page's header: its peer is unharmed (no fault, no access outside the
 * page) and gets an error; a rewritten size changes nothing (each end keeps the size it
 * checked when it attached). */
static const char *spoil_trouble(void)
{
    QT_STEP(fast_pipe());
    QT_STEP(step(TASK_R, F_SPOIL, 1, 0xfffffff0u, 0)); /* size */
    QT_STEP(step(TASK_W, F_WRITE, 10, 0, 10));
    QT_STEP(step(TASK_R, F_READ, 100, 0, 10));
    QT_STEP(step(TASK_R, F_SPOIL, 2, 0x7ffffff0u, 0)); /* head, far out of the ring */
    QT_STEP(step(TASK_W, F_WRITE, 10, 0, -EIO));
    QT_STEP(step(TASK_R, F_READ, 100, 0, -EIO));
    struct pl_task_status w = qt_status(TASK_W), r = qt_status(TASK_R);
    if (!qt_is_live(&w) || !qt_is_live(&r)) {
        return "an end of the spoilt pipe stopped";
    }
    return close_both();
}

/* O_NONBLOCK and poll on fast ends: an empty pipe is EAGAIN and not readable; bytes make it
 * readable; a nearly full ring takes part of a long write, refuses a short one it cannot take
 * whole (EAGAIN), and once full is not writable; with the reader gone a write end polls as an
 * error. */
static const char *nonblock_poll_trouble(void)
{
    QT_STEP(fast_pipe());
    QT_STEP(step(TASK_R, F_NONBLOCK, 0, 0, 0));
    QT_STEP(step(TASK_W, F_NONBLOCK, 0, 0, 0));
    QT_STEP(step(TASK_R, F_POLL, PL_POLLIN, 0, 0));
    QT_STEP(step(TASK_R, F_READ, 10, 0, -EAGAIN));
    QT_STEP(step(TASK_W, F_WRITE, 10, 0, 10));
    QT_STEP(step(TASK_R, F_POLL, PL_POLLIN, 0, PL_POLLIN));
    QT_STEP(step(TASK_W, F_POLL, PL_POLLOUT, 0, PL_POLLOUT));
    const struct qc_report *r = qc_ask(TASK_W, F_WRITE, 2000, 0, WAIT);
    if (!r || r->status <= 0 || r->status >= 2000) {
        return r ? qt_why("a long write into a 1 KiB page took %ld", (long)r->status)
                 : "w did not report";
    }
    QT_STEP(step(TASK_W, F_WRITE, 100, 0, -EAGAIN)); /* PIPE_BUF or less: whole or nothing */
    QT_STEP(step(TASK_W, F_WRITE, 1, 0, 1));         /* the ring's last free byte */
    QT_STEP(step(TASK_W, F_POLL, PL_POLLOUT, 0, 0));
    QT_STEP(step(TASK_R, F_CLOSE, 0, 0, 0));
    QT_STEP(step(TASK_W, F_POLL, PL_POLLOUT, 0, PL_POLLERR));
    return step(TASK_W, F_CLOSE, 0, 0, 0);
}

/* A FIFO stays on the server path even with both ends opted in: its bytes come through the
 * server, no page is mapped, and a write up to PIPE_BUF is whole. */
static const char *fifo_trouble(void)
{
    QT_STEP(step_fd(TASK_W, F_MKFIFO, 3, 0));
    QT_STEP(step_fd(TASK_R, F_MKFIFO, 0, 0));
    QT_STEP(step(TASK_W, F_WRITE, 128, 1, 128));
    QT_STEP(step(TASK_W, F_FAST, 0, 0, 0));
    QT_STEP(step(TASK_R, F_READ, 200, 1, 128));
    QT_STEP(step(TASK_R, F_FAST, 0, 0, 0));
    QT_STEP(step(TASK_W, F_CLOSE, 1, 0, 0));
    return step(TASK_R, F_CLOSE, 1, 0, 0);
}

/* w opts in naming r's notification as its own (the one the peer would signal to wake it):
 * the server refuses w's end the fast path (PL_EPERM), so the pipe stays on the server path,
 * and bytes still flow both ways through the server. Then w opts in honestly again. */
static const char *forged_ntfn_trouble(void)
{
    QT_STEP(step(TASK_W, F_FORGE, 1, 0, 0));
    QT_STEP(new_pipe());
    QT_STEP(step(TASK_W, F_WRITE, 5, 0, 5));
    QT_STEP(step(TASK_R, F_READ, 5, 0, 5));
    QT_STEP(step(TASK_W, F_WRITE, 7, 0, 7));
    QT_STEP(step(TASK_R, F_READ, 100, 0, 7));
    QT_STEP(step(TASK_W, F_FAST, 0, 0, 0));
    QT_STEP(step(TASK_R, F_FAST, 0, 0, 0));
    QT_STEP(close_both());
    QT_STEP(step(TASK_W, F_FORGE, 0, 0, 0));
    QT_STEP(fast_pipe()); /* honest again: fast again */
    return close_both();
}

int main(void)
{
    qt_begin(SYSTEM_NAME);
    qc_start(actors, COUNT(actors), 200);
    qt_report("fast_stream_200k_checksummed_blocking_both_ways", stream_trouble());
    qt_report("fast_reader_waits_then_reads_rest_then_eof", eof_trouble());
    qt_report("fast_write_without_reader_epipe_then_sigpipe_ends_writer", epipe_trouble());
    qt_report("fast_writer_dies_not_restarted_reader_gets_eof", writer_death_trouble());
    qt_report("fast_reader_dies_not_restarted_writer_gets_epipe", reader_death_trouble());
    qt_report("fast_writer_restarted_reader_gets_eof", writer_restart_trouble());
    qt_report("fast_server_restart_next_read_and_write_ebadf", server_restart_next_ops_trouble());
    qt_report("fast_server_restart_ebadf_then_fast_again", server_restart_trouble());
    qt_report("fast_spoilt_page_peer_unharmed_gets_eio", spoil_trouble());
    qt_report("fast_nonblocking_eagain_and_poll_in_out_err", nonblock_poll_trouble());
    qt_report("fifo_stays_on_server_path_with_both_ends_opted_in", fifo_trouble());
    qt_report("fast_refused_to_an_end_naming_a_notification_not_its_own", forged_ntfn_trouble());
    qt_finish();
}

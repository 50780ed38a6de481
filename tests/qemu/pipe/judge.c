/*
 * tests/qemu/pipe/judge.c - the pipe server's rules (docs/ipc-catalogue.md, "Pipes" and
 * "FIFOs", and the "Bad input and limits"), one case each, driven through the actors
 * (actor.c), which use the C library's descriptors. A = w0 and B = w1 do most cases; r0 is
 * the client that dies while blocked. The server's restart runs only as a task (in the
 * kernel, MODE=mono, it cannot be restarted).
 *
 * A write without a reader also sends its writer SIGPIPE, which by default ends it: A, which
 * several cases leave without a reader on purpose, ignores SIGPIPE from the start and sees
 * EPIPE; `sigpipe` tests the three actions on B.
 */
#include <errno.h>
#include <fcntl.h>

#include "../harness/qtest.h"
#include "fd.h"
#include "judge.h"
#include "ptest.h"
#include "system.h"

#define A TASK_W0
#define B TASK_W1
#define C TASK_R0

static const uint32_t actors[] = {TASK_W0, TASK_W1, TASK_W2, TASK_W3,
                                  TASK_R0, TASK_R1, TASK_R2, TASK_R3};

const char *pj_expect(uint32_t task, uint32_t op, uint32_t a, uint32_t b, int want)
{
    const struct qc_report *r = qc_ask(task, op, a, b, PJ_WAIT);
    if (!r) {
        return qt_why("task %lu: no report of order %lu", (unsigned long)task, (unsigned long)op);
    }
    if (r->status != want) {
        return qt_why("task %lu order %lu(%lu, %lu): %ld, expected %d", (unsigned long)task,
                      (unsigned long)op, (unsigned long)a, (unsigned long)b, (long)r->status, want);
    }
    return 0;
}

/* A read of `len` bytes 0, 1, 2, ... (what PT_WRITE writes), or `len` 0: end of file. */
static const char *reads(uint32_t task, uint32_t cap, int len)
{
    const struct qc_report *r = qc_ask(task, PT_READ, 0, cap, PJ_WAIT);
    if (!r || r->status != len) {
        return qt_why("read gave %ld, expected %d", r ? (long)r->status : -999l, len);
    }
    for (uint32_t i = 0; i < r->len; i++) {
        if (r->data[i] != (uint8_t)i) {
            return qt_why("byte %lu is %u", (unsigned long)i, r->data[i]);
        }
    }
    return 0;
}

/* A pipe made by A whose read end B holds. */
static const char *a_to_b(void)
{
    QT_STEP(pj_expect(A, PT_PIPE, 0, 0, 0));
    const struct qc_report *r = qc_ask(A, PT_PASS, 0, BADGE_PIPE_W1, PJ_WAIT);
    if (!r || r->status < 0) {
        return qt_why("pass: %ld", r ? (long)r->status : -999l);
    }
    return pj_expect(B, PT_ADOPT, (uint32_t)r->status, 0, 3);
}

static const char *write_read_fstat(void)
{
    QT_STEP(pj_expect(A, PT_PIPE, 0, 0, 0));
    QT_STEP(pj_expect(A, PT_WRITE, 1, 10, 10));
    const struct qc_report *r = qc_ask(A, PT_FSTAT, 0, 0, PJ_WAIT);
    if (!r || r->status != 0 || r->a != 10 || r->b != 1) {
        return qt_why("fstat: %ld, size %lu, fifo|tty 0x%lx", r ? (long)r->status : -999l,
                      r ? (unsigned long)r->a : 0ul, r ? (unsigned long)r->b : 0ul);
    }
    QT_STEP(reads(A, 64, 10));
    QT_STEP(pj_expect(A, PT_WRITE, 1, 0, 0)); /* zero bytes: nothing, no error */
    QT_STEP(pj_expect(A, PT_NONBLOCK, 0, 1, O_NONBLOCK));
    QT_STEP(pj_expect(A, PT_READ, 0, 0, 0)); /* a zero-length read does not block */
    QT_STEP(pj_expect(A, PT_READ, 0, 16, -EAGAIN));
    QT_STEP(pj_expect(A, PT_STDIO, 0, 0, 0));
    return pj_expect(A, PT_CLOSE, 0, 0, -EBADF); /* fclose closed it already */
}

static const char *passed_end(void)
{
    QT_STEP(a_to_b());
    QT_STEP(pj_expect(A, PT_READ, 0, 16, -EBADF)); /* A's own descriptor went with it */
    QT_STEP(pj_expect(A, PT_WRITE, 1, 5, 5));
    QT_STEP(reads(B, 64, 5));
    return 0;
}

static const char *blocks_until(uint32_t task, uint32_t op, uint32_t a, uint32_t b,
                                const char *(*unblock)(void), int want)
{
    qc_order(task, op, a, b);
    if (!qc_wait_blocked(task, 50) || qc_report(task, 20)) {
        return "the order did not block";
    }
    QT_STEP(unblock());
    const struct qc_report *r = qc_report(task, PJ_WAIT);
    if (!r || r->status != want) {
        return qt_why("after unblocking: %ld, expected %d", r ? (long)r->status : -999l, want);
    }
    return 0;
}

static const char *a_writes_7(void)
{
    return pj_expect(A, PT_WRITE, 1, 7, 7);
}

static const char *a_closes_writer(void)
{
    return pj_expect(A, PT_CLOSE, 1, 0, 0);
}

static const char *b_reads_256(void)
{
    return reads(B, 256, 256);
}

static const char *blocking_and_eof(void)
{
    QT_STEP(blocks_until(B, PT_READ, 0, 64, a_writes_7, 7));
    QT_STEP(blocks_until(B, PT_READ, 0, 64, a_closes_writer, 0)); /* end of file */
    QT_STEP(reads(B, 64, 0));
    return pj_expect(B, PT_CLOSE, 0, 0, 0);
}

/* pl_poll of `task`'s slot: its count and revents. */
static const char *polls(uint32_t task, uint32_t slot, uint32_t timeout, int count,
                         uint32_t revents)
{
    const struct qc_report *r = qc_ask(task, PT_POLL, slot, timeout, PJ_WAIT + timeout);
    if (!r || r->status != count || r->a != revents) {
        return qt_why("poll: %ld, revents 0x%lx; expected %d, 0x%lx", r ? (long)r->status : -999l,
                      r ? (unsigned long)r->a : 0ul, count, (unsigned long)revents);
    }
    return 0;
}

static const char *polling(void)
{
    QT_STEP(a_to_b());
    uint32_t t0 = qc_now();
    QT_STEP(polls(B, 0, 20, 0, 0)); /* nothing to read: the timeout */
    if (qc_now() - t0 < 20u) {
        return qt_why("the poll gave up after %lu ticks, asked 20", (unsigned long)(qc_now() - t0));
    }
    /* A poll sleeps a tick at a time (it is READY at each tick, when the judge looks), so
     * "still waiting" is: no report after a while. Then another task's write ends it. */
    qc_order(B, PT_POLL, 0, 500);
    pl_sleep(30);
    if (qc_has_report(B)) {
        return "the poll did not wait";
    }
    QT_STEP(a_writes_7());
    const struct qc_report *r = qc_report(B, PJ_WAIT);
    if (!r || r->status != 1 || r->a != PL_POLLIN || qc_now() - t0 >= 500u) {
        return qt_why("the waiting poll gave %ld, 0x%lx", r ? (long)r->status : -999l,
                      r ? (unsigned long)r->a : 0ul);
    }
    QT_STEP(reads(B, 64, 7));
    QT_STEP(polls(A, 1, 0, 1, PL_POLLOUT));
    QT_STEP(pj_expect(A, PT_CLOSE, 1, 0, 0));
    QT_STEP(polls(B, 0, 0, 1, PL_POLLIN | PL_POLLHUP)); /* end of file */
    QT_STEP(pj_expect(B, PT_CLOSE, 0, 0, 0));
    return polls(B, 0, 0, 1, PL_POLLNVAL);
}

static const char *full_pipe_and_atomicity(void)
{
    QT_STEP(a_to_b());
    QT_STEP(pj_expect(A, PT_WRITE, 1, 500, 500)); /* the default buffer: 512 bytes */
    QT_STEP(pj_expect(A, PT_NONBLOCK, 1, 1, O_NONBLOCK));
    QT_STEP(pj_expect(A, PT_WRITE, 1, 100, -EAGAIN)); /* <= PIPE_BUF: whole or nothing */
    QT_STEP(pj_expect(A, PT_WRITE, 1, 200, 12));      /* longer: what fits */
    QT_STEP(pj_expect(A, PT_NONBLOCK, 1, 0, 0));
    QT_STEP(blocks_until(A, PT_WRITE, 1, 100, b_reads_256, 100));
    QT_STEP(pj_expect(B, PT_CLOSE, 0, 0, 0));
    QT_STEP(pj_expect(A, PT_WRITE, 1, 10, -EPIPE)); /* no reader left */
    return pj_expect(A, PT_CLOSE, 1, 0, 0);
}

static const char *fifos(void)
{
    QT_STEP(pj_expect(A, PT_MKFIFO, 1, 0640, 0));
    QT_STEP(pj_expect(B, PT_MKFIFO, 1, 0666, -EEXIST));
    QT_STEP(pj_expect(B, PT_OPEN, 1, O_WRONLY, -EACCES)); /* others may only read */
    QT_STEP(pj_expect(B, PT_OPEN, 1, O_RDONLY | O_NONBLOCK, 3));
    QT_STEP(pj_expect(B, PT_READ, 0, 16, -EAGAIN)); /* no writer yet: not end of file */
    QT_STEP(pj_expect(A, PT_OPEN, 1, O_WRONLY, 3));
    QT_STEP(pj_expect(A, PT_WRITE, 1, 20, 20));
    QT_STEP(reads(B, 64, 20));
    QT_STEP(pj_expect(B, PT_UNLINK, 1, 0, PL_EACCES));
    QT_STEP(pj_expect(A, PT_UNLINK, 1, 0, PL_OK));
    QT_STEP(pj_expect(B, PT_OPEN, 1, O_RDONLY, -ENOENT));
    QT_STEP(pj_expect(A, PT_WRITE, 1, 3, 3)); /* the open ends live on */
    QT_STEP(reads(B, 64, 3));
    QT_STEP(pj_expect(A, PT_CLOSE, 1, 0, 0));
    QT_STEP(reads(B, 64, 0));
    QT_STEP(pj_expect(B, PT_CLOSE, 0, 0, 0));
    return pj_expect(B, PT_OPEN_LONG, 0, 0, -ENAMETOOLONG);
}

static const char *bad_descriptors(void)
{
    QT_STEP(pj_expect(B, PT_READ_FD, 9, 0, -EBADF));   /* never opened */
    QT_STEP(pj_expect(B, PT_READ_FD, 1, 0, -EBADF));   /* stdout is no read end */
    QT_STEP(pj_expect(B, PT_CLOSE_FD, 14, 0, -EBADF)); /* never opened */
    QT_STEP(pj_expect(A, PT_PIPE, 0, 0, 0));
    const struct qc_report *r = qc_ask(A, PT_PASS, 1, BADGE_PIPE_W1, PJ_WAIT);
    if (!r || r->status < 0) {
        return "pass failed";
    }
    uint32_t sfd = (uint32_t)r->status;
    QT_STEP(pj_expect(A, PT_RAW_WRITE, sfd, 0, PL_EBADF)); /* no longer A's */
    QT_STEP(pj_expect(C, PT_RAW_WRITE, sfd, 0, PL_EBADF)); /* never C's */
    QT_STEP(pj_expect(A, PT_WRITE, 0, 4, -EBADF));         /* a read end: wrong direction */
    QT_STEP(pj_expect(B, PT_RAW_WRITE, sfd, 0, 1));        /* B's: it works */
    QT_STEP(pj_expect(B, PT_ADOPT, sfd, 1, 3));
    QT_STEP(pj_expect(B, PT_CLOSE, 1, 0, 0));
    QT_STEP(pj_expect(B, PT_CLOSE, 1, 0, -EBADF)); /* double close */
    return pj_expect(A, PT_CLOSE, 0, 0, 0);
}

static const char *tables_full(void)
{
    for (uint32_t i = 0; i < 5; i++) {
        QT_STEP(pj_expect(A, PT_PIPE, 0, 0, 0)); /* A's descriptors 3 .. 12 */
    }
    for (uint32_t i = 0; i < 3; i++) {
        QT_STEP(pj_expect(B, PT_PIPE, 0, 0, 0));
    }
    QT_STEP(pj_expect(A, PT_PIPE, 0, 0, -ENFILE)); /* the server's 8 pipes are taken */
    QT_STEP(pj_expect(A, PT_MKFIFO, 2, 0666, -ENFILE));
    for (uint32_t fd = 3; fd < 13; fd++) {
        QT_STEP(pj_expect(A, PT_CLOSE_FD, fd, 0, 0));
    }
    for (uint32_t fd = 3; fd < 9; fd++) {
        QT_STEP(pj_expect(B, PT_CLOSE_FD, fd, 0, 0));
    }
    QT_STEP(pj_expect(A, PT_PIPE, 0, 0, 0)); /* nothing leaked */
    QT_STEP(pj_expect(A, PT_CLOSE, 0, 0, 0));
    return pj_expect(A, PT_CLOSE, 1, 0, 0);
}

static const char *faults(uint32_t op, uint32_t slot, uint32_t addr)
{
    uint32_t task = B;
    qc_order(B, op, slot, addr);
    if (!qt_wait_stopped(&task, 1, 1, 50)) {
        return "the client survived";
    }
    struct pl_task_status st = qt_status(B);
    if (st.fault.kind != PL_FAULT_BAD_POINTER || st.fault.addr != addr) {
        return qt_why("fault %s at 0x%08lx", qt_fault_name(st.fault.kind),
                      (unsigned long)st.fault.addr);
    }
    return qc_restart(B);
}

static const char *bad_pointers(void)
{
    uint32_t kernel_ram = KERNEL_RAM_BASE + 0x100u;
    QT_STEP(pj_expect(B, PT_PIPE, 0, 0, 0));
    QT_STEP(faults(PT_WRITE_FROM, 1, kernel_ram));
    QT_STEP(pj_expect(B, PT_PIPE, 0, 0, 0)); /* restarted: hello, its old ends closed */
    QT_STEP(pj_expect(B, PT_WRITE, 1, 4, 4));
    QT_STEP(faults(PT_READ_INTO, 0, kernel_ram));
    if (!SYSTEM_MODE_MONO && qt_status(TASK_PIPE).faults != 0) {
        return "the server faulted";
    }
    return 0;
}

/* B's order ends B: it exited with `code`. */
static const char *ends_b(uint32_t op, uint32_t a, uint32_t b, int code)
{
    uint32_t task = B;
    qc_order(B, op, a, b);
    if (!qt_wait_stopped(&task, 1, 1, 50)) {
        return "the writer survived";
    }
    struct pl_task_status st = qt_status(B);
    if (st.state != PL_TASK_EXITED || st.exit_code != code) {
        return qt_why("%s, exit code %ld; expected exited, %d", qt_state_name(st.state),
                      (long)st.exit_code, code);
    }
    return 0;
}

/* B holds a pipe whose read end is closed. */
static const char *b_without_reader(void)
{
    QT_STEP(pj_expect(B, PT_PIPE, 0, 0, 0));
    return pj_expect(B, PT_CLOSE, 0, 0, 0);
}

static const char *a_closes_reader(void)
{
    return pj_expect(A, PT_CLOSE, 0, 0, 0);
}

/* SIGPIPE goes to the writer only, after its EPIPE: the default ends it (128 + 13); ignored,
 * the write is EPIPE; caught, the handler runs once and the write is still EPIPE (not EINTR),
 * also for a writer blocked on a full pipe whose reader leaves (which gets no signal). */
static const char *sigpipe(void)
{
    QT_STEP(b_without_reader());
    QT_STEP(ends_b(PT_WRITE, 1, 4, 128 + 13));
    QT_STEP(qc_restart(B));
    QT_STEP(pj_expect(B, PT_SIGPIPE, PT_SIGPIPE_IGNORE, 0, 0));
    QT_STEP(b_without_reader());
    QT_STEP(pj_expect(B, PT_WRITE, 1, 4, -EPIPE));
    QT_STEP(pj_expect(B, PT_CLOSE, 1, 0, 0));
    QT_STEP(pj_expect(B, PT_SIGPIPE, PT_SIGPIPE_CATCH, 0, 0));
    QT_STEP(b_without_reader());
    QT_STEP(pj_expect(B, PT_WRITE, 1, 4, -EPIPE));
    QT_STEP(pj_expect(B, PT_SIGPIPE, PT_SIGPIPE_CATCH, 0, 1)); /* caught once */
    QT_STEP(pj_expect(B, PT_CLOSE, 1, 0, 0));
    /* blocked, then left without a reader: A, the reader, catches SIGPIPE too and gets none */
    QT_STEP(pj_expect(A, PT_SIGPIPE, PT_SIGPIPE_CATCH, 0, 0));
    QT_STEP(pj_expect(B, PT_PIPE, 0, 0, 0));
    const struct qc_report *r = qc_ask(B, PT_PASS, 0, BADGE_PIPE_W0, PJ_WAIT);
    if (!r || r->status < 0) {
        return qt_why("pass: %ld", r ? (long)r->status : -999l);
    }
    QT_STEP(pj_expect(A, PT_ADOPT, (uint32_t)r->status, 0, 3));
    QT_STEP(pj_expect(B, PT_WRITE, 1, 500, 500));
    QT_STEP(blocks_until(B, PT_WRITE, 1, 100, a_closes_reader, -EPIPE));
    QT_STEP(pj_expect(B, PT_SIGPIPE, PT_SIGPIPE_DEFAULT, 0, 1));
    QT_STEP(pj_expect(A, PT_SIGPIPE, PT_SIGPIPE_IGNORE, 0, 0)); /* the reader: none */
    return pj_expect(B, PT_CLOSE, 1, 0, 0);
}

/* C dies blocked in a read; its new life's first request closes its old ends, so the writer
 * sees EPIPE instead of feeding a dead reader. */
static const char *dead_blocked_reader(void)
{
    QT_STEP(pj_expect(A, PT_PIPE, 0, 0, 0));
    const struct qc_report *r = qc_ask(A, PT_PASS, 0, BADGE_PIPE_R0, PJ_WAIT);
    if (!r || r->status < 0) {
        return "pass failed";
    }
    QT_STEP(pj_expect(C, PT_ADOPT, (uint32_t)r->status, 0, 3));
    qc_order(C, PT_READ, 0, 64);
    if (!qc_wait_blocked(C, 50)) {
        return "the read did not block";
    }
    QT_STEP(qc_restart(C));
    QT_STEP(pj_expect(C, PT_PIPE, 0, 0, 0));
    QT_STEP(pj_expect(A, PT_WRITE, 1, 8, -EPIPE));
    QT_STEP(pj_expect(C, PT_CLOSE, 0, 0, 0));
    QT_STEP(pj_expect(C, PT_CLOSE, 1, 0, 0));
    return pj_expect(A, PT_CLOSE, 1, 0, 0);
}

/* C dies blocked in a read and stays dead: the server finds out when it answers C (its
 * reply is refused) and closes C's end; the bytes it was handing over are lost with C. */
static const char *dead_reader_found_by_its_answer(void)
{
    QT_STEP(pj_expect(A, PT_PIPE, 0, 0, 0));
    const struct qc_report *r = qc_ask(A, PT_PASS, 0, BADGE_PIPE_R0, PJ_WAIT);
    if (!r || r->status < 0) {
        return "pass failed";
    }
    QT_STEP(pj_expect(C, PT_ADOPT, (uint32_t)r->status, 0, 3));
    qc_order(C, PT_READ, 0, 64);
    if (!qc_wait_blocked(C, 50) || pl_task_fault(C) != PL_OK) {
        return "the read did not block, or C could not be stopped";
    }
    QT_STEP(pj_expect(A, PT_WRITE, 1, 8, 8)); /* taken for C, refused: C is reclaimed */
    QT_STEP(pj_expect(A, PT_WRITE, 1, 8, -EPIPE));
    QT_STEP(pj_expect(A, PT_CLOSE, 1, 0, 0));
    return qc_restart(C);
}

static const char *server_restart(void)
{
    QT_STEP(a_to_b());
    qc_order(B, PT_READ, 0, 64);
    if (!qc_wait_blocked(B, 50) || pl_task_restart(TASK_PIPE) < 0) {
        return "the read did not block, or the server did not restart";
    }
    const struct qc_report *r = qc_report(B, PJ_WAIT);
    if (!r || r->status != -EIO) {
        return qt_why("blocked reader: %ld, expected -EIO", r ? (long)r->status : -999l);
    }
    QT_STEP(pj_expect(A, PT_WRITE, 1, 4, -EBADF)); /* an old descriptor: never a hang */
    QT_STEP(pj_expect(A, PT_CLOSE, 1, 0, -EBADF)); /* the server refuses; the slot is free */
    QT_STEP(pj_expect(B, PT_CLOSE, 0, 0, -EBADF));
    QT_STEP(pj_expect(A, PT_PIPE, 0, 0, 0));
    QT_STEP(pj_expect(A, PT_WRITE, 1, 6, 6));
    QT_STEP(reads(A, 64, 6));
    QT_STEP(pj_expect(A, PT_CLOSE, 0, 0, 0));
    return pj_expect(A, PT_CLOSE, 1, 0, 0);
}

int main(void)
{
    qt_begin(SYSTEM_NAME);
    qc_start(actors, sizeof(actors) / sizeof(actors[0]), 200);
    qt_report("writer_a_ignores_sigpipe", pj_expect(A, PT_SIGPIPE, PT_SIGPIPE_IGNORE, 0, 0));
    qt_report("write_read_fstat_nonblock_and_stdio", write_read_fstat());
    qt_report("passed_end_works_for_the_peer_only", passed_end());
    qt_report("blocked_reader_woken_then_end_of_file", blocking_and_eof());
    qt_report("full_pipe_pipe_buf_atomicity_blocked_writer_epipe", full_pipe_and_atomicity());
    qt_report("fifo_modes_names_unlink_eof", fifos());
    qt_report("bad_descriptors_ebadf", bad_descriptors());
    qt_report("tables_full_enfile_nothing_leaked", tables_full());
    qt_report("bad_pointers_fault_the_client_not_the_server", bad_pointers());
    qt_report("poll_waits_with_a_timeout_in_out_hup_nval", polling());
    qt_report("client_dying_while_blocked_is_reclaimed", dead_blocked_reader());
    qt_report("dead_reader_never_restarted_is_found_by_its_answer",
              dead_reader_found_by_its_answer());
    qt_report("sigpipe_default_ends_the_writer_ignored_or_caught_gives_epipe", sigpipe());
    if (!SYSTEM_MODE_MONO) {
        qt_report("server_restart_gives_eio_then_ebadf", server_restart());
    }
    pj_stress();
    qt_finish();
}

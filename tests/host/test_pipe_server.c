/*
 * tests/host/test_pipe_server.c - servers/pipe/pipe.c as a whole: its handlers through
 * pl_server_dispatch over the real core and a fake seam (fake_env.c). Requests a client
 * library never sends (a bad end, a read larger than a message), and the server's own
 * bookkeeping: deferred reads and writes, hello, a refused answer, SIGPIPE after EPIPE.
 */
#include <string.h>

#include "fake_env.h"
#include "harness.h"
#include "pipe.h"
#include "pipe_core.h"
#include "server.h"
#include <parley/signal.h>
#include <parley/task.h>

extern const struct pl_server pipe_server;

#define OWNER 7u
#define OTHER 8u

static struct pl_reply rep;
static uint8_t bytes[PIPE_IO_MAX];

static int request(uint32_t op, uint32_t badge, uint32_t client, uint32_t w0, uint32_t w1,
                   const void *data, uint32_t len)
{
    struct pl_request req = {
        .op = op, .w0 = w0, .w1 = w1, .client = client, .badge = badge, .len = len, .data = data};
    return pl_server_dispatch(&pipe_server, &req, &rep);
}

/* A pipe of `badge`: fds[0] reads, fds[1] writes. */
static void make_pipe(uint32_t badge, int fds[2])
{
    pipe_server.init(pipe_server.state);
    CHECK_EQ(request(PIPE_OP_PIPE, badge, 1, 0, 0, 0, 0), PL_OK);
    fds[0] = (int)rep.w0;
    fds[1] = (int)rep.w1;
}

TEST(open_of_a_bad_end_is_einval)
{
    pipe_server.init(pipe_server.state);
    CHECK_EQ(request(PIPE_OP_MKFIFO, OWNER, 1, PIPE_MODE_ALL, 0, "f", 1), PL_OK);
    CHECK_EQ(request(PIPE_OP_OPEN, OWNER, 1, 2, 0, "f", 1), PL_EINVAL);
    CHECK_EQ(request(PIPE_OP_OPEN, OWNER, 1, PIPE_WRITE_END, 0, "f", 1), PL_OK);
}

TEST(a_read_larger_than_a_message_is_cut_to_one)
{
    int fds[2];
    make_pipe(OWNER, fds);
    memset(bytes, 'x', sizeof(bytes));
    CHECK_EQ(request(PIPE_OP_WRITE, OWNER, 1, (uint32_t)fds[1], 0, bytes, 256), PL_OK);
    CHECK_EQ(request(PIPE_OP_WRITE, OWNER, 1, (uint32_t)fds[1], 0, bytes, 256), PL_OK);
    CHECK_EQ(request(PIPE_OP_READ, OWNER, 1, (uint32_t)fds[0], 100000, 0, 0), PL_OK);
    CHECK_EQ(rep.len, PIPE_IO_MAX);
    CHECK_EQ(rep.w0, PIPE_IO_MAX);
}

TEST(nonblocking_read_of_an_empty_pipe_is_eagain_and_blocking_is_deferred)
{
    int fds[2];
    make_pipe(OWNER, fds);
    CHECK_EQ(request(PIPE_OP_READ, OWNER, 1, (uint32_t)fds[0], 16 | PIPE_NONBLOCK, 0, 0),
             PL_EAGAIN);
    CHECK_EQ(request(PIPE_OP_READ, OWNER, 0x10, (uint32_t)fds[0], 16, 0, 0), PL_SERVER_DEFER);
    CHECK_EQ(request(PIPE_OP_WRITE, OWNER, 0x11, (uint32_t)fds[1], 0, "hello", 5), PL_OK);
    CHECK_EQ(fake_env.replies, 1);
    CHECK_EQ(fake_env.reply[0].client, 0x10);
    CHECK_EQ(fake_env.reply[0].len, 5);
    CHECK(memcmp(fake_env.reply[0].data, "hello", 5) == 0);
}

TEST(blocked_writer_answered_with_its_count_when_room_is_made)
{
    int fds[2];
    make_pipe(OWNER, fds);
    memset(bytes, 'x', sizeof(bytes));
    CHECK_EQ(request(PIPE_OP_WRITE, OWNER, 1, (uint32_t)fds[1], 0, bytes, 256), PL_OK);
    CHECK_EQ(request(PIPE_OP_WRITE, OWNER, 1, (uint32_t)fds[1], 0, bytes, 256), PL_OK);
    CHECK_EQ(request(PIPE_OP_WRITE, OWNER, 0x10, (uint32_t)fds[1], 0, bytes, 100),
             PL_SERVER_DEFER); /* 512 held: full */
    CHECK_EQ(request(PIPE_OP_READ, OWNER, 1, (uint32_t)fds[0], 200, 0, 0), PL_OK);
    CHECK_EQ(fake_env.replies, 1);
    CHECK_EQ(fake_env.reply[0].status, PL_OK);
    CHECK_EQ(fake_env.reply[0].w0, 100);
}

TEST(close_of_the_last_writer_gives_a_blocked_reader_end_of_file)
{
    int fds[2];
    make_pipe(OWNER, fds);
    CHECK_EQ(request(PIPE_OP_READ, OWNER, 0x10, (uint32_t)fds[0], 16, 0, 0), PL_SERVER_DEFER);
    CHECK_EQ(request(PIPE_OP_CLOSE, OWNER, 1, (uint32_t)fds[1], 0, 0, 0), PL_OK);
    CHECK_EQ(fake_env.replies, 1);
    CHECK_EQ(fake_env.reply[0].status, PL_OK);
    CHECK_EQ(fake_env.reply[0].len, 0); /* end of file */
}

TEST(hello_closes_an_earlier_lifes_ends)
{
    int fds[2];
    make_pipe(OWNER, fds);
    CHECK_EQ(request(PIPE_OP_PASS, OWNER, 1, (uint32_t)fds[0], OTHER, 0, 0), PL_OK);
    CHECK_EQ(request(PIPE_OP_HELLO, OTHER, 1, 0, 0, 0, 0), PL_OK); /* OTHER restarted */
    CHECK_EQ(rep.w0, 1);
    CHECK_EQ(request(PIPE_OP_WRITE, OWNER, 1, (uint32_t)fds[1], 0, "x", 1), PL_SERVER_DEFER);
    CHECK_EQ(fake_env.reply[0].status, PL_EPIPE); /* answered at once, then signalled */
}

/* The writer (task 5, call 3) is answered PL_EPIPE first, then sent SIGPIPE; nobody else is. */
TEST(a_write_without_reader_is_answered_epipe_then_sigpipe_to_the_writer_only)
{
    int fds[2];
    uint32_t writer = 5u | 3u << PL_TASK_INDEX_BITS;
    make_pipe(OWNER, fds);
    CHECK_EQ(request(PIPE_OP_CLOSE, OWNER, 1, (uint32_t)fds[0], 0, 0, 0), PL_OK);
    CHECK_EQ(request(PIPE_OP_WRITE, OWNER, writer, (uint32_t)fds[1], 0, "x", 1), PL_SERVER_DEFER);
    CHECK_EQ(fake_env.replies, 1);
    CHECK_EQ(fake_env.reply[0].client, writer);
    CHECK_EQ(fake_env.reply[0].status, PL_EPIPE);
    CHECK_EQ(fake_env.kills, 1);
    CHECK_EQ(fake_env.kill[0].task, 5);
    CHECK_EQ(fake_env.kill[0].sig, PL_SIGPIPE);
    CHECK_EQ(fake_env.kill[0].after, 1); /* after the answer */
    CHECK_EQ(request(PIPE_OP_WRITE, OWNER, writer, (uint32_t)fds[1], PIPE_NONBLOCK, "x", 1),
             PL_SERVER_DEFER); /* non-blocking too */
    CHECK_EQ(fake_env.kills, 2);
}

/* A writer blocked on a full pipe whose last reader closes: EPIPE, then SIGPIPE, and the
 * reader that closed gets no signal. */
TEST(a_blocked_writer_left_without_reader_gets_epipe_then_sigpipe)
{
    int fds[2];
    uint32_t writer = 6u | 1u << PL_TASK_INDEX_BITS, reader = 2u | 1u << PL_TASK_INDEX_BITS;
    make_pipe(OWNER, fds);
    memset(bytes, 'x', sizeof(bytes));
    CHECK_EQ(request(PIPE_OP_WRITE, OWNER, 1, (uint32_t)fds[1], 0, bytes, 256), PL_OK);
    CHECK_EQ(request(PIPE_OP_WRITE, OWNER, 1, (uint32_t)fds[1], 0, bytes, 256), PL_OK);
    CHECK_EQ(request(PIPE_OP_WRITE, OWNER, writer, (uint32_t)fds[1], 0, bytes, 100),
             PL_SERVER_DEFER);
    CHECK_EQ(fake_env.kills, 0);
    CHECK_EQ(request(PIPE_OP_CLOSE, OWNER, reader, (uint32_t)fds[0], 0, 0, 0), PL_OK);
    CHECK_EQ(fake_env.replies, 1);
    CHECK_EQ(fake_env.reply[0].client, writer);
    CHECK_EQ(fake_env.reply[0].status, PL_EPIPE);
    CHECK_EQ(fake_env.kills, 1);
    CHECK_EQ(fake_env.kill[0].task, 6);
    CHECK_EQ(fake_env.kill[0].after, 1);
}

/* A writer whose EPIPE answer is refused (it died) is not signalled: its index may be a new
 * life's by now. */
TEST(a_writer_gone_before_its_epipe_gets_no_signal)
{
    int fds[2];
    make_pipe(OWNER, fds);
    CHECK_EQ(request(PIPE_OP_CLOSE, OWNER, 1, (uint32_t)fds[0], 0, 0, 0), PL_OK);
    fake_env.dead_client = 0x10;
    CHECK_EQ(request(PIPE_OP_WRITE, OWNER, 0x10, (uint32_t)fds[1], 0, "x", 1), PL_SERVER_DEFER);
    CHECK_EQ(fake_env.reply[0].refused, 1);
    CHECK_EQ(fake_env.kills, 0);
}

TEST(a_refused_answer_closes_the_dead_readers_end)
{
    int fds[2];
    make_pipe(OWNER, fds);
    CHECK_EQ(request(PIPE_OP_PASS, OWNER, 1, (uint32_t)fds[0], OTHER, 0, 0), PL_OK);
    CHECK_EQ(request(PIPE_OP_READ, OTHER, 0x10, (uint32_t)fds[0], 16, 0, 0), PL_SERVER_DEFER);
    fake_env.dead_client = 0x10;
    CHECK_EQ(request(PIPE_OP_WRITE, OWNER, 1, (uint32_t)fds[1], 0, "x", 1), PL_OK);
    CHECK_EQ(fake_env.reply[0].refused, 1);
    CHECK_EQ(request(PIPE_OP_WRITE, OWNER, 1, (uint32_t)fds[1], 0, "x", 1), PL_SERVER_DEFER);
    CHECK_EQ(fake_env.reply[1].status, PL_EPIPE);
}

TEST(info_reports_the_pipe)
{
    int fds[2];
    make_pipe(OWNER, fds);
    CHECK_EQ(request(PIPE_OP_WRITE, OWNER, 1, (uint32_t)fds[1], 0, "abc", 3), PL_OK);
    CHECK_EQ(request(PIPE_OP_INFO, OWNER, 1, (uint32_t)fds[0], 0, 0, 0), PL_OK);
    struct pipe_info info;
    CHECK_EQ(rep.len, sizeof(info));
    memcpy(&info, rep.data, sizeof(info));
    CHECK_EQ(info.count, 3);
    CHECK_EQ(info.capacity, PIPE_CAP_DEFAULT);
    CHECK_EQ(info.readable, 1);
    CHECK_EQ(request(PIPE_OP_INFO, OTHER, 1, (uint32_t)fds[0], 0, 0, 0), PL_EBADF);
}

/* A server without pages (pipe_lend_none.c: the one in the kernel, MODE=mono) has no fast
 * path: asking is "never" for an end of the caller's, EBADF for anything else, and a check
 * of a waiting end's peer is EBADF (no end of it is fast); the pipe works on. */
TEST(server_without_pages_answers_never_and_stays_on_the_server_path)
{
    int fds[2];
    make_pipe(OWNER, fds);
    CHECK_EQ(request(PIPE_OP_PASS, OWNER, 1, (uint32_t)fds[0], OTHER, 0, 0), PL_OK);
    CHECK_EQ(request(PIPE_OP_FAST, OWNER, 1, (uint32_t)fds[1], PIPE_FAST_HOW(1, 0), 0, 0),
             PL_ESTATE);
    CHECK_EQ(request(PIPE_OP_FAST, OTHER, 2, (uint32_t)fds[0], PIPE_FAST_HOW(2, 0), 0, 0),
             PL_ESTATE);
    CHECK_EQ(request(PIPE_OP_FAST, OTHER, 2, (uint32_t)fds[1], PIPE_FAST_HOW(2, 0), 0, 0),
             PL_EBADF);
    CHECK_EQ(request(PIPE_OP_FAST_CHECK, OTHER, 2, (uint32_t)fds[0], 0, 0, 0), PL_EBADF);
    CHECK_EQ(request(PIPE_OP_WRITE, OWNER, 1, (uint32_t)fds[1], 0, "ab", 2), PL_OK);
    CHECK_EQ(rep.w1 & PIPE_REPLY_FAST, 0);
    CHECK_EQ(request(PIPE_OP_READ, OTHER, 2, (uint32_t)fds[0], 8, 0, 0), PL_OK);
    CHECK_EQ(rep.w0, 2);
    CHECK_EQ(rep.w1 & PIPE_REPLY_FAST, 0);
}

/*
 * tests/host/test_pipe_core.c - servers/pipe/pipe_core.c: unnamed pipes and FIFOs, buffer
 * sizes, PIPE_BUF atomicity with several writers, end of file, broken pipes, would-block
 * results, owner and mode, descriptors (whose, closed, never opened, passed on, from an older
 * server), unlink, blocked readers and writers and the order they are woken in, and a dead
 * client's reclaim.
 */
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "pipe_core.h"

#define OWNER 1u
#define OTHER 2u
#define THIRD 3u
#define INST  5u

static struct pipe_table T;
static int fd[2];

/* A fresh table with one unnamed pipe of PIPE_CAP_MIN bytes held by OWNER. */
static void fresh(void)
{
    pipe_init(&T, INST);
    CHECK_EQ(pipe_create(&T, OWNER, PIPE_CAP_MIN, fd), PL_OK);
}

static int wr(uint32_t badge, int f, const char *s)
{
    return pipe_write(&T, badge, f, s, (uint32_t)strlen(s));
}

/* Read up to cap bytes into a static string; *n gets the result. */
static const char *rd(uint32_t badge, int f, uint32_t cap, int *n)
{
    static char buf[PIPE_IO_MAX + 1];
    memset(buf, 0, sizeof(buf));
    *n = pipe_read(&T, badge, f, buf, cap);
    return buf;
}

/* Put n filler bytes in through OWNER's write end. */
static void fill(uint32_t n)
{
    static uint8_t junk[PIPE_IO_MAX];
    memset(junk, 'j', sizeof(junk));
    while (n > 0) {
        uint32_t k = n < PIPE_ATOMIC ? n : PIPE_ATOMIC;
        CHECK_EQ(pipe_write(&T, OWNER, fd[1], junk, k), (int)k);
        n -= k;
    }
}

static int mk(uint32_t badge, const char *name, uint32_t mode)
{
    return pipe_mkfifo(&T, badge, name, strlen(name), mode, PIPE_CAP_MIN);
}

static int opn(uint32_t badge, const char *name, enum pipe_end end)
{
    return pipe_open(&T, badge, name, strlen(name), end);
}

/* ---- unnamed pipes ---- */

TEST(pipe_bytes_written_at_one_end_are_read_at_the_other_in_order)
{
    int n;
    fresh();
    CHECK(fd[0] >= 0 && fd[1] >= 0 && fd[0] != fd[1]);
    CHECK_EQ(wr(OWNER, fd[1], "hello "), 6);
    CHECK_EQ(wr(OWNER, fd[1], "world"), 5);
    CHECK_STR_EQ(rd(OWNER, fd[0], 4, &n), "hell");
    CHECK_STR_EQ(rd(OWNER, fd[0], 100, &n), "o world");
    CHECK_EQ(n, 7);
}

TEST(each_end_is_only_for_its_direction)
{
    int n;
    fresh();
    CHECK_EQ(wr(OWNER, fd[0], "x"), PL_EBADF);
    rd(OWNER, fd[1], 10, &n);
    CHECK_EQ(n, PL_EBADF);
}

TEST(capacity_below_pipe_buf_or_past_the_limit_is_einval)
{
    struct pipe_info info;
    pipe_init(&T, INST);
    CHECK_EQ(pipe_create(&T, OWNER, 0, fd), PL_EINVAL);
    CHECK_EQ(pipe_create(&T, OWNER, PIPE_CAP_MIN - 1u, fd), PL_EINVAL);
    CHECK_EQ(pipe_create(&T, OWNER, PIPE_CAP_MAX + 1u, fd), PL_EINVAL);
    CHECK_EQ(T.pipes[0].state, PIPE_FREE);
    CHECK_EQ(pipe_create(&T, OWNER, PIPE_CAP_MAX, fd), PL_OK);
    CHECK_EQ(pipe_info(&T, OWNER, fd[1], &info), PL_OK);
    CHECK_EQ(info.capacity, PIPE_CAP_MAX);
    fill(PIPE_CAP_MAX);
    CHECK_EQ(wr(OWNER, fd[1], "x"), PL_EAGAIN); /* exactly the capacity went in */
    CHECK_EQ(pipe_create(&T, OWNER, PIPE_CAP_MIN, fd), PL_OK);
}

TEST(more_pipes_or_descriptors_than_the_tables_hold_is_efull)
{
    int f[2];
    pipe_init(&T, INST);
    for (unsigned i = 0; i < PIPE_MAX; i++) {
        CHECK_EQ(pipe_create(&T, OWNER, PIPE_CAP_MIN, f), PL_OK);
    }
    CHECK_EQ(pipe_create(&T, OWNER, PIPE_CAP_MIN, f), PL_EFULL);
    CHECK_EQ(mk(OWNER, "fifo", PIPE_MODE_ALL), PL_EFULL);
    pipe_init(&T, INST);
    CHECK_EQ(mk(OWNER, "fifo", PIPE_MODE_ALL), PL_OK);
    for (unsigned i = 0; i < PIPE_MAX_DESCS - 1u; i++) {
        CHECK(opn(OWNER, "fifo", PIPE_READ_END) >= 0);
    }
    CHECK_EQ(pipe_create(&T, OWNER, PIPE_CAP_MIN, f), PL_EFULL); /* one descriptor is not two */
    CHECK_EQ(T.pipes[1].state, PIPE_FREE);
    CHECK(opn(OWNER, "fifo", PIPE_WRITE_END) >= 0);
    CHECK_EQ(opn(OWNER, "fifo", PIPE_WRITE_END), PL_EFULL);
}

TEST(writes_up_to_pipe_buf_go_in_whole_or_not_at_all)
{
    static uint8_t big[PIPE_IO_MAX];
    fresh();
    fill(PIPE_CAP_MIN - (PIPE_ATOMIC - 1u)); /* room: PIPE_ATOMIC - 1 */
    CHECK_EQ(pipe_write(&T, OWNER, fd[1], big, PIPE_ATOMIC), PL_EAGAIN);
    CHECK_EQ(pipe_ring_count(&T.pipes[0].ring), (int)(PIPE_CAP_MIN - (PIPE_ATOMIC - 1u)));
    CHECK_EQ(pipe_write(&T, OWNER, fd[1], big, PIPE_ATOMIC - 1u), (int)(PIPE_ATOMIC - 1u));
    fresh();
    fill(PIPE_CAP_MIN - PIPE_ATOMIC);
    CHECK_EQ(pipe_write(&T, OWNER, fd[1], big, PIPE_ATOMIC), (int)PIPE_ATOMIC); /* exact fit */
}

TEST(writes_past_pipe_buf_take_what_fits)
{
    static uint8_t big[PIPE_IO_MAX];
    fresh();
    fill(PIPE_CAP_MIN - 5u);
    CHECK_EQ(pipe_write(&T, OWNER, fd[1], big, PIPE_ATOMIC + 1u), 5);
    CHECK_EQ(pipe_write(&T, OWNER, fd[1], big, PIPE_ATOMIC + 1u), PL_EAGAIN); /* full */
}

TEST(lengths_zero_and_past_one_request)
{
    static uint8_t big[PIPE_IO_MAX + 1u];
    int n;
    fresh();
    CHECK_EQ(pipe_write(&T, OWNER, fd[1], NULL, 0), 0);
    CHECK_EQ(pipe_write(&T, OWNER, fd[1], big, PIPE_IO_MAX + 1u), PL_EINVAL);
    CHECK_EQ(pipe_write(&T, OWNER, fd[1], NULL, 3), PL_EINVAL);
    CHECK_EQ(pipe_read(&T, OWNER, fd[0], NULL, 3), PL_EINVAL);
    rd(OWNER, fd[0], 0, &n);
    CHECK_EQ(n, 0);
    CHECK_EQ(pipe_ring_count(&T.pipes[0].ring), 0);
}

TEST(empty_pipe_with_a_writer_would_block)
{
    int n;
    fresh();
    rd(OWNER, fd[0], 10, &n);
    CHECK_EQ(n, PL_EAGAIN);
}

TEST(end_of_file_after_the_last_writer_closes_once_empty)
{
    int n, w2;
    fresh();
    CHECK_EQ(wr(OWNER, fd[1], "abc"), 3);
    w2 = fd[1];
    CHECK_EQ(pipe_close(&T, OWNER, w2), PL_OK);
    CHECK_EQ(pipe_ring_ends(&T.pipes[0].ring), PIPE_RING_NO_WRITER); /* the fast path sees it */
    CHECK_STR_EQ(rd(OWNER, fd[0], 10, &n), "abc");
    rd(OWNER, fd[0], 10, &n);
    CHECK_EQ(n, 0);
    rd(OWNER, fd[0], 10, &n);
    CHECK_EQ(n, 0);
}

TEST(writing_with_every_reader_gone_is_epipe)
{
    fresh();
    CHECK_EQ(pipe_close(&T, OWNER, fd[0]), PL_OK);
    CHECK_EQ(wr(OWNER, fd[1], "x"), PL_EPIPE);
    CHECK_EQ(wr(OWNER, fd[1], ""), PL_EPIPE);
    CHECK_EQ(pipe_ring_ends(&T.pipes[0].ring), PIPE_RING_NO_READER);
    CHECK_EQ(pipe_close(&T, OWNER, fd[1]), PL_OK);
    CHECK_EQ(T.pipes[0].state, PIPE_FREE); /* unnamed: gone with its last end */
}

TEST(info_reports_fill_ends_and_readiness)
{
    struct pipe_info i;
    fresh();
    CHECK_EQ(pipe_info(&T, OWNER, fd[0], &i), PL_OK);
    CHECK_EQ(i.readable, 0);
    CHECK_EQ(i.writable, 1);
    CHECK_EQ(i.end, PIPE_READ_END);
    fill(PIPE_CAP_MIN);
    CHECK_EQ(pipe_info(&T, OWNER, fd[1], &i), PL_OK);
    CHECK_EQ(i.count, PIPE_CAP_MIN);
    CHECK_EQ(i.readable, 1);
    CHECK_EQ(i.writable, 0);
    CHECK_EQ(i.readers, 1);
    CHECK_EQ(i.writers, 1);
    CHECK_EQ(pipe_info(&T, OTHER, fd[1], &i), PL_EBADF);
}

/* ---- descriptors ---- */

TEST(another_badges_closed_never_opened_or_old_descriptors_are_ebadf)
{
    int n;
    fresh();
    CHECK_EQ(wr(OTHER, fd[1], "x"), PL_EBADF);
    CHECK_EQ(pipe_close(&T, OTHER, fd[1]), PL_EBADF);
    CHECK_EQ(wr(OWNER, -1, "x"), PL_EBADF);
    CHECK_EQ(wr(OWNER, (int)((INST << 8) | 9u), "x"), PL_EBADF);
    CHECK_EQ(wr(OWNER, (int)((INST << 8) | 0xffu), "x"), PL_EBADF);
    CHECK_EQ(wr(OWNER, fd[1] & 0xff, "x"), PL_EBADF);
    CHECK_EQ(pipe_close(&T, OWNER, fd[1]), PL_OK);
    CHECK_EQ(pipe_close(&T, OWNER, fd[1]), PL_EBADF); /* double close */
    CHECK_EQ(wr(OWNER, fd[1], "x"), PL_EBADF);
    pipe_init(&T, INST + 1u); /* the server restarted */
    int f[2];
    CHECK_EQ(pipe_create(&T, OWNER, PIPE_CAP_MIN, f), PL_OK);
    rd(OWNER, fd[0], 1, &n);
    CHECK_EQ(n, PL_EBADF); /* never data from another pipe */
}

TEST(a_passed_end_works_for_its_new_holder_only)
{
    int n;
    fresh();
    CHECK_EQ(pipe_pass(&T, OWNER, fd[0], OTHER), PL_OK);
    CHECK_EQ(wr(OWNER, fd[1], "to you"), 6);
    rd(OWNER, fd[0], 10, &n);
    CHECK_EQ(n, PL_EBADF);
    CHECK_STR_EQ(rd(OTHER, fd[0], 10, &n), "to you");
    CHECK_EQ(pipe_pass(&T, OWNER, fd[0], THIRD), PL_EBADF); /* no longer OWNER's */
    CHECK_EQ(pipe_pass(&T, OTHER, fd[0], 0), PL_EINVAL);    /* badge 0 is the kernel's */
    CHECK_EQ(pipe_close(&T, OTHER, fd[0]), PL_OK);
    CHECK_EQ(wr(OWNER, fd[1], "x"), PL_EPIPE);
}

/* ---- FIFOs ---- */

TEST(fifo_connects_two_unrelated_tasks_by_name)
{
    int n;
    pipe_init(&T, INST);
    CHECK_EQ(mk(OWNER, "chat", PIPE_MODE_ALL), PL_OK);
    int r = opn(OTHER, "chat", PIPE_READ_END), w = opn(THIRD, "chat", PIPE_WRITE_END);
    CHECK(r >= 0 && w >= 0);
    CHECK_EQ(wr(THIRD, w, "psst"), 4);
    CHECK_STR_EQ(rd(OTHER, r, 10, &n), "psst");
}

TEST(fifo_names_bad_long_existing_or_missing)
{
    pipe_init(&T, INST);
    CHECK_EQ(mk(OWNER, "abcdefghijklmno", PIPE_MODE_ALL), PL_OK); /* 15 */
    CHECK_EQ(mk(OWNER, "abcdefghijklmnop", PIPE_MODE_ALL), PL_ENAMETOOLONG);
    CHECK_EQ(mk(OWNER, "", PIPE_MODE_ALL), PL_EINVAL);
    CHECK_EQ(mk(OWNER, "new\nline", PIPE_MODE_ALL), PL_EINVAL);
    CHECK_EQ(pipe_mkfifo(&T, OWNER, NULL, 2, PIPE_MODE_ALL, PIPE_CAP_MIN), PL_EINVAL);
    CHECK_EQ(mk(OTHER, "abcdefghijklmno", PIPE_MODE_ALL), PL_EEXIST);
    CHECK_EQ(mk(OWNER, "m", 0x10u), PL_EINVAL);
    CHECK_EQ(pipe_mkfifo(&T, OWNER, "c", 1, PIPE_MODE_ALL, PIPE_CAP_MIN - 1u), PL_EINVAL);
    CHECK_EQ(opn(OWNER, "nope", PIPE_READ_END), PL_ENOENT);
    CHECK_EQ(opn(OWNER, "abcdefghijklmnop", PIPE_READ_END), PL_ENAMETOOLONG);
    CHECK_EQ(opn(OWNER, "abcdefghijklmno", (enum pipe_end)2), PL_EINVAL);
    CHECK_EQ(pipe_unlink(&T, OWNER, "nope", 4), PL_ENOENT);
    CHECK_EQ(pipe_unlink(&T, OWNER, "", 0), PL_EINVAL);
    CHECK_EQ(T.pipes[1].state, PIPE_FREE);
}

TEST(each_fifo_mode_grants_exactly_its_bits)
{
    for (uint32_t mode = 0; mode <= PIPE_MODE_ALL; mode++) {
        pipe_init(&T, INST);
        CHECK_EQ(mk(OWNER, "f", mode), PL_OK);
        int orr = opn(OWNER, "f", PIPE_READ_END), ow = opn(OWNER, "f", PIPE_WRITE_END);
        int xr = opn(OTHER, "f", PIPE_READ_END), xw = opn(OTHER, "f", PIPE_WRITE_END);
        CHECK_EQ(orr >= 0, (mode & PIPE_MODE_OWNER_READ) != 0);
        CHECK_EQ(ow >= 0, (mode & PIPE_MODE_OWNER_WRITE) != 0);
        CHECK_EQ(xr >= 0, (mode & PIPE_MODE_OTHER_READ) != 0);
        CHECK_EQ(xw >= 0, (mode & PIPE_MODE_OTHER_WRITE) != 0);
        CHECK(orr >= 0 || orr == PL_EACCES);
        CHECK(xw >= 0 || xw == PL_EACCES);
    }
}

TEST(fifo_writer_before_any_reader_would_block_not_epipe)
{
    pipe_init(&T, INST);
    CHECK_EQ(mk(OWNER, "f", PIPE_MODE_ALL), PL_OK);
    int w = opn(OWNER, "f", PIPE_WRITE_END);
    CHECK_EQ(wr(OWNER, w, "early"), PL_EAGAIN);
    int r = opn(OTHER, "f", PIPE_READ_END);
    CHECK_EQ(wr(OWNER, w, "now"), 3);
    CHECK_EQ(pipe_close(&T, OTHER, r), PL_OK);
    CHECK_EQ(wr(OWNER, w, "late"), PL_EPIPE);
}

TEST(fifo_reader_before_any_writer_would_block_not_eof)
{
    int n;
    pipe_init(&T, INST);
    CHECK_EQ(mk(OWNER, "f", PIPE_MODE_ALL), PL_OK);
    int r = opn(OTHER, "f", PIPE_READ_END);
    rd(OTHER, r, 10, &n);
    CHECK_EQ(n, PL_EAGAIN);
    int w = opn(OWNER, "f", PIPE_WRITE_END);
    CHECK_EQ(pipe_close(&T, OWNER, w), PL_OK);
    rd(OTHER, r, 10, &n);
    CHECK_EQ(n, 0); /* a writer came and went: end of file */
}

TEST(fifo_bytes_are_dropped_with_its_last_end_and_it_starts_afresh)
{
    int n;
    pipe_init(&T, INST);
    CHECK_EQ(mk(OWNER, "f", PIPE_MODE_ALL), PL_OK);
    int r = opn(OTHER, "f", PIPE_READ_END), w = opn(OWNER, "f", PIPE_WRITE_END);
    CHECK_EQ(wr(OWNER, w, "lost"), 4);
    CHECK_EQ(pipe_close(&T, OWNER, w), PL_OK);
    CHECK_EQ(pipe_close(&T, OTHER, r), PL_OK);
    CHECK_EQ(T.pipes[0].state, PIPE_NAMED);
    r = opn(OTHER, "f", PIPE_READ_END);
    rd(OTHER, r, 10, &n);
    CHECK_EQ(n, PL_EAGAIN); /* neither old bytes nor an old end of file */
    CHECK_EQ(pipe_ring_ends(&T.pipes[0].ring), 0);
}

TEST(fifo_unlink_removes_the_name_at_once_the_pipe_lives_until_last_close)
{
    int n;
    pipe_init(&T, INST);
    CHECK_EQ(mk(OWNER, "f", PIPE_MODE_ALL), PL_OK);
    int r = opn(OTHER, "f", PIPE_READ_END), w = opn(THIRD, "f", PIPE_WRITE_END);
    CHECK_EQ(pipe_unlink(&T, OTHER, "f", 1), PL_EACCES); /* only the owner */
    CHECK_EQ(pipe_unlink(&T, OWNER, "f", 1), PL_OK);
    CHECK_EQ(opn(OTHER, "f", PIPE_READ_END), PL_ENOENT);
    CHECK_EQ(mk(OTHER, "f", PIPE_MODE_ALL), PL_OK); /* a new FIFO under the old name */
    CHECK_EQ(wr(THIRD, w, "still"), 5);
    CHECK_STR_EQ(rd(OTHER, r, 10, &n), "still");
    CHECK_EQ(pipe_close(&T, THIRD, w), PL_OK);
    CHECK_EQ(T.pipes[0].state, PIPE_UNLINKED);
    CHECK_EQ(pipe_close(&T, OTHER, r), PL_OK);
    CHECK_EQ(T.pipes[0].state, PIPE_FREE);
    CHECK_EQ(T.pipes[1].state, PIPE_NAMED);
    CHECK_EQ(pipe_unlink(&T, OTHER, "f", 1), PL_OK);
    CHECK_EQ(T.pipes[1].state, PIPE_FREE); /* no ends open: freed at once */
}

/* ---- several writers: PIPE_BUF atomicity ---- */

/* Records of 4 writers, [writer, seq, len, payload...], each at most PIPE_ATOMIC bytes, put
 * in while a reader takes odd-sized pieces: every record must come out whole. */
TEST(records_of_several_writers_never_interleave)
{
    uint8_t rec[PIPE_ATOMIC], stream[4096], got[64];
    uint32_t seed = 99u, out = 0, seq[4] = {0, 0, 0, 0}, attempts = 0;
    int w[4], r, n;
    pipe_init(&T, INST);
    CHECK_EQ(mk(OWNER, "log", PIPE_MODE_ALL), PL_OK);
    r = opn(OWNER, "log", PIPE_READ_END);
    for (uint32_t i = 0; i < 4; i++) {
        w[i] = opn(10u + i, "log", PIPE_WRITE_END);
    }
    while (out < sizeof(stream) - sizeof(got) && attempts++ < 100000u) {
        seed = seed * 1103515245u + 12345u;
        uint32_t who = (seed >> 12) % 4u, len = (seed >> 16) % (PIPE_ATOMIC - 3u) + 4u;
        rec[0] = (uint8_t)who;
        rec[1] = (uint8_t)seq[who];
        rec[2] = (uint8_t)len;
        memset(rec + 3, (int)(who * 16u + seq[who] % 16u), len - 3u);
        int put = pipe_write(&T, 10u + who, w[who], rec, len);
        CHECK(put == (int)len || put == PL_EAGAIN);
        seq[who] += put > 0;
        n = pipe_read(&T, OWNER, r, got, (seed >> 4) % sizeof(got) + 1u);
        if (n > 0) {
            memcpy(stream + out, got, (size_t)n);
            out += (uint32_t)n;
        }
    }
    uint32_t next[4] = {0, 0, 0, 0}, bad = 0;
    for (uint32_t at = 0; at + 3u <= out && at + stream[at + 2] <= out; at += stream[at + 2]) {
        uint32_t who = stream[at], len = stream[at + 2];
        bad += who >= 4u || stream[at + 1] != (uint8_t)next[who] || len < 4u;
        for (uint32_t k = 3; who < 4u && k < len; k++) {
            bad += stream[at + k] != (uint8_t)(who * 16u + next[who] % 16u);
        }
        next[who & 3u]++;
    }
    CHECK_EQ(bad, 0);
    CHECK(next[0] > 5 && next[1] > 5 && next[2] > 5 && next[3] > 5);
}

/* ---- blocked clients ---- */

TEST(blocked_readers_get_the_next_bytes_in_arrival_order)
{
    struct pipe_wakeup w;
    fresh();
    CHECK_EQ(pipe_pass(&T, OWNER, fd[0], OTHER), PL_OK);
    CHECK_EQ(pipe_wait_read(&T, OTHER, fd[0], 0x200, 3), PL_OK);
    CHECK_EQ(pipe_progress(&T, &w), 0);
    CHECK_EQ(wr(OWNER, fd[1], "abcdef"), 6);
    CHECK_EQ(pipe_progress(&T, &w), 1);
    CHECK_EQ(w.client, 0x200);
    CHECK_EQ(w.end, PIPE_READ_END);
    CHECK_EQ(w.result, 3);
    CHECK_EQ(memcmp(w.data, "abc", 3), 0);
    CHECK_EQ(pipe_progress(&T, &w), 0);
}

TEST(two_blocked_readers_of_a_fifo_are_served_first_come_first)
{
    struct pipe_wakeup w;
    pipe_init(&T, INST);
    CHECK_EQ(mk(OWNER, "f", PIPE_MODE_ALL), PL_OK);
    int ra = opn(OTHER, "f", PIPE_READ_END), rb = opn(THIRD, "f", PIPE_READ_END);
    int wf = opn(OWNER, "f", PIPE_WRITE_END);
    CHECK_EQ(pipe_wait_read(&T, THIRD, rb, 0x300, 100), PL_OK);
    CHECK_EQ(pipe_wait_read(&T, OTHER, ra, 0x200, 100), PL_OK);
    CHECK_EQ(wr(OWNER, wf, "one"), 3);
    CHECK_EQ(pipe_progress(&T, &w), 1);
    CHECK_EQ(w.client, 0x300);
    CHECK_EQ(pipe_progress(&T, &w), 0);
    CHECK_EQ(wr(OWNER, wf, "two"), 3);
    CHECK_EQ(pipe_progress(&T, &w), 1);
    CHECK_EQ(w.client, 0x200);
}

TEST(blocked_atomic_writer_is_woken_only_when_its_whole_write_fits)
{
    static uint8_t big[PIPE_ATOMIC];
    struct pipe_wakeup w;
    uint8_t sink[PIPE_ATOMIC];
    fresh();
    fill(PIPE_CAP_MIN);
    CHECK_EQ(pipe_pass(&T, OWNER, fd[1], OTHER), PL_OK);
    CHECK_EQ(pipe_wait_write(&T, OTHER, fd[1], 0x200, big, PIPE_ATOMIC), PL_OK);
    CHECK_EQ(pipe_pass(&T, OTHER, fd[1], THIRD), PL_ESTATE); /* a wait names it */
    CHECK_EQ(pipe_read(&T, OWNER, fd[0], sink, 10), 10);
    CHECK_EQ(pipe_progress(&T, &w), 0); /* 10 free: the whole write does not fit yet */
    CHECK_EQ(pipe_read(&T, OWNER, fd[0], sink, sizeof(sink)), (int)PIPE_CAP_MIN - 10);
    CHECK_EQ(pipe_progress(&T, &w), 1);
    CHECK_EQ(w.client, 0x200);
    CHECK_EQ(w.end, PIPE_WRITE_END);
    CHECK_EQ(w.result, (int)PIPE_ATOMIC);
    CHECK_EQ(pipe_ring_count(&T.pipes[0].ring), (int)PIPE_ATOMIC);
}

TEST(blocked_long_writer_takes_what_fits_once_there_is_room)
{
    static uint8_t longer[PIPE_ATOMIC + 72u];
    struct pipe_wakeup w;
    uint8_t sink[16];
    fresh();
    fill(PIPE_CAP_MIN);
    CHECK_EQ(pipe_wait_write(&T, OWNER, fd[1], 0x100, longer, sizeof(longer)), PL_OK);
    CHECK_EQ(pipe_read(&T, OWNER, fd[0], sink, 10), 10);
    CHECK_EQ(pipe_progress(&T, &w), 1);
    CHECK_EQ(w.client, 0x100);
    CHECK_EQ(w.result, 10); /* the C library sends the other bytes again */
    CHECK_EQ(pipe_ring_room(&T.pipes[0].ring), 0);
    CHECK_EQ(pipe_read(&T, OWNER, fd[0], sink, 1), 1);
    CHECK_EQ(pipe_wait_write(&T, OWNER, fd[1], 0x100, longer, sizeof(longer)), PL_ESTATE);
}

TEST(arrival_order_of_blocked_readers_holds_across_the_counter_wrap)
{
    struct pipe_wakeup w;
    pipe_init(&T, INST);
    T.wait_seq = UINT32_MAX;
    CHECK_EQ(mk(OWNER, "f", PIPE_MODE_ALL), PL_OK);
    int ra = opn(OTHER, "f", PIPE_READ_END), rb = opn(THIRD, "f", PIPE_READ_END);
    int wf = opn(OWNER, "f", PIPE_WRITE_END);
    CHECK_EQ(pipe_wait_read(&T, OTHER, ra, 0x200, 1), PL_OK); /* number 0xffffffff */
    CHECK_EQ(pipe_wait_read(&T, THIRD, rb, 0x300, 1), PL_OK); /* number 0 */
    CHECK_EQ(wr(OWNER, wf, "ab"), 2);
    CHECK_EQ(pipe_progress(&T, &w), 1);
    CHECK_EQ(w.client, 0x200);
    CHECK_EQ(pipe_progress(&T, &w), 1);
    CHECK_EQ(w.client, 0x300);
}

TEST(a_small_writer_behind_a_large_one_waits_its_turn)
{
    static uint8_t big[PIPE_ATOMIC];
    struct pipe_wakeup w;
    uint8_t sink[PIPE_ATOMIC];
    pipe_init(&T, INST);
    CHECK_EQ(mk(OWNER, "f", PIPE_MODE_ALL), PL_OK);
    int r = opn(OWNER, "f", PIPE_READ_END);
    int wa = opn(OTHER, "f", PIPE_WRITE_END), wb = opn(THIRD, "f", PIPE_WRITE_END);
    CHECK_EQ(pipe_write(&T, OTHER, wa, big, PIPE_ATOMIC), (int)PIPE_ATOMIC);
    CHECK_EQ(pipe_wait_write(&T, OTHER, wa, 0x200, big, PIPE_ATOMIC), PL_OK);
    CHECK_EQ(pipe_wait_write(&T, THIRD, wb, 0x300, "hi", 2), PL_OK);
    CHECK_EQ(pipe_read(&T, OWNER, r, sink, 2), 2);
    CHECK_EQ(pipe_progress(&T, &w), 0); /* "hi" would fit, but the large write came first */
    CHECK_EQ(pipe_read(&T, OWNER, r, sink, sizeof(sink)), (int)PIPE_ATOMIC - 2);
    CHECK_EQ(pipe_progress(&T, &w), 1);
    CHECK_EQ(w.client, 0x200);
    CHECK_EQ(pipe_progress(&T, &w), 0); /* full again */
    CHECK_EQ(pipe_read(&T, OWNER, r, sink, 2), 2);
    CHECK_EQ(pipe_progress(&T, &w), 1);
    CHECK_EQ(w.client, 0x300);
    CHECK_EQ(w.result, 2);
}

TEST(blocked_writer_learns_of_the_last_reader_leaving_and_reader_of_eof)
{
    struct pipe_wakeup w;
    int f2[2];
    fresh();
    fill(PIPE_CAP_MIN);
    CHECK_EQ(pipe_pass(&T, OWNER, fd[1], OTHER), PL_OK);
    CHECK_EQ(pipe_wait_write(&T, OTHER, fd[1], 0x200, "x", 1), PL_OK);
    CHECK_EQ(pipe_close(&T, OWNER, fd[0]), PL_OK);
    CHECK_EQ(pipe_progress(&T, &w), 1);
    CHECK_EQ(w.client, 0x200);
    CHECK_EQ(w.result, PL_EPIPE);
    CHECK_EQ(pipe_wait_write(&T, OTHER, fd[1], 0x200, "x", 1), PL_EPIPE);
    CHECK_EQ(pipe_create(&T, OWNER, PIPE_CAP_MIN, f2), PL_OK);
    CHECK_EQ(pipe_wait_read(&T, OWNER, f2[0], 0x100, 8), PL_OK);
    CHECK_EQ(pipe_close(&T, OWNER, f2[1]), PL_OK);
    CHECK_EQ(pipe_progress(&T, &w), 1);
    CHECK_EQ(w.client, 0x100);
    CHECK_EQ(w.result, 0); /* end of file */
}

TEST(waits_that_would_not_block_or_cannot_be_kept_are_refused)
{
    fresh();
    CHECK_EQ(pipe_wait_write(&T, OWNER, fd[1], 0x100, "x", 1), PL_ESTATE); /* room */
    CHECK_EQ(pipe_wait_read(&T, OWNER, fd[1], 0x100, 8), PL_EBADF);
    CHECK_EQ(pipe_wait_write(&T, OWNER, fd[0], 0x100, "x", 1), PL_EBADF);
    CHECK_EQ(pipe_wait_read(&T, OWNER, fd[0], 0x100, 0), PL_ESTATE);
    CHECK_EQ(pipe_wait_read(&T, OTHER, fd[0], 0x100, 8), PL_EBADF);
    CHECK_EQ(pipe_wait_read(&T, OWNER, fd[0], 0x100, 8), PL_OK);
    CHECK_EQ(pipe_wait_read(&T, OWNER, fd[0], 0x100, 8), PL_ESTATE); /* already waits */
    CHECK_EQ(pipe_close(&T, OWNER, fd[0]), PL_ESTATE);
    fill(PIPE_CAP_MIN);
    CHECK_EQ(pipe_wait_write(&T, OWNER, fd[1], 0x101, NULL, 0), PL_ESTATE);
    CHECK_EQ(pipe_wait_write(&T, OWNER, fd[1], 0x101, NULL, 3), PL_EINVAL);
    for (uint32_t c = 1; c < PIPE_MAX_WAITERS; c++) {
        CHECK_EQ(pipe_wait_write(&T, OWNER, fd[1], 0x100 + c, "x", 1), PL_OK);
    }
    CHECK_EQ(pipe_wait_write(&T, OWNER, fd[1], 0x1ff, "x", 1), PL_EFULL);
    CHECK_EQ(pipe_cancel(&T, 0x101), PL_OK);
    CHECK_EQ(pipe_cancel(&T, 0x101), PL_ENOENT);
    CHECK_EQ(pipe_wait_write(&T, OWNER, fd[1], 0x1ff, "x", 1), PL_OK);
}

TEST(reclaim_of_a_client_dead_in_a_read_frees_its_wait_and_ends)
{
    struct pipe_wakeup w;
    int n;
    pipe_init(&T, INST);
    CHECK_EQ(mk(OWNER, "f", PIPE_MODE_ALL), PL_OK);
    int dr = opn(OTHER, "f", PIPE_READ_END), dw = opn(OTHER, "f", PIPE_WRITE_END);
    int r = opn(THIRD, "f", PIPE_READ_END);
    CHECK_EQ(pipe_wait_read(&T, OTHER, dr, 0x200, 8), PL_OK);
    CHECK_EQ(pipe_wait_read(&T, THIRD, r, 0x300, 8), PL_OK);
    CHECK_EQ(pipe_reclaim(&T, OTHER), 3); /* a wait and two descriptors */
    CHECK_EQ(pipe_reclaim(&T, OTHER), 0);
    CHECK_EQ(T.pipes[0].readers, 1);
    CHECK_EQ(T.pipes[0].writers, 0);
    CHECK_EQ(T.waiters[0].state, PIPE_W_FREE);
    CHECK_EQ(pipe_progress(&T, &w), 1); /* its only writer died: end of file for the live one */
    CHECK_EQ(w.client, 0x300);
    CHECK_EQ(w.result, 0);
    rd(THIRD, r, 8, &n);
    CHECK_EQ(n, 0);
    CHECK_EQ(pipe_close(&T, OTHER, dw), PL_EBADF);
}

/* ---- the fast data path (pipe_fast_*) ---- */

#define TASK_A 0x101u /* task ids (index 1 and 2, generation 1) */
#define TASK_B 0x102u
#define HOW_A  PIPE_FAST_HOW(3, 5)
#define HOW_B  PIPE_FAST_HOW(4, 6)

static uint32_t page[(sizeof(struct pipe_ring) + 256u) / 4u];

/* The fresh pipe with its read end passed to OTHER. */
static void passed(void)
{
    fresh();
    CHECK_EQ(pipe_pass(&T, OWNER, fd[0], OTHER), PL_OK);
}

TEST(fast_path_needs_both_ends_to_ask_from_two_tasks)
{
    struct pipe_fast_pair pair;
    fresh();
    CHECK_EQ(pipe_fast_ask(&T, OWNER, fd[1], TASK_A, HOW_A, &pair), PL_EAGAIN); /* both here */
    CHECK_EQ(pipe_pass(&T, OWNER, fd[0], OTHER), PL_OK);
    CHECK_EQ(pipe_fast_ask(&T, OWNER, fd[1], TASK_A, HOW_A, &pair), PL_EAGAIN); /* not asked */
    CHECK_EQ(pipe_fast_ask(&T, OTHER, fd[0], TASK_B, HOW_B, &pair), PL_OK);
    CHECK_EQ(pair.slot, 0);
    CHECK_EQ(pair.task[PIPE_READ_END], TASK_B);
    CHECK_EQ(pair.task[PIPE_WRITE_END], TASK_A);
    CHECK_EQ(pair.how[PIPE_READ_END], HOW_B);
    CHECK_EQ(pair.how[PIPE_WRITE_END], HOW_A);
}

TEST(fast_path_is_never_for_fifos_one_task_or_bad_descriptors)
{
    struct pipe_fast_pair pair;
    passed();
    CHECK_EQ(pipe_fast_ask(&T, OTHER, fd[1], TASK_B, HOW_B, &pair), PL_EBADF); /* not its end */
    CHECK_EQ(pipe_fast_ask(&T, OWNER, fd[1], TASK_A, HOW_A, &pair), PL_EAGAIN);
    CHECK_EQ(pipe_fast_ask(&T, OTHER, fd[0], TASK_A, HOW_B, &pair), PL_ESTATE); /* same task */
    CHECK_EQ(mk(OWNER, "f", PIPE_MODE_ALL), PL_OK);
    int r = opn(OTHER, "f", PIPE_READ_END), w = opn(OWNER, "f", PIPE_WRITE_END);
    CHECK_EQ(pipe_fast_ask(&T, OWNER, w, TASK_A, HOW_A, &pair), PL_ESTATE);
    CHECK_EQ(pipe_fast_ask(&T, OTHER, r, TASK_B, HOW_B, &pair), PL_ESTATE);
}

TEST(passing_an_end_forgets_its_ask)
{
    struct pipe_fast_pair pair;
    fresh();
    CHECK_EQ(pipe_fast_ask(&T, OWNER, fd[0], TASK_A, HOW_A, &pair), PL_EAGAIN);
    CHECK_EQ(pipe_pass(&T, OWNER, fd[0], OTHER), PL_OK);
    CHECK_EQ(pipe_fast_ask(&T, OWNER, fd[1], TASK_A, HOW_A, &pair), PL_EAGAIN); /* not OTHER's */
}

/* Both ends asked: the pipe moves onto the page with the bytes it held, and the table only
 * keeps its ends from then on. */
static void engaged(void)
{
    struct pipe_fast_pair pair;
    passed();
    CHECK_EQ(wr(OWNER, fd[1], "early"), 5);
    CHECK_EQ(pipe_fast_ask(&T, OWNER, fd[1], TASK_A, HOW_A, &pair), PL_EAGAIN);
    CHECK_EQ(pipe_fast_ask(&T, OTHER, fd[0], TASK_B, HOW_B, &pair), PL_OK);
    CHECK_EQ(pipe_fast_engage(&T, pair.pipe, 1, page, sizeof(page)), PL_OK);
}

TEST(engaging_moves_the_held_bytes_into_the_page)
{
    struct pipe_ring_view v;
    char got[8] = {0};
    engaged();
    CHECK_EQ(pipe_ring_attach(&v, page, sizeof(page)), PL_OK);
    CHECK_EQ(pipe_ring_get(&v, got, sizeof(got)), 5);
    CHECK_STR_EQ(got, "early");
    CHECK_EQ(pipe_ring_ends(&v), 0);
    uint32_t pi;
    CHECK_EQ(pipe_fast_slot(&T, OWNER, fd[1], &pi), 1);
    CHECK_EQ(pipe_fast_slot(&T, OTHER, fd[0], &pi), 1);
    CHECK_EQ(pipe_fast_slot(&T, THIRD, fd[0], &pi), PL_EBADF);
}

TEST(engaging_twice_or_into_a_block_too_small_is_einval)
{
    struct pipe_fast_pair pair;
    passed();
    fill(100);
    CHECK_EQ(pipe_fast_ask(&T, OWNER, fd[1], TASK_A, HOW_A, &pair), PL_EAGAIN);
    CHECK_EQ(pipe_fast_ask(&T, OTHER, fd[0], TASK_B, HOW_B, &pair), PL_OK);
    CHECK_EQ(pipe_fast_engage(&T, pair.pipe, 1, page, sizeof(struct pipe_ring) + 64u), PL_EINVAL);
    int n;
    rd(OTHER, fd[0], 1, &n);
    CHECK_EQ(n, 1); /* nothing changed: still on the server path */
    CHECK_EQ(pipe_fast_engage(&T, pair.pipe, 1, page, sizeof(page)), PL_OK);
    CHECK_EQ(pipe_fast_engage(&T, pair.pipe, 1, page, sizeof(page)), PL_EINVAL);
}

TEST(fast_pipe_reads_and_writes_through_the_table_are_estate_but_epipe_stays)
{
    int n;
    engaged();
    rd(OTHER, fd[0], 4, &n);
    CHECK_EQ(n, PL_ESTATE);
    CHECK_EQ(wr(OWNER, fd[1], "x"), PL_ESTATE);
    CHECK_EQ(pipe_wait_read(&T, OTHER, fd[0], 9, 4), PL_ESTATE);
    CHECK_EQ(pipe_wait_write(&T, OWNER, fd[1], 9, "x", 1), PL_ESTATE);
    CHECK_EQ(pipe_pass(&T, OWNER, fd[1], THIRD), PL_ESTATE); /* the page is lent to its task */
    CHECK_EQ(pipe_close(&T, OTHER, fd[0]), PL_OK);
    CHECK_EQ(wr(OWNER, fd[1], "x"), PL_EPIPE); /* so the server still sends SIGPIPE */
    CHECK_EQ(pipe_fast_ends(&T, 0), PIPE_RING_NO_READER);
}

TEST(fast_pipe_ends_follow_closes_and_reclaims)
{
    engaged();
    CHECK_EQ(pipe_fast_ends(&T, 0), 0);
    CHECK_EQ(pipe_reclaim(&T, OWNER), 1u); /* the writer's task died */
    CHECK_EQ(pipe_fast_ends(&T, 0), PIPE_RING_NO_WRITER);
    CHECK_EQ(pipe_close(&T, OTHER, fd[0]), PL_OK);
    CHECK_EQ(T.pipes[0].state, PIPE_FREE); /* the server takes its page back */
    struct pipe_fast_pair pair;
    int again[2];
    CHECK_EQ(pipe_create(&T, OWNER, PIPE_CAP_MIN, again), PL_OK);
    CHECK_EQ(T.pipes[0].fast, 0); /* a new pipe in the slot starts on the server path */
    CHECK_EQ(pipe_fast_ask(&T, OWNER, again[1], TASK_A, HOW_A, &pair), PL_EAGAIN);
}

TEST(asking_again_once_fast_answers_the_same_pair)
{
    struct pipe_fast_pair pair;
    engaged();
    CHECK_EQ(pipe_fast_ask(&T, OWNER, fd[1], TASK_A, HOW_A, &pair), PL_OK);
    CHECK_EQ(pair.slot, 1);
    CHECK_EQ(pair.how[PIPE_READ_END], HOW_B);
    CHECK_EQ(pipe_close(&T, OTHER, fd[0]), PL_OK);
    CHECK_EQ(pipe_fast_ask(&T, OWNER, fd[1], TASK_A, HOW_A, &pair), PL_ESTATE); /* peer gone */
}

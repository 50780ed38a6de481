/*
 * tests/host/test_user_newlib.c - user/lib/newlib.c, the write path of stdout and stderr:
 * _write sends its bytes to the console server in pieces of at most PL_IPC_MAX_BYTES, retries
 * a console that is dead (PL_EDEAD: being restarted) after growing pauses, gives what the
 * console did not take to the kernel's log (pl_debug_write), and reports bytes that nothing
 * took: a short count, or -1 with errno EAGAIN (the log stayed full) or EIO (another refusal).
 *
 * The console server (pl_call) answers from a script, the kernel's log (pl_debug_write) takes
 * bytes or refuses them as the test chooses; both record what they were given. pl_sleep
 * records its pauses. pl_rt, which the task's start routine would set, is defined here.
 * newlib.c's _exit is built as newlib_exit on the host (tests/host/user_lib.mk): the host's
 * C library has its own _exit, which the harness calls.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <parley/console.h>
#include "harness.h"
#include "parley.h"
#include "runtime.h"

int _write(int fd, const char *buf, int len);
extern unsigned pl_console_fallbacks;

#define CONSOLE_EP      4u
#define CONSOLE_RETRIES 10u /* newlib.c's: PL_EDEAD answers it retries per write */
#define RECORDS         64u /* calls and pauses recorded; more are counted only */
#define TEXT_MAX        600u

static struct pl_runtime rt = {.console_ep = CONSOLE_EP, .names_ep = PL_NO_EP};
const struct pl_runtime *pl_rt = &rt;

/* ---- the console server */

enum answer_kind {
    TAKES_ALL,       /* the zero answer: every byte offered */
    TAKES_PART,      /* value: at most this many bytes (its output ring is full) */
    CALL_FAILS,      /* value: pl_call's error (PL_EDEAD: dead; PL_EPERM ...) */
    CONSOLE_REFUSES, /* value: the console's own error status in rep.label */
};
struct answer {
    enum answer_kind kind;
    int value;
};
#define PART(n) ((struct answer){TAKES_PART, (n)})
#define DEAD    ((struct answer){CALL_FAILS, PL_EDEAD})

static struct {
    struct answer script[RECORDS]; /* the answers to the first `scripted` calls ... */
    unsigned scripted;
    struct answer then; /* ... and to every later call */
    unsigned calls;
    unsigned misaddressed;  /* calls that were not a CONSOLE_WRITE to CONSOLE_EP, waiting
                             * for ever, with no room for reply bytes */
    uint32_t lens[RECORDS]; /* bytes offered by each call */
    char out[TEXT_MAX];     /* bytes taken, in order */
    size_t out_len;
} console;

static void append(char *out, size_t *out_len, const void *buf, size_t len)
{
    CHECK(*out_len + len <= TEXT_MAX);
    if (*out_len + len <= TEXT_MAX) {
        memcpy(out + *out_len, buf, len);
        *out_len += len;
    }
}

int pl_call(uint32_t ep, const struct pl_msg *req, void *buf, size_t cap, struct pl_recvd *rep,
            uint32_t timeout)
{
    unsigned n = console.calls++;
    struct answer a = n < console.scripted ? console.script[n] : console.then;
    console.misaddressed += ep != CONSOLE_EP || req->label != CONSOLE_WRITE || buf != NULL ||
                            cap != 0 || timeout != PL_WAIT_FOREVER;
    if (n < RECORDS) {
        console.lens[n] = req->len;
    }
    if (a.kind == CALL_FAILS) {
        return a.value;
    }
    memset(rep, 0, sizeof(*rep));
    if (a.kind == CONSOLE_REFUSES) {
        rep->label = (uint32_t)a.value;
        return PL_OK;
    }
    uint32_t took = req->len;
    if (a.kind == TAKES_PART && (uint32_t)a.value < took) {
        took = (uint32_t)a.value;
    }
    append(console.out, &console.out_len, req->data, took);
    rep->w0 = took;
    return PL_OK;
}

/* ---- the kernel's log: the first `takes` calls take their bytes, later ones get `refusal`
 * (PL_OK: they all take them) */

static struct {
    unsigned takes;
    int refusal;
    unsigned calls;
    uint32_t lens[RECORDS];
    char out[TEXT_MAX];
    size_t out_len;
} klog;

int pl_debug_write(const void *buf, size_t len)
{
    unsigned n = klog.calls++;
    if (n < RECORDS) {
        klog.lens[n] = (uint32_t)len;
    }
    if (klog.refusal != PL_OK && n >= klog.takes) {
        return klog.refusal;
    }
    append(klog.out, &klog.out_len, buf, len);
    return (int)len;
}

/* ---- the rest of what newlib.c calls */

static struct {
    unsigned calls;
    uint32_t ticks[RECORDS];
} sleeps;

int pl_sleep(uint32_t ticks)
{
    if (sleeps.calls < RECORDS) {
        sleeps.ticks[sleeps.calls] = ticks;
    }
    sleeps.calls++;
    return PL_OK;
}

void pl_exit(int code)
{
    (void)code;
    abort(); /* no test makes newlib.c exit */
}

pl_task_id pl_task_self(void)
{
    return 0;
}

/* ---- helpers */

/* n bytes that differ from their neighbours, so that a lost, doubled or misplaced byte shows. */
static const char *text(size_t n)
{
    static char s[TEXT_MAX];
    CHECK(n <= TEXT_MAX);
    for (size_t i = 0; i < n; i++) {
        s[i] = (char)('a' + i % 26u);
    }
    return s;
}

/* out holds exactly bytes [from, from + n) of text(). */
static int holds(const char *out, size_t out_len, size_t from, size_t n)
{
    return out_len == n && memcmp(out, text(from + n) + from, n) == 0;
}

/* ---- console up */

TEST(all_bytes_go_to_the_console_in_one_call)
{
    CHECK_EQ(_write(1, text(10), 10), 10);
    CHECK_EQ(console.calls, 1);
    CHECK_EQ(console.misaddressed, 0);
    CHECK(holds(console.out, console.out_len, 0, 10));
    CHECK_EQ(klog.calls, 0);
    CHECK_EQ(sleeps.calls, 0);
    CHECK_EQ(pl_console_fallbacks, 0);
}

TEST(stderr_goes_the_same_way)
{
    CHECK_EQ(_write(2, text(10), 10), 10);
    CHECK_EQ(console.calls, 1);
    CHECK(holds(console.out, console.out_len, 0, 10));
}

/* Its output ring was full: the rest is offered again after a tick. */
TEST(console_takes_part_then_the_rest_after_a_tick)
{
    console.script[0] = PART(4);
    console.scripted = 1;
    CHECK_EQ(_write(1, text(10), 10), 10);
    CHECK_EQ(console.calls, 2);
    CHECK_EQ(console.lens[1], 6);
    CHECK(holds(console.out, console.out_len, 0, 10));
    CHECK_EQ(sleeps.calls, 1);
    CHECK_EQ(sleeps.ticks[0], 1);
    CHECK_EQ(klog.calls, 0);
    CHECK_EQ(pl_console_fallbacks, 0);
}

TEST(write_longer_than_ipc_max_goes_in_pieces)
{
    CHECK_EQ(_write(1, text(600), 600), 600);
    CHECK_EQ(console.calls, 3);
    CHECK_EQ(console.lens[0], PL_IPC_MAX_BYTES);
    CHECK_EQ(console.lens[1], PL_IPC_MAX_BYTES);
    CHECK_EQ(console.lens[2], 600 - 2 * PL_IPC_MAX_BYTES);
    CHECK(holds(console.out, console.out_len, 0, 600));
    CHECK_EQ(klog.calls, 0);
}

/* ---- console dead or refusing */

/* PL_EDEAD: its supervisor is restarting it; pauses of 1, 2, 4 ticks, then it is back. */
TEST(dead_console_is_asked_again_until_it_is_back)
{
    console.script[0] = DEAD;
    console.script[1] = DEAD;
    console.script[2] = DEAD;
    console.scripted = 3;
    CHECK_EQ(_write(1, text(10), 10), 10);
    CHECK_EQ(console.calls, 4);
    CHECK(holds(console.out, console.out_len, 0, 10));
    CHECK_EQ(sleeps.calls, 3);
    CHECK_EQ(sleeps.ticks[0], 1);
    CHECK_EQ(sleeps.ticks[1], 2);
    CHECK_EQ(sleeps.ticks[2], 4);
    CHECK_EQ(pl_console_restarts_seen, 1);
    CHECK_EQ(klog.calls, 0);
    CHECK_EQ(pl_console_fallbacks, 0);
}

/* It took 4 bytes, then died for good: 1 + CONSOLE_RETRIES dead answers, then the other 6
 * go to the kernel's log, and the fallback is counted. */
TEST(console_dead_past_its_retries_leaves_the_rest_to_the_kernel_log)
{
    static const uint32_t pauses[] = {1, 1, 2, 4, 8, 16, 32, 64, 64, 64, 64};
    console.script[0] = PART(4);
    console.scripted = 1;
    console.then = DEAD;
    CHECK_EQ(_write(1, text(10), 10), 10);
    CHECK_EQ(console.calls, 2 + CONSOLE_RETRIES);
    CHECK(holds(console.out, console.out_len, 0, 4));
    CHECK_EQ(klog.calls, 1);
    CHECK(holds(klog.out, klog.out_len, 4, 6));
    CHECK_EQ(pl_console_fallbacks, 1);
    CHECK_EQ(pl_console_restarts_seen, 1);
    CHECK_EQ(sleeps.calls, sizeof(pauses) / sizeof(pauses[0]));
    for (unsigned i = 0; i < sizeof(pauses) / sizeof(pauses[0]); i++) {
        CHECK_EQ(sleeps.ticks[i], pauses[i]);
    }
}

/* Any other failure will not pass by waiting: the kernel's log at once. */
TEST(console_call_refused_goes_to_the_kernel_log_at_once)
{
    console.then = (struct answer){CALL_FAILS, PL_EPERM};
    CHECK_EQ(_write(1, text(10), 10), 10);
    CHECK_EQ(console.calls, 1);
    CHECK(holds(klog.out, klog.out_len, 0, 10));
    CHECK_EQ(sleeps.calls, 0);
    CHECK_EQ(pl_console_fallbacks, 1);
    CHECK_EQ(pl_console_restarts_seen, 0);
}

TEST(console_status_error_goes_to_the_kernel_log_at_once)
{
    console.then = (struct answer){CONSOLE_REFUSES, PL_EINVAL};
    CHECK_EQ(_write(1, text(10), 10), 10);
    CHECK_EQ(console.calls, 1);
    CHECK(holds(klog.out, klog.out_len, 0, 10));
    CHECK_EQ(pl_console_fallbacks, 1);
}

/* ---- no console right */

TEST(task_without_console_right_writes_to_the_kernel_log)
{
    rt.console_ep = PL_NO_EP;
    CHECK_EQ(_write(1, text(10), 10), 10);
    CHECK_EQ(console.calls, 0);
    CHECK_EQ(klog.calls, 1);
    CHECK(holds(klog.out, klog.out_len, 0, 10));
    CHECK_EQ(pl_console_fallbacks, 0); /* it never had a console to fall back from */
}

TEST(kernel_log_gets_long_writes_in_pieces_too)
{
    rt.console_ep = PL_NO_EP;
    CHECK_EQ(_write(1, text(600), 600), 600);
    CHECK_EQ(klog.calls, 3);
    CHECK_EQ(klog.lens[0], PL_IPC_MAX_BYTES);
    CHECK_EQ(klog.lens[1], PL_IPC_MAX_BYTES);
    CHECK_EQ(klog.lens[2], 600 - 2 * PL_IPC_MAX_BYTES);
    CHECK(holds(klog.out, klog.out_len, 0, 600));
}

/* ---- nothing takes the bytes: reported, not dropped */

/* pl_debug_write gave PL_EAGAIN: its retries are used up and the log is still full. */
TEST(kernel_log_full_gives_minus_one_and_eagain)
{
    rt.console_ep = PL_NO_EP;
    klog.refusal = PL_EAGAIN;
    errno = 0;
    CHECK_EQ(_write(1, text(10), 10), -1);
    CHECK_EQ(errno, EAGAIN);
    CHECK_EQ(klog.calls, 1);
}

TEST(kernel_log_error_gives_minus_one_and_eio)
{
    rt.console_ep = PL_NO_EP;
    klog.refusal = PL_EINVAL;
    errno = 0;
    CHECK_EQ(_write(2, text(10), 10), -1);
    CHECK_EQ(errno, EIO);
}

/* The console took 4 bytes and died, the log refused the rest: 4 is the count, and newlib's
 * next call, with the other 6, gets -1. */
TEST(bytes_the_console_took_are_a_short_count_when_the_log_refuses_the_rest)
{
    console.script[0] = PART(4);
    console.scripted = 1;
    console.then = DEAD;
    klog.refusal = PL_EAGAIN;
    CHECK_EQ(_write(1, text(10), 10), 4);
    CHECK(holds(console.out, console.out_len, 0, 4));
    CHECK_EQ(pl_console_fallbacks, 1);
    errno = 0;
    CHECK_EQ(_write(1, text(10) + 4, 6), -1);
    CHECK_EQ(errno, EAGAIN);
    CHECK_EQ(pl_console_fallbacks, 2);
    CHECK_EQ(klog.out_len, 0);
}

/* The first piece went out, the second was refused: the count is the first piece's, and the
 * third is not tried (its bytes would come out ahead of the second's). */
TEST(refused_piece_ends_the_write_with_the_count_before_it)
{
    rt.console_ep = PL_NO_EP;
    klog.takes = 1;
    klog.refusal = PL_EAGAIN;
    CHECK_EQ(_write(1, text(600), 600), PL_IPC_MAX_BYTES);
    CHECK_EQ(klog.calls, 2);
    CHECK(holds(klog.out, klog.out_len, 0, PL_IPC_MAX_BYTES));
}

/* ---- other descriptors */

TEST(fd_other_than_stdout_or_stderr_is_ebadf)
{
    static const int fds[] = {0, 3, -1};
    for (unsigned i = 0; i < sizeof(fds) / sizeof(fds[0]); i++) {
        errno = 0;
        CHECK_EQ(_write(fds[i], text(10), 10), -1);
        CHECK_EQ(errno, EBADF);
    }
    CHECK_EQ(console.calls, 0);
    CHECK_EQ(klog.calls, 0);
}

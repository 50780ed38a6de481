/*
 * tests/host/test_user_debug_write.c - user/lib/debug_write.c: pl_debug_write hands its bytes
 * to the kernel's log (pl_debug_write_try) and, while the log is full (PL_EAGAIN), sleeps a
 * tick and tries again, PL_DEBUG_WRITE_TRIES times at most, then gives PL_EAGAIN; any other
 * answer is returned at once (parley.h; docs/syscalls.md, PL_SYS_DEBUG_WRITE).
 *
 * pl_debug_write_try (the `svc` stub) and pl_sleep are faked: the log refuses the first
 * `full_for` tries with PL_EAGAIN, then gives `answer` (PL_OK: takes the bytes, returns len).
 */
#include "harness.h"
#include "parley.h"

static const char line[] = "retry me\n";
#define LINE_LEN (sizeof(line) - 1u)

static struct {
    unsigned full_for; /* tries answered PL_EAGAIN before `answer` */
    int answer;        /* PL_OK: take the bytes and return len; else this error */
    unsigned tries;
    unsigned sleeps;  /* calls to pl_sleep ... */
    unsigned ticks;   /* ... and the ticks they asked for in all */
    unsigned changed; /* tries that did not pass the caller's bytes as they were */
    unsigned slept_before_first_try;
} klog;

int pl_debug_write_try(const void *buf, size_t len)
{
    klog.changed += buf != line || len != LINE_LEN;
    if (klog.tries++ < klog.full_for) {
        return PL_EAGAIN;
    }
    return klog.answer == PL_OK ? (int)len : klog.answer;
}

int pl_sleep(uint32_t ticks)
{
    klog.slept_before_first_try += klog.tries == 0;
    klog.sleeps++;
    klog.ticks += ticks;
    return PL_OK;
}

TEST(write_the_log_takes_at_once_is_one_try_without_sleep)
{
    CHECK_EQ(pl_debug_write(line, LINE_LEN), LINE_LEN);
    CHECK_EQ(klog.tries, 1);
    CHECK_EQ(klog.sleeps, 0);
}

/* Two full answers: two sleeps of one tick, each before a try of the same bytes. */
TEST(full_log_is_tried_again_after_a_tick_until_it_takes_the_bytes)
{
    klog.full_for = 2;
    CHECK_EQ(pl_debug_write(line, LINE_LEN), LINE_LEN);
    CHECK_EQ(klog.tries, 3);
    CHECK_EQ(klog.sleeps, 2);
    CHECK_EQ(klog.ticks, 2);
    CHECK_EQ(klog.slept_before_first_try, 0);
    CHECK_EQ(klog.changed, 0);
}

/* The limit counts retries, not tries: the last of 1 + PL_DEBUG_WRITE_TRIES still counts. */
TEST(log_that_takes_the_bytes_on_the_last_retry_is_a_success)
{
    klog.full_for = PL_DEBUG_WRITE_TRIES;
    CHECK_EQ(pl_debug_write(line, LINE_LEN), LINE_LEN);
    CHECK_EQ(klog.tries, 1u + PL_DEBUG_WRITE_TRIES);
    CHECK_EQ(klog.sleeps, PL_DEBUG_WRITE_TRIES);
}

TEST(log_that_stays_full_gives_eagain_after_exactly_1_plus_tries_tries)
{
    klog.full_for = ~0u;
    CHECK_EQ(pl_debug_write(line, LINE_LEN), PL_EAGAIN);
    CHECK_EQ(klog.tries, 1u + PL_DEBUG_WRITE_TRIES);
    CHECK_EQ(klog.sleeps, PL_DEBUG_WRITE_TRIES); /* none after the last try */
    CHECK_EQ(klog.ticks, PL_DEBUG_WRITE_TRIES);
    CHECK_EQ(klog.changed, 0);
}

/* PL_EINVAL (len > 256) will not change by waiting: no retry, no sleep. */
TEST(other_error_is_returned_at_once_without_retry)
{
    klog.answer = PL_EINVAL;
    CHECK_EQ(pl_debug_write(line, LINE_LEN), PL_EINVAL);
    CHECK_EQ(klog.tries, 1);
    CHECK_EQ(klog.sleeps, 0);
}

/* An error after some full answers ends the retries too. */
TEST(other_error_after_a_full_log_ends_the_retries)
{
    klog.full_for = 3;
    klog.answer = PL_EINVAL;
    CHECK_EQ(pl_debug_write(line, LINE_LEN), PL_EINVAL);
    CHECK_EQ(klog.tries, 4);
    CHECK_EQ(klog.sleeps, 3);
}

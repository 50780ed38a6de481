/*
 * tests/host/test_user_lib.c - user/lib/printf.c: pl_printf formats into a 256-byte buffer
 * and hands the kernel's log one write of at most 255 bytes (parley.h; docs/syscalls.md,
 * PL_SYS_DEBUG_WRITE): longer output is cut, never split over two writes, and what the write
 * returns (the bytes taken, or the error pl_debug_write gave up with) is what pl_printf returns.
 *
 * pl_debug_write is faked here: it records each call and answers as the test chooses. The
 * real one, with its PL_EAGAIN retries (user/lib/debug_write.c), has its own test:
 * test_user_debug_write.c.
 */
#include <string.h>

#include "harness.h"
#include "parley.h"

#define PRINTF_MAX 255u /* the cut: the buffer of 256 less its terminating NUL */
#define LONG_LEN   300u /* a formatted length well past the cut */

/* What pl_printf handed to the kernel's log. */
static struct {
    unsigned calls;
    size_t len;           /* of the last call */
    char bytes[2 * 256u]; /* of the last call, room to spare: a longer write shows up whole */
    int answer;           /* PL_OK: return len, as the kernel does; else this error */
} written;

int pl_debug_write(const void *buf, size_t len)
{
    written.calls++;
    written.len = len;
    memcpy(written.bytes, buf, len < sizeof(written.bytes) ? len : sizeof(written.bytes));
    return written.answer == PL_OK ? (int)len : written.answer;
}

/* Printable bytes that differ from their neighbours, so that a cut in the wrong place or a
 * stray byte cannot go unseen. */
static char pattern(size_t i)
{
    return (char)('A' + i % 26u);
}

/* "[" + n - 2 pattern bytes + "]": formatted by pl_printf("[%s]"), n bytes in all. */
static const char *middle(size_t n)
{
    static char s[LONG_LEN];
    for (size_t i = 0; i < n - 2u; i++) {
        s[i] = pattern(i + 1u);
    }
    s[n - 2u] = '\0';
    return s;
}

/* The first n bytes pl_printf("[%s]", middle(total)) must give. */
static int printed_is_prefix_of(size_t total, size_t n)
{
    if (written.len != n || written.bytes[0] != '[') {
        return 0;
    }
    for (size_t i = 1; i < n; i++) {
        char want = i == total - 1u ? ']' : pattern(i);
        if (written.bytes[i] != want) {
            return 0;
        }
    }
    return 1;
}

TEST(short_output_is_one_write_of_all_its_bytes)
{
    CHECK_EQ(pl_printf("task %s: %d\n", "hello", 42), 15);
    CHECK_EQ(written.calls, 1);
    CHECK_EQ(written.len, 15);
    CHECK(memcmp(written.bytes, "task hello: 42\n", 15) == 0);
}

TEST(output_of_300_bytes_is_cut_to_its_first_255_in_one_write)
{
    CHECK_EQ(pl_printf("[%s]", middle(LONG_LEN)), PRINTF_MAX);
    CHECK_EQ(written.calls, 1); /* the rest is dropped, not written after */
    CHECK_EQ(written.len, PRINTF_MAX);
    CHECK(printed_is_prefix_of(LONG_LEN, PRINTF_MAX));
}

TEST(output_of_exactly_255_bytes_is_whole)
{
    CHECK_EQ(pl_printf("[%s]", middle(PRINTF_MAX)), PRINTF_MAX);
    CHECK_EQ(written.calls, 1);
    CHECK(printed_is_prefix_of(PRINTF_MAX, PRINTF_MAX)); /* its closing ']' included */
}

TEST(output_of_256_bytes_loses_its_last_byte)
{
    CHECK_EQ(pl_printf("[%s]", middle(PRINTF_MAX + 1u)), PRINTF_MAX);
    CHECK_EQ(written.calls, 1);
    CHECK(printed_is_prefix_of(PRINTF_MAX + 1u, PRINTF_MAX)); /* no ']' */
}

/* pl_debug_write gives PL_EAGAIN once its retries are used up (the log stayed full): the
 * caller of pl_printf learns that nothing was written. */
TEST(error_of_the_write_is_returned)
{
    written.answer = PL_EAGAIN;
    CHECK_EQ(pl_printf("lost line %d\n", 1), PL_EAGAIN);
    CHECK_EQ(written.calls, 1); /* pl_printf does not retry on top of pl_debug_write */
    written.answer = PL_EINVAL;
    CHECK_EQ(pl_printf("[%s]", middle(LONG_LEN)), PL_EINVAL);
}

/*
 * tests/host/test_console.c - kernel/console.c and kernel/panic.c: the kernel's formatter
 * (every conversion console.h promises) and the panic path.
 */
#include <limits.h>
#include <stdarg.h>
#include <string.h>

#include "console.h"
#include "fake_board.h"
#include "fixture.h"
#include "harness.h"
#include "host_arch.h"

/* What kprintf printed for one call, from a clean capture. */
#define PRINTED(...) (fake_console_reset(), kprintf(__VA_ARGS__), fake_console_text())

/* Formats the compiler would refuse (they are wrong on purpose), through kvprintf. */
static const char *printed_unchecked(const char *fmt, ...)
{
    va_list ap;
    fake_console_reset();
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
    return fake_console_text();
}

TEST(plain_text_is_copied)
{
    CHECK_STR_EQ(PRINTED("hello\r\n"), "hello\r\n");
}

TEST(signed_decimal_conversions)
{
    CHECK_STR_EQ(PRINTED("%d %i %d", 42, -7, 0), "42 -7 0");
    CHECK_STR_EQ(PRINTED("%d", INT_MIN), "-2147483648");
    CHECK_STR_EQ(PRINTED("%ld", LONG_MIN), "-9223372036854775808");
}

TEST(unsigned_and_hex_conversions)
{
    CHECK_STR_EQ(PRINTED("%u %x", 4000000000u, 0xbeefu), "4000000000 beef");
    CHECK_STR_EQ(PRINTED("%lu %lx", ULONG_MAX, 0x123456789abcul),
                 "18446744073709551615 123456789abc");
}

TEST(width_pads_with_spaces_or_zeros)
{
    CHECK_STR_EQ(PRINTED("[%5d][%05d][%08x]", 42, 42, 0x1fu), "[   42][00042][0000001f]");
    CHECK_STR_EQ(PRINTED("[%5s]", "ab"), "[   ab]");
    CHECK_STR_EQ(PRINTED("[%2d]", 12345), "[12345]"); /* a width never cuts */
}

TEST(negative_number_is_padded_before_its_sign)
{
    CHECK_STR_EQ(PRINTED("[%5d]", -42), "[  -42]");
}

TEST(negative_number_zero_padded_keeps_sign_first)
{
    CHECK_STR_EQ(PRINTED("[%05d]", -42), "[-0042]");
}

TEST(pointer_is_hex_with_prefix)
{
    CHECK_STR_EQ(PRINTED("%p", (void *)0x1234), "0x00001234");
}

TEST(strings_chars_and_percent)
{
    CHECK_STR_EQ(PRINTED("%s=%c%%", "key", 'v'), "key=v%");
    CHECK_STR_EQ(printed_unchecked("%s", (const char *)NULL), "(null)");
}

TEST(unknown_conversion_is_printed_as_is)
{
    CHECK_STR_EQ(printed_unchecked("%q %d", 5), "%q 5");
}

TEST(trailing_percent_is_printed)
{
    CHECK_STR_EQ(printed_unchecked("100%"), "100%");
}

TEST(panic_halts_with_status_1)
{
    HOST_EXPECT_HALT(panic("invariant %s broken", "x"));
    CHECK_EQ(host_arch.halted, 1);
    CHECK_EQ(host_arch.halt_code, 1);
}

TEST(panic_names_the_invariant)
{
    HOST_EXPECT_HALT(panic("run queue %d is corrupt", 3));
    CHECK_STR_EQ(fake_console_text(), "\r\nPANIC: run queue 3 is corrupt\r\n");
}

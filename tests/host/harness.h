/*
 * tests/host/harness.h - a tiny unit test framework for the host tests.
 *
 * TEST(name) { ... } defines and registers a test; tests run in the order they appear in the
 * file, each in its own child process (a crash fails that test alone) and from a freshly
 * booted kernel (fixture_reset()). CHECK* record a failure with its file:line and carry on, so
 * one run shows everything a test got wrong; CHECK_EQ(actual, expected). Each test prints
 * "ok - name" or "not ok - name: <first failure>"; the last line is "<P> passed, <F> failed".
 * Run a program with a substring argument to run only the tests whose names contain it.
 *
 * A test that asserts what the specification says where the code is known to disagree starts
 * with KNOWN_BUG("what is wrong"). While it fails it prints "known bug - name: ..." and counts
 * neither as passed nor as failed (a line before the summary says how many there are); once it
 * passes it fails, so that the marker is removed together with the bug.
 */
#ifndef TESTS_HOST_HARNESS_H
#define TESTS_HOST_HARNESS_H

#include <stdint.h>

typedef void (*harness_fn)(void);

void harness_register(const char *name, harness_fn fn, int line);
void harness_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void harness_check_eq(const char *file, int line, const char *a_text, const char *b_text,
                      intmax_t a, intmax_t b);
void harness_check_ptr_eq(const char *file, int line, const char *a_text, const char *b_text,
                          const void *a, const void *b);
void harness_check_str_eq(const char *file, int line, const char *a_text, const char *a,
                          const char *b);
void harness_check_contains(const char *file, int line, const char *text, const char *haystack,
                            const char *needle);
void harness_known_bug(const char *why);

/* The constructor registers the test before main() runs; __LINE__ keeps file order. */
#define TEST(name)                                                                                 \
    static void test_##name(void);                                                                 \
    __attribute__((constructor)) static void register_##name(void)                                 \
    {                                                                                              \
        harness_register(#name, test_##name, __LINE__);                                            \
    }                                                                                              \
    static void test_##name(void)

#define KNOWN_BUG(why) harness_known_bug(why)

#define CHECK(expr) ((expr) ? (void)0 : harness_fail(__FILE__, __LINE__, "CHECK(%s)", #expr))

/* Integers of any width and signedness, compared as intmax_t: cast a uint32_t register that
 * holds a negative error to int32_t first (CHECK_EQ((int32_t)f->r0, PL_EINVAL)). */
#define CHECK_EQ(a, b) harness_check_eq(__FILE__, __LINE__, #a, #b, (intmax_t)(a), (intmax_t)(b))

#define CHECK_PTR_EQ(a, b) harness_check_ptr_eq(__FILE__, __LINE__, #a, #b, (a), (b))
#define CHECK_STR_EQ(a, b) harness_check_str_eq(__FILE__, __LINE__, #a, (a), (b))
#define CHECK_CONTAINS(haystack, needle)                                                           \
    harness_check_contains(__FILE__, __LINE__, #haystack, (haystack), (needle))

#endif

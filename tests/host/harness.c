/*
 * tests/host/harness.c - registry, checks and the main() of every host test program.
 *
 * Owns the test table (filled by TEST() constructors before main runs) and the record of the
 * running test's failures. Each test runs in a child process: a test that crashes (sanitizer
 * report, abort, unexpected halt) cannot print its own result, so the parent prints it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fixture.h"
#include "harness.h"

#define MAX_TESTS    256u
#define MESSAGE_SIZE 512u
#define EXIT_PASSED  0
#define EXIT_FAILED  3 /* not 1: the sanitizers exit with 1 */
#define EXIT_KNOWN   4 /* failed, as its KNOWN_BUG() marker says it does */

enum outcome {
    PASSED,
    FAILED,
    KNOWN,
};

struct test_entry {
    const char *name;
    harness_fn fn;
    int line;
};

static struct test_entry tests[MAX_TESTS];
static unsigned test_count;
static unsigned failures; /* in the running test */
static char first_failure[MESSAGE_SIZE];
static const char *known_bug; /* the running test's KNOWN_BUG() reason, or NULL */

void harness_register(const char *name, harness_fn fn, int line)
{
    if (test_count == MAX_TESTS) {
        fprintf(stderr, "harness: more than %u tests in one program\n", MAX_TESTS);
        abort();
    }
    tests[test_count++] = (struct test_entry){.name = name, .fn = fn, .line = line};
}

void harness_fail(const char *file, int line, const char *fmt, ...)
{
    if (failures++ > 0) {
        return; /* the first failure is the one reported; later ones often follow from it */
    }
    int n = snprintf(first_failure, sizeof(first_failure), "%s:%d: ", file, line);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(first_failure + n, sizeof(first_failure) - (size_t)n, fmt, ap);
    va_end(ap);
}

void harness_check_eq(const char *file, int line, const char *a_text, const char *b_text,
                      intmax_t a, intmax_t b)
{
    if (a != b) {
        harness_fail(file, line, "%s == %s: got %jd (0x%jx), want %jd (0x%jx)", a_text, b_text, a,
                     (uintmax_t)a, b, (uintmax_t)b);
    }
}

void harness_check_ptr_eq(const char *file, int line, const char *a_text, const char *b_text,
                          const void *a, const void *b)
{
    if (a != b) {
        harness_fail(file, line, "%s == %s: got %p, want %p", a_text, b_text, a, b);
    }
}

void harness_known_bug(const char *why)
{
    known_bug = why;
}

/* Quote s on one line (the result line must stay one line), cut to fit. */
static const char *quoted(const char *s, char *out, size_t size)
{
    size_t n = 0;
    for (; s && *s && n + 5 < size; s++) {
        if (*s >= ' ' && *s <= '~') {
            out[n++] = *s;
        } else {
            n += (size_t)snprintf(out + n, size - n, "\\x%02x", (unsigned char)*s);
        }
    }
    out[n] = '\0';
    return s ? out : "(null)";
}

void harness_check_str_eq(const char *file, int line, const char *a_text, const char *a,
                          const char *b)
{
    if (a == b || (a && b && strcmp(a, b) == 0)) {
        return;
    }
    char qa[160], qb[160];
    harness_fail(file, line, "%s: got \"%s\", want \"%s\"", a_text, quoted(a, qa, sizeof(qa)),
                 quoted(b, qb, sizeof(qb)));
}

void harness_check_contains(const char *file, int line, const char *text, const char *haystack,
                            const char *needle)
{
    if (haystack && needle && strstr(haystack, needle)) {
        return;
    }
    char qh[240], qn[120];
    harness_fail(file, line, "%s: \"%s\" not found in \"%s\"", text, quoted(needle, qn, sizeof(qn)),
                 quoted(haystack, qh, sizeof(qh)));
}

/* The kernel never allocates, so LeakSanitizer has nothing to find; and it needs ptrace, which
 * containers and CI sandboxes often forbid (the program then hangs at exit). ASAN_OPTIONS in
 * the environment still overrides this. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
    return "detect_leaks=0";
}

static int by_line(const void *a, const void *b)
{
    return ((const struct test_entry *)a)->line - ((const struct test_entry *)b)->line;
}

/* In the child: run the test and print its line; the exit status says how it went. */
static void run_in_child(const struct test_entry *t)
{
    failures = 0;
    known_bug = NULL;
    fixture_reset();
    t->fn();
    int code = failures == 0 ? EXIT_PASSED : EXIT_FAILED;
    if (known_bug && failures) {
        printf("known bug - %s: %s: %s\n", t->name, known_bug, first_failure);
        code = EXIT_KNOWN;
    } else if (known_bug) {
        printf("not ok - %s: passes, but is marked KNOWN_BUG(\"%s\"): remove the marker\n", t->name,
               known_bug);
        code = EXIT_FAILED;
    } else if (failures == 0) {
        printf("ok - %s\n", t->name);
    } else {
        printf("not ok - %s: %s%s\n", t->name, first_failure, failures > 1 ? " (and more)" : "");
    }
    fflush(stdout);
    _exit(code);
}

/* Each test runs in its own process, so a crash (a sanitizer report, an abort, an unexpected
 * halt) fails that test alone and the others still run. A crash is never a known bug. */
static enum outcome run_one(const struct test_entry *t)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0) {
        perror("harness: fork");
        exit(2);
    }
    if (pid == 0) {
        run_in_child(t);
    }
    int status;
    if (waitpid(pid, &status, 0) != pid) {
        perror("harness: waitpid");
        exit(2);
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_PASSED) {
        return PASSED;
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_KNOWN) {
        return KNOWN;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != EXIT_FAILED) {
        printf("not ok - %s: crashed (%s %d; see the report above)\n", t->name,
               WIFEXITED(status) ? "exit status" : "signal",
               WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    }
    return FAILED;
}

/* Usage: test_x [SUBSTRING]: run every test, or those whose name contains SUBSTRING. */
int main(int argc, char **argv)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    qsort(tests, test_count, sizeof(tests[0]), by_line);
    unsigned count[3] = {0, 0, 0};
    for (unsigned i = 0; i < test_count; i++) {
        if (argc > 1 && !strstr(tests[i].name, argv[1])) {
            continue;
        }
        count[run_one(&tests[i])]++;
    }
    if (count[KNOWN]) {
        printf("%u known bugs (tests of the specification that fail as their KNOWN_BUG() says)\n",
               count[KNOWN]);
    }
    unsigned failed = count[FAILED];
    printf("%u passed, %u failed\n", count[PASSED], failed);
    return failed == 0 ? 0 : 1;
}

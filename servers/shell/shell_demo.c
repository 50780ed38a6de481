/*
 * servers/shell/shell_demo.c - the shell's `demo` command (shell_demo.h). The runner knows the
 * demos; the shell only forwards the words typed and prints the lines it gets back. A system
 * without a runner (no endpoint `demos` in its description) says so.
 */
#include <stdio.h>
#include <string.h>

#include <parley/demo.h>

#include "parley.h"
#include "server.h"
#include "shell_demo.h"
#include "system.h"

#ifdef EP_DEMOS
#define SHELL_DEMO_EP  EP_DEMOS
#define SHELL_HAS_DEMO 1
#else
#define SHELL_DEMO_EP  0u
#define SHELL_HAS_DEMO 0
#endif

static void list(char *out, size_t cap, void (*put_line)(const char *))
{
    char entry[DEMO_LINE_MAX];
    put_line("demos (type demo <name>):");
    for (uint32_t i = 0;; i++) {
        struct pl_recvd rep;
        int err = pl_server_call(SHELL_DEMO_EP, DEMO_LIST, i, 0, NULL, 0, &rep, entry,
                                 sizeof(entry) - 1u);
        if (err != PL_OK) {
            if (err != PL_ENOENT) {
                snprintf(out, cap, "demo: demos: %s", pl_strerror(err));
                put_line(out);
            }
            return;
        }
        entry[sizeof(entry) - 1u] = '\0';
        size_t n = strlen(entry) + 1u; /* "<name> <options>\0<what it shows>" */
        snprintf(out, cap, "  %-16s %s", entry, n < sizeof(entry) ? entry + n : "");
        put_line(out);
    }
}

static void run(const struct sh_words *w, char *out, size_t cap, void (*put_line)(const char *))
{
    char typed[DEMO_TYPED_MAX];
    size_t len = 0;
    for (unsigned i = 1; i < w->argc; i++) {
        int n = snprintf(typed + len, sizeof(typed) - len, "%s%s", i > 1 ? " " : "", w->argv[i]);
        len = n < 0 || (size_t)n >= sizeof(typed) - len ? sizeof(typed) - 1u : len + (size_t)n;
    }
    struct pl_recvd rep;
    int err = pl_server_call(SHELL_DEMO_EP, DEMO_RUN, 0, 0, typed, len, &rep, out, cap - 1u);
    if (err != PL_OK) {
        snprintf(out, cap, "demo: demos: %s", pl_strerror(err));
    }
    out[cap - 1u] = '\0';
    put_line(out);
}

void shell_demo(const struct sh_words *w, char *out, size_t cap, void (*put_line)(const char *))
{
    if (!SHELL_HAS_DEMO) {
        put_line("demo: this system has no demos (no endpoint 'demos')");
    } else if (w->argc == 1) {
        list(out, cap, put_line);
    } else {
        run(w, out, cap, put_line);
    }
}

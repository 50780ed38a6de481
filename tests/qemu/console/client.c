/*
 * tests/qemu/console/client.c - one of three clients printing numbered lines at once
 * (client1..client3 run this same code). A third of the lines go out in one printf, a third
 * in two writes and a third in three, yielding between the pieces so that the other clients'
 * writes come in between; the console must still print every line whole. At the end the
 * client tells the judge what its writes saw.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "console_test.h"
#include "parley.h"
#include "system.h"

int client_main(void);

/* From user/lib/newlib.c: writes the console server never took. Not part of parley.h. */
extern unsigned pl_console_fallbacks;

static int put(const char *s)
{
    int len = (int)strlen(s);
    return write(1, s, (size_t)len) == len;
}

/* Line k of client n, in `pieces` writes. 1 if every write took all its bytes. */
static int print_line(unsigned n, unsigned k, unsigned pieces)
{
    char head[32], tail[32];
    if (pieces == 1) {
        int len = printf("client %u line %u: " FILLER " end %u\n", n, k, k);
        return len > 0 && fflush(stdout) == 0;
    }
    snprintf(head, sizeof(head), "client %u line %u: ", n, k);
    snprintf(tail, sizeof(tail), " end %u\n", k);
    int ok = put(head);
    pl_yield();
    if (pieces == 3) {
        ok &= put("abcdefghij ");
        pl_yield();
        ok &= put("abcdefghij abcdefghij");
    } else {
        ok &= put(FILLER);
    }
    pl_yield();
    return ok & put(tail);
}

int client_main(void)
{
    unsigned n = PL_TASK_INDEX(pl_task_self()) - TASK_CLIENT1 + 1u;
    struct client_report r = {0};
    for (unsigned k = 1; k <= CLIENT_LINES; k++) {
        r.lines_ok += (uint32_t)print_line(n, k, k % 3u + 1u);
        pl_sleep(
            1); /* spread the lines over time, so that the console's restart falls among them */
    }
    r.restarts_seen = pl_console_restarts_seen;
    r.fallbacks = pl_console_fallbacks;
    struct pl_msg m = {.label = 0, .data = &r, .len = sizeof(r)};
    return pl_call(EP_REPORT, &m, NULL, 0, NULL, PL_WAIT_FOREVER);
}

/*
 * tests/qemu/console_flow/writer.c - prints FLOW_LINES lines the runner can check one by one,
 * then what the console driver says about its transmitter (see system.ini).
 *
 * Line n is "flow NNNNN " and 48 letters that depend on n, so a byte lost, doubled or
 * reordered inside a line breaks the pattern flow.txt counts.
 */
#include <stdio.h>

#include <parley/console.h>
#include "parley.h"
#include "server.h"
#include "system.h"

#define FLOW_LINES   4000u /* about 240 KB: far more than a pipe holds */
#define FLOW_LETTERS 48

int writer_main(void);

int writer_main(void)
{
    char letters[FLOW_LETTERS + 1];
    for (unsigned n = 0; n < FLOW_LINES; n++) {
        for (unsigned i = 0; i < FLOW_LETTERS; i++) {
            letters[i] = (char)('a' + (n * 7u + i * 3u) % 26u);
        }
        letters[FLOW_LETTERS] = '\0';
        printf("flow %05u %s\n", n, letters);
    }
    struct console_stats s = {0};
    struct pl_recvd rep;
    int err = pl_server_call(EP_CONSOLE, CONSOLE_STATS, 0, 0, NULL, 0, &rep, &s, sizeof(s));
    if (err != PL_OK || rep.len != sizeof(s)) {
        printf("flow stats failed: %s\n", pl_strerror(err));
    } else {
        printf("flow done: lines %u, tx_waits %u, tx_irqs %u\n", FLOW_LINES, (unsigned)s.tx_waits,
               (unsigned)s.tx_irqs);
    }
    for (;;) {
        pl_sleep(1000);
    }
}

/*
 * tests/qemu/server_input/client.c - does the one request its order names and reports the
 * status; a request with a pointer it does not own must stop it before it can report.
 */
#include "../harness/qctl.h"
#include "input.h"
#include "server.h"
#include "system.h"
#include <parley/console.h>

int client_main(void);

static struct qc_order act(struct qc_order o)
{
    struct pl_recvd rep;
    struct pl_msg m = {.label = CONSOLE_WRITE,
                       .data = "client: granted\n",
                       .len = 16,
                       .grant = PL_GRANT(EP_CONSOLE, PL_RIGHT_SEND)};
    int err;
    switch (o.op) {
    case OP_WRITE:
        err = pl_server_call(EP_CONSOLE, CONSOLE_WRITE, 0, 0, (const void *)(uintptr_t)o.a, o.b,
                             &rep, 0, 0);
        break;
    case OP_STATS_INTO:
        err = pl_server_call(EP_CONSOLE, CONSOLE_STATS, 0, 0, 0, 0, &rep, (void *)(uintptr_t)o.a,
                             sizeof(struct console_stats));
        break;
    case OP_UNKNOWN:
        err = pl_server_call(EP_CONSOLE, o.a, 0, 0, 0, 0, &rep, 0, 0);
        break;
    case OP_GRANT:
        err = pl_call(EP_CONSOLE, &m, 0, 0, &rep, PL_WAIT_FOREVER);
        break;
    case OP_LINE:
        err = pl_server_call(EP_CONSOLE, CONSOLE_WRITE, 0, 0, "client: still served\n", 21, &rep, 0,
                             0);
        return qc_next(err, rep.w0, 0, 0, 0);
    default:
        err = PL_EINVAL;
    }
    return qc_next(err, 0, 0, 0, 0);
}

int client_main(void)
{
    qc_serve(act);
}

/*
 * tests/qemu/supervisor/client.c - a client of the flaky server, found through the name
 * server, as a real client would: look the name up, call, and on PL_EDEAD look it up again.
 *
 * Between two calls it answers the judge on its own endpoint for up to CLIENT_PAUSE ticks,
 * which is also what paces its calls. It counts what its calls return (struct client_stats).
 */
#include "../../../servers/names/names_client.h"
#include "runtime.h"
#include "server.h"
#include "suptest.h"
#include "system.h"

#define CLIENT_PAUSE 2u /* ticks between calls */

static struct client_stats stats;
static int crash_next;

/* One call to the flaky server; forget its endpoint when it died, to look it up again. */
static void client_call(uint32_t *ep, uint32_t n)
{
    struct pl_recvd rep;
    uint32_t op = crash_next ? FLAKY_CRASH : FLAKY_PING;
    crash_next = 0;
    int err = pl_server_call(*ep, op, n, 0, NULL, 0, &rep, NULL, 0);
    if (err == PL_OK && rep.w0 == n + 1u) {
        stats.ok++;
        return;
    }
    if (err == PL_EDEAD) {
        stats.dead++;
        *ep = PL_NO_EP;
    } else {
        stats.other++;
    }
    stats.last_err = err;
}

/* Answer the judge, if it asks within the pause. */
static void client_serve_judge(void)
{
    struct pl_recvd in;
    if (pl_recv(EP_CLIENT, NULL, 0, &in, CLIENT_PAUSE) != PL_OK) {
        return; /* the pause is over */
    }
    struct pl_msg rep = {.label = PL_OK};
    if (in.label == CLIENT_STATS) {
        rep.data = &stats;
        rep.len = sizeof(stats);
    } else if (in.label == CLIENT_CRASH) {
        crash_next = 1;
    } else {
        rep.label = (uint32_t)PL_EINVAL;
    }
    pl_reply(in.sender, &rep);
}

int client_main(void)
{
    uint32_t ep = PL_NO_EP;
    for (uint32_t n = 0;; n++) {
        if (ep == PL_NO_EP) {
            int err = names_lookup_count(FLAKY_NAME, &ep, &stats.registrations);
            if (err != PL_OK) {
                ep = PL_NO_EP;
                stats.last_err = err;
            } else {
                stats.lookups++;
            }
        }
        if (ep != PL_NO_EP) {
            client_call(&ep, n);
        }
        client_serve_judge();
    }
}

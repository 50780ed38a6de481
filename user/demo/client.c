/*
 * user/demo/client.c - "a client asking a server": every second it calls the `hello` service.
 *
 * It does not take hello's endpoint from the description (it could: EP_HELLO); it looks the
 * name up in the name server, as a client finds a mailbox by its name (indirect
 * communication). Its right to call hello still comes from the description. When a call
 * fails (PL_EDEAD: hello died or was restarted) it looks the name up again.
 */
#include <stdint.h>

#include "../../servers/names/names_client.h"
#include "demo_print.h"
#include "hello.h"
#include "parley.h"
#include "server.h"
#include "system.h"

#define CLIENT_PERIOD_TICKS SYSTEM_TICK_HZ
#define CLIENT_NAME         "client"

struct hello_ref {
    uint32_t ep;
    uint32_t registrations;
    int found;
};

/* Look hello up until it is there. */
static void find_hello(struct hello_ref *h)
{
    for (int told = 0;; told = 1) {
        int err = names_lookup_count(HELLO_NAME, &h->ep, &h->registrations);
        if (err == PL_OK) {
            demo_print("client",
                       "[client] the name server says '%s' is endpoint %lu (registration %lu)",
                       HELLO_NAME, (unsigned long)h->ep, (unsigned long)h->registrations);
            h->found = 1;
            return;
        }
        if (!told) {
            demo_print("client", "[client] no '%s' in the name server yet (%s); asking again",
                       HELLO_NAME, pl_strerror(err));
        }
        pl_sleep(CLIENT_PERIOD_TICKS / 10u);
    }
}

static void ask_hello(struct hello_ref *h, uint32_t n)
{
    char reply[HELLO_GREETING_MAX + 1u];
    struct pl_recvd rep;
    int err = pl_server_call(h->ep, HELLO_GREET, 0, 0, CLIENT_NAME, sizeof(CLIENT_NAME) - 1u, &rep,
                             reply, HELLO_GREETING_MAX);
    if (err != PL_OK) {
        demo_print("client", "[client] call %lu to '%s' failed (%s); looking it up again",
                   (unsigned long)n, HELLO_NAME, pl_strerror(err));
        h->found = 0;
        return;
    }
    reply[rep.len < HELLO_GREETING_MAX ? rep.len : HELLO_GREETING_MAX] = '\0';
    demo_print("client", "[client] asked '%s' (call %lu); it said: %s", HELLO_NAME,
               (unsigned long)n, reply);
}

int client_main(void)
{
    struct hello_ref hello = {0};
    for (uint32_t n = 1;; n++) {
        if (!hello.found) {
            find_hello(&hello);
        }
        ask_hello(&hello, n);
        pl_sleep(CLIENT_PERIOD_TICKS);
    }
}

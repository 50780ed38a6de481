/*
 * user/demo/hello.c - the `hello` service: greets whoever asks (hello.h).
 *
 * It registers its endpoint under "hello" in the name server, then serves with the generic
 * server runtime. A restarted incarnation registers again, so the name server's registration
 * count tells clients that it came back. The name server can be restarted too, and then it
 * has forgotten every name: once a second (a deadline of the server loop) hello checks that
 * its name is still known and registers it again if not.
 */
#include <stdio.h>

#include "../../servers/names/names_client.h"
#include "env.h"
#include "hello.h"
#include "server.h"
#include "system.h"

#define CHECK_EVERY SYSTEM_TICK_HZ /* ticks between two looks at the name server */

struct hello_state {
    uint32_t greetings;
    uint64_t next_check; /* tick of the next look at the name server */
    char reply[HELLO_GREETING_MAX];
};

static int hello_on_greet(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct hello_state *s = state;
    int len = (int)(req->len < 32u ? req->len : 32u); /* the asker's name, cut to fit */
    s->greetings++;
    int n = snprintf(s->reply, sizeof(s->reply), "hello, %.*s! (greeting %lu of generation %lu)",
                     len, (const char *)req->data, (unsigned long)s->greetings,
                     (unsigned long)pl_env_generation());
    rep->data = s->reply;
    rep->len = n < (int)sizeof(s->reply) ? (uint32_t)n : sizeof(s->reply) - 1u;
    rep->w0 = s->greetings;
    return PL_OK;
}

static uint32_t hello_next_timeout(void *state)
{
    struct hello_state *s = state;
    uint64_t now = pl_env_uptime();
    return now >= s->next_check ? 0 : (uint32_t)(s->next_check - now);
}

/* Still known by name? A restarted name server has an empty table. */
static void hello_on_timeout(void *state)
{
    struct hello_state *s = state;
    uint32_t ep;
    s->next_check = pl_env_uptime() + CHECK_EVERY;
    if (names_lookup(HELLO_NAME, &ep) == PL_ENOENT) {
        int err = names_register(HELLO_NAME, EP_HELLO);
        pl_env_print("[hello] the name server forgot me; registered again: %s", pl_strerror(err));
    }
}

static void hello_init(void *state)
{
    struct hello_state *s = state;
    s->next_check = pl_env_uptime() + CHECK_EVERY;
    int err = names_register(HELLO_NAME, EP_HELLO);
    pl_env_print("[hello] registered as '%s' (endpoint %lu) in the name server: %s", HELLO_NAME,
                 (unsigned long)EP_HELLO, pl_strerror(err));
}

static struct hello_state state;
static const pl_handler handlers[HELLO_OP_COUNT] = {[HELLO_GREET] = hello_on_greet};

/* The hello service, as the task runtime (MODE=micro) or the kernel (MODE=mono) runs it. */
const struct pl_server hello_server = {
    .name = "hello",
    .init = hello_init,
    .ep = EP_HELLO,
    .handlers = handlers,
    .handler_count = HELLO_OP_COUNT,
    .state = &state,
    .next_timeout = hello_next_timeout,
    .on_timeout = hello_on_timeout,
};

int hello_main(void)
{
    pl_server_start(&hello_server);
}

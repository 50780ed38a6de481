/*
 * servers/names/names.c - the name server task: the names protocol (names.h) over the table
 * in names_table.c.
 *
 * It owns nothing but its table and answers every request at once, so the generic server
 * runtime does all the IPC. The registrant's identity is the badge the kernel attaches to
 * the request: a task cannot take over another task's name by claiming to be it.
 * Description: endpoint 'names' received by this task (entry names_main, server names_server);
 * services and clients are its senders, each with its own badge (the default one is fine).
 */
#include "names_table.h"
#include "server.h"
#include "system.h"

static int names_on_register(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    uint32_t count = 0;
    int err = names_table_register(state, req->badge, req->data, req->len, req->w0, &count);
    rep->w1 = count;
    return err;
}

static int names_on_lookup(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    return names_table_lookup(state, req->data, req->len, &rep->w0, &rep->w1);
}

static void names_init(void *state)
{
    names_table_init(state);
}

static struct names_table table;
static const pl_handler handlers[NAMES_OP_COUNT] = {
    [NAMES_REGISTER] = names_on_register,
    [NAMES_LOOKUP] = names_on_lookup,
};

/* The name server, as the task runtime (MODE=micro) or the kernel (MODE=mono) runs it. */
const struct pl_server names_server = {
    .name = "names",
    .init = names_init,
    .ep = EP_NAMES,
    .handlers = handlers,
    .handler_count = NAMES_OP_COUNT,
    .state = &table,
};

int names_main(void)
{
    pl_server_start(&names_server);
}

/*
 * tests/host/test_server_dispatch.c - user/lib/server_dispatch.c: pl_server_dispatch, the
 * pure half of the server runtime (server.h): opcode bounds, missing handlers, what a handler
 * is given and what comes back.
 */
#include <string.h>

#include "harness.h"
#include "server.h"

enum {
    OP_ECHO,
    OP_HOLE, /* no handler */
    OP_DEFER,
    OP_COUNT
};

struct fake_state {
    unsigned calls;
    struct pl_request last;
};

static int echo(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct fake_state *st = state;
    st->calls++;
    st->last = *req;
    rep->w0 = req->w1; /* swapped, so that the test sees the handler did it */
    rep->w1 = req->w0;
    return PL_ETIMEDOUT;
}

static int defer(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    (void)req, (void)rep;
    ((struct fake_state *)state)->calls++;
    return PL_SERVER_DEFER;
}

static const pl_handler handlers[OP_COUNT] = {
    [OP_ECHO] = echo,
    [OP_DEFER] = defer,
};

static struct fake_state state;
static const struct pl_server server = {
    .name = "fake",
    .handlers = handlers,
    .handler_count = OP_COUNT,
    .state = &state,
};

static struct pl_request request(uint32_t op)
{
    return (struct pl_request){.op = op, .w0 = 11, .w1 = 22, .badge = 7, .client = 0x305};
}

/* A reply full of junk, as a handler would find an uninitialised one. */
static struct pl_reply junk_reply(void)
{
    struct pl_reply rep;
    memset(&rep, 0xa5, sizeof(rep));
    return rep;
}

TEST(handler_gets_state_and_request_and_its_result_is_returned)
{
    struct pl_request req = request(OP_ECHO);
    struct pl_reply rep = junk_reply();
    CHECK_EQ(pl_server_dispatch(&server, &req, &rep), PL_ETIMEDOUT);
    CHECK_EQ(state.calls, 1);
    CHECK_EQ(state.last.badge, 7);
    CHECK_EQ(state.last.client, 0x305);
    CHECK_EQ(rep.w0, 22);
    CHECK_EQ(rep.w1, 11);
}

TEST(reply_fields_the_handler_leaves_alone_are_zero)
{
    struct pl_request req = request(OP_ECHO);
    struct pl_reply rep = junk_reply();
    pl_server_dispatch(&server, &req, &rep);
    CHECK_PTR_EQ(rep.data, NULL);
    CHECK_EQ(rep.len, 0);
}

TEST(defer_result_is_passed_through)
{
    struct pl_request req = request(OP_DEFER);
    struct pl_reply rep;
    CHECK_EQ(pl_server_dispatch(&server, &req, &rep), PL_SERVER_DEFER);
    CHECK_EQ(state.calls, 1);
}

TEST(unknown_opcode_is_einval_without_calling_a_handler)
{
    struct pl_request req = request(OP_COUNT);
    struct pl_reply rep = junk_reply();
    CHECK_EQ(pl_server_dispatch(&server, &req, &rep), PL_EINVAL);
    CHECK_EQ(state.calls, 0);
    CHECK_EQ(rep.w0, 0);
}

TEST(huge_opcode_is_einval)
{
    struct pl_request req = request(PL_LABEL_NOTIFICATION); /* a message posing as an event */
    struct pl_reply rep;
    CHECK_EQ(pl_server_dispatch(&server, &req, &rep), PL_EINVAL);
    req.op = 0x80000000u; /* negative as an int: must not index before the table */
    CHECK_EQ(pl_server_dispatch(&server, &req, &rep), PL_EINVAL);
    CHECK_EQ(state.calls, 0);
}

TEST(null_handler_is_einval)
{
    struct pl_request req = request(OP_HOLE);
    struct pl_reply rep;
    CHECK_EQ(pl_server_dispatch(&server, &req, &rep), PL_EINVAL);
    CHECK_EQ(state.calls, 0);
}

TEST(last_opcode_in_bounds_is_dispatched)
{
    struct pl_request req = request(OP_COUNT - 1);
    struct pl_reply rep;
    CHECK_EQ(pl_server_dispatch(&server, &req, &rep), PL_SERVER_DEFER);
    CHECK_EQ(state.calls, 1);
}

TEST(server_without_handler_table_answers_einval)
{
    static const struct pl_server empty = {.name = "empty", .handler_count = 3};
    struct pl_request req = request(0);
    struct pl_reply rep;
    CHECK_EQ(pl_server_dispatch(&empty, &req, &rep), PL_EINVAL);
}

TEST(handler_count_smaller_than_table_bounds_the_opcodes)
{
    struct pl_server small = server;
    small.handler_count = 1; /* only OP_ECHO is part of this protocol */
    struct pl_request req = request(OP_DEFER);
    struct pl_reply rep;
    CHECK_EQ(pl_server_dispatch(&small, &req, &rep), PL_EINVAL);
    CHECK_EQ(state.calls, 0);
}

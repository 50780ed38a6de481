/*
 * tests/host/test_mqueue_server.c - servers/mqueue/mqueue.c as a whole: its handlers through
 * pl_server_dispatch, as the runtime (or the kernel, MODE=mono) calls them, over the real
 * core and a fake seam (fake_env.c). What a client library never sends is tested here:
 * requests too short for their header, attributes past what the server carries. And the
 * server's own bookkeeping: deferred answers, hello, a refused answer, deadlines.
 */
#include <string.h>

#include "fake_env.h"
#include "harness.h"
#include "mq_core.h"
#include "mqueue.h"
#include "server.h"

extern const struct pl_server mqueue_server;

#define OWNER 7u
#define OTHER 8u

static struct pl_reply rep;

static int request(uint32_t op, uint32_t badge, uint32_t client, uint32_t w0, uint32_t w1,
                   const void *data, uint32_t len)
{
    struct pl_request req = {
        .op = op, .w0 = w0, .w1 = w1, .client = client, .badge = badge, .len = len, .data = data};
    return pl_server_dispatch(&mqueue_server, &req, &rep);
}

static void start(void)
{
    mqueue_server.init(mqueue_server.state);
}

/* mq_open of `name` by badge: the descriptor. */
static int open_as(uint32_t badge, const char *name, uint32_t oflag, uint32_t maxmsg)
{
    uint8_t buf[32];
    struct mqueue_open_req o = {maxmsg, maxmsg ? 16u : 0u, 0};
    memcpy(buf, &o, sizeof(o));
    memcpy(buf + sizeof(o), name, strlen(name));
    int err = request(MQUEUE_OPEN, badge, 0x100, oflag, MQ_MODE_ALL, buf,
                      (uint32_t)(sizeof(o) + strlen(name)));
    return err == PL_OK ? (int)rep.w0 : err;
}

static int send_as(uint32_t badge, uint32_t client, int qd, uint32_t word, uint16_t flags,
                   uint32_t deadline)
{
    uint8_t buf[sizeof(struct mqueue_send_hdr) + 4];
    struct mqueue_send_hdr h = {1, 0, flags};
    memcpy(buf, &h, sizeof(h));
    memcpy(buf + sizeof(h), &word, 4);
    return request(MQUEUE_SEND, badge, client, (uint32_t)qd, deadline, buf, sizeof(buf));
}

static int receive_as(uint32_t badge, uint32_t client, int qd, uint32_t flags, uint32_t deadline)
{
    struct mqueue_recv_req r = {flags, 0, 64};
    return request(MQUEUE_RECEIVE, badge, client, (uint32_t)qd, deadline, &r, sizeof(r));
}

TEST(short_requests_are_einval)
{
    start();
    uint8_t junk[4] = {0};
    CHECK_EQ(request(MQUEUE_OPEN, OWNER, 1, MQ_O_CREAT | MQ_O_RDWR, 0, junk, 4), PL_EINVAL);
    int qd = open_as(OWNER, "q", MQ_O_CREAT | MQ_O_RDWR, 4);
    CHECK(qd >= 0);
    CHECK_EQ(request(MQUEUE_SEND, OWNER, 1, (uint32_t)qd, 0, junk, 4), PL_EINVAL);
    CHECK_EQ(request(MQUEUE_RECEIVE, OWNER, 1, (uint32_t)qd, 0, junk, 4), PL_EINVAL);
    CHECK_EQ(request(MQUEUE_OP_COUNT, OWNER, 1, 0, 0, 0, 0), PL_EINVAL); /* unknown opcode */
}

TEST(a_message_size_past_what_the_server_carries_is_einval)
{
    start();
    uint8_t buf[32];
    struct mqueue_open_req o = {2, MQUEUE_MSG_MAX + 1u, 0};
    memcpy(buf, &o, sizeof(o));
    memcpy(buf + sizeof(o), "q", 1);
    CHECK_EQ(
        request(MQUEUE_OPEN, OWNER, 1, MQ_O_CREAT | MQ_O_RDWR, MQ_MODE_ALL, buf, sizeof(o) + 1u),
        PL_EINVAL);
    CHECK(open_as(OWNER, "q", MQ_O_CREAT | MQ_O_RDWR, 4) >= 0);
    /* opening a queue that exists: the attributes are not looked at */
    CHECK_EQ(request(MQUEUE_OPEN, OTHER, 1, MQ_O_RDWR, 0, buf, sizeof(o) + 1u), PL_OK);
}

TEST(hello_drops_what_an_earlier_life_held)
{
    start();
    int qd = open_as(OWNER, "q", MQ_O_CREAT | MQ_O_RDWR, 4);
    CHECK(qd >= 0);
    CHECK_EQ(request(MQUEUE_HELLO, OWNER, 2, 0, 0, 0, 0), PL_OK);
    CHECK_EQ(rep.w0, 1); /* one descriptor */
    CHECK_EQ(request(MQUEUE_GETATTR, OWNER, 3, (uint32_t)qd, 0, 0, 0), PL_EBADF);
}

TEST(full_queue_defers_the_sender_until_a_receive)
{
    start();
    int qd = open_as(OWNER, "q", MQ_O_CREAT | MQ_O_RDWR, 1);
    CHECK_EQ(send_as(OWNER, 0x10, qd, 1, 0, 0), PL_OK);
    CHECK_EQ(send_as(OWNER, 0x11, qd, 2, 0, 0), PL_SERVER_DEFER);
    CHECK_EQ(fake_env.replies, 0);
    CHECK_EQ(receive_as(OTHER, 0x12, open_as(OTHER, "q", MQ_O_RDWR, 0), 0, 0), PL_OK);
    CHECK_EQ(rep.len, 4);
    CHECK_EQ(fake_env.replies, 1); /* the blocked sender, answered */
    CHECK_EQ(fake_env.reply[0].client, 0x11);
    CHECK_EQ(fake_env.reply[0].status, PL_OK);
}

TEST(nonblocking_descriptor_answers_eagain)
{
    start();
    int qd = open_as(OWNER, "q", MQ_O_CREAT | MQ_O_RDWR | MQ_O_NONBLOCK, 1);
    CHECK_EQ(receive_as(OWNER, 0x10, qd, 0, 0), PL_EAGAIN);
    CHECK_EQ(send_as(OWNER, 0x11, qd, 1, 0, 0), PL_OK);
    CHECK_EQ(send_as(OWNER, 0x12, qd, 2, 0, 0), PL_EAGAIN);
}

TEST(deferred_receive_gets_the_message_with_its_priority)
{
    start();
    int rq = open_as(OWNER, "q", MQ_O_CREAT | MQ_O_RDWR, 4);
    CHECK_EQ(receive_as(OWNER, 0x10, rq, 0, 0), PL_SERVER_DEFER);
    CHECK_EQ(send_as(OTHER, 0x11, open_as(OTHER, "q", MQ_O_WRONLY, 0), 0xabcd, 0, 0), PL_OK);
    CHECK_EQ(fake_env.replies, 1);
    CHECK_EQ(fake_env.reply[0].client, 0x10);
    CHECK_EQ(fake_env.reply[0].len, 4);
    uint32_t word;
    memcpy(&word, fake_env.reply[0].data, 4);
    CHECK_EQ(word, 0xabcd);
}

TEST(a_refused_answer_reclaims_the_dead_client)
{
    start();
    int rq = open_as(OWNER, "q", MQ_O_CREAT | MQ_O_RDWR, 4);
    CHECK_EQ(receive_as(OWNER, 0x10, rq, 0, 0), PL_SERVER_DEFER);
    fake_env.dead_client = 0x10;
    CHECK_EQ(send_as(OTHER, 0x11, open_as(OTHER, "q", MQ_O_WRONLY, 0), 1, 0, 0), PL_OK);
    CHECK_EQ(fake_env.reply[0].refused, 1);
    CHECK_EQ(request(MQUEUE_GETATTR, OWNER, 0x12, (uint32_t)rq, 0, 0, 0), PL_EBADF);
}

TEST(timed_receive_expires_at_its_deadline)
{
    start();
    fake_env.now = 100;
    int qd = open_as(OWNER, "q", MQ_O_CREAT | MQ_O_RDWR, 4);
    CHECK_EQ(mqueue_server.next_timeout(mqueue_server.state), PL_WAIT_FOREVER);
    CHECK_EQ(receive_as(OWNER, 0x10, qd, MQUEUE_TIMED, 110), PL_SERVER_DEFER);
    CHECK_EQ(mqueue_server.next_timeout(mqueue_server.state), 10);
    fake_env.now = 110;
    CHECK_EQ(mqueue_server.next_timeout(mqueue_server.state), 0);
    mqueue_server.on_timeout(mqueue_server.state);
    CHECK_EQ(fake_env.replies, 1);
    CHECK_EQ(fake_env.reply[0].status, PL_ETIMEDOUT);
    CHECK_EQ(mqueue_server.next_timeout(mqueue_server.state), PL_WAIT_FOREVER);
}

TEST(a_deadline_already_past_is_etimedout_at_once)
{
    start();
    fake_env.now = 100;
    int qd = open_as(OWNER, "q", MQ_O_CREAT | MQ_O_RDWR, 4);
    CHECK_EQ(receive_as(OWNER, 0x10, qd, MQUEUE_TIMED, 90), PL_ETIMEDOUT);
}

/* ---- mq_notify: the owner (badge OWNER) is task 7, waiter of notification 1; OTHER is task
 * 8, waiter of notification 2 (tests/host/server_system/system.h) */

#define OWNER_CALL(n) PL_TASK_ID(7u, n) /* reply handles: the task index in bits 0-7 */
#define OTHER_CALL(n) PL_TASK_ID(8u, n)

static int notify_as(uint32_t badge, uint32_t client, int qd, uint32_t cookie)
{
    return request(MQUEUE_NOTIFY, badge, client, (uint32_t)qd, cookie, NULL, 0);
}

static void notify_start(void)
{
    start();
    memset(&fake_env, 0, sizeof(fake_env));
}

TEST(notify_only_on_the_askers_own_notification)
{
    notify_start();
    int qd = open_as(OWNER, "nq", MQ_O_CREAT | MQ_O_RDWR, 4);
    CHECK(qd >= 0);
    /* a confused deputy would signal task 8's notification for task 7 */
    CHECK_EQ(notify_as(OWNER, OWNER_CALL(1), qd, MQUEUE_NOTIFY_COOKIE(2, 0)), PL_EPERM);
    /* one the server may not signal at all, one past the last, and bit 31 of its own */
    CHECK_EQ(notify_as(OWNER, OWNER_CALL(1), qd, MQUEUE_NOTIFY_COOKIE(0, 0)), PL_EPERM);
    CHECK_EQ(notify_as(OWNER, OWNER_CALL(1), qd, MQUEUE_NOTIFY_COOKIE(3, 0)), PL_EPERM);
    CHECK_EQ(notify_as(OWNER, OWNER_CALL(1), qd, MQUEUE_NOTIFY_COOKIE(1, 31)), PL_OK);
    /* the badge does not matter, the task does: a badge of task 8's from task 7 is refused */
    CHECK_EQ(notify_as(OTHER, OWNER_CALL(2), qd, MQUEUE_NOTIFY_COOKIE(2, 0)), PL_EPERM);
    CHECK_EQ(notify_as(OWNER, OWNER_CALL(1), 99, MQUEUE_NOTIFY_COOKIE(1, 0)), PL_EBADF);
    CHECK_EQ(fake_env.signals, 0);
}

TEST(notify_fires_once_when_the_empty_queue_gets_a_message)
{
    notify_start();
    int qd = open_as(OWNER, "nq", MQ_O_CREAT | MQ_O_RDWR, 4);
    int oq = open_as(OTHER, "nq", MQ_O_WRONLY, 0);
    CHECK(qd >= 0 && oq >= 0);
    CHECK_EQ(notify_as(OWNER, OWNER_CALL(1), qd, MQUEUE_NOTIFY_COOKIE(1, 3)), PL_OK);
    CHECK_EQ(send_as(OTHER, OTHER_CALL(1), oq, 42, 0, 0), PL_OK);
    CHECK_EQ(fake_env.signals, 1);
    CHECK_EQ(fake_env.signal[0].ntfn, 1);
    CHECK_EQ(fake_env.signal[0].bits, 1u << 3);
    /* removed when it fired: the queue emptied and filled again signals nothing */
    CHECK_EQ(receive_as(OWNER, OWNER_CALL(2), qd, 0, 0), PL_OK);
    CHECK_EQ(send_as(OTHER, OTHER_CALL(2), oq, 43, 0, 0), PL_OK);
    CHECK_EQ(fake_env.signals, 1);
    /* a message into a queue that is not empty signals nothing either, even after a new
     * request: only the change from empty */
    CHECK_EQ(notify_as(OWNER, OWNER_CALL(3), qd, MQUEUE_NOTIFY_COOKIE(1, 3)), PL_OK);
    CHECK_EQ(send_as(OTHER, OTHER_CALL(3), oq, 44, 0, 0), PL_OK);
    CHECK_EQ(fake_env.signals, 1);
}

TEST(notify_one_request_per_queue_removed_by_its_owner)
{
    notify_start();
    int qd = open_as(OWNER, "nq", MQ_O_CREAT | MQ_O_RDWR, 4);
    int oq = open_as(OTHER, "nq", MQ_O_RDWR, 0);
    CHECK_EQ(notify_as(OWNER, OWNER_CALL(1), qd, MQUEUE_NOTIFY_COOKIE(1, 0)), PL_OK);
    CHECK_EQ(notify_as(OTHER, OTHER_CALL(1), oq, MQUEUE_NOTIFY_COOKIE(2, 0)), PL_ESTATE);
    CHECK_EQ(notify_as(OTHER, OTHER_CALL(2), oq, MQUEUE_NOTIFY_NONE), PL_ESTATE); /* not its */
    CHECK_EQ(notify_as(OWNER, OWNER_CALL(2), qd, MQUEUE_NOTIFY_NONE), PL_OK);
    CHECK_EQ(notify_as(OTHER, OTHER_CALL(3), oq, MQUEUE_NOTIFY_COOKIE(2, 5)), PL_OK);
    CHECK_EQ(send_as(OWNER, OWNER_CALL(3), qd, 1, 0, 0), PL_OK);
    CHECK_EQ(fake_env.signals, 1);
    CHECK_EQ(fake_env.signal[0].ntfn, 2);
    CHECK_EQ(fake_env.signal[0].bits, 1u << 5);
}

TEST(notify_not_fired_when_a_receiver_is_blocked)
{
    notify_start();
    int qd = open_as(OWNER, "nq", MQ_O_CREAT | MQ_O_RDWR, 4);
    int oq = open_as(OTHER, "nq", MQ_O_RDWR, 0);
    CHECK_EQ(notify_as(OWNER, OWNER_CALL(1), qd, MQUEUE_NOTIFY_COOKIE(1, 0)), PL_OK);
    CHECK_EQ(receive_as(OTHER, OTHER_CALL(1), oq, 0, 0), PL_SERVER_DEFER);
    CHECK_EQ(send_as(OWNER, OWNER_CALL(2), qd, 7, 0, 0), PL_OK);
    CHECK_EQ(fake_env.replies, 1); /* the blocked receiver took it */
    CHECK_EQ(fake_env.signals, 0);
    /* ... and the request is still there for the next message */
    CHECK_EQ(send_as(OWNER, OWNER_CALL(3), qd, 8, 0, 0), PL_OK);
    CHECK_EQ(fake_env.signals, 1);
}

/* A server without pages (mq_pair_none.c, as in the kernel with MODE=mono): MQ_O_PAIR makes
 * an ordinary queue, served here like any other, and no page is answered. */
TEST(pair_flag_without_pages_makes_an_ordinary_queue)
{
    start();
    int qd = open_as(OWNER, "p", MQ_O_CREAT | MQ_O_RDWR | MQ_O_PAIR, 4);
    CHECK(qd >= 0);
    CHECK_EQ(rep.w1, 0); /* no page: the client stays on the server path */
    CHECK_EQ(request(MQUEUE_GETATTR, OWNER, 1, (uint32_t)qd, 0, NULL, 0), PL_OK);
    struct mq_attr a;
    memcpy(&a, rep.data, sizeof(a));
    CHECK_EQ(a.flags, 0);
    CHECK_EQ(send_as(OWNER, 1, qd, 42, 0, 0), PL_OK);
    CHECK_EQ(receive_as(OWNER, 1, qd, 0, 0), PL_OK);
    int other = open_as(OTHER, "p", MQ_O_RDWR, 0); /* no sides: anyone may open it */
    CHECK(other >= 0);
}

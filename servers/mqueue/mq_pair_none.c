/*
 * servers/mqueue/mq_pair_none.c - pair queues without pages (mq_pair.h): for a server in the
 * kernel (MODE=mono), which owns none, or an image that does not want them. MQ_O_PAIR then
 * makes an ordinary queue, served through the server like any other.
 */
#include "mq_pair.h"

void mq_pair_init(void)
{
}

int mq_pair_can_lend(void)
{
    return 0;
}

int mq_pair_create_check(uint32_t maxmsg, uint32_t msgsize)
{
    (void)maxmsg;
    (void)msgsize;
    return PL_EFULL;
}

int mq_pair_cookie_check(uint32_t cookie, uint32_t client)
{
    (void)cookie;
    (void)client;
    return PL_ESTATE;
}

int mq_pair_opened(struct mq_table *t, const struct pl_request *req, int qd, uint32_t cookie,
                   struct pl_reply *rep)
{
    (void)t;
    (void)req;
    (void)qd;
    (void)cookie;
    (void)rep;
    return PL_ESTATE; /* no queue is a pair queue here */
}

int mq_pair_holder_dead(uint32_t badge)
{
    (void)badge;
    return 0;
}

void mq_pair_sync(const struct mq_table *t)
{
    (void)t;
}

void mq_pair_count(uint32_t qi, struct mq_attr *a)
{
    (void)qi;
    (void)a;
}

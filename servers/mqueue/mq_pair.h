/*
 * servers/mqueue/mq_pair.h - the message-queue server's side of pair queues (MQ_O_PAIR,
 * docs/ipc-catalogue.md "Pair queues"): a queue with one writer task and one reader task
 * lives in a page the server lends to both, and the server only opens, closes and checks.
 *
 * Two files give it, and a description lists one of them beside mqueue.c:
 *   - mq_pair.c: the server is a task that owns pages (`pages`, PAGE_MQUEUE_0 on, one per
 *     pair queue at a time; `windows = 1`, to set a ring up and to read its count; and
 *     `caps = status`, to tell whether a side's holder still lives); it lends them with
 *     PL_SHM_KEEP, so that its own crash leaves both sides their page;
 *   - mq_pair_none.c: no pages (a server in the kernel, MODE=mono, or an image that does not
 *     want them): MQ_O_PAIR makes an ordinary queue.
 *
 * The core (mq_core.h) keeps the names, modes, descriptors and which badge holds which side;
 * this part keeps the pages, each side's task and its notification, and the cookies in the
 * page.
 */
#ifndef SERVERS_MQ_PAIR_H
#define SERVERS_MQ_PAIR_H

#include <stdint.h>

#include "mq_core.h"
#include <parley/server.h>

void mq_pair_init(void);

/* 1 if this server lends pages; 0: MQ_O_PAIR makes an ordinary queue. */
int mq_pair_can_lend(void);

/* Before a pair queue is made: PL_OK, PL_EINVAL (maxmsg messages of msgsize bytes do not fit
 * a page), PL_EFULL (no page free). */
int mq_pair_create_check(uint32_t maxmsg, uint32_t msgsize);

/* Before an open of a pair queue: PL_OK if `cookie` (struct mqueue_open_req's pair) names a
 * notification the task of reply handle `client` waits on; PL_ESTATE for 0 (the task did not
 * call mq_client_fast_use), PL_EPERM for another task's notification (its peer would be made
 * to signal that task). */
int mq_pair_cookie_check(uint32_t cookie, uint32_t client);

/* After the core opened qd on a pair queue for the request's task: the page set up (for a new
 * queue), granted to the task, its side's cookie written, rep->w1 as mqueue.h says. PL_OK, or
 * PL_EFULL / PL_ESTATE (the server then closes qd, and unlinks a queue this open made). */
int mq_pair_opened(struct mq_table *t, const struct pl_request *req, int qd, uint32_t cookie,
                   struct pl_reply *rep);

/* An open refused PL_EBUSY: 1 if the side's holder `badge` (t->busy_badge) is dead (faulted,
 * exited, or a new life that has not said hello): the server reclaims it and opens again. */
int mq_pair_holder_dead(uint32_t badge);

/* After descriptors closed (close, unlink, a client reclaimed): sides without descriptors
 * let go (their cookie cleared, the page revoked from their task), pages of queues that are
 * gone taken back. */
void mq_pair_sync(const struct mq_table *t);

/* mq_getattr of pair queue qi: curmsgs from its page. */
void mq_pair_count(uint32_t qi, struct mq_attr *a);

#endif

/*
 * servers/mqueue/mq_priv.h - what the two halves of the message-queue core share and nobody
 * else uses: the layout of a message slot and the checks and message moves that blocked
 * clients need too (mq_core.c owns the table and the messages, mq_wait.c the blocked
 * clients). The server includes mq_core.h only.
 */
#ifndef SERVERS_MQ_PRIV_H
#define SERVERS_MQ_PRIV_H

#include <stdint.h>

#include "mq_core.h"

#define DESC_INDEX_BITS 8u
#define DESC_INDEX_MASK 0xffu

/* One message slot in the arena, followed by the queue's msgsize bytes. */
struct mq_slot {
    uint32_t seq; /* arrival number */
    int32_t type;
    uint16_t len;
    uint8_t prio;
    uint8_t used;
};

/* Arrival numbers wrap: a comes before b. */
int mq_seq_before(uint32_t a, uint32_t b);

/* badge's open descriptor qd, or NULL (PL_EBADF). */
struct mq_desc *mq_desc_get(const struct mq_table *t, uint32_t badge, int qd);

/* One descriptor on q closed: an unlinked queue without descriptors is freed. */
void mq_queue_release(struct mq_queue *q);

/* The checks of a send / a receive on qd: its queue, or NULL and *err. */
struct mq_queue *mq_send_check(struct mq_table *t, uint32_t badge, int qd, const struct mq_msg *m,
                               int *err);
struct mq_queue *mq_recv_check(struct mq_table *t, uint32_t badge, int qd, struct mq_select sel,
                               uint32_t cap, int *err);

/* Queue a message (only when q->count < q->maxmsg); the message sel takes, or NULL; take it
 * (its length already known to fit buf). */
void mq_msg_put(struct mq_table *t, struct mq_queue *q, uint32_t prio, int32_t type,
                const void *data, uint32_t len);
struct mq_slot *mq_msg_pick(struct mq_table *t, const struct mq_queue *q, struct mq_select sel);
void mq_msg_take(struct mq_queue *q, struct mq_slot *s, void *buf, struct mq_msg *out);

#endif

/*
 * servers/mqueue/mq_client_pair.h - between the client library (mq_client.c) and the pair
 * queues' client side (mq_client_fast.c), which only tasks that use pair queues link:
 * mq_client_fast_use() hands mq_client.c these entry points, and until then every descriptor
 * goes to the server. Nobody else includes this file.
 */
#ifndef SERVERS_MQ_CLIENT_PAIR_H
#define SERVERS_MQ_CLIENT_PAIR_H

#include <stddef.h>
#include <stdint.h>

#include "mq_client.h"
#include "mqueue.h"

struct mq_client_pair {
    uint32_t cookie; /* struct mqueue_open_req's pair */
    /* MQUEUE_OPEN answered w1 != 0 for qd: map its page. PL_OK, or an error (qd is then
     * closed with the server). */
    int (*opened)(int qd, uint32_t w1, uint32_t oflag);
    /* The sends and receives answer for every descriptor: one that is not a pair queue's
     * goes on to the server (mq_client_send_server, mq_client_receive_server), so that
     * mq_client.c's mq_send and mq_receive are one jump into here. */
    int (*send)(int qd, const struct mqueue_send_hdr *h, uint32_t deadline, const void *msg,
                size_t len);
    int (*send_posix)(int qd, const void *msg, size_t len, uint32_t prio); /* mq_send's: lean */
    int (*receive)(int qd, const struct mqueue_recv_req *r, uint32_t deadline, void *buf,
                   uint32_t *prio, int32_t *type);
    int (*receive_posix)(int qd, void *buf, size_t cap, uint32_t *prio); /* mq_receive's */
    int (*notify)(int qd, const struct mq_notification *how); /* every descriptor, as send */
    void (*closing)(int qd);                                  /* before MQUEUE_CLOSE */
    void (*setflags)(int qd, uint32_t flags);                 /* after MQUEUE_SETFLAGS succeeded */
};

void mq_client_set_pair(const struct mq_client_pair *ops);

/* mq_client.c's send and receive through the server, for a descriptor that is not a pair
 * queue's (struct mqueue_send_hdr and mqueue_recv_req as mqueue.h; prio and type may be
 * NULL): PL_OK or the message's length, or an error. */
int mq_client_send_server(int qd, const struct mqueue_send_hdr *h, uint32_t deadline,
                          const void *msg, size_t len);
int mq_client_receive_server(int qd, const struct mqueue_recv_req *r, uint32_t deadline, void *buf,
                             uint32_t *prio, int32_t *type);
int mq_client_notify_server(int qd, const struct mq_notification *how);
/* mq_send's and mq_receive's own: POSIX's type and header, cap clamped to MQ_MSGSIZE_MAX. */
int mq_client_send_posix_server(int qd, const void *msg, size_t len, uint32_t prio);
int mq_client_receive_posix_server(int qd, void *buf, size_t cap, uint32_t *prio);

#endif

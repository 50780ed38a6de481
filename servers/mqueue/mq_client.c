/*
 * servers/mqueue/mq_client.c - the client library of the message-queue server (mq_client.h).
 *
 * Each function packs its arguments as mqueue.h says and makes one call. The endpoint and
 * whether this life of the task has said MQUEUE_HELLO are kept here, in the task's RAM: a
 * restart gives a fresh image, so a restarted task looks the server up and says hello again.
 * A task that called mq_client_fast_use (mq_client_fast.c) gives its pair queues' descriptors
 * to that file first; every other descriptor, and every task that did not, is served here.
 */
#include <string.h>

#include "mq_client.h"
#include "mq_client_pair.h"
#include "../names/names_client.h"
#include "runtime.h"
#include "server.h"

static uint32_t mqc_ep = PL_NO_EP;
static int mqc_greeted;
static const struct mq_client_pair *mqc_pair;

void mq_client_set_pair(const struct mq_client_pair *ops)
{
    mqc_pair = ops;
}

void mq_client_bind(uint32_t ep)
{
    mqc_ep = ep;
}

/* One request; on first use find the server and say hello. */
static int mqc_call(uint32_t op, uint32_t w0, uint32_t w1, const void *data, size_t len,
                    struct pl_recvd *rep, void *buf, size_t cap)
{
    if (mqc_ep == PL_NO_EP) {
        int err = names_lookup(MQUEUE_NAME, &mqc_ep);
        if (err != PL_OK) {
            mqc_ep = PL_NO_EP;
            return err;
        }
    }
    if (!mqc_greeted) {
        int err = pl_server_call(mqc_ep, MQUEUE_HELLO, 0, 0, NULL, 0, rep, NULL, 0);
        if (err != PL_OK) {
            return err;
        }
        mqc_greeted = 1;
    }
    return pl_server_call(mqc_ep, op, w0, w1, data, len, rep, buf, cap);
}

/* A name and a header in one buffer: PL_OK and *len, or PL_ENAMETOOLONG. */
static int mqc_name(const char *name, size_t *len)
{
    if (!name) {
        return PL_EINVAL;
    }
    *len = strnlen(name, MQ_NAME_MAX + 1u);
    return *len > MQ_NAME_MAX ? PL_ENAMETOOLONG : PL_OK;
}

int mq_open(const char *name, uint32_t oflag, uint32_t mode, const struct mq_attr *attr)
{
    uint8_t req[sizeof(struct mqueue_open_req) + MQ_NAME_MAX];
    struct mqueue_open_req o = {attr ? attr->maxmsg : 0u, attr ? attr->msgsize : 0u,
                                mqc_pair ? mqc_pair->cookie : 0u};
    size_t len;
    int err = mqc_name(name, &len);
    if (err != PL_OK) {
        return err;
    }
    memcpy(req, &o, sizeof(o));
    memcpy(req + sizeof(o), name, len);
    struct pl_recvd rep;
    err = mqc_call(MQUEUE_OPEN, oflag, mode, req, sizeof(o) + len, &rep, NULL, 0);
    if (err != PL_OK) {
        return err;
    }
    int qd = (int)rep.w0;
    if (rep.w1 != 0 && (!mqc_pair || (err = mqc_pair->opened(qd, rep.w1, oflag)) != PL_OK)) {
        (void)mqc_call(MQUEUE_CLOSE, (uint32_t)qd, 0, NULL, 0, &rep, NULL, 0);
        return mqc_pair ? err : PL_ESTATE;
    }
    return qd;
}

int mq_close(int qd)
{
    struct pl_recvd rep;
    if (mqc_pair) {
        mqc_pair->closing(qd); /* its page unmapped first: the server may lend it again */
    }
    return mqc_call(MQUEUE_CLOSE, (uint32_t)qd, 0, NULL, 0, &rep, NULL, 0);
}

/* mq_notify through the server (mq_client_pair.h). */
int mq_client_notify_server(int qd, const struct mq_notification *how)
{
    struct pl_recvd rep;
    if (how && how->bit > 31u) {
        return PL_EINVAL;
    }
    uint32_t cookie = how ? MQUEUE_NOTIFY_COOKIE(how->ntfn, how->bit) : MQUEUE_NOTIFY_NONE;
    return mqc_call(MQUEUE_NOTIFY, (uint32_t)qd, cookie, NULL, 0, &rep, NULL, 0);
}

int mq_notify(int qd, const struct mq_notification *how)
{
    if (mqc_pair) {
        return mqc_pair->notify(qd, how); /* a pair queue's request is kept in its page */
    }
    return mq_client_notify_server(qd, how);
}

int mq_unlink(const char *name)
{
    size_t len;
    int err = mqc_name(name, &len);
    struct pl_recvd rep;
    return err != PL_OK ? err : mqc_call(MQUEUE_UNLINK, 0, 0, name, len, &rep, NULL, 0);
}

int mq_getattr(int qd, struct mq_attr *out)
{
    struct pl_recvd rep;
    return mqc_call(MQUEUE_GETATTR, (uint32_t)qd, 0, NULL, 0, &rep, out, sizeof(*out));
}

int mq_setattr(int qd, const struct mq_attr *attr)
{
    struct pl_recvd rep;
    int err = mqc_call(MQUEUE_SETFLAGS, (uint32_t)qd, attr->flags, NULL, 0, &rep, NULL, 0);
    if (err == PL_OK && mqc_pair) {
        mqc_pair->setflags(qd, attr->flags);
    }
    return err;
}

/* A send through the server (mq_client_pair.h). */
int mq_client_send_server(int qd, const struct mqueue_send_hdr *h, uint32_t deadline,
                          const void *msg, size_t len)
{
    uint8_t req[sizeof(*h) + MQUEUE_MSG_MAX];
    if (len > MQUEUE_MSG_MAX) {
        return PL_EMSGSIZE;
    }
    memcpy(req, h, sizeof(*h));
    if (len > 0) {
        memcpy(req + sizeof(*h), msg, len); /* a bad pointer faults the caller here */
    }
    struct pl_recvd rep;
    return mqc_call(MQUEUE_SEND, (uint32_t)qd, deadline, req, sizeof(*h) + len, &rep, NULL, 0);
}

/* A send: to mq_client_fast.c once the task uses pair queues (it sends any other
 * descriptor's message through the server itself), else through the server. Inline in each
 * caller, so that a send on a pair queue is one jump from the caller's to the ring's. */
static inline __attribute__((always_inline)) int
mqc_send(int qd, const struct mqueue_send_hdr *h, uint32_t deadline, const void *msg, size_t len)
{
    if (mqc_pair) {
        return mqc_pair->send(qd, h, deadline, msg, len);
    }
    return mq_client_send_server(qd, h, deadline, msg, len);
}

/* mq_send through the server (mq_client_pair.h); out of line, so that mq_send itself has no
 * frame to set up before its jump to a pair queue's send. */
__attribute__((noinline)) int mq_client_send_posix_server(int qd, const void *msg, size_t len,
                                                          uint32_t prio)
{
    struct mqueue_send_hdr h = {1, (uint16_t)(prio > 0xffffu ? 0xffffu : prio), 0};
    return mq_client_send_server(qd, &h, 0, msg, len);
}

int mq_send(int qd, const void *msg, size_t len, uint32_t prio)
{
    if (mqc_pair) {
        return mqc_pair->send_posix(qd, msg, len, prio);
    }
    return mq_client_send_posix_server(qd, msg, len, prio);
}

int mq_timedsend(int qd, const void *msg, size_t len, uint32_t prio, uint32_t deadline)
{
    struct mqueue_send_hdr h = {1, (uint16_t)(prio > 0xffffu ? 0xffffu : prio), MQUEUE_TIMED};
    return mqc_send(qd, &h, deadline, msg, len);
}

int mq_msgsnd(int qd, int32_t type, const void *msg, size_t len)
{
    struct mqueue_send_hdr h = {type, 0, 0};
    return mqc_send(qd, &h, 0, msg, len);
}

/* A receive through the server: the message's length (>= 0) with *prio and *type (either may
 * be NULL). */
int mq_client_receive_server(int qd, const struct mqueue_recv_req *r, uint32_t deadline, void *buf,
                             uint32_t *prio, int32_t *type)
{
    struct pl_recvd rep;
    int err = mqc_call(MQUEUE_RECEIVE, (uint32_t)qd, deadline, r, sizeof(*r), &rep, buf, r->cap);
    if (err != PL_OK) {
        return err;
    }
    if (prio) {
        *prio = rep.w0;
    }
    if (type) {
        *type = (int32_t)rep.w1;
    }
    return (int)rep.len;
}

/* A receive, as mqc_send. */
static inline __attribute__((always_inline)) int mqc_receive(int qd,
                                                             const struct mqueue_recv_req *r,
                                                             uint32_t deadline, void *buf,
                                                             uint32_t *prio, int32_t *type)
{
    if (mqc_pair) {
        return mqc_pair->receive(qd, r, deadline, buf, prio, type);
    }
    return mq_client_receive_server(qd, r, deadline, buf, prio, type);
}

static inline uint32_t mqc_cap(size_t cap)
{
    return cap > MQ_MSGSIZE_MAX ? MQ_MSGSIZE_MAX : (uint32_t)cap;
}

/* mq_receive through the server, as mq_client_send_posix_server. */
__attribute__((noinline)) int mq_client_receive_posix_server(int qd, void *buf, size_t cap,
                                                             uint32_t *prio)
{
    struct mqueue_recv_req r = {0, 0, mqc_cap(cap)};
    return mq_client_receive_server(qd, &r, 0, buf, prio, NULL);
}

int mq_receive(int qd, void *buf, size_t cap, uint32_t *prio)
{
    if (mqc_pair) {
        return mqc_pair->receive_posix(qd, buf, cap, prio);
    }
    return mq_client_receive_posix_server(qd, buf, cap, prio);
}

int mq_timedreceive(int qd, void *buf, size_t cap, uint32_t *prio, uint32_t deadline)
{
    struct mqueue_recv_req r = {MQUEUE_TIMED, 0, mqc_cap(cap)};
    return mqc_receive(qd, &r, deadline, buf, prio, NULL);
}

int mq_msgrcv(int qd, int32_t type, void *buf, size_t cap, int32_t *got)
{
    struct mqueue_recv_req r = {MQUEUE_BY_TYPE, type, mqc_cap(cap)};
    return mqc_receive(qd, &r, 0, buf, NULL, got);
}

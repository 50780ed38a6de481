/*
 * servers/mqueue/mqueue.h - the message-queue server's protocol: what its clients include.
 *
 * The server (mqueue.c) registers MQUEUE_NAME in the name server; clients find its endpoint
 * there (indirect naming) and call it, usually through mq_client.h. Every request is one
 * call; the answer's label is the status (PL_OK or a negative enum pl_err). A send to a full
 * queue or a receive from an empty one is answered only when it can complete, when its
 * deadline passes (PL_ETIMEDOUT), or at once with PL_EAGAIN for an O_NONBLOCK descriptor.
 *
 * Identity is the caller's badge on the server's endpoint: a descriptor works only for the
 * badge that opened it, so every task using the server needs a badge of its own there (the
 * description's default, task index + 1, is). A task's first request of each of its lives is
 * MQUEUE_HELLO, which drops whatever an earlier life of the same badge left behind (its
 * descriptors, its blocked request): that is how the server learns of a restarted client.
 */
#ifndef SERVERS_MQUEUE_H
#define SERVERS_MQUEUE_H

#include <stdint.h>

#define MQUEUE_NAME "mqueue"

#define MQ_NAME_MAX    15u  /* longest queue name, in bytes */
#define MQ_MSGSIZE_MAX 256u /* largest message size of the core (this server: MQUEUE_MSG_MAX) */
#define MQ_PRIO_MAX    32u  /* priorities are 0 .. MQ_PRIO_MAX - 1; higher is served first */

/* mq_open's oflag: one access mode, ored with any of the flags. */
enum mq_oflag {
    MQ_O_RDONLY = 0,
    MQ_O_WRONLY = 1,
    MQ_O_RDWR = 2,
    MQ_O_ACCMODE = 3,
    MQ_O_CREAT = 0x10,
    MQ_O_EXCL = 0x20,
    MQ_O_NONBLOCK = 0x40, /* kept in the descriptor for the server: answer PL_EAGAIN */
    MQ_O_PAIR = 0x80,     /* with MQ_O_CREAT: a pair queue, one writer task and one reader
                           * task, in a page the server lends to both (mq_client.h) */
};

/* A queue's mode: who may open it for what. */
enum mq_mode {
    MQ_MODE_OWNER_READ = 0x1,
    MQ_MODE_OWNER_WRITE = 0x2,
    MQ_MODE_OTHER_READ = 0x4,
    MQ_MODE_OTHER_WRITE = 0x8,
    MQ_MODE_ALL = 0xf,
};

struct mq_attr {
    uint32_t maxmsg;  /* 1 .. MQ_MAXMSG_MAX */
    uint32_t msgsize; /* 1 .. MQ_MSGSIZE_MAX */
    uint32_t curmsgs; /* reported by mq_getattr, ignored by mq_open */
    uint32_t flags;   /* reported: MQ_O_NONBLOCK, and MQ_O_PAIR for a queue in a page */
};

enum mqueue_op {
    MQUEUE_HELLO = 0, /* -> w0 = how many things of an earlier life were dropped */
    MQUEUE_OPEN,      /* w0 = oflag (MQ_O_*), w1 = mode (MQ_MODE_*), data = struct
                       * mqueue_open_req then the name (no NUL) -> w0 = descriptor */
    MQUEUE_CLOSE,     /* w0 = descriptor */
    MQUEUE_UNLINK,    /* data = the name (no NUL) */
    MQUEUE_GETATTR,   /* w0 = descriptor -> data = struct mq_attr (4 words) */
    MQUEUE_SETFLAGS,  /* w0 = descriptor, w1 = MQ_O_NONBLOCK or 0 */
    MQUEUE_SEND,      /* w0 = descriptor, w1 = deadline tick (with MQUEUE_TIMED), data =
                       * struct mqueue_send_hdr then the message */
    MQUEUE_RECEIVE,   /* w0 = descriptor, w1 = deadline tick (with MQUEUE_TIMED), data =
                       * struct mqueue_recv_req -> data = the message, w0 = prio, w1 = type */
    MQUEUE_NOTIFY,    /* w0 = descriptor, w1 = MQUEUE_NOTIFY_COOKIE(ntfn, bit): signal that
                       * bit once when the queue goes from empty to non-empty; the asker must
                       * be the notification's waiter (else PL_EPERM). w1 = MQUEUE_NOTIFY_NONE:
                       * remove the asker's request */
    MQUEUE_OP_COUNT
};

#define MQUEUE_NOTIFY_COOKIE(ntfn, bit) ((uint32_t)(ntfn) << 5 | ((uint32_t)(bit)&31u))
#define MQUEUE_NOTIFY_NONE              0xffffffffu

/* The largest message through this server: one IPC message less the send header. Queues
 * with a larger msgsize are refused (PL_EINVAL) at creation. */
#define MQUEUE_MSG_MAX 248u

/* Flags of a send or receive. */
enum mqueue_flag {
    MQUEUE_TIMED = 0x1,   /* w1 is the tick (low 32 bits of the uptime) to give up at */
    MQUEUE_BY_TYPE = 0x2, /* receive: msgrcv's selection by `type`, not by priority */
};

struct mqueue_open_req {
    uint32_t maxmsg, msgsize; /* 0, 0: the server's defaults */
    uint32_t pair;            /* MQ_RING_COOKIE(ntfn, bit) of the opener's notification
                               * (mq_client_fast_use), or 0: it cannot open a pair queue */
};
/* MQUEUE_OPEN's answer: w0 the descriptor, w1 0 (the server path) or, for a pair queue,
 * MQUEUE_PAIR_PAGE(page) | the sides (MQUEUE_PAIR_READER, _WRITER) this descriptor holds. */
#define MQUEUE_PAIR_READER   0x10000u
#define MQUEUE_PAIR_WRITER   0x20000u
#define MQUEUE_PAIR_PAGE(w1) ((w1)&0xffffu)

struct mqueue_send_hdr {
    int32_t type;   /* >= 1 (POSIX sends 1) */
    uint16_t prio;  /* 0 .. 31 */
    uint16_t flags; /* enum mqueue_flag */
};

struct mqueue_recv_req {
    uint32_t flags; /* enum mqueue_flag */
    int32_t type;   /* with MQUEUE_BY_TYPE: 0 first, > 0 first of it, < 0 lowest <= |type| */
    uint32_t cap;   /* the receiver's buffer */
};

_Static_assert(sizeof(struct mqueue_send_hdr) + MQUEUE_MSG_MAX == 256u, "one IPC message");

#endif

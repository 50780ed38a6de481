/*
 * servers/mqueue/mq_client.h - the message-queue server's client library: POSIX-like calls
 * (mq_open, mq_send, mq_receive, their timed forms, mq_getattr, mq_setattr, mq_close,
 * mq_unlink) and System V's typed send and selective receive (mq_msgsnd, mq_msgrcv), each one
 * call to the server (mqueue.h). A task lists mq_client.c and servers/names/names_client.c
 * in its sources and needs a send right on the server's endpoint and on the name server's.
 *
 * Results are parley's: a value >= 0 on success, a negative enum pl_err on failure (no
 * errno). PL_EDEAD means the server died while the call was in it, or is down; after a
 * server restart every descriptor opened before is PL_EBADF: open again.
 *
 * The server is found by name (MQUEUE_NAME) on first use; mq_client_bind() names its endpoint
 * directly instead. The first request of each life of the task is MQUEUE_HELLO (mqueue.h).
 *
 * These names are those of POSIX; the server's core (mq_core.h) has functions of the same
 * names over its table. The two never meet: a client task does not link the core, the
 * server does not link this file.
 */
#ifndef SERVERS_MQ_CLIENT_H
#define SERVERS_MQ_CLIENT_H

#include <stddef.h>
#include <stdint.h>

#include <parley/error.h>

#include "mqueue.h"

/* Use endpoint ep for the server from now on, without asking the name server. */
void mq_client_bind(uint32_t ep);

/* A descriptor (>= 0), or PL_EINVAL, PL_ENAMETOOLONG, PL_ENOENT, PL_EEXIST, PL_EACCES,
 * PL_EFULL (no free queue or descriptor, or no room for maxmsg x msgsize). attr NULL: the
 * server's defaults; attr->msgsize at most MQUEUE_MSG_MAX. */
int mq_open(const char *name, uint32_t oflag, uint32_t mode, const struct mq_attr *attr);
int mq_close(int qd);
int mq_unlink(const char *name);
int mq_getattr(int qd, struct mq_attr *out);
/* Only attr->flags is used: MQ_O_NONBLOCK or 0. */
int mq_setattr(int qd, const struct mq_attr *attr);

/* PL_OK, or PL_EBADF, PL_EMSGSIZE, PL_EINVAL, PL_EAGAIN (O_NONBLOCK and full). Blocks while
 * the queue is full. */
int mq_send(int qd, const void *msg, size_t len, uint32_t prio);
/* The same, giving up with PL_ETIMEDOUT at tick `deadline` (low 32 bits of pl_uptime()); a
 * deadline already past is PL_ETIMEDOUT unless there is room now. */
int mq_timedsend(int qd, const void *msg, size_t len, uint32_t prio, uint32_t deadline);

/* The message's length (>= 0) and *prio (if not NULL), or PL_EBADF, PL_EMSGSIZE (cap below the
 * queue's msgsize), PL_EAGAIN (O_NONBLOCK and empty). Blocks while the queue is empty. */
int mq_receive(int qd, void *buf, size_t cap, uint32_t *prio);
int mq_timedreceive(int qd, void *buf, size_t cap, uint32_t *prio, uint32_t deadline);

/* System V: a message of `type` (>= 1) at priority 0; a receive by type (0: the first,
 * > 0: the first of that type, < 0: the first of the lowest type <= |type|), *got the type
 * taken. A chosen message longer than cap is PL_EMSGSIZE and stays queued. */
int mq_msgsnd(int qd, int32_t type, const void *msg, size_t len);

/* mq_notify: signal bit `bit` of notification `ntfn` once, when the queue goes from empty to
 * non-empty and no receiver is blocked waiting (that receiver takes the message instead).
 * The request is removed when it fires; how == NULL removes it before. One request per
 * queue: another's is PL_ESTATE. ntfn must be one the caller waits on, and the server must
 * be among its signalers in the description: else PL_EPERM. PL_EBADF as usual. */
struct mq_notification {
    uint32_t ntfn; /* NTFN_<NAME> of system.h */
    uint32_t bit;  /* 0 .. 31 */
};
int mq_notify(int qd, const struct mq_notification *how);
int mq_msgrcv(int qd, int32_t type, void *buf, size_t cap, int32_t *got);

/* Pair queues (docs/ipc-catalogue.md, "Pair queues"). A queue created with MQ_O_PAIR by a
 * server that owns pages lives in a page the server lends to its one writer task and one
 * reader task: sends and receives are loads and stores there, the peers wake each other with
 * notifications, and the server is asked only to open, close and check. A task lists
 * servers/mqueue/mq_client_fast.c and servers/mqueue/mq_ring.c and calls this once before it
 * opens one: `windows` windows of its own from `window` on (one per pair queue open at a
 * time; nothing else may use them) and a notification bit it waits on (whose signalers
 * include its peers' tasks; bits it does not ask for stay untouched). PL_EINVAL for a bit
 * above 31 or windows not in 1 .. MQ_CLIENT_PAIR_MAX.
 *
 * After a server restart, the first send or receive on a descriptor opened before answers
 * PL_EBADF (the kernel changes a word of the task's poll mirror; each send and receive
 * compares it and asks the server once it moved), as on any queue; so does a side that was
 * asleep, at once (the kernel ends its wait).
 *
 * On a pair queue, as on any: priorities, msgsnd/msgrcv by type, O_NONBLOCK, the timed
 * calls, mq_getattr (flags has MQ_O_PAIR). Different: an open that would give a second task
 * the reader side (RDONLY or RDWR) or the writer side (WRONLY or RDWR) is PL_EBUSY while
 * the holder lives; an open by a task that did not call this is PL_ESTATE, one naming a
 * notification the task does not wait on PL_EPERM, one with no window free PL_EFULL.
 * mq_notify on a pair queue is kept in the page, not by the server: only a descriptor with
 * the reader side may make it (else PL_EBADF), on the notification and bit given here (else
 * PL_EINVAL: the writer's task signals it); it fires at the writer's next send whether or not
 * the queue was empty, once; a new request replaces the last (the task cannot tell whether it
 * fired), NULL removes it (PL_ESTATE if none), a close of the descriptor that made it too; a
 * receive that waits takes the message and the request stays. A server without pages
 * (MODE=mono) makes an ordinary queue of MQ_O_PAIR. */
#define MQ_CLIENT_PAIR_MAX 4u
int mq_client_fast_use(uint32_t window, uint32_t windows, uint32_t ntfn, uint32_t bit);

#endif

/*
 * servers/mqueue/mq_core.h - the message-queue server's portable half: a fixed table of named
 * queues with POSIX semantics (mq_open, mq_send/mq_receive with priorities, mq_getattr,
 * mq_close, mq_unlink, mq_notify), System V's selective receive by type (msgrcv), and the
 * clients blocked on each queue.
 *
 * Nothing here makes a system call. The server task (not built yet) turns each request into
 * one call below, answers at once or defers the caller, and after every request calls
 * mq_progress() until it reports nothing more, answering each client it names. The host tests
 * (tests/host/test_mq_core.c) drive it the same way. There is no malloc: every table is sized
 * by the #defines below, and message storage comes from one arena of MQ_ARENA_BYTES.
 *
 * Rules (docs/ipc-catalogue.md, "Message queues"):
 *   - identity is the badge the kernel attaches to each request; a descriptor belongs to the
 *     badge that opened it, and any other badge using it gets PL_EBADF;
 *   - a queue belongs to the badge that created it; its mode (MQ_MODE_*) says what the owner
 *     and everybody else may open it for; an open asking for more is PL_EACCES (the creating
 *     open itself is not checked against the mode, as in POSIX);
 *   - mq_receive takes the highest priority first, FIFO among equal priorities; the typed
 *     receive (msgrcv) looks at arrival order only: type 0 = the first message, type > 0 =
 *     the first of that type, type < 0 = the first of the lowest type <= |type|;
 *   - a send to a full queue is PL_EFULL and a receive from an empty one (or with no message
 *     of the type asked for) PL_EAGAIN: the server then blocks the client (mq_wait_send,
 *     mq_wait_receive) or, for an O_NONBLOCK descriptor, answers PL_EAGAIN;
 *   - blocked senders are served in arrival order, each as soon as there is room; blocked
 *     receivers in arrival order among those for which a message is there; a slot freed by a
 *     receive goes to the first blocked sender before any new request is taken, so nobody
 *     overtakes a blocked sender;
 *   - mq_unlink removes the name at once; the queue and its messages live on until the last
 *     descriptor on it is closed;
 *   - mq_reclaim forgets everything of a dead client: its waits, its descriptors and its
 *     notification request.
 */
#ifndef SERVERS_MQ_CORE_H
#define SERVERS_MQ_CORE_H

#include <stddef.h>
#include <stdint.h>

#include <parley/error.h>

#include "mqueue.h" /* the flags, modes and attributes clients use too */

#define MQ_MAX_QUEUES 8u  /* queues alive at one time (named or unlinked but open) */
#define MQ_MAX_DESCS  16u /* open descriptors, all clients together; at most 256 */
/* MQ_NAME_MAX, MQ_MSGSIZE_MAX and MQ_PRIO_MAX are in mqueue.h: clients need them too */
#define MQ_MAX_WAITERS  8u    /* clients blocked in a send or receive, all queues together */
#define MQ_MAXMSG_MAX   32u   /* most messages one queue may hold */
#define MQ_ARENA_BYTES  4096u /* message storage shared by all queues */
#define MQ_DEF_MAXMSG   8u    /* attributes when the creator gives none */
#define MQ_DEF_MSGSIZE  64u
#define MQ_INSTANCE_MAX 0x7fffffu /* descriptors carry the server's instance in bits 8..30 */

_Static_assert(MQ_MAX_DESCS <= 256u, "a descriptor's index is its low 8 bits");

/* A message: what a send gives, what a receive fills in (data is the caller's buffer). */
struct mq_msg {
    uint32_t prio; /* 0 .. MQ_PRIO_MAX - 1 */
    int32_t type;  /* System V type, >= 1 (POSIX clients send 1) */
    uint32_t len;  /* 0 .. the queue's msgsize */
    void *data;
};

/* Which message a receive takes. */
enum mq_select_kind {
    MQ_SEL_PRIO, /* mq_receive: highest priority, FIFO within it */
    MQ_SEL_TYPE, /* msgrcv: by type, in arrival order (see the header comment) */
};

struct mq_select {
    enum mq_select_kind kind;
    int32_t type; /* MQ_SEL_TYPE only; INT32_MIN is PL_EINVAL (|type| would overflow) */
};

/* When a blocked client gives up (the server reports it through mq_expire). */
enum mq_deadline_kind {
    MQ_FOREVER,
    MQ_UNTIL, /* at the tick `at`; one already past (at <= now) is PL_ETIMEDOUT at once */
};

struct mq_deadline {
    enum mq_deadline_kind kind;
    uint32_t at;
};

enum mq_notify_req {
    MQ_NOTIFY_ARM,    /* tell me (once) when the queue goes from empty to non-empty */
    MQ_NOTIFY_DISARM, /* forget my request */
};

/* What mq_progress / mq_expire ask the server to do. */
enum mq_wake_kind {
    MQ_WAKE_SENT,     /* answer `client` status: its blocked send is done (or failed) */
    MQ_WAKE_RECEIVED, /* answer `client` status with msg: its blocked receive is done */
    MQ_WAKE_NOTIFY,   /* signal `badge`'s notification with `cookie`: no client to answer */
    MQ_WAKE_TIMEDOUT, /* answer `client` PL_ETIMEDOUT: its deadline passed */
};

struct mq_wakeup {
    enum mq_wake_kind kind;
    uint32_t client; /* the reply handle the server gave when it blocked the client */
    uint32_t badge;
    int status;      /* PL_OK, or PL_EMSGSIZE for a typed receive whose match is too long */
    uint32_t cookie; /* MQ_WAKE_NOTIFY: what the client asked to be signalled with */
    uint32_t prio;   /* MQ_WAKE_RECEIVED: the message */
    int32_t type;    /*   " */
    uint32_t len;    /*   " */
    uint8_t data[MQ_MSGSIZE_MAX];
};

/* ---- the tables (the tests look inside; the server does not) ---- */

enum mq_qstate {
    MQ_Q_FREE,
    MQ_Q_NAMED,    /* found by its name */
    MQ_Q_UNLINKED, /* nameless; freed when its last descriptor closes */
};

struct mq_queue {
    enum mq_qstate state;
    char name[MQ_NAME_MAX + 1]; /* NUL-terminated; empty once unlinked */
    uint32_t owner;             /* badge of the creator */
    uint32_t mode;              /* enum mq_mode bits */
    uint32_t maxmsg, msgsize;
    uint32_t arena_off, arena_len; /* its slots in the arena */
    uint32_t count;                /* messages queued */
    uint32_t next_seq;             /* arrival number of the next message (wraps) */
    uint32_t opens;                /* descriptors open on it */
    uint32_t notify_badge;         /* registrant, if notify_armed */
    uint32_t notify_cookie;
    uint8_t notify_armed;
    uint8_t became_nonempty; /* a message went into an empty queue since mq_progress looked */
    uint8_t pair;            /* MQ_O_PAIR: its messages are in a page (the server's mq_pair.c),
                              * never in the arena; sends, receives and mq_notify here are
                              * PL_ESTATE */
};

enum mq_dstate {
    MQ_D_FREE,
    MQ_D_OPEN,
};

struct mq_desc {
    enum mq_dstate state;
    uint32_t queue; /* index in queues[] */
    uint32_t badge; /* who opened it: only it may use it */
    uint32_t oflag; /* access mode and MQ_O_NONBLOCK */
};

enum mq_wait_kind {
    MQ_W_FREE,
    MQ_W_SEND,
    MQ_W_RECV,
};

struct mq_waiter {
    enum mq_wait_kind kind;
    uint32_t queue, desc, badge, client;
    uint32_t seq; /* arrival order among all waiters (wraps) */
    struct mq_deadline deadline;
    struct mq_select sel; /* MQ_W_RECV */
    uint32_t cap;         /* MQ_W_RECV: the client's buffer */
    uint32_t prio;        /* MQ_W_SEND: the message it waits to put */
    int32_t type;
    uint32_t len;
    uint8_t data[MQ_MSGSIZE_MAX];
};

struct mq_table {
    struct mq_queue queues[MQ_MAX_QUEUES];
    struct mq_desc descs[MQ_MAX_DESCS];
    struct mq_waiter waiters[MQ_MAX_WAITERS];
    uint32_t instance; /* part of every descriptor: old descriptors are PL_EBADF */
    uint32_t wait_seq;
    uint32_t now;        /* ticks; the server sets it before each request */
    uint32_t busy_badge; /* who holds the side of the last open refused PL_EBUSY */
    uint32_t arena[MQ_ARENA_BYTES / 4u];
};

/* Start empty. `instance` (0 .. MQ_INSTANCE_MAX) must differ from the one before a restart
 * (the server's generation will do), so that descriptors of the old server are refused. */
void mq_init(struct mq_table *t, uint32_t instance);

/* Open (or with MQ_O_CREAT create) the queue `name` (len bytes, printable ASCII). attr NULL:
 * MQ_DEF_MAXMSG x MQ_DEF_MSGSIZE. Returns a descriptor (>= 0) or: PL_EINVAL (empty or bad
 * name, unknown oflag or mode bits, attributes out of range), PL_ENAMETOOLONG, PL_ENOENT (no
 * such name, no MQ_O_CREAT), PL_EEXIST, PL_EACCES, PL_EFULL (no free descriptor or queue, or
 * no room in the arena for maxmsg x msgsize). */
int mq_open(struct mq_table *t, uint32_t badge, const char *name, size_t len, uint32_t oflag,
            uint32_t mode, const struct mq_attr *attr);
/* Pair queues (MQ_O_PAIR with MQ_O_CREAT: the queue is made without arena space, its messages
 * are the server's to keep in a page). An open of a pair queue is also PL_EBUSY when another
 * badge holds a side it asks for (the reader side for RDONLY and RDWR, the writer side for
 * WRONLY and RDWR): t->busy_badge then names the holder, for the server to tell whether it
 * still lives. */

/* The badge holding pair queue qi's reader side (writer 0) or writer side (writer 1), by the
 * descriptors open on it, or 0. */
uint32_t mq_side_holder(const struct mq_table *t, uint32_t qi, int writer);
/* The queue index of the name (as mq_open would find it), or -1. */
int mq_find(const struct mq_table *t, const char *name, size_t len);
/* The queue index of badge's descriptor qd and its access mode (*acc, if not NULL), or
 * PL_EBADF. */
int mq_desc_queue(const struct mq_table *t, uint32_t badge, int qd, uint32_t *acc);

/* Close; a queue unlinked and now without descriptors is freed. Ends the badge's notification
 * request on that queue. PL_EBADF; PL_ESTATE while a wait on the descriptor is recorded. */
int mq_close(struct mq_table *t, uint32_t badge, int qd);

/* Remove the name (owner only: PL_EACCES). PL_EINVAL, PL_ENAMETOOLONG, PL_ENOENT. */
int mq_unlink(struct mq_table *t, uint32_t badge, const char *name, size_t len);

int mq_getattr(const struct mq_table *t, uint32_t badge, int qd, struct mq_attr *out);

/* Set or clear MQ_O_NONBLOCK on a descriptor (other bits: PL_EINVAL). */
int mq_setflags(struct mq_table *t, uint32_t badge, int qd, uint32_t flags);

/* Queue a copy of msg. PL_EBADF (also: not open for writing), PL_EMSGSIZE, PL_EINVAL (prio or
 * type out of range), PL_EFULL (the queue is full: block or PL_EAGAIN). */
int mq_send(struct mq_table *t, uint32_t badge, int qd, const struct mq_msg *msg);

/* Take a message into buf (cap bytes): *out gets prio, type, len and data = buf. PL_EBADF
 * (also: not open for reading), PL_EINVAL (bad selector), PL_EMSGSIZE (MQ_SEL_PRIO: cap below
 * the queue's msgsize; MQ_SEL_TYPE: the chosen message is longer than cap and stays queued),
 * PL_EAGAIN (nothing to take: block or answer PL_EAGAIN). */
int mq_receive(struct mq_table *t, uint32_t badge, int qd, struct mq_select sel, void *buf,
               uint32_t cap, struct mq_msg *out);

/* Block `client` (the server's reply handle) in a send that found the queue full: the message
 * is kept here and queued as soon as there is room (mq_progress reports MQ_WAKE_SENT). Errors
 * as mq_send, and PL_ESTATE (the queue is not full, or `client` already waits), PL_EFULL (no
 * free waiter), PL_ETIMEDOUT (deadline already past). */
int mq_wait_send(struct mq_table *t, uint32_t badge, int qd, uint32_t client,
                 const struct mq_msg *msg, struct mq_deadline dl);

/* Block `client` in a receive that found nothing; errors as mq_receive, and PL_ESTATE (a
 * message for it is there, or `client` already waits), PL_EFULL, PL_ETIMEDOUT. */
int mq_wait_receive(struct mq_table *t, uint32_t badge, int qd, uint32_t client,
                    struct mq_select sel, uint32_t cap, struct mq_deadline dl);

/* The next thing to do after a change, or 0 when there is none: 1 and *w filled. Blocked
 * senders first (queue by queue), then blocked receivers, then the notification. */
int mq_progress(struct mq_table *t, struct mq_wakeup *w);

/* A blocked client whose deadline is at or before t->now: 1 and *w (MQ_WAKE_TIMEDOUT), its
 * wait forgotten; 0 when none. */
int mq_expire(struct mq_table *t, struct mq_wakeup *w);

/* The earliest deadline of a blocked client: 1 and *at, or 0 when nobody has one. */
int mq_next_deadline(const struct mq_table *t, uint32_t *at);

/* Forget the wait of `client` (it gave up some other way). PL_ENOENT if it does not wait. */
int mq_cancel(struct mq_table *t, uint32_t client);

/* Arm: one registrant per queue (anyone else, or arming twice, is PL_ESTATE); the badge must
 * have the descriptor open. Disarm: only the registrant (PL_ESTATE otherwise). The request
 * ends when it fires, on disarm, and when the registrant closes the queue or is reclaimed. */
int mq_notify(struct mq_table *t, uint32_t badge, int qd, enum mq_notify_req req, uint32_t cookie);

/* A client died: drop its waits, close its descriptors, end its notification requests.
 * Returns how many of those there were. */
uint32_t mq_reclaim(struct mq_table *t, uint32_t badge);

#endif

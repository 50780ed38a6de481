/*
 * servers/mqueue/mq_ring.h - a message queue laid out in one block of memory (a page the
 * message-queue server lends to a pair queue's one writer task and one reader task), with
 * POSIX priorities and System V's selection by type, and no server on a send or a receive
 * (docs/ipc-catalogue.md, "Pair queues").
 *
 * Layout: a struct mq_ring header (16 words) followed by maxmsg slots of slot_size bytes. A
 * slot is a struct mq_ring_slot (8 bytes) followed by msgsize bytes of data; slot_size is
 * 8 + msgsize rounded up to a multiple of 4. Each header word has exactly one writer:
 *
 *   word                          written by    meaning
 *   magic, maxmsg, msgsize        the server    set once by mq_ring_init; checked by attach
 *   head                          the writer    messages put, as an index 0 .. 2*maxmsg-1
 *   tail                          the reader    messages taken, as an index 0 .. 2*maxmsg-1
 *   reader_waits, writer_waits    that side     a token while it sleeps (or is about to)
 *   reader_cookie, writer_cookie  the server    how to wake that side's task (MQ_RING_COOKIE),
 *                                               0 while no task holds the side
 *   reserved[0], reserved[1]      that side     the reader's, the writer's last token, kept
 *                                               after it wakes (a new life seeds from it)
 *
 * Indices run over 2*maxmsg values, so head == tail is empty and a count of maxmsg is full
 * without a slot kept empty; message i is in slot i mod maxmsg.
 *
 * The slots from tail to head, in arrival order, belong to the reader, which may move them:
 * a receive that takes a message other than the first moves the ones before it one slot
 * later and then advances tail, so arrival order stays and the writer's slots are never
 * touched. mq_receive's rule (highest priority, first among equal) and msgrcv's rules by type
 * are those of the server's core (mq_core.h).
 *
 * Memory-ordering rule: an index is published only after the slots it covers (release), read
 * before them (acquire), through pl_order.h (compiler fences on one core). Sleeping is
 * pipe_ring.h's flag-then-recheck handshake with tokens: the side that found nothing to do
 * (mq_ring_get's PL_EAGAIN, mq_ring_put's PL_EFULL) writes a new token into its *_waits word,
 * issues a full barrier and looks whether the other side's index moved since that failed
 * look; the other side publishes its index, issues a full barrier and reads the word. A token
 * seeds from the page at attach (the side's last token in reserved[], else its *_waits word),
 * so a new life of a side does not reuse a token its peer may have recorded as signalled:
 * not after a life that died asleep, nor after one that woke (its word 0) and left.
 *
 * Neither side trusts the other: every index and every slot's length read from the page is
 * read once into a local and checked before use; the geometry is the one checked at attach
 * and never read from the page again. A ring whose indices or lengths are out of range
 * answers PL_ESTATE and moves nothing: a peer can spoil the messages, never make the other
 * side touch memory outside the block.
 */
#ifndef SERVERS_MQ_RING_H
#define SERVERS_MQ_RING_H

#include <stdint.h>

#include <parley/error.h>

#define MQ_RING_MAGIC       0x4d51524eu /* "MQRN" */
#define MQ_RING_MAXMSG_MAX  32u         /* as the server's MQ_MAXMSG_MAX */
#define MQ_RING_MSGSIZE_MAX 256u        /* as mqueue.h's MQ_MSGSIZE_MAX */
#define MQ_RING_PRIO_MAX    32u         /* priorities 0 .. 31, as MQ_PRIO_MAX */

/* A side's notification, as the server writes it: never 0 for a held side. */
#define MQ_RING_COOKIE(ntfn, bit) (((uint32_t)(ntfn) << 5 | ((uint32_t)(bit)&31u)) + 1u)
#define MQ_RING_COOKIE_NTFN(c)    (((c)-1u) >> 5)
#define MQ_RING_COOKIE_BIT(c)     (((c)-1u) & 31u)

struct mq_ring {
    uint32_t magic;
    uint32_t maxmsg;
    uint32_t msgsize;
    uint32_t head;
    uint32_t tail;
    uint32_t reader_waits;
    uint32_t writer_waits;
    uint32_t reader_cookie;
    uint32_t writer_cookie;
    uint32_t reserved[7]; /* [0], [1]: the reader's, the writer's last token; the rest 0 */
    uint8_t slots[];
};

struct mq_ring_slot {
    uint16_t len;
    uint8_t prio;
    uint8_t reserved;
    int32_t type;
    /* then msgsize bytes */
};

enum mq_ring_side {
    MQ_RING_READER,
    MQ_RING_WRITER,
};

/* Which message a receive takes: mq_receive's (by priority) or msgrcv's (by type). */
enum mq_ring_sel {
    MQ_RING_BY_PRIO,
    MQ_RING_BY_TYPE,
};

/* The bytes a ring of maxmsg messages of msgsize bytes needs (header included). */
uint32_t mq_ring_bytes(uint32_t maxmsg, uint32_t msgsize);

/* Server: set a ring up in `bytes` bytes at `mem` (word aligned): PL_OK, or PL_EINVAL for a
 * misaligned block, maxmsg not in 1 .. MQ_RING_MAXMSG_MAX, msgsize not in
 * 1 .. MQ_RING_MSGSIZE_MAX, or mq_ring_bytes() larger than `bytes`. Cookies start at 0. */
int mq_ring_init(void *mem, uint32_t bytes, uint32_t maxmsg, uint32_t msgsize);

/* One side's (or the server's) handle on a ring. Geometry copied at attach. */
struct mq_ring_view {
    struct mq_ring *ring;
    uint32_t maxmsg, msgsize, slot_size;
    uint32_t seen;         /* the other side's index at this side's last failed get / put */
    uint32_t token[2];     /* by enum mq_ring_side: that side's last sleep */
    uint32_t signalled[2]; /* by enum mq_ring_side: the other side's sleep last signalled */
    uint32_t armed[2];     /* by enum mq_ring_side: a request stands (mq_ring_arm) */
    /* The reader's summary of the priorities held, so that a receive by priority with many
     * messages held finds the highest without reading every slot each time: each message's
     * priority is read from the page once, as it is counted, and kept here. */
    uint32_t tail;                        /* the tail this reader last published */
    uint32_t counted;                     /* messages from tail up to here are counted */
    uint32_t prio_bits;                   /* the priorities among them */
    uint8_t prio[MQ_RING_MAXMSG_MAX];     /* by slot: a counted message's priority */
    uint8_t prio_count[MQ_RING_PRIO_MAX]; /* how many counted messages have it */
};

/* Attach to the block at mem (bytes long, as mapped): PL_OK and *v if it is a ring as
 * mq_ring_init left it (magic, geometry within the limits and within `bytes`, indices in
 * range, count at most maxmsg), else PL_ESTATE. */
int mq_ring_attach(struct mq_ring_view *v, void *mem, uint32_t bytes);

/* Messages held (0 .. maxmsg), or PL_ESTATE. Any side, the server too (mq_getattr). */
int mq_ring_count(const struct mq_ring_view *v);

/* Writer: queue one message. PL_OK; PL_EFULL (maxmsg held: v->seen is then the tail seen);
 * PL_EMSGSIZE (len > msgsize); PL_EINVAL (prio >= MQ_RING_PRIO_MAX, type < 1, or len > 0
 * with data NULL); PL_ESTATE (spoilt indices). */
int mq_ring_put(struct mq_ring_view *v, uint32_t prio, int32_t type, const void *data,
                uint32_t len);

/* Reader: take the message `sel` chooses (BY_TYPE with `type` as msgrcv: 0 the first,
 * > 0 the first of that type, < 0 the first of the lowest type <= |type|), copy it to buf
 * and return its length, *prio and *type set (either may be NULL). PL_EAGAIN: none (empty,
 * or none of that type: v->seen is then the head seen); PL_EMSGSIZE: BY_PRIO with cap below
 * msgsize (nothing looked at), or BY_TYPE with the chosen message longer than cap (it stays);
 * PL_EINVAL: BY_TYPE with type INT32_MIN; PL_ESTATE: spoilt indices or a slot whose length
 * is above msgsize (nothing taken). */
int mq_ring_get(struct mq_ring_view *v, enum mq_ring_sel sel, int32_t type, void *buf, uint32_t cap,
                uint32_t *prio, int32_t *got_type);

/* The sleeping handshake (see the top). prepare_sleep sets the side's flag to a new token
 * and returns 1 if it may sleep now (the other side's index is still v->seen), else clears
 * the flag and returns 0; woken clears it. should_signal: after a put (the reader) or a get
 * (the writer) succeeded, must the other side's task be woken? 1 once per token of its
 * sleep, 0 while it does not sleep. */
int mq_ring_prepare_sleep(struct mq_ring_view *v, enum mq_ring_side side);
void mq_ring_woken(struct mq_ring_view *v, enum mq_ring_side side);
/* A request that stands (mq_notify on a pair queue): the other side signals this side's task
 * once at its next put (the reader) or get (the writer), whether or not this side sleeps
 * then. arm sets the flag to a new token without prepare_sleep's second look; until disarm,
 * a sleep that ends (woken, or prepare_sleep that finds the index moved) leaves a new token
 * in the flag instead of 0, so the request outlives the sleeps that share its word. disarm
 * clears the flag. */
void mq_ring_arm(struct mq_ring_view *v, enum mq_ring_side side);
void mq_ring_disarm(struct mq_ring_view *v, enum mq_ring_side side);
int mq_ring_should_signal(struct mq_ring_view *v, enum mq_ring_side other);

/* The cookie of side's task (0: nobody holds it): read by the other side to wake it. */
uint32_t mq_ring_cookie(const struct mq_ring_view *v, enum mq_ring_side side);
/* Server: write side's cookie (at an open of the side, and 0 when it is let go). */
void mq_ring_set_cookie(const struct mq_ring_view *v, enum mq_ring_side side, uint32_t cookie);

#endif

/*
 * tests/qemu/mq_pair/pairtest.h - the orders the pair-queue test's judge gives its actors w, r
 * and x (actor.c), and the stream run's message and tally. Each actor keeps one descriptor per
 * queue name (an index into pt_names); an order names the queue by that index. Statuses are
 * what the client library gave: a value >= 0 or a negative enum pl_err.
 */
#ifndef TESTS_QEMU_PAIRTEST_H
#define TESTS_QEMU_PAIRTEST_H

#include <stdint.h>

enum pt_op {
    PT_OPEN = 1, /* a = name, b = oflag | maxmsg << 8 | msgsize << 16 (0: 8 and 16), every
                  * mode bit -> status = descriptor or error */
    PT_SEND,     /* a = name, b = prio | tag << 8: the 4-byte message `tag` */
    PT_SEND_LEN, /* a = name, b = length of a message of 'x' */
    PT_TSEND,    /* a = name, b = ticks from now (signed): timed send of tag 0 */
    PT_RECV,     /* a = name, b = buffer -> status = length, a = prio, b = tag */
    PT_TRECV,    /* a = name, b = ticks from now (signed) -> as PT_RECV */
    PT_MSGSND,   /* a = name, b = type: the message is the type */
    PT_MSGRCV,   /* a = name, b = type (int32) -> status = length, a = type taken, b = tag */
    PT_CLOSE,    /* a = name */
    PT_UNLINK,   /* a = name */
    PT_NONBLOCK, /* a = name, b = 1 set, 0 clear (mq_setattr) */
    PT_GETATTR,  /* a = name -> a = curmsgs, b = maxmsg | msgsize << 8 | flags << 16 */
    PT_NOTIFY,   /* a = name, b = 1: mq_notify on the actor's own notification (bit 0, the
                  * one its pair queues wake it by), 2: on bit 1 of it, 0: remove */
    PT_USE,      /* mq_client_fast_use(0, a windows, b = 0: the actor's own notification,
                  * 1: a peer's it does not wait on, bit 0) */
    PT_STREAM_W, /* a = name, b = messages: send them, random priorities seeded by b */
    PT_STREAM_R, /* a = name, b = messages: take them -> data = struct pt_tally */
    PT_SPOIL,    /* a = PT_AT_*: the word of the page to write, b = the value -> a = the old
                  * value (finds the page: see actor.c) */
    PT_POLL,     /* -> status = bit 0 of the actor's own notification (1: it was signalled),
                  * taken */
};

/* PT_SPOIL's places: a header word of struct mq_ring, or a slot's length. */
enum pt_at {
    PT_AT_HEAD = 3,      /* struct mq_ring's word 3 */
    PT_AT_TAIL = 4,      /* word 4 */
    PT_AT_SLOT0_LEN = 16 /* slot 0's struct mq_ring_slot (len, its low half-word) */
};

#define PT_NAMES 4u
static const char *const pt_names[PT_NAMES] = {"p0", "p1", "p2", "p3"};

#define PT_MSGSIZE 16u /* the default queue's message size */
#define PT_MAXMSG  8u  /* and its length */

/* One message of the stream: its number, its priority (as the writer drew it) and a check. */
struct pt_stream_msg {
    uint32_t seq, prio, check, pad;
};

/* What the reader saw: count, the sums of the numbers and of their squares (a loss and a
 * duplicate cannot cancel out), messages out of order within their priority, damaged ones
 * (check, length or a priority that is not the one sent), and the first error. */
struct pt_tally {
    uint32_t count, sum, sumsq, out_of_order, bad;
    int32_t err;
};

static inline uint32_t pt_check(uint32_t seq, uint32_t prio)
{
    return (seq * 0x9e3779b9u) ^ (prio * 0x85ebca6bu) ^ 0xa5a5a5a5u;
}

/* The stream's priorities: a small generator both sides could run; only the writer does. */
static inline uint32_t pt_next_rand(uint32_t *s)
{
    *s = *s * 1664525u + 1013904223u;
    return *s >> 16;
}

#endif

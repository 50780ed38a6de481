/*
 * tests/qemu/mqueue/mqtest.h - the orders the judge gives the actors of this image, and the
 * stress run's message and report layouts. Each actor keeps one descriptor per queue name
 * (an index into mqt_names); an order names the queue by that index.
 */
#ifndef TESTS_QEMU_MQTEST_H
#define TESTS_QEMU_MQTEST_H

#include <stdint.h>

enum mqt_op {
    MQT_OPEN,      /* a = name, b = oflag | mode << 8 (attr 4 x 32) -> status = qd or error */
    MQT_OPEN_ATTR, /* a = name, b = maxmsg | msgsize << 16: O_CREAT | O_RDWR, every mode bit */
    MQT_OPEN_LONG, /* a name of 16 characters */
    MQT_SEND,      /* a = name, b = prio | tag << 8: the 4-byte message `tag` */
    MQT_SEND_LEN,  /* a = name, b = length of a message of 'x' */
    MQT_TSEND,     /* a = name, b = ticks from now (signed): timed send of tag 0 */
    MQT_RECV,      /* a = name, b = buffer -> status = length, a = prio, b = tag */
    MQT_TRECV,     /* a = name, b = ticks from now (signed) -> as MQT_RECV */
    MQT_MSGSND,    /* a = name, b = type: the message is the type */
    MQT_MSGRCV,    /* a = name, b = type (int32) -> status = length, a = type taken, b = tag */
    MQT_CLOSE,     /* a = name */
    MQT_CLOSE_QD,  /* a = a descriptor number as it is */
    MQT_SEND_QD,   /* a = a descriptor number as it is */
    MQT_UNLINK,    /* a = name */
    MQT_NONBLOCK,  /* a = name, b = 1 set, 0 clear */
    MQT_GETATTR,   /* a = name -> a = curmsgs, b = maxmsg | msgsize << 16 | flags << 31 */
    MQT_SEND_FROM, /* a = name, b = address: send 4 bytes from there */
    MQT_RECV_INTO, /* a = name, b = address: receive into there */
    MQT_STRESS_W,  /* a = writer number, b = messages: send them to "stress" */
    MQT_STRESS_R,  /* read "stress" until a stop message -> data = struct mqt_tally */
    MQT_NOTIFY,    /* a = name, b = ntfn | bit << 8 (ntfn MQT_NO_NTFN: remove): mq_notify */
    MQT_NTFN_POLL, /* a = the actor's own notification -> a = the bits it had (taken) */
};

#define MQT_NO_NTFN 0xffu

#define MQT_NAMES 10u
static const char *const mqt_names[MQT_NAMES] = {"q0", "q1", "q2", "q3", "q4",
                                                 "q5", "q6", "q7", "q8", "stress"};
#define MQT_STRESS_Q 9u

#define MQT_WRITERS   4u
#define MQT_STOP      0xffffffffu /* a stress message's writer field: the reader stops */
#define MQT_STRESS_SZ 16u

struct mqt_stress_msg {
    uint32_t writer, seq, check, pad;
};

/* What one reader saw of each writer: how many messages, the sums of their sequence numbers
 * and of their squares (so a loss and a duplicate cannot cancel out), and faults. */
struct mqt_tally {
    uint32_t count[MQT_WRITERS], sum[MQT_WRITERS], sumsq[MQT_WRITERS];
    uint32_t out_of_order, bad_check;
};

static inline uint32_t mqt_check(uint32_t writer, uint32_t seq)
{
    return (writer * 0x9e3779b9u) ^ (seq * 0x85ebca6bu) ^ 0x5a5a5a5au;
}

#endif

/*
 * tests/qemu/ipc_endpoint/endpoint.h - what the endpoint actors and their judge agree on: the
 * orders, the test message, and how a received message is reported.
 *
 * Every test message is a function of its length and a sequence number, so that whoever
 * receives it (and the judge, from the report) can tell exactly what arrived: label, words,
 * and each byte. A reply is a different function of the request, so that a client can tell
 * its own reply from someone else's and from an echo.
 */
#ifndef TESTS_QEMU_IPC_ENDPOINT_H
#define TESTS_QEMU_IPC_ENDPOINT_H

#include <stdint.h>

#include "parley.h"

/* Orders (struct qc_order.op). ARG packs a sequence number and a byte length into `a`. */
enum ep_op {
    OP_SEND = 1,        /* send the test message ARG(seq, len) on EP_PIPE, timeout b */
    OP_RECV,            /* recv on EP_PIPE with capacity a, timeout b; report what arrived */
    OP_CALL,            /* call EP_SVC with the test message ARG(seq, len), timeout b */
    OP_CALL_SMALL,      /* the same with a reply buffer of only SMALL_CAP bytes */
    OP_SERVE,           /* recv one call on EP_SVC (capacity a), reply b bytes; report request */
    OP_SERVE_OVERSIZE,  /* recv one call, reply 257 bytes (refused), then a proper reply */
    OP_HOLD,            /* recv one call on EP_SVC and keep it unanswered; report it and, in
                           a, the number of the slot it is kept in */
    OP_REPLY_HELD,      /* answer the call held in slot a with b bytes */
    OP_REPLY_RECV_HELD, /* answer slot a by pl_reply_recv (registers only), then hold the next
                           call like OP_HOLD */
    OP_REPLY_ID,        /* pl_reply to task id a with b bytes, holding no call from it */
    OP_REPLY_RECV_ID,   /* the same with pl_reply_recv (registers only), then recv on EP_PIPE */
    OP_LOOP,            /* serve a calls with pl_reply_recv, expecting badge b; report how many
                           requests were as expected */
    OP_CALLS,           /* make a calls to EP_SVC; report how many replies were right */
    OP_LOOP_REGS,       /* OP_LOOP and OP_CALLS with messages in registers only: no bytes, no */
    OP_CALLS_REGS,      /* buffers, the case the kernel's IPC fast path takes (ipc/fastpath.c) */
};

#define ARG(seq, len) (((uint32_t)(seq) << 16) | (uint32_t)(len))
#define ARG_SEQ(a)    ((a) >> 16)
#define ARG_LEN(a)    ((a)&0xffffu)

/* The test message with sequence number seq and len bytes. */
#define MSG_LABEL(len) (0x1abe0000u | (uint32_t)(len))
#define MSG_W0(seq)    (0x5e000000u | (uint32_t)(seq))
#define MSG_W1(seq)    (~MSG_W0(seq))
#define MSG_BYTE(i)    ((uint8_t)((i)*7u + 3u))
#define MAX_LEN        260u /* room for the oversized (257-byte) messages */

/* The reply to a request: label and words transformed, bytes from another pattern. */
#define REPLY_LABEL(req_label) ((req_label) ^ 0x80000000u)
#define REPLY_BYTE(i)          ((uint8_t)((i)*5u + 1u))

/* Receive buffers: SEEN_BYTES long, filled with FILL before each receive, so that the judge
 * sees which bytes the kernel wrote. */
#define SEEN_BYTES 32u
#define FILL       0xeeu
#define SMALL_CAP  8u

/* What a receiver reports as data: the message's registers and its whole buffer. */
struct seen {
    struct pl_recvd in;
    uint8_t buf[SEEN_BYTES];
};

#endif

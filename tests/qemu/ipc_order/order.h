/*
 * tests/qemu/ipc_order/order.h - orders and report layouts shared by the ordering actors and
 * their judge.
 */
#ifndef TESTS_QEMU_IPC_ORDER_H
#define TESTS_QEMU_IPC_ORDER_H

#include <stdint.h>

enum order_op {
    OP_CALL1 = 1, /* one call to EP_SVC; the reply is reported */
    OP_SERVE_N,   /* receive a calls on EP_SVC, holding them, then answer them all; report the
                     badges in the order the calls arrived */
    OP_RECV1,     /* receive one message on EP_POOL; report its w0 */
    OP_SEND3,     /* send three messages (w0 = 1, 2, 3) on EP_POOL */
    OP_WORK,      /* pool worker: serve EP_POOL until the stop notification; report tallies */
    OP_LOOP,      /* serve a calls on EP_ONE with pl_reply_recv; report tallies */
    OP_CALLS,     /* a = endpoint | badge << 8, b = count: calls with seq 0..b-1 */
};

#define CLIENTS   4u  /* c1..c4, badges 1..4 on pool and one */
#define K         24u /* calls per client in the pool cases (fits a 32-bit seen mask) */
#define SERVE_MAX 8u

#define CALLS_ARG(ep, badge) ((uint32_t)(ep) | (uint32_t)(badge) << 8)

/* Request of client `badge`, number seq: w0 = seq, w1 = a check word; the reply echoes seq in
 * w0 and the badge the server saw in w1. */
#define REQ_W1(seq) (0xc0de0000u ^ (uint32_t)(seq))

/* What a server of the pool cases reports: which request numbers of each client it answered,
 * how many it saw twice, and how many were malformed. */
struct tally {
    uint32_t seen[CLIENTS]; /* bit seq of seen[badge - 1] */
    uint32_t served, dups, bad;
};

#endif

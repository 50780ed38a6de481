/*
 * tests/bench/servers/bench_servers.h - what the bench task and its partner agree on: the
 * names of the FIFOs and queues, and the sizes.
 */
#ifndef BENCH_SERVERS_H
#define BENCH_SERVERS_H

#define BS_STREAM         "stream" /* bench writes, partner reads and drops */
#define BS_PING           "ping"   /* bench writes 16 bytes, partner reads them ... */
#define BS_PONG           "pong"   /* ... and writes them back here */
#define BS_MQ_PING        "mping"  /* the same with queues */
#define BS_MQ_PONG        "mpong"
#define BS_MQP_PING       "mpping" /* the same with pair queues (MQ_O_PAIR) */
#define BS_MQP_PONG       "mppong"
#define BS_MQP_ALONE      "mpalone"  /* mq_uncontended_16B: the bench's own pair queue */
#define BS_MQP_STREAM     "mpstream" /* mq_stream_16B: bench -> partner, drained */
#define BS_MQP_STREAM_MAX 32u        /* its maxmsg */
#define BS_MQP_BIT        1u /* the pair queues' bit of each side's notification (the pipe's is 0) */
#define BS_SHM_MAP        "bmap" /* shm_map: one page mapped and unmapped */
#define BS_SHM_FX         "bfx"  /* futex_wake_wait: word 0 bench -> partner, word 1 back */
#define BS_CHUNK          4096u  /* bytes per write() of the stream */
#define BS_SMALL          16u
#define BS_PIPE_CAP       1024u /* the largest pipe buffer (PIPE_CAP_MAX) */
#define BS_FAST_WINDOW                                                                             \
    4u /* the bench's window for the stream pipe's page (bench_shm takes all                       \
        * of them later, once the stream is closed) */

#define BS_SHM_SYNC   "bsync"   /* the synchronisation benchmarks' object (bench_sync.c) */
#define BS_SHMQ_ALONE "bqalone" /* shmq_uncontended_16B: the bench's own queue */
#define BS_SHMQ_PING  "bqping"  /* shmq_send_recv_16B: bench -> partner */
#define BS_SHMQ_PONG  "bqpong"  /* ... and back */
#define BS_SHMQ_SLOTS 8u

#include "../../../servers/shm/sync.h"

/* The object of bench_sync.c and sync_partner.c. */
struct bs_sync {
    uint32_t ready; /* set by the bench once the objects below are initialised */
    sem_t alone;    /* the bench's own: uncontended */
    struct mutex lock;
    sem_t ping, pong; /* bench -> partner, partner -> bench */
};

#endif

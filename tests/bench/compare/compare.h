/*
 * tests/bench/compare/compare.h - what the meter and the peer of `make ipc-compare` agree on:
 * the sizes, the rounds, the names of the FIFOs and queues, and the order of the jobs.
 */
#ifndef BENCH_COMPARE_H
#define BENCH_COMPARE_H

#define CMP_SMALL 16u   /* bytes of the small message */
#define CMP_LARGE 4096u /* bytes of the large one */
#define CMP_CHUNK 256u  /* the most one endpoint message or pipe write carries */
/* The most one queue message carries: MQUEUE_MSG_MAX, as 8 bytes of a request go to its header.
 * The server makes no larger pair queue either, though a page would hold messages of 256
 * (MQ_RING_MSGSIZE_MAX). */
#define CMP_MQ_CHUNK 248u
#define CMP_WARM     5u    /* rounds before the measured ones, on both sides */
#define CMP_ROUNDS   200u  /* measured rounds per mechanism and size */
#define CMP_FIFO_CAP 1024u /* the largest pipe buffer (PIPE_CAP_MAX) */
#define CMP_MQ_DEPTH 8u    /* messages of the data queue (2 KiB of the server's 4 KiB arena) */

#define CMP_FIFO_TO   "cmp.to"   /* meter writes N bytes, the peer reads them ... */
#define CMP_FIFO_BACK "cmp.back" /* ... and writes one byte back here */
#define CMP_MQ_TO     "cmp.mto"
#define CMP_SEM_OBJ   "cmp.sem" /* the semaphores' object: two pages (the header, then data) */
#define CMP_MQ_BACK   "cmp.mback"
#define CMP_MQP_TO    "cmp.pto" /* the same two queues again as pair queues (MQ_O_PAIR) */
#define CMP_MQP_BACK  "cmp.pback"
#define CMP_MQP_BIT   1u /* the pair queues' bit of to_peer and to_meter (bit 0: the other jobs') */
#define CMP_MQP_ACK   1u /* the pair queues' answer: one byte, as the server queue's */

/* Labels of the meter's calls on the echo endpoint: the data, and a switch of jobs. */
enum cmp_label {
    CMP_DATA = 1, /* bytes for the peer: it answers with an empty reply */
    CMP_NEXT = 2, /* w0 = the job the peer does next (enum cmp_job) */
};

/* The jobs, in the order the meter runs them; the peer serves each until told the next. */
enum cmp_job {
    CMP_JOB_ENDPOINT,     /* calls on echo (served by the peer's receive loop) */
    CMP_JOB_NOTIFICATION, /* to_peer -> to_meter, no data */
    CMP_JOB_SHM,          /* bytes in the meter's page, then to_peer; to_meter back */
    CMP_JOB_SEM,          /* bytes in a shared object, sem_post(full); sem_post(empty) back */
    CMP_JOB_SIGNAL,       /* SIGUSR1 to the peer, SIGUSR2 back; no data */
    CMP_JOB_FIFO,         /* N bytes on CMP_FIFO_TO, one byte back on CMP_FIFO_BACK */
    CMP_JOB_MQ,           /* N bytes in messages of CMP_MQ_CHUNK on CMP_MQ_TO, one back */
    CMP_JOB_MQ_PAIR,      /* the same on pair queues CMP_MQP_TO and CMP_MQP_BACK */
    CMP_JOB_DONE,
};

#include "../../../servers/shm/sync.h"

/* The semaphore job's object: its semaphores, then the bytes. */
struct cmp_sem {
    sem_t full, empty;
    uint32_t pad[6];
    uint8_t data[CMP_LARGE];
};

#endif

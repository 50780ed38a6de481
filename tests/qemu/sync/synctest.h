/*
 * tests/qemu/sync/synctest.h - what the judge and the actors of the synchronisation test agree
 * on: the orders (each one call of servers/shm/sync.h) and the shared object they work in.
 */
#ifndef TESTS_QEMU_SYNCTEST_H
#define TESTS_QEMU_SYNCTEST_H

#include <stdint.h>

#include "../../../servers/shm/shmq.h"
#include "../../../servers/shm/sync.h"

#define SYT_OBJECT "sync" /* the shared-memory object every actor maps read-write */

/* The object: one semaphore, two mutexes, one condition variable. */
struct syt_shared {
    sem_t sem;
    struct mutex m, m2;
    struct cond c;
    struct mutex mc; /* a priority-ceiling mutex */
};

enum syt_op {
    SYT_MAP = 1,     /* a = 1: create the object and initialise everything in it; else open */
    SYT_SEM_INIT,    /* a = the value */
    SYT_SEM_WAIT,    /* a = timeout in ticks (0: for ever) */
    SYT_SEM_TRY,     /* sem_trywait */
    SYT_SEM_POST,    /* sem_post */
    SYT_SEM_VALUE,   /* sem_getvalue -> report's a */
    SYT_SEM_DESTROY, /* sem_destroy */
    SYT_LOCK,        /* a = 0: m, 1: m2; b = timeout (0: mutex_lock) */
    SYT_TRYLOCK,     /* a as SYT_LOCK */
    SYT_UNLOCK,      /* a as SYT_LOCK */
    SYT_CONSISTENT,  /* mutex_consistent(m) */
    SYT_MUTEX_INIT,  /* mutex_init(m) */
    SYT_COND_WAIT,   /* lock m (a = 0) or m2 (a = 1), cond_wait(c, it), report its result, unlock */
    SYT_COND_SIGNAL, /* lock m, cond_signal (b = 0) or cond_broadcast (b = 1), unlock */
    SYT_CEIL_INIT,   /* mutex_init_ceiling(mc, a) */
    SYT_CEIL_LOCK,   /* mutex_lock(mc) */
    SYT_CEIL_UNLOCK, /* mutex_unlock(mc) */
    SYT_NAMED_OPEN,  /* a = slot (0, 1): sem_open(SYT_NAMED, O_CREAT, all, 0) into it */
    SYT_NAMED_POST,  /* a = slot: sem_post of what sem_open gave it */
    SYT_NAMED_VALUE, /* a = slot: sem_getvalue -> report's a */
    SYT_NAMED_CLOSE, /* a = slot: sem_close (the slot keeps the address) */
    SYT_NAMED_UNLINK,
    SYT_Q_OPEN, /* shmq_open(SYT_QUEUE), a = 1: create it */
    SYT_Q_SEND, /* send the word a (4 bytes); b = 1: shmq_trysend; a = SYT_Q_BIG: 9 bytes */
    SYT_Q_RECV, /* receive into a buffer of a bytes (0: 8); b = 1: shmq_tryreceive;
                   report's a = the first word, b = the length */
};

#define SYT_NAMED "twice" /* the named semaphore one task opens twice */

#define SYT_QUEUE       "q" /* the message queue (servers/shm/shmq.h) */
#define SYT_QUEUE_SLOTS 2u
#define SYT_QUEUE_SIZE  8u
#define SYT_Q_BIG       0xb16u

#endif

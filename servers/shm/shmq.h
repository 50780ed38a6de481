/*
 * servers/shm/shmq.h - a bounded queue of fixed-size messages in a named shared-memory object
 * (shm_client.h), between tasks that trust each other: an uncontended send or receive never
 * leaves the task; the shared-memory server's futexes (futex.h) only block and wake.
 *
 * The design (docs/ipc-catalogue.md, "Message queues in shared memory"): a ring of `slots`
 * cells (a power of two), each a sequence word, a length and `slot_size` bytes, with two
 * free-running positions, `tail` (the next cell to fill) and `head` (the next to empty), as
 * in D. Vyukov's bounded MPMC queue. A cell at position p is free for the sender of p when
 * its sequence reads p, full for the receiver of p when it reads p + 1; a sender claims p with
 * one compare-and-swap of `tail`, copies the message in and publishes it by storing p + 1; a
 * receiver claims with a compare-and-swap of `head`, copies out and frees the cell by storing
 * p + slots. Many senders and many receivers are safe; no lock is taken, so an uncontended
 * send or receive is a compare-and-swap, a copy and a store.
 *
 * Blocking: receivers sleep on the word `rx_ev`, senders on `tx_ev`, each a count with a
 * SLEEPERS bit (bit 31). A task that finds the ring empty (full) sets SLEEPERS, looks again,
 * and sleeps on the word while it is unchanged; a sender (receiver) that publishes a cell
 * reads the other side's word after a full barrier and, only if SLEEPERS is set, bumps the
 * count, clears the bit and wakes every sleeper. Either the publisher sees the bit or the
 * sleeper's second look sees the cell: no wake-up is lost. (The barriers are the arch's
 * pl_order.h: on Cortex-M, one core, compiler fences that cost no instruction.)
 *
 * Results are parley's: PL_OK or a negative enum pl_err. Timeouts are ticks (PL_WAIT_FOREVER:
 * none; 0: do not block, PL_ETIMEDOUT when the queue is full or empty); a sleep that is woken
 * but loses the cell to another task sleeps again for up to the same number of ticks.
 *
 * Rules:
 *   - messages come out in the order their sends claimed cells (FIFO; per sender, the order
 *     of its sends). No priorities, no selective receive;
 *   - a message longer than slot_size is PL_EMSGSIZE (nothing sent); a receive buffer shorter
 *     than the first message is PL_EMSGSIZE and leaves it in the queue;
 *   - trysend at full and tryreceive at empty are PL_EAGAIN; timed ones PL_ETIMEDOUT;
 *   - protection is per object, not per message: every task that maps it may read and change
 *     every message and the ring. What the library reads from the object is checked before
 *     it is used (a length past slot_size, a position that makes no progress, a wrong magic:
 *     PL_ESTATE), and every cell address comes from the geometry copied into the task's own
 *     struct shmq at open, so a corrupted object never makes the library write outside it. A
 *     corrupted ring may still look full or empty for ever (callers wait until their timeout);
 *   - a sender or receiver that dies between its claim and its store leaves that cell
 *     claimed: the ring stops there (for trusted tasks; use timeouts where that matters);
 *   - the shared-memory server restarted: a blocked call returns PL_EDEAD at once and touches
 *     the object no more (its page is gone; any later access faults). Open it again.
 */
#ifndef SERVERS_SHM_SHMQ_H
#define SERVERS_SHM_SHMQ_H

#include <stdint.h>

#include <parley/error.h>

#define SHMQ_NAME_MAX  13u   /* bytes of name; "q." makes the object name at most 15 */
#define SHMQ_OPEN_MAX  4u    /* queues open at once in one task */
#define SHMQ_SLOTS_MAX 256u  /* slots: a power of two, 1 .. SHMQ_SLOTS_MAX */
#define SHMQ_SIZE_MAX  1024u /* slot_size: 1 .. SHMQ_SIZE_MAX bytes */

/* The object's first words; the cells follow. */
struct shmq_header {
    uint32_t magic;     /* SHMQ_MAGIC once the creator has set the queue up */
    uint32_t setup;     /* a robust lock word over the creator's set-up */
    uint32_t slots;     /* as created */
    uint32_t slot_size; /* as created */
    uint32_t tail;      /* the next position to fill */
    uint32_t head;      /* the next position to empty */
    uint32_t rx_ev;     /* receivers sleep on it: a count, SHMQ_SLEEPERS */
    uint32_t tx_ev;     /* senders sleep on it */
};

struct shmq_cell {
    uint32_t seq; /* p: free for the sender of p; p + 1: full for the receiver of p */
    uint32_t len; /* bytes of the message */
    /* then slot_size bytes, rounded up to a word */
};

/* A queue as one task sees it: its mapping and the geometry read once at open. */
struct shmq {
    struct shmq_header *hdr; /* NULL: a free entry of the task's table */
    uint8_t *cells;
    uint32_t mask; /* slots - 1 */
    uint32_t slot_size;
    uint32_t stride; /* bytes per cell */
    uint32_t length; /* bytes mapped */
    int handle;      /* the shm object's */
};

#define SHMQ_MAGIC    0x53484d51u /* "SHMQ" */
#define SHMQ_SLEEPERS 0x80000000u

/* The bytes of the object of a queue of that geometry. */
uint32_t shmq_object_size(uint32_t slots, uint32_t slot_size);

/* Open (oflag 0) or create (O_CREAT, O_CREAT|O_EXCL) the queue "q.<name>" (a leading '/' is
 * dropped) of `slots` messages of up to `slot_size` bytes. mode as for shm_open. The first
 * creator sets the queue up under a robust lock in the object, as sem_open does; an opener
 * finds it set up, or PL_ENOENT without O_CREAT. slots and slot_size must be the creator's
 * (PL_EINVAL otherwise, or for slots not a power of two, 0, or past the maxima). Errors also
 * those of shm_open, shm_ftruncate and shm_mmap; PL_ENAMETOOLONG past SHMQ_NAME_MAX;
 * PL_EFULL past SHMQ_OPEN_MAX open in this task. One shmq_close per shmq_open. */
int shmq_open(const char *name, int oflag, unsigned mode, uint32_t slots, uint32_t slot_size,
              struct shmq **out);
int shmq_close(struct shmq *q); /* PL_EINVAL if q is not open in this task */
int shmq_unlink(const char *name);

int shmq_send(struct shmq *q, const void *msg, uint32_t len);
int shmq_trysend(struct shmq *q, const void *msg, uint32_t len); /* PL_EAGAIN when full */
int shmq_timedsend(struct shmq *q, const void *msg, uint32_t len, uint32_t timeout);

/* *len_out: the message's length. */
int shmq_receive(struct shmq *q, void *buf, uint32_t cap, uint32_t *len_out);
int shmq_tryreceive(struct shmq *q, void *buf, uint32_t cap, uint32_t *len_out); /* EAGAIN */
int shmq_timedreceive(struct shmq *q, void *buf, uint32_t cap, uint32_t *len_out, uint32_t timeout);

#endif

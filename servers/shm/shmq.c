/*
 * servers/shm/shmq.c - the message queue in shared memory of shmq.h: the ring (claim with a
 * compare-and-swap, copy, publish with a store), its blocking half over the shm server's
 * futexes, and the named object it lives in (open, set-up, close, unlink).
 *
 * Every cell address is computed from the task's own copy of the geometry (struct shmq),
 * never from the object, and every word read from the object is checked before it decides
 * anything that could write: a position is only ever masked, a length is compared with the
 * slot size before any copy.
 */
#include <fcntl.h>
#include <stddef.h>
#include <string.h>

#include <parley.h> /* PL_WAIT_FOREVER, PL_SHM_*: constants only */

#include "futex.h"
#include "pl_order.h" /* the arch's memory orders: no DMB on one core */
#include "shm_client.h"
#include "shmq.h"
#include "sync.h" /* sync_self() */

#define WAKE_ALL   UINT32_MAX
#define WAIT_NEVER 0u
#define HEADER     ((uint32_t)sizeof(struct shmq_header))
#define CELL       ((uint32_t)sizeof(struct shmq_cell))

/* The task-local table of open queues (the host test makes it thread-local). */
#ifndef SHMQ_TASK_LOCAL
#define SHMQ_TASK_LOCAL
#endif

#define FAST static inline __attribute__((always_inline))

static SHMQ_TASK_LOCAL struct shmq opened[SHMQ_OPEN_MAX];

/* A cell's sequence word is read sequentially consistent, so that a sleeper's second look is
 * ordered after it set its bit. On Cortex-M every order here costs no instruction (pl_order.h). */
FAST int claim(uint32_t *pos_word, uint32_t pos)
{
    return pl_cas_acquire(pos_word, pos, pos + 1u);
}

FAST struct shmq_cell *cell_at(const struct shmq *q, uint32_t pos)
{
    return (struct shmq_cell *)(q->cells + (pos & q->mask) * q->stride);
}

FAST uint8_t *cell_data(struct shmq_cell *c)
{
    return (uint8_t *)(c + 1);
}

/* ---- Waking ---- */

/* After a publish: the other side's sleepers, if any, are woken. */
static void wake(uint32_t *ev)
{
    uint32_t v;
    do {
        v = pl_load_relaxed(ev);
    } while (!pl_cas_seq(ev, v, (v + 1u) & ~SHMQ_SLEEPERS));
    (void)futex_wake((volatile uint32_t *)ev, WAKE_ALL);
}

/* Publish a cell (its sequence word := seq) and wake the other side if it sleeps. Both are
 * sequentially consistent, as is the sleeper's setting of its bit before it looks again: of
 * two such pairs one sees the other's first step (the publisher the bit, or the sleeper the
 * cell), so no wake-up is lost. */
FAST void publish(uint32_t *seq_word, uint32_t seq, uint32_t *ev)
{
    pl_store_seq(seq_word, seq);
    if (pl_load_seq(ev) & SHMQ_SLEEPERS) {
        wake(ev);
    }
}

/* ---- The ring ---- */

FAST int hdr_ok(const struct shmq *q)
{
    return pl_load_relaxed(&q->hdr->magic) == SHMQ_MAGIC;
}

/* One attempt to send: shmq_trysend's body, inlined into shmq_send too, so the common path
 * of a send pays one call, not two. */
FAST int ring_send(struct shmq *q, const void *msg, uint32_t len)
{
    if (len > q->slot_size) {
        return PL_EMSGSIZE;
    }
    struct shmq_header *h = q->hdr;
    if (!hdr_ok(q)) {
        return PL_ESTATE;
    }
    uint32_t pos = pl_load_relaxed(&h->tail);
    for (;;) {
        struct shmq_cell *c = cell_at(q, pos);
        int32_t dif = (int32_t)(pl_load_seq(&c->seq) - pos);
        if (dif == 0) {
            if (claim(&h->tail, pos)) {
                pl_store_relaxed(&c->len, len);
                memcpy(cell_data(c), msg, len);
                publish(&c->seq, pos + 1u, &h->rx_ev);
                return PL_OK;
            }
        } else if (dif < 0) {
            return PL_EAGAIN; /* the cell still holds a message of the last lap: full */
        }
        uint32_t next = pl_load_relaxed(&h->tail);
        if (next == pos && dif > 0) {
            return PL_ESTATE; /* a cell ahead of a tail that does not move: corrupted */
        }
        pos = next;
    }
}

/* The message of a full cell whose sequence was read with acquire: its length, checked. */
FAST int message_len(const struct shmq *q, struct shmq_cell *c, uint32_t cap, uint32_t *len)
{
    *len = pl_load_relaxed(&c->len);
    if (*len > q->slot_size) {
        return PL_ESTATE;
    }
    return *len > cap ? PL_EMSGSIZE : PL_OK;
}

/* One attempt to receive: shmq_tryreceive's body, inlined into shmq_receive too. */
FAST int ring_receive(struct shmq *q, void *buf, uint32_t cap, uint32_t *len_out)
{
    struct shmq_header *h = q->hdr;
    if (!hdr_ok(q)) {
        return PL_ESTATE;
    }
    uint32_t pos = pl_load_relaxed(&h->head);
    for (;;) {
        struct shmq_cell *c = cell_at(q, pos);
        int32_t dif = (int32_t)(pl_load_seq(&c->seq) - (pos + 1u));
        if (dif == 0) {
            uint32_t len;
            int r = message_len(q, c, cap, &len);
            if (r != PL_OK) {
                return r;
            }
            if (claim(&h->head, pos)) {
                memcpy(buf, cell_data(c), len);
                publish(&c->seq, pos + q->mask + 1u, &h->tx_ev);
                *len_out = len;
                return PL_OK;
            }
        } else if (dif < 0) {
            return PL_EAGAIN; /* not filled yet: empty (or a sender is still copying) */
        }
        uint32_t next = pl_load_relaxed(&h->head);
        if (next == pos && dif > 0) {
            return PL_ESTATE;
        }
        pos = next;
    }
}

int shmq_trysend(struct shmq *q, const void *msg, uint32_t len)
{
    return ring_send(q, msg, len);
}

int shmq_tryreceive(struct shmq *q, void *buf, uint32_t cap, uint32_t *len_out)
{
    return ring_receive(q, buf, cap, len_out);
}

/* ---- Blocking ---- */

struct attempt {
    struct shmq *q;
    void *buf; /* the message to send, or the buffer to receive into */
    uint32_t len, cap;
    uint32_t *len_out; /* NULL: a send */
};

static int try_once(const struct attempt *a)
{
    if (a->len_out == NULL) {
        return shmq_trysend(a->q, a->buf, a->len);
    }
    return shmq_tryreceive(a->q, a->buf, a->cap, a->len_out);
}

/* Announce a sleeper on ev, look again, sleep while ev is unchanged; until the attempt is
 * anything but PL_EAGAIN, the timeout passes or the server is gone. */
static int block(const struct attempt *a, uint32_t *ev, uint32_t timeout)
{
    for (;;) {
        uint32_t v = pl_fetch_or_seq(ev, SHMQ_SLEEPERS) | SHMQ_SLEEPERS;
        int r = try_once(a);
        if (r != PL_EAGAIN) {
            return r;
        }
        r = futex_wait((volatile uint32_t *)ev, v, timeout);
        if (r == PL_EDEAD) {
            return r; /* the server restarted: the page is gone, touch nothing more of it */
        }
        if (r == PL_ETIMEDOUT) {
            r = try_once(a);
            return r == PL_EAGAIN ? PL_ETIMEDOUT : r;
        }
        if (r != PL_OK && r != PL_EAGAIN) {
            return r;
        }
    }
}

static int timed(const struct attempt *a, uint32_t *ev, uint32_t timeout)
{
    int r = try_once(a);
    if (r != PL_EAGAIN) {
        return r;
    }
    return timeout == WAIT_NEVER ? PL_ETIMEDOUT : block(a, ev, timeout);
}

int shmq_timedsend(struct shmq *q, const void *msg, uint32_t len, uint32_t timeout)
{
    const struct attempt a = {q, (void *)(uintptr_t)msg, len, 0, NULL};
    return timed(&a, &q->hdr->tx_ev, timeout);
}

int shmq_send(struct shmq *q, const void *msg, uint32_t len)
{
    int r = ring_send(q, msg, len);
    return r != PL_EAGAIN ? r : shmq_timedsend(q, msg, len, PL_WAIT_FOREVER);
}

int shmq_timedreceive(struct shmq *q, void *buf, uint32_t cap, uint32_t *len_out, uint32_t timeout)
{
    uint32_t len;
    const struct attempt a = {q, buf, 0, cap, &len};
    int r = timed(&a, &q->hdr->rx_ev, timeout);
    if (r == PL_OK) {
        *len_out = len;
    }
    return r;
}

int shmq_receive(struct shmq *q, void *buf, uint32_t cap, uint32_t *len_out)
{
    int r = ring_receive(q, buf, cap, len_out);
    return r != PL_EAGAIN ? r : shmq_timedreceive(q, buf, cap, len_out, PL_WAIT_FOREVER);
}

/* ---- The named object ---- */

static uint32_t stride_of(uint32_t slot_size)
{
    return CELL + ((slot_size + 3u) & ~3u);
}

uint32_t shmq_object_size(uint32_t slots, uint32_t slot_size)
{
    return HEADER + slots * stride_of(slot_size);
}

static int geometry_ok(uint32_t slots, uint32_t slot_size)
{
    return slots != 0u && slots <= SHMQ_SLOTS_MAX && (slots & (slots - 1u)) == 0u &&
           slot_size != 0u && slot_size <= SHMQ_SIZE_MAX;
}

_Static_assert(SHMQ_NAME_MAX + 2u == SHM_NAME_MAX,
               "\"q.\" and the longest name are the longest object name the server keeps");

/* "q.<name>" into out (SHMQ_NAME_MAX + 3 bytes). */
static int object_name(const char *name, char *out)
{
    if (name[0] == '/') {
        name++;
    }
    size_t len = strlen(name);
    if (len == 0 || strchr(name, '/') != NULL) {
        return PL_EINVAL;
    }
    if (len > SHMQ_NAME_MAX) {
        return PL_ENAMETOOLONG;
    }
    memcpy(out, "q.", 2);
    memcpy(out + 2, name, len + 1u);
    return PL_OK;
}

/* The creator's set-up: an empty ring, every cell free for its first lap, magic last. */
static void set_up(struct shmq *q, uint32_t slots, uint32_t slot_size)
{
    struct shmq_header *h = q->hdr;
    h->slots = slots;
    h->slot_size = slot_size;
    h->tail = h->head = h->rx_ev = h->tx_ev = 0u;
    for (uint32_t i = 0; i < slots; i++) {
        struct shmq_cell *c = cell_at(q, i);
        c->seq = i;
        c->len = 0u;
    }
    pl_store_release(&h->magic, SHMQ_MAGIC);
}

/* Under the object's set-up lock (a holder that died left it half done: done again). */
static int set_up_locked(struct shmq *q, int oflag, uint32_t slots, uint32_t slot_size)
{
    struct shmq_header *h = q->hdr;
    uint32_t self = sync_self();
    int r = futex_lock((volatile uint32_t *)&h->setup, self, PL_WAIT_FOREVER);
    if (r != PL_OK && r != PL_EOWNERDEAD) {
        return r;
    }
    r = PL_OK;
    if (pl_load_acquire(&h->magic) != SHMQ_MAGIC) {
        r = PL_ENOENT;
        if (oflag & O_CREAT) {
            set_up(q, slots, slot_size);
            r = PL_OK;
        }
    }
    (void)pl_fetch_and_seq(&h->setup, ~FUTEX_OWNER_DIED);
    (void)futex_unlock((volatile uint32_t *)&h->setup, self);
    return r;
}

/* Map the object behind q->handle and make sure it holds a queue of this geometry. */
static int map_queue(struct shmq *q, int oflag, uint32_t slots, uint32_t slot_size)
{
    uint32_t size = shmq_object_size(slots, slot_size);
    int r = shm_ftruncate(q->handle, size);
    if (r != PL_OK && r != PL_EINVAL) { /* PL_EINVAL: sized already */
        return r;
    }
    void *addr;
    r = shm_mmap(q->handle, 0, size, PL_SHM_READ | PL_SHM_WRITE, &addr);
    if (r != PL_OK) {
        return r;
    }
    q->hdr = addr;
    q->cells = (uint8_t *)addr + HEADER;
    q->mask = slots - 1u;
    q->slot_size = slot_size;
    q->stride = stride_of(slot_size);
    q->length = size;
    r = pl_load_acquire(&q->hdr->magic) == SHMQ_MAGIC ? PL_OK
                                                      : set_up_locked(q, oflag, slots, slot_size);
    if (r == PL_OK && (pl_load_relaxed(&q->hdr->slots) != slots ||
                       pl_load_relaxed(&q->hdr->slot_size) != slot_size)) {
        r = PL_EINVAL; /* not the creator's geometry */
    }
    if (r != PL_OK) {
        (void)shm_munmap(addr, size);
        q->hdr = NULL;
    }
    return r;
}

static struct shmq *free_entry(void)
{
    for (uint32_t i = 0; i < SHMQ_OPEN_MAX; i++) {
        if (opened[i].hdr == NULL) {
            return &opened[i];
        }
    }
    return NULL;
}

int shmq_open(const char *name, int oflag, unsigned mode, uint32_t slots, uint32_t slot_size,
              struct shmq **out)
{
    char object[SHMQ_NAME_MAX + 3u];
    int r = object_name(name, object);
    if (r != PL_OK) {
        return r;
    }
    if ((oflag & ~(O_CREAT | O_EXCL)) != 0 || !geometry_ok(slots, slot_size)) {
        return PL_EINVAL;
    }
    struct shmq *q = free_entry();
    if (q == NULL) {
        return PL_EFULL;
    }
    q->handle = shm_open(object, oflag | O_RDWR, mode);
    if (q->handle < 0) {
        return q->handle;
    }
    r = map_queue(q, oflag, slots, slot_size);
    if (r != PL_OK) {
        (void)shm_close(q->handle);
        return r;
    }
    *out = q;
    return PL_OK;
}

static int is_open(const struct shmq *q)
{
    for (uint32_t i = 0; i < SHMQ_OPEN_MAX; i++) {
        if (q == &opened[i] && q->hdr != NULL) {
            return 1;
        }
    }
    return 0;
}

int shmq_close(struct shmq *q)
{
    if (q == NULL || !is_open(q)) {
        return PL_EINVAL;
    }
    int r = shm_munmap(q->hdr, q->length);
    int c = shm_close(q->handle);
    q->hdr = NULL;
    return r != PL_OK ? r : c;
}

int shmq_unlink(const char *name)
{
    char object[SHMQ_NAME_MAX + 3u];
    int r = object_name(name, object);
    return r != PL_OK ? r : shm_unlink(object);
}

/*
 * servers/pipe/pipe_ring.c - the single-producer, single-consumer byte ring (pipe_ring.h).
 *
 * Each function runs on one side only (the producer's, the consumer's or the server's) and
 * writes only that side's words. Indices from the page are read once into locals, checked,
 * and only the checked copies are used: the other side may change the page at any moment.
 */
#include <string.h>

#include "pipe_ring.h"
#include "pl_order.h" /* the arch's memory orders: on Cortex-M, one core, no DMB */

#define HDR ((uint32_t)sizeof(struct pipe_ring))

/* head - tail in a ring of `size`: bytes held. */
static uint32_t held(uint32_t head, uint32_t tail, uint32_t size)
{
    return head >= tail ? head - tail : head + size - tail;
}

int pipe_ring_init(void *mem, uint32_t bytes)
{
    if (!mem || ((uintptr_t)mem & 3u) != 0 || bytes < HDR + PIPE_RING_MIN_DATA ||
        bytes - HDR > PIPE_RING_MAX_DATA) {
        return PL_EINVAL;
    }
    struct pipe_ring *r = mem;
    memset(r, 0, HDR);
    r->size = bytes - HDR;
    pl_store_release(&r->magic, PIPE_RING_MAGIC);
    return PL_OK;
}

int pipe_ring_attach(struct pipe_ring_view *v, void *mem, uint32_t bytes)
{
    struct pipe_ring *r = mem;
    if (!mem || ((uintptr_t)mem & 3u) != 0 || bytes < HDR + PIPE_RING_MIN_DATA) {
        return PL_ESTATE;
    }
    uint32_t size = r->size, head = r->head, tail = r->tail;
    int ok = pl_load_acquire(&r->magic) == PIPE_RING_MAGIC && size >= PIPE_RING_MIN_DATA &&
             size <= bytes - HDR && head < size && tail < size;
    if (!ok) {
        return PL_ESTATE;
    }
    *v = (struct pipe_ring_view){r, size, 0, 0}; /* the size checked now is used from now on */
    return PL_OK;
}

uint32_t pipe_ring_capacity(const struct pipe_ring_view *v)
{
    return v->size - 1u;
}

int pipe_ring_count(const struct pipe_ring_view *v)
{
    struct pipe_ring *r = v->ring;
    uint32_t size = v->size, head = pl_load_acquire(&r->head), tail = r->tail;
    if (head >= size || tail >= size) {
        return PL_ESTATE;
    }
    return (int)held(head, tail, size);
}

int pipe_ring_room(const struct pipe_ring_view *v)
{
    struct pipe_ring *r = v->ring;
    uint32_t size = v->size, head = r->head, tail = pl_load_acquire(&r->tail);
    if (head >= size || tail >= size) {
        return PL_ESTATE;
    }
    return (int)(size - 1u - held(head, tail, size));
}

/* Copy n bytes into the ring from index `at`, in at most two pieces. */
static void copy_in(struct pipe_ring *r, uint32_t size, uint32_t at, const uint8_t *src, uint32_t n)
{
    uint32_t first = n < size - at ? n : size - at;
    memcpy(&r->data[at], src, first);
    memcpy(&r->data[0], src + first, n - first);
}

static void copy_out(struct pipe_ring *r, uint32_t size, uint32_t at, uint8_t *dst, uint32_t n)
{
    uint32_t first = n < size - at ? n : size - at;
    memcpy(dst, &r->data[at], first);
    memcpy(dst + first, &r->data[0], n - first);
}

int pipe_ring_put(const struct pipe_ring_view *v, const void *src, uint32_t len,
                  enum pipe_ring_fill fill)
{
    struct pipe_ring *r = v->ring;
    uint32_t size = v->size, head = r->head, tail = pl_load_acquire(&r->tail);
    if (head >= size || tail >= size) {
        return PL_ESTATE;
    }
    uint32_t room = size - 1u - held(head, tail, size);
    uint32_t n = len < room ? len : room;
    if (n == 0 || (fill == PIPE_RING_WHOLE && n < len)) {
        return 0;
    }
    copy_in(r, size, head, src, n);
    pl_store_release(&r->head, head + n >= size ? head + n - size : head + n);
    return (int)n;
}

int pipe_ring_get(const struct pipe_ring_view *v, void *dst, uint32_t cap)
{
    struct pipe_ring *r = v->ring;
    uint32_t size = v->size, head = pl_load_acquire(&r->head), tail = r->tail;
    if (head >= size || tail >= size) {
        return PL_ESTATE;
    }
    uint32_t have = held(head, tail, size);
    uint32_t n = cap < have ? cap : have;
    if (n == 0) {
        return 0;
    }
    copy_out(r, size, tail, dst, n);
    pl_store_release(&r->tail, tail + n >= size ? tail + n - size : tail + n);
    return (int)n;
}

/* A token for this side's next sleep: never 0 (which means "not sleeping"). */
static uint32_t next_token(struct pipe_ring_view *v)
{
    v->token = v->token + 1u == 0 ? 1u : v->token + 1u;
    return v->token;
}

/* Signal the other side's sleep `flag` (0: it does not sleep) unless it was signalled already. */
static int signal_once(struct pipe_ring_view *v, uint32_t flag)
{
    if (flag == 0 || flag == v->signalled) {
        return 0;
    }
    v->signalled = flag;
    return 1;
}

int pipe_ring_reader_prepare_sleep(struct pipe_ring_view *v)
{
    struct pipe_ring *r = v->ring;
    pl_store_relaxed(&r->reader_waits, next_token(v));
    pl_fence_seq(); /* the flag is visible before we look at head again */
    int n = pipe_ring_count(v);
    int may_sleep = n == 0 && !(pipe_ring_ends(v) & PIPE_RING_NO_WRITER);
    if (!may_sleep) {
        pl_store_release(&r->reader_waits, 0);
    }
    return may_sleep;
}

void pipe_ring_reader_woken(const struct pipe_ring_view *v)
{
    struct pipe_ring *r = v->ring;
    pl_store_release(&r->reader_waits, 0);
}

int pipe_ring_writer_prepare_sleep(struct pipe_ring_view *v, uint32_t need)
{
    struct pipe_ring *r = v->ring;
    pl_store_relaxed(&r->writer_waits, next_token(v));
    pl_fence_seq();
    int room = pipe_ring_room(v);
    int may_sleep =
        room >= 0 && (uint32_t)room < need && !(pipe_ring_ends(v) & PIPE_RING_NO_READER);
    if (!may_sleep) {
        pl_store_release(&r->writer_waits, 0);
    }
    return may_sleep;
}

void pipe_ring_writer_woken(const struct pipe_ring_view *v)
{
    struct pipe_ring *r = v->ring;
    pl_store_release(&r->writer_waits, 0);
}

int pipe_ring_should_signal_reader(struct pipe_ring_view *v)
{
    struct pipe_ring *r = v->ring;
    pl_fence_seq(); /* our head store is visible before we read the reader's flag */
    return signal_once(v, pl_load_relaxed(&r->reader_waits));
}

int pipe_ring_should_signal_writer(struct pipe_ring_view *v)
{
    struct pipe_ring *r = v->ring;
    pl_fence_seq();
    return signal_once(v, pl_load_relaxed(&r->writer_waits));
}

void pipe_ring_set_ends(const struct pipe_ring_view *v, uint32_t ends)
{
    struct pipe_ring *r = v->ring;
    pl_fence_seq(); /* the last bytes the server put are published before "no writer" */
    pl_store_release(&r->ends, ends);
}

uint32_t pipe_ring_ends(const struct pipe_ring_view *v)
{
    struct pipe_ring *r = v->ring;
    return pl_load_acquire(&r->ends);
}

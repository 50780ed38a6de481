/*
 * servers/pipe/pipe_ring.h - a single-producer, single-consumer byte ring laid out in one
 * block of memory (a shared page), usable by the two ends of a pipe without the server.
 *
 * This is the pipe's fast data path (docs/ipc-catalogue.md, "Pipes"): the pipe server sets a
 * ring up in a shared page and lends the page to the writer and the reader; from then on the
 * bytes move by plain loads and stores, and the two ends wake each other through
 * notifications only when one of them has to sleep. The same code serves as the pipe server's
 * own buffer (pipe_core.c), so the host tests of both exercise it.
 *
 * Layout: a struct pipe_ring header (8 words) followed by `size` data bytes, all inside the
 * block handed to pipe_ring_init(). Each header word has exactly one writer:
 *
 *   word          written by      meaning
 *   magic, size   the server      set once by pipe_ring_init; checked by pipe_ring_attach
 *   head          the producer    next data byte it will write, 0 .. size-1
 *   tail          the consumer    next data byte it will read, 0 .. size-1
 *   reader_waits  the consumer    non-zero while it sleeps (or is about to) for bytes
 *   writer_waits  the producer    non-zero while it sleeps (or is about to) for room
 *   ends          the server      PIPE_RING_NO_WRITER / PIPE_RING_NO_READER once that side left
 *
 * One byte always stays empty, so head == tail means empty and the ring holds size - 1 bytes;
 * any size works and no index needs more than size values.
 *
 * Memory-ordering rule: an index is published only after the bytes it covers. The producer
 * copies bytes, then issues a release barrier, then stores head; the consumer loads head, then
 * an acquire barrier, then reads the bytes, then a release barrier, then stores tail (so the
 * producer never overwrites bytes still being read). On the Cortex-M3 (one core, tasks switch
 * through exceptions) a compiler barrier would already do, but the barriers here are GCC's
 * __atomic fences, which compile to a DMB on ARMv7-M: cheap, and still right if the other
 * side is ever a DMA engine or another core. Sleeping uses the flag-then-recheck handshake:
 * the sleeper sets its *_waits word, issues a full barrier and looks at the ring again before
 * it waits; the other side publishes its index, issues a full barrier and then reads the
 * flag. One of them always sees the other, so no wake-up is lost (and a parley notification
 * latches its bit, so a signal sent just before the wait is not lost either). The flag's value
 * is a token that differs for each sleep of that side: the other side signals each sleep once,
 * not once per index it publishes while the sleeper has not yet run (a second signal would
 * only leave a stale bit that ends the sleeper's next wait at once).
 *
 * Neither end trusts the other: each index read from the page is checked against size before
 * use, and a ring whose indices are out of range answers PL_ESTATE and moves nothing. A
 * misbehaving peer can corrupt the data, never make the other end access memory outside the
 * ring.
 */
#ifndef SERVERS_PIPE_RING_H
#define SERVERS_PIPE_RING_H

#include <stdint.h>

#include <parley/error.h>

#define PIPE_RING_MAGIC    0x50524e47u /* "PRNG" */
#define PIPE_RING_MIN_DATA 2u          /* one byte of room and the empty one */
#define PIPE_RING_MAX_DATA 65536u

enum pipe_ring_ends {
    PIPE_RING_NO_WRITER = 0x1, /* every writer has closed: empty means end of file */
    PIPE_RING_NO_READER = 0x2, /* every reader has closed: writing is pointless (EPIPE) */
};

struct pipe_ring {
    uint32_t magic;
    uint32_t size; /* data bytes after the header */
    uint32_t head;
    uint32_t tail;
    uint32_t reader_waits;
    uint32_t writer_waits;
    uint32_t ends;
    uint32_t reserved;
    uint8_t data[];
};

/* How much of a write must fit for any of it to go in. */
enum pipe_ring_fill {
    PIPE_RING_WHOLE,   /* all or nothing (a write of at most PIPE_BUF bytes) */
    PIPE_RING_PARTIAL, /* as much as fits */
};

/* Set up a ring in `bytes` bytes at `mem` (word aligned): PL_OK, or PL_EINVAL if the block is
 * misaligned, leaves fewer than PIPE_RING_MIN_DATA data bytes or more than the maximum. */
int pipe_ring_init(void *mem, uint32_t bytes);

/* One side's handle on a ring: the size is copied when the side attaches and never read from
 * the page again, so a peer that rewrites the header cannot widen the ring. */
struct pipe_ring_view {
    struct pipe_ring *ring;
    uint32_t size;
    uint32_t token;     /* this side's last sleep (its *_waits word while it sleeps) */
    uint32_t signalled; /* the other side's sleep this side last signalled */
};

/* Attach to the block at `mem` (bytes long, as mapped): PL_OK and *v if it is a ring as
 * pipe_ring_init left it (magic, a size that fits the block, indices in range), else
 * PL_ESTATE. Each end (and the server, for its own buffer) attaches once. */
int pipe_ring_attach(struct pipe_ring_view *v, void *mem, uint32_t bytes);

/* The bytes the ring holds at most: size - 1. */
uint32_t pipe_ring_capacity(const struct pipe_ring_view *v);

/* Bytes waiting to be read (consumer's view) and room (producer's view); PL_ESTATE (negative)
 * if an index is out of range. */
int pipe_ring_count(const struct pipe_ring_view *v);
int pipe_ring_room(const struct pipe_ring_view *v);

/* Producer: copy up to len bytes in; returns how many (0 when nothing fits, or when `fill` is
 * PIPE_RING_WHOLE and not all do), or PL_ESTATE. */
int pipe_ring_put(const struct pipe_ring_view *v, const void *src, uint32_t len,
                  enum pipe_ring_fill fill);

/* Consumer: copy up to cap bytes out; returns how many, or PL_ESTATE. */
int pipe_ring_get(const struct pipe_ring_view *v, void *dst, uint32_t cap);

/* The sleeping handshake (see above). *_prepare_sleep sets the caller's flag (a new token)
 * and returns 1 if it may sleep now (still nothing to read / no room), else clears the flag
 * and returns 0; *_woken clears it. *_should_signal: after publishing, must the other side be
 * woken? Yes once per sleep of the other side (per token), no while it is not sleeping. */
int pipe_ring_reader_prepare_sleep(struct pipe_ring_view *v);
void pipe_ring_reader_woken(const struct pipe_ring_view *v);
int pipe_ring_writer_prepare_sleep(struct pipe_ring_view *v, uint32_t need);
void pipe_ring_writer_woken(const struct pipe_ring_view *v);
int pipe_ring_should_signal_reader(struct pipe_ring_view *v);
int pipe_ring_should_signal_writer(struct pipe_ring_view *v);

/* The server marks a side gone (enum pipe_ring_ends), or reads what is marked. */
void pipe_ring_set_ends(const struct pipe_ring_view *v, uint32_t ends);
uint32_t pipe_ring_ends(const struct pipe_ring_view *v);

#endif

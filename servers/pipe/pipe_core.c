/*
 * servers/pipe/pipe_core.c - the pipe and FIFO table (see pipe_core.h).
 *
 * Each pipe's bytes sit in its own pipe_ring inside the entry, used through the same code the
 * two ends will use on a shared page. The ring's `ends` word follows the end counts, so a
 * ring handed out for the fast path tells its users about end of file and broken pipes.
 *
 * Invariants: every check runs before the first change; after pipe_progress has reported
 * nothing, no blocked reader could take bytes or end of file and no blocked writer could put
 * its write or learn that the pipe is broken.
 */
#include <string.h>

#include "pipe_core.h"

#define DESC_INDEX_BITS 8u
#define DESC_INDEX_MASK 0xffu

_Static_assert(PIPE_MAX_DESCS <= 256u, "a descriptor's index is its low 8 bits");
_Static_assert(PIPE_MAX <= 32u, "pipe_progress keeps a bit per pipe");
_Static_assert(PIPE_CAP_MIN >= PIPE_ATOMIC, "every atomic write must fit an empty pipe");

/* ---- lookups ---- */

static int name_check(const char *name, size_t len)
{
    if (!name || len == 0) {
        return PL_EINVAL;
    }
    if (len > PIPE_NAME_MAX) {
        return PL_ENAMETOOLONG;
    }
    for (size_t i = 0; i < len; i++) {
        if (name[i] < 0x20 || name[i] > 0x7e) {
            return PL_EINVAL;
        }
    }
    return PL_OK;
}

static int pipe_find(const struct pipe_table *t, const char *name, size_t len)
{
    for (uint32_t i = 0; i < PIPE_MAX; i++) {
        const struct pipe_entry *p = &t->pipes[i];
        if (p->state == PIPE_NAMED && strlen(p->name) == len && memcmp(p->name, name, len) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static int free_pipe(const struct pipe_table *t)
{
    for (uint32_t i = 0; i < PIPE_MAX; i++) {
        if (t->pipes[i].state == PIPE_FREE) {
            return (int)i;
        }
    }
    return -1;
}

/* The first free descriptor after `after` (-1: from the start), or -1. */
static int free_desc(const struct pipe_table *t, int after)
{
    for (uint32_t i = (uint32_t)(after + 1); i < PIPE_MAX_DESCS; i++) {
        if (t->descs[i].state == PIPE_D_FREE) {
            return (int)i;
        }
    }
    return -1;
}

static struct pipe_desc *desc_get(const struct pipe_table *t, uint32_t badge, int fd)
{
    if (fd < 0 || ((uint32_t)fd >> DESC_INDEX_BITS) != t->instance) {
        return NULL;
    }
    uint32_t i = (uint32_t)fd & DESC_INDEX_MASK;
    if (i >= PIPE_MAX_DESCS || t->descs[i].state != PIPE_D_OPEN || t->descs[i].badge != badge) {
        return NULL;
    }
    return (struct pipe_desc *)&t->descs[i];
}

/* badge's descriptor fd for `end`, or NULL. */
static struct pipe_desc *end_get(const struct pipe_table *t, uint32_t badge, int fd,
                                 enum pipe_end end)
{
    struct pipe_desc *d = desc_get(t, badge, fd);
    return d && d->end == end ? d : NULL;
}

static int waits_on_desc(const struct pipe_table *t, uint32_t di)
{
    for (uint32_t i = 0; i < PIPE_MAX_WAITERS; i++) {
        if (t->waiters[i].state == PIPE_W_WAITING && t->waiters[i].desc == di) {
            return 1;
        }
    }
    return 0;
}

/* ---- ends ---- */

/* Tell the ring which sides are gone (a side never seen is not gone: it may still come). */
static void ends_sync(struct pipe_entry *p)
{
    uint32_t ends = 0;
    if (p->writers == 0 && (p->seen & PIPE_SEEN_WRITER)) {
        ends |= PIPE_RING_NO_WRITER;
    }
    if (p->readers == 0 && (p->seen & PIPE_SEEN_READER)) {
        ends |= PIPE_RING_NO_READER;
    }
    pipe_ring_set_ends(&p->ring, ends);
}

static int desc_open(struct pipe_table *t, uint32_t di, uint32_t pi, uint32_t badge,
                     enum pipe_end end)
{
    struct pipe_entry *p = &t->pipes[pi];
    t->descs[di] = (struct pipe_desc){PIPE_D_OPEN, pi, badge, end, 0, 0};
    if (end == PIPE_READ_END) {
        p->readers++;
        p->seen |= PIPE_SEEN_READER;
    } else {
        p->writers++;
        p->seen |= PIPE_SEEN_WRITER;
    }
    ends_sync(p);
    return (int)((t->instance << DESC_INDEX_BITS) | di);
}

/* Only with a ring size already checked. */
static void pipe_make(struct pipe_entry *p, enum pipe_state state, uint32_t badge, uint32_t mode,
                      uint32_t capacity)
{
    memset(p, 0, sizeof(*p));
    p->state = state;
    p->owner = badge;
    p->mode = mode;
    uint32_t bytes = (uint32_t)sizeof(struct pipe_ring) + capacity + 1u;
    (void)pipe_ring_init(p->mem, bytes);
    (void)pipe_ring_attach(&p->ring, p->mem, bytes);
}

static int capacity_ok(uint32_t capacity)
{
    return capacity >= PIPE_CAP_MIN && capacity <= PIPE_CAP_MAX;
}

int pipe_create(struct pipe_table *t, uint32_t badge, uint32_t capacity, int fds[2])
{
    if (!capacity_ok(capacity)) {
        return PL_EINVAL;
    }
    int pi = free_pipe(t), rd = free_desc(t, -1), wr = free_desc(t, rd);
    if (pi < 0 || rd < 0 || wr < 0) {
        return PL_EFULL;
    }
    pipe_make(&t->pipes[pi], PIPE_UNNAMED, badge, 0, capacity);
    fds[0] = desc_open(t, (uint32_t)rd, (uint32_t)pi, badge, PIPE_READ_END);
    fds[1] = desc_open(t, (uint32_t)wr, (uint32_t)pi, badge, PIPE_WRITE_END);
    return PL_OK;
}

int pipe_mkfifo(struct pipe_table *t, uint32_t badge, const char *name, size_t len, uint32_t mode,
                uint32_t capacity)
{
    int err = name_check(name, len);
    if (err != PL_OK) {
        return err;
    }
    if ((mode & ~(uint32_t)PIPE_MODE_ALL) != 0 || !capacity_ok(capacity)) {
        return PL_EINVAL;
    }
    if (pipe_find(t, name, len) >= 0) {
        return PL_EEXIST;
    }
    int pi = free_pipe(t);
    if (pi < 0) {
        return PL_EFULL;
    }
    pipe_make(&t->pipes[pi], PIPE_NAMED, badge, mode, capacity);
    memcpy(t->pipes[pi].name, name, len);
    return PL_OK;
}

static int end_allowed(const struct pipe_entry *p, uint32_t badge, enum pipe_end end)
{
    int owner = badge == p->owner;
    uint32_t need = end == PIPE_READ_END ? (owner ? PIPE_MODE_OWNER_READ : PIPE_MODE_OTHER_READ)
                                         : (owner ? PIPE_MODE_OWNER_WRITE : PIPE_MODE_OTHER_WRITE);
    return (p->mode & need) != 0;
}

int pipe_open(struct pipe_table *t, uint32_t badge, const char *name, size_t len, enum pipe_end end)
{
    int err = name_check(name, len);
    if (err != PL_OK) {
        return err;
    }
    if (end != PIPE_READ_END && end != PIPE_WRITE_END) {
        return PL_EINVAL;
    }
    int pi = pipe_find(t, name, len);
    if (pi < 0) {
        return PL_ENOENT;
    }
    if (!end_allowed(&t->pipes[pi], badge, end)) {
        return PL_EACCES;
    }
    int di = free_desc(t, -1);
    if (di < 0) {
        return PL_EFULL;
    }
    return desc_open(t, (uint32_t)di, (uint32_t)pi, badge, end);
}

int pipe_unlink(struct pipe_table *t, uint32_t badge, const char *name, size_t len)
{
    int err = name_check(name, len);
    if (err != PL_OK) {
        return err;
    }
    int pi = pipe_find(t, name, len);
    if (pi < 0) {
        return PL_ENOENT;
    }
    struct pipe_entry *p = &t->pipes[pi];
    if (p->owner != badge) {
        return PL_EACCES;
    }
    p->state = p->readers + p->writers == 0 ? PIPE_FREE : PIPE_UNLINKED;
    memset(p->name, 0, sizeof(p->name));
    return PL_OK;
}

/* One end closed: a pipe left without ends is freed (unnamed, unlinked) or emptied (FIFO). */
static void end_release(struct pipe_entry *p, enum pipe_end end)
{
    if (end == PIPE_READ_END) {
        p->readers--;
    } else {
        p->writers--;
    }
    if (p->readers + p->writers > 0) {
        ends_sync(p);
    } else if (p->state == PIPE_NAMED) {
        uint32_t bytes = (uint32_t)sizeof(struct pipe_ring) + p->ring.size;
        p->seen = 0;
        (void)pipe_ring_init(p->mem, bytes); /* Unix drops a FIFO's bytes with its last end */
        (void)pipe_ring_attach(&p->ring, p->mem, bytes);
    } else {
        p->state = PIPE_FREE;
    }
}

int pipe_close(struct pipe_table *t, uint32_t badge, int fd)
{
    struct pipe_desc *d = desc_get(t, badge, fd);
    if (!d) {
        return PL_EBADF;
    }
    if (waits_on_desc(t, (uint32_t)(d - t->descs))) {
        return PL_ESTATE;
    }
    d->state = PIPE_D_FREE;
    end_release(&t->pipes[d->pipe], d->end);
    return PL_OK;
}

int pipe_pass(struct pipe_table *t, uint32_t badge, int fd, uint32_t to)
{
    struct pipe_desc *d = desc_get(t, badge, fd);
    if (!d) {
        return PL_EBADF;
    }
    if (to == 0) {
        return PL_EINVAL;
    }
    if (waits_on_desc(t, (uint32_t)(d - t->descs)) || t->pipes[d->pipe].fast) {
        return PL_ESTATE; /* a fast end's page is lent to its task, not to `to` */
    }
    d->badge = to;
    d->fast_task = 0;
    d->fast_how = 0; /* asked by the task that held it */
    return PL_OK;
}

/* ---- reading and writing ---- */

/* What a write of len bytes would do now: PL_OK (it goes in), PL_EPIPE or PL_EAGAIN. */
static int write_state(const struct pipe_entry *p, uint32_t len)
{
    if (p->readers == 0 && (p->seen & PIPE_SEEN_READER)) {
        return PL_EPIPE;
    }
    if (p->fast) {
        return PL_ESTATE; /* its bytes are in the lent page */
    }
    int room = pipe_ring_room(&p->ring);
    uint32_t need = len <= PIPE_ATOMIC ? len : 1u;
    return p->readers > 0 && room >= (int)need ? PL_OK : PL_EAGAIN;
}

/* What a read would do now: PL_OK (bytes or end of file are there) or PL_EAGAIN. */
static int read_state(const struct pipe_entry *p)
{
    if (p->fast) {
        return PL_ESTATE;
    }
    int eof = p->writers == 0 && (p->seen & PIPE_SEEN_WRITER);
    return pipe_ring_count(&p->ring) > 0 || eof ? PL_OK : PL_EAGAIN;
}

static int ring_put(struct pipe_entry *p, const void *data, uint32_t len)
{
    enum pipe_ring_fill fill = len <= PIPE_ATOMIC ? PIPE_RING_WHOLE : PIPE_RING_PARTIAL;
    return pipe_ring_put(&p->ring, data, len, fill);
}

static int io_check(const void *data, uint32_t len)
{
    return len > PIPE_IO_MAX || (len > 0 && !data) ? PL_EINVAL : PL_OK;
}

int pipe_write(struct pipe_table *t, uint32_t badge, int fd, const void *data, uint32_t len)
{
    const struct pipe_desc *d = end_get(t, badge, fd, PIPE_WRITE_END);
    if (!d) {
        return PL_EBADF;
    }
    if (io_check(data, len) != PL_OK) {
        return PL_EINVAL;
    }
    struct pipe_entry *p = &t->pipes[d->pipe];
    int st = write_state(p, len);
    if (st != PL_OK || len == 0) {
        return st;
    }
    return ring_put(p, data, len);
}

int pipe_read(struct pipe_table *t, uint32_t badge, int fd, void *buf, uint32_t cap)
{
    const struct pipe_desc *d = end_get(t, badge, fd, PIPE_READ_END);
    if (!d) {
        return PL_EBADF;
    }
    if (cap > 0 && !buf) {
        return PL_EINVAL;
    }
    struct pipe_entry *p = &t->pipes[d->pipe];
    if (cap == 0) {
        return 0;
    }
    int st = read_state(p);
    return st != PL_OK ? st : pipe_ring_get(&p->ring, buf, cap);
}

int pipe_info(const struct pipe_table *t, uint32_t badge, int fd, struct pipe_info *out)
{
    const struct pipe_desc *d = desc_get(t, badge, fd);
    if (!d) {
        return PL_EBADF;
    }
    const struct pipe_entry *p = &t->pipes[d->pipe];
    *out = (struct pipe_info){(uint32_t)pipe_ring_count(&p->ring),
                              pipe_ring_capacity(&p->ring),
                              p->readers,
                              p->writers,
                              d->end,
                              read_state(p) == PL_OK,
                              write_state(p, 1) != PL_EAGAIN};
    return PL_OK;
}

/* ---- blocked clients ---- */

static struct pipe_waiter *waiter_of(struct pipe_table *t, uint32_t client)
{
    for (uint32_t i = 0; i < PIPE_MAX_WAITERS; i++) {
        if (t->waiters[i].state == PIPE_W_WAITING && t->waiters[i].client == client) {
            return &t->waiters[i];
        }
    }
    return NULL;
}

/* A free waiter for client, or NULL with *err. */
static struct pipe_waiter *waiter_new(struct pipe_table *t, uint32_t client, int *err)
{
    struct pipe_waiter *w = NULL;
    for (uint32_t i = 0; i < PIPE_MAX_WAITERS && !w; i++) {
        w = t->waiters[i].state == PIPE_W_FREE ? &t->waiters[i] : NULL;
    }
    *err = waiter_of(t, client) ? PL_ESTATE : !w ? PL_EFULL : PL_OK;
    return *err == PL_OK ? w : NULL;
}

static void waiter_fill(struct pipe_table *t, struct pipe_waiter *w, const struct pipe_desc *d,
                        uint32_t client, uint32_t len)
{
    *w = (struct pipe_waiter){.state = PIPE_W_WAITING,
                              .end = d->end,
                              .pipe = d->pipe,
                              .desc = (uint32_t)(d - t->descs),
                              .badge = d->badge,
                              .client = client,
                              .seq = t->wait_seq++,
                              .len = len};
}

int pipe_wait_read(struct pipe_table *t, uint32_t badge, int fd, uint32_t client, uint32_t cap)
{
    const struct pipe_desc *d = end_get(t, badge, fd, PIPE_READ_END);
    if (!d) {
        return PL_EBADF;
    }
    if (cap == 0 || read_state(&t->pipes[d->pipe]) != PL_EAGAIN) {
        return PL_ESTATE; /* it would not block (or the pipe is fast) */
    }
    int err;
    struct pipe_waiter *w = waiter_new(t, client, &err);
    if (!w) {
        return err;
    }
    waiter_fill(t, w, d, client, cap < PIPE_IO_MAX ? cap : PIPE_IO_MAX);
    return PL_OK;
}

int pipe_wait_write(struct pipe_table *t, uint32_t badge, int fd, uint32_t client, const void *data,
                    uint32_t len)
{
    const struct pipe_desc *d = end_get(t, badge, fd, PIPE_WRITE_END);
    if (!d) {
        return PL_EBADF;
    }
    if (io_check(data, len) != PL_OK) {
        return PL_EINVAL;
    }
    int st = write_state(&t->pipes[d->pipe], len);
    if (st != PL_EAGAIN || len == 0) {
        return st == PL_EPIPE ? st : PL_ESTATE; /* broken, it would not block, or fast */
    }
    int err;
    struct pipe_waiter *w = waiter_new(t, client, &err);
    if (!w) {
        return err;
    }
    waiter_fill(t, w, d, client, len);
    memcpy(w->data, data, len);
    return PL_OK;
}

/* The earliest waiter on pipe pi for `end`, if its operation would not block now, else NULL:
 * a later waiter never overtakes it (a small write cannot starve a large one). */
static struct pipe_waiter *first_ready(struct pipe_table *t, uint32_t pi, enum pipe_end end)
{
    struct pipe_waiter *first = NULL;
    for (uint32_t i = 0; i < PIPE_MAX_WAITERS; i++) {
        struct pipe_waiter *w = &t->waiters[i];
        if (w->state == PIPE_W_WAITING && w->pipe == pi && w->end == end &&
            (!first || (int32_t)(w->seq - first->seq) < 0)) {
            first = w;
        }
    }
    const struct pipe_entry *p = &t->pipes[pi];
    if (!first) {
        return NULL;
    }
    int ready =
        end == PIPE_READ_END ? read_state(p) == PL_OK : write_state(p, first->len) != PL_EAGAIN;
    return ready ? first : NULL;
}

static void wake(struct pipe_table *t, struct pipe_waiter *w, struct pipe_wakeup *out)
{
    struct pipe_entry *p = &t->pipes[w->pipe];
    memset(out, 0, sizeof(*out));
    out->end = w->end;
    out->client = w->client;
    out->badge = w->badge;
    if (w->end == PIPE_READ_END) {
        out->result = pipe_ring_get(&p->ring, out->data, w->len); /* 0: end of file */
    } else {
        int st = write_state(p, w->len);
        out->result = st == PL_OK ? ring_put(p, w->data, w->len) : st;
    }
    w->state = PIPE_W_FREE;
}

/* A bit per pipe some client waits on: pipe_progress looks only at those (it runs after
 * every request of the server, mostly to find nothing). */
static uint32_t pipes_waited_on(const struct pipe_table *t)
{
    uint32_t mask = 0;
    for (uint32_t i = 0; i < PIPE_MAX_WAITERS; i++) {
        if (t->waiters[i].state == PIPE_W_WAITING) {
            mask |= 1u << t->waiters[i].pipe;
        }
    }
    return mask;
}

int pipe_progress(struct pipe_table *t, struct pipe_wakeup *w)
{
    uint32_t mask = pipes_waited_on(t);
    for (uint32_t pi = 0; mask != 0; pi++, mask >>= 1) {
        if (!(mask & 1u)) {
            continue;
        }
        struct pipe_waiter *x = first_ready(t, pi, PIPE_WRITE_END);
        if (!x) {
            x = first_ready(t, pi, PIPE_READ_END);
        }
        if (x) {
            wake(t, x, w);
            return 1;
        }
    }
    return 0;
}

/* ---- the fast data path ---- */

/* The other open descriptor of pipe pi (not di), or -1. */
static int other_desc(const struct pipe_table *t, uint32_t pi, uint32_t di)
{
    int other = -1;
    for (uint32_t i = 0; i < PIPE_MAX_DESCS; i++) {
        if (i != di && t->descs[i].state == PIPE_D_OPEN && t->descs[i].pipe == pi) {
            other = (int)i;
        }
    }
    return other;
}

int pipe_fast_ask(struct pipe_table *t, uint32_t badge, int fd, uint32_t task, uint32_t how,
                  struct pipe_fast_pair *pair)
{
    struct pipe_desc *d = desc_get(t, badge, fd);
    if (!d) {
        return PL_EBADF;
    }
    uint32_t di = (uint32_t)(d - t->descs);
    const struct pipe_entry *p = &t->pipes[d->pipe];
    if (p->state != PIPE_UNNAMED || p->readers > 1 || p->writers > 1) {
        return PL_ESTATE;
    }
    if (!p->fast) {
        d->fast_task = task;
        d->fast_how = how | PIPE_FAST_ASKED;
    }
    int oi = other_desc(t, d->pipe, di);
    if (oi < 0) {
        return p->fast ? PL_ESTATE : PL_EAGAIN; /* the other end is closed, or still to come */
    }
    const struct pipe_desc *o = &t->descs[oi];
    if (o->end == d->end || o->badge == badge) {
        return PL_EAGAIN; /* both ends in one task for now: one may still be passed */
    }
    if (!(o->fast_how & PIPE_FAST_ASKED)) {
        return PL_EAGAIN;
    }
    if (o->fast_task == d->fast_task) {
        return PL_ESTATE;
    }
    if (!p->fast && pipe_ring_count(&p->ring) < 0) {
        return PL_ESTATE;
    }
    *pair = (struct pipe_fast_pair){.pipe = d->pipe, .slot = p->fast};
    pair->desc[d->end] = di;
    pair->desc[o->end] = (uint32_t)oi;
    pair->task[d->end] = d->fast_task;
    pair->task[o->end] = o->fast_task;
    pair->how[d->end] = d->fast_how & ~PIPE_FAST_ASKED;
    pair->how[o->end] = o->fast_how & ~PIPE_FAST_ASKED;
    return PL_OK;
}

int pipe_fast_engage(struct pipe_table *t, uint32_t pi, uint32_t slot, void *mem, uint32_t bytes)
{
    struct pipe_entry *p = &t->pipes[pi];
    struct pipe_ring_view v;
    int held = pipe_ring_count(&p->ring);
    if (pi >= PIPE_MAX || slot == 0 || p->fast || held < 0 || pipe_ring_init(mem, bytes) != PL_OK ||
        pipe_ring_attach(&v, mem, bytes) != PL_OK || pipe_ring_capacity(&v) < (uint32_t)held) {
        return PL_EINVAL;
    }
    uint8_t chunk[64];
    int n;
    while ((n = pipe_ring_get(&p->ring, chunk, sizeof(chunk))) > 0) {
        (void)pipe_ring_put(&v, chunk, (uint32_t)n, PIPE_RING_PARTIAL);
    }
    p->fast = slot;
    pipe_ring_set_ends(&v, pipe_fast_ends(t, pi));
    return PL_OK;
}

uint32_t pipe_fast_ends(const struct pipe_table *t, uint32_t pi)
{
    return pipe_ring_ends(&t->pipes[pi].ring); /* ends_sync keeps the table's ring's word */
}

int pipe_fast_slot(const struct pipe_table *t, uint32_t badge, int fd, uint32_t *pi)
{
    const struct pipe_desc *d = desc_get(t, badge, fd);
    if (!d) {
        return PL_EBADF;
    }
    *pi = d->pipe;
    return (int)t->pipes[d->pipe].fast;
}

int pipe_cancel(struct pipe_table *t, uint32_t client)
{
    struct pipe_waiter *w = waiter_of(t, client);
    if (!w) {
        return PL_ENOENT;
    }
    w->state = PIPE_W_FREE;
    return PL_OK;
}

uint32_t pipe_reclaim(struct pipe_table *t, uint32_t badge)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < PIPE_MAX_WAITERS; i++) {
        if (t->waiters[i].state == PIPE_W_WAITING && t->waiters[i].badge == badge) {
            t->waiters[i].state = PIPE_W_FREE;
            n++;
        }
    }
    for (uint32_t i = 0; i < PIPE_MAX_DESCS; i++) {
        struct pipe_desc *d = &t->descs[i];
        if (d->state == PIPE_D_OPEN && d->badge == badge) {
            d->state = PIPE_D_FREE;
            end_release(&t->pipes[d->pipe], d->end);
            n++;
        }
    }
    return n;
}

void pipe_init(struct pipe_table *t, uint32_t instance)
{
    memset(t, 0, sizeof(*t));
    t->instance = instance & PIPE_INSTANCE_MAX;
}

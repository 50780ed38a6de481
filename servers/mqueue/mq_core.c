/*
 * servers/mqueue/mq_core.c - the message-queue table (see mq_core.h).
 *
 * Each queue owns one contiguous run of the arena: maxmsg slots, each a struct mq_slot header
 * followed by msgsize bytes. Slots are unordered; a receive scans them for the message it
 * takes (highest priority, then lowest arrival number), which with at most MQ_MAXMSG_MAX
 * slots is shorter than keeping lists. Arrival numbers are compared as signed differences,
 * so they may wrap. The clients blocked on the queues are mq_wait.c's.
 *
 * Invariant: every function checks everything before it changes anything, so a refused call
 * leaves the table as it was.
 */
#include <string.h>

#include "mq_core.h"
#include "mq_priv.h"

#define SLOT_HDR ((uint32_t)sizeof(struct mq_slot))

/* ---- small helpers ---- */

int mq_seq_before(uint32_t a, uint32_t b)
{
    return (int32_t)(a - b) < 0;
}

static uint32_t slot_bytes(uint32_t msgsize)
{
    return SLOT_HDR + ((msgsize + 3u) & ~3u); /* slots stay word aligned */
}

static struct mq_slot *slot_at(struct mq_table *t, const struct mq_queue *q, uint32_t i)
{
    uint8_t *base = (uint8_t *)t->arena + q->arena_off;
    return (struct mq_slot *)(void *)(base + i * slot_bytes(q->msgsize));
}

static uint8_t *slot_data(struct mq_slot *s)
{
    return (uint8_t *)s + SLOT_HDR;
}

/* PL_OK, PL_EINVAL or PL_ENAMETOOLONG. */
static int name_check(const char *name, size_t len)
{
    if (!name || len == 0) {
        return PL_EINVAL;
    }
    if (len > MQ_NAME_MAX) {
        return PL_ENAMETOOLONG;
    }
    for (size_t i = 0; i < len; i++) {
        if (name[i] < 0x20 || name[i] > 0x7e) {
            return PL_EINVAL; /* printable ASCII: names are typed and logged */
        }
    }
    return PL_OK;
}

/* The named queue's index, or -1. */
static int queue_find(const struct mq_table *t, const char *name, size_t len)
{
    for (uint32_t i = 0; i < MQ_MAX_QUEUES; i++) {
        const struct mq_queue *q = &t->queues[i];
        if (q->state == MQ_Q_NAMED && strlen(q->name) == len && memcmp(q->name, name, len) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/* The descriptor `qd` of `badge`, or NULL (PL_EBADF). */
struct mq_desc *mq_desc_get(const struct mq_table *t, uint32_t badge, int qd)
{
    if (qd < 0 || ((uint32_t)qd >> DESC_INDEX_BITS) != t->instance) {
        return NULL;
    }
    uint32_t i = (uint32_t)qd & DESC_INDEX_MASK;
    if (i >= MQ_MAX_DESCS || t->descs[i].state != MQ_D_OPEN || t->descs[i].badge != badge) {
        return NULL;
    }
    return (struct mq_desc *)&t->descs[i];
}

static int may_read(const struct mq_desc *d)
{
    return (d->oflag & MQ_O_ACCMODE) != MQ_O_WRONLY;
}

static int may_write(const struct mq_desc *d)
{
    return (d->oflag & MQ_O_ACCMODE) != MQ_O_RDONLY;
}

/* ---- the arena ---- */

/* The lowest offset where `need` bytes overlap no live queue's run, or MQ_ARENA_BYTES. */
static uint32_t arena_fit(const struct mq_table *t, uint32_t need)
{
    uint32_t at = 0;
    for (uint32_t i = 0; i < MQ_MAX_QUEUES; i++) {
        const struct mq_queue *q = &t->queues[i];
        int overlaps =
            q->state != MQ_Q_FREE && q->arena_off < at + need && at < q->arena_off + q->arena_len;
        if (overlaps) {
            at = q->arena_off + q->arena_len;
            i = (uint32_t)-1; /* start over: an earlier run may overlap the new place */
        }
    }
    return at + need <= MQ_ARENA_BYTES ? at : MQ_ARENA_BYTES;
}

/* ---- open, close, unlink ---- */

static int attr_check(const struct mq_attr *a)
{
    int ok = a->maxmsg >= 1u && a->maxmsg <= MQ_MAXMSG_MAX && a->msgsize >= 1u &&
             a->msgsize <= MQ_MSGSIZE_MAX;
    return ok ? PL_OK : PL_EINVAL;
}

static int access_allowed(const struct mq_queue *q, uint32_t badge, uint32_t acc)
{
    uint32_t read = badge == q->owner ? MQ_MODE_OWNER_READ : MQ_MODE_OTHER_READ;
    uint32_t write = badge == q->owner ? MQ_MODE_OWNER_WRITE : MQ_MODE_OTHER_WRITE;
    int wants_read = acc != MQ_O_WRONLY, wants_write = acc != MQ_O_RDONLY;
    return (!wants_read || (q->mode & read)) && (!wants_write || (q->mode & write));
}

static int free_queue(const struct mq_table *t)
{
    for (uint32_t i = 0; i < MQ_MAX_QUEUES; i++) {
        if (t->queues[i].state == MQ_Q_FREE) {
            return (int)i;
        }
    }
    return -1;
}

static int free_desc(const struct mq_table *t)
{
    for (uint32_t i = 0; i < MQ_MAX_DESCS; i++) {
        if (t->descs[i].state == MQ_D_FREE) {
            return (int)i;
        }
    }
    return -1;
}

static int open_check(const char *name, size_t len, uint32_t oflag, uint32_t mode)
{
    int err = name_check(name, len);
    if (err != PL_OK) {
        return err;
    }
    uint32_t known = MQ_O_ACCMODE | MQ_O_CREAT | MQ_O_EXCL | MQ_O_NONBLOCK | MQ_O_PAIR;
    if ((oflag & ~known) != 0 || (oflag & MQ_O_ACCMODE) == MQ_O_ACCMODE) {
        return PL_EINVAL;
    }
    if ((oflag & MQ_O_CREAT) && (mode & ~(uint32_t)MQ_MODE_ALL) != 0) {
        return PL_EINVAL;
    }
    return PL_OK;
}

/* Checks for a new queue: PL_OK and *qi, *off, or an error. A pair queue's messages live in
 * its page, not in the arena. */
static int create_check(const struct mq_table *t, const struct mq_attr *a, uint32_t oflag, int *qi,
                        uint32_t *off)
{
    int err = attr_check(a);
    if (err != PL_OK) {
        return err;
    }
    *qi = free_queue(t);
    *off = (oflag & MQ_O_PAIR) ? 0u : arena_fit(t, a->maxmsg * slot_bytes(a->msgsize));
    return *qi < 0 || *off == MQ_ARENA_BYTES ? PL_EFULL : PL_OK;
}

uint32_t mq_side_holder(const struct mq_table *t, uint32_t qi, int writer)
{
    for (uint32_t i = 0; i < MQ_MAX_DESCS; i++) {
        const struct mq_desc *d = &t->descs[i];
        if (d->state == MQ_D_OPEN && d->queue == qi && (writer ? may_write(d) : may_read(d))) {
            return d->badge; /* one badge holds a side: mq_open sees to it */
        }
    }
    return 0;
}

/* The badge other than `badge` holding a side of pair queue qi that `acc` asks for (the
 * reader side for any access that reads, the writer side for any that writes), or 0. */
static uint32_t side_taken(const struct mq_table *t, uint32_t qi, uint32_t badge, uint32_t acc)
{
    uint32_t r = acc != MQ_O_WRONLY ? mq_side_holder(t, qi, 0) : 0;
    uint32_t w = acc != MQ_O_RDONLY ? mq_side_holder(t, qi, 1) : 0;
    return r != 0 && r != badge ? r : w != badge ? w : 0;
}

static void queue_create(struct mq_table *t, uint32_t qi, uint32_t off, const char *name,
                         size_t len, uint32_t badge, uint32_t mode, const struct mq_attr *a,
                         uint32_t oflag)
{
    struct mq_queue *q = &t->queues[qi];
    memset(q, 0, sizeof(*q));
    q->state = MQ_Q_NAMED;
    memcpy(q->name, name, len);
    q->owner = badge;
    q->mode = mode;
    q->maxmsg = a->maxmsg;
    q->msgsize = a->msgsize;
    q->pair = (oflag & MQ_O_PAIR) != 0;
    q->arena_off = off;
    q->arena_len = q->pair ? 0u : a->maxmsg * slot_bytes(a->msgsize);
    memset((uint8_t *)t->arena + off, 0, q->arena_len);
}

static int desc_open(struct mq_table *t, uint32_t di, uint32_t qi, uint32_t badge, uint32_t oflag)
{
    t->descs[di] = (struct mq_desc){MQ_D_OPEN, qi, badge, oflag & (MQ_O_ACCMODE | MQ_O_NONBLOCK)};
    t->queues[qi].opens++;
    return (int)((t->instance << DESC_INDEX_BITS) | di);
}

int mq_open(struct mq_table *t, uint32_t badge, const char *name, size_t len, uint32_t oflag,
            uint32_t mode, const struct mq_attr *attr)
{
    static const struct mq_attr def = {MQ_DEF_MAXMSG, MQ_DEF_MSGSIZE, 0, 0};
    int err = open_check(name, len, oflag, mode);
    if (err != PL_OK) {
        return err;
    }
    int qi = queue_find(t, name, len);
    if (qi >= 0 && (oflag & MQ_O_CREAT) && (oflag & MQ_O_EXCL)) {
        return PL_EEXIST;
    }
    if (qi < 0 && !(oflag & MQ_O_CREAT)) {
        return PL_ENOENT;
    }
    if (qi >= 0 && !access_allowed(&t->queues[qi], badge, oflag & MQ_O_ACCMODE)) {
        return PL_EACCES;
    }
    if (qi >= 0 && t->queues[qi].pair &&
        (t->busy_badge = side_taken(t, (uint32_t)qi, badge, oflag & MQ_O_ACCMODE)) != 0) {
        return PL_EBUSY;
    }
    uint32_t off = 0;
    if (qi < 0 && (err = create_check(t, attr ? attr : &def, oflag, &qi, &off)) != PL_OK) {
        return err;
    }
    int di = free_desc(t);
    if (di < 0) {
        return PL_EFULL;
    }
    if (t->queues[qi].state == MQ_Q_FREE) {
        queue_create(t, (uint32_t)qi, off, name, len, badge, mode, attr ? attr : &def, oflag);
    }
    return desc_open(t, (uint32_t)di, (uint32_t)qi, badge, oflag);
}

void mq_queue_release(struct mq_queue *q)
{
    q->opens--;
    if (q->opens == 0 && q->state == MQ_Q_UNLINKED) {
        memset(q, 0, sizeof(*q)); /* its arena run is free again */
    }
}

static int waits_on_desc(const struct mq_table *t, uint32_t di)
{
    for (uint32_t i = 0; i < MQ_MAX_WAITERS; i++) {
        if (t->waiters[i].kind != MQ_W_FREE && t->waiters[i].desc == di) {
            return 1;
        }
    }
    return 0;
}

int mq_close(struct mq_table *t, uint32_t badge, int qd)
{
    struct mq_desc *d = mq_desc_get(t, badge, qd);
    if (!d) {
        return PL_EBADF;
    }
    if (waits_on_desc(t, (uint32_t)(d - t->descs))) {
        return PL_ESTATE;
    }
    struct mq_queue *q = &t->queues[d->queue];
    if (q->notify_armed && q->notify_badge == badge) {
        q->notify_armed = 0;
    }
    d->state = MQ_D_FREE;
    mq_queue_release(q);
    return PL_OK;
}

int mq_unlink(struct mq_table *t, uint32_t badge, const char *name, size_t len)
{
    int err = name_check(name, len);
    if (err != PL_OK) {
        return err;
    }
    int qi = queue_find(t, name, len);
    if (qi < 0) {
        return PL_ENOENT;
    }
    struct mq_queue *q = &t->queues[qi];
    if (q->owner != badge) {
        return PL_EACCES;
    }
    memset(q->name, 0, sizeof(q->name));
    q->state = MQ_Q_UNLINKED;
    if (q->opens == 0) {
        memset(q, 0, sizeof(*q));
    }
    return PL_OK;
}

int mq_getattr(const struct mq_table *t, uint32_t badge, int qd, struct mq_attr *out)
{
    const struct mq_desc *d = mq_desc_get(t, badge, qd);
    if (!d) {
        return PL_EBADF;
    }
    const struct mq_queue *q = &t->queues[d->queue];
    uint32_t flags = (d->oflag & MQ_O_NONBLOCK) | (q->pair ? (uint32_t)MQ_O_PAIR : 0u);
    *out = (struct mq_attr){q->maxmsg, q->msgsize, q->count, flags};
    return PL_OK;
}

int mq_find(const struct mq_table *t, const char *name, size_t len)
{
    return name_check(name, len) == PL_OK ? queue_find(t, name, len) : -1;
}

int mq_desc_queue(const struct mq_table *t, uint32_t badge, int qd, uint32_t *acc)
{
    const struct mq_desc *d = mq_desc_get(t, badge, qd);
    if (!d) {
        return PL_EBADF;
    }
    if (acc) {
        *acc = d->oflag & MQ_O_ACCMODE;
    }
    return (int)d->queue;
}

int mq_setflags(struct mq_table *t, uint32_t badge, int qd, uint32_t flags)
{
    struct mq_desc *d = mq_desc_get(t, badge, qd);
    if (!d) {
        return PL_EBADF;
    }
    if ((flags & ~(uint32_t)MQ_O_NONBLOCK) != 0) {
        return PL_EINVAL;
    }
    d->oflag = (d->oflag & MQ_O_ACCMODE) | flags;
    return PL_OK;
}

/* ---- messages ---- */

static int msg_check(const struct mq_queue *q, const struct mq_msg *m)
{
    if (m->len > q->msgsize) {
        return PL_EMSGSIZE;
    }
    if (m->prio >= MQ_PRIO_MAX || m->type < 1 || (m->len > 0 && !m->data)) {
        return PL_EINVAL;
    }
    return PL_OK;
}

/* Only when q->count < q->maxmsg. */
void mq_msg_put(struct mq_table *t, struct mq_queue *q, uint32_t prio, int32_t type,
                const void *data, uint32_t len)
{
    struct mq_slot *s = slot_at(t, q, 0);
    for (uint32_t i = 1; s->used; i++) {
        s = slot_at(t, q, i);
    }
    *s = (struct mq_slot){q->next_seq++, type, (uint16_t)len, (uint8_t)prio, 1};
    if (len > 0) {
        memcpy(slot_data(s), data, len);
    }
    if (q->count++ == 0) {
        q->became_nonempty = 1;
    }
}

/* Does slot s suit sel better than best (NULL: anything suits better)? */
static int better(const struct mq_slot *s, const struct mq_slot *best, struct mq_select sel)
{
    if (sel.kind == MQ_SEL_PRIO) {
        return !best || s->prio > best->prio ||
               (s->prio == best->prio && mq_seq_before(s->seq, best->seq));
    }
    if (sel.type > 0 && s->type != sel.type) {
        return 0;
    }
    if (sel.type < 0) {
        if (s->type > -sel.type) {
            return 0;
        }
        return !best || s->type < best->type ||
               (s->type == best->type && mq_seq_before(s->seq, best->seq));
    }
    return !best || mq_seq_before(s->seq, best->seq);
}

/* The message sel takes from q, or NULL. */
struct mq_slot *mq_msg_pick(struct mq_table *t, const struct mq_queue *q, struct mq_select sel)
{
    struct mq_slot *best = NULL;
    for (uint32_t i = 0; i < q->maxmsg; i++) {
        struct mq_slot *s = slot_at(t, q, i);
        if (s->used && better(s, best, sel)) {
            best = s;
        }
    }
    return best;
}

void mq_msg_take(struct mq_queue *q, struct mq_slot *s, void *buf, struct mq_msg *out)
{
    *out = (struct mq_msg){s->prio, s->type, s->len, buf};
    if (s->len > 0) {
        memcpy(buf, slot_data(s), s->len);
    }
    s->used = 0;
    q->count--;
    if (q->count == 0) {
        q->became_nonempty = 0; /* emptied before anyone looked: nothing to tell */
    }
}

static int sel_check(struct mq_select sel)
{
    int ok = sel.kind == MQ_SEL_PRIO || (sel.kind == MQ_SEL_TYPE && sel.type != INT32_MIN);
    return ok ? PL_OK : PL_EINVAL;
}

/* Common checks of a send: the descriptor's queue, or NULL with *err. */
struct mq_queue *mq_send_check(struct mq_table *t, uint32_t badge, int qd, const struct mq_msg *m,
                               int *err)
{
    const struct mq_desc *d = mq_desc_get(t, badge, qd);
    if (!d || !may_write(d)) {
        *err = PL_EBADF;
        return NULL;
    }
    struct mq_queue *q = &t->queues[d->queue];
    *err = q->pair ? PL_ESTATE : msg_check(q, m); /* a pair queue's messages are in its page */
    return *err == PL_OK ? q : NULL;
}

int mq_send(struct mq_table *t, uint32_t badge, int qd, const struct mq_msg *msg)
{
    int err;
    struct mq_queue *q = mq_send_check(t, badge, qd, msg, &err);
    if (!q) {
        return err;
    }
    if (q->count == q->maxmsg) {
        return PL_EFULL;
    }
    mq_msg_put(t, q, msg->prio, msg->type, msg->data, msg->len);
    return PL_OK;
}

/* Common checks of a receive: the descriptor's queue, or NULL with *err. */
struct mq_queue *mq_recv_check(struct mq_table *t, uint32_t badge, int qd, struct mq_select sel,
                               uint32_t cap, int *err)
{
    const struct mq_desc *d = mq_desc_get(t, badge, qd);
    if (!d || !may_read(d)) {
        *err = PL_EBADF;
        return NULL;
    }
    struct mq_queue *q = &t->queues[d->queue];
    *err = q->pair ? PL_ESTATE : sel_check(sel);
    if (*err == PL_OK && sel.kind == MQ_SEL_PRIO && cap < q->msgsize) {
        *err = PL_EMSGSIZE;
    }
    return *err == PL_OK ? q : NULL;
}

int mq_receive(struct mq_table *t, uint32_t badge, int qd, struct mq_select sel, void *buf,
               uint32_t cap, struct mq_msg *out)
{
    int err;
    struct mq_queue *q = mq_recv_check(t, badge, qd, sel, cap, &err);
    if (!q) {
        return err;
    }
    struct mq_slot *s = mq_msg_pick(t, q, sel);
    if (!s) {
        return PL_EAGAIN;
    }
    if (s->len > cap) {
        return PL_EMSGSIZE; /* a typed receive: the message stays for someone else */
    }
    mq_msg_take(q, s, buf, out);
    return PL_OK;
}

void mq_init(struct mq_table *t, uint32_t instance)
{
    memset(t, 0, sizeof(*t));
    t->instance = instance & MQ_INSTANCE_MAX;
}

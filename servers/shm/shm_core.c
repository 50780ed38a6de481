/*
 * servers/shm/shm_core.c - the named objects, handles and mappings of the shared-memory
 * server's portable half (shm_core.h), and which grants they call for. The futex queues are
 * in shm_futex.c.
 */
#include <string.h>

#include <parley/ipc.h>
#include <parley/limits.h>

#include "shm_core.h"
#include "shm_priv.h"

#define HANDLE_INDEX_BITS 8u
#define HANDLE_INDEX_MASK 0xffu

void shm_init(struct shm_table *t, uint32_t instance, uint32_t pool_pages, uint32_t page_size,
              const struct shm_ops *ops)
{
    memset(t, 0, sizeof(*t));
    t->instance = instance & SHM_INSTANCE_MAX;
    t->pool_pages = pool_pages < SHM_POOL_MAX ? pool_pages : SHM_POOL_MAX;
    t->page_size = page_size;
    t->ops = *ops;
}

static int handle_of(const struct shm_table *t, uint32_t i)
{
    return (int)((t->instance << HANDLE_INDEX_BITS) | i);
}

static struct shm_obj *obj_by_name(struct shm_table *t, const char *name, uint32_t len)
{
    for (uint32_t i = 0; i < SHM_MAX_OBJS; i++) {
        struct shm_obj *o = &t->objs[i];
        if (o->used && !o->unlinked && o->name_len == len && memcmp(o->name, name, len) == 0) {
            return o;
        }
    }
    return NULL;
}

static int name_check(const char *name, uint32_t len)
{
    if (len == 0 || memchr(name, '\0', len) != NULL) {
        return PL_EINVAL;
    }
    return len > SHM_NAME_MAX ? PL_ENAMETOOLONG : PL_OK;
}

/* May badge open o for rdwr? */
static int allowed(const struct shm_obj *o, uint32_t badge, int rdwr)
{
    uint32_t r = o->owner == badge ? SHM_MODE_OWNER_READ : SHM_MODE_OTHER_READ;
    uint32_t w = o->owner == badge ? SHM_MODE_OWNER_WRITE : SHM_MODE_OTHER_WRITE;
    return (o->mode & r) && (!rdwr || (o->mode & w));
}

static struct shm_obj *obj_create(struct shm_table *t, uint32_t badge, const char *name,
                                  uint32_t len, uint32_t mode)
{
    for (uint32_t i = 0; i < SHM_MAX_OBJS; i++) {
        struct shm_obj *o = &t->objs[i];
        if (!o->used) {
            memset(o, 0, sizeof(*o));
            o->used = 1;
            memcpy(o->name, name, len);
            o->name_len = (uint8_t)len;
            o->mode = (uint8_t)(mode & SHM_MODE_ALL);
            o->owner = badge;
            return o;
        }
    }
    return NULL;
}

static struct shm_handle *handle_free(struct shm_table *t, uint32_t *index)
{
    for (uint32_t i = 0; i < SHM_MAX_HANDLES; i++) {
        if (!t->handles[i].used) {
            *index = i;
            return &t->handles[i];
        }
    }
    return NULL;
}

int shm_open(struct shm_table *t, uint32_t badge, const char *name, uint32_t len, uint32_t oflag,
             uint32_t mode)
{
    int err = name_check(name, len);
    uint32_t acc = oflag & SHM_O_ACCMODE;
    if (err != PL_OK) {
        return err;
    }
    if (acc != SHM_O_RDONLY && acc != SHM_O_RDWR) {
        return PL_EINVAL;
    }
    uint32_t hi;
    struct shm_handle *h = handle_free(t, &hi);
    struct shm_obj *o = obj_by_name(t, name, len);
    if (o && (oflag & SHM_O_CREAT) && (oflag & SHM_O_EXCL)) {
        return PL_EEXIST;
    }
    if (!o && !(oflag & SHM_O_CREAT)) {
        return PL_ENOENT;
    }
    if (o && !allowed(o, badge, acc == SHM_O_RDWR)) {
        return PL_EACCES;
    }
    if (!h) {
        return PL_EFULL;
    }
    if (!o && !(o = obj_create(t, badge, name, len, mode))) {
        return PL_EFULL;
    }
    *h = (struct shm_handle){1, (uint8_t)(o - t->objs), acc == SHM_O_RDWR, badge};
    o->opens++;
    return handle_of(t, hi);
}

struct shm_handle *shm_handle_get(struct shm_table *t, uint32_t badge, int h)
{
    uint32_t i = (uint32_t)h & HANDLE_INDEX_MASK;
    if (h < 0 || ((uint32_t)h >> HANDLE_INDEX_BITS) != t->instance || i >= SHM_MAX_HANDLES) {
        return NULL;
    }
    struct shm_handle *d = &t->handles[i];
    return d->used && d->badge == badge ? d : NULL;
}

/* The first run of `count` free pool pages, or -1. */
static int run_find(const struct shm_table *t, uint32_t count)
{
    uint32_t len = 0;
    for (uint32_t p = 0; p < t->pool_pages; p++) {
        len = (t->page_used & (1u << p)) ? 0u : len + 1u;
        if (len == count) {
            return (int)(p + 1u - count);
        }
    }
    return -1;
}

int shm_ftruncate(struct shm_table *t, uint32_t badge, int h, uint32_t pages, uint32_t *first)
{
    struct shm_handle *d = shm_handle_get(t, badge, h);
    if (!d) {
        return PL_EBADF;
    }
    struct shm_obj *o = &t->objs[d->obj];
    if (!d->rdwr) {
        return PL_EACCES;
    }
    if (pages == 0 || o->pages != 0) {
        return PL_EINVAL;
    }
    if (pages > t->pool_pages) {
        return PL_EFULL;
    }
    int run = run_find(t, pages);
    if (run < 0) {
        return PL_EFULL;
    }
    o->first = (uint8_t)run;
    o->pages = (uint8_t)pages;
    t->page_used |= (uint32_t)(((uint64_t)1 << pages) - 1u) << (uint32_t)run;
    *first = (uint32_t)run;
    return PL_OK;
}

/* Free o if nothing holds it any more. */
static void obj_release(struct shm_table *t, struct shm_obj *o)
{
    if (!o->unlinked || o->opens != 0 || o->maps != 0) {
        return;
    }
    if (o->pages != 0) {
        t->page_used &= ~((uint32_t)(((uint64_t)1 << o->pages) - 1u) << o->first);
    }
    memset(o, 0, sizeof(*o));
}

int shm_close(struct shm_table *t, uint32_t badge, int h)
{
    struct shm_handle *d = shm_handle_get(t, badge, h);
    if (!d) {
        return PL_EBADF;
    }
    struct shm_obj *o = &t->objs[d->obj];
    memset(d, 0, sizeof(*d));
    o->opens--;
    obj_release(t, o);
    return PL_OK;
}

int shm_unlink(struct shm_table *t, uint32_t badge, const char *name, uint32_t len)
{
    int err = name_check(name, len);
    if (err != PL_OK) {
        return err;
    }
    struct shm_obj *o = obj_by_name(t, name, len);
    if (!o) {
        return PL_ENOENT;
    }
    if (o->owner != badge && !allowed(o, badge, 1)) {
        return PL_EACCES; /* only the owner, or whoever may write it */
    }
    o->unlinked = 1;
    obj_release(t, o);
    return PL_OK;
}

uint32_t shm_free_pages(const struct shm_table *t)
{
    uint32_t n = 0;
    for (uint32_t p = 0; p < t->pool_pages; p++) {
        n += (t->page_used & (1u << p)) ? 0u : 1u;
    }
    return n;
}

int shm_mmap(struct shm_table *t, uint32_t badge, uint32_t task, int h, uint32_t offset,
             uint32_t count, uint32_t prot, uint32_t *first)
{
    struct shm_handle *d = shm_handle_get(t, badge, h);
    if (!d) {
        return PL_EBADF;
    }
    struct shm_obj *o = &t->objs[d->obj];
    if (prot != PL_SHM_READ && prot != (PL_SHM_READ | PL_SHM_WRITE)) {
        return PL_EINVAL;
    }
    if ((prot & PL_SHM_WRITE) && !d->rdwr) {
        return PL_EACCES;
    }
    if (count == 0 || offset >= o->pages || count > o->pages - offset || task >= PL_MAX_TASKS) {
        return PL_EINVAL;
    }
    for (uint32_t i = 0; i < SHM_MAX_MAPS; i++) {
        struct shm_map *m = &t->maps[i];
        if (!m->used) {
            *m = (struct shm_map){1,
                                  d->obj,
                                  (uint8_t)(o->first + offset),
                                  (uint8_t)count,
                                  (uint8_t)prot,
                                  (uint8_t)task,
                                  badge};
            o->maps++;
            t->dirty |= 1u << task;
            *first = m->first;
            return PL_OK;
        }
    }
    return PL_EFULL;
}

static void map_drop(struct shm_table *t, struct shm_map *m)
{
    struct shm_obj *o = &t->objs[m->obj];
    t->dirty |= 1u << m->task;
    memset(m, 0, sizeof(*m));
    o->maps--;
    obj_release(t, o);
}

int shm_munmap(struct shm_table *t, uint32_t badge, uint32_t first, uint32_t count, uint32_t prot)
{
    for (uint32_t i = 0; i < SHM_MAX_MAPS; i++) {
        struct shm_map *m = &t->maps[i];
        if (m->used && m->badge == badge && m->first == first && m->count == count &&
            (prot == 0 || m->prot == prot)) {
            map_drop(t, m);
            return PL_OK;
        }
    }
    return PL_EINVAL;
}

uint32_t shm_access(const struct shm_table *t, uint32_t task, uint32_t page)
{
    uint32_t acc = 0;
    for (uint32_t i = 0; i < SHM_MAX_MAPS; i++) {
        const struct shm_map *m = &t->maps[i];
        if (m->used && m->task == task && page >= m->first && page < m->first + m->count) {
            acc |= m->prot;
        }
    }
    return acc;
}

int shm_maps_page(const struct shm_table *t, uint32_t badge, uint32_t page, uint32_t prot)
{
    for (uint32_t i = 0; i < SHM_MAX_MAPS; i++) {
        const struct shm_map *m = &t->maps[i];
        if (m->used && m->badge == badge && page >= m->first && page < m->first + m->count &&
            (m->prot & prot) == prot) {
            return 1;
        }
    }
    return 0;
}

static uint32_t granted(const struct shm_table *t, uint32_t task, uint32_t page)
{
    uint32_t bit = 1u << page;
    return ((t->granted_r[task] & bit) ? PL_SHM_READ : 0u) |
           ((t->granted_w[task] & bit) ? PL_SHM_WRITE : 0u);
}

int shm_next_grant(struct shm_table *t, struct shm_grant *g)
{
    while (t->dirty != 0) {
        uint32_t task = (uint32_t)__builtin_ctz(t->dirty);
        for (uint32_t p = 0; p < t->pool_pages; p++) {
            uint32_t want = shm_access(t, task, p);
            if (want != granted(t, task, p)) {
                uint32_t bit = 1u << p;
                t->granted_r[task] =
                    (want & PL_SHM_READ) ? t->granted_r[task] | bit : t->granted_r[task] & ~bit;
                t->granted_w[task] =
                    (want & PL_SHM_WRITE) ? t->granted_w[task] | bit : t->granted_w[task] & ~bit;
                *g = (struct shm_grant){p, task, want};
                return 1;
            }
        }
        t->dirty &= ~(1u << task);
    }
    return 0;
}

uint32_t shm_reclaim(struct shm_table *t, uint32_t badge)
{
    uint32_t n = shm_waits_drop(t, badge);
    for (uint32_t i = 0; i < SHM_MAX_MAPS; i++) {
        if (t->maps[i].used && t->maps[i].badge == badge) {
            map_drop(t, &t->maps[i]);
            n++;
        }
    }
    for (uint32_t i = 0; i < SHM_MAX_HANDLES; i++) {
        struct shm_handle *d = &t->handles[i];
        if (d->used && d->badge == badge) {
            struct shm_obj *o = &t->objs[d->obj];
            memset(d, 0, sizeof(*d));
            o->opens--;
            obj_release(t, o);
            n++;
        }
    }
    return n;
}

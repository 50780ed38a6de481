/*
 * servers/shm/shm_client.c - the client library of the shared-memory server (shm_client.h):
 * requests packed as shm.h says, the task's windows, and its table of mappings (which page
 * of the server each mapped address is, for futex.c).
 *
 * The kernel keeps a page in at most one window of a task (docs/ipc.md, "Shared pages"), so
 * each window here holds one page with a count of the mappings that use it: a second mapping
 * of pages the task maps already shares their windows (the same addresses), and munmap
 * unmaps a window only when its last mapping goes. Each mapping is still the server's own
 * (one SHM_MMAP, one SHM_MUNMAP), so its grants follow them. A window has one access, so
 * every mapping of a page asks for the same: read-write over read-only, or read-only over
 * read-write, is PL_EACCES (a read-only mapping stays read-only; and whichever of two
 * mappings of one range an munmap drops, what is left has the access it asked for).
 *
 * The endpoint, the hello, the windows and the mappings are kept in the task's RAM: a
 * restarted task starts with empty windows and a fresh image, looks the server up and says
 * hello again.
 */
#include <fcntl.h>
#include <string.h>

#include "shm_client.h"
#include "../names/names_client.h"
#include "runtime.h"
#include "server.h"
#include "system.h"

#define SHC_MAX_MAPS    8u
#define SHC_WINDOWS_MAX 8u /* MPU slots: more windows than this cannot exist */

struct shc_map {
    uint8_t *addr;  /* NULL: free entry */
    uint32_t page;  /* the server's kernel page of its first page */
    uint32_t pages; /* how many */
    uint32_t gen;   /* server generation it was made in */
    uint32_t prot;  /* PL_SHM_READ, or with PL_SHM_WRITE */
};

/* One window: the page it holds and how many mappings use it (0: free). */
struct shc_window {
    uint8_t *addr;
    uint32_t page, gen;
    uint32_t prot; /* the access of every mapping that uses it */
    uint32_t refs; /* how many mappings use it */
};

static uint32_t shc_ep = PL_NO_EP;
static int shc_greeted;
static uint32_t shc_windows; /* how many the task has */
static struct shc_window shc_win[SHC_WINDOWS_MAX];
static struct shc_map shc_maps[SHC_MAX_MAPS];

/* Empty every window and count them (an unmap past the last is PL_EINVAL). */
static void shc_count_windows(void)
{
    shc_windows = 0;
    while (shc_windows < SHC_WINDOWS_MAX && pl_shm_unmap(shc_windows) == PL_OK) {
        shc_windows++;
    }
    memset(shc_win, 0, sizeof(shc_win));
}

int shm_client_init(void)
{
    struct pl_recvd rep;
    if (shc_ep == PL_NO_EP) {
        int err = names_lookup(SHM_SERVER_NAME, &shc_ep);
        if (err != PL_OK) {
            shc_ep = PL_NO_EP;
            return err;
        }
    }
    if (!shc_greeted) {
        int err = pl_server_call(shc_ep, SHM_HELLO, 0, 0, NULL, 0, &rep, NULL, 0);
        if (err != PL_OK) {
            return err;
        }
        shc_greeted = 1;
        shc_count_windows();
    }
    return PL_OK;
}

static int shc_call(uint32_t op, uint32_t w0, uint32_t w1, const void *data, uint32_t len,
                    struct pl_recvd *rep)
{
    int err = shm_client_init();
    return err != PL_OK ? err : pl_server_call(shc_ep, op, w0, w1, data, len, rep, NULL, 0);
}

int shm_client_call(uint32_t op, uint32_t w0, uint32_t w1, const void *data, uint32_t len,
                    uint32_t *out_w0)
{
    struct pl_recvd rep;
    int err = shc_call(op, w0, w1, data, len, &rep);
    if (err == PL_OK && out_w0) {
        *out_w0 = rep.w0;
    }
    return err;
}

static int shc_name(const char *name, uint32_t *len)
{
    if (!name) {
        return PL_EINVAL;
    }
    *len = (uint32_t)strnlen(name, SHM_NAME_MAX + 1u);
    return *len > SHM_NAME_MAX ? PL_ENAMETOOLONG : PL_OK;
}

int shm_open(const char *name, int oflag, unsigned mode)
{
    uint32_t len, flags = (uint32_t)oflag & O_ACCMODE;
    int err = shc_name(name, &len);
    if (err != PL_OK) {
        return err;
    }
    flags |= (oflag & O_CREAT) ? SHM_O_CREAT : 0u;
    flags |= (oflag & O_EXCL) ? SHM_O_EXCL : 0u;
    struct pl_recvd rep;
    err = shc_call(SHM_OPEN, flags, mode, name, len, &rep);
    return err == PL_OK ? (int)rep.w0 : err;
}

int shm_ftruncate(int h, uint32_t size)
{
    struct pl_recvd rep;
    uint32_t pages = size / PAGE_SIZE + (size % PAGE_SIZE != 0u);
    return shc_call(SHM_FTRUNCATE, (uint32_t)h, pages, NULL, 0, &rep);
}

int shm_close(int h)
{
    struct pl_recvd rep;
    return shc_call(SHM_CLOSE, (uint32_t)h, 0, NULL, 0, &rep);
}

int shm_unlink(const char *name)
{
    uint32_t len;
    struct pl_recvd rep;
    int err = shc_name(name, &len);
    return err != PL_OK ? err : shc_call(SHM_UNLINK, 0, 0, name, len, &rep);
}

int shm_pool_stat(uint32_t *free, uint32_t *total)
{
    struct pl_recvd rep;
    int err = shc_call(SHM_STAT, 0, 0, NULL, 0, &rep);
    if (err == PL_OK) {
        *free = rep.w0;
        *total = rep.w1;
    }
    return err;
}

/* The window holding page (of server generation gen), or -1. */
static int shc_window_of(uint32_t page, uint32_t gen)
{
    for (uint32_t w = 0; w < shc_windows; w++) {
        if (shc_win[w].refs && shc_win[w].page == page && shc_win[w].gen == gen) {
            return (int)w;
        }
    }
    return -1;
}

static int shc_free_window(void)
{
    for (uint32_t w = 0; w < shc_windows; w++) {
        if (shc_win[w].refs == 0) {
            return (int)w;
        }
    }
    return -1;
}

/* Whether m's pages can be held: PL_EACCES if a page it shares is mapped with another
 * access, PL_EFULL if the pages not held yet outnumber the free windows. */
static int shc_can_hold(const struct shc_map *m)
{
    uint32_t need = 0, free = 0;
    for (uint32_t w = 0; w < shc_windows; w++) {
        free += shc_win[w].refs == 0;
    }
    for (uint32_t k = 0; k < m->pages; k++) {
        int w = shc_window_of(m->page + k, m->gen);
        if (w < 0) {
            need++;
        } else if (shc_win[w].prot != m->prot) {
            return PL_EACCES;
        }
    }
    return need > free ? PL_EFULL : PL_OK;
}

/* Drop m's hold on its first `count` pages: a window no mapping uses any more is unmapped. */
static void shc_release(const struct shc_map *m, uint32_t count)
{
    for (uint32_t k = 0; k < count; k++) {
        int w = shc_window_of(m->page + k, m->gen);
        if (w < 0) {
            continue;
        }
        if (--shc_win[w].refs == 0) {
            (void)pl_shm_unmap((uint32_t)w);
            memset(&shc_win[w], 0, sizeof(shc_win[w]));
        }
    }
}

/* Page k of m: its window, the page mapped into a free one if no mapping holds it yet. */
static int shc_hold_page(const struct shc_map *m, uint32_t k)
{
    int w = shc_window_of(m->page + k, m->gen);
    if (w >= 0) {
        return w;
    }
    void *a;
    w = shc_free_window();
    int err = w < 0 ? PL_EFULL : pl_shm_map(m->page + k, (uint32_t)w, &a);
    if (err != PL_OK) {
        return err;
    }
    shc_win[w] = (struct shc_window){a, m->page + k, m->gen, m->prot, 0};
    return w;
}

/* Hold m's pages, back to back from m->addr: PL_OK, or an error with nothing held. */
static int shc_hold(struct shc_map *m)
{
    for (uint32_t k = 0; k < m->pages; k++) {
        int w = shc_hold_page(m, k);
        if (w < 0) {
            shc_release(m, k);
            return w;
        }
        shc_win[w].refs++;
        if (k == 0) {
            m->addr = shc_win[w].addr;
        } else if (shc_win[w].addr != m->addr + k * PAGE_SIZE) {
            shc_release(m, k + 1u);
            return PL_EINVAL; /* not a contiguous run: the pool is not where it should be */
        }
    }
    return PL_OK;
}

static int shc_tell_unmap(uint32_t gen, uint32_t page, uint32_t pages, uint32_t prot)
{
    struct shm_munmap_req r = {gen, page, pages, prot};
    struct pl_recvd rep;
    return shc_call(SHM_MUNMAP, 0, 0, &r, sizeof(r), &rep);
}

int shm_mmap(int h, uint32_t offset, uint32_t length, int prot, void **addr)
{
    struct shm_mmap_req r = {offset / PAGE_SIZE, length / PAGE_SIZE + (length % PAGE_SIZE != 0u)};
    struct shc_map *m = NULL;
    struct pl_recvd rep;
    int err = shm_client_init();
    if (err != PL_OK) {
        return err;
    }
    if (length == 0 || offset % PAGE_SIZE != 0u) {
        return PL_EINVAL;
    }
    for (uint32_t i = 0; i < SHC_MAX_MAPS && !m; i++) {
        m = shc_maps[i].addr == NULL ? &shc_maps[i] : NULL;
    }
    if (!m || r.pages > shc_windows) {
        return PL_EFULL;
    }
    err = shc_call(SHM_MMAP, (uint32_t)h, (uint32_t)prot, &r, sizeof(r), &rep);
    if (err != PL_OK) {
        return err;
    }
    struct shc_map made = {NULL, rep.w0, r.pages, rep.w1, (uint32_t)prot};
    err = shc_can_hold(&made);
    err = err == PL_OK ? shc_hold(&made) : err;
    if (err != PL_OK) {
        shc_tell_unmap(rep.w1, rep.w0, r.pages, (uint32_t)prot); /* the server's too */
        return err;
    }
    *m = made;
    *addr = m->addr;
    return PL_OK;
}

int shm_munmap(void *addr, uint32_t length)
{
    uint32_t pages = length / PAGE_SIZE + (length % PAGE_SIZE != 0u);
    for (uint32_t i = 0; i < SHC_MAX_MAPS; i++) {
        struct shc_map *m = &shc_maps[i];
        if (m->addr != NULL && m->addr == addr && m->pages == pages) {
            struct shc_map gone = *m;
            shc_release(m, m->pages);
            memset(m, 0, sizeof(*m));
            return shc_tell_unmap(gone.gen, gone.page, pages, gone.prot);
        }
    }
    return PL_EINVAL;
}

int shm_client_locate(const volatile void *addr, uint32_t *page, uint32_t *off, uint32_t *gen)
{
    const uint8_t *a = (const uint8_t *)(uintptr_t)addr;
    if (((uintptr_t)a & 3u) != 0) {
        return PL_EINVAL;
    }
    for (uint32_t i = 0; i < SHC_MAX_MAPS; i++) {
        const struct shc_map *m = &shc_maps[i];
        if (m->addr != NULL && a >= m->addr && a < m->addr + m->pages * PAGE_SIZE) {
            uint32_t at = (uint32_t)(a - m->addr);
            *page = m->page + at / PAGE_SIZE;
            *off = at % PAGE_SIZE;
            *gen = m->gen;
            return PL_OK;
        }
    }
    return PL_EINVAL;
}

/*
 * tests/qemu/shm/actor.c - one actor of the shared-memory test: carries out each order of the
 * judge (shmtest.h) through the client library (shm_client.h, futex.h) and reports what it
 * gave. Every actor task of the image runs this file.
 */
#include "../harness/qctl.h"
#include "../../../servers/shm/futex.h"
#include "../../../servers/shm/shm_client.h"
#include "shmtest.h"
#include "system.h"

int actor_main(void);

static int handles[SHT_NAMES];
static volatile uint32_t *maps[SHT_NAMES];

static volatile uint32_t *word_of(uint32_t a)
{
    volatile uint32_t *m = maps[a % SHT_NAMES];
    return m ? m + ((a >> 8) & 0xffffu) : (volatile uint32_t *)0;
}

static uint32_t timeout_of(uint32_t a)
{
    return (a >> 24) ? a >> 24 : PL_WAIT_FOREVER;
}

static struct qc_order do_objects(struct qc_order o)
{
    uint32_t n = o.a % SHT_NAMES;
    int err = PL_EINVAL;
    void *addr = 0;
    switch (o.op) {
    case SHT_OPEN:
        err = shm_open(sht_names[n], (int)(o.b & 0xffffu), o.b >> 16);
        handles[n] = err >= 0 ? err : handles[n];
        break;
    case SHT_OPEN_LONG:
        err = shm_open("sixteen-chars-xx", 0x200 | 2, 0xf);
        break;
    case SHT_OPEN_AT: /* a name the task cannot read faults it here */
        err = shm_open((const char *)(uintptr_t)o.b, 2, 0);
        break;
    case SHT_MUNMAP_AT:
        err = shm_munmap((void *)(uintptr_t)o.b, PAGE_SIZE);
        break;
    case SHT_TRUNC:
        err = shm_ftruncate(handles[n], o.b);
        break;
    case SHT_MMAP:
        err = shm_mmap(handles[n], (o.b >> 16) * PAGE_SIZE, (o.b & 0xffu) * PAGE_SIZE,
                       (int)((o.b >> 8) & 0xffu), &addr);
        maps[n] = err == PL_OK ? addr : maps[n];
        break;
    case SHT_MUNMAP:
    case SHT_MUNMAP_KEEP:
        err = shm_munmap((void *)(uintptr_t)maps[n], o.b * PAGE_SIZE);
        maps[n] = o.op == SHT_MUNMAP ? 0 : maps[n];
        break;
    case SHT_CLOSE:
        err = shm_close(handles[n]);
        break;
    default:
        err = shm_unlink(sht_names[n]);
        break;
    }
    return qc_next(err, (uint32_t)(uintptr_t)addr, 0, 0, 0);
}

static struct qc_order do_futex(struct qc_order o)
{
    volatile uint32_t *w = word_of(o.a);
    int err;
    switch (o.op) {
    case SHT_WAIT:
        err = futex_wait(w, o.b, timeout_of(o.a));
        break;
    case SHT_WAKE:
        err = futex_wake(w, o.b);
        break;
    case SHT_LOCK:
        err = futex_lock(w, o.b ? o.b : pl_task_self(), timeout_of(o.a));
        break;
    case SHT_UNLOCK:
        err = futex_unlock(w, pl_task_self());
        break;
    default:
        err = futex_wait((volatile uint32_t *)(uintptr_t)o.b, 0, PL_WAIT_FOREVER);
        break;
    }
    return qc_next(err, 0, 0, 0, 0); /* not *w: after a server restart it faults */
}

static struct qc_order act(struct qc_order o)
{
    uint32_t free = 0, total = 0;
    switch (o.op) {
    case SHT_STAT: {
        int err = shm_pool_stat(&free, &total);
        return qc_next(err, free, total, 0, 0);
    }
    case SHT_WRITE:
        *word_of(o.a) = o.b; /* a read-only mapping faults here */
        return qc_next(PL_OK, 0, 0, 0, 0);
    case SHT_READ:
        return qc_next(PL_OK, *word_of(o.a), 0, 0, 0);
    case SHT_WAIT:
    case SHT_WAKE:
    case SHT_LOCK:
    case SHT_UNLOCK:
    case SHT_WAIT_AT:
        return do_futex(o);
    case SHT_SELF:
        return qc_next(PL_OK, pl_task_self(), 0, 0, 0);
    case SHT_EXIT:
        pl_exit(0);
    default:
        return do_objects(o);
    }
}

int actor_main(void)
{
    qc_serve(act);
}

/*
 * tests/qemu/sync/actor.c - one actor of the synchronisation test: maps the shared object and
 * carries out each order of the judge (synctest.h) with the synchronisation library, then
 * reports what it returned. Every actor task of the image runs this file.
 */
#include <fcntl.h>
#include <string.h>

#include "../harness/qctl.h"
#include "../../../servers/shm/shm_client.h"
#include "synctest.h"
#include "system.h"

int actor_main(void);

static struct syt_shared *s;
static sem_t *named[2]; /* what sem_open gave each slot */

static int map_object(uint32_t create)
{
    void *addr;
    int h = shm_open(SYT_OBJECT, create ? O_CREAT | O_RDWR : O_RDWR, SHM_MODE_ALL);
    if (h < 0) {
        return h;
    }
    if (create) {
        int err = shm_ftruncate(h, sizeof(struct syt_shared));
        if (err != PL_OK) {
            return err;
        }
    }
    int err = shm_mmap(h, 0, sizeof(struct syt_shared), PL_SHM_READ | PL_SHM_WRITE, &addr);
    if (err != PL_OK) {
        return err;
    }
    s = addr;
    if (create) {
        sem_init(&s->sem, 1, 0);
        mutex_init(&s->m);
        mutex_init(&s->m2);
        cond_init(&s->c);
    }
    return PL_OK;
}

static struct mutex *mutex_of(uint32_t a)
{
    return a ? &s->m2 : &s->m;
}

static int cond_wait_once(uint32_t a)
{
    struct mutex *m = mutex_of(a);
    int err = mutex_lock(m);
    if (err != PL_OK) {
        return err;
    }
    err = cond_wait(&s->c, m);
    (void)mutex_unlock(m);
    return err;
}

static int cond_signal_once(uint32_t all)
{
    int err = mutex_lock(&s->m);
    if (err != PL_OK) {
        return err;
    }
    err = all ? cond_broadcast(&s->c) : cond_signal(&s->c);
    (void)mutex_unlock(&s->m);
    return err;
}

/* The named semaphore's orders: they need no mapped object. */
static int named_order(struct qc_order o, uint32_t *value)
{
    sem_t **slot = &named[o.a & 1u];
    switch (o.op) {
    case SYT_NAMED_OPEN:
        return sem_open(SYT_NAMED, O_CREAT, SHM_MODE_ALL, 0, slot);
    case SYT_NAMED_POST:
        return sem_post(*slot);
    case SYT_NAMED_VALUE:
        return sem_getvalue(*slot, value);
    case SYT_NAMED_CLOSE:
        return sem_close(*slot);
    default:
        return sem_unlink(SYT_NAMED);
    }
}

static struct shmq *q;

static int queue_send(uint32_t word, uint32_t try)
{
    uint8_t msg[SYT_QUEUE_SIZE + 1u] = {0};
    uint32_t len = word == SYT_Q_BIG ? sizeof(msg) : sizeof(word);
    memcpy(msg, &word, sizeof(word));
    return try ? shmq_trysend(q, msg, len) : shmq_send(q, msg, len);
}

static int queue_receive(uint32_t cap, uint32_t try, uint32_t *word, uint32_t *len)
{
    uint32_t buf[2] = {0, 0};
    cap = cap ? cap : sizeof(buf);
    int err = try ? shmq_tryreceive(q, buf, cap, len) : shmq_receive(q, buf, cap, len);
    *word = buf[0];
    return err;
}

static struct qc_order act_queue(struct qc_order o)
{
    uint32_t word = 0, len = 0;
    int err;
    if (o.op == SYT_Q_OPEN) {
        err = shmq_open(SYT_QUEUE, o.a ? O_CREAT : 0, SHM_MODE_ALL, SYT_QUEUE_SLOTS, SYT_QUEUE_SIZE,
                        &q);
    } else if (!q) {
        err = PL_ESTATE;
    } else if (o.op == SYT_Q_SEND) {
        err = queue_send(o.a, o.b);
    } else {
        err = queue_receive(o.a, o.b, &word, &len);
    }
    return qc_next(err, word, len, 0, 0);
}

static struct qc_order act(struct qc_order o)
{
    uint32_t value = 0;
    int err;
    if (o.op >= SYT_Q_OPEN) {
        return act_queue(o);
    }
    if (o.op >= SYT_NAMED_OPEN) {
        err = named_order(o, &value);
        return qc_next(err, value, 0, 0, 0);
    }
    if (o.op != SYT_MAP && !s) {
        return qc_next(PL_ESTATE, 0, 0, 0, 0);
    }
    switch (o.op) {
    case SYT_MAP:
        err = map_object(o.a);
        break;
    case SYT_SEM_INIT:
        err = sem_init(&s->sem, 1, o.a);
        break;
    case SYT_SEM_WAIT:
        err = o.a ? sem_timedwait(&s->sem, o.a) : sem_wait(&s->sem);
        break;
    case SYT_SEM_TRY:
        err = sem_trywait(&s->sem);
        break;
    case SYT_SEM_POST:
        err = sem_post(&s->sem);
        break;
    case SYT_SEM_VALUE:
        err = sem_getvalue(&s->sem, &value);
        break;
    case SYT_SEM_DESTROY:
        err = sem_destroy(&s->sem);
        break;
    case SYT_LOCK:
        err = o.b ? mutex_timedlock(mutex_of(o.a), o.b) : mutex_lock(mutex_of(o.a));
        break;
    case SYT_TRYLOCK:
        err = mutex_trylock(mutex_of(o.a));
        break;
    case SYT_UNLOCK:
        err = mutex_unlock(mutex_of(o.a));
        break;
    case SYT_CONSISTENT:
        err = mutex_consistent(&s->m);
        break;
    case SYT_MUTEX_INIT:
        err = mutex_init(&s->m);
        break;
    case SYT_COND_WAIT:
        err = cond_wait_once(o.a);
        break;
    case SYT_COND_SIGNAL:
        err = cond_signal_once(o.b);
        break;
    case SYT_CEIL_INIT:
        err = mutex_init_ceiling(&s->mc, o.a);
        break;
    case SYT_CEIL_LOCK:
        err = mutex_lock(&s->mc);
        break;
    case SYT_CEIL_UNLOCK:
        err = mutex_unlock(&s->mc);
        break;
    default:
        err = PL_EINVAL;
        break;
    }
    return qc_next(err, value, 0, 0, 0);
}

int actor_main(void)
{
    qc_serve(act);
}

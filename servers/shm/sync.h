/*
 * servers/shm/sync.h - semaphores, mutexes and condition variables between tasks, built on
 * the shared-memory server's futexes (futex.h), as NPTL and musl build theirs.
 *
 * Every object is a few 32-bit words in memory the cooperating tasks share: a page of a named
 * shared-memory object (shm_client.h) mapped read-write by each of them. On Cortex-M there is
 * no address translation, so an object has the same address in every task that maps it. The
 * uncontended operations never leave the task: they are LDREX/STREX loops (GCC's __atomic
 * builtins). The server is called only to block (futex_wait, futex_lock) and to wake
 * (futex_wake, futex_unlock). A blocking operation on an object outside a page mapped from
 * the server is PL_EINVAL (the server refuses the word); its fast paths still work.
 *
 * Results are parley's: PL_OK or a negative enum pl_err, never errno. Every function first
 * checks its object's magic word (set by *_init, cleared by *_destroy): a never-initialised
 * or destroyed object is PL_EINVAL, never a hang or a crash. Timeouts are in ticks
 * (PL_WAIT_FOREVER: none; 0: do not block); a wait that is woken but finds the object taken
 * again waits anew for up to the same number of ticks (the library reads no clock).
 *
 * The names are those of POSIX (sem_*), or of POSIX without the pthread_ prefix (mutex_*,
 * cond_*): newlib for arm-none-eabi declares no sem_t and no semaphore.h, and its pthread.h
 * declares nothing without _POSIX_THREADS, so none of these names is taken on the target.
 * Signatures differ from POSIX where a result must be a pl_err (sem_open, sem_getvalue) and
 * where time is given (ticks, not a struct timespec).
 *
 * Rules (docs/ipc-catalogue.md, "Semaphores", "Mutexes", "Condition variables"):
 *   - semaphores count from 0 to SEM_VALUE_MAX; a post past it is PL_EOVERFLOW and changes
 *     nothing; a wait takes one or blocks, trywait is PL_EAGAIN at 0, a timed wait is
 *     PL_ETIMEDOUT, and a timeout already over still succeeds when the value is above 0;
 *   - a mutex belongs to the task that locked it: an unlock by another task is PL_EPERM, a
 *     second lock by the owner PL_EDEADLK. Mutexes are robust: the locker that finds the owner
 *     dead gets PL_EOWNERDEAD and holds the mutex; mutex_consistent() makes it usable again,
 *     an unlock without it leaves the mutex not recoverable (every later lock:
 *     PL_ENOTRECOVERABLE, until mutex_init);
 *   - priority inversion of an ordinary mutex is NOT bounded (a ceiling mutex's is, see
 *     mutex_init_ceiling): there is no priority inheritance. The server queues waiters most urgent
 * first and hands the mutex straight to the first on unlock, so a waiter waits for at most the
 * critical sections of the holder and of the more urgent waiters; but a low-priority holder that a
 *     medium-priority task preempts keeps a high-priority waiter waiting for as long as the
 *     medium task runs. Bound it by design: give every task sharing a mutex the same priority
 *     (a ceiling by hand) or let no task of a priority between theirs run long;
 *   - the shared-memory server restarted: a blocked operation returns PL_EDEAD at once and
 *     touches the object no more (the server's restart unmapped its pages from every task, so
 *     any later access faults); for cond_wait, m is then not held. Map the object again;
 *   - cond_wait(c, m) must be called with m held; it releases m and waits in one step as far
 *     as a signaller holding m can tell, and holds m again when it returns (whatever it
 *     returns: the relock's result, e.g. PL_EOWNERDEAD, comes first). Wake-ups may be
 *     spurious: callers loop on their predicate. A condition variable used with a second
 *     mutex while a task waits on it with the first is PL_EINVAL.
 */
#ifndef SERVERS_SHM_SYNC_H
#define SERVERS_SHM_SYNC_H

#include <stdint.h>

#include <parley/error.h>

/* ---- Semaphores ---- */

#define SEM_VALUE_MAX 0x7ffffffeu /* 0x7fffffff is kept for a destroyed semaphore */

typedef struct {
    uint32_t value;   /* count in bits 0..30; bit 31: a task may sleep on this word */
    uint32_t waiters; /* tasks inside a blocking wait (a task that died there stays counted) */
    uint32_t magic;   /* SYNC_SEM_UNNAMED or SYNC_SEM_NAMED while usable, else anything */
    uint32_t setup;   /* sem_open only: a robust lock word over the first opener's set-up */
} sem_t;

/* An unnamed semaphore at sem (in a page mapped from the shm server, for blocking to work).
 * pshared is accepted and ignored: every parley semaphore is between tasks. PL_EINVAL if
 * value > SEM_VALUE_MAX. */
int sem_init(sem_t *sem, int pshared, uint32_t value);
/* Unusable from now on (a task waiting on it wakes with PL_EINVAL). Not for a named one. */
int sem_destroy(sem_t *sem);
int sem_wait(sem_t *sem);
int sem_trywait(sem_t *sem);                       /* PL_EAGAIN at 0 */
int sem_timedwait(sem_t *sem, uint32_t timeout);   /* ticks; PL_ETIMEDOUT */
int sem_post(sem_t *sem);                          /* PL_EOVERFLOW at SEM_VALUE_MAX */
int sem_getvalue(sem_t *sem, uint32_t *value_out); /* the count (never negative) */

/* A named semaphore: the shared-memory object "sem.<name>" (a leading '/' of name is
 * dropped), mapped read-write. oflag: 0, O_CREAT or O_CREAT|O_EXCL (newlib's fcntl.h); mode
 * as for shm_open; value is the creator's (PL_EINVAL above SEM_VALUE_MAX). The first opener
 * with O_CREAT initialises it under a robust lock in the page; others wait for that, so no
 * opener ever sees a half-initialised semaphore. Without O_CREAT, an object whose creator has
 * not finished (or died before finishing) is PL_ENOENT. Each sem_open maps the object again
 * (the same address and the same window of the task: the client library counts the
 * mappings, shm_client.h): one sem_close per sem_open; the window goes with the last.
 * Errors: those of shm_open, shm_ftruncate and shm_mmap; PL_EINVAL for an empty name;
 * PL_ENAMETOOLONG past SEM_NAME_MAX; PL_EFULL past SEM_OPEN_MAX open in this task. */
#define SEM_NAME_MAX 11u /* bytes of name; "sem." makes the object name at most 15 */
#define SEM_OPEN_MAX 8u  /* named semaphores open at once in one task */
int sem_open(const char *name, int oflag, unsigned mode, uint32_t value, sem_t **out);
int sem_close(sem_t *sem); /* PL_EINVAL if sem was not opened by this task */
int sem_unlink(const char *name);

/* ---- Mutexes ---- */

struct mutex {
    uint32_t word;  /* 0, or the owner's task id | FUTEX_WAITERS | FUTEX_OWNER_DIED (futex.h) */
    uint32_t magic; /* SYNC_MUTEX while usable */
    uint32_t state; /* SYNC_MUTEX_OK or SYNC_MUTEX_NOTRECOVERABLE */
    uint32_t spare; /* a priority-ceiling mutex's ceiling + 1; 0: an ordinary mutex */
};

int mutex_init(struct mutex *m);
/* A priority-ceiling mutex: whoever locks it runs at priority `ceiling` (0 most urgent) until
 * it unlocks it (pl_prio_set; the immediate priority ceiling protocol), so no task between
 * the locker's priority and the ceiling can preempt it while it holds the mutex: a more urgent
 * task of the ones sharing it waits at most one critical section. The ceiling must be at least
 * as urgent as every task that locks it, and each locker's description must allow it
 * (`ceiling = ...` in its [task] section; else the lock is PL_EPERM). Ceiling mutexes held at
 * once (at most 8 a task, PL_EFULL past that) are unlocked in the reverse order of locking. */
int mutex_init_ceiling(struct mutex *m, uint32_t ceiling);
int mutex_destroy(struct mutex *m); /* PL_ESTATE while it is locked */
/* PL_OK, PL_EOWNERDEAD (held, inconsistent), PL_ENOTRECOVERABLE, PL_EDEADLK, PL_EINVAL. */
int mutex_lock(struct mutex *m);
/* PL_EAGAIN if held by anybody (the caller too). Does not ask the server, so it cannot tell
 * a dead owner: mutex_timedlock can. */
int mutex_trylock(struct mutex *m);
int mutex_timedlock(struct mutex *m, uint32_t timeout); /* ticks; PL_ETIMEDOUT */
int mutex_unlock(struct mutex *m);                      /* PL_EPERM if not the owner */
/* The owner, after PL_EOWNERDEAD, declares the protected state repaired. PL_EPERM if not the
 * owner, PL_EINVAL if the mutex is not inconsistent. */
int mutex_consistent(struct mutex *m);

/* ---- Condition variables ---- */

struct cond {
    uint32_t seq;     /* bumped by every signal and broadcast; waiters sleep on it */
    uint32_t magic;   /* SYNC_COND while usable */
    uint32_t waiters; /* tasks inside cond_wait (counted from before they read seq) */
    uintptr_t mutex;  /* the mutex of the waiters, while there are any */
};

int cond_init(struct cond *c);
int cond_destroy(struct cond *c); /* a task waiting on it wakes, relocks, gets PL_EINVAL */
/* PL_OK (woken or spuriously), the relock's error, PL_EPERM (m not held by the caller),
 * PL_EINVAL (c or m not usable, or c in use with another mutex). */
int cond_wait(struct cond *c, struct mutex *m);
int cond_timedwait(struct cond *c, struct mutex *m, uint32_t timeout); /* PL_ETIMEDOUT */
int cond_signal(struct cond *c);    /* wakes one waiter (the most urgent) if any */
int cond_broadcast(struct cond *c); /* wakes every waiter */

/* ---- Internals the host tests see ---- */

enum sync_magic {
    SYNC_SEM_UNNAMED = 0x53454d55u, /* "SEMU" */
    SYNC_SEM_NAMED = 0x53454d4eu,   /* "SEMN" */
    SYNC_MUTEX = 0x4d555458u,       /* "MUTX" */
    SYNC_COND = 0x434f4e44u,        /* "COND" */
};

enum sync_mutex_state {
    SYNC_MUTEX_OK = 0,
    SYNC_MUTEX_NOTRECOVERABLE = 1,
};

#define SYNC_SEM_SLEEPERS  0x80000000u /* sem_t.value: a task may sleep on the word */
#define SYNC_SEM_COUNT     0x7fffffffu
#define SYNC_SEM_DESTROYED 0xffffffffu /* sem_t.value of a destroyed semaphore */

/* The caller's task id, what the mutex words hold (sync_self.c: pl_task_self(), asked once per
 * life of the task; the host tests give each thread its own). Never 0. */
uint32_t sync_self(void);
/* pl_prio_set() (sync_self.c), for the ceiling mutexes: the old priority or a pl_err. */
int sync_prio_set(uint32_t priority);

#endif

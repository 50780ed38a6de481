/*
 * tests/host/fake_futex.h - what tests/host/test_sync.c sees of its fake shm server
 * (fake_futex.c): the futexes of servers/shm/futex.h and the client calls of shm_client.h,
 * with the threads of one process standing for tasks.
 *
 * Each thread is a task: sync_self() gives it an id of its own (taken on its first use, or
 * set with fake_task_set). fake_task_die marks an id dead, as the server learns when a task
 * faults: a robust lock held by it is then taken over by the first task waiting for it
 * (PL_EOWNERDEAD), or by the next locker. A tick is a millisecond.
 */
#ifndef TESTS_HOST_FAKE_FUTEX_H
#define TESTS_HOST_FAKE_FUTEX_H

#include <stdint.h>

#define FAKE_SHM_PAGE     1024u
#define FAKE_SHM_NAME_MAX 31u /* longest name the fake server takes */
#define FAKE_SHM_OBJECTS  8u
#define FAKE_SHM_WINDOWS  12u /* mappings one task may hold at once */

void fake_task_set(uint32_t id);
void fake_task_die(uint32_t id);
/* This thread's priority (own, and the ceiling it may raise itself to: pl_prio_set's rule)
 * and the priority it runs at now. */
void fake_prio_allow(uint32_t own, uint32_t ceiling);
uint32_t fake_prio_now(void);

/* Let the futexes accept words in [addr, addr + len) (an unnamed object's memory, as if
 * mapped from the server). */
void fake_shared(void *addr, uint32_t len);

/* How many futex calls of each kind the process has made. */
struct fake_futex_calls {
    uint32_t wait, wake, lock, unlock;
    uint32_t timeouts; /* futex_wait and futex_lock calls that ended by their timeout */
};
struct fake_futex_calls fake_futex_count(void);
uint32_t fake_futex_total(void);

/* Tasks (threads) queued in the server right now, on any word. */
uint32_t fake_futex_queued(void);

#endif

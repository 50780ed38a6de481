/*
 * servers/shm/futex.h - blocking on a 32-bit word in named shared memory, through the
 * shared-memory server (shm.h): the slow half of semaphores, mutexes and condition variables
 * whose fast half is a compare-and-swap on the word in the caller's own mapping.
 *
 * The word must lie in a page this task mapped with shm_mmap (shm_client.h). The server
 * reads and changes it in its own mapping of the same page, with compare-and-swap; it changes
 * a word (futex_lock, futex_unlock) only for a task that mapped its page read-write
 * (PL_EACCES otherwise). Without `caps = status` the server cannot tell a dead owner (never
 * PL_EOWNERDEAD) nor a task's priority (waiters woken in arrival order only).
 * A mapping made before the server restarted is PL_EDEAD in every call.
 */
#ifndef SERVERS_FUTEX_H
#define SERVERS_FUTEX_H

#include <stdint.h>

#define FUTEX_WAITERS    0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
/* Block while *word == expected (checked by the server, atomically with respect to wakes).
   PL_OK: woken, or spuriously (callers re-check); PL_EAGAIN: *word != expected already;
   PL_ETIMEDOUT (timeout in ticks; PL_WAIT_FOREVER none; PL_NO_WAIT is PL_EINVAL);
   PL_EINVAL: not 4-aligned or not inside a page this task has mapped from the shm server. */
int futex_wait(volatile uint32_t *word, uint32_t expected, uint32_t timeout);
/* Wake up to count waiters on the word (UINT32_MAX: all), most urgent first, FIFO among equals.
   Returns how many (>= 0) or PL_EINVAL. */
int futex_wake(volatile uint32_t *word, uint32_t count);
/* The contended half of a robust mutex; `self` is the caller's pl_task_self(). The server
   takes the word for self if it is 0 (PL_OK), or if its owner is dead (word := self |
   FUTEX_OWNER_DIED | waiters bit if others wait; returns PL_EOWNERDEAD), or queues the caller and
   sets FUTEX_WAITERS, returning PL_OK once the word was handed to it; PL_ETIMEDOUT; PL_EDEADLK if
   the word already names self; PL_EINVAL as above. The server checks that `self` is really
   the caller's id (PL_EPERM otherwise): nobody may lock in another task's name. */
int futex_lock(volatile uint32_t *word, uint32_t self, uint32_t timeout);
/* The contended half of unlock: the caller (must be the owner named in the word, else PL_EPERM)
   gives the word away: to the most urgent waiter (word := its id | FUTEX_WAITERS if more wait;
   it returns PL_OK from futex_lock) or 0. The OWNER_DIED bit, if set, is carried over unless the
   library cleared it. */
int futex_unlock(volatile uint32_t *word, uint32_t self);

#endif

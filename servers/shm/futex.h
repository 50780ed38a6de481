#ifndef PARLEY_FUTEX_H
#define PARLEY_FUTEX_H
#include <stdint.h>
#define FUTEX_WAITERS    0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
/* Block while *word == expected (checked by the server, atomically with respect to wakes).
   PL_OK: woken, or spuriously (callers re-check); PL_EAGAIN: *word != expected already;
   PL_ETIMEDOUT (timeout in ticks; PL_WAIT_FOREVER none; PL_NO_WAIT is PL_EINVAL);
   PL_EINVAL: not 4-aligned or not inside a page this task has mapped from the shm server. */
int futex_wait(volatile uint32_t *word, uint32_t expected, uint32_t timeout);
/* Wake up to count waiters (UINT32_MAX: all). Returns how many (>= 0) or PL_EINVAL. */
int futex_wake(volatile uint32_t *word, uint32_t count);
/* Contended half of a robust mutex; self = the caller's pl_task_self() (< 2^30). Takes the word
   for self if 0 (PL_OK), or if its owner is dead (word := self | FUTEX_OWNER_DIED [| WAITERS];
   PL_EOWNERDEAD), or queues the caller and sets FUTEX_WAITERS, returning PL_OK once the word was
   handed to it; PL_ETIMEDOUT; PL_EDEADLK if the word already names self; PL_EINVAL as above. */
int futex_lock(volatile uint32_t *word, uint32_t self, uint32_t timeout);
/* Contended half of unlock: the owner (else PL_EPERM) hands the word to the most urgent waiter
   (word := its id [| FUTEX_WAITERS if more wait]) or sets it to 0. The OWNER_DIED bit, if set, is
   carried over unless the library cleared it (mutex_consistent). */
int futex_unlock(volatile uint32_t *word, uint32_t self);
#endif

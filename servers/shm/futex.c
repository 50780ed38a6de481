/*
 * servers/shm/futex.c - futex.h: each call finds the word's page and offset in the task's
 * table of mappings (shm_client.c) and makes one request to the shared-memory server.
 */
#include <stddef.h>

#include "futex.h"
#include "parley.h"
#include "shm_client.h"

static int futex_call(uint32_t op, volatile uint32_t *word, uint32_t arg, uint32_t timeout,
                      uint32_t *out)
{
    uint32_t page, off;
    struct shm_futex_req r = {0, arg, timeout};
    int err = shm_client_locate(word, &page, &off, &r.gen);
    return err != PL_OK ? err : shm_client_call(op, page, off, &r, sizeof(r), out);
}

int futex_wait(volatile uint32_t *word, uint32_t expected, uint32_t timeout)
{
    if (timeout == PL_NO_WAIT) {
        return PL_EINVAL;
    }
    return futex_call(SHM_FUTEX_WAIT, word, expected, timeout, NULL);
}

int futex_wake(volatile uint32_t *word, uint32_t count)
{
    uint32_t n = 0;
    int err = futex_call(SHM_FUTEX_WAKE, word, count, 0, &n);
    return err != PL_OK ? err : (int)n;
}

int futex_lock(volatile uint32_t *word, uint32_t self, uint32_t timeout)
{
    return futex_call(SHM_FUTEX_LOCK, word, self, timeout, NULL);
}

int futex_unlock(volatile uint32_t *word, uint32_t self)
{
    return futex_call(SHM_FUTEX_UNLOCK, word, self, 0, NULL);
}

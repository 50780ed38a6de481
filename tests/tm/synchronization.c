/*
 * tests/tm/synchronization.c - Thread-Metric "synchronization processing", parley's port.
 *
 * The test: one thread, in a loop, gets a semaphore that is available and puts it back, and
 * counts. The counted unit is one get plus one put. The check: every get and put succeeds.
 *
 * parley's semaphore is the synchronisation library's (servers/shm/sync.h): a counting
 * semaphore in a named shared-memory object, created here with the value 1. A get of an
 * available semaphore and its put are one compare-and-swap each in the task's own mapping
 * (LDREX/STREX); neither enters the kernel, and the shared-memory server would be called only
 * to block a getter or wake one, which never happens here.
 */
#include <fcntl.h>

#include "../../servers/shm/shm_client.h"
#include "../../servers/shm/sync.h"
#include "parley.h"
#include "system_all.h"
#include "tm.h"

int sync_main(void);

/* The semaphore, in its own object (the task's second window; the first holds the page the
 * reporter counts in). */
static sem_t *make_semaphore(void)
{
    void *addr = 0;
    int h = shm_open("tm.sem", O_CREAT | O_RDWR, SHM_MODE_ALL);
    if (h < 0 || shm_ftruncate(h, sizeof(sem_t)) != PL_OK ||
        shm_mmap(h, 0, sizeof(sem_t), PL_SHM_READ | PL_SHM_WRITE, &addr) != PL_OK ||
        sem_init(addr, 1, 1) != PL_OK) {
        static const char msg[] = "tm: cannot make the semaphore\r\n";
        (void)pl_debug_write(msg, sizeof(msg) - 1u);
        pl_exit(1);
    }
    return addr;
}

int sync_main(void)
{
    sem_t *sem = make_semaphore();
    struct tm_shared *sh = tm_shared_map_in(1); /* window 0: the semaphore's object */
    for (;;) {
        if (sem_wait(sem) != PL_OK) {
            sh->errors[0]++;
        }
        if (sem_post(sem) != PL_OK) {
            sh->errors[0]++;
        }
        sh->count[0]++;
    }
}

/*
 * tests/bench/servers/futex_partner.c - the other side of futex_wake_wait (bench_shm.c), in
 * its own MPU domain: for ever, wait until word 0 changes, copy it to word 1 and wake the
 * bench. The bench creates the object and then signals fpartner_go, which the partner waits
 * for before it opens and maps it.
 */
#include <fcntl.h>

#include "../../../servers/shm/futex.h"
#include "../../../servers/shm/shm_client.h"
#include "bench_servers.h"
#include "parley.h"
#include "system.h"

int fpartner_main(void);
int fpartner_main(void)
{
    void *addr;
    int h;
    uint32_t bits;
    (void)pl_ntfn_wait(NTFN_FPARTNER_GO, 1u, &bits, PL_WAIT_FOREVER);
    while ((h = shm_open(BS_SHM_FX, O_RDWR, 0)) < 0) {
        pl_sleep(1);
    }
    while (shm_mmap(h, 0, PAGE_SIZE, PL_SHM_READ | PL_SHM_WRITE, &addr) != PL_OK) {
        pl_sleep(1);
    }
    volatile uint32_t *fx = addr;
    uint32_t seen = 0;
    for (;;) {
        while (fx[0] == seen) {
            futex_wait(&fx[0], seen, PL_WAIT_FOREVER);
        }
        seen = fx[0];
        fx[1] = seen;
        futex_wake(&fx[1], 1);
    }
}

/*
 * tests/bench/servers/sync_partner.c - the other side of sem_post_wait (bench_sync.c), in its
 * own MPU domain: for ever, wait on `ping` and post `pong`. The bench creates the object and
 * signals spartner_go, which the partner waits for; then it maps the object and waits (a tick
 * at a time) until the bench has set it up (`ready`).
 */
#include <fcntl.h>

#include "../../../servers/shm/shm_client.h"
#include "../../../servers/shm/sync.h"
#include "bench_servers.h"
#include "parley.h"
#include "pl_order.h"
#include "system.h"

int spartner_main(void);
int spartner_main(void)
{
    void *addr;
    int h;
    uint32_t bits;
    (void)pl_ntfn_wait(NTFN_SPARTNER_GO, 1u, &bits, PL_WAIT_FOREVER);
    while ((h = shm_open(BS_SHM_SYNC, O_RDWR, 0)) < 0) {
        pl_sleep(1);
    }
    while (shm_mmap(h, 0, sizeof(struct bs_sync), PL_SHM_READ | PL_SHM_WRITE, &addr) != PL_OK) {
        pl_sleep(1);
    }
    struct bs_sync *s = addr;
    while (!pl_load_acquire(&s->ready)) {
        pl_sleep(1);
    }
    for (;;) {
        sem_wait(&s->ping);
        sem_post(&s->pong);
    }
}

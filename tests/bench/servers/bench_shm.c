/*
 * tests/bench/servers/bench_shm.c - the shared-memory server, measured (instructions under
 * qemu -icount shift=0):
 *   shm_map          shm_mmap of one read-write page of an open object and its shm_munmap:
 *                    two requests to the server, its grant and revoke, and the client's
 *                    pl_shm_map and pl_shm_unmap
 *   futex_wake_wait  one futex_wake in one task that ends another's futex_wait: half of a
 *                    round trip (bench wakes the partner on word 0, the partner wakes the
 *                    bench on word 1)
 */
#include <fcntl.h>

#include "../../../servers/shm/futex.h"
#include "../../../servers/shm/shm_client.h"
#include "../bench.h"
#include "bench_servers.h"
#include "parley.h"
#include "system.h"

#define MAPS   500u
#define ROUNDS 1000u

static int map_h;
static volatile uint32_t *fx;

static void maps(uint32_t n)
{
    void *addr;
    for (uint32_t i = 0; i < n; i++) {
        shm_mmap(map_h, 0, PAGE_SIZE, PL_SHM_READ | PL_SHM_WRITE, &addr);
        shm_munmap(addr, PAGE_SIZE);
    }
}

static uint32_t seq;

static void rounds(uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        seq++;
        fx[0] = seq;
        futex_wake(&fx[0], 1);
        uint32_t v;
        while ((v = fx[1]) != seq) {
            futex_wait(&fx[1], v, PL_WAIT_FOREVER);
        }
    }
}

void bench_shm(void);
void bench_shm(void)
{
    void *addr;
    map_h = shm_open(BS_SHM_MAP, O_CREAT | O_RDWR, SHM_MODE_ALL);
    shm_ftruncate(map_h, PAGE_SIZE);
    bench_report("shm_map", bench_measure(maps, MAPS, 1), "insn/op");
    int h = shm_open(BS_SHM_FX, O_CREAT | O_RDWR, SHM_MODE_ALL);
    shm_ftruncate(h, PAGE_SIZE);
    if (shm_mmap(h, 0, PAGE_SIZE, PL_SHM_READ | PL_SHM_WRITE, &addr) != PL_OK) {
        return;
    }
    fx = addr;
    (void)pl_ntfn_signal(NTFN_FPARTNER_GO, 1u); /* the object exists */
    rounds(10);                                 /* the partner has mapped the page and waits */
    bench_report("futex_wake_wait", bench_measure(rounds, ROUNDS, 2), "insn/op");
}

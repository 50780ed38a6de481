/*
 * tests/qemu/mpu_switch/turns.c - holder maps its 64K page, writes it, yields to other (whose
 * window slot is empty), checks the page, unmaps it and yields again; other only yields.
 * Each switch and each map or unmap reloads the MPU with a large no-execute region in a slot
 * that the next load empties, or the other way round.
 */
#include <parley.h>
#include "system.h"
#include "turns.h"

int holder_main(void);
int other_main(void);

int holder_main(void)
{
    for (uint32_t i = 0; i < TURNS; i++) {
        void *addr = 0;
        if (pl_shm_map(PAGE_HOLDER_0, 0, &addr) != PL_OK) {
            return TURNS_MAP_FAILED;
        }
        volatile uint32_t *w = addr;
        w[0] = i;
        w[PAGE_SIZE / 4u - 1u] = ~i; /* both ends of the region */
        pl_yield();
        if (w[0] != i || w[PAGE_SIZE / 4u - 1u] != ~i) {
            return TURNS_PAGE_LOST;
        }
        if (pl_shm_unmap(0) != PL_OK) {
            return TURNS_UNMAP_FAILED;
        }
        pl_yield();
    }
    return TURNS_OK;
}

int other_main(void)
{
    for (uint32_t i = 0; i < 2u * TURNS; i++) {
        pl_yield();
    }
    return TURNS_OK;
}

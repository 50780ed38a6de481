/*
 * tests/qemu/pmsav8_edges/neighbours.c - the tasks whose RAM touches edge's on either side.
 * Each sets a canary in the bytes next to edge's region, then keeps sleeping and checking
 * it; should it ever change, an access of edge went through, and the task traps on purpose so
 * that the judge sees it fault.
 */
#include "edges.h"
#include "parley.h"

#define REG(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

int below_main(void);
int above_main(void);

static void guard(uint32_t addr, uint32_t value)
{
    REG(addr) = value;
    for (;;) {
        pl_sleep(2);
        if (REG(addr) != value) {
            __builtin_trap();
        }
    }
}

int below_main(void)
{
    guard(BELOW_CANARY_ADDR, BELOW_CANARY_VALUE);
    return 0;
}

int above_main(void)
{
    guard(ABOVE_CANARY_ADDR, ABOVE_CANARY_VALUE);
    return 0;
}

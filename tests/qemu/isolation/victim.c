/*
 * tests/qemu/isolation/victim.c - the task the offenders aim at. It sets a canary in its own
 * RAM and one in the device it owns, then keeps sleeping and checking them. If either ever
 * changes, isolation was broken: it traps on purpose, so the judge sees a fault on the victim.
 */
#include "isolation.h"
#include "parley.h"

#define REG(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

int victim_main(void);

int victim_main(void)
{
    REG(VICTIM_CANARY_ADDR) = VICTIM_CANARY_VALUE;
    REG(VICTIM_TIMER_RELOAD_ADDR) = VICTIM_TIMER_RELOAD_VALUE;
    for (;;) {
        pl_sleep(2);
        if (REG(VICTIM_CANARY_ADDR) != VICTIM_CANARY_VALUE ||
            REG(VICTIM_TIMER_RELOAD_ADDR) != VICTIM_TIMER_RELOAD_VALUE) {
            __builtin_trap();
        }
    }
}

/*
 * user/dev/nrf51/dev_idle.h - how the idle task waits on the nRF51 boards: `wfi`. The kernel's
 * tick on `microbit` is SysTick, which QEMU's model keeps counting while the core sleeps.
 * A real nRF51's Cortex-M0 has no SysTick at all (docs/porting.md, "microbit"); a port to the
 * chip would take the tick from an RTC and could still sleep here.
 */
#ifndef USER_DEV_IDLE_H
#define USER_DEV_IDLE_H

static inline void dev_idle_wait(void)
{
    __asm volatile("wfi" ::: "memory");
}

#endif

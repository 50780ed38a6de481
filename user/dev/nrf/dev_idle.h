/*
 * user/dev/nrf/dev_idle.h - how the idle task (user/lib/idle.c) waits for the next interrupt on
 * the nRF52 boards: it does not sleep. The kernel's tick is SysTick, which counts the CPU
 * clock, and the nRF52 stops that clock while the core sleeps in WFI or WFE (other systems'
 * nRF52 ports take their tick from an RTC for this reason): with WFI here, a system whose
 * tasks all wait for time would never be woken. So the idle task spins, an interrupt preempts
 * it at once, and the price is power. To verify on hardware; the way out is a kernel tick
 * from an RTC (docs/porting.md, "nrf52840-dk").
 */
#ifndef USER_DEV_IDLE_H
#define USER_DEV_IDLE_H

static inline void dev_idle_wait(void)
{
    __asm volatile("" ::: "memory");
}

#endif

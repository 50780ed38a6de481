/*
 * user/dev/rp2040/dev_idle.h - how the idle task (user/lib/idle.c) waits for the next
 * interrupt on the RP2040: WFI, which sleeps the core. SysTick, the kernel's tick, counts
 * clk_sys, which keeps running in this sleep (the clock gates of CLOCKS' SLEEP_EN registers
 * are all open from reset and parley closes none); to verify on hardware (user/dev/README.md).
 */
#ifndef USER_DEV_IDLE_H
#define USER_DEV_IDLE_H

static inline void dev_idle_wait(void)
{
    __asm volatile("wfi");
}

#endif

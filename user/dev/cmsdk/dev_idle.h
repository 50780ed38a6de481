/*
 * user/dev/cmsdk/dev_idle.h - how the idle task (user/lib/idle.c) waits for the next
 * interrupt on this family's boards: WFI, which sleeps the core; SysTick, the kernel's tick,
 * keeps counting (user/dev/README.md).
 */
#ifndef USER_DEV_IDLE_H
#define USER_DEV_IDLE_H

static inline void dev_idle_wait(void)
{
    __asm volatile("wfi");
}

#endif

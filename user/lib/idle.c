/*
 * user/lib/idle.c - the idle task, added to every system by sysgen at the lowest priority.
 * It runs unprivileged like any task and sleeps the core until the next interrupt
 * (WFI is allowed in unprivileged Thread mode on ARMv7-M).
 */
int idle_main(void);

int idle_main(void)
{
    for (;;) {
        __asm volatile("wfi");
    }
}

/*
 * arch/cortex-m/handlers.c - the system exceptions that need no context switch of their own.
 * SysTick advances kernel time (which may pend PendSV); NMI is never expected.
 */
#include "arch.h"

void SysTick_Handler(void);
void NMI_Handler(void);

void SysTick_Handler(void)
{
    kernel_tick();
}

void NMI_Handler(void)
{
    panic("unexpected NMI or debug monitor exception");
}

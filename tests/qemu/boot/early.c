/*
 * tests/qemu/boot/early.c - raises a tick and a device interrupt on the boot thread.
 *
 * Linked into this image's kernel only (kernel_sources in system.ini); kernel_main calls
 * kernel_test_hook() once, privileged, after the notifications have unmasked their owned
 * interrupts and before it starts the tick and the first task.
 */
#include <stdint.h>

#include "arch.h"
#include "board.h"
#include "board_regs.h"
#include "sysdesc.h"

void kernel_test_hook(void);

#define NVIC_ISPR0 (*(volatile uint32_t *)0xE000E200u) /* set-pending, interrupts 0-31 */
#define TIMER0_IRQ 8u                                  /* board.ini: timer0:8 */
#define TIMER1_IRQ 9u                                  /* board.ini: timer1:9 */
#define SPIN_LOOPS 200000u /* several ticks: about 3 instructions a turn, 31,250 a tick */

void kernel_test_hook(void)
{
    arch_timer_start(board_cpu_hz(), sys_config.tick_hz); /* ticks from now on */
    NVIC_ISPR0 = 1u << TIMER0_IRQ;                        /* and the judge's interrupt */
    for (volatile uint32_t i = 0; i < SPIN_LOOPS; i++) {
    }
    NVIC_ISPR0 = 1u << TIMER1_IRQ; /* the boot went on to here: the judge sees this one too */
    kprintf("[boot test] the boot thread ran on through its ticks and a pending interrupt\r\n");
}

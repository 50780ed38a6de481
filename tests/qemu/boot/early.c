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

/* set-pending, one word per 32 interrupts */
#define NVIC_ISPR(irq) (*(volatile uint32_t *)(0xE000E200u + 4u * ((irq) / 32u)))
#define PEND(irq)      (NVIC_ISPR(irq) = 1u << ((irq) % 32u))
/* The board's numbers for timer0 and timer1: the judge's notification (the image's only one)
 * has them as bits 0 and 1 (system.ini). */
#define IRQ_OF_BIT(b) (sys_ntfn_descs[0].irq_of_bit[b])
#define SPIN_LOOPS    200000u /* several ticks: about 3 instructions a turn, 31,250 a tick */

void kernel_test_hook(void)
{
    arch_timer_start(board_cpu_hz(), sys_config.tick_hz); /* ticks from now on */
    PEND(IRQ_OF_BIT(0));                                  /* and the judge's interrupt */
    for (volatile uint32_t i = 0; i < SPIN_LOOPS; i++) {
    }
    PEND(IRQ_OF_BIT(1)); /* the boot went on to here: the judge sees this one too */
    kprintf("[boot test] the boot thread ran on through its ticks and a pending interrupt\r\n");
}

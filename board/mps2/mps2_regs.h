/*
 * board/mps2/mps2_regs.h - what the MPS2 FPGA images parley runs on (AN385, AN386, AN500) have
 * in common where parley looks, as documented in ARM's application notes and modelled by
 * QEMU: the 25 MHz clock, the CMSDK APB timers and UART0 at the same addresses, and the UART's
 * registers (cmsdk_uart.h). Each board's board_regs.h includes it and adds its CPU. The
 * AN505 (board/mps2-an505) has another map and gives its own.
 */
#ifndef BOARD_MPS2_REGS_H
#define BOARD_MPS2_REGS_H

#define BOARD_IRQ_COUNT 32u       /* external interrupts wired to the NVIC */
#define MPS2_SYSCLK_HZ  25000000u /* the core, SysTick and APB timers: 25 MHz (in QEMU too) */

#define MPS2_TIMER0_BASE 0x40000000u /* CMSDK APB timer, IRQ 8 */
#define MPS2_TIMER1_BASE 0x40001000u /* CMSDK APB timer, IRQ 9 */
#define MPS2_UART0_BASE  0x40004000u /* CMSDK APB UART, RX IRQ 0, TX IRQ 1 */

#include "cmsdk_uart.h"

#endif

/*
 * board/mps2-an500/board_regs.h - memory map of the ARM MPS2 board with the AN500 FPGA image
 * (Cortex-M7), as documented in ARM Application Note AN500 and modelled by QEMU's mps2-an500.
 */
#ifndef BOARD_MPS2_AN500_REGS_H
#define BOARD_MPS2_AN500_REGS_H

#define BOARD_IRQ_COUNT 32u       /* external interrupts wired to the NVIC */
#define AN500_SYSCLK_HZ 25000000u /* the core, SysTick and APB timers: 25 MHz in QEMU's model */

/* The CPU, as arch_cpu_name() names it: tests/qemu/float checks the running CPU against it (a
 * QEMU_MACHINE that runs another CPU), tools/check-boards.py against board.ini's cpu. */
#define BOARD_CPU_NAME "Cortex-M7"

#define AN500_TIMER0_BASE 0x40000000u /* CMSDK APB timer, IRQ 8 */
#define AN500_TIMER1_BASE 0x40001000u /* CMSDK APB timer, IRQ 9 */
#define AN500_UART0_BASE  0x40004000u /* CMSDK APB UART, RX IRQ 0, TX IRQ 1 */

/* CMSDK APB UART registers (offsets) */
#define UART_DATA          0x00u
#define UART_STATE         0x04u
#define UART_CTRL          0x08u
#define UART_INTSTATUS     0x0cu
#define UART_BAUDDIV       0x10u
#define UART_STATE_TX_FULL (1u << 0)
#define UART_STATE_RX_FULL (1u << 1)
#define UART_CTRL_TX_EN    (1u << 0)
#define UART_CTRL_RX_EN    (1u << 1)

#endif

/*
 * board/mps2/cmsdk_uart.h - the registers of ARM's CMSDK APB UART (Cortex-M System Design Kit),
 * which every MPS2 FPGA image parley runs on has as UART0, wherever its map puts it.
 */
#ifndef BOARD_MPS2_CMSDK_UART_H
#define BOARD_MPS2_CMSDK_UART_H

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

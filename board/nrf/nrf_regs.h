/*
 * board/nrf/nrf_regs.h - what the nRF51 and nRF52 boards share: GPIO port P0 and the legacy
 * UART0 (polled, no EasyDMA) at the same addresses and offsets on both families (Nordic's
 * nRF51 Series Reference Manual and nRF52840 Product Specification, "GPIO" and "UART").
 * Each board's board_regs.h includes it and adds its clocks, interrupt count and console pins.
 */
#ifndef BOARD_NRF_REGS_H
#define BOARD_NRF_REGS_H

/* GPIO P0 */
#define NRF_P0_BASE     0x50000000u
#define GPIO_OUTSET     0x508u
#define GPIO_DIRSET     0x518u
#define GPIO_PIN_CNF(n) (0x700u + 4u * (n))
#define GPIO_PIN_OUTPUT 0x1u /* DIR output, input buffer connected, no pull */
#define GPIO_PIN_INPUT  0x0u /* DIR input, input buffer connected, no pull */

/* UART0 (on the nRF52 the deprecated UART in UARTE0's slot: ENABLE = 4 selects it) */
#define NRF_UART0_BASE     0x40002000u
#define UART_TASKS_STARTRX 0x000u
#define UART_TASKS_STARTTX 0x008u
#define UART_EVENTS_TXDRDY 0x11cu
#define UART_INTENCLR      0x308u
#define UART_ENABLE        0x500u
#define UART_PSEL_RTS      0x508u
#define UART_PSEL_TXD      0x50cu
#define UART_PSEL_CTS      0x510u
#define UART_PSEL_RXD      0x514u
#define UART_TXD           0x51cu
#define UART_BAUDRATE      0x524u
#define UART_CONFIG        0x56cu
#define UART_ENABLE_UART   4u
#define UART_BAUD_115200   0x01d7e000u
#define UART_PSEL_NONE     0xffffffffu /* disconnected (on the nRF52, CONNECT = bit 31 set) */
#define UART_CONFIG_8N1    0u          /* no parity, one stop bit, no flow control */

#endif

/*
 * board/microbit/board_regs.h - the BBC micro:bit (v1: Nordic nRF51822, Cortex-M0) as QEMU 7.2's
 * `microbit` machine runs it. Register offsets from Nordic's nRF51 Series Reference Manual
 * ("UART", "GPIO"); addresses checked against QEMU's `info mtree`.
 */
#ifndef BOARD_MICROBIT_REGS_H
#define BOARD_MICROBIT_REGS_H

#define BOARD_IRQ_COUNT 32u /* the nRF51's peripheral IDs 0-31 (32 NVIC lines on its M0) */

#define NRF_CPU_HZ 16000000u /* the 16 MHz HFCLK; QEMU's SysTick counts at the same rate */

#define NRF_P0_BASE     0x50000000u
#define GPIO_OUTSET     0x508u
#define GPIO_DIRSET     0x518u
#define GPIO_PIN_CNF(n) (0x700u + 4u * (n))
#define GPIO_PIN_OUTPUT 0x1u /* DIR output, input buffer connected, no pull */
#define GPIO_PIN_INPUT  0x0u /* DIR input, input buffer connected, no pull */

#define NRF_UART0_BASE     0x40002000u
#define UART_TASKS_STARTRX 0x000u
#define UART_TASKS_STARTTX 0x008u
#define UART_EVENTS_TXDRDY 0x11cu
#define UART_INTENCLR      0x308u
#define UART_ENABLE        0x500u
#define UART_PSELRTS       0x508u
#define UART_PSELTXD       0x50cu
#define UART_PSELCTS       0x510u
#define UART_PSELRXD       0x514u
#define UART_TXD           0x51cu
#define UART_BAUDRATE      0x524u
#define UART_CONFIG        0x56cu
#define UART_ENABLE_UART   4u
#define UART_BAUD_115200   0x01d7e000u
#define UART_PSEL_NONE     0xffffffffu /* disconnected */
#define UART_CONFIG_8N1    0u

/* The micro:bit's USB serial: the interface chip's UART on P0.24 (nRF TX) and P0.25 (nRF RX) */
#define NRF_CONSOLE_TX_PIN 24u
#define NRF_CONSOLE_RX_PIN 25u

#define BOARD_CPU_NAME "Cortex-M0"

#endif

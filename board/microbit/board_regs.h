/*
 * board/microbit/board_regs.h - the BBC micro:bit (v1: Nordic nRF51822, Cortex-M0) as QEMU 7.2's
 * `microbit` machine runs it. Register offsets from Nordic's nRF51 Series Reference Manual
 * ("UART", "GPIO"); addresses checked against QEMU's `info mtree`.
 */
#ifndef BOARD_MICROBIT_REGS_H
#define BOARD_MICROBIT_REGS_H

#include "../nrf/nrf_regs.h" /* GPIO P0 and UART0, as on every nRF */

#define BOARD_IRQ_COUNT 32u /* the nRF51's peripheral IDs 0-31 (32 NVIC lines on its M0) */

#define NRF_CPU_HZ 16000000u /* the 16 MHz HFCLK; QEMU's SysTick counts at the same rate */

/* The micro:bit's USB serial: the interface chip's UART on P0.24 (nRF TX) and P0.25 (nRF RX) */
#define NRF_CONSOLE_TX_PIN 24u
#define NRF_CONSOLE_RX_PIN 25u

#define BOARD_CPU_NAME "Cortex-M0"

#endif

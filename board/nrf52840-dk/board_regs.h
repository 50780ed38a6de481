/*
 * board/nrf52840-dk/board_regs.h - Nordic's nRF52840-DK (nRF52840, Cortex-M4F): what parley
 * looks at, from the nRF52840 Product Specification (v1.x): the interrupt count, the clock
 * controller (CLOCK), GPIO port P0 and the legacy UART0 registers of the console (UARTE0's
 * slot; ENABLE = 4 selects the UART without EasyDMA), wired on the DK to the interface MCU's
 * virtual COM port: P0.06 (TX), P0.08 (RX).
 */
#ifndef BOARD_NRF52840_DK_REGS_H
#define BOARD_NRF52840_DK_REGS_H

#include "../nrf/nrf_regs.h" /* GPIO P0 and UART0, as on every nRF */

/* Interrupt numbers are peripheral IDs; the last one with an interrupt is SPIM3, 47. */
#define BOARD_IRQ_COUNT 48u

/* The CPU always runs at 64 MHz, from the internal oscillator after reset and from the
 * crystal once board_init() has started it; SysTick counts the CPU clock. */
#define NRF_CPU_HZ 64000000u

/* CLOCK (PS section "CLOCK"): the 64 MHz crystal oscillator (HFXO: the DK has its 32 MHz
 * crystal), which makes the UART's baud rate and the TIMERs exact (the internal oscillator is
 * within a few percent), and the low-frequency clock the RTCs count (32768 Hz) */
#define NRF_CLOCK_BASE          0x40000000u
#define CLOCK_TASKS_HFCLKSTART  0x000u
#define CLOCK_EVENTS_HFCLKSTART 0x100u
#define CLOCK_HFXO_WAIT_LOOPS   1000000u /* a bound, some tens of ms: the crystal needs < 1 ms */
#define CLOCK_TASKS_LFCLKSTART  0x008u
#define CLOCK_EVENTS_LFCLKSTART 0x104u
#define CLOCK_LFCLKSRC          0x518u
#define CLOCK_LFCLKSRC_RC       0u /* the internal RC oscillator: needs nothing on the board */

/* The DK's console pins (DK user guide, "Virtual COM port"): port 0 */
#define NRF_CONSOLE_TX_PIN 6u
#define NRF_CONSOLE_RX_PIN 8u

/* The CPU, as arch_cpu_name() names it (tools/check-boards.py) */
#define BOARD_CPU_NAME "Cortex-M4"

#endif

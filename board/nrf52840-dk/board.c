/*
 * board/nrf52840-dk/board.c - Nordic's nRF52840-DK (PCA10056, nRF52840), a real board: its
 * name, its clocks (the crystal oscillator; SysTick counts the CPU's 64 MHz) and the kernel
 * console, the legacy UART0 polled at 115200 baud 8N1 on P0.06 (TX) and P0.08 (RX), which the
 * DK's interface MCU (J-Link OB) bridges to a USB virtual COM port. Also starts the
 * low-frequency clock, which the RTC a task may own as its `dualtimer` (board.ini) counts.
 *
 * No simulator answers semihosting here: arch_halt() (a shutdown, a panic) masks interrupts and
 * sleeps forever after the message has gone out on the UART, polled.
 */
#include <stdint.h>

#include "board.h"
#include "board_regs.h"
#include "../nrf/nrf_console.h"

const char board_name[] = "nrf52840-dk";
const int board_has_semihosting = 0;

#define CLOCK(off) (*(volatile uint32_t *)(uintptr_t)(NRF_CLOCK_BASE + (off)))

void board_init(void)
{
    /* The crystal first, so the UART starts at its exact rate. Bounded: without a crystal the
     * board runs on, from the internal oscillator, rather than hang before its first line. */
    CLOCK(CLOCK_EVENTS_HFCLKSTART) = 0;
    CLOCK(CLOCK_TASKS_HFCLKSTART) = 1u;
    for (uint32_t n = 0; n < CLOCK_HFXO_WAIT_LOOPS && !CLOCK(CLOCK_EVENTS_HFCLKSTART); n++) {
    }

    nrf_console_init();

    /* The RTCs' 32768 Hz clock, from the internal RC oscillator. Not waited for: an RTC
     * starts counting when it runs, and nothing in the kernel needs it. */
    CLOCK(CLOCK_LFCLKSRC) = CLOCK_LFCLKSRC_RC;
    CLOCK(CLOCK_EVENTS_LFCLKSTART) = 0;
    CLOCK(CLOCK_TASKS_LFCLKSTART) = 1u;
}

uint32_t board_cpu_hz(void)
{
    return NRF_CPU_HZ;
}

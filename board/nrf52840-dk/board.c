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

const char board_name[] = "nrf52840-dk";
const int board_has_semihosting = 0;

#define CLOCK(off) (*(volatile uint32_t *)(uintptr_t)(NRF_CLOCK_BASE + (off)))
#define P0(off)    (*(volatile uint32_t *)(uintptr_t)(NRF_P0_BASE + (off)))
#define UART(off)  (*(volatile uint32_t *)(uintptr_t)(NRF_UART0_BASE + (off)))

void board_init(void)
{
    /* The crystal first, so the UART starts at its exact rate. Bounded: without a crystal the
     * board runs on, from the internal oscillator, rather than hang before its first line. */
    CLOCK(CLOCK_EVENTS_HFCLKSTART) = 0;
    CLOCK(CLOCK_TASKS_HFCLKSTART) = 1u;
    for (uint32_t n = 0; n < CLOCK_HFXO_WAIT_LOOPS && !CLOCK(CLOCK_EVENTS_HFCLKSTART); n++) {
    }

    /* TX idles high: an output driven high before the UART takes the pin; RX an input */
    P0(GPIO_OUTSET) = 1u << NRF_CONSOLE_TX_PIN;
    P0(GPIO_PIN_CNF(NRF_CONSOLE_TX_PIN)) = GPIO_PIN_OUTPUT;
    P0(GPIO_DIRSET) = 1u << NRF_CONSOLE_TX_PIN;
    P0(GPIO_PIN_CNF(NRF_CONSOLE_RX_PIN)) = GPIO_PIN_INPUT;

    UART(UART_ENABLE) = 0;
    UART(UART_PSEL_RTS) = UART_PSEL_NONE;
    UART(UART_PSEL_CTS) = UART_PSEL_NONE;
    UART(UART_PSEL_TXD) = NRF_CONSOLE_TX_PIN; /* port 0, CONNECT = 0 */
    UART(UART_PSEL_RXD) = NRF_CONSOLE_RX_PIN;
    UART(UART_BAUDRATE) = UART_BAUD_115200;
    UART(UART_CONFIG) = UART_CONFIG_8N1;
    UART(UART_ENABLE) = UART_ENABLE_UART;
    UART(UART_EVENTS_TXDRDY) = 0;
    UART(UART_TASKS_STARTTX) = 1u;
    UART(UART_TASKS_STARTRX) = 1u;

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

/* The byte goes to TXD; TXDRDY says it has left the register, then the event is cleared for
 * the next byte (and read back, so the clear has reached the peripheral). */
void board_console_putc(char c)
{
    UART(UART_TXD) = (uint8_t)c;
    while (!UART(UART_EVENTS_TXDRDY)) {
    }
    UART(UART_EVENTS_TXDRDY) = 0;
    (void)UART(UART_EVENTS_TXDRDY);
}

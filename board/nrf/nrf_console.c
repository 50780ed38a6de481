/*
 * board/nrf/nrf_console.c - the kernel console of the nRF boards (microbit, nrf52840-dk): UART0
 * polled at 115200 baud 8N1 on the board's pins (NRF_CONSOLE_TX_PIN, NRF_CONSOLE_RX_PIN in its
 * board_regs.h, found through -Iboard/$(BOARD)). Each board's board.c calls nrf_console_init()
 * from board_init(), after its clocks.
 */
#include <stdint.h>

#include "board.h"
#include "board_regs.h"
#include "nrf_console.h"

#define P0(off)   (*(volatile uint32_t *)(uintptr_t)(NRF_P0_BASE + (off)))
#define UART(off) (*(volatile uint32_t *)(uintptr_t)(NRF_UART0_BASE + (off)))

void nrf_console_init(void)
{
    /* TX idles high: an output driven high before the UART takes the pin; RX an input */
    P0(GPIO_OUTSET) = 1u << NRF_CONSOLE_TX_PIN;
    P0(GPIO_PIN_CNF(NRF_CONSOLE_TX_PIN)) = GPIO_PIN_OUTPUT;
    P0(GPIO_DIRSET) = 1u << NRF_CONSOLE_TX_PIN;
    P0(GPIO_PIN_CNF(NRF_CONSOLE_RX_PIN)) = GPIO_PIN_INPUT;

    UART(UART_ENABLE) = 0;
    UART(UART_INTENCLR) = 0xffffffffu; /* polled: the kernel console takes no interrupt */
    UART(UART_PSEL_RTS) = UART_PSEL_NONE;
    UART(UART_PSEL_CTS) = UART_PSEL_NONE;
    UART(UART_PSEL_TXD) = NRF_CONSOLE_TX_PIN; /* port 0 (on the nRF52, CONNECT = 0) */
    UART(UART_PSEL_RXD) = NRF_CONSOLE_RX_PIN;
    UART(UART_BAUDRATE) = UART_BAUD_115200;
    UART(UART_CONFIG) = UART_CONFIG_8N1;
    UART(UART_ENABLE) = UART_ENABLE_UART;
    UART(UART_EVENTS_TXDRDY) = 0;
    UART(UART_TASKS_STARTTX) = 1u;
    UART(UART_TASKS_STARTRX) = 1u;
}

/* TXDRDY is cleared (and read back, so that the clear has reached the peripheral), the byte
 * goes to TXD, and TXDRDY says it has gone. It is left set: a set TXDRDY is the idle
 * transmitter, which the console server's driver (user/dev/nrf/dev_uart.h) relies on when it
 * takes the UART over after the kernel's first lines. */
void board_console_putc(char c)
{
    UART(UART_EVENTS_TXDRDY) = 0;
    (void)UART(UART_EVENTS_TXDRDY);
    UART(UART_TXD) = (uint8_t)c;
    while (!UART(UART_EVENTS_TXDRDY)) {
    }
}

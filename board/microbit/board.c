/*
 * board/microbit/board.c - the BBC micro:bit (nRF51822, Cortex-M0) as QEMU 7.2 runs it: the
 * console on UART0, polled, and the core clock. No MPU: every task can reach every address
 * (docs/porting.md, "microbit"); sys/main.c's banner says so.
 */
#include <stdint.h>

#include "board.h"
#include "board_regs.h"

const char board_name[] = "microbit";
const int board_has_semihosting = 1; /* QEMU answers semihosting: the tests' exit code */

#define P0(off)   (*(volatile uint32_t *)(uintptr_t)(NRF_P0_BASE + (off)))
#define UART(off) (*(volatile uint32_t *)(uintptr_t)(NRF_UART0_BASE + (off)))

void board_init(void)
{
    /* TX idles high: an output driven high before the UART takes the pin; RX an input */
    P0(GPIO_OUTSET) = 1u << NRF_CONSOLE_TX_PIN;
    P0(GPIO_PIN_CNF(NRF_CONSOLE_TX_PIN)) = GPIO_PIN_OUTPUT;
    P0(GPIO_DIRSET) = 1u << NRF_CONSOLE_TX_PIN;
    P0(GPIO_PIN_CNF(NRF_CONSOLE_RX_PIN)) = GPIO_PIN_INPUT;

    UART(UART_ENABLE) = 0;
    UART(UART_INTENCLR) = 0xffffffffu; /* polled: the kernel console takes no interrupt */
    UART(UART_PSELRTS) = UART_PSEL_NONE;
    UART(UART_PSELCTS) = UART_PSEL_NONE;
    UART(UART_PSELTXD) = NRF_CONSOLE_TX_PIN;
    UART(UART_PSELRXD) = NRF_CONSOLE_RX_PIN;
    UART(UART_BAUDRATE) = UART_BAUD_115200;
    UART(UART_CONFIG) = UART_CONFIG_8N1;
    UART(UART_ENABLE) = UART_ENABLE_UART;
    UART(UART_EVENTS_TXDRDY) = 0;
    UART(UART_TASKS_STARTTX) = 1u;
    UART(UART_TASKS_STARTRX) = 1u;
}

uint32_t board_cpu_hz(void)
{
    return NRF_CPU_HZ;
}

/* The byte goes to TXD; TXDRDY says it has left the register, then the event is cleared. */
void board_console_putc(char c)
{
    UART(UART_TXD) = (uint8_t)c;
    while (!UART(UART_EVENTS_TXDRDY)) {
    }
    UART(UART_EVENTS_TXDRDY) = 0;
}

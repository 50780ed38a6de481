/*
 * user/dev/nrf/dev_uart.h - the console UART of a task's own device, for the nRF boards (the
 * nRF51's UART0 and the nRF52's legacy UART0 in UARTE0's slot: the same registers, from
 * Nordic's nRF51 Series Reference Manual and nRF52840 Product Specification, "UART"):
 * this family's, and the nRF51 family's (../nrf51/dev_uart.h includes it). 8N1 at the baud
 * rate the kernel's early console set (board/nrf/nrf_console.c), no flow control, no EasyDMA.
 *
 * The UART has no status register: it reports by events, and ONE interrupt line for both
 * directions is high while an event it is enabled for (INTENSET) is set. RXDRDY says a byte
 * waits in RXD; TXDRDY says the byte written to TXD has gone. So the transmitter is idle when
 * TXDRDY is set, and every writer keeps it so: a byte is written by clearing TXDRDY, then
 * writing TXD, and TXDRDY is left set once the byte has gone. The kernel's polled console
 * writes the same way (and prints its banner before any task runs, so the transmitter is idle
 * and TXDRDY set when the console server starts). The TX request is then a level, as on the
 * STM32 USART: TXDRDY while its interrupt is enabled, lowered by the next byte or by turning
 * the interrupt off.
 *
 * A board names the one line twice in board.ini (uart0_rx:2 uart0_tx:2): a description's
 * `irqs = uart0_rx:0 uart0_tx:1` then raises both bits at every UART interrupt
 * (docs/system-description.md), and these functions ask the events what happened.
 *
 * QEMU 7.2's model (nrf51_uart, the `microbit` machine) sends a byte the moment TXD is written
 * and sets TXDRDY at once; it keeps up to 6 received bytes and sets RXDRDY again when RXD is
 * read while more wait (docs/porting.md, "microbit").
 *
 * The same functions as every family's dev_uart.h (user/dev/README.md). `base` is the
 * peripheral's address (PERIPH_UART0_BASE).
 */
#ifndef USER_DEV_UART_H
#define USER_DEV_UART_H

#include <stdint.h>

#define DEV_UART_REG(base, off) (*(volatile uint32_t *)(uintptr_t)((base) + (off)))
#define DEV_U_EVENTS_RXDRDY(b)  DEV_UART_REG(b, 0x108u)
#define DEV_U_EVENTS_TXDRDY(b)  DEV_UART_REG(b, 0x11cu)
#define DEV_U_EVENTS_ERROR(b)   DEV_UART_REG(b, 0x124u)
#define DEV_U_INTENSET(b)       DEV_UART_REG(b, 0x304u)
#define DEV_U_INTENCLR(b)       DEV_UART_REG(b, 0x308u)
#define DEV_U_ERRORSRC(b)       DEV_UART_REG(b, 0x480u)
#define DEV_U_RXD(b)            DEV_UART_REG(b, 0x518u)
#define DEV_U_TXD(b)            DEV_UART_REG(b, 0x51cu)
#define DEV_U_INT_RXDRDY        (1u << 2)
#define DEV_U_INT_TXDRDY        (1u << 7)
#define DEV_U_ERRORSRC_ALL      0xfu /* overrun, parity, framing, break: write 1 to clear */

/* From scratch: no interrupt enabled, no error recorded. RXDRDY and TXDRDY stay as they are:
 * a byte that waits is still read, and TXDRDY is the idle transmitter (see the top). */
static inline void dev_uart_reset(uint32_t base)
{
    DEV_U_INTENCLR(base) = 0xffffffffu;
    DEV_U_ERRORSRC(base) = DEV_U_ERRORSRC_ALL;
    DEV_U_EVENTS_ERROR(base) = 0;
}

/* The RX interrupt on, the TX interrupt (TXDRDY) on only if `tx_irq`. The transmitter and
 * receiver were started by the kernel's early console and stay on. */
static inline void dev_uart_control(uint32_t base, int tx_irq)
{
    DEV_U_INTENSET(base) = DEV_U_INT_RXDRDY | (tx_irq ? DEV_U_INT_TXDRDY : 0u);
    if (!tx_irq) {
        DEV_U_INTENCLR(base) = DEV_U_INT_TXDRDY;
    }
}

/* Whether the transmitter can take a byte now: the last one has gone. */
static inline int dev_uart_tx_ready(uint32_t base)
{
    return DEV_U_EVENTS_TXDRDY(base) != 0;
}

/* TXDRDY cleared first: it is set again when this byte has gone. */
static inline void dev_uart_put(uint32_t base, uint8_t c)
{
    DEV_U_EVENTS_TXDRDY(base) = 0;
    DEV_U_TXD(base) = c;
}

/* On the TX bit (which comes with every UART interrupt): whether the transmitter asked for
 * more (its interrupt on and TXDRDY set). Nothing to clear: the next byte, or the interrupt
 * turned off, lowers the request. */
static inline int dev_uart_tx_taken(uint32_t base)
{
    return (DEV_U_INTENSET(base) & DEV_U_INT_TXDRDY) && DEV_U_EVENTS_TXDRDY(base);
}

/* Nothing before the bytes are read: dev_uart_get() clears RXDRDY for each, and a byte that
 * arrives after the last raises it again. */
static inline void dev_uart_rx_ack(uint32_t base)
{
    (void)base;
}

static inline int dev_uart_rx_ready(uint32_t base)
{
    return DEV_U_EVENTS_RXDRDY(base) != 0;
}

/* RXDRDY is cleared before RXD is read, so the event of a byte that follows is never lost. */
static inline uint8_t dev_uart_get(uint32_t base)
{
    DEV_U_EVENTS_RXDRDY(base) = 0;
    return (uint8_t)DEV_U_RXD(base);
}

/* After the waiting bytes were taken: an overrun (or another error) is forgotten; the byte lost
 * to it is simply gone. */
static inline void dev_uart_rx_done(uint32_t base)
{
    if (DEV_U_EVENTS_ERROR(base)) {
        DEV_U_ERRORSRC(base) = DEV_U_ERRORSRC_ALL;
        DEV_U_EVENTS_ERROR(base) = 0;
    }
}

#endif

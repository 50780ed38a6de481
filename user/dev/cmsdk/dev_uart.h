/*
 * user/dev/cmsdk/dev_uart.h - the console UART of a task's own device, for the MPS2 boards:
 * ARM's CMSDK APB UART (ARM DDI0479C). One byte each way, no FIFO, and two interrupt lines:
 * RX (a byte arrived) and TX (the byte being sent has gone: the edge from full to empty, only
 * while the TX interrupt is enabled). Each request stays raised until it is cleared in INTCLEAR.
 *
 * The same functions as every family's dev_uart.h (user/dev/README.md): servers/console runs
 * unchanged on every board. `base` is the peripheral's address (PERIPH_UART0_BASE).
 */
#ifndef USER_DEV_UART_H
#define USER_DEV_UART_H

#include <stdint.h>

#define DEV_UART_REG(base, off) (*(volatile uint32_t *)(uintptr_t)((base) + (off)))
#define DEV_U_DATA(b)           DEV_UART_REG(b, 0x00u)
#define DEV_U_STATE(b)          DEV_UART_REG(b, 0x04u)
#define DEV_U_CTRL(b)           DEV_UART_REG(b, 0x08u)
#define DEV_U_INT(b)            DEV_UART_REG(b, 0x0cu) /* INTSTATUS read, INTCLEAR (1s) written */
#define DEV_U_TX_FULL           (1u << 0)
#define DEV_U_RX_FULL           (1u << 1)
#define DEV_U_OVERRUNS          (3u << 2) /* TX and RX overrun, write 1 to clear */
#define DEV_U_TX_EN             (1u << 0)
#define DEV_U_RX_EN             (1u << 1)
#define DEV_U_TX_IRQ            (1u << 2)
#define DEV_U_RX_IRQ            (1u << 3)
#define DEV_U_INT_TX            (1u << 0)
#define DEV_U_INT_RX            (1u << 1)
#define DEV_U_INT_ALL           0xfu

/* From scratch, as after a reset: no interrupt requested, no overrun recorded. The baud rate
 * stays as the kernel's early console set it. */
static inline void dev_uart_reset(uint32_t base)
{
    DEV_U_INT(base) = DEV_U_INT_ALL;
    DEV_U_STATE(base) = DEV_U_OVERRUNS;
}

/* Transmitter and receiver on, the RX interrupt on, the TX interrupt on only if `tx_irq`.
 * Transmitter and receiver stay on whatever happens: the kernel writes its log polled while
 * the console task is dead. */
static inline void dev_uart_control(uint32_t base, int tx_irq)
{
    DEV_U_CTRL(base) = DEV_U_TX_EN | DEV_U_RX_EN | DEV_U_RX_IRQ | (tx_irq ? DEV_U_TX_IRQ : 0u);
}

/* Whether the transmitter can take a byte now; dev_uart_put() gives it one. */
static inline int dev_uart_tx_ready(uint32_t base)
{
    return !(DEV_U_STATE(base) & DEV_U_TX_FULL);
}

static inline void dev_uart_put(uint32_t base, uint8_t c)
{
    DEV_U_DATA(base) = c;
}

/* Called when the TX interrupt's bit came: whether the transmitter asked for more (the TX
 * interrupt's own line raised the bit, so it did), with its request cleared before anything
 * is sent: the next edge is then not lost. */
static inline int dev_uart_tx_taken(uint32_t base)
{
    DEV_U_INT(base) = DEV_U_INT_TX;
    return 1;
}

/* Stop requesting the RX interrupt before the bytes are read: a byte arriving after that
 * raises it again. */
static inline void dev_uart_rx_ack(uint32_t base)
{
    DEV_U_INT(base) = DEV_U_INT_RX;
}

/* Whether a received byte waits; dev_uart_get() takes it. */
static inline int dev_uart_rx_ready(uint32_t base)
{
    return (DEV_U_STATE(base) & DEV_U_RX_FULL) != 0;
}

static inline uint8_t dev_uart_get(uint32_t base)
{
    return (uint8_t)DEV_U_DATA(base);
}

/* After the waiting bytes were taken: forget overruns (a byte lost to one is simply gone). */
static inline void dev_uart_rx_done(uint32_t base)
{
    DEV_U_STATE(base) = DEV_U_OVERRUNS;
}

#endif

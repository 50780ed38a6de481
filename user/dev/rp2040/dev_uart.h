/*
 * user/dev/rp2040/dev_uart.h - the console UART of a task's own device, for the RP2040: an ARM
 * PL011 (RP2040 Datasheet 4.2), 8N1 with its 32-byte FIFOs on, at the baud rate the kernel's
 * early console set (board/rpi-pico/board.c). ONE interrupt line for both directions
 * (UART0_IRQ), the OR of the masked interrupts (MIS): the receive interrupt (the RX FIFO
 * reached its trigger level, half full by default), the receive timeout (bytes wait in the RX
 * FIFO and none came for 32 bit times: how a lone typed key is seen), and the transmit
 * interrupt (the TX FIFO drained through its trigger level, half full). Each stays set until
 * cleared in ICR (or, for the receive ones, until the FIFO is read below the level / empty).
 *
 * The board names that one line twice in board.ini (uart0_rx:20 uart0_tx:20), so a
 * description's `irqs = uart0_rx:0 uart0_tx:1` raises both bits at every UART interrupt
 * (docs/system-description.md, "One line, two names"), and these functions tell the
 * directions apart by MIS.
 *
 * The same functions as every family's dev_uart.h (user/dev/README.md). `base` is the
 * peripheral's address (PERIPH_UART0_BASE).
 */
#ifndef USER_DEV_UART_H
#define USER_DEV_UART_H

#include <stdint.h>

#define DEV_UART_REG(base, off) (*(volatile uint32_t *)(uintptr_t)((base) + (off)))
#define DEV_U_DR(b)             DEV_UART_REG(b, 0x00u)
#define DEV_U_RSR(b)            DEV_UART_REG(b, 0x04u) /* errors; any write clears them (ECR) */
#define DEV_U_FR(b)             DEV_UART_REG(b, 0x18u)
#define DEV_U_CR(b)             DEV_UART_REG(b, 0x30u)
#define DEV_U_IMSC(b)           DEV_UART_REG(b, 0x38u)
#define DEV_U_MIS(b)            DEV_UART_REG(b, 0x40u)
#define DEV_U_ICR(b)            DEV_UART_REG(b, 0x44u)
#define DEV_U_FR_RXFE           (1u << 4)
#define DEV_U_FR_TXFF           (1u << 5)
#define DEV_U_CR_ON             ((1u << 0) | (1u << 8) | (1u << 9)) /* UARTEN, TXE, RXE */
#define DEV_U_INT_RX            (1u << 4)                           /* RXIM/RXMIS/RXIC */
#define DEV_U_INT_TX            (1u << 5)                           /* TXIM/TXMIS/TXIC */
#define DEV_U_INT_RT            (1u << 6)                           /* receive timeout */
#define DEV_U_INT_ERRORS        (0xfu << 7) /* framing, parity, break, overrun */
#define DEV_U_INT_ALL           0x7ffu

/* From scratch, as after a reset: no interrupt enabled, none pending, no error recorded. The
 * baud rate and the line format stay as the kernel's early console set them. */
static inline void dev_uart_reset(uint32_t base)
{
    DEV_U_IMSC(base) = 0;
    DEV_U_ICR(base) = DEV_U_INT_ALL;
    DEV_U_RSR(base) = 0;
}

/* UART, transmitter and receiver on, the receive and receive-timeout interrupts on, the
 * transmit one on only if `tx_irq`. UARTEN, TXE and RXE stay on whatever happens: the kernel
 * writes its log polled while the console task is dead. */
static inline void dev_uart_control(uint32_t base, int tx_irq)
{
    DEV_U_CR(base) = DEV_U_CR_ON;
    DEV_U_IMSC(base) = DEV_U_INT_RX | DEV_U_INT_RT | (tx_irq ? DEV_U_INT_TX : 0u);
}

/* Whether the transmitter takes a byte now (room in its FIFO); dev_uart_put() gives it one. */
static inline int dev_uart_tx_ready(uint32_t base)
{
    return (DEV_U_FR(base) & DEV_U_FR_TXFF) == 0;
}

static inline void dev_uart_put(uint32_t base, uint8_t c)
{
    DEV_U_DR(base) = c;
}

/* On the TX bit, which comes with every UART interrupt here: whether the transmitter asked for
 * more (its masked interrupt is set), the request cleared. The console server enables it only
 * on a full FIFO, which then drains through the trigger level: the interrupt cannot be missed. */
static inline int dev_uart_tx_taken(uint32_t base)
{
    if ((DEV_U_MIS(base) & DEV_U_INT_TX) == 0) {
        return 0;
    }
    DEV_U_ICR(base) = DEV_U_INT_TX;
    return 1;
}

/* Stop requesting the receive interrupts before the bytes are read: a byte arriving after the
 * reads raises them again (the FIFO level or, alone, the timeout). */
static inline void dev_uart_rx_ack(uint32_t base)
{
    DEV_U_ICR(base) = DEV_U_INT_RX | DEV_U_INT_RT;
}

/* Whether a received byte waits in the FIFO; dev_uart_get() takes it. */
static inline int dev_uart_rx_ready(uint32_t base)
{
    return (DEV_U_FR(base) & DEV_U_FR_RXFE) == 0;
}

static inline uint8_t dev_uart_get(uint32_t base)
{
    return (uint8_t)DEV_U_DR(base); /* bits 11:8 carry the byte's errors: dropped */
}

/* After the bytes were taken: forget an overrun and the other errors (a lost byte is gone). */
static inline void dev_uart_rx_done(uint32_t base)
{
    DEV_U_RSR(base) = 0;
    DEV_U_ICR(base) = DEV_U_INT_ERRORS;
}

#endif

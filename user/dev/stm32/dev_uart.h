/*
 * user/dev/stm32/dev_uart.h - the console UART of a task's own device, for the STM32 boards:
 * a USART (RM0090 chapter 30) in its plain asynchronous mode, 8N1, at the baud rate the
 * kernel's early console set (board/stm32f4/stm32f4.c). One data register each way and ONE
 * interrupt line for both directions, a level: high while RXNE and RXNEIE (a byte waits; the
 * read of DR clears RXNE), or TXE and TXEIE (the transmit register is empty). An overrun (ORE)
 * also raises it while RXNEIE is set, and is cleared by the read of SR then DR that takes the
 * byte still waiting.
 *
 * A board names that one line twice in board.ini (uart0_rx:37 uart0_tx:37): a description's
 * `irqs = uart0_rx:0 uart0_tx:1` then raises both bits at every USART interrupt
 * (docs/system-description.md), and these functions tell the directions apart by SR and CR1.
 *
 * QEMU 7.2's model (stm32f2xx_usart) sends a byte the moment DR is written: TXE is always set
 * and it never raises the line for TXE (TXEIE is stored and ignored). It raises it when a byte
 * arrives while RXNEIE is set, lowers it when DR is read, and takes no new byte from its
 * chardev while RXNE is set, so no byte is lost there (docs/porting.md, "netduinoplus2").
 *
 * The same functions as every family's dev_uart.h (user/dev/README.md). `base` is the
 * peripheral's address (PERIPH_UART0_BASE).
 */
#ifndef USER_DEV_UART_H
#define USER_DEV_UART_H

#include <stdint.h>

#define DEV_UART_REG(base, off) (*(volatile uint32_t *)(uintptr_t)((base) + (off)))
#define DEV_U_SR(b)             DEV_UART_REG(b, 0x00u)
#define DEV_U_DR(b)             DEV_UART_REG(b, 0x04u)
#define DEV_U_CR1(b)            DEV_UART_REG(b, 0x0cu)
#define DEV_U_SR_RXNE           (1u << 5)
#define DEV_U_SR_TXE            (1u << 7)
#define DEV_U_CR1_RE            (1u << 2)
#define DEV_U_CR1_TE            (1u << 3)
#define DEV_U_CR1_RXNEIE        (1u << 5)
#define DEV_U_CR1_TXEIE         (1u << 7)
#define DEV_U_CR1_UE            (1u << 13)

/* From scratch, as after a reset. Nothing to clear: the requests are levels the state of the
 * data register makes (dev_uart_control() and the reads of dev_uart_get() set them), and an
 * overrun is cleared by the next read of SR then DR. BRR stays as the kernel's early console
 * set it. */
static inline void dev_uart_reset(uint32_t base)
{
    (void)base;
}

/* USART, transmitter and receiver on, the RX interrupt on, the TX interrupt (TXE) on only if
 * `tx_irq`. UE, TE and RE stay on whatever happens: the kernel writes its log polled while the
 * console task is dead. */
static inline void dev_uart_control(uint32_t base, int tx_irq)
{
    DEV_U_CR1(base) = DEV_U_CR1_UE | DEV_U_CR1_TE | DEV_U_CR1_RE | DEV_U_CR1_RXNEIE |
                      (tx_irq ? DEV_U_CR1_TXEIE : 0u);
}

/* Whether the transmitter can take a byte now; dev_uart_put() gives it one. */
static inline int dev_uart_tx_ready(uint32_t base)
{
    return (DEV_U_SR(base) & DEV_U_SR_TXE) != 0;
}

static inline void dev_uart_put(uint32_t base, uint8_t c)
{
    DEV_U_DR(base) = c;
}

/* Called when the TX interrupt's bit came, which on this family comes with every USART
 * interrupt: whether the transmitter asked for more (TXEIE on and TXE set). Nothing to clear:
 * the next byte written, or TXEIE turned off, lowers the request. */
static inline int dev_uart_tx_taken(uint32_t base)
{
    return (DEV_U_CR1(base) & DEV_U_CR1_TXEIE) && (DEV_U_SR(base) & DEV_U_SR_TXE);
}

/* Nothing to do before the bytes are read: reading DR lowers the RX request, and a byte
 * arriving after that raises it again. */
static inline void dev_uart_rx_ack(uint32_t base)
{
    (void)base;
}

/* Whether a received byte waits; dev_uart_get() takes it (and, after the read of SR here,
 * clears an overrun). */
static inline int dev_uart_rx_ready(uint32_t base)
{
    return (DEV_U_SR(base) & DEV_U_SR_RXNE) != 0;
}

static inline uint8_t dev_uart_get(uint32_t base)
{
    return (uint8_t)DEV_U_DR(base);
}

/* After the waiting bytes were taken: an overrun was cleared with them (a byte lost to one is
 * simply gone). */
static inline void dev_uart_rx_done(uint32_t base)
{
    (void)base;
}

#endif

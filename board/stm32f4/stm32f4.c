/*
 * board/stm32f4/stm32f4.c - board support shared by the STM32F4 boards (netduinoplus2 in QEMU,
 * stm32f4-discovery). Each board's board.mk links it next to its own board.c, whose
 * stm32f4_setup() turns on the console USART's clocks and pins; the board's board_regs.h,
 * found through -Iboard/$(BOARD), names the USART (STM32_CONSOLE_USART), its bus clock and the
 * core clock.
 *
 * Owns the kernel console: the board's USART, polled, 115200 baud, 8N1. The core runs on the
 * reset clock (HSI, 16 MHz on a real chip): parley does not start the PLL.
 */
#include <stdint.h>

#include "board.h"
#include "board_regs.h"

#define USART(off) (*(volatile uint32_t *)(uintptr_t)(STM32_CONSOLE_USART + (off)))

void stm32f4_setup(void); /* each board's board.c: clocks and pins of its console */

void board_init(void)
{
    stm32f4_setup();
    USART(USART_CR1) = 0;
    /* 16x oversampling: BRR = f_bus / baud, rounded (mantissa and fraction in one) */
    USART(USART_BRR) = (STM32_CONSOLE_BUS_HZ + 115200u / 2u) / 115200u;
    USART(USART_CR1) = USART_CR1_UE | USART_CR1_TE | USART_CR1_RE;
}

uint32_t board_cpu_hz(void)
{
    return STM32_CPU_HZ;
}

void board_console_putc(char c)
{
    while (!(USART(USART_SR) & USART_SR_TXE)) {
    }
    USART(USART_DR) = (uint8_t)c;
}

/*
 * board/netduinoplus2/board.c - the Netduino Plus 2 (STM32F405RG), as run by QEMU's
 * netduinoplus2: its name and its console's clock. The console and the clock are the STM32F4
 * family's, in board/stm32f4/stm32f4.c.
 */
#include <stdint.h>

#include "board.h"
#include "board_regs.h"

const char board_name[] = "netduinoplus2";
const int board_has_semihosting = 1; /* this board exists for us inside QEMU */

#define RCC(off) (*(volatile uint32_t *)(uintptr_t)(STM32_RCC_BASE + (off)))

/* USART1's clock (QEMU does not model RCC gates, a real chip would need it) and the timers
 * tasks may own (board.ini). USART1's pins (PA9/PA10, AF7) are not set up: QEMU has no pin
 * multiplexing, and this board is QEMU's. */
void stm32f4_setup(void);
void stm32f4_setup(void)
{
    RCC(STM32_RCC_APB2ENR) |= RCC_APB2ENR_USART1;
    RCC(STM32_RCC_APB1ENR) |= RCC_APB1ENR_TIM2 | RCC_APB1ENR_TIM3 | RCC_APB1ENR_TIM5;
}

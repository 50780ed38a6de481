/*
 * board/stm32f4-discovery/board.c - ST's STM32F4DISCOVERY (STM32F407VG), a real board: its name,
 * and the clocks and pins of its console, USART2 on PA2 (TX) and PA3 (RX), alternate function 7.
 * The console and the clock are the STM32F4 family's, in board/stm32f4/stm32f4.c.
 *
 * No simulator answers semihosting here: arch_halt() (a shutdown, a panic) masks interrupts and
 * sleeps forever after the message has gone out on the UART, polled.
 */
#include <stdint.h>

#include "board.h"
#include "board_regs.h"

const char board_name[] = "stm32f4-discovery";
const int board_has_semihosting = 0;

#define RCC(off)   (*(volatile uint32_t *)(uintptr_t)(STM32_RCC_BASE + (off)))
#define GPIOA(off) (*(volatile uint32_t *)(uintptr_t)(STM32_GPIOA_BASE + (off)))

#define PIN_TX    2u
#define PIN_RX    3u
#define AF_USART2 7u

void stm32f4_setup(void);
void stm32f4_setup(void)
{
    RCC(STM32_RCC_AHB1ENR) |= RCC_AHB1ENR_GPIOA;
    RCC(STM32_RCC_APB1ENR) |=
        RCC_APB1ENR_USART2 | RCC_APB1ENR_TIM2 | RCC_APB1ENR_TIM3 | RCC_APB1ENR_TIM5;
    (void)RCC(STM32_RCC_APB1ENR); /* the clock is on before the first access to the device */
    GPIOA(GPIO_AFRL) = (GPIOA(GPIO_AFRL) & ~((0xfu << (4u * PIN_TX)) | (0xfu << (4u * PIN_RX)))) |
                       (AF_USART2 << (4u * PIN_TX)) | (AF_USART2 << (4u * PIN_RX));
    GPIOA(GPIO_MODER) = (GPIOA(GPIO_MODER) & ~((3u << (2u * PIN_TX)) | (3u << (2u * PIN_RX)))) |
                        (GPIO_MODE_AF << (2u * PIN_TX)) | (GPIO_MODE_AF << (2u * PIN_RX));
}

/*
 * board/stm32f4/stm32f4_regs.h - what the STM32F405/407 boards parley runs on have in common
 * where parley looks, from ST's reference manual RM0090 and checked against QEMU 7.2's
 * stm32f405-soc model (`info mtree` of -M netduinoplus2): the interrupt count, the reset and
 * clock controller (RCC), the GPIO ports and the USART registers. Each board's board_regs.h
 * includes it and says which USART is its console, its clock and its CPU.
 */
#ifndef BOARD_STM32F4_REGS_H
#define BOARD_STM32F4_REGS_H

/* RM0090 table 61: 82 maskable interrupt channels on the STM32F405/407 (QEMU wires 96). */
#define BOARD_IRQ_COUNT 82u

/* After reset the core runs on HSI, the internal 16 MHz RC oscillator; parley leaves the PLL
 * off, so the core, AHB, APB1 and APB2 all run at 16 MHz on a real chip. */
#define STM32_HSI_HZ 16000000u

/* RCC (RM0090 section 7.3) */
#define STM32_RCC_BASE     0x40023800u
#define STM32_RCC_AHB1ENR  0x30u
#define STM32_RCC_APB1ENR  0x40u
#define STM32_RCC_APB2ENR  0x44u
#define RCC_AHB1ENR_GPIOA  (1u << 0)
#define RCC_APB1ENR_TIM2   (1u << 0)
#define RCC_APB1ENR_TIM3   (1u << 1)
#define RCC_APB1ENR_TIM5   (1u << 3)
#define RCC_APB1ENR_USART2 (1u << 17)
#define RCC_APB2ENR_USART1 (1u << 4)

/* GPIO (RM0090 section 8.4) */
#define STM32_GPIOA_BASE 0x40020000u
#define GPIO_MODER       0x00u
#define GPIO_AFRL        0x20u
#define GPIO_MODE_AF     2u

/* USART (RM0090 section 30.6): USART1 0x40011000 (APB2, IRQ 37), USART2 0x40004400 (APB1,
 * IRQ 38) */
#define STM32_USART1_BASE 0x40011000u
#define STM32_USART2_BASE 0x40004400u
#define USART_SR          0x00u
#define USART_DR          0x04u
#define USART_BRR         0x08u
#define USART_CR1         0x0cu
#define USART_SR_TXE      (1u << 7)
#define USART_CR1_UE      (1u << 13)
#define USART_CR1_TE      (1u << 3)
#define USART_CR1_RE      (1u << 2)

#endif

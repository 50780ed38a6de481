/*
 * board/netduinoplus2/board_regs.h - the Netduino Plus 2 (STM32F405RG, Cortex-M4) as QEMU 7.2
 * models it: the STM32F4 family's registers (board/stm32f4/stm32f4_regs.h), USART1 as the
 * console (QEMU connects its first -serial to USART1) and QEMU's clock.
 */
#ifndef BOARD_NETDUINOPLUS2_REGS_H
#define BOARD_NETDUINOPLUS2_REGS_H

#include "../stm32f4/stm32f4_regs.h"

/* QEMU's netduinoplus2 feeds the core (and so SysTick) 168 MHz; its USART ignores BRR. */
#define STM32_CPU_HZ         168000000u
#define STM32_CONSOLE_USART  STM32_USART1_BASE
#define STM32_CONSOLE_BUS_HZ 84000000u /* APB2 at 168 MHz / 2: only for BRR */

/* The CPU, as arch_cpu_name() names it (tests/qemu/float, tools/check-boards.py) */
#define BOARD_CPU_NAME "Cortex-M4"

#endif

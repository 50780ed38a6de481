/*
 * board/stm32f4-discovery/board_regs.h - ST's STM32F4DISCOVERY (STM32F407VG, Cortex-M4): the
 * STM32F4 family's registers (board/stm32f4/stm32f4_regs.h), USART2 on PA2 (TX) / PA3 (RX) as
 * the console, and the reset clock (HSI, 16 MHz: parley does not start the PLL).
 */
#ifndef BOARD_STM32F4_DISCOVERY_REGS_H
#define BOARD_STM32F4_DISCOVERY_REGS_H

#include "../stm32f4/stm32f4_regs.h"

#define STM32_CPU_HZ         STM32_HSI_HZ /* core, AHB, APB1 and APB2 at 16 MHz after reset */
#define STM32_CONSOLE_USART  STM32_USART2_BASE
#define STM32_CONSOLE_BUS_HZ STM32_HSI_HZ /* APB1 */

/* The CPU, as arch_cpu_name() names it (tools/check-boards.py) */
#define BOARD_CPU_NAME "Cortex-M4"

#endif

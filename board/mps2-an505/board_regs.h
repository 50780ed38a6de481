/*
 * board/mps2-an505/board_regs.h - the ARM MPS2+ board with the AN505 FPGA image (Cortex-M33 in
 * ARM's IoT Kit, the SSE-200 subsystem), as documented in ARM Application Note AN505 and
 * modelled by QEMU's mps2-an505. Secure aliases throughout: parley runs in the Secure state.
 */
#ifndef BOARD_MPS2_AN505_REGS_H
#define BOARD_MPS2_AN505_REGS_H

#define BOARD_IRQ_COUNT 64u       /* external interrupts parley's vector table covers */
#define MPS2_SYSCLK_HZ  20000000u /* MAINCLK: the core, SysTick and the timers */

#define MPS2_TIMER0_BASE 0x50000000u /* CMSDK APB timer (in the IoT Kit), IRQ 3 */
#define MPS2_TIMER1_BASE 0x50001000u /* CMSDK APB timer (in the IoT Kit), IRQ 4 */
#define MPS2_UART0_BASE  0x50200000u /* CMSDK APB UART, RX IRQ 32, TX IRQ 33 */

/* The IoT Kit's Secure privilege control (SSE-200 "secctl", Secure view): which peripherals
 * behind each Peripheral Protection Controller an unprivileged Secure access may reach. They
 * reset to "privileged only"; parley opens them all and leaves the choice to each task's MPU
 * regions, as on the other boards. */
#define AN505_SECCTL_BASE    0x50080000u
#define AN505_AHBSPPPCEXP(n) (AN505_SECCTL_BASE + 0x0b0u + 4u * (n)) /* n = 0..3 */
#define AN505_APBSPPPC0      (AN505_SECCTL_BASE + 0x0c0u)
#define AN505_APBSPPPC1      (AN505_SECCTL_BASE + 0x0c4u)
#define AN505_APBSPPPCEXP(n) (AN505_SECCTL_BASE + 0x0d0u + 4u * (n)) /* n = 0..3 */

#include "../mps2/cmsdk_uart.h"

/* The CPU, as arch_cpu_name() names it: tests/qemu/float checks the running CPU against it (a
 * QEMU_MACHINE that runs another CPU), tools/check-boards.py against board.ini's cpu. */
#define BOARD_CPU_NAME "Cortex-M33"

#endif

/*
 * board/microbit/board.c - the BBC micro:bit (nRF51822, Cortex-M0) as QEMU 7.2 runs it: the
 * console on UART0, polled (board/nrf/nrf_console.c), and the core clock. No MPU: every task
 * can reach every address (docs/porting.md, "microbit"); sys/main.c's banner says so.
 */
#include <stdint.h>

#include "board.h"
#include "board_regs.h"
#include "../nrf/nrf_console.h"

const char board_name[] = "microbit";
const int board_has_semihosting = 1; /* QEMU answers semihosting: the tests' exit code */

void board_init(void)
{
    nrf_console_init(); /* the core runs on its reset clock, nothing to start first */
}

uint32_t board_cpu_hz(void)
{
    return NRF_CPU_HZ;
}

/*
 * board/mps2-an500/board.c - board support for MPS2 + AN500 (Cortex-M7), as run by QEMU.
 *
 * Owns the kernel console: UART0, polled. In systems with a console server (servers/console)
 * that task owns the UART's registers and interrupts, and the kernel writes here only while
 * the server is not draining the kernel's log (kernel/klog.c): at boot, while it is dead, and
 * for a shutdown or a panic.
 */
#include <stdint.h>

#include "board.h"
#include "board_regs.h"

#define UART0(off) (*(volatile uint32_t *)(uintptr_t)(AN500_UART0_BASE + (off)))

const char board_name[] = "mps2-an500";
const int board_has_semihosting = 1; /* this board exists for us inside QEMU */

void board_init(void)
{
    UART0(UART_BAUDDIV) = AN500_SYSCLK_HZ / 115200u;
    UART0(UART_CTRL) |= UART_CTRL_TX_EN | UART_CTRL_RX_EN;
}

uint32_t board_cpu_hz(void)
{
    return AN500_SYSCLK_HZ;
}

void board_console_putc(char c)
{
    while (UART0(UART_STATE) & UART_STATE_TX_FULL) {
    }
    UART0(UART_DATA) = (uint8_t)c;
}

/*
 * board/mps2/mps2.c - board support shared by the MPS2 boards (mps2-an385, -an386, -an500), as
 * run by QEMU. Each board's board.mk links it next to its own board.c (the board's name); the
 * board's board_regs.h, found through -Iboard/$(BOARD), gives the addresses.
 *
 * Owns the kernel console: UART0, polled. In systems with a console server (servers/console)
 * that task owns the UART's registers and interrupts, and the kernel writes here only while
 * the server is not draining the kernel's log (kernel/klog.c): at boot, while it is dead, and
 * for a shutdown or a panic.
 */
#include <stdint.h>

#include "board.h"
#include "board_regs.h"

#define UART0(off) (*(volatile uint32_t *)(uintptr_t)(MPS2_UART0_BASE + (off)))

void mps2_setup(void); /* each board's board.c: its own first steps, often none */

const int board_has_semihosting = 1; /* these boards exist for us inside QEMU */

void board_init(void)
{
    mps2_setup(); /* what this FPGA image needs before its UART answers (board.c) */
    UART0(UART_BAUDDIV) = MPS2_SYSCLK_HZ / 115200u;
    UART0(UART_CTRL) |= UART_CTRL_TX_EN | UART_CTRL_RX_EN;
}

uint32_t board_cpu_hz(void)
{
    return MPS2_SYSCLK_HZ;
}

void board_console_putc(char c)
{
    while (UART0(UART_STATE) & UART_STATE_TX_FULL) {
    }
    UART0(UART_DATA) = (uint8_t)c;
}

/*
 * board/rpi-pico/board.c - the Raspberry Pi Pico (RP2040), a real board: its name, its clock
 * (the 12 MHz crystal feeds clk_ref and clk_sys; SysTick counts it; the PLLs stay off) and the
 * kernel console, UART0 polled at 115200 baud 8N1 on GP0 (TX) and GP1 (RX). Also takes out of
 * reset the devices tasks may own (board.ini): TIMER, whose microsecond tick it starts, PWM
 * and UART1.
 *
 * By the time board_init() runs, the boot ROM and the second-stage boot loader (boot2.S) have
 * put the flash in execute-in-place mode and pointed VTOR at this image's vector table. No
 * simulator answers semihosting here: arch_halt() (a shutdown, a panic) masks interrupts and
 * sleeps forever after the message has gone out on the UART, polled.
 */
#include <stdint.h>

#include "board.h"
#include "board_regs.h"

const char board_name[] = "rpi-pico";
const int board_has_semihosting = 0;

#define REG(base, off) (*(volatile uint32_t *)(uintptr_t)((base) + (off)))
#define XOSC(off)      REG(RP_XOSC_BASE, off)
#define CLOCKS(off)    REG(RP_CLOCKS_BASE, off)
#define RESETS(off)    REG(RP_RESETS_BASE, off)
#define UART(off)      REG(RP_UART0_BASE, off)

/* The devices board_init() releases: the console's path, and the task devices of board.ini */
#define RESETS_USED                                                                                \
    (RESET_IO_BANK0 | RESET_PADS_BANK0 | RESET_UART0 | RESET_TIMER | RESET_PWM | RESET_UART1)

/* The crystal, then clk_ref and clk_sys from it. Bounded: a board without a working crystal
 * stays on the ring oscillator it booted on (the console's baud rate is then wrong, but the
 * kernel runs) rather than hang before its first line. */
static void clocks_init(void)
{
    XOSC(XOSC_STARTUP) = XOSC_STARTUP_DELAY; /* first: any write of CTRL but DISABLE starts it */
    XOSC(XOSC_CTRL) = XOSC_CTRL_RANGE_1_15 | XOSC_CTRL_ENABLE;
    uint32_t n = 0;
    while (!(XOSC(XOSC_STATUS) & XOSC_STATUS_STABLE) && n < XOSC_STABLE_WAIT_LOOPS) {
        n++;
    }
    if (!(XOSC(XOSC_STATUS) & XOSC_STATUS_STABLE)) {
        return;
    }
    CLOCKS(CLK_REF_DIV) = CLK_DIV_1;
    CLOCKS(CLK_REF_CTRL) = CLK_REF_SRC_XOSC;
    while (CLOCKS(CLK_REF_SELECTED) != CLK_SELECTED(CLK_REF_SRC_XOSC)) {
    }
    CLOCKS(CLK_SYS_DIV) = CLK_DIV_1;
    CLOCKS(CLK_SYS_CTRL) = CLK_SYS_SRC_REF;
    while (CLOCKS(CLK_SYS_SELECTED) != CLK_SELECTED(CLK_SYS_SRC_REF)) {
    }
    CLOCKS(CLK_PERI_CTRL) = CLK_PERI_ENABLE; /* clk_peri = clk_sys: the UARTs' clock */
    REG(RP_WATCHDOG_BASE, WATCHDOG_TICK) = WATCHDOG_TICK_EN | WATCHDOG_TICK_1US;
}

/* PL011 divisor for the console: 64 x clk_peri / (16 x baud), rounded, split into its integer
 * and 6-bit fractional parts (12 MHz: 6 + 33/64, 115108 baud, 0.08 % slow). IBRD/FBRD take
 * effect at the LCR_H write that follows them. */
static void console_init(void)
{
    uint32_t div64 = (4u * RP_CPU_HZ + RP_CONSOLE_BAUD / 2u) / RP_CONSOLE_BAUD;

    REG(RP_PADS_BANK0_BASE, PADS_GPIO(RP_CONSOLE_RX)) =
        PADS_IE | PADS_DRIVE_4MA | PADS_PUE | PADS_SCHMITT; /* idles high if nothing is there */
    REG(RP_IO_BANK0_BASE, GPIO_CTRL(RP_CONSOLE_TX)) = GPIO_FUNC_UART;
    REG(RP_IO_BANK0_BASE, GPIO_CTRL(RP_CONSOLE_RX)) = GPIO_FUNC_UART;
    UART(UART_CR) = 0;
    UART(UART_IBRD) = div64 >> 6;
    UART(UART_FBRD) = div64 & 0x3fu;
    UART(UART_LCR_H) = UART_LCR_H_8N1 | UART_LCR_H_FEN;
    UART(UART_CR) = UART_CR_UARTEN | UART_CR_TXE | UART_CR_RXE;
}

void board_init(void)
{
    clocks_init();
    RESETS(RESETS_RESET) &= ~RESETS_USED;
    while ((RESETS(RESETS_RESET_DONE) & RESETS_USED) != RESETS_USED) {
    }
    console_init();
}

uint32_t board_cpu_hz(void)
{
    return RP_CPU_HZ;
}

/* Wait for room in the transmit FIFO, then give it the byte. */
void board_console_putc(char c)
{
    while (UART(UART_FR) & UART_FR_TXFF) {
    }
    UART(UART_DR) = (uint8_t)c;
}

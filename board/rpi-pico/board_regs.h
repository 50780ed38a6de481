/*
 * board/rpi-pico/board_regs.h - the Raspberry Pi Pico (RP2040, Cortex-M0+): what parley looks
 * at, from the RP2040 Datasheet: the interrupt count, the crystal oscillator (XOSC), the clock
 * generators (CLOCKS), the reset controller (RESETS), the watchdog's tick generator (which
 * clocks TIMER), the GPIO function select (IO_BANK0) and pads (PADS_BANK0), and the PL011
 * UART0 of the console on GP0 (TX) and GP1 (RX).
 */
#ifndef BOARD_RPI_PICO_REGS_H
#define BOARD_RPI_PICO_REGS_H

/* Interrupts 0-25 (datasheet 2.3.2, "Interrupts"): TIMER_IRQ_0 is 0, RTC_IRQ the last, 25. */
#define BOARD_IRQ_COUNT 26u

/* The clock parley runs on: the Pico's 12 MHz crystal, straight into clk_ref and clk_sys (the
 * PLLs stay off); clk_peri, which clocks the UARTs, is clk_sys. SysTick counts clk_sys. */
#define RP_XOSC_HZ 12000000u
#define RP_CPU_HZ  RP_XOSC_HZ

/* XOSC (datasheet 2.16) */
#define RP_XOSC_BASE           0x40024000u
#define XOSC_CTRL              0x00u
#define XOSC_STATUS            0x04u
#define XOSC_STARTUP           0x0cu
#define XOSC_CTRL_RANGE_1_15   0xaa0u         /* FREQ_RANGE: 1-15 MHz */
#define XOSC_CTRL_ENABLE       (0xfabu << 12) /* ENABLE: the magic value that turns it on */
#define XOSC_STATUS_STABLE     (1u << 31)
#define XOSC_STARTUP_DELAY     47u      /* x 256 cycles of 12 MHz: 1 ms, the datasheet's figure */
#define XOSC_STABLE_WAIT_LOOPS 1000000u /* a bound, some hundreds of ms: it needs about 1 ms */

/* CLOCKS (datasheet 2.15): each generator has CTRL, DIV, SELECTED at 12-byte steps */
#define RP_CLOCKS_BASE    0x40008000u
#define CLK_REF_CTRL      0x30u
#define CLK_REF_DIV       0x34u
#define CLK_REF_SELECTED  0x38u
#define CLK_SYS_CTRL      0x3cu
#define CLK_SYS_DIV       0x40u
#define CLK_SYS_SELECTED  0x44u
#define CLK_PERI_CTRL     0x48u
#define CLK_REF_SRC_XOSC  2u            /* CTRL.SRC: xosc_clksrc */
#define CLK_SYS_SRC_REF   0u            /* CTRL.SRC: clk_ref (not the auxiliary mux: no PLL) */
#define CLK_DIV_1         (1u << 8)     /* DIV.INT = 1 */
#define CLK_PERI_ENABLE   (1u << 11)    /* CTRL.ENABLE; AUXSRC 0 is clk_sys */
#define CLK_SELECTED(src) (1u << (src)) /* SELECTED is one-hot in the glitchless muxes */

/* RESETS (datasheet 2.14): a peripheral leaves reset when its bit is cleared in RESET */
#define RP_RESETS_BASE    0x4000c000u
#define RESETS_RESET      0x0u
#define RESETS_RESET_DONE 0x8u
#define RESET_IO_BANK0    (1u << 5)
#define RESET_PADS_BANK0  (1u << 8)
#define RESET_PWM         (1u << 14)
#define RESET_TIMER       (1u << 21)
#define RESET_UART0       (1u << 22)
#define RESET_UART1       (1u << 23)

/* WATCHDOG's tick generator (datasheet 4.7.2): TIMER counts its ticks, one per CYCLES cycles
 * of clk_ref: 12 of 12 MHz make TIMER's microsecond */
#define RP_WATCHDOG_BASE  0x40058000u
#define WATCHDOG_TICK     0x2cu
#define WATCHDOG_TICK_EN  (1u << 9)
#define WATCHDOG_TICK_1US (RP_XOSC_HZ / 1000000u)

/* GPIO (datasheet 2.19): IO_BANK0's GPIOn_CTRL selects a pin's function, PADS_BANK0 its pad */
#define RP_IO_BANK0_BASE   0x40014000u
#define GPIO_CTRL(n)       (0x04u + 8u * (n))
#define GPIO_FUNC_UART     2u
#define RP_PADS_BANK0_BASE 0x4001c000u
#define PADS_GPIO(n)       (0x04u + 4u * (n))
#define PADS_IE            (1u << 6)
#define PADS_DRIVE_4MA     (1u << 4)
#define PADS_PUE           (1u << 3)
#define PADS_SCHMITT       (1u << 1)

/* UART0, an ARM PL011 (datasheet 4.2), on GP0 (TX) and GP1 (RX) */
#define RP_UART0_BASE   0x40034000u
#define UART_DR         0x00u
#define UART_FR         0x18u
#define UART_IBRD       0x24u
#define UART_FBRD       0x28u
#define UART_LCR_H      0x2cu
#define UART_CR         0x30u
#define UART_FR_TXFF    (1u << 5)
#define UART_LCR_H_8N1  (3u << 5) /* WLEN 8 bits; no parity, one stop bit */
#define UART_LCR_H_FEN  (1u << 4) /* the 32-byte FIFOs on */
#define UART_CR_UARTEN  (1u << 0)
#define UART_CR_TXE     (1u << 8)
#define UART_CR_RXE     (1u << 9)
#define RP_CONSOLE_TX   0u /* GP0 */
#define RP_CONSOLE_RX   1u /* GP1 */
#define RP_CONSOLE_BAUD 115200u

/* The CPU, as arch_cpu_name() names it (tools/check-boards.py) */
#define BOARD_CPU_NAME "Cortex-M0+"

#endif

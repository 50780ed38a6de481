/*
 * board/board.h - what every board folder provides to the kernel and boot code.
 *
 * A board is a machine: its memory map (memory.ld and board.ini), clocks, the console UART the
 * kernel writes its log to, and its interrupt count. Board code never calls kernel logic.
 */
#ifndef BOARD_BOARD_H
#define BOARD_BOARD_H

#include <stdint.h>

extern const char board_name[];         /* "mps2-an385" */
extern const int board_has_semihosting; /* 1 when the board runs under a simulator */

void board_init(void);           /* clocks and the kernel console, before anything prints */
uint32_t board_cpu_hz(void);     /* core clock feeding SysTick */
void board_console_putc(char c); /* polled, usable from any context, also during a panic */

#endif

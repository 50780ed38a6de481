/* board/nrf/nrf_console.h - the nRF boards' shared kernel console (nrf_console.c). */
#ifndef BOARD_NRF_CONSOLE_H
#define BOARD_NRF_CONSOLE_H

void nrf_console_init(void); /* UART0 and its pins; board_console_putc() is then ready */

#endif

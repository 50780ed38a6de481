/*
 * user/dev/nrf/dev_uart.h - the console UART for the nRF52 boards (`nrf52840-dk`): the
 * legacy UART0, the same registers on every nRF (nrf_uart.h).
 */
#ifndef USER_DEV_UART_H
#define USER_DEV_UART_H

#include "nrf_uart.h"

#endif

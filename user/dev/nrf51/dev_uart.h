/*
 * user/dev/nrf51/dev_uart.h - the console UART for the nRF51 boards (`microbit`): the legacy
 * UART0, the same registers on every nRF (../nrf/nrf_uart.h).
 */
#ifndef USER_DEV_UART_H
#define USER_DEV_UART_H

#include "../nrf/nrf_uart.h"

#endif

/*
 * user/dev/nrf51/dev_uart.h - the console UART for the nRF51 boards (`microbit`): the legacy
 * UART0, the same registers as the nRF52's (../nrf/dev_uart.h).
 */
#include "../nrf/dev_uart.h"

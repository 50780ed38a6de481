/*
 * tests/host/fake_board.h - the host board's console capture, for tests to read.
 * Everything the kernel prints lands in one buffer (kept NUL-terminated) until reset.
 */
#ifndef TESTS_HOST_FAKE_BOARD_H
#define TESTS_HOST_FAKE_BOARD_H

#include <stddef.h>

#define FAKE_BOARD_CPU_HZ 25000000u

const char *fake_console_text(void); /* what was printed since the last reset */
size_t fake_console_length(void);    /* bytes printed, including any that did not fit */
void fake_console_reset(void);

#endif

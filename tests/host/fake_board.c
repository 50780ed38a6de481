/*
 * tests/host/fake_board.c - the board contract (board/board.h) for host unit tests.
 * Owns the console capture: board_console_putc() appends to a buffer instead of a UART, so
 * tests can check what the kernel said. Output past the buffer is counted, not stored.
 */
#include "board.h"
#include "fake_board.h"

#define CAPTURE_SIZE 8192u

const char board_name[] = "host";
const int board_has_semihosting = 0;

static char capture[CAPTURE_SIZE];
static size_t captured;

void board_init(void)
{
    fake_console_reset();
}

uint32_t board_cpu_hz(void)
{
    return FAKE_BOARD_CPU_HZ;
}

void board_console_putc(char c)
{
    if (captured < CAPTURE_SIZE - 1u) { /* keep room for the terminating NUL */
        capture[captured] = c;
        capture[captured + 1] = '\0';
    }
    captured++;
}

const char *fake_console_text(void)
{
    return capture;
}

size_t fake_console_length(void)
{
    return captured;
}

void fake_console_reset(void)
{
    captured = 0;
    capture[0] = '\0';
}

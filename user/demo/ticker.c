/*
 * user/demo/ticker.c - a client of the console driver: one line every 700 ms, always the same
 * text after its number, so that a torn or lost line is easy to see (the shell's QEMU test
 * matches whole lines before and after the console driver's crash).
 */
#include <stdint.h>

#include "demo_print.h"
#include "parley.h"
#include "system.h"

#define TICKER_PERIOD_MS 700u
#define TICKER_TEXT      "the quick brown fox jumps over the lazy dog"

int ticker_main(void)
{
    for (uint32_t n = 1;; n++) {
        demo_print("ticker", "ticker line %lu " TICKER_TEXT, (unsigned long)n);
        pl_sleep(TICKER_PERIOD_MS * SYSTEM_TICK_HZ / 1000u);
    }
}

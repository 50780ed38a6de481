/* user/demo/counter.c - a well-behaved task: counts and reports every half second. */
#include "parley.h"

int main(void)
{
    for (unsigned i = 1;; i++) {
        pl_printf("[counter] tick %lu: count %u\r\n", (unsigned long)pl_uptime(), i);
        pl_sleep(500);
    }
}

/* tests/bench/partner.c - the other side of the switch benchmarks: gives the CPU straight back. */
#include "parley.h"

int partner_main(void);

int partner_main(void)
{
    for (;;) {
        pl_yield();
    }
}

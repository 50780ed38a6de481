/*
 * board/mps2-an505/board.c - MPS2+ + AN505 (Cortex-M33), as run by QEMU: its name, and opening
 * the IoT Kit's peripherals to unprivileged Secure accesses. The console and the clock are the
 * MPS2 family's, in board/mps2/mps2.c.
 */
#include <stdint.h>

#include "board.h"
#include "board_regs.h"

#define REG32(a) (*(volatile uint32_t *)(uintptr_t)(a))

const char board_name[] = "mps2-an505";

/* Every peripheral reachable from unprivileged Secure code as far as the IoT Kit is concerned:
 * the MPU alone decides, per task (a task without a region for a device still faults). */
void mps2_setup(void);
void mps2_setup(void)
{
    REG32(AN505_APBSPPPC0) = 0xffffffffu;
    REG32(AN505_APBSPPPC1) = 0xffffffffu;
    for (unsigned n = 0; n < 4u; n++) {
        REG32(AN505_AHBSPPPCEXP(n)) = 0xffffffffu;
        REG32(AN505_APBSPPPCEXP(n)) = 0xffffffffu;
    }
}

/*
 * arch/cortex-m/semihost.c - ARM semihosting exit.
 *
 * The semihosting ABI: r0 = operation, r1 = argument, then BKPT 0xAB. SYS_EXIT_EXTENDED (0x20)
 * takes a block {reason, subcode}; with reason ADP_Stopped_ApplicationExit the subcode becomes
 * the simulator's exit status. Whether semihosting is present is the board's decision
 * (board_has_semihosting); without it the BKPT would raise a fault, so it is skipped.
 */
#include <stdint.h>

#include "semihost.h"

#define SYS_EXIT_EXTENDED            0x20u
#define ADP_STOPPED_APPLICATION_EXIT 0x20026u

extern const int board_has_semihosting;

void semihost_exit(int code)
{
    uint32_t block[2] = {ADP_STOPPED_APPLICATION_EXIT, (uint32_t)code};
    if (!board_has_semihosting) {
        return;
    }
    register uint32_t r0 __asm("r0") = SYS_EXIT_EXTENDED;
    register uint32_t *r1 __asm("r1") = block;
    __asm volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
}

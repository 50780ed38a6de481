/*
 * tests/qemu/atomic/offender.c - tasks that misuse PL_SYS_ATOMIC and must be stopped for it
 * with PL_FAULT_BAD_POINTER naming the word: one names the judge's RAM, one a misaligned word
 * of its own. Neither may come back from the call.
 */
#include <stdint.h>

#include "parley.h"
#include "system.h"

static uint32_t atomic_call(uint32_t op, uint32_t word, uint32_t a)
{
    register uint32_t r0 __asm("r0") = op;
    register uint32_t r1 __asm("r1") = word;
    register uint32_t r2 __asm("r2") = a;
    register uint32_t r3 __asm("r3") = 0;
    __asm volatile("svc %[nr]"
                   : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
                   : [nr] "i"(PL_SYS_ATOMIC)
                   : "memory");
    return r0;
}

static uint32_t mine[2];

void foreign_main(void);
void foreign_main(void)
{
    (void)atomic_call(PL_ATOMIC_ADD, TASK_JUDGE_RAM_BASE + 64u, 1);
    pl_exit(1); /* not reached: the kernel stops the task */
}

void misaligned_main(void);
void misaligned_main(void)
{
    (void)atomic_call(PL_ATOMIC_ADD, (uint32_t)(uintptr_t)&mine[0] + 2u, 1);
    pl_exit(1);
}

/*
 * tests/qemu/atomic/offender.c - a task that misuses PL_SYS_ATOMIC and must be stopped for it
 * with PL_FAULT_BAD_POINTER naming the word: the judge's RAM, then (restarted) a misaligned
 * word of its own. It never comes back from the call.
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

/* The first run names the judge's RAM; a restarted run a misaligned word of its own. */
void offender_main(void);
void offender_main(void)
{
    struct pl_task_status me;
    if (pl_task_status(TASK_OFFENDER, &me) != PL_OK) {
        pl_exit(2);
    }
    if (me.restarts == 0) {
        (void)atomic_call(PL_ATOMIC_ADD, TASK_JUDGE_RAM_BASE + 64u, 1);
    } else {
        (void)atomic_call(PL_ATOMIC_ADD, (uint32_t)(uintptr_t)&mine[0] + 2u, 1);
    }
    pl_exit(1); /* not reached: the kernel stops the task */
}

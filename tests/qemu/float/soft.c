/*
 * tests/qemu/float/soft.c - a task that computes with float and double, and one that spins
 * beside it for a while so that the tick preempts it mid-calculation.
 *
 * All values are chosen to be exact in binary floating point, so the checks compare with ==.
 * volatile keeps the compiler from folding the arithmetic at build time: it must run, through
 * libgcc's software routines (__aeabi_fadd, __aeabi_dmul, ...), on the task's core registers.
 */
#include <stdint.h>

#include "float.h"
#include "parley.h"

int soft_main(void);
int spinner_main(void);

/* 0.5 * (0 + 1 + ... + 999) = 249750: every partial sum is a multiple of 0.5 below 2^24. */
static int float_sum_ok(void)
{
    volatile float half = 0.5f;
    float sum = 0.0f;
    for (int k = 0; k < 1000; k++) {
        sum += (float)k * half;
    }
    return sum == 249750.0f;
}

/* 20! = 2432902008176640000 is exact in a double (its odd part is below 2^53); dividing by
 * 20, 19, ..., 1 gives exactly 1 again. */
static int double_factorial_ok(void)
{
    volatile double one = 1.0;
    double x = one;
    for (int i = 1; i <= 20; i++) {
        x *= (double)i;
    }
    if (x != 2432902008176640000.0) {
        return 0;
    }
    for (int i = 20; i >= 1; i--) {
        x /= (double)i;
    }
    return x == 1.0;
}

static int conversions_ok(void)
{
    volatile float f = 7.75f;
    volatile uint32_t u = 0xffffffffu;
    return (int)(f * 4.0f) == 31 && (double)u + 1.0 == 4294967296.0 && (float)(int)-3 == -3.0f;
}

static uint32_t control(void)
{
    uint32_t c;
    __asm volatile("mrs %0, control" : "=r"(c)); /* readable unprivileged */
    return c;
}

int soft_main(void)
{
    volatile double carried = 0.1; /* held across every system call below */
    for (int round = 0; round < SOFT_ROUNDS; round++) {
        if (!float_sum_ok()) {
            return SOFT_BAD_FLOAT;
        }
        if (!double_factorial_ok() || carried != 0.1) {
            return SOFT_BAD_DOUBLE;
        }
        if (!conversions_ok()) {
            return SOFT_BAD_CONVERT;
        }
        if (round % 2) {
            pl_yield();
        } else {
            pl_sleep(1);
        }
    }
    /* CONTROL.FPCA (bit 2): set by a floating-point instruction, it makes every later
     * exception entry stack an extended frame. Reads as 0 on a core without an FPU. */
    return (control() & 4u) ? SOFT_FPCA : SOFT_OK;
}

/* Spins through soft's rounds (about 60 ticks on the instruction clock), then makes room for
 * fp_insn, below both. */
int spinner_main(void)
{
    while (pl_uptime() < SPIN_TICKS) {
    }
    return 0;
}

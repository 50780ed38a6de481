/*
 * tests/boards/mpu_min/probe.c - arch/cortex-m/mpu.c's region check, run on a Cortex-M under
 * QEMU with one MPU profile's mpu_regs.h (tests/boards/test_mpu_min_region.py builds it once
 * with -Iarch/cortex-m/pmsav7 and once with pmsav6). It asks arch_region_ok() and
 * arch_task_set_regions() about regions at and around the profile's smallest size, and exits
 * through semihosting with the number of answers that were not EXPECT_MIN's (the smallest
 * region the profile must accept), so 0 means mpu.c follows the profile.
 */
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "semihost.h"

const int board_has_semihosting = 1;

static int ok(uintptr_t base, uint32_t size)
{
    struct mem_region r = {.base = base, .size = size, .access = MEM_DATA};
    return arch_region_ok(&r);
}

static int set_ok(uint32_t size)
{
    static struct arch_task a;
    struct mem_region r = {.base = 0x20000000u, .size = size, .access = MEM_DATA};
    return arch_task_set_regions(&a, &r, 1) == 0;
}

void probe_main(void)
{
    int wrong = 0;
    wrong += ok(0x20000000u, EXPECT_MIN) != 1;      /* the smallest region */
    wrong += ok(0x20000000u, EXPECT_MIN / 2u) != 0; /* half of it: too small */
    wrong += ok(0x20000000u, 2u * EXPECT_MIN) != 1;
    wrong += ok(0x20000000u + EXPECT_MIN, 2u * EXPECT_MIN) != 0; /* not aligned to its size */
    wrong += ok(0x20000000u, 3u * EXPECT_MIN) != 0;              /* not a power of two */
    wrong += set_ok(EXPECT_MIN) != 1;
    wrong += set_ok(EXPECT_MIN / 2u) != 0;
    semihost_exit(wrong);
    for (;;) {
    }
}

/* What mpu.c's other functions reach (arch_common.c): not called here. */
void mpu_require_slots(void)
{
}

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n-- > 0) {
        *d++ = *s++;
    }
    return dst;
}

extern uint32_t probe_stack_top[];
__attribute__((section(".vectors"), used))
const uintptr_t probe_vectors[2] = {(uintptr_t)probe_stack_top, (uintptr_t)probe_main};

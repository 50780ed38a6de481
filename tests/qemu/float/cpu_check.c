/*
 * tests/qemu/float/cpu_check.c - what the kernel must find on every board before the tasks
 * run: the CPU the board was built for (BOARD_CPU_NAME, board_regs.h), so the test really runs
 * on the board's QEMU machine and the banner names that CPU; and the FPU off. (An MPU with too
 * few regions is arch_init's own check: tests/qemu/mpu_regions.)
 *
 * Linked into this image's kernel only (kernel_sources in system.ini); kernel_main calls
 * kernel_test_hook() once, privileged, before the first task. A broken rule is a panic, which
 * the runner reports as a failed run (no summary, "PANIC" on the console).
 */
#include <stdint.h>

#include "arch.h"
#include "board_regs.h"

void kernel_test_hook(void);

#define CPACR         (*(volatile uint32_t *)0xE000ED88u) /* coprocessor access control */
#define CPACR_CP10_11 (0xfu << 20)                        /* the FPU's two coprocessors */

/* The kernel links no strcmp (kernel/string.c has what it needs, no more). */
static int same(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

void kernel_test_hook(void)
{
    const char *cpu = arch_cpu_name();
    uint32_t cpacr = CPACR;
    if (!same(cpu, BOARD_CPU_NAME)) {
        panic("cpu_check: running on a %s, but the board is built for a %s", cpu, BOARD_CPU_NAME);
    }
    if (cpacr & CPACR_CP10_11) {
        panic("cpu_check: the FPU is on (CPACR 0x%08lx): task frames could be extended",
              (unsigned long)cpacr);
    }
    kprintf("\r\n# cpu_check: %s, MPU with %u regions (%u used per task), FPU off (CPACR "
            "0x%08lx)\r\n",
            cpu, arch_mpu_region_count(), (unsigned)ARCH_MPU_SLOTS, (unsigned long)cpacr);
}

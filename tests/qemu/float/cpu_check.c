/*
 * tests/qemu/float/cpu_check.c - what the kernel must find on every board before the tasks
 * run: a CPU it can name, as many MPU regions as the switch writes, and the FPU off.
 *
 * Linked into this image's kernel only (kernel_sources in system.ini); kernel_main calls
 * kernel_test_hook() once, privileged, before the first task. A broken rule is a panic, which
 * the runner reports as a failed run (no summary, "PANIC" on the console).
 */
#include <stdint.h>

#include "arch.h"

void kernel_test_hook(void);

#define CPACR         (*(volatile uint32_t *)0xE000ED88u) /* coprocessor access control */
#define CPACR_CP10_11 (0xfu << 20)                        /* the FPU's two coprocessors */

void kernel_test_hook(void)
{
    const char *cpu = arch_cpu_name();
    unsigned regions = arch_mpu_region_count();
    uint32_t cpacr = CPACR;
    if (cpu[0] != 'C') { /* "Cortex-M3", "Cortex-M4", "Cortex-M7"; else "ARMv7-M (unknown..." */
        panic("cpu_check: arch_cpu_name() does not know this CPU: %s", cpu);
    }
    if (regions < ARCH_MPU_SLOTS) {
        panic("cpu_check: the MPU has %u regions, the switch writes %u", regions,
              (unsigned)ARCH_MPU_SLOTS);
    }
    if (cpacr & CPACR_CP10_11) {
        panic("cpu_check: the FPU is on (CPACR 0x%08lx): task frames could be extended",
              (unsigned long)cpacr);
    }
    kprintf("\r\n# cpu_check: %s, MPU with %u regions (%u used per task), FPU off (CPACR "
            "0x%08lx)\r\n",
            cpu, regions, (unsigned)ARCH_MPU_SLOTS, (unsigned long)cpacr);
}

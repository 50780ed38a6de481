/*
 * tests/qemu/panic/kfault.c - makes the kernel itself fault, to test its failure path.
 *
 * Linked into this image only (kernel_sources in system.ini); sysgen then points
 * sys_config.test_hook at kernel_test_hook(). kernel_main calls it once, privileged on the boot
 * stack, after the MPU and the fault handlers are set up and before the first task runs. The
 * kernel must decode the fault, print its registers and PANIC, ending the run non-zero.
 */
#include <stdint.h>

void kernel_test_hook(void);

/* A word in the System region at the top of the address space: nothing answers there on the
 * mps2-an385, so even the privileged default memory map gives a precise bus error. */
#define NOTHING_THERE 0xfffffff0u

void kernel_test_hook(void)
{
    *(volatile uint32_t *)(uintptr_t)NOTHING_THERE = 0;
    /* Where something does answer there (QEMU's nRF51 ignores the whole region), an undefined
     * instruction faults on every Cortex-M: a UsageFault, or ARMv6-M's HardFault. */
    __asm volatile("udf #0");
}

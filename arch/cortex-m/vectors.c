/*
 * arch/cortex-m/vectors.c - the Cortex-M vector table, placed at the start of flash by
 * linker/kernel.ld. One table serves every profile: on ARMv6-M the slots of MemManage,
 * BusFault, UsageFault and DebugMonitor are reserved and never taken.
 *
 * Entry 0 is the initial kernel stack pointer, entry 1 the reset handler. The system exceptions
 * go to the arch's handlers; every device interrupt goes to one arch entry that hands the IRQ
 * number to the kernel, which forwards it to the owning task as a notification.
 */
#include <stdint.h>

#include "board_regs.h"

typedef void (*vector_fn)(void);

extern uint32_t __kernel_stack_top[];
void reset_handler(void);
void NMI_Handler(void);
void HardFault_Handler(void);
void MemManage_Handler(void);
void BusFault_Handler(void);
void UsageFault_Handler(void);
void SVC_Handler(void);
void PendSV_Handler(void);
void SysTick_Handler(void);
void arch_irq_entry(void);

struct vector_table {
    uint32_t *initial_sp;
    vector_fn system[15];
    vector_fn irq[BOARD_IRQ_COUNT];
};

__attribute__((section(".vectors"), used)) const struct vector_table vector_table = {
    .initial_sp = __kernel_stack_top,
    .system =
        {
            [0] = reset_handler,
            [1] = NMI_Handler,
            [2] = HardFault_Handler,
            [3] = MemManage_Handler,
            [4] = BusFault_Handler,
            [5] = UsageFault_Handler,
            [10] = SVC_Handler,
            [11] = NMI_Handler, /* DebugMonitor: not used; treated as unexpected */
            [13] = PendSV_Handler,
            [14] = SysTick_Handler,
        },
    .irq = {[0 ... BOARD_IRQ_COUNT - 1] = arch_irq_entry},
};

/*
 * tests/qemu/isolation/offenders.c - one entry per offender task, each committing exactly one
 * offence as its first act. An offender that is still alive afterwards returns 0, which the
 * judge counts as a failure: the kernel must have stopped it with a fault.
 */
#include "isolation.h"
#include "parley.h"

#define REG(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

int rd_other_main(void);
int wr_other_main(void);
int wr_code_main(void);
int exec_ram_main(void);
int uart_kernel_main(void);
int timer_other_main(void);
int rd_kernel_main(void);
int stack_ovf_main(void);
int ptr_kernel_main(void);
int ptr_other_main(void);
int bad_svc_main(void);
int ptr_straddle_main(void);

int rd_other_main(void)
{
    (void)REG(VICTIM_CANARY_ADDR);
    return 0;
}

int wr_other_main(void)
{
    REG(VICTIM_CANARY_ADDR) = ~VICTIM_CANARY_VALUE;
    return 0;
}

int wr_code_main(void)
{
    /* Writing back what is there: should the write go through, the code stays intact. */
    REG(TASK_WR_CODE_FLASH_BASE) = REG(TASK_WR_CODE_FLASH_BASE);
    return 0;
}

int exec_ram_main(void)
{
    volatile uint16_t *code = (volatile uint16_t *)(uintptr_t)EXEC_RAM_CODE_ADDR;
    code[0] = 0x4770; /* bx lr: harmless if it ran */
    /* Make the store visible to instruction fetch, as real self-modifying code must. */
    __asm volatile("dsb\n\tisb" ::: "memory");
    void (*fn)(void) = (void (*)(void))(uintptr_t)(EXEC_RAM_CODE_ADDR | 1u); /* Thumb */
    fn();
    return 0;
}

int uart_kernel_main(void)
{
    (void)REG(KERNEL_UART_STATE_ADDR);
    return 0;
}

int timer_other_main(void)
{
    REG(VICTIM_TIMER_RELOAD_ADDR) = 0;
    return 0;
}

int rd_kernel_main(void)
{
    (void)REG(KERNEL_RAM_BASE);
    return 0;
}

/* Not a tail call (the result is used after it) and a volatile frame, so every level really
 * takes stack; the depth test only keeps the compiler from calling the recursion infinite. */
__attribute__((noinline)) static uint32_t descend(uint32_t depth)
{
    volatile uint32_t frame[4];
    frame[0] = depth;
    if (depth == UINT32_MAX) {
        return frame[0];
    }
    return descend(depth + 1u) + frame[0];
}

int stack_ovf_main(void)
{
    (void)descend(0);
    return 0;
}

int ptr_kernel_main(void)
{
    pl_debug_write((const void *)(uintptr_t)KERNEL_RAM_BASE, 16);
    return 0;
}

int ptr_other_main(void)
{
    pl_debug_write((const void *)(uintptr_t)VICTIM_CANARY_ADDR, 16);
    return 0;
}

int bad_svc_main(void)
{
    __asm volatile("svc %[nr]" ::[nr] "i"(BAD_SVC_NUMBER) : "memory");
    return 0;
}

int ptr_straddle_main(void)
{
    pl_debug_write((const void *)(uintptr_t)STRADDLE_ADDR, STRADDLE_LEN);
    return 0;
}

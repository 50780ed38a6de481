/*
 * arch/host/host_arch.h - what the fake architecture records, for tests to read.
 *
 * Everything the kernel asks of the arch (a switch, a halt, the timer, interrupt masks) is
 * recorded in host_arch instead of touching hardware. A halt ends the machine, so a test that
 * expects one runs the code under HOST_EXPECT_HALT(), which catches it with longjmp; a halt
 * nobody expects prints its code and aborts the test program.
 */
#ifndef ARCH_HOST_HOST_ARCH_H
#define ARCH_HOST_HOST_ARCH_H

#include <setjmp.h>
#include <stdint.h>

struct arch_task;

#define HOST_IRQ_COUNT 64u

struct host_arch_state {
    unsigned init_calls;
    unsigned mpu_loads;               /* arch_mpu_load() calls */
    const struct arch_task *mpu_task; /* whose regions the last arch_mpu_load() programmed */
    int halted;                       /* 1 once arch_halt() ran */
    int halt_code;
    uint32_t timer_cpu_hz, timer_tick_hz; /* the last arch_timer_start() */
    uint8_t irq_enabled[HOST_IRQ_COUNT];  /* 1 after arch_irq_enable(), 0 after disable */
    unsigned irq_disable_calls;
    unsigned irq_rearms;                  /* arch_irq_rearm() calls, all interrupts */
    unsigned irq_rearmed[HOST_IRQ_COUNT]; /* arch_irq_rearm() calls, per interrupt */
    unsigned last_irq_disabled;
    uintptr_t refuse_base; /* non-zero: arch_region_ok() refuses any region at this base */
};

extern struct host_arch_state host_arch;

void host_arch_reset(void); /* forget everything recorded; disarm any expected halt */

/* Run `stmt`, which must end in arch_halt(); afterwards host_arch.halted says whether it did.
 * Locals changed inside `stmt` are not reliable afterwards (longjmp): check global state. */
extern jmp_buf host_halt_env;
void host_halt_arm(void);
void host_halt_disarm(void);
#define HOST_EXPECT_HALT(stmt)                                                                     \
    do {                                                                                           \
        host_halt_arm();                                                                           \
        if (setjmp(host_halt_env) == 0) {                                                          \
            stmt;                                                                                  \
        }                                                                                          \
        host_halt_disarm();                                                                        \
    } while (0)

#endif

/*
 * tests/qemu/ipc_irq/irq.h - orders shared by the timer driver and its judge, and the CMSDK
 * timer's registers.
 */
#ifndef TESTS_QEMU_IPC_IRQ_H
#define TESTS_QEMU_IPC_IRQ_H

#include <stdint.h>

enum irq_op {
    OP_ARM = 1, /* start TIMER0: interrupt every a counts (25 MHz), status cleared */
    OP_WAIT,    /* pl_ntfn_wait on NTFN_TMR, mask a, timeout b; reports bits and ticks */
    OP_CLEAR,   /* clear the timer's interrupt status (the device stops requesting) */
    OP_HOLD,    /* stop counting, but keep the status and its request as they are */
    OP_STOP,    /* stop counting and clear the status: the device requests nothing */
    OP_ACK,     /* pl_irq_ack(NTFN_TMR, a) */
    OP_STATUS,  /* report the timer's interrupt status register */
};

/* OP_WAIT reports the bits taken in a and the ticks waited in b; OP_STATUS the status in a. */

#define TIMER_CTRL(base)   ((volatile uint32_t *)((base) + 0x0u))
#define TIMER_VALUE(base)  ((volatile uint32_t *)((base) + 0x4u))
#define TIMER_RELOAD(base) ((volatile uint32_t *)((base) + 0x8u))
#define TIMER_INT(base)    ((volatile uint32_t *)((base) + 0xcu)) /* status; write 1: clear */
#define TIMER_ENABLE       0x1u
#define TIMER_IRQ_ENABLE   0x8u

#define PERIOD_COUNTS 25000u /* 1 ms at 25 MHz: one interrupt per kernel tick */

#endif

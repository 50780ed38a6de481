/*
 * tests/qemu/ipc_irq/irq.h - orders shared by the timer driver and its judge. The timer is the
 * board's device family's (dev_timer.h).
 */
#ifndef TESTS_QEMU_IPC_IRQ_H
#define TESTS_QEMU_IPC_IRQ_H

#include <stdint.h>

enum irq_op {
    OP_ARM = 1,  /* start TIMER0: interrupt every a counts (BOARD_TIMER_HZ), status cleared */
    OP_WAIT,     /* pl_ntfn_wait on NTFN_TMR, mask a, timeout b; reports bits and ticks */
    OP_CLEAR,    /* clear the timer's interrupt status (the device stops requesting) */
    OP_HOLD,     /* keep the status and its request as they are (dev_timer_hold) */
    OP_STOP,     /* stop counting and clear the status: the device requests nothing */
    OP_ACK,      /* pl_irq_ack(NTFN_TMR, a) */
    OP_STATUS,   /* report the timer's interrupt status register */
    OP_ACK_WAIT, /* pl_irq_ack_wait(NTFN_TMR, a, every bit, timeout b); reports as OP_WAIT */
};

/* OP_WAIT and OP_ACK_WAIT report the bits taken in a and the ticks waited in b; OP_STATUS the
 * status in a. */

#define PERIOD_COUNTS (BOARD_TIMER_HZ / 1000u) /* 1 ms: one interrupt per kernel tick */

#endif

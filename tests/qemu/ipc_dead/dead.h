/*
 * tests/qemu/ipc_dead/dead.h - orders shared by the dead-peer actors and their judge.
 */
#ifndef TESTS_QEMU_IPC_DEAD_H
#define TESTS_QEMU_IPC_DEAD_H

enum dead_op {
    OP_CALL = 1,        /* pl_call on endpoint a, timeout b; report status and ticks taken */
    OP_CALL_THEN_FAULT, /* the same, then fault on purpose instead of reporting */
    OP_SEND,            /* pl_send on endpoint a, timeout b; report status and ticks taken */
    OP_HOLD,            /* receive one call on endpoint a and keep it unanswered */
    OP_REPLY,           /* answer held call number a; report pl_reply's status */
    OP_SERVE,           /* receive one call on endpoint a and answer it at once */
    OP_FAULT,           /* fault on purpose */
};

#define REPLY_LABEL 0x7e91u /* the label of every reply, so a client can tell it got one */

#endif

/*
 * tests/qemu/ipc_rights/rights.h - orders shared by the rights actors and their judge.
 */
#ifndef TESTS_QEMU_IPC_RIGHTS_H
#define TESTS_QEMU_IPC_RIGHTS_H

enum rights_op {
    OP_SEND = 1,    /* pl_send(PL_NO_WAIT) on endpoint a with grant word b (0: none) */
    OP_CALL,        /* pl_call on endpoint a; label, w0 and w1 all carry b (a forged badge) */
    OP_RECV,        /* pl_recv on endpoint a, timeout b; the message is reported as data */
    OP_REPLY_RECV,  /* pl_reply_recv(0, ...) on endpoint a */
    OP_RECV_NOTIFY, /* pl_recv_or_notify on endpoint a */
    OP_SERVE1,      /* srv: receive one message on EP_SVC (timeout a), reply, report it */
    OP_SEND_PTR,    /* pl_send on EP_SVC with data at address a, b bytes: may fault */
    OP_RECV_PTR,    /* pl_recv on EP_PE into address a: may fault */
    OP_CALL_PTR,    /* pl_call on EP_SVC with its reply buffer at address a: may fault */
    OP_REPLY_PTR,   /* pl_reply with data at address a: may fault */
};

#define FORGED 0x0badu /* what a client writes where a badge might go */

#endif

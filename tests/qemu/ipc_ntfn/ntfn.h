/*
 * tests/qemu/ipc_ntfn/ntfn.h - orders shared by the notification actors and their judge.
 */
#ifndef TESTS_QEMU_IPC_NTFN_H
#define TESTS_QEMU_IPC_NTFN_H

enum ntfn_op {
    OP_SIGNAL = 1,  /* pl_ntfn_signal(notification a, bits b) */
    OP_WAIT,        /* pl_ntfn_wait on NTFN_NOTE, mask a, timeout b */
    OP_POLL,        /* pl_ntfn_poll on NTFN_NOTE, mask a */
    OP_RECV_NOTIFY, /* pl_recv_or_notify on EP_MBOX with mask a; reports struct pl_recvd */
    OP_SEND,        /* pl_send on EP_MBOX with label a */
    OP_SCRIBBLE,    /* write a and b over the task's own poll mirror (pl_ntfn_mirror) */
};

/* OP_WAIT and OP_POLL report the bits taken in a and the ticks they took in b. */

#endif

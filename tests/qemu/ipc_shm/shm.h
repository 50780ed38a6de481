/*
 * tests/qemu/ipc_shm/shm.h - orders shared by the shared-page actors and their judge.
 * Addresses in orders are absolute: the judge learns them from the actors' map reports.
 */
#ifndef TESTS_QEMU_IPC_SHM_H
#define TESTS_QEMU_IPC_SHM_H

enum shm_op {
    OP_MAP = 1,   /* pl_shm_map(page a, window b); reports the address in a */
    OP_UNMAP,     /* pl_shm_unmap(window a) */
    OP_GRANT,     /* pl_shm_grant(page a, task b & 0xff, access b >> 8) */
    OP_REVOKE,    /* pl_shm_revoke(page a, task b) */
    OP_READ,      /* read the word at address a; reports it in a */
    OP_WRITE,     /* write b to the word at address a */
    OP_SEND_FROM, /* report b bytes taken by the kernel straight from address a */
    OP_RECV_INTO, /* pl_recv on EP_BIN into address a (16 bytes), not waiting */
    OP_RECV_WAIT, /* pl_recv on EP_CIN into address a (16 bytes), waiting; reports the length */
    OP_SEND16,    /* pl_send 16 bytes from the task's own RAM on EP_CIN */
    OP_CALL16,    /* pl_call 16 bytes on EP_CIN, its answer into its own RAM; reports its length */
    OP_REPLY_RECV_WAIT, /* pl_reply_recv: an empty answer to the latest caller, then as
                           OP_RECV_WAIT into address a (0: a buffer of its own RAM with
                           room for a whole message); reports the length */
    OP_REPLY,           /* pl_reply: an empty answer to the latest caller */
    OP_NTFN_WAIT,       /* c: pl_ntfn_wait for bit 0 of its notification c_ev, no deadline
                           (a != 0: a ticks); reports the status */
    OP_LOST_WORD,       /* report pl_shm_lost() (its poll mirror's word) in a */
};

#define GRANT_ARG(task, access) ((uint32_t)(task) | (uint32_t)(access) << 8)

#endif

/*
 * tests/qemu/ipc_inversion/inversion.h - orders and timing of the priority inversion case.
 */
#ifndef TESTS_QEMU_IPC_INVERSION_H
#define TESTS_QEMU_IPC_INVERSION_H

enum inversion_op {
    OP_SERVE2 = 1, /* srv: serve two calls on EP_SVC, working WORK_TICKS on each */
    OP_CALL,       /* lo, hi: one call on EP_SVC; report the tick at which it returned */
    OP_SPIN,       /* mid: spin for ever without a system call (the judge restarts it) */
};

#define WORK_TICKS 3u /* the server's busy work per request, in ticks of CPU time */

#endif

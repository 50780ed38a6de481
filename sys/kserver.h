/*
 * sys/kserver.h - servers in the kernel (MODE=mono, docs/contrast.md).
 *
 * In a monolithic build the servers of the description are linked into the kernel and run
 * privileged: a client's send or call on a server's endpoint is one trap that calls the
 * server's handler directly, in the client's turn, with no second task and no switch; the
 * server's interrupts and notification bits are handled in the kernel, at the end of the
 * entry that raised them; its deadlines are checked at each tick. Two implementations, chosen
 * by the build (no #ifdef): kserver_micro.c (no server in the kernel: every function does
 * nothing, and the link folds them away) and kserver_mono.c.
 */
#ifndef SYS_KSERVER_H
#define SYS_KSERVER_H

#include <stdint.h>

#include "sysret.h"
#include "task.h"

enum kserver_msg {
    KSERVER_SEND = 0, /* the client does not wait for the answer */
    KSERVER_CALL = 1, /* the client waits for it (maybe later: a deferred request) */
};

/* A server in the kernel receives on endpoint e (any value: bounds are checked). */
int kserver_serves(uint32_t e);
/* Task t sends or calls (its IPC registers as for send/call) on such an endpoint: checked as
 * a send is (right, buffers, grant), then its handler runs. */
sys_result kserver_call(struct task *t, enum kserver_msg how);
/* At boot, once the kernel's objects are ready: each server's init, in description order. */
void kserver_init_all(void);
/* At the end of a kernel entry: the notification bits that arrived for servers in the kernel
 * go to their on_notify. 1 if any ran (a task may have been woken: pick again). */
int kserver_pending(void);
/* At each tick: servers whose deadline has come run on_timeout, then kserver_pending(). 1 if
 * anything ran. */
int kserver_tick(void);

#endif

/*
 * user/lib/env.h - what a server's code may ask of the system: the one seam between a server
 * and the mode it runs in.
 *
 * A server's handlers and hooks (include/parley/server.h) reach the kernel only through these
 * functions, never through a system call stub of their own, so that the same code runs
 *   - as a task (MODE=micro): user/lib/env.c, each a system call or a call through IPC;
 *   - inside the kernel, privileged (MODE=mono): sys/kenv_mono.c, each a direct call.
 * None of them blocks, so all of them can run in the kernel's Handler mode.
 */
#ifndef PARLEY_ENV_H
#define PARLEY_ENV_H

#include <stddef.h>
#include <stdint.h>

#include "parley.h"
#include <parley/server.h>

uint64_t pl_env_uptime(void);     /* ticks since boot */
uint32_t pl_env_generation(void); /* which start of this server: 1 the first (mono: always 1) */
/* Answer a request a handler deferred (PL_SERVER_DEFER): status is the reply's label. PL_EDEAD
 * if the client no longer waits for it. */
int pl_env_reply(uint32_t client, int status, const struct pl_reply *rep);
/* Send signal sig to task `task` (an index: PL_TASK_INDEX of a client's handle), as pl_kill
 * does and allowed by the same key, the server's `signals` (docs/system-description.md). A
 * client still waiting for its answer would have its wait ended by a signal it catches
 * (PL_EINTR): answer it first (pl_env_reply, which a handler may also do for the request it
 * runs for, then returning PL_SERVER_DEFER). */
int pl_env_kill(uint32_t task, uint32_t sig);
int pl_env_irq_ack(uint32_t ntfn, uint32_t bits); /* re-enable the server's interrupts */
/* Set bits in notification ntfn: PL_OK, or PL_EPERM unless the description lists the server
 * among its `signalers`. Whom the server signals on a client's behalf it must check itself
 * (the waiter tables sysgen writes into system.h: SYSTEM_NTFN_WAITERS). */
int pl_env_signal(uint32_t ntfn, uint32_t bits);
int pl_env_klog_read(void *buf, size_t cap); /* the kernel's log, for its drainer */
/* Call another server's opcode, as pl_server_call does (the reply's label is the status).
 * In mono the other server must be in the kernel too. */
int pl_env_call(uint32_t ep, uint32_t op, uint32_t w0, uint32_t w1, const void *data, size_t len,
                struct pl_recvd *rep, void *buf, size_t cap);
/* The well-known endpoints (from the description), PL_NO_EP (runtime.h) without a right. */
uint32_t pl_env_names_ep(void);
/* Print one line (no newline in `fmt`): through the console driver when there is one. Lines
 * from the kernel's own servers (mono) go to the kernel's log. */
void pl_env_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif

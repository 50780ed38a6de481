/*
 * server.h - the server runtime: receive a request, dispatch on its opcode, reply.
 *
 * A server is a table of handlers, one per opcode of its protocol (the protocol header in
 * servers/<name>/ that clients include). pl_server_run() loops forever: it receives on the
 * server's endpoint, calls the handler of the request's label, and replies with what the
 * handler filled in, in one trap per request (reply_recv). A handler only sees a request and
 * fills a reply: it makes no IPC of its own to answer, so the same handlers can be linked
 * into the kernel and called directly in a monolithic build.
 *
 * A handler may keep a request unanswered (return PL_SERVER_DEFER) and answer it later with
 * pl_server_reply(), e.g. a console holding a "read a line" request until Enter is pressed.
 * Notification bits (interrupts) for the server go to its on_notify hook.
 */
#ifndef USER_SERVER_H
#define USER_SERVER_H

#include <stddef.h>
#include <stdint.h>

#include "parley.h"
#include <parley/server.h>

/* A server task's whole life (MODE=micro): srv->init, then pl_server_run(srv). */
void pl_server_start(const struct pl_server *srv) __attribute__((noreturn));
/* Serve forever. Unknown opcodes are answered with PL_EINVAL, a message cut to the server's
 * buffer with PL_ETRUNC, without calling any handler. */
void pl_server_run(const struct pl_server *srv) __attribute__((noreturn));
/* Answer a request a handler deferred. */
int pl_server_reply(uint32_t client, int status, const struct pl_reply *rep);

/* Client side: call a server's opcode; the reply's label is the status. */
int pl_server_call(uint32_t ep, uint32_t op, uint32_t w0, uint32_t w1, const void *data, size_t len,
                   struct pl_recvd *rep, void *buf, size_t cap);

#endif

/*
 * sys/kenv_mono.c - the server seam (user/lib/env.h) for servers linked into the kernel
 * (MODE=mono): each function is a direct call, in Handler mode, of what a server task would
 * have asked for with a system call. The servers' code is the same; only this file differs.
 *
 * Everything here runs on behalf of kserver_current (kserver_mono.c), the server whose code
 * is running. A server in the kernel is trusted like the rest of the kernel, but its requests
 * are still bounded: an interrupt it acknowledges must be one of its own notification's, a
 * notification it signals one whose signalers list it, and it can call only servers that are
 * in the kernel too (sysgen checks the description for it).
 */
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include "console.h"
#include "ipc.h"
#include "klog.h"
#include "sigcall.h"
#include "time.h"
#include <parley/error.h>
#include <parley/ipc.h>
#include <parley/server.h>

extern const struct kserver_desc *kserver_current;
extern struct task *kserver_caller; /* kserver_mono.c */
extern int kserver_answered;

uint64_t pl_env_uptime(void);
uint32_t pl_env_generation(void);
int pl_env_reply(uint32_t client, int status, const struct pl_reply *rep);
int pl_env_kill(uint32_t task, uint32_t sig);
int pl_env_irq_ack(uint32_t ntfn, uint32_t bits);
int pl_env_signal(uint32_t ntfn, uint32_t bits);
int pl_env_klog_read(void *buf, size_t cap);
int pl_env_call(uint32_t ep, uint32_t op, uint32_t w0, uint32_t w1, const void *data, size_t len,
                struct pl_recvd *rep, void *buf, size_t cap);
uint32_t pl_env_names_ep(void);
void pl_env_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

uint64_t pl_env_uptime(void)
{
    return time_now();
}

uint32_t pl_env_generation(void)
{
    return 1u; /* a server in the kernel is never restarted: its crash is the kernel's */
}

static int32_t answer(struct task *c, int status, const struct pl_reply *rep)
{
    return rep ? msg_from_kernel(c, (uint32_t)status, rep->w0, rep->w1, rep->data, rep->len)
               : msg_from_kernel(c, (uint32_t)status, 0, 0, 0, 0);
}

int pl_env_reply(uint32_t client, int status, const struct pl_reply *rep)
{
    struct task *c = task_by_index(PL_TASK_INDEX(client));
    if (c && c == kserver_caller && c->ipc.call_id == client && !kserver_answered) {
        (void)answer(c, status, rep); /* the request a handler runs for, answered early */
        kserver_answered = 1;
        return PL_OK;
    }
    if (!c || c->ipc.call_id != client || c->state != PL_TASK_BLOCKED || c->block != BLOCK_REPLY ||
        c->ipc.server != &task_in_kernel) {
        return PL_EDEAD; /* it gave up, died or was restarted meanwhile */
    }
    task_unblock(c, answer(c, status, rep));
    return PL_OK;
}

/* The system call's checks, with the server's own `signals` key (sysgen: its sig_targets). */
int pl_env_kill(uint32_t task, uint32_t sig)
{
    return kserver_current ? signal_kill(kserver_current->sig_targets, 0, task, sig) : PL_EPERM;
}

int pl_env_irq_ack(uint32_t ntfn, uint32_t bits)
{
    if (!kserver_current || ntfn != kserver_current->ntfn || ntfn >= sys_ntfn_count) {
        return PL_EPERM;
    }
    for (uint32_t b = 0; b < 32; b++) { /* every bit an interrupt's, before enabling any */
        if ((bits >> b & 1u) && sys_ntfn_descs[ntfn].irq_of_bit[b] == 0xffu) {
            return PL_EINVAL;
        }
    }
    for (uint32_t b = 0; b < 32; b++) {
        if (bits >> b & 1u) {
            arch_irq_rearm(sys_ntfn_descs[ntfn].irq_of_bit[b]);
        }
    }
    return PL_OK;
}

/* The same rights check as the system call's (ipc/notification.c, sys_ntfn_signal): the
 * server must be among the notification's signalers (kserver_desc.ntfn_signal). */
int pl_env_signal(uint32_t ntfn, uint32_t bits)
{
    if (!kserver_current || ntfn >= sys_ntfn_count ||
        !(kserver_current->ntfn_signal >> ntfn & 1u)) {
        return PL_EPERM;
    }
    ntfn_signal(ntfn, bits);
    return PL_OK;
}

int pl_env_klog_read(void *buf, size_t cap)
{
    return (int)klog_read(buf, (uint32_t)cap);
}

/* One server in the kernel calls another: its handler runs now, on the caller's behalf. */
int pl_env_call(uint32_t ep, uint32_t op, uint32_t w0, uint32_t w1, const void *data, size_t len,
                struct pl_recvd *rep, void *buf, size_t cap)
{
    const struct kserver_desc *caller = kserver_current;
    if (!caller || ep >= sys_endpoint_count || sys_endpoint_descs[ep].kserver == 0) {
        return PL_EPERM; /* only servers in the kernel can be called from there */
    }
    const struct kserver_desc *callee = &sys_kservers[sys_endpoint_descs[ep].kserver - 1u];
    struct pl_request req = {.op = op,
                             .w0 = w0,
                             .w1 = w1,
                             .badge = caller->badges[ep],
                             .data = data,
                             .len = (uint32_t)len};
    struct pl_reply out;
    kserver_current = callee;
    int status = pl_server_dispatch(callee->server, &req, &out);
    kserver_current = caller;
    if (status == PL_SERVER_DEFER) {
        return PL_EAGAIN; /* nobody could answer it later: the caller is not a task */
    }
    size_t n = out.len < cap ? out.len : cap;
    if (n) {
        memcpy(buf, out.data, n);
    }
    if (rep) {
        *rep = (struct pl_recvd){
            .label = (uint32_t)status, .w0 = out.w0, .w1 = out.w1, .len = out.len};
    }
    return out.len > cap ? PL_ETRUNC : status;
}

uint32_t pl_env_names_ep(void)
{
    return kserver_current ? kserver_current->names_ep : 0xffu;
}

/* A line from a server in the kernel goes to the kernel's log, like any kernel message. */
void pl_env_print(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
    kprintf("\r\n");
}

/* newlib's formatted output (a server's snprintf) can grow a buffer with malloc, which wants
 * sbrk; a server in the kernel has no heap, so it gets none (snprintf into its own buffer never
 * asks). */
void *_sbrk(ptrdiff_t incr);
void *_sbrk(ptrdiff_t incr)
{
    (void)incr;
    return (void *)-1;
}

/* A server's *_main starts it as a task (MODE=micro); in the kernel nothing calls it. */
void pl_server_start(const struct pl_server *srv) __attribute__((noreturn));
void pl_server_start(const struct pl_server *srv)
{
    panic("server '%s' started as a task in a monolithic kernel", srv->name);
}

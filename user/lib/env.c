/*
 * user/lib/env.c - the server seam (env.h) for a server that runs as a task (MODE=micro):
 * each function is the system call, or the IPC, that does the job.
 */
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "env.h"
#include "runtime.h"
#include "server.h"
#include "signals.h"

uint64_t pl_env_uptime(void)
{
    return pl_uptime();
}

uint32_t pl_env_generation(void)
{
    return PL_TASK_GEN(pl_task_self());
}

int pl_env_reply(uint32_t client, int status, const struct pl_reply *rep)
{
    return pl_server_reply(client, status, rep);
}

int pl_env_kill(uint32_t task, uint32_t sig)
{
    return pl_kill(task, sig);
}

int pl_env_irq_ack(uint32_t ntfn, uint32_t bits)
{
    return pl_irq_ack(ntfn, bits);
}

int pl_env_signal(uint32_t ntfn, uint32_t bits)
{
    return pl_ntfn_signal(ntfn, bits);
}

int pl_env_klog_read(void *buf, size_t cap)
{
    return pl_klog_read(buf, cap);
}

int pl_env_call(uint32_t ep, uint32_t op, uint32_t w0, uint32_t w1, const void *data, size_t len,
                struct pl_recvd *rep, void *buf, size_t cap)
{
    return pl_server_call(ep, op, w0, w1, data, len, rep, buf, cap);
}

uint32_t pl_env_names_ep(void)
{
    return pl_rt->names_ep;
}

/* One line through stdout: the console driver, or the kernel's log without one (newlib.c). */
void pl_env_print(const char *fmt, ...)
{
    char line[160];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof(line) - 1u, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return;
    }
    size_t len = (size_t)n < sizeof(line) - 1u ? (size_t)n : sizeof(line) - 2u;
    line[len++] = '\n';
    (void)write(1, line, len);
}

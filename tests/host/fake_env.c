/*
 * tests/host/fake_env.c - the fake server seam of fake_env.h. The name server always says
 * yes (the servers register through pl_env_call); prints go nowhere. A server's entry (which starts
 * the task runtime) is linked but never called.
 */
#include <stdlib.h>
#include <string.h>

#include "env.h"
#include "fake_env.h"
#include "server.h"

struct fake_env fake_env;

uint64_t pl_env_uptime(void)
{
    return fake_env.now;
}

uint32_t pl_env_generation(void)
{
    return 1;
}

int pl_env_reply(uint32_t client, int status, const struct pl_reply *rep)
{
    struct fake_reply *r = &fake_env.reply[fake_env.replies % FAKE_ENV_REPLIES];
    fake_env.replies++;
    memset(r, 0, sizeof(*r));
    r->client = client;
    r->status = status;
    r->refused = client == fake_env.dead_client;
    if (rep) {
        r->w0 = rep->w0;
        r->w1 = rep->w1;
        r->len = rep->len;
        if (rep->data && rep->len <= sizeof(r->data)) {
            memcpy(r->data, rep->data, rep->len);
        }
    }
    return r->refused ? PL_EDEAD : PL_OK;
}

int pl_env_signal(uint32_t ntfn, uint32_t bits)
{
    if (fake_env.signals < FAKE_ENV_SIGNALS) {
        fake_env.signal[fake_env.signals] = (struct fake_signal){ntfn, bits};
    }
    fake_env.signals++;
    return PL_OK;
}

int pl_env_kill(uint32_t task, uint32_t sig)
{
    fake_env.kill[fake_env.kills % FAKE_ENV_KILLS] =
        (struct fake_kill){.task = task, .sig = sig, .after = fake_env.replies};
    fake_env.kills++;
    return PL_OK;
}

int pl_env_irq_ack(uint32_t ntfn, uint32_t bits)
{
    (void)ntfn, (void)bits;
    return PL_EPERM;
}

int pl_env_klog_read(void *buf, size_t cap)
{
    (void)buf, (void)cap;
    return PL_EPERM;
}

int pl_env_call(uint32_t ep, uint32_t op, uint32_t w0, uint32_t w1, const void *data, size_t len,
                struct pl_recvd *rep, void *buf, size_t cap)
{
    (void)ep, (void)op, (void)w0, (void)w1, (void)data, (void)len, (void)buf, (void)cap;
    memset(rep, 0, sizeof(*rep));
    return PL_OK;
}

uint32_t pl_env_names_ep(void)
{
    return 1;
}

void pl_env_print(const char *fmt, ...)
{
    (void)fmt;
}

void pl_server_start(const struct pl_server *srv)
{
    (void)srv;
    abort(); /* the tests call the handlers; nothing starts the task runtime on the host */
}

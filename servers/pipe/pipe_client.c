/*
 * servers/pipe/pipe_client.c - the client library of the pipe server (pipe_client.h).
 *
 * Each function is one request (a blocking write of more than PIPE_IO_MAX bytes, or one the
 * pipe took only in part, is several). The endpoint and whether this life of the task has
 * said PIPE_OP_HELLO live in the task's RAM, so a restarted task says hello again.
 */
#include <string.h>

#include "../names/names_client.h"
#include "pipe_client.h"
#include "runtime.h"
#include "server.h"

static uint32_t pipec_ep = PL_NO_EP;
static int pipec_greeted;
static const struct pipe_client_fast *pipec_fast; /* pipe_client_fast.c, if the task uses it */

/* sfd may be on the fast path: worth asking pipe_client_fast.c. */
static int pipec_maybe_fast(int sfd)
{
    return pipec_fast && !(*pipec_fast->skip & 1u << ((uint32_t)sfd & 31u));
}

void pipe_client_set_fast(const struct pipe_client_fast *fast)
{
    pipec_fast = fast;
}

void pipe_client_bind(uint32_t ep)
{
    pipec_ep = ep;
}

int pipe_client_hello(void)
{
    if (pipec_ep == PL_NO_EP) {
        int err = names_lookup(PIPE_SERVER_NAME, &pipec_ep);
        if (err != PL_OK) {
            pipec_ep = PL_NO_EP;
            return err;
        }
    }
    if (!pipec_greeted) {
        struct pl_recvd rep;
        int err = pl_server_call(pipec_ep, PIPE_OP_HELLO, 0, 0, NULL, 0, &rep, NULL, 0);
        if (err != PL_OK) {
            return err;
        }
        pipec_greeted = 1;
    }
    return PL_OK;
}

static int pipec_call(uint32_t op, uint32_t w0, uint32_t w1, const void *data, size_t len,
                      struct pl_recvd *rep, void *buf, size_t cap)
{
    int err = pipe_client_hello();
    return err != PL_OK ? err : pl_server_call(pipec_ep, op, w0, w1, data, len, rep, buf, cap);
}

static int pipec_named(uint32_t op, const char *name, uint32_t w0, uint32_t w1,
                       struct pl_recvd *rep)
{
    if (!name) {
        return PL_EINVAL;
    }
    size_t len = strnlen(name, PIPE_NAME_MAX + 1u);
    if (len > PIPE_NAME_MAX) {
        return PL_ENAMETOOLONG;
    }
    return pipec_call(op, w0, w1, name, len, rep, NULL, 0);
}

int pipe_client_pipe(int fds[2], uint32_t capacity)
{
    struct pl_recvd rep;
    int err = pipec_call(PIPE_OP_PIPE, capacity, 0, NULL, 0, &rep, NULL, 0);
    if (err == PL_OK) {
        fds[0] = (int)rep.w0;
        fds[1] = (int)rep.w1;
    }
    return err;
}

int pipe_client_mkfifo(const char *name, uint32_t mode, uint32_t capacity)
{
    struct pl_recvd rep;
    return pipec_named(PIPE_OP_MKFIFO, name, mode, capacity, &rep);
}

int pipe_client_open(const char *name, enum pipe_end end)
{
    struct pl_recvd rep;
    int err = pipec_named(PIPE_OP_OPEN, name, (uint32_t)end, 0, &rep);
    return err == PL_OK ? (int)rep.w0 : err;
}

int pipe_client_unlink(const char *name)
{
    struct pl_recvd rep;
    return pipec_named(PIPE_OP_UNLINK, name, 0, 0, &rep);
}

int pipe_client_request(uint32_t op, int sfd, uint32_t w1, struct pl_recvd *rep)
{
    return pipec_call(op, (uint32_t)sfd, w1, NULL, 0, rep, NULL, 0);
}

int pipe_client_close(int sfd)
{
    struct pl_recvd rep;
    if (pipec_fast) {
        pipec_fast->forget(sfd, 0);
    }
    int err = pipec_call(PIPE_OP_CLOSE, (uint32_t)sfd, 0, NULL, 0, &rep, NULL, 0);
    if (pipec_fast) {
        pipec_fast->forget(sfd, 1); /* wakes the peer: the page now says the end is gone */
    }
    return err;
}

int pipe_client_pass(int sfd, uint32_t badge)
{
    struct pl_recvd rep;
    int err = pipec_call(PIPE_OP_PASS, (uint32_t)sfd, badge, NULL, 0, &rep, NULL, 0);
    if (err == PL_OK && pipec_fast) {
        pipec_fast->forget(sfd, 0);
        pipec_fast->forget(sfd, 1);
    }
    return err;
}

int pipe_client_info(int sfd, struct pipe_info *out)
{
    struct pl_recvd rep;
    return pipec_call(PIPE_OP_INFO, (uint32_t)sfd, 0, NULL, 0, &rep, out, sizeof(*out));
}

/* The server answered PIPE_REPLY_FAST: PL_OK once the page is in use, else an error. */
static int pipec_switch(int sfd)
{
    return pipec_fast ? pipec_fast->switched(sfd) : PL_ESTATE;
}

int pipe_client_read(int sfd, void *buf, size_t cap, enum pipe_client_flag flag)
{
    uint32_t want = cap < PIPE_IO_MAX ? (uint32_t)cap : PIPE_IO_MAX;
    uint32_t w1 = want | (flag == PIPE_CLIENT_NONBLOCK ? PIPE_NONBLOCK : 0u);
    for (int tries = 0; tries < 2; tries++) { /* the server may move the pipe once */
        if (pipec_maybe_fast(sfd)) {
            int n = pipec_fast->read(sfd, buf, cap, flag);
            if (n != PIPE_CLIENT_NOT_FAST) {
                return n;
            }
        }
        struct pl_recvd rep;
        int err = pipec_call(PIPE_OP_READ, (uint32_t)sfd, w1, NULL, 0, &rep, buf, want);
        if (err != PL_OK || !(rep.w1 & PIPE_REPLY_FAST)) {
            return err == PL_OK ? (int)rep.w0 : err;
        }
        if ((err = pipec_switch(sfd)) != PL_OK) {
            return err;
        }
    }
    return PL_ESTATE; /* told to use a page it cannot use: a peer spoiling the page's words */
}

#define PIPEC_SWITCHED (-1001) /* the server moved the pipe: nothing taken */

/* One request: the bytes the pipe took, PIPEC_SWITCHED, or an error. */
static int pipec_write_once(int sfd, const uint8_t *p, uint32_t len, enum pipe_client_flag flag)
{
    struct pl_recvd rep;
    uint32_t w1 = flag == PIPE_CLIENT_NONBLOCK ? PIPE_NONBLOCK : 0u;
    int err = pipec_call(PIPE_OP_WRITE, (uint32_t)sfd, w1, p, len, &rep, NULL, 0);
    if (err == PL_OK && (rep.w1 & PIPE_REPLY_FAST)) {
        return PIPEC_SWITCHED;
    }
    return err == PL_OK ? (int)rep.w0 : err;
}

int pipe_client_write(int sfd, const void *buf, size_t len, enum pipe_client_flag flag)
{
    const uint8_t *p = buf;
    size_t done = 0;
    int switches = 0;
    do {
        if (pipec_maybe_fast(sfd)) {
            int n = pipec_fast->write(sfd, p + done, len - done, flag);
            if (n != PIPE_CLIENT_NOT_FAST) {
                return n < 0 ? (done > 0 ? (int)done : n) : (int)(done + (size_t)n);
            }
        }
        size_t left = len - done;
        int n = pipec_write_once(sfd, p + done, left < PIPE_IO_MAX ? (uint32_t)left : PIPE_IO_MAX,
                                 flag);
        if (n == PIPEC_SWITCHED) {
            int err = switches++ > 0 ? PL_ESTATE : pipec_switch(sfd);
            if (err != PL_OK) {
                return done > 0 ? (int)done : err;
            }
            continue;
        }
        if (n <= 0) {
            return done > 0 ? (int)done : (n == 0 && len > 0 ? PL_EAGAIN : n);
        }
        done += (size_t)n;
        if (flag == PIPE_CLIENT_NONBLOCK) {
            break; /* what fitted now; the caller asks again */
        }
    } while (done < len);
    return (int)done;
}

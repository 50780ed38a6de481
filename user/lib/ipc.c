/*
 * user/lib/ipc.c - the IPC API over the traps in ipc_trap.S. Each function fills the register
 * block of include/parley/ipc.h, traps once, and unpacks the result.
 */
#include "parley.h"
#include "signals.h"

static inline uint32_t wait_flags(uint32_t timeout)
{
    if (timeout == PL_WAIT_FOREVER) {
        return 0;
    }
    return timeout == 0 ? PL_IPC_NONBLOCK : PL_IPC_TIMED;
}

/* Every register the kernel reads for a call is written here, so the block needs no clearing
 * (clearing it costs more instructions than the call's kernel path). */
static void put_msg(struct pl_ipc_regs *io, const struct pl_msg *m)
{
    io->r[1] = m->label;
    io->r[2] = m->w0;
    io->r[3] = m->w1;
    io->r[4] = (uint32_t)(uintptr_t)m->data;
    io->r[5] = m->len;
    io->r[8] = m->grant;
    if (m->grant) {
        io->r[0] |= PL_IPC_GRANT;
    }
}

static int get_msg(const struct pl_ipc_regs *io, struct pl_recvd *in)
{
    if (in) {
        *in = (struct pl_recvd){.label = io->r[1],
                                .w0 = io->r[2],
                                .w1 = io->r[3],
                                .sender = io->r[4],
                                .badge = io->r[5],
                                .len = io->r[6]};
    }
    return (int)io->r[0];
}

int pl_send(uint32_t ep, const struct pl_msg *m, uint32_t timeout)
{
    struct pl_ipc_regs io;
    io.r[0] = ep | wait_flags(timeout);
    put_msg(&io, m);
    io.r[6] = io.r[7] = 0;
    io.r[9] = timeout;
    pl_trap_send(&io);
    return (int)io.r[0];
}

/* A receive that waits for ever and was interrupted by a signal whose handler asked for
 * PL_SA_RESTART is made again (user/lib/signals.h): nothing was taken, so nothing is lost. A
 * timed one is not (its deadline would start again), nor a call (its request may have been
 * delivered already). */
int pl_recv(uint32_t ep, void *buf, size_t cap, struct pl_recvd *in, uint32_t timeout)
{
    int err;
    do {
        struct pl_ipc_regs io;
        io.r[0] = ep | wait_flags(timeout);
        io.r[4] = io.r[5] = io.r[8] = 0;
        io.r[6] = (uint32_t)(uintptr_t)buf;
        io.r[7] = cap;
        io.r[9] = timeout;
        pl_trap_recv(&io);
        err = get_msg(&io, in);
    } while (timeout == PL_WAIT_FOREVER && pl_sig_restart(err));
    return err;
}

int pl_recv_or_notify(uint32_t ep, uint32_t mask, void *buf, size_t cap, struct pl_recvd *in)
{
    int err;
    do {
        struct pl_ipc_regs io;
        io.r[0] = ep | PL_IPC_NTFN;
        io.r[4] = io.r[5] = io.r[9] = 0;
        io.r[6] = (uint32_t)(uintptr_t)buf;
        io.r[7] = cap;
        io.r[8] = mask;
        pl_trap_recv(&io);
        err = get_msg(&io, in);
    } while (pl_sig_restart(err));
    return err;
}

int pl_call(uint32_t ep, const struct pl_msg *req, void *buf, size_t cap, struct pl_recvd *rep,
            uint32_t timeout)
{
    struct pl_ipc_regs io;
    io.r[0] = ep | wait_flags(timeout);
    put_msg(&io, req);
    io.r[6] = (uint32_t)(uintptr_t)buf;
    io.r[7] = cap;
    io.r[9] = timeout;
    pl_trap_call(&io);
    return get_msg(&io, rep);
}

int pl_reply(pl_task_id client, const struct pl_msg *m)
{
    struct pl_ipc_regs io;
    io.r[0] = 0;
    put_msg(&io, m);
    io.r[6] = io.r[7] = io.r[9] = 0;
    io.r[8] = client;
    pl_trap_reply(&io);
    return (int)io.r[0];
}

int pl_reply_recv(pl_task_id client, const struct pl_msg *m, uint32_t ep, void *buf, size_t cap,
                  struct pl_recvd *in)
{
    struct pl_ipc_regs io;
    io.r[0] = ep;
    io.r[1] = m ? m->label : 0;
    io.r[2] = m ? m->w0 : 0;
    io.r[3] = m ? m->w1 : 0;
    io.r[4] = m ? (uint32_t)(uintptr_t)m->data : 0;
    io.r[5] = m ? m->len : 0;
    io.r[9] = 0;
    io.r[6] = (uint32_t)(uintptr_t)buf;
    io.r[7] = cap;
    io.r[8] = client;
    pl_trap_reply_recv(&io);
    return get_msg(&io, in);
}

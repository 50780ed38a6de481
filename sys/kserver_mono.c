/*
 * sys/kserver_mono.c - servers in the kernel (kserver.h), for the monolithic build.
 *
 * sysgen lists them in sys_kservers (MODE=mono): each with its struct pl_server, the
 * notification it waits on and its badges. Their code was compiled from the very sources
 * that make them tasks in MODE=micro; it reaches the kernel only through the server seam,
 * here sys/kenv_mono.c.
 *
 * A request: the client traps with send or call on the server's endpoint. It is checked
 * exactly as a send to a task would be (right, out and in buffers: a bad pointer faults the
 * client, PL_FAULT_BAD_POINTER; a grant is refused: a server in the kernel takes no rights),
 * then the handler runs at once, in the client's turn, reading the request's bytes where the
 * client keeps them (no copy), and its reply is written into the client's registers and in
 * buffer (one copy). A deferred request (PL_SERVER_DEFER) leaves the client waiting for a
 * reply from task_in_kernel, which pl_env_reply() gives later; its deadline and its death work
 * as for any call. A handler may also answer its own request early with pl_env_reply() and
 * then return PL_SERVER_DEFER (the pipe server does, to signal the client after its answer):
 * the client's results are written then, and it does not wait. A handler that ends its client
 * (a signal's default action) leaves nothing to answer. Invariant: kernel entries never nest,
 * and a server's code runs only from here (handlers, init, on_notify, on_timeout), one piece at
 * a time: kserver_current names it.
 */
#include "ipc.h"
#include "kserver.h"
#include "time.h"
#include <parley/error.h>

/* The server whose code runs now (for its badges and its endpoints in kenv_mono.c). */
const struct kserver_desc *kserver_current;
/* The client whose call a handler is running for (NULL outside a call), and whether the
 * handler has answered it already (pl_env_reply in kenv_mono.c). */
struct task *kserver_caller;
int kserver_answered;

static const struct kserver_desc *server_of(uint32_t e)
{
    return e < sys_endpoint_count && sys_endpoint_descs[e].kserver != 0
               ? &sys_kservers[sys_endpoint_descs[e].kserver - 1u]
               : 0;
}

int kserver_serves(uint32_t e)
{
    return server_of(e) != 0;
}

/* The checks of a send or call (docs/ipc.md), in their order: 0 if it may go ahead. */
static sys_result check_request(struct task *t, uint32_t e, enum kserver_msg how)
{
    sys_result r;
    if (!(t->rights.ep_send >> e & 1u)) {
        return sys_ret(PL_EPERM);
    }
    if ((r = ipc_check_out_buffer(t)) != 0 ||
        (how == KSERVER_CALL && (r = ipc_check_in_buffer(t)) != 0)) {
        return r;
    }
    return (ipc_reg(t, IN_OBJ) & PL_IPC_GRANT) ? sys_ret(PL_EPERM) : sys_ret(PL_OK);
}

sys_result kserver_call(struct task *t, enum kserver_msg how)
{
    uint32_t e = ipc_reg(t, IN_OBJ) & PL_IPC_INDEX_MASK;
    const struct kserver_desc *k = server_of(e);
    sys_result refused = check_request(t, e, how);
    if (refused) {
        return refused;
    }
    if (how == KSERVER_CALL) {
        ipc_new_call(t); /* its handle names this call: a deferred reply must match it */
    }
    struct pl_request req = {.op = ipc_reg(t, IN_LABEL),
                             .w0 = ipc_reg(t, IN_W0),
                             .w1 = ipc_reg(t, IN_W1),
                             .badge = t->rights.badge[e],
                             .client = ipc_handle(t),
                             .data = (const void *)(uintptr_t)ipc_reg(t, IN_OUTBUF),
                             .len = ipc_reg(t, IN_OUTLEN)};
    struct pl_reply rep;
    t->msgs_sent++;
    endpoints[e].messages++;
    kserver_current = k;
    kserver_caller = how == KSERVER_CALL ? t : 0;
    kserver_answered = 0;
    int status = pl_server_dispatch(k->server, &req, &rep);
    kserver_current = 0;
    kserver_caller = 0;
    if (!task_is_alive(t)) {
        return sys_no_result(); /* the handler's signal ended it */
    }
    if (how == KSERVER_SEND) {
        return sys_ret(PL_OK); /* delivered; nobody waits for the answer */
    }
    if (kserver_answered) {
        return sys_no_result(); /* answered early (pl_env_reply): its results are written */
    }
    if (status == PL_SERVER_DEFER) {
        task_block(t, BLOCK_REPLY, ipc_deadline(t));
        t->ipc.server = &task_in_kernel;
        return sys_no_result(); /* pl_env_reply (or its deadline, or its death) ends it */
    }
    (void)msg_from_kernel(t, (uint32_t)status, rep.w0, rep.w1, rep.data, rep.len);
    return sys_no_result(); /* its results are written */
}

void kserver_init_all(void)
{
    for (uint32_t k = 0; k < sys_kserver_count; k++) {
        const struct pl_server *srv = sys_kservers[k].server;
        if (srv->init) {
            kserver_current = &sys_kservers[k];
            srv->init(srv->state);
        }
    }
    kserver_current = 0;
}

/* One round: each server with bits waiting gets them. 1 if any did. */
static int notify_round(void)
{
    int ran = 0;
    for (uint32_t k = 0; k < sys_kserver_count; k++) {
        const struct kserver_desc *d = &sys_kservers[k];
        uint32_t n = d->ntfn, bits = n < sys_ntfn_count ? ntfn_bits[n] & d->server->notify_mask : 0;
        if (bits && d->server->on_notify) {
            ntfn_set(n, ntfn_bits[n] & ~bits);
            kserver_current = d;
            d->server->on_notify(d->server->state, bits);
            kserver_current = 0;
            ran = 1;
        }
    }
    return ran;
}

int kserver_pending(void)
{
    int ran = 0;
    /* A server's own work may raise bits again (the console printing what the kernel logged
     * meanwhile): a few rounds settle it; what is left waits for the next entry. */
    for (int round = 0; round < 4 && notify_round(); round++) {
        ran = 1;
    }
    return ran;
}

int kserver_tick(void)
{
    int ran = 0;
    for (uint32_t k = 0; k < sys_kserver_count; k++) {
        const struct pl_server *srv = sys_kservers[k].server;
        if (!srv->next_timeout) {
            continue;
        }
        kserver_current = &sys_kservers[k];
        while (srv->next_timeout(srv->state) == 0) { /* on_timeout moves it (server.h) */
            srv->on_timeout(srv->state);
            ran = 1;
        }
        kserver_current = 0;
    }
    return kserver_pending() | ran;
}

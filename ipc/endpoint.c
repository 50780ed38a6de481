/*
 * ipc/endpoint.c - synchronous endpoints: send, recv, call, reply, reply_recv.
 *
 * An endpoint holds no messages, only waiting tasks: senders (in send or the first half of a
 * call) and receivers. A message moves when both sides are present, directly from the
 * sender's registers and buffer to the receiver's. Queues are ordered by priority, FIFO among
 * equals, so the most urgent waiting client is served first and no client starves behind a
 * less urgent one.
 *
 * A call delivers its request and leaves the client in BLOCK_REPLY with the serving task
 * recorded; the server answers with reply(client id). A reply to a client that is no longer
 * waiting for it (died, restarted, timed out) is dropped and reported as PL_EDEAD to the
 * server only. Every check that can fail runs before any state changes.
 */
#include <string.h>

#include "console.h"
#include "ipc.h"
#include "sched.h"
#include "time.h"
#include "uaccess.h"

struct endpoint endpoints[IPC_MAX_ENDPOINTS];

void ep_init_all(void)
{
    for (uint32_t e = 0; e < IPC_MAX_ENDPOINTS; e++) {
        list_init(&endpoints[e].senders);
        list_init(&endpoints[e].receivers);
        endpoints[e].messages = 0;
    }
}

void ep_queue_insert(struct list_node *q, struct task *t)
{
    struct list_node *pos = q->next;
    while (pos != q && container_of(pos, struct task, ipc.node)->priority <= t->priority) {
        pos = pos->next;
    }
    list_insert_before(pos, &t->ipc.node);
}

static struct task *queue_head(struct list_node *q)
{
    return list_empty(q) ? 0 : container_of(q->next, struct task, ipc.node);
}

static uint32_t ep_index(const struct endpoint *ep)
{
    return (uint32_t)(ep - endpoints);
}

/* Does any task that could receive on ep still run (READY or BLOCKED)? */
static int ep_has_live_receiver(uint32_t e)
{
    for (uint32_t i = 0; i < sys_task_count; i++) {
        if ((sys_tasks[i].rights.ep_recv >> e & 1u) && task_is_alive(&sys_tasks[i])) {
            return 1;
        }
    }
    return 0;
}

static int all_receivers_stuck(uint32_t e, const struct task *t, uint32_t depth);

/* Is x (transitively) waiting for t? Then t blocking on x would never end. */
static int waits_for(const struct task *x, const struct task *t, uint32_t depth)
{
    if (x == t) {
        return 1;
    }
    if (depth == 0 || x->state != PL_TASK_BLOCKED) {
        return 0;
    }
    if (x->block == BLOCK_REPLY) {
        return waits_for(x->ipc.server, t, depth - 1);
    }
    if (x->block == BLOCK_SEND) {
        return all_receivers_stuck(ep_index(x->ipc.ep), t, depth - 1);
    }
    return 0;
}

static int all_receivers_stuck(uint32_t e, const struct task *t, uint32_t depth)
{
    int any = 0;
    for (uint32_t i = 0; i < sys_task_count; i++) {
        const struct task *r = &sys_tasks[i];
        if ((r->rights.ep_recv >> e & 1u) && task_is_alive(r)) {
            any = 1;
            if (!waits_for(r, t, depth)) {
                return 0;
            }
        }
    }
    return any;
}

/* A grant rides on a send or call as g = PL_GRANT(e, right). The sender must hold the grant
 * right and the right itself on an endpoint of the system. Returns 0 or PL_EPERM. */
static int grant_held(const struct task *t, uint32_t g)
{
    uint32_t e = g & 0xffu, right = g >> 8;
    if (e >= sys_endpoint_count || (right != PL_RIGHT_SEND && right != PL_RIGHT_RECV) ||
        !(t->rights.ep_grant >> e & 1u) ||
        !((right == PL_RIGHT_SEND ? t->rights.ep_send : t->rights.ep_recv) >> e & 1u)) {
        return PL_EPERM;
    }
    return PL_OK;
}

/* Would task r, holding what g grants, break the rule that calls only go uphill? A send right
 * on e needs every receiver of e at least as urgent as r; a receive right on e needs every
 * sender of e at most as urgent as r. Returns 0 or PL_EPERM. */
static int grant_uphill(uint32_t g, const struct task *r)
{
    uint32_t e = g & 0xffu, right = g >> 8;
    for (uint32_t j = 0; j < sys_task_count; j++) {
        const struct task *o = &sys_tasks[j];
        if (right == PL_RIGHT_SEND && (o->rights.ep_recv >> e & 1u) && o->priority > r->priority) {
            return PL_EPERM;
        }
        if (right == PL_RIGHT_RECV && (o->rights.ep_send >> e & 1u) && o->priority < r->priority) {
            return PL_EPERM;
        }
    }
    return PL_OK;
}

/* At send time: the grant against the sender's rights and the priority rule for every task
 * that could receive the message now. (A receive right passes the priority test whenever the
 * rights in force obey the rule, docs/ipc.md, "Grant"; it is checked all the same.) The
 * receivers of msg_ep may change while the message waits in the queue, so delivery checks
 * again against the task that takes it (grant_still_ok). */
static int grant_check(const struct task *t, uint32_t g, uint32_t msg_ep)
{
    if (grant_held(t, g) != PL_OK) {
        return PL_EPERM;
    }
    for (uint32_t i = 0; i < sys_task_count; i++) {
        const struct task *r = &sys_tasks[i];
        if ((r->rights.ep_recv >> msg_ep & 1u) && grant_uphill(g, r) != PL_OK) {
            return PL_EPERM;
        }
    }
    return PL_OK;
}

/* At delivery, for a queued sender s: its grant still holds for the receiver r that takes the
 * message (docs/ipc.md, "Grant", rule at delivery). */
static int grant_still_ok(const struct task *s, const struct task *r)
{
    return s->ipc.grant == 0 ||
           (grant_held(s, s->ipc.grant) == PL_OK && grant_uphill(s->ipc.grant, r) == PL_OK);
}

/* Apply a grant checked at send time (and, for a queued sender, again at delivery): its
 * endpoint index was bounded then; an index past the table here is a broken invariant. */
static void grant_apply(uint32_t g, const struct task *from, struct task *to)
{
    uint32_t e = g & 0xffu;
    if (e >= sys_endpoint_count) {
        panic("grant_apply: endpoint %lu past the table (grants are bounded when checked)",
              (unsigned long)e);
    }
    if ((g >> 8) == PL_RIGHT_SEND) {
        to->rights.ep_send |= 1u << e;
        to->rights.badge[e] = from->rights.badge[e]; /* the grantee speaks for the granter */
    } else {
        to->rights.ep_recv |= 1u << e;
    }
}

/* Move sender's message to receiver r, who is blocked in recv (or is the caller of recv).
 * Returns the delivery status (PL_OK or PL_ETRUNC), which both sides see. */
static int32_t deliver(struct task *s, struct task *r, struct endpoint *ep)
{
    uint32_t e = ep_index(ep);
    int32_t status = msg_transfer(s, r, s->rights.badge[e]);
    if (s->ipc.grant != 0) {
        grant_apply(s->ipc.grant, s, r);
    }
    ep->messages++;
    return status;
}

/* The receiver side of a delivery: r was blocked in recv; it becomes ready. A call hands r
 * the caller's turn: r is at least as urgent as the caller (calls go uphill), which was the
 * most urgent task, so r runs next, before tasks of its level that wait for their turn. */
static void wake_receiver(struct task *r, int is_call)
{
    list_unlink(&r->ipc.node);
    if (is_call) {
        task_handoff(r); /* msg_transfer has filled in its results */
    } else {
        task_wake(r);
    }
}

/* The sender side once its message is delivered: a call now waits for r's reply. */
static void sender_done(struct task *s, struct task *r, int is_call, int32_t status)
{
    if (is_call) {
        s->block = BLOCK_REPLY; /* stays BLOCKED, keeps its deadline */
        s->ipc.server = r;
        return;
    }
    task_unblock(s, status);
}

/* Decode what send and call share: the endpoint, the right, the buffers, a grant, a live
 * receiver. 0 if the send may go ahead, else the error or the fault to return (in the order
 * docs/ipc.md gives). */
static sys_result decode_send(struct task *t, int is_call)
{
    uint32_t obj = ipc_reg(t, IN_OBJ), e = obj & PL_IPC_INDEX_MASK;
    sys_result r;
    if (e >= sys_endpoint_count || !(t->rights.ep_send >> e & 1u)) {
        return sys_ret(PL_EPERM);
    }
    if ((r = ipc_check_out_buffer(t)) != 0 || (is_call && (r = ipc_check_in_buffer(t)) != 0)) {
        return r; /* a fault, or a length over the limit */
    }
    if ((obj & PL_IPC_GRANT) && grant_check(t, ipc_reg(t, IN_TARGET), e) != PL_OK) {
        return sys_ret(PL_EPERM);
    }
    return ep_has_live_receiver(e) ? sys_ret(PL_OK) : sys_ret(PL_EDEAD);
}

/* A sender that finds no receiver waits for one, unless it asked not to wait or waiting would
 * close a cycle: then the error, and nothing has changed (rule 5). */
static int32_t wait_refused(struct task *t, struct endpoint *ep)
{
    if (ipc_reg(t, IN_OBJ) & PL_IPC_NONBLOCK) {
        return PL_EAGAIN;
    }
    return all_receivers_stuck((uint32_t)(ep - endpoints), t, sys_task_count) ? PL_EDEADLK : PL_OK;
}

static sys_result send_or_call(struct task *t, int is_call)
{
    sys_result refused = decode_send(t, is_call);
    if (refused) {
        return refused;
    }
    struct endpoint *ep = &endpoints[ipc_reg(t, IN_OBJ) & PL_IPC_INDEX_MASK];
    struct task *r = queue_head(&ep->receivers);
    int32_t err = r ? PL_OK : wait_refused(t, ep);
    if (err) {
        return sys_ret(err);
    }
    if (is_call) { /* the call goes ahead (rule 5): replies to earlier calls no longer match */
        ipc_new_call(t);
    }
    /* What was checked is what is used: the grant as decode_send() saw it, never reread. */
    t->ipc.grant = (ipc_reg(t, IN_OBJ) & PL_IPC_GRANT) ? ipc_reg(t, IN_TARGET) : 0;
    if (r) {
        int32_t status = deliver(t, r, ep);
        wake_receiver(r, is_call);
        if (!is_call) {
            return sys_ret(status);
        }
        task_block(t, BLOCK_REPLY, ipc_deadline(t));
        t->ipc.server = r;
        return sys_no_result(); /* the reply writes its results */
    }
    task_block(t, BLOCK_SEND, ipc_deadline(t));
    t->ipc.ep = ep;
    t->ipc.is_call = (uint32_t)is_call;
    ep_queue_insert(&ep->senders, t);
    return sys_no_result();
}

sys_result sys_send(struct task *t, const struct arch_frame *f)
{
    (void)f;
    return send_or_call(t, 0);
}

sys_result sys_call(struct task *t, const struct arch_frame *f)
{
    (void)f;
    return send_or_call(t, 1);
}

/* The receive half, shared by recv and reply_recv, once the caller's right on the endpoint and
 * its in buffer are checked. A message or notification taken now has written the caller's
 * results already; otherwise it waits, or the error. */
static sys_result do_recv(struct task *t)
{
    uint32_t obj = ipc_reg(t, IN_OBJ), e = obj & PL_IPC_INDEX_MASK;
    if ((obj & PL_IPC_NTFN) && ntfn_take(t, ipc_reg(t, IN_TARGET))) {
        return sys_no_result();
    }
    struct endpoint *ep = &endpoints[e];
    struct task *s;
    while ((s = queue_head(&ep->senders)) != 0) {
        list_unlink(&s->ipc.node);
        if (!grant_still_ok(s, t)) {
            task_unblock(s, PL_EPERM); /* refused at delivery; the next sender is tried */
            continue;
        }
        sender_done(s, t, (int)s->ipc.is_call, deliver(s, t, ep));
        return sys_no_result();
    }
    if (obj & PL_IPC_NONBLOCK) {
        return sys_ret(PL_EAGAIN);
    }
    task_block(t, BLOCK_RECV, ipc_deadline(t));
    t->ipc.ep = ep;
    t->ipc.ntfn_mask = (obj & PL_IPC_NTFN) ? ipc_reg(t, IN_TARGET) : 0;
    ep_queue_insert(&ep->receivers, t);
    return sys_no_result();
}

static int may_recv(struct task *t, uint32_t e)
{
    return e < sys_endpoint_count && (t->rights.ep_recv >> e & 1u);
}

sys_result sys_recv(struct task *t, const struct arch_frame *f)
{
    (void)f;
    if (!may_recv(t, ipc_reg(t, IN_OBJ) & PL_IPC_INDEX_MASK)) {
        return sys_ret(PL_EPERM);
    }
    sys_result refused = ipc_check_in_buffer(t);
    return refused ? refused : do_recv(t);
}

/* Deliver t's reply to the client named by its id. PL_EDEAD if that client is not waiting for
 * a reply from t any more (it died, was restarted, or timed out): the reply is dropped. */
static int32_t do_reply(struct task *t, pl_task_id client_id)
{
    struct task *c = task_by_index(PL_TASK_INDEX(client_id));
    if (!c || c->ipc.call_id != client_id || c->state != PL_TASK_BLOCKED ||
        c->block != BLOCK_REPLY || c->ipc.server != t) {
        return PL_EDEAD;
    }
    int32_t status = msg_transfer(t, c, 0);
    task_unblock(c, status);
    return PL_OK;
}

sys_result sys_reply(struct task *t, const struct arch_frame *f)
{
    (void)f;
    sys_result refused = ipc_check_out_buffer(t);
    return refused ? refused : sys_ret(do_reply(t, ipc_reg(t, IN_TARGET)));
}

sys_result sys_reply_recv(struct task *t, const struct arch_frame *f)
{
    (void)f;
    if (!may_recv(t, ipc_reg(t, IN_OBJ) & PL_IPC_INDEX_MASK)) {
        return sys_ret(PL_EPERM);
    }
    sys_result refused = ipc_check_out_buffer(t);
    if (refused || (refused = ipc_check_in_buffer(t)) != 0) {
        return refused;
    }
    if (ipc_reg(t, IN_TARGET) != 0) {
        (void)do_reply(t, ipc_reg(t, IN_TARGET)); /* a dead client's reply is just dropped */
    }
    return do_recv(t);
}

static uint32_t queue_length(const struct list_node *q)
{
    uint32_t n = 0;
    for (const struct list_node *p = q->next; p != q; p = p->next) {
        n++;
    }
    return n;
}

sys_result sys_ep_status(struct task *t, const struct arch_frame *f)
{
    uint32_t e = arch_frame_arg(f, 0);
    uintptr_t out = arch_frame_arg(f, 1);
    sys_result refused = uaccess_status_out(t, out, sizeof(struct pl_ep_status));
    if (refused) {
        return refused;
    }
    if (e >= sys_endpoint_count) {
        return sys_ret(PL_ENOENT);
    }
    struct pl_ep_status st = {.messages = endpoints[e].messages,
                              .senders = queue_length(&endpoints[e].senders),
                              .receivers = queue_length(&endpoints[e].receivers)};
    strncpy(st.name, sys_endpoint_descs[e].name, sizeof(st.name) - 1);
    memcpy((void *)out, &st, sizeof(st)); /* out may be unaligned */
    return sys_ret(PL_OK);
}

void ep_cancel(struct task *t)
{
    if (t->block == BLOCK_SEND || t->block == BLOCK_RECV) {
        list_unlink(&t->ipc.node);
    }
}

/* t stopped (fault, exit, restart): clients waiting on its replies fail with PL_EDEAD, and so
 * do senders queued on an endpoint that has lost its last live receiver. */
void ep_task_died(struct task *t, uint32_t ep_recv)
{
    for (uint32_t i = 0; i < sys_task_count; i++) {
        struct task *c = &sys_tasks[i];
        if (c->state == PL_TASK_BLOCKED && c->block == BLOCK_REPLY && c->ipc.server == t) {
            task_unblock(c, PL_EDEAD);
        }
    }
    for (uint32_t e = 0; e < sys_endpoint_count; e++) {
        if (!(ep_recv >> e & 1u) || ep_has_live_receiver(e)) {
            continue;
        }
        struct task *s;
        while ((s = queue_head(&endpoints[e].senders)) != 0) {
            list_unlink(&s->ipc.node);
            task_unblock(s, PL_EDEAD);
        }
    }
}

/*
 * tests/qemu/ipc_endpoint/judge.c - the endpoint rules of docs/ipc.md, one case each:
 * rendezvous in both orders, call/reply, a pl_reply_recv server loop, a server holding two
 * calls, truncation (PL_ETRUNC), the 256-byte limit, non-blocking and timed operations and the
 * traces they must not leave, and replies that must be dropped (from a task that holds no
 * call, to a call that timed out). See system.ini for the tasks.
 *
 * Where the kernel has a fast path (ipc/fastpath.c: a call to a waiting server, a reply_recv
 * with no queued sender), cases run both ways: into a waiting server and through the queue,
 * with bytes and with registers only, so that both paths are held to the same rules.
 *
 * Each case releases actors in an exact order (qctl.h), collects what the kernel returned to
 * each of them, and compares it with what the rule says, down to every byte of the receive
 * buffers (pre-filled with FILL, so bytes the kernel must not touch show).
 */
#include <string.h>

#include "../harness/qctl.h"
#include "../harness/qtest.h"
#include "endpoint.h"
#include "system.h"

#define REPORT_WAIT 100u /* ticks an actor may take to report; none of them needs more than 40 */
#define BLOCK_WAIT  20u  /* ticks an actor may take to block in the IPC it was ordered to do */
#define AT_ONCE     1u   /* ticks "at once" may take: a tick may fall during the call */

static const uint32_t actors[] = {TASK_SRV, TASK_RCV, TASK_SND, TASK_CLI};

static const char *name(int err)
{
    return pl_strerror(err);
}

/* The report of `task`, or a reason why there is none. */
static const char *collect(uint32_t task, const struct qc_report **r)
{
    *r = qc_report(task, REPORT_WAIT);
    if (!*r) {
        struct pl_task_status st = qt_status(task);
        return qt_why("%s did not report within %u ticks (%s)", st.name, REPORT_WAIT,
                      qt_state_name(st.state));
    }
    return 0;
}

static struct seen seen_of(const struct qc_report *r)
{
    struct seen s;
    memcpy(&s, r->data, sizeof(s));
    return s;
}

/* Why the buffer does not hold `copied` bytes of pattern (MSG_BYTE or REPLY_BYTE, chosen by
 * `reply`) followed by untouched FILL bytes, or NULL. */
static const char *bytes_trouble(const struct seen *s, uint32_t copied, int reply)
{
    for (uint32_t i = 0; i < SEEN_BYTES; i++) {
        uint8_t want = i >= copied ? FILL : reply ? REPLY_BYTE(i) : MSG_BYTE(i);
        if (s->buf[i] != want) {
            return qt_why("buffer byte %lu is 0x%02x, expected 0x%02x (%lu bytes copied)",
                          (unsigned long)i, s->buf[i], want, (unsigned long)copied);
        }
    }
    return 0;
}

/* Why a receiver's report is not test message (seq, len) from task `from`, received with
 * capacity `cap`, or NULL. */
static const char *msg_trouble(const struct qc_report *r, uint32_t seq, uint32_t len, uint32_t cap,
                               uint32_t from, uint32_t badge)
{
    struct seen s = seen_of(r);
    int want = len > cap ? PL_ETRUNC : PL_OK;
    if (r->status != want) {
        return qt_why("receiver got %s, expected %s", name(r->status), name(want));
    }
    if (s.in.label != MSG_LABEL(len) || s.in.w0 != MSG_W0(seq) || s.in.w1 != MSG_W1(seq)) {
        return qt_why("label/w0/w1 0x%08lx/0x%08lx/0x%08lx, expected 0x%08lx/0x%08lx/0x%08lx",
                      (unsigned long)s.in.label, (unsigned long)s.in.w0, (unsigned long)s.in.w1,
                      (unsigned long)MSG_LABEL(len), (unsigned long)MSG_W0(seq),
                      (unsigned long)MSG_W1(seq));
    }
    /* The sender id names the sending task in its index bits; what its upper bits identify (the
     * incarnation, the call) is for the reply cases to test. */
    if (s.in.len != len || s.in.badge != badge || PL_TASK_INDEX(s.in.sender) != from) {
        return qt_why("len %lu, badge %lu, sender 0x%08lx; expected %lu, %lu, task %lu",
                      (unsigned long)s.in.len, (unsigned long)s.in.badge,
                      (unsigned long)s.in.sender, (unsigned long)len, (unsigned long)badge,
                      (unsigned long)from);
    }
    return bytes_trouble(&s, len < cap ? len : cap, 0);
}

/* Why a client's report is not the reply (rep_len bytes, received with capacity cap) to its
 * request (seq, req_len), or NULL. */
static const char *reply_trouble(const struct qc_report *r, uint32_t seq, uint32_t req_len,
                                 uint32_t rep_len, uint32_t cap)
{
    struct seen s = seen_of(r);
    int want = rep_len > cap ? PL_ETRUNC : PL_OK;
    if (r->status != want) {
        return qt_why("client's call returned %s, expected %s", name(r->status), name(want));
    }
    if (s.in.label != REPLY_LABEL(MSG_LABEL(req_len)) || s.in.w0 != MSG_W1(seq) ||
        s.in.w1 != MSG_W0(seq) || s.in.len != rep_len) {
        return qt_why("reply label/w0/w1/len 0x%08lx/0x%08lx/0x%08lx/%lu is not the answer to "
                      "request %lu",
                      (unsigned long)s.in.label, (unsigned long)s.in.w0, (unsigned long)s.in.w1,
                      (unsigned long)s.in.len, (unsigned long)seq);
    }
    return bytes_trouble(&s, rep_len < cap ? rep_len : cap, 1);
}

/* Order `task` and wait until it blocks in the IPC it was told to do. */
static const char *order_blocked(uint32_t task, uint32_t op, uint32_t a, uint32_t b)
{
    int err = qc_order(task, op, a, b);
    if (err != PL_OK) {
        return qt_why("could not order task %lu: %s", (unsigned long)task, name(err));
    }
    if (!qc_wait_blocked(task, BLOCK_WAIT)) {
        return qt_why("%s did not block (op %lu)", qt_status(task).name, (unsigned long)op);
    }
    return 0;
}

/* Why a sender's report is not `want`, or NULL. */
static const char *status_trouble(const struct qc_report *r, const char *who, int want)
{
    if (r->status != want) {
        return qt_why("%s got %s, expected %s", who, name(r->status), name(want));
    }
    return 0;
}

/* A send of `len` bytes to a receiver with capacity `cap`; the receiver waits first, or the
 * sender does. Both sides must see the same delivery status. */
static const char *send_recv_trouble(int receiver_first, uint32_t seq, uint32_t len, uint32_t cap)
{
    const struct qc_report *rr, *sr;
    const char *why;
    if (receiver_first) {
        why = order_blocked(TASK_RCV, OP_RECV, cap, PL_WAIT_FOREVER);
        if (!why && qc_order(TASK_SND, OP_SEND, ARG(seq, len), PL_WAIT_FOREVER) != PL_OK) {
            why = "could not order the sender";
        }
    } else {
        why = order_blocked(TASK_SND, OP_SEND, ARG(seq, len), PL_WAIT_FOREVER);
        if (!why && qc_order(TASK_RCV, OP_RECV, cap, PL_WAIT_FOREVER) != PL_OK) {
            why = "could not order the receiver";
        }
    }
    if (why || (why = collect(TASK_RCV, &rr)) || (why = collect(TASK_SND, &sr))) {
        return why;
    }
    if ((why = msg_trouble(rr, seq, len, cap, TASK_SND, BADGE_PIPE_SND))) {
        return why;
    }
    return status_trouble(sr, "pl_send", len > cap ? PL_ETRUNC : PL_OK);
}

/* Rule 1: a message moves when both sides are there, whichever came first. */
static const char *rendezvous_trouble(int receiver_first)
{
    return send_recv_trouble(receiver_first, receiver_first ? 1 : 2, 20, SEEN_BYTES);
}

/* A message longer than the receive buffer: cut to the capacity, PL_ETRUNC on both sides,
 * full length reported, nothing written past the capacity. */
static const char *truncation_trouble(int receiver_first)
{
    return send_recv_trouble(receiver_first, 3, 40, 16);
}

/* Rule 3: a call carries label, words and bytes to the server and the reply carries its own
 * back. */
static const char *call_reply_trouble(void)
{
    const struct qc_report *sr, *cr;
    const char *why = order_blocked(TASK_SRV, OP_SERVE, SEEN_BYTES, 24);
    if (!why && qc_order(TASK_CLI, OP_CALL, ARG(4, 12), PL_WAIT_FOREVER) != PL_OK) {
        why = "could not order the client";
    }
    if (why || (why = collect(TASK_SRV, &sr)) || (why = collect(TASK_CLI, &cr))) {
        return why;
    }
    if ((why = msg_trouble(sr, 4, 12, SEEN_BYTES, TASK_CLI, BADGE_SVC_CLI))) {
        return why;
    }
    if (sr->a != PL_OK) {
        return qt_why("pl_reply returned %s", name((int)sr->a));
    }
    return reply_trouble(cr, 4, 12, 24, SEEN_BYTES);
}

/* A server looping on pl_reply_recv answers every call with the reply to that very call, and
 * sees the client's badge with each. With bytes the kernel takes its general path; with
 * registers only, its fast path (ipc/fastpath.c): both must behave alike. */
static const char *reply_recv_loop_trouble(int regs_only)
{
    enum {
        CALLS = 20
    };
    const struct qc_report *sr, *cr;
    const char *why =
        order_blocked(TASK_SRV, regs_only ? OP_LOOP_REGS : OP_LOOP, CALLS, BADGE_SVC_CLI);
    if (!why && qc_order(TASK_CLI, regs_only ? OP_CALLS_REGS : OP_CALLS, CALLS, 0) != PL_OK) {
        why = "could not order the client";
    }
    if (why || (why = collect(TASK_CLI, &cr)) || (why = collect(TASK_SRV, &sr))) {
        return why;
    }
    if (sr->status != PL_OK || sr->a != CALLS || sr->b != PL_OK) {
        return qt_why("server: %s, %lu of %u requests as sent, last reply %s", name(sr->status),
                      (unsigned long)sr->a, CALLS, name((int)sr->b));
    }
    if (cr->status != PL_OK || cr->a != CALLS) {
        return qt_why("client: %s, %lu of %u replies right", name(cr->status), (unsigned long)cr->a,
                      CALLS);
    }
    return 0;
}

/* Rule 3: a server may hold several calls and answer them in any order. The second caller's
 * reply must come while the first caller stays blocked, and each gets its own answer. */
static const char *hold_two_trouble(void)
{
    const struct qc_report *r, *first, *second;
    uint32_t slot[2] = {0, 0};
    const char *why = order_blocked(TASK_SND, OP_CALL, ARG(5, 8), PL_WAIT_FOREVER);
    if (!why) {
        why = order_blocked(TASK_CLI, OP_CALL, ARG(6, 10), PL_WAIT_FOREVER);
    }
    for (int i = 0; i < 2 && !why; i++) { /* receives snd's call, then cli's */
        if (!(r = qc_ask(TASK_SRV, OP_HOLD, 0, 0, REPORT_WAIT)) || r->status != PL_OK) {
            why = "the server did not receive both calls";
        } else {
            slot[i] = r->a;
        }
    }
    if (why || !(r = qc_ask(TASK_SRV, OP_REPLY_HELD, slot[1], 16, REPORT_WAIT)) ||
        r->status != PL_OK) {
        return why ? why : "the reply to the second call failed";
    }
    if ((why = collect(TASK_CLI, &second))) {
        return why;
    }
    if (qt_status(TASK_SND).state != PL_TASK_BLOCKED || qc_has_report(TASK_SND)) {
        return "the first caller was woken by the reply to the second";
    }
    if ((why = reply_trouble(second, 6, 10, 16, SEEN_BYTES))) {
        return why;
    }
    if (!(r = qc_ask(TASK_SRV, OP_REPLY_HELD, slot[0], 4, REPORT_WAIT)) || r->status != PL_OK) {
        return "the reply to the first call failed";
    }
    if ((why = collect(TASK_SND, &first))) {
        return why;
    }
    return reply_trouble(first, 5, 8, 4, SEEN_BYTES);
}

/* One call: the server receives with capacity srv_cap and replies rep_len bytes; the client
 * sends req_len bytes and receives the reply with a SMALL_CAP buffer. */
static const char *cut_call_trouble(uint32_t seq, uint32_t srv_cap, uint32_t req_len,
                                    uint32_t rep_len)
{
    const struct qc_report *sr, *cr;
    const char *why = order_blocked(TASK_SRV, OP_SERVE, srv_cap, rep_len);
    if (!why && qc_order(TASK_CLI, OP_CALL_SMALL, ARG(seq, req_len), PL_WAIT_FOREVER) != PL_OK) {
        why = "could not order the client";
    }
    if (why || (why = collect(TASK_SRV, &sr)) || (why = collect(TASK_CLI, &cr))) {
        return why;
    }
    if ((why = msg_trouble(sr, seq, req_len, srv_cap, TASK_CLI, BADGE_SVC_CLI))) {
        return qt_why("request: %s", why);
    }
    return reply_trouble(cr, seq, req_len, rep_len, SMALL_CAP);
}

/* A cut request: the server sees PL_ETRUNC and the full length, but the client's status is
 * its reply's (here whole: PL_OK). A cut reply: the client sees PL_ETRUNC. */
static const char *call_truncation_trouble(void)
{
    const char *why = cut_call_trouble(7, 8, 30, SMALL_CAP - 2u);
    return why ? why : cut_call_trouble(22, SEEN_BYTES, 4, 20);
}

/* Rule 7: more than 256 bytes is PL_EINVAL for send, call and reply, and nothing moves: the
 * waiting receiver stays blocked and gets the next, proper message. */
static const char *oversize_trouble(void)
{
    const struct qc_report *r, *rr, *sr, *cr;
    const char *why = order_blocked(TASK_RCV, OP_RECV, SEEN_BYTES, PL_WAIT_FOREVER);
    if (why || !(r = qc_ask(TASK_SND, OP_SEND, ARG(8, 257), PL_WAIT_FOREVER, REPORT_WAIT))) {
        return why ? why : "the sender did not report";
    }
    if ((why = status_trouble(r, "pl_send of 257 bytes", PL_EINVAL))) {
        return why;
    }
    if (qt_status(TASK_RCV).state != PL_TASK_BLOCKED || qc_has_report(TASK_RCV)) {
        return "the refused message reached the receiver";
    }
    if (!(r = qc_ask(TASK_SND, OP_SEND, ARG(9, 256), PL_WAIT_FOREVER, REPORT_WAIT)) ||
        (why = collect(TASK_RCV, &rr)) || (why = status_trouble(r, "pl_send of 256", PL_ETRUNC)) ||
        (why = msg_trouble(rr, 9, 256, SEEN_BYTES, TASK_SND, BADGE_PIPE_SND))) {
        return why ? why : "the sender of 256 bytes did not report";
    }
    if (!(r = qc_ask(TASK_CLI, OP_CALL, ARG(10, 257), PL_WAIT_FOREVER, REPORT_WAIT)) ||
        (why = status_trouble(r, "pl_call of 257 bytes", PL_EINVAL))) {
        return why ? why : "the client did not report";
    }
    why = order_blocked(TASK_SRV, OP_SERVE_OVERSIZE, SEEN_BYTES, 0);
    if (why || qc_order(TASK_CLI, OP_CALL, ARG(11, 4), PL_WAIT_FOREVER) != PL_OK ||
        (why = collect(TASK_SRV, &sr)) || (why = collect(TASK_CLI, &cr))) {
        return why ? why : "could not order the client";
    }
    if ((int)sr->a != PL_EINVAL || (int)sr->b != PL_OK) {
        return qt_why("pl_reply of 257 bytes returned %s, then a proper one %s", name((int)sr->a),
                      name((int)sr->b));
    }
    return reply_trouble(cr, 11, 4, SEEN_BYTES, SEEN_BYTES);
}

/* Rule 5 for send: no receiver, PL_EAGAIN at once; and no trace, so a receiver that comes
 * later finds nothing (its timed receive expires). */
static const char *nonblocking_send_trouble(void)
{
    const struct qc_report *r;
    if (!(r = qc_ask(TASK_SND, OP_SEND, ARG(12, 4), PL_NO_WAIT, REPORT_WAIT))) {
        return "the sender did not report";
    }
    if (r->status != PL_EAGAIN || r->a > AT_ONCE) {
        return qt_why("pl_send(PL_NO_WAIT) returned %s after %lu ticks, expected EAGAIN at once",
                      name(r->status), (unsigned long)r->a);
    }
    if (!(r = qc_ask(TASK_RCV, OP_RECV, SEEN_BYTES, 5, REPORT_WAIT))) {
        return "the receiver did not report";
    }
    return status_trouble(r, "a later receiver", PL_ETIMEDOUT);
}

/* Rule 5 for recv: no sender, PL_EAGAIN at once, and a later non-blocking sender finds no
 * receiver waiting. */
static const char *nonblocking_recv_trouble(void)
{
    const struct qc_report *r;
    if (!(r = qc_ask(TASK_RCV, OP_RECV, SEEN_BYTES, PL_NO_WAIT, REPORT_WAIT))) {
        return "the receiver did not report";
    }
    if (r->status != PL_EAGAIN || r->a > AT_ONCE) {
        return qt_why("pl_recv(PL_NO_WAIT) returned %s after %lu ticks, expected EAGAIN at once",
                      name(r->status), (unsigned long)r->a);
    }
    if (!(r = qc_ask(TASK_SND, OP_SEND, ARG(13, 4), PL_NO_WAIT, REPORT_WAIT))) {
        return "the sender did not report";
    }
    return status_trouble(r, "a later non-blocking sender", PL_EAGAIN);
}

/* Why a timed operation's report is not PL_ETIMEDOUT after `ticks` (+1: a tick may fall
 * between the actor reading the time and making the call), or NULL. */
static const char *expiry_trouble(const struct qc_report *r, const char *what, uint32_t ticks)
{
    if (!r) {
        return qt_why("%s: no report", what);
    }
    if (r->status != PL_ETIMEDOUT || r->a < ticks || r->a > ticks + 1u) {
        return qt_why("%s returned %s after %lu ticks, expected ETIMEDOUT after %lu", what,
                      name(r->status), (unsigned long)r->a, (unsigned long)ticks);
    }
    return 0;
}

/* Rule 6 for recv: PL_ETIMEDOUT after exactly its ticks, and it left the queue. */
static const char *timed_recv_trouble(void)
{
    const struct qc_report *r = qc_ask(TASK_RCV, OP_RECV, SEEN_BYTES, 20, REPORT_WAIT);
    const char *why = expiry_trouble(r, "pl_recv(20 ticks)", 20);
    if (why || !(r = qc_ask(TASK_SND, OP_SEND, ARG(14, 4), PL_NO_WAIT, REPORT_WAIT))) {
        return why ? why : "the sender did not report";
    }
    return status_trouble(r, "a non-blocking sender after the expiry", PL_EAGAIN);
}

/* Rule 6 for send: PL_ETIMEDOUT after its ticks, and the message is gone. */
static const char *timed_send_trouble(void)
{
    const struct qc_report *r = qc_ask(TASK_SND, OP_SEND, ARG(15, 4), 10, REPORT_WAIT);
    const char *why = expiry_trouble(r, "pl_send(10 ticks)", 10);
    if (why || !(r = qc_ask(TASK_RCV, OP_RECV, SEEN_BYTES, PL_NO_WAIT, REPORT_WAIT))) {
        return why ? why : "the receiver did not report";
    }
    return status_trouble(r, "a non-blocking receiver after the expiry", PL_EAGAIN);
}

/* Rules 4 and 6: a call whose server holds the request times out on its deadline; the
 * server's late reply is dropped with PL_EDEAD. With `late_server`, the server takes the
 * request only 10 ticks into the call: the deadline covers both halves, so the call still
 * ends 20 ticks after it began, not 20 after the delivery. */
static const char *timed_call_trouble(int late_server)
{
    const struct qc_report *r, *cr;
    const char *why = 0;
    if (!late_server) {
        why = order_blocked(TASK_SRV, OP_HOLD, 0, 0);
    }
    if (why || qc_order(TASK_CLI, OP_CALL, ARG(16, 4), 20) != PL_OK) {
        return why ? why : "could not order the client";
    }
    if (late_server) {
        pl_sleep(10);
        if (qc_order(TASK_SRV, OP_HOLD, 0, 0) != PL_OK) {
            return "could not order the server";
        }
    }
    if (!(r = qc_report(TASK_SRV, REPORT_WAIT)) || r->status != PL_OK) {
        return "the server did not receive the call";
    }
    uint32_t slot = r->a;
    if ((why = expiry_trouble(cr = qc_report(TASK_CLI, REPORT_WAIT), "pl_call(20 ticks)", 20))) {
        return why;
    }
    if (!(r = qc_ask(TASK_SRV, OP_REPLY_HELD, slot, 4, REPORT_WAIT))) {
        return "the server did not report its late reply";
    }
    return status_trouble(r, "the late pl_reply", PL_EDEAD);
}

/* The client must still wait for its server's answer: `by` must not have woken it. */
static const char *client_unanswered(const char *by)
{
    if (qt_status(TASK_CLI).state != PL_TASK_BLOCKED || qc_has_report(TASK_CLI)) {
        return qt_why("the client was woken by %s", by);
    }
    return 0;
}

/* Rule 4: a reply from a task that did not receive the call is dropped, even though the client
 * is blocked waiting for a reply: with pl_reply (PL_EDEAD) and with pl_reply_recv (whose
 * receive then goes on normally). The server's own reply then arrives. */
static const char *stranger_reply_trouble(void)
{
    const struct qc_report *r, *cr;
    const char *why = order_blocked(TASK_SRV, OP_HOLD, 0, 0);
    if (why || qc_order(TASK_CLI, OP_CALL, ARG(17, 4), PL_WAIT_FOREVER) != PL_OK ||
        !(r = qc_report(TASK_SRV, REPORT_WAIT)) || r->status != PL_OK) {
        return why ? why : "the server did not receive the call";
    }
    /* The very handle the server holds: only "rcv did not receive the call" stops the reply. */
    uint32_t slot = r->a, cli = seen_of(r).in.sender;
    if (!(r = qc_ask(TASK_RCV, OP_REPLY_ID, cli, 4, REPORT_WAIT)) ||
        (why = status_trouble(r, "a reply from rcv, which holds no call", PL_EDEAD)) ||
        (why = client_unanswered("rcv's pl_reply, though rcv holds no call of it"))) {
        return why ? why : "rcv did not report";
    }
    if ((why = order_blocked(TASK_RCV, OP_REPLY_RECV_ID, cli, 0)) ||
        (why = client_unanswered("rcv's pl_reply_recv, though rcv holds no call of it"))) {
        return why;
    }
    if (!(r = qc_ask(TASK_SND, OP_SEND, ARG(23, 4), PL_WAIT_FOREVER, REPORT_WAIT)) ||
        (why = collect(TASK_RCV, &cr)) ||
        (why = msg_trouble(cr, 23, 4, SEEN_BYTES, TASK_SND, BADGE_PIPE_SND))) {
        return why ? qt_why("rcv's receive after its reply: %s", why) : "snd did not report";
    }
    if (!(r = qc_ask(TASK_SRV, OP_REPLY_HELD, slot, 6, REPORT_WAIT)) || r->status != PL_OK ||
        (why = collect(TASK_CLI, &cr))) {
        return why ? why : "the server's own reply failed";
    }
    return reply_trouble(cr, 17, 4, 6, SEEN_BYTES);
}

/* Start call `seq` of cli with no deadline and have srv hold it, the call arriving while srv
 * waits (the kernel's fast path) or srv taking it from the queue later (its general path).
 * The slot srv holds it in goes to *slot. */
static const char *held_call(uint32_t seq, int queued, uint32_t *slot)
{
    const struct qc_report *r;
    const char *why = queued ? order_blocked(TASK_CLI, OP_CALL, ARG(seq, 4), PL_WAIT_FOREVER)
                             : order_blocked(TASK_SRV, OP_HOLD, 0, 0);
    if (!why && qc_order(queued ? TASK_SRV : TASK_CLI, queued ? OP_HOLD : OP_CALL,
                         queued ? 0 : ARG(seq, 4), queued ? 0 : PL_WAIT_FOREVER) != PL_OK) {
        why = "could not order";
    }
    if (why || !(r = qc_report(TASK_SRV, REPORT_WAIT)) || r->status != PL_OK) {
        return why ? why : qt_why("the server did not receive call %lu", (unsigned long)seq);
    }
    *slot = r->a;
    return 0;
}

/* snd calls srv, which is blocked in the receive half of a pl_reply_recv; srv holds the call
 * and answers it, and snd must get that answer. */
static const char *snd_call_trouble(void)
{
    const struct qc_report *r;
    const char *why = 0;
    if (qc_order(TASK_SND, OP_CALL, ARG(24, 4), PL_WAIT_FOREVER) != PL_OK ||
        !(r = qc_report(TASK_SRV, REPORT_WAIT)) || r->status != PL_OK ||
        !(r = qc_ask(TASK_SRV, OP_REPLY_HELD, r->a, 4, REPORT_WAIT)) || r->status != PL_OK ||
        (why = collect(TASK_SND, &r))) {
        return why ? why : "the server's receive after its pl_reply_recv went wrong";
    }
    return reply_trouble(r, 24, 4, 4, SEEN_BYTES);
}

/* The server answers the stale call in `stale` by pl_reply (must be PL_EDEAD) and by
 * pl_reply_recv (dropped too; its receive then takes a call of snd, which is answered). The
 * client, waiting for the same server on a newer call, must not be woken by either. Each
 * step runs even after a failure, so that every task ends where the next case needs it. */
static const char *stale_replies_trouble(uint32_t stale)
{
    const struct qc_report *r = qc_ask(TASK_SRV, OP_REPLY_HELD, stale, 4, REPORT_WAIT);
    const char *why = client_unanswered("the late pl_reply to its timed-out call");
    if (!r) {
        return "the server did not report its late reply";
    }
    if (!why) {
        why = status_trouble(r, "the late reply to the timed-out call", PL_EDEAD);
    }
    const char *step = order_blocked(TASK_SRV, OP_REPLY_RECV_HELD, stale, 0);
    if (step) {
        return why ? why : step;
    }
    if (!why) {
        why = client_unanswered("the late pl_reply_recv to its timed-out call");
    }
    step = snd_call_trouble();
    return why ? why : step;
}

/* Rules 4 and 6: "a later reply to a timed-out call is dropped", even when the client has since
 * made a new call to the same server and waits for its answer. Call 18 times out while srv
 * holds it; call 19 follows; the late answers to 18 must be dropped, the answer to 19 must
 * arrive. */
static const char *late_reply_trouble(int queued)
{
    const struct qc_report *r, *cr;
    uint32_t stale, current = 0;
    const char *why = order_blocked(TASK_SRV, OP_HOLD, 0, 0);
    if (why || qc_order(TASK_CLI, OP_CALL, ARG(18, 4), 10) != PL_OK ||
        !(r = qc_report(TASK_SRV, REPORT_WAIT)) || r->status != PL_OK) {
        return why ? why : "the server did not receive call 18";
    }
    stale = r->a;
    if ((why = expiry_trouble(qc_report(TASK_CLI, REPORT_WAIT), "call 18 (10 ticks)", 10)) ||
        (why = held_call(19, queued, &current))) {
        return why;
    }
    why = stale_replies_trouble(stale);
    if (!(r = qc_ask(TASK_SRV, OP_REPLY_HELD, current, 4, REPORT_WAIT)) || r->status != PL_OK ||
        !(cr = qc_report(TASK_CLI, REPORT_WAIT))) {
        return why ? why : "the reply to call 19 failed";
    }
    return why ? why : reply_trouble(cr, 19, 4, 4, SEEN_BYTES);
}

int main(void)
{
    qt_begin(SYSTEM_NAME);
    qc_start(actors, sizeof(actors) / sizeof(actors[0]), 100);
    qt_report("send_recv_receiver_first_delivers_label_words_bytes", rendezvous_trouble(1));
    qt_report("send_recv_sender_first_delivers_label_words_bytes", rendezvous_trouble(0));
    qt_report("call_reply_carries_label_words_bytes_both_ways", call_reply_trouble());
    qt_report("reply_recv_server_loop_answers_every_call", reply_recv_loop_trouble(0));
    qt_report("register_only_call_reply_recv_loop_answers_every_call", reply_recv_loop_trouble(1));
    qt_report("server_holds_two_calls_and_answers_in_reverse_order", hold_two_trouble());
    qt_report("send_longer_than_buffer_cut_etrunc_receiver_first", truncation_trouble(1));
    qt_report("send_longer_than_buffer_cut_etrunc_sender_first", truncation_trouble(0));
    qt_report("call_cut_request_etrunc_at_server_cut_reply_etrunc_at_client",
              call_truncation_trouble());
    qt_report("length_over_256_is_einval_and_moves_nothing", oversize_trouble());
    qt_report("nonblocking_send_without_receiver_eagain_no_trace", nonblocking_send_trouble());
    qt_report("nonblocking_recv_without_sender_eagain_no_trace", nonblocking_recv_trouble());
    qt_report("timed_recv_expires_after_its_ticks_no_trace", timed_recv_trouble());
    qt_report("timed_send_expires_after_its_ticks_no_trace", timed_send_trouble());
    qt_report("timed_call_expires_while_held_late_reply_edead", timed_call_trouble(0));
    qt_report("timed_call_deadline_covers_delivery_and_reply", timed_call_trouble(1));
    qt_report("reply_from_task_not_holding_the_call_edead", stranger_reply_trouble());
    qt_report("late_reply_to_timed_out_call_never_answers_next_call", late_reply_trouble(0));
    qt_report("late_reply_to_timed_out_call_never_answers_next_queued_call", late_reply_trouble(1));
    qt_finish();
}

/*
 * tests/host/test_kserver.c - sys/kserver_mono.c and sys/kenv_mono.c: a server linked into the
 * kernel (MODE=mono, docs/contrast.md), driven as the kernel drives it.
 *
 * The fixture's endpoint ksrv is served in the kernel by fx_kserver, defined here: this test
 * program links the mono files instead of kserver_micro.c (tests/host/host.mk). Only the tester
 * may send on ksrv. The server's handlers record what they saw; one echoes, one defers, one
 * calls a server in the kernel (itself) through the seam, one asks for its interrupts.
 *
 * The rules: a request is checked exactly as a send to a task (right, out and in buffers,
 * grant) before the handler runs; the handler sees the bytes in place and the sender's badge;
 * the reply lands in the caller's registers and in buffer, the caller not blocked; a deferred
 * call blocks the caller until pl_env_reply(), which refuses a stale, dead or timed-out
 * client; notification bits reach on_notify at the end of the entry (kserver_pending); the
 * deadlines run at the tick (kserver_tick); the seam's bounds hold. A handler may answer its
 * own call early and then signal its client (the pipe server's SIGPIPE): pl_env_kill checks
 * the server's `signals` (the fixture's: the tester only) as the system call checks a task's.
 */
#include <string.h>

#include "endpoint_scenes.h"
#include "env.h"
#include "host_arch.h"
#include "kserver.h"
#include "ksignal.h"

#define KSRV FX_EP_KSRV

extern const struct kserver_desc *kserver_current; /* kserver_mono.c */

enum fx_op {
    OP_ECHO,
    OP_DEFER,
    OP_CALL_SELF,
    OP_ACK,
    OP_SIGNAL,
    OP_ANSWER_KILL,
    OP_COUNT
};

static struct {
    int calls, notifies, timeouts;
    uint32_t badge, client, len, bits;
    uint8_t first_byte;
    const void *data;
    int ack_status, call_status, signal_status, reply_status, kill_status;
    uint32_t timeout_due; /* next_timeout's answer */
    char reply[16];
} seen;

static int on_echo(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    (void)state;
    seen.calls++;
    seen.badge = req->badge;
    seen.len = req->len;
    seen.data = req->data;
    seen.first_byte = req->len ? *(const uint8_t *)req->data : 0;
    memcpy(seen.reply, "answer-12345678", 16);
    rep->w0 = req->w0 + 1u;
    rep->w1 = req->w1 + 2u;
    rep->data = seen.reply;
    rep->len = 16;
    return 7; /* the status the client sees as the reply's label */
}

static int on_defer(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    (void)state;
    (void)rep;
    seen.calls++;
    seen.client = req->client;
    return PL_SERVER_DEFER;
}

static int on_call_self(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    (void)req;
    (void)rep;
    (void)state;
    struct pl_recvd r;
    char buf[16];
    seen.call_status = pl_env_call(KSRV, OP_ECHO, 1, 2, "x", 1, &r, buf, sizeof(buf));
    seen.calls++;
    return PL_OK;
}

static int on_ack(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    (void)state;
    (void)rep;
    seen.ack_status = pl_env_irq_ack(req->w0, req->w1);
    return PL_OK;
}

static int on_signal(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    (void)state;
    (void)rep;
    seen.signal_status = pl_env_signal(req->w0, req->w1);
    return PL_OK;
}

/* Answer the call at once (label 5), then send the client signal w0, as the pipe server
 * sends SIGPIPE after EPIPE. */
static int on_answer_kill(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    (void)state;
    (void)rep;
    seen.calls++;
    seen.client = req->client;
    seen.reply_status = pl_env_reply(req->client, 5, 0);
    seen.kill_status = pl_env_kill(PL_TASK_INDEX(req->client), req->w0);
    return PL_SERVER_DEFER;
}

static void on_notify(void *state, uint32_t bits)
{
    (void)state;
    seen.notifies++;
    seen.bits = bits;
}

static uint32_t next_timeout(void *state)
{
    (void)state;
    return seen.timeout_due;
}

static void on_timeout(void *state)
{
    (void)state;
    seen.timeouts++;
    seen.timeout_due = 5; /* moved: the next one is later */
}

static const pl_handler handlers[OP_COUNT] = {
    [OP_ECHO] = on_echo, [OP_DEFER] = on_defer,   [OP_CALL_SELF] = on_call_self,
    [OP_ACK] = on_ack,   [OP_SIGNAL] = on_signal, [OP_ANSWER_KILL] = on_answer_kill};

const struct pl_server fx_kserver = {
    .name = "fx_kserver",
    .ep = KSRV,
    .handlers = handlers,
    .handler_count = OP_COUNT,
    .notify_mask = FX_IRQ_BIT | FX_IRQ_BIT_HI,
    .on_notify = on_notify,
    .next_timeout = next_timeout,
    .on_timeout = on_timeout,
};

/* A call from the tester on ksrv: op, 4 bytes from its buffer 0, room for BUF in buffer 1. */
static struct fx_ipc request(uint32_t op, uint32_t len)
{
    struct fx_ipc m = msg(FX_TESTER, KSRV, op, len);
    seen.timeout_due = PL_WAIT_FOREVER;
    return m;
}

/* The caller's result registers: status, label (the server's status) and byte length; sender
 * and badge are 0 (from the kernel). */
static void check_answer(int line, int32_t status, uint32_t label, uint32_t len)
{
    struct task *t = T(FX_TESTER);
    harness_check_eq(__FILE__, line, "status", "expected", (int32_t)fx_reg(t, OUT_STATUS), status);
    harness_check_eq(__FILE__, line, "label", "expected", fx_reg(t, OUT_LABEL), label);
    harness_check_eq(__FILE__, line, "len", "expected", fx_reg(t, OUT_LEN), len);
    harness_check_eq(__FILE__, line, "sender", "0", fx_reg(t, OUT_SENDER), 0);
    harness_check_eq(__FILE__, line, "badge", "0", fx_reg(t, OUT_BADGE), 0);
}
#define CHECK_ANSWER(status, label, len) check_answer(__LINE__, (status), (label), (len))

static struct task *call_ksrv(struct fx_ipc in)
{
    return fx_trap(T(FX_TESTER), PL_SYS_CALL, &in);
}

/* ---- a request is one trap ---- */

TEST(a_call_runs_the_handler_in_the_callers_trap_and_answers_at_once)
{
    memset(&seen, 0, sizeof(seen));
    CHECK_PTR_EQ(call_ksrv(request(OP_ECHO, 4)), T(FX_TESTER)); /* no switch */
    CHECK_EQ(seen.calls, 1);
    CHECK_EQ(seen.badge, FX_TESTER + 1);
    CHECK_EQ(seen.len, 4);
    CHECK_PTR_EQ(seen.data, fx_bytes(fx_buf(FX_TESTER, 0))); /* read in place: no copy */
    CHECK_EQ(seen.first_byte, PATTERN);
    CHECK_EQ(T(FX_TESTER)->state, PL_TASK_READY);
    CHECK_ANSWER(PL_OK, 7, 16);
    CHECK_EQ(fx_reg(T(FX_TESTER), OUT_W0), OP_ECHO + 0x1000u + 1u);
    CHECK(memcmp(fx_bytes(fx_buf(FX_TESTER, 1)), "answer-12345678", 16) == 0);
    CHECK_EQ(endpoints[KSRV].messages, 1);
    CHECK_EQ(T(FX_TESTER)->msgs_sent, 1);
    CHECK_EQ(T(FX_TESTER)->msgs_received, 1);
}

TEST(a_reply_longer_than_the_callers_room_is_cut_and_says_so)
{
    struct fx_ipc in = request(OP_ECHO, 0);
    in.in_cap = 5;
    call_ksrv(in);
    CHECK_ANSWER(PL_ETRUNC, 7, 16);
}

TEST(a_send_runs_the_handler_and_returns_ok)
{
    memset(&seen, 0, sizeof(seen));
    struct fx_ipc in = request(OP_ECHO, 2);
    fx_trap(T(FX_TESTER), PL_SYS_SEND, &in);
    CHECK_EQ(seen.calls, 1);
    CHECK_EQ(fx_status(T(FX_TESTER)), PL_OK);
}

/* ---- checked as a send to a task, before the handler runs ---- */

TEST(a_sender_without_the_right_is_eperm_and_the_handler_never_runs)
{
    memset(&seen, 0, sizeof(seen));
    struct fx_ipc in = msg(FX_WORKER_A, KSRV, OP_ECHO, 4);
    fx_trap(T(FX_WORKER_A), PL_SYS_CALL, &in);
    CHECK_EQ(fx_status(T(FX_WORKER_A)), PL_EPERM);
    CHECK_EQ(seen.calls, 0);
}

TEST(a_bad_out_buffer_faults_the_caller_before_the_handler)
{
    memset(&seen, 0, sizeof(seen));
    struct fx_ipc in = request(OP_ECHO, 16);
    in.out = fx_addr(fx_ram[FX_SUPER]);
    call_ksrv(in);
    CHECK_EQ(T(FX_TESTER)->state, PL_TASK_FAULTED);
    CHECK_EQ(T(FX_TESTER)->fault.kind, PL_FAULT_BAD_POINTER);
    CHECK_EQ(T(FX_TESTER)->fault.addr, fx_addr(fx_ram[FX_SUPER]));
    CHECK_EQ(seen.calls, 0);
}

TEST(a_bad_in_buffer_faults_the_caller_before_the_handler)
{
    memset(&seen, 0, sizeof(seen));
    struct fx_ipc in = request(OP_ECHO, 0);
    in.in = fx_addr(fx_code[FX_TESTER]); /* its own, but read-only */
    call_ksrv(in);
    CHECK_EQ(T(FX_TESTER)->fault.kind, PL_FAULT_BAD_POINTER);
    CHECK_EQ(seen.calls, 0);
}

TEST(a_message_over_256_bytes_is_einval)
{
    memset(&seen, 0, sizeof(seen));
    struct fx_ipc in = request(OP_ECHO, 0);
    in.out_len = PL_IPC_MAX_BYTES + 1u;
    call_ksrv(in);
    CHECK_EQ(fx_status(T(FX_TESTER)), PL_EINVAL);
    CHECK_EQ(seen.calls, 0);
}

TEST(a_grant_to_a_server_in_the_kernel_is_eperm)
{
    memset(&seen, 0, sizeof(seen));
    call_ksrv(with_grant(request(OP_ECHO, 0), FX_EP_LOW, PL_RIGHT_SEND));
    CHECK_EQ(fx_status(T(FX_TESTER)), PL_EPERM);
    CHECK_EQ(seen.calls, 0);
}

TEST(an_opcode_the_server_lacks_is_its_einval)
{
    call_ksrv(request(OP_COUNT + 3u, 0));
    CHECK_ANSWER(PL_OK, (uint32_t)PL_EINVAL, 0);
}

/* ---- deferred requests ---- */

static uint32_t deferred_call(uint32_t timeout)
{
    memset(&seen, 0, sizeof(seen));
    struct fx_ipc in = request(OP_DEFER, 0);
    if (timeout) {
        in.obj |= PL_IPC_TIMED;
        in.timeout = timeout;
    }
    call_ksrv(in);
    return seen.client;
}

TEST(a_deferred_call_blocks_the_caller_until_the_server_answers)
{
    uint32_t client = deferred_call(0);
    CHECK_BLOCKED(T(FX_TESTER), BLOCK_REPLY);
    CHECK_PTR_EQ(T(FX_TESTER)->ipc.server, &task_in_kernel);
    struct pl_reply rep = {.w0 = 9, .data = "late", .len = 4};
    CHECK_EQ(pl_env_reply(client, 3, &rep), PL_OK);
    CHECK_WOKEN(T(FX_TESTER), PL_OK);
    CHECK_ANSWER(PL_OK, 3, 4);
    CHECK_EQ(fx_reg(T(FX_TESTER), OUT_W0), 9);
    CHECK_EQ(pl_env_reply(client, 3, &rep), PL_EDEAD); /* answered once */
}

TEST(a_reply_to_a_stale_handle_is_edead)
{
    uint32_t client = deferred_call(0);
    CHECK_EQ(pl_env_reply(client + (1u << PL_TASK_INDEX_BITS), 0, 0), PL_EDEAD);
    CHECK_EQ(pl_env_reply(FX_SUPER | 1u << PL_TASK_INDEX_BITS, 0, 0), PL_EDEAD);
    CHECK_EQ(pl_env_reply(0xffu, 0, 0), PL_EDEAD);
    CHECK_BLOCKED(T(FX_TESTER), BLOCK_REPLY);
}

TEST(a_deferred_call_times_out_and_the_late_reply_is_edead)
{
    uint32_t client = deferred_call(2);
    ticks(3);
    CHECK_WOKEN(T(FX_TESTER), PL_ETIMEDOUT);
    CHECK_EQ(pl_env_reply(client, 0, 0), PL_EDEAD);
}

TEST(a_client_restarted_while_deferred_gets_no_reply)
{
    uint32_t client = deferred_call(0);
    task_restart(T(FX_TESTER));
    CHECK_EQ(pl_env_reply(client, 0, 0), PL_EDEAD);
    CHECK_EQ(T(FX_TESTER)->state, PL_TASK_READY);
}

/* ---- an early answer, then a signal (the pipe server's SIGPIPE) ---- */

static void answer_then_kill(uint32_t sig)
{
    memset(&seen, 0, sizeof(seen));
    struct fx_ipc in = request(OP_ANSWER_KILL, 0);
    in.w0 = sig;
    call_ksrv(in);
}

TEST(an_early_answer_then_a_caught_signal_leaves_the_answer_and_the_handler_due)
{
    sig_set_trampoline(T(FX_TESTER), 0x1001u);
    sig_set_action(T(FX_TESTER), PL_SIGPIPE, PL_SIG_CATCH);
    answer_then_kill(PL_SIGPIPE);
    CHECK_EQ(seen.reply_status, PL_OK);
    CHECK_EQ(seen.kill_status, PL_OK);
    CHECK_EQ(T(FX_TESTER)->state, PL_TASK_READY); /* not waiting: answered */
    CHECK_ANSWER(PL_OK, 5, 0);
    CHECK_EQ(sig_due(T(FX_TESTER)), PL_SIG_BIT(PL_SIGPIPE));
    CHECK_EQ(pl_env_reply(seen.client, 0, 0), PL_EDEAD); /* nothing left to answer */
}

TEST(an_early_answer_then_a_default_signal_ends_the_client)
{
    answer_then_kill(PL_SIGPIPE);
    CHECK_EQ(seen.kill_status, PL_OK);
    CHECK_EQ(T(FX_TESTER)->state, PL_TASK_EXITED);
    CHECK_EQ(T(FX_TESTER)->exit_code, PL_SIG_EXIT_CODE(PL_SIGPIPE));
}

TEST(an_early_answer_then_an_ignored_signal_is_just_the_answer)
{
    sig_set_action(T(FX_TESTER), PL_SIGPIPE, PL_SIG_IGN);
    answer_then_kill(PL_SIGPIPE);
    CHECK_EQ(T(FX_TESTER)->state, PL_TASK_READY);
    CHECK_ANSWER(PL_OK, 5, 0);
    CHECK_EQ(sig_due(T(FX_TESTER)) | sig_fatal(T(FX_TESTER)), 0);
}

/* The server's `signals` as a task's: in the system call's order (sys/signal.c). */
TEST(the_seams_kill_checks_the_servers_signals_as_the_system_call_does)
{
    answer_then_kill(99);
    CHECK_EQ(seen.kill_status, PL_EINVAL);
    CHECK_EQ(T(FX_TESTER)->state, PL_TASK_READY);
    kserver_current = &sys_kservers[0];
    CHECK_EQ(pl_env_kill(FX_WORKER_A, PL_SIGTERM), PL_EPERM); /* not in its `signals` */
    CHECK_EQ(pl_env_kill(FX_IDLE, PL_SIGTERM), PL_ESRCH);
    CHECK_EQ(pl_env_kill(200, PL_SIGTERM), PL_ESRCH);
    kserver_current = 0;
    CHECK_EQ(pl_env_kill(FX_TESTER, PL_SIGTERM), PL_EPERM); /* outside a server's code */
    CHECK(T(FX_WORKER_A)->state != PL_TASK_EXITED);
}

/* ---- notifications and deadlines ---- */

TEST(bits_of_its_notification_reach_on_notify_at_the_end_of_the_entry)
{
    memset(&seen, 0, sizeof(seen));
    ntfn_bits[FX_NTFN_IRQ] = FX_IRQ_BIT | 0x8u; /* 0x8: not in its mask */
    CHECK_EQ(kserver_pending(), 1);
    CHECK_EQ(seen.notifies, 1);
    CHECK_EQ(seen.bits, FX_IRQ_BIT);
    CHECK_EQ(ntfn_bits[FX_NTFN_IRQ], 0x8u); /* taken; the rest stays */
    CHECK_EQ(kserver_pending(), 0);         /* nothing more */
}

TEST(a_deadline_that_has_come_runs_on_timeout_at_the_tick)
{
    memset(&seen, 0, sizeof(seen));
    seen.timeout_due = 0;
    CHECK_EQ(kserver_tick(), 1);
    CHECK_EQ(seen.timeouts, 1); /* and on_timeout moved it */
    CHECK_EQ(kserver_tick(), 0);
}

/* ---- the seam's bounds ---- */

TEST(a_server_in_the_kernel_acks_only_its_own_interrupts)
{
    memset(&seen, 0, sizeof(seen));
    call_ksrv(request(OP_ACK, 0)); /* w0 = OP_ACK + 0x1000: not its notification */
    CHECK_EQ(seen.ack_status, PL_EPERM);
    struct fx_ipc in = request(OP_ACK, 0);
    in.w0 = FX_NTFN_IRQ;
    in.w1 = 0x2u; /* a bit no interrupt raises */
    call_ksrv(in);
    CHECK_EQ(seen.ack_status, PL_EINVAL);
    in.w1 = FX_IRQ_BIT;
    uint32_t before = host_arch.irq_rearmed[FX_IRQ_OWNED];
    call_ksrv(in);
    CHECK_EQ(seen.ack_status, PL_OK);
    CHECK_EQ(host_arch.irq_rearmed[FX_IRQ_OWNED], before + 1u);
}

TEST(a_server_in_the_kernel_signals_only_notifications_that_list_it)
{
    /* the fixture lists it among the signalers of FX_NTFN_EV only (kserver_desc.ntfn_signal) */
    memset(&seen, 0, sizeof(seen));
    struct fx_ipc in = request(OP_SIGNAL, 0);
    in.w0 = FX_NTFN_IRQ; /* its own, but not one it signals */
    in.w1 = 0x40u;
    call_ksrv(in);
    CHECK_EQ(seen.signal_status, PL_EPERM);
    in.w0 = FX_NTFN_FAULTS;
    call_ksrv(in);
    CHECK_EQ(seen.signal_status, PL_EPERM);
    in.w0 = FX_NTFNS + 5u; /* no such notification */
    call_ksrv(in);
    CHECK_EQ(seen.signal_status, PL_EPERM);
    uint32_t before = ntfn_bits[FX_NTFN_EV];
    in.w0 = FX_NTFN_EV;
    call_ksrv(in);
    CHECK_EQ(seen.signal_status, PL_OK);
    CHECK_EQ(ntfn_bits[FX_NTFN_EV], before | 0x40u);
    CHECK_EQ(pl_env_signal(FX_NTFN_EV, 1u), PL_EPERM); /* outside any server */
}

TEST(a_server_in_the_kernel_calls_another_in_the_kernel_directly)
{
    memset(&seen, 0, sizeof(seen));
    call_ksrv(request(OP_CALL_SELF, 0));
    CHECK_EQ(seen.call_status, 7); /* the echo's status */
    CHECK_EQ(seen.badge, 0xff01u); /* the caller's badge from the description */
    CHECK_EQ(seen.calls, 2);
}

TEST(the_seam_refuses_calls_outside_a_server_and_to_task_endpoints)
{
    struct pl_recvd r;
    CHECK_EQ(pl_env_call(KSRV, OP_ECHO, 0, 0, 0, 0, &r, 0, 0), PL_EPERM); /* no server runs */
    CHECK_EQ(pl_env_irq_ack(FX_NTFN_IRQ, FX_IRQ_BIT), PL_EPERM);
}

TEST(the_kernel_answers_only_calls_a_server_in_the_kernel_deferred)
{
    /* the tester's call went to super, a task: the kernel's reply must not end it */
    recv_on(FX_SUPER, SRV);
    op(FX_TESTER, PL_SYS_CALL, msg(FX_TESTER, SRV, 0x33, 0));
    CHECK_BLOCKED(T(FX_TESTER), BLOCK_REPLY);
    CHECK_EQ(pl_env_reply(sender_of(FX_SUPER), 0, 0), PL_EDEAD);
    CHECK_BLOCKED(T(FX_TESTER), BLOCK_REPLY);
}

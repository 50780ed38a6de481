/*
 * tests/host/test_fastpath.c - ipc/fastpath.c: for every case the fast path takes, the kernel
 * must end up exactly where the general path leaves it: registers of both tasks, states, what
 * each task waits on, endpoint and run queues, timers, counters, pending notification bits,
 * task memory, and who runs next. For every case it declines, it must not have touched
 * anything, and kernel_syscall() must then give the general result.
 *
 * Each case is a scene (built from a fresh boot through the general path) and one trap. The
 * scene is built three times: the trap then goes (1) straight into the fast path function,
 * which must take it or decline as the test says, (2) through kernel_syscall(), as the arch
 * does, and (3) through syscall_dispatch() and the scheduler, the general path. A snapshot of
 * the kernel after (1) and after (2) must equal the one after (3).
 */
#include <stdio.h>
#include <string.h>

#include "fixture.h"
#include "harness.h"
#include "kernel_view.h"
#include "syscall.h"
#include <parley/syscall.h>

#define SRV         FX_EP_SRV
#define POOL        FX_EP_POOL
#define PEER        FX_EP_PEER
#define BUF         FX_BUF_SIZE
#define LAST_SENDER 0xfffffff0u /* as a reply target: whoever the replier heard from last */

static struct kernel_view fast, kern, general, before;

/* ---- running one case three ways ---- */

typedef void (*scene_fn)(void);

enum path {
    FAST,    /* the fast path function alone */
    KERNEL,  /* kernel_syscall() */
    GENERAL, /* syscall_dispatch() and the scheduler */
};

/* Build the scene and trap once along path p; the snapshot lands in out. For FAST, `before`
 * holds the kernel as the fast path found it. A task that already runs traps as it is: no
 * reschedule comes between what a scene leaves (say, a slice that has just ended) and the
 * trap, as on the real machine. */
static void run(enum path p, scene_fn scene, enum fixture_task_index who, uint32_t svc,
                struct fx_ipc in, struct kernel_view *out)
{
    struct task *t = fx_task(who), *next;
    fixture_reset();
    scene();
    if (in.target == LAST_SENDER) {
        in.target = fx_reg(t, OUT_SENDER);
    }
    if (sched_current() != t || t->state != PL_TASK_READY) {
        fx_run(t);
    }
    fx_load(t, svc, &in);
    if (p == GENERAL) {
        syscall_dispatch(t);
        next = sched_next(t); /* as kernel_syscall() goes on */
    } else if (p == KERNEL) {
        next = task_of(kernel_syscall(&t->arch));
    } else {
        kernel_view_take(&before, t);
        next = kernel_fast_path(svc)(t, arch_task_frame(&t->arch));
    }
    kernel_view_take(out, next);
}

/* The fast path must take the case (and so give the general result). */
static void check_taken(const char *file, int line, scene_fn scene, enum fixture_task_index who,
                        uint32_t svc, struct fx_ipc in)
{
    run(GENERAL, scene, who, svc, in, &general);
    run(FAST, scene, who, svc, in, &fast);
    if (fast.next < 0) {
        harness_fail(file, line, "the fast path declined a case it should take");
        return;
    }
    (void)kernel_view_same(file, line, "the fast path", &fast, &general);
    run(KERNEL, scene, who, svc, in, &kern);
    (void)kernel_view_same(file, line, "kernel_syscall()", &kern, &general);
}
#define CHECK_TAKEN(scene, who, svc, ...)                                                          \
    check_taken(__FILE__, __LINE__, scene, who, svc, (struct fx_ipc){__VA_ARGS__})

/* The fast path must decline the case without touching anything, and kernel_syscall() must
 * then give the general result. */
static void check_declined(const char *file, int line, scene_fn scene, enum fixture_task_index who,
                           uint32_t svc, struct fx_ipc in)
{
    run(FAST, scene, who, svc, in, &fast);
    if (fast.next >= 0) {
        harness_fail(file, line, "the fast path took a case it should leave alone");
        return;
    }
    fast.next = before.next; /* nobody was chosen: compare everything else */
    (void)kernel_view_same(file, line, "declining", &fast, &before);
    run(GENERAL, scene, who, svc, in, &general);
    run(KERNEL, scene, who, svc, in, &kern);
    (void)kernel_view_same(file, line, "kernel_syscall()", &kern, &general);
}
#define CHECK_DECLINED(scene, who, svc, ...)                                                       \
    check_declined(__FILE__, __LINE__, scene, who, svc, (struct fx_ipc){__VA_ARGS__})

/* ---- scenes (built through the general path) ---- */

static struct task *T(enum fixture_task_index i)
{
    return fx_task(i);
}

static void op(enum fixture_task_index i, uint32_t svc, struct fx_ipc in)
{
    fx_trap_general(T(i), svc, &in);
}

static struct fx_ipc rx(enum fixture_task_index i, uint32_t obj)
{
    return (struct fx_ipc){.obj = obj, .in = fx_buf(i, 1), .in_cap = BUF};
}

static void super_waits(void)
{
    op(FX_SUPER, PL_SYS_RECV, rx(FX_SUPER, SRV));
}

static void super_waits_with_deadline(void)
{
    struct fx_ipc r = rx(FX_SUPER, SRV | PL_IPC_TIMED);
    r.timeout = 50;
    op(FX_SUPER, PL_SYS_RECV, r);
}

static void super_waits_with_little_room(void)
{
    struct fx_ipc r = rx(FX_SUPER, SRV);
    r.in_cap = 4;
    op(FX_SUPER, PL_SYS_RECV, r);
}

/* worker_a waits on peer; c sleeps, so worker_b is alone at its level. */
static void a_waits_on_peer(void)
{
    op(FX_WORKER_A, PL_SYS_RECV, rx(FX_WORKER_A, PEER));
    fx_park(T(FX_WORKER_C));
}

/* The same, but worker_c is ready and waits for its turn at the level of a and b. */
static void a_waits_on_peer_and_c_is_ready(void)
{
    op(FX_WORKER_A, PL_SYS_RECV, rx(FX_WORKER_A, PEER));
}

/* worker_a runs alone at its level and its slice has just ended; super waits on srv. */
static void a_runs_alone_after_its_slice(void)
{
    super_waits();
    fx_run(T(FX_WORKER_A));
    fx_park(T(FX_WORKER_B));
    fx_park(T(FX_WORKER_C));
    for (unsigned i = 0; i < FX_SLICE_TICKS; i++) {
        fx_tick();
    }
}

/* super holds a call of worker_a (label 0x20, no bytes); b and c sleep. */
static void super_holds_a(void)
{
    super_waits();
    op(FX_WORKER_A, PL_SYS_CALL, (struct fx_ipc){.obj = SRV, .label = 0x20, .w0 = 1, .w1 = 2});
    fx_park(T(FX_WORKER_B));
    fx_park(T(FX_WORKER_C));
}

static void super_holds_a_with_room(void)
{
    super_waits();
    op(FX_WORKER_A, PL_SYS_CALL,
       (struct fx_ipc){.obj = SRV, .label = 0x20, .in = fx_buf(FX_WORKER_A, 1), .in_cap = 32});
    fx_park(T(FX_WORKER_B));
    fx_park(T(FX_WORKER_C));
}

static void super_holds_a_timed_call(void)
{
    super_waits();
    op(FX_WORKER_A, PL_SYS_CALL, (struct fx_ipc){.obj = SRV | PL_IPC_TIMED, .timeout = 50});
}

/* super holds a call of tester; worker_b, more urgent than tester, is ready. */
static void super_holds_tester_and_b_is_ready(void)
{
    super_waits();
    op(FX_TESTER, PL_SYS_CALL, (struct fx_ipc){.obj = SRV, .label = 0x21});
    task_unblock(T(FX_WORKER_B), PL_OK); /* parked by tester's turn; woken again */
}

static void super_holds_a_and_b_waits_to_call(void)
{
    super_holds_a();
    fx_run(T(FX_WORKER_B));
    op(FX_WORKER_B, PL_SYS_CALL, (struct fx_ipc){.obj = SRV, .label = 0x22});
}

/* worker_a took a call of worker_b while it waited for a message or bit 0 of irq; c sleeps. */
static void a_holds_b_after_waiting_for_either(void)
{
    op(FX_WORKER_A, PL_SYS_RECV,
       (struct fx_ipc){.obj = PEER | PL_IPC_NTFN,
                       .in = fx_buf(FX_WORKER_A, 1),
                       .in_cap = BUF,
                       .target = FX_IRQ_BIT});
    op(FX_WORKER_B, PL_SYS_CALL, (struct fx_ipc){.obj = PEER, .label = 0x24});
    fx_park(T(FX_WORKER_C));
}

/* worker_a holds a call of worker_b on peer; worker_c is ready at their level. */
static void a_holds_b_and_c_is_ready(void)
{
    op(FX_WORKER_A, PL_SYS_RECV, rx(FX_WORKER_A, PEER));
    op(FX_WORKER_B, PL_SYS_CALL, (struct fx_ipc){.obj = PEER, .label = 0x23});
}

/* worker_a waits for bit 0 of irq, its other registers still holding an earlier call's. */
static void a_waits_for_irq_bit(void)
{
    op(FX_WORKER_A, PL_SYS_NTFN_WAIT,
       (struct fx_ipc){.obj = FX_NTFN_IRQ,
                       .label = FX_IRQ_BIT,
                       .w1 = 9,
                       .out = 0x11,
                       .out_len = 0x22,
                       .in = 0x33});
}

static void a_waits_for_irq_bit_with_deadline(void)
{
    op(FX_WORKER_A, PL_SYS_NTFN_WAIT,
       (struct fx_ipc){.obj = FX_NTFN_IRQ | PL_IPC_TIMED, .label = FX_IRQ_BIT, .timeout = 9});
}

static void a_waits_for_a_message_or_irq_bit(void)
{
    op(FX_WORKER_A, PL_SYS_RECV,
       (struct fx_ipc){.obj = PEER | PL_IPC_NTFN, .in = fx_buf(FX_WORKER_A, 1), .target = 1});
}

static void b_waits_for_ev(void)
{
    op(FX_WORKER_B, PL_SYS_NTFN_WAIT, (struct fx_ipc){.obj = FX_NTFN_EV, .label = 0x1});
}

static void irq_bit_is_pending(void)
{
    op(FX_TESTER, PL_SYS_NTFN_SIGNAL, (struct fx_ipc){.obj = FX_NTFN_IRQ, .label = FX_IRQ_BIT});
}

static void nothing(void)
{
}

/* super answered a's call through the fast path and waits again in the same trap: the address
 * of its in buffer (room for a whole message in its RAM) is kept (ipc/fastpath.c). */
static void super_waits_with_its_buffer_kept(void)
{
    super_holds_a();
    struct fx_ipc rr = rx(FX_SUPER, SRV);
    rr.target = fx_reg(T(FX_SUPER), OUT_SENDER);
    fx_trap(T(FX_SUPER), PL_SYS_REPLY_RECV, &rr);
}

/* super holds a call of worker_a whose answer goes to the last 16 bytes of a's RAM: too near
 * the end for its address to be kept, so the delivery is checked in full. */
static void super_holds_a_answer_at_ram_end(void)
{
    super_waits();
    op(FX_WORKER_A, PL_SYS_CALL,
       (struct fx_ipc){.obj = SRV, .in = fx_buf(FX_WORKER_A, 3) + BUF - 16u, .in_cap = 16});
    fx_park(T(FX_WORKER_B));
    fx_park(T(FX_WORKER_C));
}

/* The tester called super through the fast path, its answer to go into page 0 in its window;
 * it kept an address in its own RAM from an earlier fast call. Then worker_c, the page's
 * owner, revoked the tester's grant: the window is empty while the tester waits. */
static void super_holds_tester_whose_window_was_revoked(void)
{
    uint32_t page0 = fx_addr(fx_page[0]);
    fx_park(T(FX_WORKER_B));
    fx_trap_args(T(FX_WORKER_C), PL_SYS_SHM_GRANT, 0, FX_TESTER, PL_SHM_READ | PL_SHM_WRITE);
    fx_trap_args(T(FX_TESTER), PL_SYS_SHM_MAP, 0, 0, 0);
    super_waits();
    fx_trap(T(FX_TESTER), PL_SYS_CALL,
            &(struct fx_ipc){.obj = SRV, .in = fx_buf(FX_TESTER, 1), .in_cap = 16});
    struct fx_ipc rr = rx(FX_SUPER, SRV);
    rr.target = fx_reg(T(FX_SUPER), OUT_SENDER);
    fx_trap(T(FX_SUPER), PL_SYS_REPLY_RECV, &rr);
    fx_trap(T(FX_TESTER), PL_SYS_CALL, &(struct fx_ipc){.obj = SRV, .in = page0, .in_cap = 16});
    fx_trap_args(T(FX_WORKER_C), PL_SYS_SHM_REVOKE, 0, FX_TESTER, 0);
}

/* ---- call: cases the fast path takes ---- */

TEST(call_to_a_more_urgent_waiting_server_matches_the_general_path)
{
    CHECK_TAKEN(super_waits, FX_WORKER_A, PL_SYS_CALL, .obj = SRV, .label = 0x30, .w0 = 7, .w1 = 8);
}

TEST(call_with_bytes_that_fit_matches_the_general_path)
{
    fx_fill(fx_buf(FX_WORKER_A, 0), 0x40, 16);
    CHECK_TAKEN(super_waits, FX_WORKER_A, PL_SYS_CALL, .obj = SRV, .label = 0x31,
                .out = fx_buf(FX_WORKER_A, 0), .out_len = 16, .in = fx_buf(FX_WORKER_A, 1),
                .in_cap = 64);
}

TEST(call_to_an_equally_urgent_server_matches_the_general_path)
{
    CHECK_TAKEN(a_waits_on_peer, FX_WORKER_B, PL_SYS_CALL, .obj = PEER, .label = 0x32);
}

/* A call hands the client's turn to the server: it runs before worker_c, an equal that waits
 * for its turn (docs/ipc.md, "Priorities"), on both paths. */
TEST(call_to_an_equally_urgent_server_while_an_equal_task_waits_its_turn_hands_it_the_turn)
{
    CHECK_TAKEN(a_waits_on_peer_and_c_is_ready, FX_WORKER_B, PL_SYS_CALL, .obj = PEER,
                .label = 0x33);
    CHECK_EQ(general.next, FX_WORKER_A);
    CHECK_EQ(general.task[FX_WORKER_C].state, PL_TASK_READY);
}

TEST(call_by_a_task_whose_slice_just_ended_matches_the_general_path)
{
    CHECK_TAKEN(a_runs_alone_after_its_slice, FX_WORKER_A, PL_SYS_CALL, .obj = SRV, .label = 0x34);
}

/* The delivery into a buffer at the address super's wait kept is not checked again; a whole
 * largest message must still land exactly as on the general path. */
TEST(call_into_a_server_buffer_at_its_kept_address_matches_the_general_path)
{
    fx_fill(fx_buf(FX_WORKER_A, 0), 0x45, PL_IPC_MAX_BYTES);
    CHECK_TAKEN(super_waits_with_its_buffer_kept, FX_WORKER_A, PL_SYS_CALL, .obj = SRV,
                .label = 0x36, .out = fx_buf(FX_WORKER_A, 0), .out_len = PL_IPC_MAX_BYTES);
}

/* ---- the in buffer address a fast path keeps ---- */

/* a calls super through the fast path with its answer at addr (cap 16); what a keeps. */
static uint32_t kept_after_call(enum fixture_task_index who, uint32_t addr)
{
    fixture_reset();
    super_waits();
    fx_trap(T(who), PL_SYS_CALL, &(struct fx_ipc){.obj = SRV, .in = addr, .in_cap = 16});
    CHECK_EQ(T(FX_SUPER)->state, PL_TASK_READY); /* the call was delivered */
    return T(who)->inbuf_kept;
}

TEST(fast_call_keeps_an_in_buffer_followed_by_a_whole_message_of_its_ram)
{
    uint32_t edge = fx_buf(FX_WORKER_A, 3) + BUF - PL_IPC_MAX_BYTES; /* exactly 256 bytes left */
    CHECK_EQ(kept_after_call(FX_WORKER_A, edge), edge);
    CHECK_EQ(kept_after_call(FX_WORKER_A, fx_buf(FX_WORKER_A, 1)), fx_buf(FX_WORKER_A, 1));
}

TEST(fast_call_keeps_no_in_buffer_nearer_than_a_whole_message_to_the_end_of_its_ram)
{
    uint32_t near = fx_buf(FX_WORKER_A, 3) + BUF - PL_IPC_MAX_BYTES + 1u; /* 255 bytes left */
    CHECK_EQ(kept_after_call(FX_WORKER_A, near), TASK_INBUF_NONE);
}

/* The general path keeps it too, when it checks the in buffer of a task about to wait. */
TEST(general_recv_keeps_an_in_buffer_followed_by_a_whole_message_of_its_ram)
{
    fixture_reset();
    super_waits();
    CHECK_EQ(T(FX_SUPER)->inbuf_kept, fx_buf(FX_SUPER, 1));
    fixture_reset();
    super_holds_a_answer_at_ram_end();
    CHECK_EQ(T(FX_WORKER_A)->inbuf_kept, TASK_INBUF_NONE);
}

/* worker_b's other writable regions are its own too, but not slot 1: nothing is kept there. */
TEST(fast_call_keeps_no_in_buffer_outside_its_ram_region)
{
    CHECK_EQ(kept_after_call(FX_WORKER_B, fx_addr(fx_shared[0])), TASK_INBUF_NONE);
}

/* ---- call: cases it declines ---- */

TEST(call_with_a_flag_is_declined)
{
    CHECK_DECLINED(super_waits, FX_WORKER_A, PL_SYS_CALL, .obj = SRV | PL_IPC_NONBLOCK);
    CHECK_DECLINED(super_waits, FX_WORKER_A, PL_SYS_CALL, .obj = SRV | PL_IPC_TIMED, .timeout = 5);
    CHECK_DECLINED(super_waits, FX_TESTER, PL_SYS_CALL, .obj = SRV | PL_IPC_GRANT,
                   .target = PL_GRANT(SRV, PL_RIGHT_SEND));
}

TEST(call_without_a_waiting_receiver_is_declined)
{
    CHECK_DECLINED(nothing, FX_WORKER_A, PL_SYS_CALL, .obj = SRV, .label = 0x35);
}

TEST(call_to_a_receiver_with_a_deadline_is_declined)
{
    CHECK_DECLINED(super_waits_with_deadline, FX_WORKER_A, PL_SYS_CALL, .obj = SRV);
}

TEST(call_without_the_send_right_is_declined)
{
    CHECK_DECLINED(super_waits, FX_WORKER_C, PL_SYS_CALL, .obj = SRV);
}

TEST(call_to_an_endpoint_beyond_the_system_is_declined)
{
    CHECK_DECLINED(super_waits, FX_WORKER_A, PL_SYS_CALL, .obj = FX_ENDPOINTS);
}

TEST(call_whose_bytes_would_be_cut_is_declined)
{
    CHECK_DECLINED(super_waits_with_little_room, FX_WORKER_A, PL_SYS_CALL, .obj = SRV,
                   .out = fx_buf(FX_WORKER_A, 0), .out_len = 16);
}

TEST(call_of_more_than_256_bytes_is_declined)
{
    CHECK_DECLINED(super_waits, FX_WORKER_A, PL_SYS_CALL, .obj = SRV, .out = fx_buf(FX_WORKER_A, 0),
                   .out_len = PL_IPC_MAX_BYTES + 1);
}

TEST(call_from_a_buffer_the_caller_does_not_own_is_declined)
{
    CHECK_DECLINED(super_waits, FX_WORKER_A, PL_SYS_CALL, .obj = SRV, .out = fx_buf(FX_WORKER_B, 0),
                   .out_len = 8);
}

TEST(call_with_a_reply_buffer_the_caller_does_not_own_is_declined)
{
    CHECK_DECLINED(super_waits, FX_WORKER_A, PL_SYS_CALL, .obj = SRV, .in = fx_buf(FX_WORKER_B, 1),
                   .in_cap = 8);
}

/* ---- reply_recv: cases the fast path takes ---- */

TEST(reply_recv_back_to_a_client_nobody_outranks_matches_the_general_path)
{
    CHECK_TAKEN(super_holds_a, FX_SUPER, PL_SYS_REPLY_RECV, .obj = SRV, .label = 0x40, .w0 = 3,
                .w1 = 4, .in = fx_buf(FX_SUPER, 1), .in_cap = BUF, .target = LAST_SENDER);
}

TEST(reply_recv_with_bytes_that_fit_matches_the_general_path)
{
    fx_fill(fx_buf(FX_SUPER, 0), 0x50, 12);
    CHECK_TAKEN(super_holds_a_with_room, FX_SUPER, PL_SYS_REPLY_RECV, .obj = SRV, .label = 0x41,
                .out = fx_buf(FX_SUPER, 0), .out_len = 12, .in = fx_buf(FX_SUPER, 1), .in_cap = BUF,
                .target = LAST_SENDER);
}

TEST(reply_recv_by_a_server_that_last_waited_for_either_matches_the_general_path)
{
    CHECK_TAKEN(a_holds_b_after_waiting_for_either, FX_WORKER_A, PL_SYS_REPLY_RECV, .obj = PEER,
                .label = 0x44, .in = fx_buf(FX_WORKER_A, 1), .in_cap = BUF, .target = LAST_SENDER);
}

TEST(reply_recv_when_a_more_urgent_task_is_ready_matches_the_general_path)
{
    CHECK_TAKEN(super_holds_tester_and_b_is_ready, FX_SUPER, PL_SYS_REPLY_RECV, .obj = SRV,
                .label = 0x42, .in = fx_buf(FX_SUPER, 1), .in_cap = BUF, .target = LAST_SENDER);
}

TEST(reply_recv_to_an_equally_urgent_client_while_an_equal_task_waits_its_turn_matches)
{
    CHECK_TAKEN(a_holds_b_and_c_is_ready, FX_WORKER_A, PL_SYS_REPLY_RECV, .obj = PEER,
                .label = 0x43, .in = fx_buf(FX_WORKER_A, 1), .in_cap = BUF, .target = LAST_SENDER);
}

/* An answer near the end of the client's RAM: its address was not kept, the buffer is checked
 * in full, and the answer lands as on the general path. */
TEST(reply_recv_into_a_client_buffer_at_the_end_of_its_ram_matches_the_general_path)
{
    fx_fill(fx_buf(FX_SUPER, 0), 0x55, 16);
    CHECK_TAKEN(super_holds_a_answer_at_ram_end, FX_SUPER, PL_SYS_REPLY_RECV, .obj = SRV,
                .label = 0x45, .out = fx_buf(FX_SUPER, 0), .out_len = 16, .in = fx_buf(FX_SUPER, 1),
                .in_cap = BUF, .target = LAST_SENDER);
}

/* ---- reply_recv: cases it declines ---- */

TEST(reply_recv_with_a_sender_waiting_is_declined)
{
    CHECK_DECLINED(super_holds_a_and_b_waits_to_call, FX_SUPER, PL_SYS_REPLY_RECV, .obj = SRV,
                   .in = fx_buf(FX_SUPER, 1), .in_cap = BUF, .target = LAST_SENDER);
}

TEST(reply_recv_to_a_caller_with_a_deadline_is_declined)
{
    CHECK_DECLINED(super_holds_a_timed_call, FX_SUPER, PL_SYS_REPLY_RECV, .obj = SRV,
                   .target = LAST_SENDER);
}

TEST(reply_recv_to_a_stale_handle_is_declined)
{
    CHECK_DECLINED(super_holds_a, FX_SUPER, PL_SYS_REPLY_RECV, .obj = SRV,
                   .target = PL_TASK_ID(FX_WORKER_A, 0x777));
}

TEST(reply_recv_without_a_client_is_declined)
{
    CHECK_DECLINED(super_holds_a, FX_SUPER, PL_SYS_REPLY_RECV, .obj = SRV, .target = 0);
}

TEST(reply_recv_with_a_flag_is_declined)
{
    CHECK_DECLINED(super_holds_a, FX_SUPER, PL_SYS_REPLY_RECV, .obj = SRV | PL_IPC_NONBLOCK,
                   .target = LAST_SENDER);
}

TEST(reply_recv_without_the_receive_right_is_declined)
{
    CHECK_DECLINED(super_holds_a, FX_SUPER, PL_SYS_REPLY_RECV, .obj = POOL, .target = LAST_SENDER);
}

TEST(reply_recv_into_a_buffer_the_server_does_not_own_is_declined)
{
    CHECK_DECLINED(super_holds_a, FX_SUPER, PL_SYS_REPLY_RECV, .obj = SRV,
                   .in = fx_buf(FX_TESTER, 1), .in_cap = 16, .target = LAST_SENDER);
}

TEST(reply_recv_whose_reply_would_be_cut_is_declined)
{
    CHECK_DECLINED(super_holds_a, FX_SUPER, PL_SYS_REPLY_RECV, .obj = SRV,
                   .out = fx_buf(FX_SUPER, 0), .out_len = 8, .target = LAST_SENDER);
}

TEST(reply_recv_of_more_than_256_bytes_is_declined)
{
    CHECK_DECLINED(super_holds_a_with_room, FX_SUPER, PL_SYS_REPLY_RECV, .obj = SRV,
                   .out = fx_buf(FX_SUPER, 0), .out_len = PL_IPC_MAX_BYTES + 1,
                   .target = LAST_SENDER);
}

/* The client waits with its answer's buffer in a window that was revoked meanwhile, and an
 * address in its own RAM is kept from before: the fast path must not deliver (nothing may land
 * in the page); the general path tells both with PL_ETRUNC. */
TEST(reply_recv_into_a_client_window_revoked_while_it_waits_is_declined)
{
    fx_fill(fx_buf(FX_SUPER, 0), 0x65, 16);
    CHECK_DECLINED(super_holds_tester_whose_window_was_revoked, FX_SUPER, PL_SYS_REPLY_RECV,
                   .obj = SRV, .label = 0x46, .out = fx_buf(FX_SUPER, 0), .out_len = 16,
                   .in = fx_buf(FX_SUPER, 1), .in_cap = BUF, .target = LAST_SENDER);
    CHECK_EQ(T(FX_TESTER)->inbuf_kept, fx_buf(FX_TESTER, 1));
    CHECK_EQ(general.task[FX_TESTER].reg[OUT_STATUS], (uint32_t)PL_ETRUNC);
    CHECK(!fx_filled(fx_addr(fx_page[0]), 0x65, 16));
}

/* ---- signal and wait ---- */

TEST(signal_to_a_more_urgent_waiter_matches_the_general_path)
{
    CHECK_TAKEN(a_waits_for_irq_bit, FX_TESTER, PL_SYS_NTFN_SIGNAL, .obj = FX_NTFN_IRQ,
                .label = FX_IRQ_BIT);
}

TEST(signal_that_leaves_bits_pending_matches_the_general_path)
{
    CHECK_TAKEN(a_waits_for_irq_bit, FX_TESTER, PL_SYS_NTFN_SIGNAL, .obj = FX_NTFN_IRQ,
                .label = FX_IRQ_BIT | 0x6u);
}

/* The waiter is woken into its run queue; the signaller runs on. */
TEST(signal_to_an_equally_urgent_waiter_matches_the_general_path)
{
    CHECK_TAKEN(b_waits_for_ev, FX_WORKER_A, PL_SYS_NTFN_SIGNAL, .obj = FX_NTFN_EV, .label = 0x1);
    CHECK_EQ(general.next, FX_WORKER_A);
}

TEST(signal_to_a_less_urgent_waiter_matches_the_general_path)
{
    CHECK_TAKEN(b_waits_for_ev, FX_SUPER, PL_SYS_NTFN_SIGNAL, .obj = FX_NTFN_EV, .label = 0x3);
    CHECK_EQ(general.next, FX_SUPER);
}

static void b_waits_for_ev_with_deadline(void)
{
    op(FX_WORKER_B, PL_SYS_NTFN_WAIT,
       (struct fx_ipc){.obj = FX_NTFN_EV | PL_IPC_TIMED, .label = 0x1, .timeout = 7});
}

/* A wait with a deadline (the shared-memory rings' waits all have one) is woken the same way:
 * it leaves the timer list too. */
TEST(signal_to_a_less_urgent_waiter_with_a_deadline_matches_the_general_path)
{
    CHECK_TAKEN(b_waits_for_ev_with_deadline, FX_SUPER, PL_SYS_NTFN_SIGNAL, .obj = FX_NTFN_EV,
                .label = 0x1);
    CHECK_EQ(general.task[FX_WORKER_B].timed, 0);
    CHECK_EQ(general.next, FX_SUPER);
}

TEST(signal_to_an_equally_urgent_waiter_with_a_deadline_matches_the_general_path)
{
    CHECK_TAKEN(b_waits_for_ev_with_deadline, FX_WORKER_A, PL_SYS_NTFN_SIGNAL, .obj = FX_NTFN_EV,
                .label = 0x1);
    CHECK_EQ(general.task[FX_WORKER_B].timed, 0);
}

/* Bits it does not wait for: it waits on, still in the timer list. */
TEST(signal_of_other_bits_to_a_waiter_with_a_deadline_matches_the_general_path)
{
    CHECK_TAKEN(b_waits_for_ev_with_deadline, FX_SUPER, PL_SYS_NTFN_SIGNAL, .obj = FX_NTFN_EV,
                .label = 0x2);
    CHECK_EQ(general.task[FX_WORKER_B].timed, 1);
}

TEST(signal_to_oneself_matches_the_general_path)
{
    CHECK_TAKEN(nothing, FX_WORKER_B, PL_SYS_NTFN_SIGNAL, .obj = FX_NTFN_EV, .label = 0x9);
}

TEST(signal_to_a_more_urgent_waiter_with_a_deadline_matches_the_general_path)
{
    CHECK_TAKEN(a_waits_for_irq_bit_with_deadline, FX_TESTER, PL_SYS_NTFN_SIGNAL,
                .obj = FX_NTFN_IRQ, .label = FX_IRQ_BIT);
    CHECK_EQ(general.task[FX_WORKER_A].timed, 0);
    CHECK_EQ(general.next, FX_WORKER_A);
}

/* A driver that is also a server waits for a message or its interrupt bits at once: the
 * signal wakes it out of its endpoint's queue, as on the general path. */
TEST(signal_to_a_waiter_that_also_waits_for_a_message_matches_the_general_path)
{
    CHECK_TAKEN(a_waits_for_a_message_or_irq_bit, FX_TESTER, PL_SYS_NTFN_SIGNAL, .obj = FX_NTFN_IRQ,
                .label = 0x1);
    CHECK_EQ(general.receivers[PEER][0], -1); /* it left the endpoint */
}

TEST(signal_to_a_receiver_that_does_not_wait_for_the_notification_is_declined)
{
    CHECK_DECLINED(a_waits_on_peer, FX_TESTER, PL_SYS_NTFN_SIGNAL, .obj = FX_NTFN_IRQ,
                   .label = 0x1);
}

/* The bits are stored; the waiter waits on for its own. */
TEST(signal_of_bits_outside_the_waiters_mask_matches_the_general_path)
{
    CHECK_TAKEN(a_waits_for_irq_bit, FX_TESTER, PL_SYS_NTFN_SIGNAL, .obj = FX_NTFN_IRQ,
                .label = 0x2);
    CHECK_EQ(general.pending[FX_NTFN_IRQ], 0x2);
}

TEST(signal_without_the_right_is_declined)
{
    CHECK_DECLINED(a_waits_for_irq_bit, FX_IDLE, PL_SYS_NTFN_SIGNAL, .obj = FX_NTFN_IRQ,
                   .label = FX_IRQ_BIT);
}

TEST(signal_when_nobody_waits_is_declined)
{
    CHECK_DECLINED(nothing, FX_TESTER, PL_SYS_NTFN_SIGNAL, .obj = FX_NTFN_IRQ, .label = 0x1);
}

TEST(wait_that_must_block_matches_the_general_path)
{
    CHECK_TAKEN(nothing, FX_WORKER_A, PL_SYS_NTFN_WAIT, .obj = FX_NTFN_IRQ, .label = FX_IRQ_BIT);
}

TEST(wait_with_a_bit_pending_matches_the_general_path)
{
    CHECK_TAKEN(irq_bit_is_pending, FX_WORKER_A, PL_SYS_NTFN_WAIT, .obj = FX_NTFN_IRQ,
                .label = FX_IRQ_BIT);
}

TEST(poll_with_a_bit_pending_matches_the_general_path)
{
    CHECK_TAKEN(irq_bit_is_pending, FX_WORKER_A, PL_SYS_NTFN_WAIT,
                .obj = FX_NTFN_IRQ | PL_IPC_NONBLOCK, .label = FX_IRQ_BIT | 0x10u);
}

/* worker_b waits on ev but is ready now (it runs after worker_a, its equal): the bits are
 * only stored, and the signaller runs on. */
TEST(signal_to_a_waiter_that_is_not_waiting_matches_the_general_path)
{
    CHECK_TAKEN(nothing, FX_WORKER_A, PL_SYS_NTFN_SIGNAL, .obj = FX_NTFN_EV, .label = 0x5);
}

TEST(wait_with_an_empty_mask_is_declined)
{
    CHECK_DECLINED(nothing, FX_WORKER_A, PL_SYS_NTFN_WAIT, .obj = FX_NTFN_IRQ, .label = 0);
}

TEST(wait_by_a_task_that_is_not_the_waiter_is_declined)
{
    CHECK_DECLINED(nothing, FX_TESTER, PL_SYS_NTFN_WAIT, .obj = FX_NTFN_IRQ, .label = 0x1);
}

TEST(poll_with_nothing_pending_matches_the_general_path)
{
    CHECK_TAKEN(nothing, FX_WORKER_A, PL_SYS_NTFN_WAIT, .obj = FX_NTFN_IRQ | PL_IPC_NONBLOCK,
                .label = 0x1);
    CHECK_TAKEN(nothing, FX_WORKER_A, PL_SYS_NTFN_WAIT, .obj = FX_NTFN_IRQ | PL_IPC_NONBLOCK,
                .label = 0);
}

TEST(timed_wait_that_must_block_matches_the_general_path)
{
    CHECK_TAKEN(nothing, FX_WORKER_A, PL_SYS_NTFN_WAIT, .obj = FX_NTFN_IRQ | PL_IPC_TIMED,
                .label = 0x1, .timeout = 4);
    CHECK_EQ(general.task[FX_WORKER_A].timed, 1);
    CHECK_EQ(general.task[FX_WORKER_A].state, PL_TASK_BLOCKED);
}

/* Two tasks in the timer list: the second deadline goes where the general path puts it. */
TEST(timed_wait_behind_another_deadline_matches_the_general_path)
{
    CHECK_TAKEN(b_waits_for_ev_with_deadline, FX_WORKER_A, PL_SYS_NTFN_WAIT,
                .obj = FX_NTFN_IRQ | PL_IPC_TIMED, .label = 0x1, .timeout = 3);
    CHECK_TAKEN(b_waits_for_ev_with_deadline, FX_WORKER_A, PL_SYS_NTFN_WAIT,
                .obj = FX_NTFN_IRQ | PL_IPC_TIMED, .label = 0x1, .timeout = 30);
}

TEST(timed_wait_of_no_ticks_matches_the_general_path)
{
    CHECK_TAKEN(nothing, FX_WORKER_A, PL_SYS_NTFN_WAIT, .obj = FX_NTFN_IRQ | PL_IPC_TIMED,
                .label = 0x1, .timeout = 0);
}

TEST(timed_wait_with_a_bit_pending_matches_the_general_path)
{
    CHECK_TAKEN(irq_bit_is_pending, FX_WORKER_A, PL_SYS_NTFN_WAIT,
                .obj = FX_NTFN_IRQ | PL_IPC_TIMED, .label = FX_IRQ_BIT, .timeout = 4);
    CHECK_EQ(general.task[FX_WORKER_A].timed, 0);
}

TEST(timed_wait_with_an_empty_mask_or_by_another_task_is_declined)
{
    CHECK_DECLINED(nothing, FX_WORKER_A, PL_SYS_NTFN_WAIT, .obj = FX_NTFN_IRQ | PL_IPC_TIMED,
                   .label = 0, .timeout = 4);
    CHECK_DECLINED(nothing, FX_TESTER, PL_SYS_NTFN_WAIT, .obj = FX_NTFN_IRQ | PL_IPC_TIMED,
                   .label = 0x1, .timeout = 4);
}

TEST(wait_with_two_flags_or_another_flag_is_declined)
{
    CHECK_DECLINED(nothing, FX_WORKER_A, PL_SYS_NTFN_WAIT,
                   .obj = FX_NTFN_IRQ | PL_IPC_NONBLOCK | PL_IPC_GRANT, .label = 0x1);
    CHECK_DECLINED(nothing, FX_WORKER_A, PL_SYS_NTFN_WAIT,
                   .obj = FX_NTFN_IRQ | PL_IPC_TIMED | PL_IPC_NONBLOCK, .label = 0x1, .timeout = 4);
    CHECK_DECLINED(irq_bit_is_pending, FX_WORKER_A, PL_SYS_NTFN_WAIT,
                   .obj = FX_NTFN_IRQ | PL_IPC_TIMED | PL_IPC_GRANT, .label = FX_IRQ_BIT,
                   .timeout = 4);
}

/* ---- yield ---- */

/* worker_a yields with worker_b and worker_c ready at its level: worker_b runs, worker_a goes
 * to the tail with a fresh slice. */
TEST(yield_to_an_equal_matches_the_general_path)
{
    CHECK_TAKEN(nothing, FX_WORKER_A, PL_SYS_YIELD);
    CHECK_EQ(general.next, FX_WORKER_B);
}

static void c_sleeps(void)
{
    fx_park(T(FX_WORKER_C));
}

TEST(yield_to_the_only_equal_matches_the_general_path)
{
    CHECK_TAKEN(c_sleeps, FX_WORKER_A, PL_SYS_YIELD);
    CHECK_EQ(general.next, FX_WORKER_B);
}

TEST(yield_of_a_task_alone_at_its_level_is_declined)
{
    CHECK_DECLINED(nothing, FX_SUPER, PL_SYS_YIELD);
    CHECK_DECLINED(nothing, FX_TESTER, PL_SYS_YIELD);
}

/* ---- interrupt acknowledgement ---- */

TEST(irq_ack_of_interrupt_bits_matches_the_general_path)
{
    CHECK_TAKEN(nothing, FX_WORKER_A, PL_SYS_IRQ_ACK, .obj = FX_NTFN_IRQ, .label = FX_IRQ_BIT);
    CHECK_TAKEN(nothing, FX_WORKER_A, PL_SYS_IRQ_ACK, .obj = FX_NTFN_IRQ,
                .label = FX_IRQ_BIT | FX_IRQ_BIT_HI);
    CHECK_TAKEN(nothing, FX_WORKER_A, PL_SYS_IRQ_ACK, .obj = FX_NTFN_IRQ, .label = 0);
}

TEST(irq_ack_of_a_bit_without_an_interrupt_or_by_another_task_is_declined)
{
    CHECK_DECLINED(nothing, FX_WORKER_A, PL_SYS_IRQ_ACK, .obj = FX_NTFN_IRQ,
                   .label = FX_IRQ_BIT | 0x2u);
    CHECK_DECLINED(nothing, FX_TESTER, PL_SYS_IRQ_ACK, .obj = FX_NTFN_IRQ, .label = FX_IRQ_BIT);
    CHECK_DECLINED(nothing, FX_WORKER_A, PL_SYS_IRQ_ACK, .obj = FX_NTFN_IRQ | PL_IPC_NONBLOCK,
                   .label = FX_IRQ_BIT);
}

/* ---- acknowledgement and wait in one trap (PL_IPC_ACK) ---- */

#define ACK_WAIT (FX_NTFN_IRQ | PL_IPC_ACK)

TEST(ack_wait_of_one_interrupt_bit_that_must_block_matches_the_general_path)
{
    CHECK_TAKEN(nothing, FX_WORKER_A, PL_SYS_NTFN_WAIT, .obj = ACK_WAIT, .label = FX_IRQ_BIT,
                .w1 = FX_IRQ_BIT);
    CHECK_EQ(general.irq_rearmed[FX_IRQ_OWNED], 1);
    CHECK_EQ(general.irq_enabled[FX_IRQ_OWNED], 1);
    CHECK_EQ(general.task[FX_WORKER_A].state, PL_TASK_BLOCKED);
    CHECK_TAKEN(nothing, FX_WORKER_A, PL_SYS_NTFN_WAIT, .obj = ACK_WAIT,
                .label = FX_IRQ_BIT | FX_IRQ_BITS_SH, .w1 = 1u << 5);
    CHECK_EQ(general.irq_rearmed[FX_IRQ_SHARED], 1);
}

TEST(ack_wait_with_a_bit_pending_matches_the_general_path)
{
    CHECK_TAKEN(irq_bit_is_pending, FX_WORKER_A, PL_SYS_NTFN_WAIT, .obj = ACK_WAIT,
                .label = FX_IRQ_BIT, .w1 = FX_IRQ_BIT_HI);
    CHECK_EQ(general.irq_rearmed[FX_IRQ_OWNED_HI], 1);
    CHECK_EQ(general.task[FX_WORKER_A].reg[0], (uint32_t)PL_OK);
    CHECK_EQ(general.task[FX_WORKER_A].reg[2], FX_IRQ_BIT);
    CHECK_EQ(general.pending[FX_NTFN_IRQ], 0);
}

/* The general path acknowledges several bits, or none, then waits. */
TEST(ack_wait_of_several_bits_or_none_is_declined)
{
    CHECK_DECLINED(nothing, FX_WORKER_A, PL_SYS_NTFN_WAIT, .obj = ACK_WAIT, .label = FX_IRQ_BIT,
                   .w1 = FX_IRQ_BIT | FX_IRQ_BIT_HI);
    CHECK_EQ(general.irq_rearmed[FX_IRQ_OWNED], 1);
    CHECK_EQ(general.irq_rearmed[FX_IRQ_OWNED_HI], 1);
    CHECK_EQ(general.task[FX_WORKER_A].state, PL_TASK_BLOCKED);
    CHECK_DECLINED(irq_bit_is_pending, FX_WORKER_A, PL_SYS_NTFN_WAIT, .obj = ACK_WAIT,
                   .label = FX_IRQ_BIT, .w1 = 0);
    CHECK_EQ(general.task[FX_WORKER_A].reg[0], (uint32_t)PL_OK);
    CHECK_EQ(general.task[FX_WORKER_A].reg[2], FX_IRQ_BIT);
}

/* Refused before anything is acknowledged: a bit without an interrupt (alone or beside one
 * with), an empty mask that would block, a task that is not the waiter. */
TEST(ack_wait_refused_for_its_bits_its_mask_or_its_caller_acknowledges_nothing)
{
    static const uint32_t acks[] = {0x2u, FX_IRQ_BIT | 0x2u};
    for (unsigned i = 0; i < sizeof(acks) / sizeof(acks[0]); i++) {
        CHECK_DECLINED(nothing, FX_WORKER_A, PL_SYS_NTFN_WAIT, .obj = ACK_WAIT, .label = FX_IRQ_BIT,
                       .w1 = acks[i]);
        CHECK_EQ(general.task[FX_WORKER_A].reg[0], (uint32_t)PL_EINVAL);
        CHECK_EQ(general.irq_rearmed[FX_IRQ_OWNED], 0);
    }
    CHECK_DECLINED(nothing, FX_WORKER_A, PL_SYS_NTFN_WAIT, .obj = ACK_WAIT, .label = 0,
                   .w1 = FX_IRQ_BIT);
    CHECK_EQ(general.task[FX_WORKER_A].reg[0], (uint32_t)PL_EINVAL);
    CHECK_EQ(general.irq_rearmed[FX_IRQ_OWNED], 0);
    CHECK_DECLINED(nothing, FX_TESTER, PL_SYS_NTFN_WAIT, .obj = ACK_WAIT, .label = FX_IRQ_BIT,
                   .w1 = FX_IRQ_BIT);
    CHECK_EQ(general.task[FX_TESTER].reg[0], (uint32_t)PL_EPERM);
    CHECK_EQ(general.irq_rearmed[FX_IRQ_OWNED], 0);
}

/* With another flag: the general path acknowledges, then polls or waits with a deadline. An
 * empty mask is fine for a poll. */
TEST(ack_wait_with_another_flag_is_declined)
{
    CHECK_DECLINED(nothing, FX_WORKER_A, PL_SYS_NTFN_WAIT, .obj = ACK_WAIT | PL_IPC_NONBLOCK,
                   .label = 0, .w1 = FX_IRQ_BIT);
    CHECK_EQ(general.task[FX_WORKER_A].reg[0], (uint32_t)PL_OK);
    CHECK_EQ(general.irq_rearmed[FX_IRQ_OWNED], 1);
    CHECK_DECLINED(nothing, FX_WORKER_A, PL_SYS_NTFN_WAIT, .obj = ACK_WAIT | PL_IPC_TIMED,
                   .label = FX_IRQ_BIT, .w1 = FX_IRQ_BIT, .timeout = 4);
    CHECK_EQ(general.irq_rearmed[FX_IRQ_OWNED], 1);
    CHECK_EQ(general.task[FX_WORKER_A].timed, 1);
}

/* ---- a whole server loop, step by step ---- */

struct step {
    enum fixture_task_index who;
    uint32_t svc;
    struct fx_ipc in; /* buffers: the task's buffer 0 out, buffer 1 in */
};

/* Clients at two levels (worker_a, tester; the other workers sleep), register-only and byte
 * messages, a notification wait and signal on the way, then a timed call. */
static const struct step server_loop[] = {
    {FX_SUPER, PL_SYS_RECV, {.obj = SRV, .in_cap = BUF}},
    {FX_WORKER_A, PL_SYS_CALL, {.obj = SRV, .label = 1, .w0 = 10}},
    {FX_SUPER, PL_SYS_REPLY_RECV, {.obj = SRV, .label = 2, .in_cap = BUF, .target = LAST_SENDER}},
    {FX_WORKER_A, PL_SYS_CALL, {.obj = SRV, .label = 3, .out_len = 8, .in_cap = 16}},
    {FX_SUPER,
     PL_SYS_REPLY_RECV,
     {.obj = SRV, .label = 4, .out_len = 4, .in_cap = BUF, .target = LAST_SENDER}},
    {FX_WORKER_A, PL_SYS_NTFN_WAIT, {.obj = FX_NTFN_IRQ, .label = FX_IRQ_BIT}},
    {FX_TESTER, PL_SYS_CALL, {.obj = SRV, .label = 5, .w1 = 11}},
    {FX_SUPER, PL_SYS_REPLY_RECV, {.obj = SRV, .label = 6, .in_cap = BUF, .target = LAST_SENDER}},
    {FX_TESTER, PL_SYS_NTFN_SIGNAL, {.obj = FX_NTFN_IRQ, .label = FX_IRQ_BIT}},
    {FX_WORKER_A, PL_SYS_CALL, {.obj = SRV | PL_IPC_TIMED, .label = 7, .timeout = 9}},
    {FX_SUPER, PL_SYS_REPLY_RECV, {.obj = SRV, .label = 8, .in_cap = BUF, .target = LAST_SENDER}},
};
#define LOOP_STEPS (sizeof(server_loop) / sizeof(server_loop[0]))

static void run_loop(enum path p, struct kernel_view *views)
{
    fixture_reset();
    fx_park(T(FX_WORKER_B));
    fx_park(T(FX_WORKER_C));
    fx_fill(fx_buf(FX_WORKER_A, 0), 0x60, 8);
    fx_fill(fx_buf(FX_SUPER, 0), 0x70, 4);
    for (unsigned i = 0; i < LOOP_STEPS; i++) {
        struct task *t = fx_task(server_loop[i].who);
        struct fx_ipc in = server_loop[i].in;
        in.out = fx_buf(server_loop[i].who, 0);
        in.in = fx_buf(server_loop[i].who, 1);
        if (in.target == LAST_SENDER) {
            in.target = fx_reg(t, OUT_SENDER);
        }
        struct task *next = p == GENERAL ? fx_trap_general(t, server_loop[i].svc, &in)
                                         : fx_trap(t, server_loop[i].svc, &in);
        kernel_view_take(&views[i], next);
    }
}

static struct kernel_view loop_kernel[LOOP_STEPS], loop_general[LOOP_STEPS];

TEST(server_loop_matches_the_general_path_at_every_step)
{
    run_loop(KERNEL, loop_kernel);
    run_loop(GENERAL, loop_general);
    for (unsigned i = 0; i < LOOP_STEPS; i++) {
        char what[64];
        snprintf(what, sizeof(what), "kernel_syscall() at step %u", i + 1);
        (void)kernel_view_same(__FILE__, __LINE__, what, &loop_kernel[i], &loop_general[i]);
    }
    CHECK_EQ(fx_reg(T(FX_WORKER_A), OUT_LABEL), 8); /* the loop ran to its end */
    CHECK_EQ(fx_status(T(FX_WORKER_A)), PL_OK);
}

/*
 * tests/host/test_endpoint_peers.c - ipc/endpoint.c, continued (test_endpoint.c has the first
 * half): operations that must not wait (non-blocking), deadlines that expire and leave no trace
 * (timed), peers that die at each step, cycles of blocked calls (PL_EDEADLK), and every state
 * meeting the operations that do not complete it. Calls go through syscall_dispatch(), the
 * general path; test_fastpath.c shows that the fast path gives the same results.
 */

#include "endpoint_scenes.h"

/* ---- non-blocking ---- */

TEST(nonblocking_send_without_a_receiver_is_eagain_and_changes_nothing)
{
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV | PL_IPC_NONBLOCK, 0xd0, 4));
    CHECK_WOKEN(T(FX_TESTER), PL_EAGAIN);
    CHECK_SENDERS(SRV, NONE);
    recv_on(FX_SUPER, SRV);
    CHECK_BLOCKED(T(FX_SUPER), BLOCK_RECV); /* nothing was left behind */
}

TEST(nonblocking_send_to_a_waiting_receiver_delivers)
{
    recv_on(FX_SUPER, SRV);
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV | PL_IPC_NONBLOCK, 0xd1, 4));
    CHECK_WOKEN(T(FX_TESTER), PL_OK);
    CHECK_GOT(T(FX_SUPER), PL_OK, 0xd1, FX_TESTER, FX_BADGE_TEST_SRV, 4);
}

TEST(nonblocking_recv_without_a_sender_is_eagain_and_does_not_wait)
{
    op(FX_SUPER, PL_SYS_RECV, rx(FX_SUPER, SRV | PL_IPC_NONBLOCK, BUF));
    CHECK_WOKEN(T(FX_SUPER), PL_EAGAIN);
    CHECK_RECEIVERS(SRV, NONE);
}

TEST(nonblocking_recv_takes_a_waiting_message)
{
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0xd2, 4));
    op(FX_SUPER, PL_SYS_RECV, rx(FX_SUPER, SRV | PL_IPC_NONBLOCK, BUF));
    CHECK_GOT(T(FX_SUPER), PL_OK, 0xd2, FX_TESTER, FX_BADGE_TEST_SRV, 4);
    CHECK_WOKEN(T(FX_TESTER), PL_OK);
}

TEST(nonblocking_call_without_a_receiver_is_eagain)
{
    op(FX_WORKER_A, PL_SYS_CALL, msg(FX_WORKER_A, SRV | PL_IPC_NONBLOCK, 0xd3, 0));
    CHECK_WOKEN(T(FX_WORKER_A), PL_EAGAIN);
    CHECK_SENDERS(SRV, NONE);
}

TEST(nonblocking_call_to_a_waiting_receiver_waits_for_the_reply)
{
    recv_on(FX_SUPER, SRV);
    op(FX_WORKER_A, PL_SYS_CALL, msg(FX_WORKER_A, SRV | PL_IPC_NONBLOCK, 0xd4, 0));
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_REPLY);
    CHECK_EQ(fx_reg(T(FX_SUPER), OUT_LABEL), 0xd4);
}

TEST(nonblocking_reply_recv_replies_then_is_eagain)
{
    uint32_t h = super_holds_call_of_a();
    struct fx_ipc rr = answer(FX_SUPER, h, 0xd5, 0);
    rr.obj = SRV | PL_IPC_NONBLOCK;
    op(FX_SUPER, PL_SYS_REPLY_RECV, rr);
    CHECK_WOKEN(T(FX_SUPER), PL_EAGAIN);
    CHECK_WOKEN(T(FX_WORKER_A), PL_OK);
    CHECK_EQ(fx_reg(T(FX_WORKER_A), OUT_LABEL), 0xd5);
    CHECK_RECEIVERS(SRV, NONE);
}

/* docs/ipc.md rule 5: a non-blocking call that finds nobody changes nothing, not even the
 * number its next call's handle carries. */
TEST(nonblocking_call_without_receiver_keeps_the_callers_handle)
{
    uint32_t before = T(FX_TESTER)->ipc.call_id;
    op(FX_TESTER, PL_SYS_CALL, msg(FX_TESTER, SRV | PL_IPC_NONBLOCK, 0xd6, 0));
    CHECK_WOKEN(T(FX_TESTER), PL_EAGAIN);
    CHECK_EQ(T(FX_TESTER)->ipc.call_id, before);
    recv_on(FX_SUPER, SRV);
    op(FX_TESTER, PL_SYS_CALL, msg(FX_TESTER, SRV, 0xd7, 0));
    CHECK_EQ(sender_of(FX_SUPER), before + (1u << PL_TASK_INDEX_BITS));
}

/* docs/syscalls.md: recv never returns PL_EDEAD; a receiver waits even with no live sender. */
TEST(recv_waits_even_when_every_sender_has_stopped)
{
    task_fault(T(FX_WORKER_B), &crash); /* peer's senders: worker_b and worker_c */
    task_exit(T(FX_WORKER_C), 0);
    recv_on(FX_WORKER_A, PEER);
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_RECV);
    CHECK_RECEIVERS(PEER, FX_WORKER_A, NONE);
}

/* ---- timed: expiry leaves no trace ---- */

static struct fx_ipc timed(struct fx_ipc m, uint32_t ticks)
{
    m.obj |= PL_IPC_TIMED;
    m.timeout = ticks;
    return m;
}

TEST(timed_send_expires_in_the_send_queue_leaving_no_trace)
{
    op(FX_TESTER, PL_SYS_SEND, timed(msg(FX_TESTER, SRV, 0xe0, 4), 3));
    ticks(2);
    CHECK_BLOCKED(T(FX_TESTER), BLOCK_SEND);
    ticks(1);
    CHECK_WOKEN(T(FX_TESTER), PL_ETIMEDOUT);
    CHECK_SENDERS(SRV, NONE);
    CHECK(!fx_in_timer_list(T(FX_TESTER)));
    recv_on(FX_SUPER, SRV);
    CHECK_BLOCKED(T(FX_SUPER), BLOCK_RECV);
}

TEST(timed_recv_expires_in_the_receive_queue_leaving_no_trace)
{
    op(FX_SUPER, PL_SYS_RECV, timed(rx(FX_SUPER, SRV, BUF), 2));
    ticks(1);
    CHECK_BLOCKED(T(FX_SUPER), BLOCK_RECV);
    ticks(1);
    CHECK_WOKEN(T(FX_SUPER), PL_ETIMEDOUT);
    CHECK_RECEIVERS(SRV, NONE);
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0xe1, 4));
    CHECK_BLOCKED(T(FX_TESTER), BLOCK_SEND); /* no ghost receiver took it */
}

/* docs/syscalls.md: a deadline of N ticks ends at the N-th tick; a raw r9 = 0 waits like 1. */
TEST(timed_recv_with_zero_ticks_waits_until_the_next_tick)
{
    op(FX_SUPER, PL_SYS_RECV, timed(rx(FX_SUPER, SRV, BUF), 0));
    CHECK_BLOCKED(T(FX_SUPER), BLOCK_RECV);
    ticks(1);
    CHECK_WOKEN(T(FX_SUPER), PL_ETIMEDOUT);
    CHECK_RECEIVERS(SRV, NONE);
}

TEST(timed_call_expires_in_the_send_queue_leaving_no_trace)
{
    op(FX_WORKER_A, PL_SYS_CALL, timed(msg(FX_WORKER_A, SRV, 0xe2, 0), 2));
    ticks(2);
    CHECK_WOKEN(T(FX_WORKER_A), PL_ETIMEDOUT);
    CHECK_SENDERS(SRV, NONE);
    recv_on(FX_SUPER, SRV);
    CHECK_BLOCKED(T(FX_SUPER), BLOCK_RECV);
}

TEST(timed_call_expires_waiting_for_the_reply_and_the_late_reply_is_edead)
{
    recv_on(FX_SUPER, SRV);
    op(FX_WORKER_A, PL_SYS_CALL, timed(msg(FX_WORKER_A, SRV, 0xe3, 0), 4));
    uint32_t h = sender_of(FX_SUPER);
    ticks(3);
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_REPLY);
    ticks(1);
    CHECK_WOKEN(T(FX_WORKER_A), PL_ETIMEDOUT);
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, h, 0xe4, 0));
    CHECK_EQ(fx_status(T(FX_SUPER)), PL_EDEAD);
    CHECK_EQ(fx_status(T(FX_WORKER_A)), PL_ETIMEDOUT);
    CHECK(fx_reg(T(FX_WORKER_A), OUT_LABEL) != 0xe4);
}

TEST(call_deadline_covers_delivery_and_reply)
{
    op(FX_WORKER_A, PL_SYS_CALL, timed(msg(FX_WORKER_A, SRV, 0xe5, 0), 5));
    ticks(3);
    recv_on(FX_SUPER, SRV);
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_REPLY);
    ticks(1);
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_REPLY);
    ticks(1);
    CHECK_WOKEN(T(FX_WORKER_A), PL_ETIMEDOUT);
}

TEST(reply_to_a_call_that_timed_out_never_answers_a_later_call)
{
    recv_on(FX_SUPER, SRV);
    op(FX_WORKER_A, PL_SYS_CALL, timed(msg(FX_WORKER_A, SRV, 0xe6, 0), 2));
    uint32_t stale = sender_of(FX_SUPER);
    ticks(2);
    CHECK_WOKEN(T(FX_WORKER_A), PL_ETIMEDOUT);
    recv_on(FX_SUPER, SRV);
    op(FX_WORKER_A, PL_SYS_CALL, msg(FX_WORKER_A, SRV, 0xe7, 0)); /* the same server again */
    uint32_t fresh = sender_of(FX_SUPER);
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, stale, 0xe8, 0));
    CHECK_EQ(fx_status(T(FX_SUPER)), PL_EDEAD);
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_REPLY);
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, fresh, 0xe9, 0));
    CHECK_GOT(T(FX_WORKER_A), PL_OK, 0xe9, FX_SUPER, ANY_BADGE, 0);
}

TEST(timed_send_that_is_delivered_is_never_timed_out)
{
    op(FX_TESTER, PL_SYS_SEND, timed(msg(FX_TESTER, SRV, 0xea, 0), 3));
    ticks(1);
    recv_on(FX_SUPER, SRV);
    CHECK_WOKEN(T(FX_TESTER), PL_OK);
    CHECK(!fx_in_timer_list(T(FX_TESTER)));
    ticks(5);
    CHECK_EQ(fx_status(T(FX_TESTER)), PL_OK);
}

TEST(timed_recv_that_gets_a_message_is_never_timed_out)
{
    op(FX_SUPER, PL_SYS_RECV, timed(rx(FX_SUPER, SRV, BUF), 3));
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0xeb, 0));
    CHECK_WOKEN(T(FX_SUPER), PL_OK);
    CHECK_EQ(T(FX_SUPER)->deadline, TIME_NEVER);
    CHECK(!fx_in_timer_list(T(FX_SUPER)));
    ticks(5);
    CHECK_EQ(fx_status(T(FX_SUPER)), PL_OK);
}

TEST(reply_in_time_ends_the_call_deadline)
{
    recv_on(FX_SUPER, SRV);
    op(FX_WORKER_A, PL_SYS_CALL, timed(msg(FX_WORKER_A, SRV, 0xec, 0), 3));
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, sender_of(FX_SUPER), 0xed, 0));
    CHECK_WOKEN(T(FX_WORKER_A), PL_OK);
    CHECK(!fx_in_timer_list(T(FX_WORKER_A)));
    ticks(5);
    CHECK_EQ(fx_status(T(FX_WORKER_A)), PL_OK);
}

TEST(expired_sender_leaves_the_others_in_order)
{
    op(FX_WORKER_B, PL_SYS_SEND, timed(msg(FX_WORKER_B, SRV, 0xee, 0), 2));
    op(FX_WORKER_A, PL_SYS_SEND, msg(FX_WORKER_A, SRV, 0xef, 0));
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0xf0, 0));
    CHECK_SENDERS(SRV, FX_WORKER_B, FX_WORKER_A, FX_TESTER, NONE);
    ticks(2);
    CHECK_SENDERS(SRV, FX_WORKER_A, FX_TESTER, NONE);
    recv_on(FX_SUPER, SRV);
    CHECK_EQ(fx_reg(T(FX_SUPER), OUT_LABEL), 0xef);
}

TEST(timed_reply_recv_expires_in_the_receive_queue)
{
    op(FX_SUPER, PL_SYS_REPLY_RECV, timed(rx(FX_SUPER, SRV, BUF), 2));
    ticks(2);
    CHECK_WOKEN(T(FX_SUPER), PL_ETIMEDOUT);
    CHECK_RECEIVERS(SRV, NONE);
}

/* ---- dead peers ---- */

TEST(send_to_an_endpoint_whose_receivers_all_stopped_is_edead_at_once)
{
    task_fault(T(FX_SUPER), &crash);
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0xf1, 0));
    CHECK_WOKEN(T(FX_TESTER), PL_EDEAD);
    CHECK_SENDERS(SRV, NONE);
}

TEST(call_to_an_endpoint_whose_receivers_all_stopped_is_edead_at_once)
{
    task_exit(T(FX_SUPER), 0);
    op(FX_WORKER_A, PL_SYS_CALL, msg(FX_WORKER_A, SRV, 0xf2, 0));
    CHECK_WOKEN(T(FX_WORKER_A), PL_EDEAD);
}

TEST(nonblocking_send_to_an_endpoint_without_live_receivers_is_edead)
{
    task_fault(T(FX_SUPER), &crash);
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV | PL_IPC_NONBLOCK, 0xf3, 0));
    CHECK_WOKEN(T(FX_TESTER), PL_EDEAD);
}

TEST(send_after_the_waiting_receiver_stopped_is_edead)
{
    recv_on(FX_SUPER, SRV);
    task_fault(T(FX_SUPER), &crash);
    CHECK_RECEIVERS(SRV, NONE);
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0xf4, 0));
    CHECK_WOKEN(T(FX_TESTER), PL_EDEAD);
}

TEST(death_of_the_last_receiver_fails_every_waiting_sender)
{
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0xf5, 0));
    op(FX_WORKER_A, PL_SYS_CALL, msg(FX_WORKER_A, SRV, 0xf6, 0));
    task_fault(T(FX_SUPER), &crash);
    CHECK_WOKEN(T(FX_TESTER), PL_EDEAD);
    CHECK_WOKEN(T(FX_WORKER_A), PL_EDEAD);
    CHECK_SENDERS(SRV, NONE);
}

TEST(exit_of_the_last_receiver_fails_every_waiting_sender)
{
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0xf7, 0));
    task_exit(T(FX_SUPER), 1);
    CHECK_WOKEN(T(FX_TESTER), PL_EDEAD);
}

TEST(worker_pool_keeps_senders_waiting_while_one_worker_lives)
{
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, POOL, 0xf8, 0));
    task_fault(T(FX_WORKER_B), &crash);
    CHECK_BLOCKED(T(FX_TESTER), BLOCK_SEND);
    CHECK_SENDERS(POOL, FX_TESTER, NONE);
    recv_on(FX_WORKER_C, POOL);
    CHECK_EQ(fx_reg(T(FX_WORKER_C), OUT_LABEL), 0xf8);
}

TEST(worker_pool_fails_waiting_senders_when_its_last_worker_stops)
{
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, POOL, 0xf9, 0));
    task_fault(T(FX_WORKER_B), &crash);
    task_exit(T(FX_WORKER_C), 0);
    CHECK_WOKEN(T(FX_TESTER), PL_EDEAD);
    CHECK_SENDERS(POOL, NONE);
}

TEST(server_death_fails_the_callers_waiting_for_its_reply)
{
    super_holds_call_of_a();
    task_fault(T(FX_SUPER), &crash);
    CHECK_WOKEN(T(FX_WORKER_A), PL_EDEAD);
}

TEST(server_exit_fails_the_callers_waiting_for_its_reply)
{
    super_holds_call_of_a();
    task_exit(T(FX_SUPER), 0);
    CHECK_WOKEN(T(FX_WORKER_A), PL_EDEAD);
}

TEST(server_restart_fails_the_callers_waiting_for_its_reply)
{
    super_holds_call_of_a();
    task_restart(T(FX_SUPER));
    CHECK_WOKEN(T(FX_WORKER_A), PL_EDEAD);
}

TEST(restarted_server_keeps_the_waiting_senders_for_its_new_incarnation)
{
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0xfa, 0));
    task_restart(T(FX_SUPER));
    CHECK_BLOCKED(T(FX_TESTER), BLOCK_SEND);
    recv_on(FX_SUPER, SRV);
    CHECK_GOT(T(FX_SUPER), PL_OK, 0xfa, FX_TESTER, FX_BADGE_TEST_SRV, 0);
}

TEST(server_death_fails_only_its_own_callers)
{
    super_holds_call_of_a();
    recv_on(FX_WORKER_B, POOL);
    op(FX_TESTER, PL_SYS_CALL, msg(FX_TESTER, POOL, 0xfb, 0));
    task_fault(T(FX_WORKER_B), &crash);
    CHECK_WOKEN(T(FX_TESTER), PL_EDEAD);
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_REPLY);
}

TEST(waiting_sender_that_stops_leaves_the_send_queue)
{
    op(FX_WORKER_A, PL_SYS_SEND, msg(FX_WORKER_A, SRV, 0x100, 0));
    op(FX_WORKER_B, PL_SYS_SEND, msg(FX_WORKER_B, SRV, 0x101, 0));
    task_fault(T(FX_WORKER_A), &crash);
    CHECK_SENDERS(SRV, FX_WORKER_B, NONE);
    recv_on(FX_SUPER, SRV);
    CHECK_EQ(fx_reg(T(FX_SUPER), OUT_LABEL), 0x101);
}

TEST(waiting_caller_that_is_restarted_leaves_the_send_queue)
{
    op(FX_WORKER_A, PL_SYS_CALL, msg(FX_WORKER_A, SRV, 0x102, 0));
    task_restart(T(FX_WORKER_A));
    CHECK_EQ(T(FX_WORKER_A)->state, PL_TASK_READY);
    CHECK_SENDERS(SRV, NONE);
    recv_on(FX_SUPER, SRV);
    CHECK_BLOCKED(T(FX_SUPER), BLOCK_RECV);
}

TEST(reply_to_a_caller_that_stopped_is_edead)
{
    uint32_t h = super_holds_call_of_a();
    task_fault(T(FX_WORKER_A), &crash);
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, h, 0x103, 0));
    CHECK_EQ(fx_status(T(FX_SUPER)), PL_EDEAD);
    CHECK_EQ(T(FX_WORKER_A)->state, PL_TASK_FAULTED);
}

TEST(reply_to_a_restarted_caller_is_edead_and_never_reaches_its_new_incarnation)
{
    uint32_t old = super_holds_call_of_a();
    task_restart(T(FX_WORKER_A));
    recv_on(FX_SUPER, SRV);
    op(FX_WORKER_A, PL_SYS_CALL, msg(FX_WORKER_A, SRV, 0x104, 0));
    uint32_t fresh = sender_of(FX_SUPER);
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, old, 0x105, 0));
    CHECK_EQ(fx_status(T(FX_SUPER)), PL_EDEAD);
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_REPLY);
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, fresh, 0x106, 0));
    CHECK_GOT(T(FX_WORKER_A), PL_OK, 0x106, FX_SUPER, ANY_BADGE, 0);
}

TEST(waiting_receiver_that_stops_leaves_the_receive_queue)
{
    recv_on(FX_WORKER_C, POOL);
    recv_on(FX_WORKER_B, POOL);
    task_fault(T(FX_WORKER_C), &crash);
    CHECK_RECEIVERS(POOL, FX_WORKER_B, NONE);
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, POOL, 0x107, 0));
    CHECK_EQ(fx_reg(T(FX_WORKER_B), OUT_LABEL), 0x107);
}

/* worker_b receives on low by tester's grant, then the description's receivers of low stop:
 * worker_b is its last live receiver when idle comes to send. */
static void b_alone_receives_on_low_and_idle_waits(void)
{
    recv_on(FX_WORKER_B, POOL);
    op(FX_TESTER, PL_SYS_SEND, with_grant(msg(FX_TESTER, POOL, 0x108, 0), LOW, PL_RIGHT_RECV));
    task_exit(T(FX_WORKER_C), 0);
    task_exit(T(FX_TESTER), 0);
    struct fx_ipc m = msg(FX_IDLE, LOW, 0x109, 0);
    fx_run(T(FX_IDLE));
    task_unblock(T(FX_SUPER), PL_OK); /* woken meanwhile: someone runs once idle blocks */
    fx_load(T(FX_IDLE), PL_SYS_SEND, &m);
    syscall_dispatch(T(FX_IDLE));
    sched_switch();
    CHECK_BLOCKED(T(FX_IDLE), BLOCK_SEND);
}

TEST(death_of_a_last_receiver_by_grant_fails_waiting_senders)
{
    b_alone_receives_on_low_and_idle_waits();
    task_fault(T(FX_WORKER_B), &crash);
    CHECK_WOKEN(T(FX_IDLE), PL_EDEAD);
}

TEST(restart_of_a_last_receiver_by_grant_fails_waiting_senders)
{
    b_alone_receives_on_low_and_idle_waits();
    task_restart(T(FX_WORKER_B));
    CHECK_WOKEN(T(FX_IDLE), PL_EDEAD);
    CHECK_SENDERS(LOW, NONE);
}

/* ---- cycles of blocked calls ---- */

/* worker_a calls pool and worker_b holds the call: b waits for nobody, a waits for b. */
static void b_holds_call_of_a(void)
{
    recv_on(FX_WORKER_B, POOL);
    op(FX_WORKER_A, PL_SYS_CALL, msg(FX_WORKER_A, POOL, 0x110, 0));
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_REPLY);
}

TEST(call_that_would_close_a_cycle_is_edeadlk_and_changes_nothing)
{
    b_holds_call_of_a();
    op(FX_WORKER_B, PL_SYS_CALL, msg(FX_WORKER_B, PEER, 0x111, 0)); /* only a receives on peer */
    CHECK_WOKEN(T(FX_WORKER_B), PL_EDEADLK);
    CHECK_SENDERS(PEER, NONE);
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_REPLY);
}

TEST(send_that_would_close_a_cycle_is_edeadlk)
{
    b_holds_call_of_a();
    op(FX_WORKER_B, PL_SYS_SEND, msg(FX_WORKER_B, PEER, 0x112, 0));
    CHECK_WOKEN(T(FX_WORKER_B), PL_EDEADLK);
    CHECK_SENDERS(PEER, NONE);
}

/* a holds b's call on peer; c waits to call peer too; a then calls the pool (b and c). */
static void a_holds_b_and_c_waits_for_a(void)
{
    recv_on(FX_WORKER_A, PEER);
    op(FX_WORKER_B, PL_SYS_CALL, msg(FX_WORKER_B, PEER, 0x113, 0));
    op(FX_WORKER_C, PL_SYS_CALL, msg(FX_WORKER_C, PEER, 0x114, 0));
    CHECK_BLOCKED(T(FX_WORKER_C), BLOCK_SEND);
}

TEST(cycle_through_a_waiting_sender_is_edeadlk)
{
    a_holds_b_and_c_waits_for_a();
    op(FX_WORKER_A, PL_SYS_CALL, msg(FX_WORKER_A, POOL, 0x115, 0));
    CHECK_WOKEN(T(FX_WORKER_A), PL_EDEADLK);
    CHECK_SENDERS(POOL, NONE);
}

TEST(call_is_not_refused_while_another_worker_may_take_it)
{
    recv_on(FX_WORKER_A, PEER);
    op(FX_WORKER_B, PL_SYS_CALL, msg(FX_WORKER_B, PEER, 0x116, 0)); /* c stays free */
    op(FX_WORKER_A, PL_SYS_CALL, msg(FX_WORKER_A, POOL, 0x117, 0));
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_SEND);
    recv_on(FX_WORKER_C, POOL);
    CHECK_GOT(T(FX_WORKER_C), PL_OK, 0x117, FX_WORKER_A, FX_WORKER_A + 1, 0);
}

TEST(stopped_workers_do_not_count_as_free)
{
    recv_on(FX_WORKER_A, PEER);
    op(FX_WORKER_B, PL_SYS_CALL, msg(FX_WORKER_B, PEER, 0x118, 0));
    task_fault(T(FX_WORKER_C), &crash);
    op(FX_WORKER_A, PL_SYS_CALL, msg(FX_WORKER_A, POOL, 0x119, 0));
    CHECK_WOKEN(T(FX_WORKER_A), PL_EDEADLK);
}

/* ---- every state meets the operations that do not complete it ---- */

TEST(reply_to_a_task_waiting_to_receive_is_edead_and_leaves_it_waiting)
{
    recv_on(FX_WORKER_B, POOL);
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, fx_id(FX_WORKER_B), 0x120, 0));
    CHECK_EQ(fx_status(T(FX_SUPER)), PL_EDEAD);
    CHECK_BLOCKED(T(FX_WORKER_B), BLOCK_RECV);
    CHECK_RECEIVERS(POOL, FX_WORKER_B, NONE);
}

TEST(reply_to_a_caller_still_waiting_to_send_is_edead_and_leaves_it_queued)
{
    op(FX_WORKER_A, PL_SYS_CALL, msg(FX_WORKER_A, SRV, 0x121, 0));
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, fx_id(FX_WORKER_A), 0x122, 0));
    CHECK_EQ(fx_status(T(FX_SUPER)), PL_EDEAD);
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_SEND);
    CHECK_SENDERS(SRV, FX_WORKER_A, NONE);
}

TEST(reply_by_a_task_that_did_not_take_the_call_is_edead)
{
    recv_on(FX_WORKER_B, POOL);
    op(FX_TESTER, PL_SYS_CALL, msg(FX_TESTER, POOL, 0x123, 0));
    uint32_t h = sender_of(FX_WORKER_B);
    op(FX_WORKER_C, PL_SYS_REPLY, answer(FX_WORKER_C, h, 0x124, 0));
    CHECK_EQ(fx_status(T(FX_WORKER_C)), PL_EDEAD);
    CHECK_BLOCKED(T(FX_TESTER), BLOCK_REPLY);
    op(FX_WORKER_B, PL_SYS_REPLY, answer(FX_WORKER_B, h, 0x125, 0));
    CHECK_GOT(T(FX_TESTER), PL_OK, 0x125, FX_WORKER_B, ANY_BADGE, 0);
}

TEST(second_reply_to_one_call_is_edead)
{
    uint32_t h = super_holds_call_of_a();
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, h, 0x126, 0));
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, h, 0x127, 0));
    CHECK_EQ(fx_status(T(FX_SUPER)), PL_EDEAD);
    CHECK_EQ(fx_reg(T(FX_WORKER_A), OUT_LABEL), 0x126);
}

TEST(reply_to_task_id_zero_is_edead)
{
    super_holds_call_of_a();
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, 0, 0x128, 0));
    CHECK_EQ(fx_status(T(FX_SUPER)), PL_EDEAD);
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_REPLY);
}

TEST(caller_waiting_for_a_reply_does_not_receive)
{
    super_holds_call_of_a(); /* worker_a, peer's receiver, now waits in REPLY */
    op(FX_WORKER_B, PL_SYS_SEND, msg(FX_WORKER_B, PEER, 0x129, 0));
    CHECK_BLOCKED(T(FX_WORKER_B), BLOCK_SEND);
    CHECK_SENDERS(PEER, FX_WORKER_B, NONE);
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_REPLY);
}

TEST(task_waiting_on_its_notification_does_not_receive)
{
    op(FX_WORKER_B, PL_SYS_NTFN_WAIT, (struct fx_ipc){.obj = FX_NTFN_EV, .label = 1u});
    CHECK_BLOCKED(T(FX_WORKER_B), BLOCK_NTFN);
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, POOL, 0x12a, 0));
    CHECK_BLOCKED(T(FX_TESTER), BLOCK_SEND);
    CHECK_BLOCKED(T(FX_WORKER_B), BLOCK_NTFN);
}

TEST(reply_to_a_task_waiting_on_its_notification_is_edead)
{
    op(FX_WORKER_B, PL_SYS_NTFN_WAIT, (struct fx_ipc){.obj = FX_NTFN_EV, .label = 1u});
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, fx_id(FX_WORKER_B), 0x12b, 0));
    CHECK_EQ(fx_status(T(FX_SUPER)), PL_EDEAD);
    CHECK_BLOCKED(T(FX_WORKER_B), BLOCK_NTFN);
}

TEST(message_wakes_a_receiver_waiting_for_either_with_the_message)
{
    struct fx_ipc r = rx(FX_WORKER_B, POOL | PL_IPC_NTFN, BUF);
    r.target = 1u;
    op(FX_WORKER_B, PL_SYS_RECV, r);
    CHECK_BLOCKED(T(FX_WORKER_B), BLOCK_RECV);
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, POOL, 0x12c, 3));
    CHECK_GOT(T(FX_WORKER_B), PL_OK, 0x12c, FX_TESTER, FX_TESTER + 1, 3);
}

TEST(signal_takes_a_receiver_waiting_for_either_out_of_the_receive_queue)
{
    struct fx_ipc r = rx(FX_WORKER_B, POOL | PL_IPC_NTFN, BUF);
    r.target = 1u;
    op(FX_WORKER_B, PL_SYS_RECV, r);
    CHECK_RECEIVERS(POOL, FX_WORKER_B, NONE);
    fx_trap_args(T(FX_WORKER_A), PL_SYS_NTFN_SIGNAL, FX_NTFN_EV, 1u, 0);
    CHECK_WOKEN(T(FX_WORKER_B), PL_OK);
    CHECK_EQ(fx_reg(T(FX_WORKER_B), OUT_LABEL), PL_LABEL_NOTIFICATION);
    CHECK_RECEIVERS(POOL, NONE);
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, POOL, 0x12d, 0));
    CHECK_BLOCKED(T(FX_TESTER), BLOCK_SEND);
}

/* ---- the order of a send's checks ---- */

/* docs/syscalls.md lists send's errors in the order the kernel checks them: the right (an index
 * out of range included), the length, a grant, a live receiver, non-blocking, a cycle. For each
 * two neighbours, a send that has both problems gets the earlier one. */

TEST(send_without_the_right_is_eperm_before_its_length_is_checked)
{
    op(FX_IDLE, PL_SYS_SEND, msg(FX_IDLE, SRV, 0x120, PL_IPC_MAX_BYTES + 1u));
    CHECK_WOKEN(T(FX_IDLE), PL_EPERM);
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, FX_ENDPOINTS, 0x121, PL_IPC_MAX_BYTES + 1u));
    CHECK_WOKEN(T(FX_TESTER), PL_EPERM);
}

/* docs/syscalls.md, "Who may call what": a call without the right returns PL_EPERM and
 * changes nothing, so its buffers are not looked at: a bad one does not fault it. */
TEST(send_or_call_without_the_right_is_eperm_whatever_its_buffers)
{
    uint32_t theirs = fx_addr(&fx_ram[FX_TESTER][FX_RAM_SIZE / 2]);
    struct fx_ipc m = msg(FX_SUPER, SRV, 0x122, 8); /* super only receives on srv */
    m.out = theirs;
    op(FX_SUPER, PL_SYS_SEND, m);
    CHECK_WOKEN(T(FX_SUPER), PL_EPERM);
    m = msg(FX_WORKER_C, SRV, 0x123, 0);
    m.in = theirs;
    op(FX_WORKER_C, PL_SYS_CALL, m);
    CHECK_WOKEN(T(FX_WORKER_C), PL_EPERM);
}

/* worker_a has no grant right: any grant it attaches is refused. */
TEST(send_of_more_than_256_bytes_is_einval_before_its_grant_is_checked)
{
    recv_on(FX_WORKER_C, POOL);
    struct fx_ipc m = msg(FX_WORKER_A, POOL, 0x124, PL_IPC_MAX_BYTES + 1u);
    op(FX_WORKER_A, PL_SYS_SEND, with_grant(m, SRV, PL_RIGHT_SEND));
    CHECK_WOKEN(T(FX_WORKER_A), PL_EINVAL);
    CHECK_BLOCKED(T(FX_WORKER_C), BLOCK_RECV);
}

/* The buffers are checked with the length (docs/ipc.md rule 7: "when the call is made"), so
 * a bad buffer faults the sender before its grant is looked at. */
TEST(send_from_a_bad_buffer_faults_before_its_grant_is_checked)
{
    uint32_t theirs = fx_addr(&fx_ram[FX_SUPER][FX_RAM_SIZE / 2]);
    recv_on(FX_WORKER_C, POOL);
    struct fx_ipc m = msg(FX_WORKER_A, POOL, 0x125, 8);
    m.out = theirs;
    op(FX_WORKER_A, PL_SYS_SEND, with_grant(m, SRV, PL_RIGHT_SEND));
    CHECK_EQ(T(FX_WORKER_A)->state, PL_TASK_FAULTED);
    CHECK_EQ(T(FX_WORKER_A)->fault.kind, PL_FAULT_BAD_POINTER);
    CHECK_EQ(T(FX_WORKER_A)->fault.addr, theirs);
    CHECK_BLOCKED(T(FX_WORKER_C), BLOCK_RECV);
}

/* tester may grant on srv but does not receive there: a grant of srv's receive right is
 * refused, and pool has no live receiver left. */
TEST(send_with_a_grant_not_allowed_is_eperm_before_dead_receivers_are_seen)
{
    task_fault(T(FX_WORKER_B), &crash);
    task_fault(T(FX_WORKER_C), &crash);
    op(FX_TESTER, PL_SYS_SEND, with_grant(msg(FX_TESTER, POOL, 0x126, 0), SRV, PL_RIGHT_RECV));
    CHECK_WOKEN(T(FX_TESTER), PL_EPERM);
}

/* PL_EDEAD before PL_EAGAIN: nonblocking_send_to_an_endpoint_without_live_receivers_is_edead
 * above. A send that must not wait never gets as far as asking whether waiting would close
 * a cycle. */
TEST(nonblocking_send_or_call_that_would_close_a_cycle_is_eagain)
{
    b_holds_call_of_a();
    op(FX_WORKER_B, PL_SYS_SEND, msg(FX_WORKER_B, PEER | PL_IPC_NONBLOCK, 0x127, 0));
    CHECK_WOKEN(T(FX_WORKER_B), PL_EAGAIN);
    op(FX_WORKER_B, PL_SYS_CALL, msg(FX_WORKER_B, PEER | PL_IPC_NONBLOCK, 0x128, 0));
    CHECK_WOKEN(T(FX_WORKER_B), PL_EAGAIN);
    CHECK_SENDERS(PEER, NONE);
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_REPLY);
}

/*
 * tests/host/test_endpoint.c - ipc/endpoint.c and ipc/msg.c: the endpoint state machine of
 * docs/ipc.md. Every operation (send, recv, call, reply, reply_recv; blocking, non-blocking and
 * timed) meets its peer in every state (nobody there, waiting in SEND, RECV or REPLY, waiting on
 * its notification, waiting for a message or its notification), and each rule of the spec has
 * its test: rendezvous, order, message contents, truncation, limits, buffers, rights, badges
 * and grants here; timeouts, dead peers and cycles in test_endpoint_peers.c. endpoint.c is the
 * unit under test, so calls go through syscall_dispatch() as kernel_syscall() does when its
 * fast path declines; test_fastpath.c shows that the fast path gives the same results.
 */

#include "endpoint_scenes.h"

/* ---- rendezvous: whoever comes first waits ---- */

TEST(send_to_a_waiting_receiver_delivers_at_once)
{
    recv_on(FX_SUPER, SRV);
    CHECK_PTR_EQ(op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0x10, 12)), T(FX_SUPER));
    CHECK_WOKEN(T(FX_SUPER), PL_OK);
    CHECK_GOT(T(FX_SUPER), PL_OK, 0x10, FX_TESTER, FX_BADGE_TEST_SRV, 12);
    CHECK(fx_filled(fx_buf(FX_SUPER, 1), PATTERN, 12));
    CHECK_WOKEN(T(FX_TESTER), PL_OK);
    CHECK_RECEIVERS(SRV, NONE);
}

TEST(send_without_a_receiver_waits_in_the_send_queue)
{
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0x10, 12));
    CHECK_BLOCKED(T(FX_TESTER), BLOCK_SEND);
    CHECK_SENDERS(SRV, FX_TESTER, NONE);
}

TEST(waiting_sender_is_released_with_ok_when_its_message_is_taken)
{
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0x10, 12));
    recv_on(FX_SUPER, SRV);
    CHECK_WOKEN(T(FX_TESTER), PL_OK);
    CHECK_SENDERS(SRV, NONE);
}

TEST(recv_with_a_waiting_sender_takes_its_message_without_blocking)
{
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0x10, 12));
    CHECK_PTR_EQ(recv_on(FX_SUPER, SRV), T(FX_SUPER));
    CHECK_EQ(T(FX_SUPER)->state, PL_TASK_READY);
    CHECK_GOT(T(FX_SUPER), PL_OK, 0x10, FX_TESTER, FX_BADGE_TEST_SRV, 12);
    CHECK(fx_filled(fx_buf(FX_SUPER, 1), PATTERN, 12));
}

TEST(recv_without_a_sender_waits_in_the_receive_queue)
{
    CHECK_PTR_EQ(recv_on(FX_SUPER, SRV), T(FX_WORKER_A));
    CHECK_BLOCKED(T(FX_SUPER), BLOCK_RECV);
    CHECK_RECEIVERS(SRV, FX_SUPER, NONE);
}

TEST(call_to_a_waiting_receiver_delivers_and_waits_for_the_reply)
{
    recv_on(FX_SUPER, SRV);
    CHECK_PTR_EQ(op(FX_WORKER_A, PL_SYS_CALL, msg(FX_WORKER_A, SRV, 0x20, 8)), T(FX_SUPER));
    CHECK_GOT(T(FX_SUPER), PL_OK, 0x20, FX_WORKER_A, FX_BADGE_A_SRV, 8);
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_REPLY);
    CHECK_PTR_EQ(T(FX_WORKER_A)->ipc.server, T(FX_SUPER));
    CHECK_SENDERS(SRV, NONE);
}

TEST(call_without_a_receiver_waits_to_send_then_for_the_reply)
{
    op(FX_WORKER_A, PL_SYS_CALL, msg(FX_WORKER_A, SRV, 0x20, 8));
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_SEND);
    CHECK_SENDERS(SRV, FX_WORKER_A, NONE);
    recv_on(FX_SUPER, SRV);
    CHECK_GOT(T(FX_SUPER), PL_OK, 0x20, FX_WORKER_A, FX_BADGE_A_SRV, 8);
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_REPLY);
    CHECK_PTR_EQ(T(FX_WORKER_A)->ipc.server, T(FX_SUPER));
    CHECK_SENDERS(SRV, NONE);
}

TEST(reply_wakes_the_caller_with_the_answer)
{
    uint32_t h = super_holds_call_of_a();
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, h, 0x21, 5));
    CHECK_EQ(fx_status(T(FX_SUPER)), PL_OK);
    CHECK_WOKEN(T(FX_WORKER_A), PL_OK);
    CHECK_GOT(T(FX_WORKER_A), PL_OK, 0x21, FX_SUPER, ANY_BADGE, 5);
    CHECK(fx_filled(fx_buf(FX_WORKER_A, 1), PATTERN, 5));
}

/* docs/ipc.md, "A call hands over the client's turn": the reply does not hand it back. With
 * equals of the client waiting for their turn, the woken client queues behind them. */
TEST(reply_does_not_hand_the_turn_back_the_client_queues_behind_its_equals)
{
    recv_on(FX_SUPER, SRV);
    op(FX_WORKER_A, PL_SYS_CALL, msg(FX_WORKER_A, SRV, 0x20, 0));
    CHECK(fx_in_run_queue(T(FX_WORKER_B)) && fx_in_run_queue(T(FX_WORKER_C)));
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, sender_of(FX_SUPER), 0x21, 0));
    CHECK_WOKEN(T(FX_WORKER_A), PL_OK);
    struct task *next = recv_on(FX_SUPER, SRV); /* the server waits again */
    CHECK(next == T(FX_WORKER_B) || next == T(FX_WORKER_C));
    const struct list_node *behind_a = T(FX_WORKER_A)->run_node.next;
    CHECK(behind_a != &T(FX_WORKER_B)->run_node && behind_a != &T(FX_WORKER_C)->run_node);
}

TEST(reply_never_blocks_the_server)
{
    uint32_t h = super_holds_call_of_a();
    CHECK_PTR_EQ(op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, h, 0x21, 0)), T(FX_SUPER));
    CHECK_EQ(T(FX_SUPER)->state, PL_TASK_READY);
}

TEST(server_may_answer_the_calls_it_holds_in_any_order)
{
    uint32_t ha = super_holds_call_of_a();
    recv_on(FX_SUPER, SRV);
    op(FX_WORKER_B, PL_SYS_CALL, msg(FX_WORKER_B, SRV, 0x31, 0));
    uint32_t hb = sender_of(FX_SUPER);
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, hb, 0x41, 0));
    CHECK_WOKEN(T(FX_WORKER_B), PL_OK);
    CHECK_EQ(fx_reg(T(FX_WORKER_B), OUT_LABEL), 0x41);
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_REPLY);
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, ha, 0x40, 0));
    CHECK_WOKEN(T(FX_WORKER_A), PL_OK);
    CHECK_EQ(fx_reg(T(FX_WORKER_A), OUT_LABEL), 0x40);
}

TEST(reply_recv_answers_then_takes_the_next_waiting_request)
{
    uint32_t ha = super_holds_call_of_a();
    op(FX_WORKER_B, PL_SYS_CALL, msg(FX_WORKER_B, SRV, 0x31, 3));
    struct fx_ipc rr = answer(FX_SUPER, ha, 0x40, 2);
    rr.obj = SRV;
    CHECK_PTR_EQ(op(FX_SUPER, PL_SYS_REPLY_RECV, rr), T(FX_SUPER));
    CHECK_GOT(T(FX_WORKER_A), PL_OK, 0x40, FX_SUPER, ANY_BADGE, 2);
    CHECK_GOT(T(FX_SUPER), PL_OK, 0x31, FX_WORKER_B, FX_WORKER_B + 1, 3);
    CHECK_BLOCKED(T(FX_WORKER_B), BLOCK_REPLY);
}

TEST(reply_recv_without_a_client_only_receives)
{
    op(FX_WORKER_A, PL_SYS_SEND, msg(FX_WORKER_A, SRV, 0x22, 0));
    op(FX_SUPER, PL_SYS_REPLY_RECV, rx(FX_SUPER, SRV, BUF));
    CHECK_GOT(T(FX_SUPER), PL_OK, 0x22, FX_WORKER_A, FX_BADGE_A_SRV, 0);
    CHECK_WOKEN(T(FX_WORKER_A), PL_OK);
}

TEST(reply_recv_answers_then_waits_when_nobody_sends)
{
    uint32_t ha = super_holds_call_of_a();
    struct fx_ipc rr = answer(FX_SUPER, ha, 0x40, 0);
    rr.obj = SRV;
    op(FX_SUPER, PL_SYS_REPLY_RECV, rr);
    CHECK_WOKEN(T(FX_WORKER_A), PL_OK);
    CHECK_BLOCKED(T(FX_SUPER), BLOCK_RECV);
    CHECK_RECEIVERS(SRV, FX_SUPER, NONE);
}

TEST(reply_recv_to_a_caller_that_stopped_still_receives)
{
    uint32_t ha = super_holds_call_of_a();
    task_fault(T(FX_WORKER_A), &crash);
    struct fx_ipc rr = answer(FX_SUPER, ha, 0x40, 0);
    rr.obj = SRV;
    op(FX_SUPER, PL_SYS_REPLY_RECV, rr);
    CHECK_BLOCKED(T(FX_SUPER), BLOCK_RECV);
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0x23, 0));
    CHECK_GOT(T(FX_SUPER), PL_OK, 0x23, FX_TESTER, FX_BADGE_TEST_SRV, 0);
}

/* ---- order: most urgent first, FIFO among equals ---- */

TEST(senders_are_served_most_urgent_first)
{
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0x50, 0));
    op(FX_WORKER_A, PL_SYS_SEND, msg(FX_WORKER_A, SRV, 0x51, 0));
    CHECK_SENDERS(SRV, FX_WORKER_A, FX_TESTER, NONE);
    recv_on(FX_SUPER, SRV);
    CHECK_GOT(T(FX_SUPER), PL_OK, 0x51, FX_WORKER_A, FX_BADGE_A_SRV, 0);
    CHECK_SENDERS(SRV, FX_TESTER, NONE);
}

TEST(senders_of_equal_priority_are_served_in_arrival_order)
{
    op(FX_WORKER_B, PL_SYS_SEND, msg(FX_WORKER_B, SRV, 0x60, 0));
    op(FX_WORKER_A, PL_SYS_SEND, msg(FX_WORKER_A, SRV, 0x61, 0));
    CHECK_SENDERS(SRV, FX_WORKER_B, FX_WORKER_A, NONE);
    recv_on(FX_SUPER, SRV);
    CHECK_GOT(T(FX_SUPER), PL_OK, 0x60, FX_WORKER_B, FX_WORKER_B + 1, 0);
}

TEST(calls_and_sends_share_one_sender_queue)
{
    op(FX_WORKER_B, PL_SYS_CALL, msg(FX_WORKER_B, SRV, 0x62, 0));
    op(FX_WORKER_A, PL_SYS_SEND, msg(FX_WORKER_A, SRV, 0x63, 0));
    op(FX_TESTER, PL_SYS_CALL, msg(FX_TESTER, SRV, 0x64, 0));
    CHECK_SENDERS(SRV, FX_WORKER_B, FX_WORKER_A, FX_TESTER, NONE);
}

TEST(receivers_are_served_most_urgent_first)
{
    recv_on(FX_TESTER, LOW);
    recv_on(FX_WORKER_C, LOW);
    CHECK_RECEIVERS(LOW, FX_WORKER_C, FX_TESTER, NONE);
    op(FX_IDLE, PL_SYS_SEND, msg(FX_IDLE, LOW, 0x70, 0));
    CHECK_GOT(T(FX_WORKER_C), PL_OK, 0x70, FX_IDLE, FX_IDLE + 1, 0);
    CHECK_BLOCKED(T(FX_TESTER), BLOCK_RECV);
}

TEST(receivers_of_equal_priority_are_served_in_arrival_order)
{
    recv_on(FX_WORKER_C, POOL);
    recv_on(FX_WORKER_B, POOL);
    CHECK_RECEIVERS(POOL, FX_WORKER_C, FX_WORKER_B, NONE);
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, POOL, 0x71, 0));
    CHECK_GOT(T(FX_WORKER_C), PL_OK, 0x71, FX_TESTER, FX_TESTER + 1, 0);
    CHECK_BLOCKED(T(FX_WORKER_B), BLOCK_RECV);
}

TEST(worker_pool_hands_each_request_to_the_next_idle_worker)
{
    recv_on(FX_WORKER_C, POOL);
    recv_on(FX_WORKER_B, POOL);
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, POOL, 0x72, 0));
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, POOL, 0x73, 0));
    CHECK_EQ(fx_reg(T(FX_WORKER_C), OUT_LABEL), 0x72);
    CHECK_EQ(fx_reg(T(FX_WORKER_B), OUT_LABEL), 0x73);
    CHECK_RECEIVERS(POOL, NONE);
}

/* ---- what arrives: badges, bytes ---- */

TEST(receiver_sees_the_badge_the_description_gives_the_sender)
{
    recv_on(FX_SUPER, SRV);
    op(FX_WORKER_A, PL_SYS_SEND, msg(FX_WORKER_A, SRV, 0x11, 0));
    CHECK_EQ(fx_reg(T(FX_SUPER), OUT_BADGE), FX_BADGE_A_SRV);
}

TEST(default_badge_is_the_senders_index_plus_one)
{
    recv_on(FX_SUPER, SRV);
    op(FX_WORKER_B, PL_SYS_SEND, msg(FX_WORKER_B, SRV, 0x11, 0));
    CHECK_EQ(fx_reg(T(FX_SUPER), OUT_BADGE), FX_WORKER_B + 1);
}

TEST(badge_belongs_to_the_endpoint_used)
{
    recv_on(FX_WORKER_C, POOL);
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, POOL, 0x12, 0));
    CHECK_EQ(fx_reg(T(FX_WORKER_C), OUT_BADGE), FX_TESTER + 1);
    recv_on(FX_SUPER, SRV);
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0x13, 0));
    CHECK_EQ(fx_reg(T(FX_SUPER), OUT_BADGE), FX_BADGE_TEST_SRV);
}

TEST(message_of_256_bytes_arrives_whole)
{
    recv_on(FX_SUPER, SRV);
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0x14, PL_IPC_MAX_BYTES));
    CHECK_GOT(T(FX_SUPER), PL_OK, 0x14, FX_TESTER, FX_BADGE_TEST_SRV, PL_IPC_MAX_BYTES);
    CHECK(fx_filled(fx_buf(FX_SUPER, 1), PATTERN, PL_IPC_MAX_BYTES));
}

TEST(message_without_bytes_leaves_the_receivers_buffer_alone)
{
    memset(fx_bytes(fx_buf(FX_SUPER, 1)), UNTOUCHED, BUF);
    recv_on(FX_SUPER, SRV);
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0x15, 0));
    CHECK_GOT(T(FX_SUPER), PL_OK, 0x15, FX_TESTER, FX_BADGE_TEST_SRV, 0);
    CHECK(untouched(fx_buf(FX_SUPER, 1), BUF));
}

TEST(receive_capacity_above_256_is_accepted)
{
    op(FX_SUPER, PL_SYS_RECV, rx(FX_SUPER, SRV, BUF));
    CHECK_BLOCKED(T(FX_SUPER), BLOCK_RECV);
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0x16, 40));
    CHECK_GOT(T(FX_SUPER), PL_OK, 0x16, FX_TESTER, FX_BADGE_TEST_SRV, 40);
}

TEST(message_is_copied_from_the_senders_read_only_memory)
{
    for (uint32_t i = 0; i < 16; i++) {
        fx_rodata[i] = (uint8_t)(PATTERN + i);
    }
    recv_on(FX_SUPER, SRV);
    struct fx_ipc m = msg(FX_WORKER_A, SRV, 0x17, 16);
    m.out = fx_addr(fx_rodata);
    op(FX_WORKER_A, PL_SYS_SEND, m);
    CHECK_EQ(fx_status(T(FX_WORKER_A)), PL_OK);
    CHECK(fx_filled(fx_buf(FX_SUPER, 1), PATTERN, 16));
}

/* ---- truncation: never silent ---- */

TEST(short_buffer_gets_etrunc_the_full_length_and_only_what_fits)
{
    memset(fx_bytes(fx_buf(FX_SUPER, 1)), UNTOUCHED, BUF);
    op(FX_SUPER, PL_SYS_RECV, rx(FX_SUPER, SRV, 10));
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0x80, 16));
    CHECK_GOT(T(FX_SUPER), PL_ETRUNC, 0x80, FX_TESTER, FX_BADGE_TEST_SRV, 16);
    CHECK(fx_filled(fx_buf(FX_SUPER, 1), PATTERN, 10));
    CHECK(untouched(fx_buf(FX_SUPER, 1) + 10, BUF - 10));
}

TEST(sender_of_a_cut_message_gets_etrunc)
{
    op(FX_SUPER, PL_SYS_RECV, rx(FX_SUPER, SRV, 10));
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0x81, 16));
    CHECK_WOKEN(T(FX_TESTER), PL_ETRUNC);
}

TEST(waiting_sender_of_a_cut_message_is_released_with_etrunc)
{
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0x82, 16));
    op(FX_SUPER, PL_SYS_RECV, rx(FX_SUPER, SRV, 10));
    CHECK_EQ(fx_status(T(FX_SUPER)), PL_ETRUNC);
    CHECK_WOKEN(T(FX_TESTER), PL_ETRUNC);
}

TEST(message_that_fits_exactly_is_not_cut)
{
    op(FX_SUPER, PL_SYS_RECV, rx(FX_SUPER, SRV, 16));
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0x83, 16));
    CHECK_GOT(T(FX_SUPER), PL_OK, 0x83, FX_TESTER, FX_BADGE_TEST_SRV, 16);
    CHECK_EQ(fx_status(T(FX_TESTER)), PL_OK);
}

TEST(receiver_without_room_gets_etrunc_for_a_single_byte)
{
    op(FX_SUPER, PL_SYS_RECV, rx(FX_SUPER, SRV, 0));
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0x84, 1));
    CHECK_GOT(T(FX_SUPER), PL_ETRUNC, 0x84, FX_TESTER, FX_BADGE_TEST_SRV, 1);
}

TEST(cut_request_is_reported_to_the_server_and_the_caller_gets_the_reply)
{
    op(FX_SUPER, PL_SYS_RECV, rx(FX_SUPER, SRV, 4));
    op(FX_WORKER_A, PL_SYS_CALL, msg(FX_WORKER_A, SRV, 0x85, 8));
    CHECK_GOT(T(FX_SUPER), PL_ETRUNC, 0x85, FX_WORKER_A, FX_BADGE_A_SRV, 8);
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_REPLY);
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, sender_of(FX_SUPER), 0x86, 0));
    CHECK_WOKEN(T(FX_WORKER_A), PL_OK);
}

TEST(cut_reply_gives_the_caller_etrunc_and_the_full_length)
{
    memset(fx_bytes(fx_buf(FX_WORKER_A, 1)), UNTOUCHED, BUF);
    recv_on(FX_SUPER, SRV);
    struct fx_ipc call = msg(FX_WORKER_A, SRV, 0x87, 0);
    call.in_cap = 4;
    op(FX_WORKER_A, PL_SYS_CALL, call);
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, sender_of(FX_SUPER), 0x88, 8));
    CHECK_EQ(fx_status(T(FX_SUPER)), PL_OK);
    CHECK_GOT(T(FX_WORKER_A), PL_ETRUNC, 0x88, FX_SUPER, ANY_BADGE, 8);
    CHECK(fx_filled(fx_buf(FX_WORKER_A, 1), PATTERN, 4));
    CHECK(untouched(fx_buf(FX_WORKER_A, 1) + 4, BUF - 4));
}

/* ---- the 256-byte limit ---- */

TEST(send_of_more_than_256_bytes_is_einval_and_delivers_nothing)
{
    memset(fx_bytes(fx_buf(FX_SUPER, 1)), UNTOUCHED, BUF);
    recv_on(FX_SUPER, SRV);
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0x90, PL_IPC_MAX_BYTES + 1));
    CHECK_WOKEN(T(FX_TESTER), PL_EINVAL);
    CHECK_BLOCKED(T(FX_SUPER), BLOCK_RECV);
    CHECK_RECEIVERS(SRV, FX_SUPER, NONE);
    CHECK(untouched(fx_buf(FX_SUPER, 1), BUF));
}

TEST(call_of_more_than_256_bytes_is_einval_and_delivers_nothing)
{
    recv_on(FX_SUPER, SRV);
    op(FX_WORKER_A, PL_SYS_CALL, msg(FX_WORKER_A, SRV, 0x91, 300));
    CHECK_WOKEN(T(FX_WORKER_A), PL_EINVAL);
    CHECK_BLOCKED(T(FX_SUPER), BLOCK_RECV);
}

TEST(reply_of_more_than_256_bytes_is_einval_and_the_caller_keeps_waiting)
{
    uint32_t h = super_holds_call_of_a();
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, h, 0x92, PL_IPC_MAX_BYTES + 1));
    CHECK_EQ(fx_status(T(FX_SUPER)), PL_EINVAL);
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_REPLY);
    op(FX_SUPER, PL_SYS_REPLY, answer(FX_SUPER, h, 0x93, PL_IPC_MAX_BYTES));
    CHECK_GOT(T(FX_WORKER_A), PL_OK, 0x93, FX_SUPER, ANY_BADGE, PL_IPC_MAX_BYTES);
}

TEST(reply_recv_of_more_than_256_bytes_is_einval_and_changes_nothing)
{
    uint32_t h = super_holds_call_of_a();
    struct fx_ipc rr = answer(FX_SUPER, h, 0x94, PL_IPC_MAX_BYTES + 1);
    rr.obj = SRV;
    op(FX_SUPER, PL_SYS_REPLY_RECV, rr);
    CHECK_WOKEN(T(FX_SUPER), PL_EINVAL);
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_REPLY);
    CHECK_RECEIVERS(SRV, NONE);
}

TEST(length_is_checked_before_the_buffer)
{
    recv_on(FX_SUPER, SRV);
    struct fx_ipc m = msg(FX_TESTER, SRV, 0x95, 0);
    m.out = 0;
    m.out_len = 300;
    op(FX_TESTER, PL_SYS_SEND, m);
    CHECK_WOKEN(T(FX_TESTER), PL_EINVAL);
}

/* ---- buffers the caller does not own: the caller faults ---- */

static void check_bad_pointer(int line, struct task *t, uint32_t addr)
{
    harness_check_eq(__FILE__, line, "state", "PL_TASK_FAULTED", t->state, PL_TASK_FAULTED);
    harness_check_eq(__FILE__, line, "fault", "BAD_POINTER", t->fault.kind, PL_FAULT_BAD_POINTER);
    harness_check_eq(__FILE__, line, "fault address", "the buffer", t->fault.addr, addr);
    harness_check_eq(__FILE__, line, "addr_valid", "1", t->fault.addr_valid, 1);
}
#define CHECK_BAD_POINTER(t, addr) check_bad_pointer(__LINE__, t, addr)

TEST(send_from_memory_the_sender_does_not_own_faults_it_with_the_address)
{
    uint32_t theirs = fx_addr(&fx_ram[FX_SUPER][FX_RAM_SIZE / 2]);
    recv_on(FX_SUPER, SRV);
    struct fx_ipc m = msg(FX_TESTER, SRV, 0xa0, 8);
    m.out = theirs;
    op(FX_TESTER, PL_SYS_SEND, m);
    CHECK_BAD_POINTER(T(FX_TESTER), theirs);
    CHECK_BLOCKED(T(FX_SUPER), BLOCK_RECV);
    CHECK_RECEIVERS(SRV, FX_SUPER, NONE);
}

TEST(send_buffer_running_past_the_senders_memory_faults_it)
{
    uint32_t last = fx_addr(&fx_ram[FX_TESTER][FX_RAM_SIZE - 4]);
    struct fx_ipc m = msg(FX_TESTER, SRV, 0xa1, 0);
    m.out = last;
    m.out_len = 8;
    op(FX_TESTER, PL_SYS_SEND, m);
    CHECK_BAD_POINTER(T(FX_TESTER), last);
    CHECK_SENDERS(SRV, NONE);
}

TEST(send_from_device_memory_faults_the_sender)
{
    struct fx_ipc m = msg(FX_WORKER_A, SRV, 0xa2, 0);
    m.out = fx_addr(fx_device);
    m.out_len = 4;
    op(FX_WORKER_A, PL_SYS_SEND, m);
    CHECK_BAD_POINTER(T(FX_WORKER_A), fx_addr(fx_device));
}

TEST(recv_into_memory_the_receiver_does_not_own_faults_it)
{
    uint32_t theirs = fx_buf(FX_TESTER, 1);
    struct fx_ipc r = rx(FX_SUPER, SRV, 16);
    r.in = theirs;
    op(FX_SUPER, PL_SYS_RECV, r);
    CHECK_BAD_POINTER(T(FX_SUPER), theirs);
    CHECK_RECEIVERS(SRV, NONE);
}

TEST(recv_into_read_only_memory_faults_the_receiver)
{
    struct fx_ipc r = rx(FX_SUPER, SRV, 16);
    r.in = fx_addr(fx_code[FX_SUPER]);
    op(FX_SUPER, PL_SYS_RECV, r);
    CHECK_BAD_POINTER(T(FX_SUPER), fx_addr(fx_code[FX_SUPER]));
}

TEST(call_with_a_reply_buffer_it_does_not_own_faults_the_caller_and_delivers_nothing)
{
    uint32_t theirs = fx_buf(FX_SUPER, 2);
    recv_on(FX_SUPER, SRV);
    struct fx_ipc m = msg(FX_WORKER_A, SRV, 0xa3, 4);
    m.in = theirs;
    op(FX_WORKER_A, PL_SYS_CALL, m);
    CHECK_BAD_POINTER(T(FX_WORKER_A), theirs);
    CHECK_BLOCKED(T(FX_SUPER), BLOCK_RECV);
}

TEST(reply_from_memory_the_server_does_not_own_faults_it_and_the_caller_gets_edead)
{
    uint32_t h = super_holds_call_of_a(), theirs = fx_buf(FX_TESTER, 0);
    struct fx_ipc r = answer(FX_SUPER, h, 0xa4, 4);
    r.out = theirs;
    op(FX_SUPER, PL_SYS_REPLY, r);
    CHECK_BAD_POINTER(T(FX_SUPER), theirs);
    CHECK_WOKEN(T(FX_WORKER_A), PL_EDEAD);
}

TEST(reply_recv_into_memory_the_server_does_not_own_faults_it_before_it_replies)
{
    uint32_t h = super_holds_call_of_a(), theirs = fx_buf(FX_TESTER, 1);
    struct fx_ipc rr = answer(FX_SUPER, h, 0xa5, 0);
    rr.obj = SRV;
    rr.in = theirs;
    op(FX_SUPER, PL_SYS_REPLY_RECV, rr);
    CHECK_BAD_POINTER(T(FX_SUPER), theirs);
    CHECK_WOKEN(T(FX_WORKER_A), PL_EDEAD);
    CHECK(fx_reg(T(FX_WORKER_A), OUT_LABEL) != 0xa5);
}

/* ---- rights: PL_EPERM and nothing changes ---- */

TEST(send_without_the_send_right_is_eperm_and_changes_nothing)
{
    recv_on(FX_SUPER, SRV);
    op(FX_IDLE, PL_SYS_SEND, msg(FX_IDLE, SRV, 0xb0, 4));
    CHECK_WOKEN(T(FX_IDLE), PL_EPERM);
    CHECK_BLOCKED(T(FX_SUPER), BLOCK_RECV);
    CHECK_RECEIVERS(SRV, FX_SUPER, NONE);
}

TEST(call_without_the_send_right_is_eperm_and_changes_nothing)
{
    recv_on(FX_SUPER, SRV);
    op(FX_WORKER_C, PL_SYS_CALL, msg(FX_WORKER_C, SRV, 0xb1, 0));
    CHECK_WOKEN(T(FX_WORKER_C), PL_EPERM);
    CHECK_BLOCKED(T(FX_SUPER), BLOCK_RECV);
}

TEST(receive_right_does_not_allow_sending)
{
    op(FX_SUPER, PL_SYS_SEND, msg(FX_SUPER, SRV, 0xb2, 0));
    CHECK_WOKEN(T(FX_SUPER), PL_EPERM);
    CHECK_SENDERS(SRV, NONE);
}

TEST(recv_without_the_receive_right_is_eperm_and_does_not_wait)
{
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, SRV, 0xb3, 0));
    recv_on(FX_WORKER_A, SRV);
    CHECK_WOKEN(T(FX_WORKER_A), PL_EPERM);
    CHECK_RECEIVERS(SRV, NONE);
    CHECK_SENDERS(SRV, FX_TESTER, NONE);
}

TEST(reply_recv_without_the_receive_right_is_eperm_and_does_not_reply)
{
    recv_on(FX_WORKER_B, POOL);
    op(FX_TESTER, PL_SYS_CALL, msg(FX_TESTER, POOL, 0xb4, 0));
    struct fx_ipc rr = answer(FX_WORKER_B, sender_of(FX_WORKER_B), 0xb5, 0);
    rr.obj = SRV;
    op(FX_WORKER_B, PL_SYS_REPLY_RECV, rr);
    CHECK_WOKEN(T(FX_WORKER_B), PL_EPERM);
    CHECK_BLOCKED(T(FX_TESTER), BLOCK_REPLY);
}

TEST(endpoint_beyond_the_system_is_eperm)
{
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, FX_ENDPOINTS, 0xb6, 0));
    CHECK_WOKEN(T(FX_TESTER), PL_EPERM);
    op(FX_TESTER, PL_SYS_CALL, msg(FX_TESTER, PL_IPC_INDEX_MASK, 0xb6, 0));
    CHECK_WOKEN(T(FX_TESTER), PL_EPERM);
    recv_on(FX_TESTER, 200);
    CHECK_WOKEN(T(FX_TESTER), PL_EPERM);
    op(FX_TESTER, PL_SYS_REPLY_RECV, rx(FX_TESTER, FX_ENDPOINTS, BUF));
    CHECK_WOKEN(T(FX_TESTER), PL_EPERM);
}

/* ---- grants ---- */

/* tester passes its send right on srv to worker_c with a message on pool. */
static void tester_grants_srv_to_c(void)
{
    recv_on(FX_WORKER_C, POOL);
    op(FX_TESTER, PL_SYS_SEND, with_grant(msg(FX_TESTER, POOL, 0xc0, 0), SRV, PL_RIGHT_SEND));
}

TEST(granted_send_right_lets_the_receiver_send)
{
    op(FX_WORKER_C, PL_SYS_SEND, msg(FX_WORKER_C, SRV, 0xc1, 0));
    CHECK_EQ(fx_status(T(FX_WORKER_C)), PL_EPERM); /* not before the grant */
    tester_grants_srv_to_c();
    CHECK_GOT(T(FX_WORKER_C), PL_OK, 0xc0, FX_TESTER, FX_TESTER + 1, 0);
    CHECK_WOKEN(T(FX_TESTER), PL_OK);
    recv_on(FX_SUPER, SRV);
    op(FX_WORKER_C, PL_SYS_SEND, msg(FX_WORKER_C, SRV, 0xc2, 0));
    CHECK_WOKEN(T(FX_WORKER_C), PL_OK);
    CHECK_EQ(fx_reg(T(FX_SUPER), OUT_LABEL), 0xc2);
}

TEST(granted_send_right_carries_the_granters_badge)
{
    tester_grants_srv_to_c();
    recv_on(FX_SUPER, SRV);
    op(FX_WORKER_C, PL_SYS_SEND, msg(FX_WORKER_C, SRV, 0xc3, 0));
    CHECK_GOT(T(FX_SUPER), PL_OK, 0xc3, FX_WORKER_C, FX_BADGE_TEST_SRV, 0);
}

TEST(granted_receive_right_lets_the_receiver_receive)
{
    recv_on(FX_WORKER_B, POOL);
    op(FX_TESTER, PL_SYS_SEND, with_grant(msg(FX_TESTER, POOL, 0xc4, 0), LOW, PL_RIGHT_RECV));
    CHECK_WOKEN(T(FX_TESTER), PL_OK);
    recv_on(FX_WORKER_B, LOW);
    CHECK_BLOCKED(T(FX_WORKER_B), BLOCK_RECV);
    CHECK_RECEIVERS(LOW, FX_WORKER_B, NONE);
    op(FX_IDLE, PL_SYS_SEND, msg(FX_IDLE, LOW, 0xc5, 0));
    CHECK_GOT(T(FX_WORKER_B), PL_OK, 0xc5, FX_IDLE, FX_IDLE + 1, 0);
}

TEST(grant_on_a_waiting_message_takes_effect_when_it_is_delivered)
{
    op(FX_TESTER, PL_SYS_SEND, with_grant(msg(FX_TESTER, POOL, 0xc6, 0), SRV, PL_RIGHT_SEND));
    CHECK_BLOCKED(T(FX_TESTER), BLOCK_SEND);
    CHECK(!(T(FX_WORKER_C)->rights.ep_send & (1u << SRV)));
    recv_on(FX_WORKER_C, POOL);
    CHECK_WOKEN(T(FX_TESTER), PL_OK);
    recv_on(FX_SUPER, SRV);
    op(FX_WORKER_C, PL_SYS_SEND, msg(FX_WORKER_C, SRV, 0xc7, 0));
    CHECK_GOT(T(FX_SUPER), PL_OK, 0xc7, FX_WORKER_C, FX_BADGE_TEST_SRV, 0);
}

TEST(grant_rides_on_a_call_too)
{
    recv_on(FX_WORKER_C, POOL);
    op(FX_TESTER, PL_SYS_CALL, with_grant(msg(FX_TESTER, POOL, 0xc8, 0), SRV, PL_RIGHT_SEND));
    CHECK_BLOCKED(T(FX_TESTER), BLOCK_REPLY);
    recv_on(FX_SUPER, SRV);
    op(FX_WORKER_C, PL_SYS_SEND, msg(FX_WORKER_C, SRV, 0xc9, 0));
    CHECK_WOKEN(T(FX_WORKER_C), PL_OK);
}

TEST(grant_without_the_grant_right_is_eperm_and_delivers_nothing)
{
    recv_on(FX_WORKER_C, POOL);
    op(FX_WORKER_A, PL_SYS_SEND, with_grant(msg(FX_WORKER_A, POOL, 0xca, 0), SRV, PL_RIGHT_SEND));
    CHECK_WOKEN(T(FX_WORKER_A), PL_EPERM);
    CHECK_BLOCKED(T(FX_WORKER_C), BLOCK_RECV);
    CHECK_RECEIVERS(POOL, FX_WORKER_C, NONE);
    CHECK(!(T(FX_WORKER_C)->rights.ep_send & (1u << SRV)));
}

TEST(grant_of_a_right_the_granter_does_not_hold_is_eperm)
{
    recv_on(FX_WORKER_C, POOL);
    op(FX_TESTER, PL_SYS_SEND, with_grant(msg(FX_TESTER, POOL, 0xcb, 0), SRV, PL_RIGHT_RECV));
    CHECK_WOKEN(T(FX_TESTER), PL_EPERM);
    CHECK_BLOCKED(T(FX_WORKER_C), BLOCK_RECV);
    CHECK(!(T(FX_WORKER_C)->rights.ep_recv & (1u << SRV)));
}

TEST(grant_that_would_let_messages_go_downhill_is_eperm_and_delivers_nothing)
{
    /* tester (priority 8) receives on low: a send right on low for a pool worker (5) would
     * let a more urgent task call a less urgent one. */
    recv_on(FX_WORKER_C, POOL);
    op(FX_TESTER, PL_SYS_SEND, with_grant(msg(FX_TESTER, POOL, 0xcc, 0), LOW, PL_RIGHT_SEND));
    CHECK_WOKEN(T(FX_TESTER), PL_EPERM);
    CHECK_BLOCKED(T(FX_WORKER_C), BLOCK_RECV);
    CHECK(!(T(FX_WORKER_C)->rights.ep_send & (1u << LOW)));
}

TEST(grant_is_checked_against_every_receiver_of_the_carrying_endpoint)
{
    /* low's receivers differ in priority: worker_c (5) and tester (8). A send right on low is
     * fine for tester, but worker_c could receive the message too, and would then send to
     * tester, downhill. The grant is refused although the least urgent receiver would pass. */
    recv_on(FX_WORKER_C, LOW);
    op(FX_TESTER, PL_SYS_SEND, with_grant(msg(FX_TESTER, LOW, 0xd1, 0), LOW, PL_RIGHT_SEND));
    CHECK_WOKEN(T(FX_TESTER), PL_EPERM);
    CHECK_BLOCKED(T(FX_WORKER_C), BLOCK_RECV);
    CHECK_RECEIVERS(LOW, FX_WORKER_C, NONE);
    CHECK(!(T(FX_WORKER_C)->rights.ep_send & (1u << LOW)));
    /* a right that suits both receivers goes through on the same endpoint */
    op(FX_TESTER, PL_SYS_SEND, with_grant(msg(FX_TESTER, LOW, 0xd2, 0), SRV, PL_RIGHT_SEND));
    CHECK_WOKEN(T(FX_TESTER), PL_OK);
    CHECK_GOT(T(FX_WORKER_C), PL_OK, 0xd2, FX_TESTER, FX_TESTER + 1, 0);
    CHECK(T(FX_WORKER_C)->rights.ep_send & (1u << SRV));
}

TEST(grant_of_an_unknown_endpoint_or_right_is_eperm)
{
    const uint32_t bad[][2] = {{FX_ENDPOINTS, PL_RIGHT_SEND},
                               {SRV, PL_RIGHT_GRANT},
                               {SRV, 0},
                               {SRV, PL_RIGHT_SEND | PL_RIGHT_RECV}};
    recv_on(FX_WORKER_C, POOL);
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        op(FX_TESTER, PL_SYS_SEND, with_grant(msg(FX_TESTER, POOL, 0xcd, 0), bad[i][0], bad[i][1]));
        CHECK_WOKEN(T(FX_TESTER), PL_EPERM);
    }
    CHECK_BLOCKED(T(FX_WORKER_C), BLOCK_RECV);
}

TEST(a_grantee_that_held_the_right_already_speaks_with_the_granters_badge)
{
    /* worker_b sends on srv with badge 3 of its own; tester grants it its send right there */
    recv_on(FX_WORKER_B, POOL);
    op(FX_TESTER, PL_SYS_SEND, with_grant(msg(FX_TESTER, POOL, 0xcf, 0), SRV, PL_RIGHT_SEND));
    CHECK_WOKEN(T(FX_TESTER), PL_OK);
    recv_on(FX_SUPER, SRV);
    op(FX_WORKER_B, PL_SYS_SEND, msg(FX_WORKER_B, SRV, 0xd0, 0));
    CHECK_GOT(T(FX_SUPER), PL_OK, 0xd0, FX_WORKER_B, FX_BADGE_TEST_SRV, 0);
}

TEST(granted_rights_outlive_the_granters_fault_and_restart)
{
    tester_grants_srv_to_c();
    task_fault(T(FX_TESTER), &crash);
    task_restart(T(FX_TESTER));
    recv_on(FX_SUPER, SRV);
    op(FX_WORKER_C, PL_SYS_SEND, msg(FX_WORKER_C, SRV, 0xd1, 0));
    CHECK_GOT(T(FX_SUPER), PL_OK, 0xd1, FX_WORKER_C, FX_BADGE_TEST_SRV, 0);
}

TEST(granted_rights_end_when_the_grantee_restarts)
{
    tester_grants_srv_to_c();
    task_restart(T(FX_WORKER_C));
    op(FX_WORKER_C, PL_SYS_SEND, msg(FX_WORKER_C, SRV, 0xce, 0));
    CHECK_WOKEN(T(FX_WORKER_C), PL_EPERM);
}

/* ---- the uphill rule at delivery (docs/ipc.md, "Grant") ---- */

/* A grant checked against the receivers of the carrying endpoint when it was sent waits in the
 * queue; meanwhile a more urgent task gains the receive right there and takes the message. It
 * must not get a right that sends downhill: the sender is refused at delivery (PL_EPERM), the
 * receiver gets nothing from it and waits on. Rights as a description could give them:
 * worker_a (5) may send on low and grant its send right on pool (receivers at 5). */
static void a_queues_send_right_on_pool_over_low(void)
{
    T(FX_WORKER_A)->rights.ep_send |= 1u << LOW;
    T(FX_WORKER_A)->rights.ep_grant |= 1u << POOL;
    op(FX_WORKER_A, PL_SYS_SEND, with_grant(msg(FX_WORKER_A, LOW, 0xe1, 0), POOL, PL_RIGHT_SEND));
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_SEND); /* fine for low's receivers (5, 8): queued */
}

TEST(a_queued_grant_is_checked_again_against_the_task_that_takes_it)
{
    a_queues_send_right_on_pool_over_low();
    /* tester passes its receive right on low uphill to super (1), which is allowed: every
     * sender of low is less urgent than super */
    recv_on(FX_SUPER, SRV);
    op(FX_TESTER, PL_SYS_SEND, with_grant(msg(FX_TESTER, SRV, 0xe2, 0), LOW, PL_RIGHT_RECV));
    CHECK_WOKEN(T(FX_TESTER), PL_OK);
    CHECK(T(FX_SUPER)->rights.ep_recv & (1u << LOW));
    /* super takes the queued message: with it, a send right on pool (5) for super (1) */
    recv_on(FX_SUPER, LOW);
    CHECK_WOKEN(T(FX_WORKER_A), PL_EPERM);
    CHECK_BLOCKED(T(FX_SUPER), BLOCK_RECV);
    CHECK(!(T(FX_SUPER)->rights.ep_send & (1u << POOL)));
    CHECK_SENDERS(LOW, NONE);
    CHECK_EQ(endpoints[LOW].messages, 0);
}

TEST(a_refused_queued_grant_lets_the_next_sender_through)
{
    a_queues_send_right_on_pool_over_low();
    T(FX_WORKER_B)->rights.ep_send |= 1u << LOW;
    op(FX_WORKER_B, PL_SYS_SEND, msg(FX_WORKER_B, LOW, 0xe3, 0)); /* behind it, no grant */
    CHECK_SENDERS(LOW, FX_WORKER_A, FX_WORKER_B, NONE);
    recv_on(FX_SUPER, SRV);
    op(FX_TESTER, PL_SYS_SEND, with_grant(msg(FX_TESTER, SRV, 0xe2, 0), LOW, PL_RIGHT_RECV));
    recv_on(FX_SUPER, LOW);
    CHECK_WOKEN(T(FX_WORKER_A), PL_EPERM);
    CHECK_GOT(T(FX_SUPER), PL_OK, 0xe3, FX_WORKER_B, ANY_BADGE, 0);
    CHECK_WOKEN(T(FX_WORKER_B), PL_OK);
}

TEST(a_queued_grant_still_reaches_a_receiver_it_suits)
{
    a_queues_send_right_on_pool_over_low();
    recv_on(FX_WORKER_C, LOW); /* 5: pool's receivers are as urgent */
    CHECK_WOKEN(T(FX_WORKER_A), PL_OK);
    CHECK_GOT(T(FX_WORKER_C), PL_OK, 0xe1, FX_WORKER_A, ANY_BADGE, 0);
    CHECK(T(FX_WORKER_C)->rights.ep_send & (1u << POOL));
}

TEST(a_queued_call_refused_at_delivery_waits_for_no_reply)
{
    T(FX_WORKER_A)->rights.ep_send |= 1u << LOW;
    T(FX_WORKER_A)->rights.ep_grant |= 1u << POOL;
    op(FX_WORKER_A, PL_SYS_CALL, with_grant(msg(FX_WORKER_A, LOW, 0xe4, 0), POOL, PL_RIGHT_SEND));
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_SEND);
    recv_on(FX_SUPER, SRV);
    op(FX_TESTER, PL_SYS_SEND, with_grant(msg(FX_TESTER, SRV, 0xe2, 0), LOW, PL_RIGHT_RECV));
    recv_on(FX_SUPER, LOW);
    CHECK_WOKEN(T(FX_WORKER_A), PL_EPERM);
    CHECK_BLOCKED(T(FX_SUPER), BLOCK_RECV);
}

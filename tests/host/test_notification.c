/*
 * tests/host/test_notification.c - ipc/notification.c: notification words (signal ORs bits in,
 * wait and poll take the masked bits and clear them), receiving a message or the notification
 * at once (recv with PL_IPC_NTFN), and interrupts routed to notification bits (kernel_irq masks
 * the interrupt through the fake arch and signals; irq_ack rearms it). As in test_endpoint.c,
 * system calls go through the general path; test_fastpath.c compares the fast one.
 *
 * Fixture: notification irq (worker_a waits; tester signals; FX_IRQ_OWNED is bit 0 and
 * FX_IRQ_OWNED_HI bit 4), ev (worker_b waits, and receives on pool; worker_a, tester,
 * super and worker_b itself signal) and faults (super waits; the kernel signals FX_FAULT_BIT when a
 * task stops).
 */
#include <string.h>

#include "fixture.h"
#include "harness.h"
#include "host_arch.h"
#include <parley/syscall.h>

#define IRQ    FX_NTFN_IRQ
#define EV     FX_NTFN_EV
#define ALL    0xffffffffu
#define BUF    FX_BUF_SIZE
#define NO_IRQ 4u /* an interrupt of the machine that nobody owns */

static struct task *T(enum fixture_task_index i)
{
    return fx_task(i);
}

static struct task *op(enum fixture_task_index i, uint32_t svc, struct fx_ipc in)
{
    return fx_trap_general(T(i), svc, &in);
}

static struct task *signal_as(enum fixture_task_index i, uint32_t n, uint32_t bits)
{
    return op(i, PL_SYS_NTFN_SIGNAL, (struct fx_ipc){.obj = n, .label = bits});
}

static struct task *wait_as(enum fixture_task_index i, uint32_t obj, uint32_t mask)
{
    return op(i, PL_SYS_NTFN_WAIT, (struct fx_ipc){.obj = obj, .label = mask});
}

static struct task *timed_wait_as(enum fixture_task_index i, uint32_t n, uint32_t mask,
                                  uint32_t ticks)
{
    return op(i, PL_SYS_NTFN_WAIT,
              (struct fx_ipc){.obj = n | PL_IPC_TIMED, .label = mask, .timeout = ticks});
}

/* Poll as task i; returns the bits taken (the status is left in its r0). */
static uint32_t poll_as(enum fixture_task_index i, uint32_t n, uint32_t mask)
{
    wait_as(i, n | PL_IPC_NONBLOCK, mask);
    return fx_reg(T(i), OUT_W0);
}

static struct task *ack_as(enum fixture_task_index i, uint32_t n, uint32_t bits)
{
    return op(i, PL_SYS_IRQ_ACK, (struct fx_ipc){.obj = n, .label = bits});
}

/* worker_b waits for a message on pool or the bits of mask on ev. */
static struct task *b_recv_or_notify(uint32_t mask, uint32_t flags)
{
    return op(FX_WORKER_B, PL_SYS_RECV,
              (struct fx_ipc){.obj = FX_EP_POOL | PL_IPC_NTFN | flags,
                              .in = fx_buf(FX_WORKER_B, 1),
                              .in_cap = BUF,
                              .target = mask,
                              .timeout = 2});
}

static void ticks(unsigned n)
{
    while (n--) {
        fx_tick();
    }
}

/* t holds a notification result: status OK, the label, the bits in w0, no sender or badge. */
static void check_bits(int line, struct task *t, uint32_t bits)
{
    harness_check_eq(__FILE__, line, "status", "PL_OK", fx_status(t), PL_OK);
    harness_check_eq(__FILE__, line, "label", "PL_LABEL_NOTIFICATION", fx_reg(t, OUT_LABEL),
                     PL_LABEL_NOTIFICATION);
    harness_check_eq(__FILE__, line, "bits", "expected", fx_reg(t, OUT_W0), bits);
    harness_check_eq(__FILE__, line, "sender", "0", fx_reg(t, OUT_SENDER), 0);
    harness_check_eq(__FILE__, line, "badge", "0", fx_reg(t, OUT_BADGE), 0);
    harness_check_eq(__FILE__, line, "length", "0", fx_reg(t, OUT_LEN), 0);
}
#define CHECK_BITS(t, bits) check_bits(__LINE__, t, bits)

static void check_state(int line, struct task *t, enum pl_task_state state, enum block_kind why)
{
    harness_check_eq(__FILE__, line, "state", "expected", t->state, state);
    harness_check_eq(__FILE__, line, "block", "expected", t->block, why);
}
#define CHECK_WAITING(t, why) check_state(__LINE__, t, PL_TASK_BLOCKED, why)
#define CHECK_READY(t)        check_state(__LINE__, t, PL_TASK_READY, BLOCK_NONE)

static int receivers_of_pool(void)
{
    int q[FX_TASKS + 1];
    return fx_receivers(FX_EP_POOL, q, FX_TASKS + 1);
}

/* ---- signal ---- */

TEST(signal_ors_its_bits_into_the_word)
{
    signal_as(FX_TESTER, IRQ, 0x1u);
    signal_as(FX_TESTER, IRQ, 0x6u);
    signal_as(FX_TESTER, IRQ, 0x2u);
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, ALL), 0x7u);
}

TEST(signal_returns_ok_and_never_blocks)
{
    CHECK_PTR_EQ(signal_as(FX_TESTER, IRQ, 0x1u), T(FX_TESTER));
    CHECK_EQ(fx_status(T(FX_TESTER)), PL_OK);
    CHECK_READY(T(FX_TESTER));
}

TEST(signal_without_the_right_is_eperm_and_sets_nothing)
{
    signal_as(FX_WORKER_B, IRQ, 0x1u);
    CHECK_EQ(fx_status(T(FX_WORKER_B)), PL_EPERM);
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, ALL), 0);
}

TEST(waiter_needs_the_signal_right_to_signal_its_own_notification)
{
    signal_as(FX_WORKER_A, IRQ, 0x1u);
    CHECK_EQ(fx_status(T(FX_WORKER_A)), PL_EPERM);
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, ALL), 0);
}

TEST(signal_of_a_notification_beyond_the_system_is_eperm)
{
    signal_as(FX_TESTER, FX_NTFNS, 0x1u);
    CHECK_EQ(fx_status(T(FX_TESTER)), PL_EPERM);
    signal_as(FX_TESTER, PL_IPC_INDEX_MASK, 0x1u);
    CHECK_EQ(fx_status(T(FX_TESTER)), PL_EPERM);
}

TEST(signal_of_no_bits_wakes_nobody)
{
    wait_as(FX_WORKER_A, IRQ, ALL);
    signal_as(FX_TESTER, IRQ, 0);
    CHECK_EQ(fx_status(T(FX_TESTER)), PL_OK);
    CHECK_WAITING(T(FX_WORKER_A), BLOCK_NTFN);
}

/* ---- wait and poll ---- */

TEST(wait_with_a_matching_bit_pending_returns_at_once)
{
    signal_as(FX_TESTER, IRQ, 0x2u);
    CHECK_PTR_EQ(wait_as(FX_WORKER_A, IRQ, 0x3u), T(FX_WORKER_A));
    CHECK_READY(T(FX_WORKER_A));
    CHECK_BITS(T(FX_WORKER_A), 0x2u);
}

TEST(wait_takes_only_the_masked_bits_and_clears_them)
{
    signal_as(FX_TESTER, IRQ, 0xbu);
    wait_as(FX_WORKER_A, IRQ, 0x3u);
    CHECK_BITS(T(FX_WORKER_A), 0x3u);
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, ALL), 0x8u);
}

TEST(wait_blocks_until_a_bit_of_its_mask_is_signalled)
{
    CHECK_PTR_EQ(wait_as(FX_WORKER_A, IRQ, 0x2u), T(FX_WORKER_B));
    CHECK_WAITING(T(FX_WORKER_A), BLOCK_NTFN);
    signal_as(FX_TESTER, IRQ, 0x1u);
    CHECK_WAITING(T(FX_WORKER_A), BLOCK_NTFN);
    signal_as(FX_TESTER, IRQ, 0x2u);
    CHECK_READY(T(FX_WORKER_A));
    CHECK_BITS(T(FX_WORKER_A), 0x2u);
}

/* A wait's results are r0-r2; the callee-saved registers r4-r11 come back as they went in,
 * whether the bits were pending, arrived by a signal (fast or general path) or by an
 * interrupt, or the wait was a poll. */
static void check_kept(int line, struct task *t)
{
    for (unsigned r = 4; r <= 11; r++) {
        harness_check_eq(__FILE__, line, "register", "what the wait passed in", fx_reg(t, r),
                         0x40u + r);
    }
}
#define CHECK_KEPT(t) check_kept(__LINE__, t)

static struct task *wait_with_marked_registers(enum fixture_task_index i, uint32_t obj,
                                               uint32_t mask)
{
    fx_run(T(i));
    fx_load(T(i), PL_SYS_NTFN_WAIT, &(struct fx_ipc){.obj = obj, .label = mask});
    for (unsigned r = 4; r <= 11; r++) {
        arch_task_set_reg(&T(i)->arch, r, 0x40u + r);
    }
    return task_of(kernel_syscall(&T(i)->arch));
}

TEST(wait_keeps_the_callee_saved_registers)
{
    signal_as(FX_TESTER, IRQ, 0x2u);
    wait_with_marked_registers(FX_WORKER_A, IRQ, 0x2u); /* pending: returns at once */
    CHECK_EQ(fx_reg(T(FX_WORKER_A), OUT_W0), 0x2u);
    CHECK_KEPT(T(FX_WORKER_A));
    wait_with_marked_registers(FX_WORKER_A, IRQ | PL_IPC_NONBLOCK, 0x2u); /* a poll */
    CHECK_EQ(fx_status(T(FX_WORKER_A)), PL_OK);
    CHECK_KEPT(T(FX_WORKER_A));
    wait_with_marked_registers(FX_WORKER_A, IRQ, 0x2u);
    CHECK_WAITING(T(FX_WORKER_A), BLOCK_NTFN);
    fx_run(T(FX_TESTER));
    fx_load(T(FX_TESTER), PL_SYS_NTFN_SIGNAL, &(struct fx_ipc){.obj = IRQ, .label = 0x2u});
    CHECK_PTR_EQ(task_of(kernel_syscall(&T(FX_TESTER)->arch)),
                 T(FX_WORKER_A)); /* the fast path: a more urgent waiter */
    CHECK_EQ(fx_reg(T(FX_WORKER_A), OUT_W0), 0x2u);
    CHECK_KEPT(T(FX_WORKER_A));
    wait_with_marked_registers(FX_WORKER_A, IRQ, FX_IRQ_BIT);
    fx_run(T(FX_TESTER));
    CHECK_PTR_EQ(fx_irq(FX_IRQ_OWNED), T(FX_WORKER_A));
    CHECK_EQ(fx_reg(T(FX_WORKER_A), OUT_W0), FX_IRQ_BIT);
    CHECK_KEPT(T(FX_WORKER_A));
    wait_with_marked_registers(FX_WORKER_B, EV, 0x1u);
    CHECK_WAITING(T(FX_WORKER_B), BLOCK_NTFN);
    signal_as(FX_WORKER_A, EV, 0x1u); /* the general path: an equal waiter */
    CHECK_EQ(fx_reg(T(FX_WORKER_B), OUT_W0), 0x1u);
    CHECK_KEPT(T(FX_WORKER_B));
}

TEST(bits_outside_the_mask_stay_pending_after_a_wake_up)
{
    wait_as(FX_WORKER_A, IRQ, 0x2u);
    signal_as(FX_TESTER, IRQ, 0x1u);
    signal_as(FX_TESTER, IRQ, 0x6u);
    CHECK_BITS(T(FX_WORKER_A), 0x2u);
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, ALL), 0x5u);
}

TEST(signal_wakes_a_more_urgent_waiter_at_once)
{
    wait_as(FX_WORKER_A, IRQ, 0x1u);
    CHECK_PTR_EQ(signal_as(FX_TESTER, IRQ, 0x1u), T(FX_WORKER_A));
    CHECK_READY(T(FX_TESTER));
}

TEST(signal_to_an_equally_urgent_waiter_lets_the_signaller_run_on)
{
    wait_as(FX_WORKER_B, EV, 0x1u);
    CHECK_PTR_EQ(signal_as(FX_WORKER_A, EV, 0x1u), T(FX_WORKER_A));
    CHECK_READY(T(FX_WORKER_B));
    CHECK_BITS(T(FX_WORKER_B), 0x1u);
}

TEST(wait_by_a_task_that_is_not_the_waiter_is_eperm)
{
    wait_as(FX_TESTER, IRQ, 0x1u);
    CHECK_EQ(fx_status(T(FX_TESTER)), PL_EPERM);
    CHECK_READY(T(FX_TESTER));
}

TEST(poll_by_a_task_that_is_not_the_waiter_is_eperm_and_takes_nothing)
{
    signal_as(FX_TESTER, IRQ, 0x1u);
    poll_as(FX_TESTER, IRQ, ALL);
    CHECK_EQ(fx_status(T(FX_TESTER)), PL_EPERM);
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, ALL), 0x1u);
}

TEST(wait_on_a_notification_beyond_the_system_is_eperm)
{
    wait_as(FX_WORKER_A, FX_NTFNS, 0x1u);
    CHECK_EQ(fx_status(T(FX_WORKER_A)), PL_EPERM);
    CHECK_READY(T(FX_WORKER_A));
}

TEST(wait_with_an_empty_mask_is_einval)
{
    wait_as(FX_WORKER_A, IRQ, 0);
    CHECK_EQ(fx_status(T(FX_WORKER_A)), PL_EINVAL);
    CHECK_READY(T(FX_WORKER_A));
}

TEST(wait_with_an_empty_mask_is_einval_even_with_bits_pending)
{
    signal_as(FX_TESTER, IRQ, 0x1u);
    wait_as(FX_WORKER_A, IRQ, 0);
    CHECK_EQ(fx_status(T(FX_WORKER_A)), PL_EINVAL);
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, ALL), 0x1u);
}

TEST(poll_returns_the_masked_bits_and_clears_them)
{
    signal_as(FX_TESTER, IRQ, 0x5u);
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, 0x4u), 0x4u);
    CHECK_BITS(T(FX_WORKER_A), 0x4u);
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, ALL), 0x1u);
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, ALL), 0);
}

TEST(poll_with_nothing_pending_returns_ok_and_no_bits)
{
    CHECK_PTR_EQ(op(FX_WORKER_A, PL_SYS_NTFN_WAIT,
                    (struct fx_ipc){.obj = IRQ | PL_IPC_NONBLOCK, .label = ALL, .w0 = 0xdead}),
                 T(FX_WORKER_A));
    CHECK_READY(T(FX_WORKER_A));
    CHECK_BITS(T(FX_WORKER_A), 0);
}

TEST(timed_wait_expires_with_etimedout)
{
    timed_wait_as(FX_WORKER_A, IRQ, 0x1u, 3);
    ticks(2);
    CHECK_WAITING(T(FX_WORKER_A), BLOCK_NTFN);
    ticks(1);
    CHECK_READY(T(FX_WORKER_A));
    CHECK_EQ(fx_status(T(FX_WORKER_A)), PL_ETIMEDOUT);
    CHECK(!fx_in_timer_list(T(FX_WORKER_A)));
}

TEST(signal_after_a_wait_expired_stays_pending)
{
    timed_wait_as(FX_WORKER_A, IRQ, 0x1u, 1);
    ticks(1);
    signal_as(FX_TESTER, IRQ, 0x1u);
    CHECK_EQ(fx_status(T(FX_WORKER_A)), PL_ETIMEDOUT);
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, ALL), 0x1u);
}

TEST(timed_wait_satisfied_in_time_is_never_timed_out)
{
    timed_wait_as(FX_WORKER_A, IRQ, 0x1u, 3);
    ticks(1);
    signal_as(FX_TESTER, IRQ, 0x1u);
    CHECK_READY(T(FX_WORKER_A));
    CHECK(!fx_in_timer_list(T(FX_WORKER_A)));
    ticks(5);
    CHECK_BITS(T(FX_WORKER_A), 0x1u);
}

TEST(signal_does_not_wake_a_waiter_that_sleeps)
{
    timed_wait_as(FX_WORKER_A, IRQ, 0x1u, 1); /* leaves its mask behind */
    ticks(1);
    fx_trap_args(T(FX_WORKER_A), PL_SYS_SLEEP, 100, 0, 0);
    signal_as(FX_TESTER, IRQ, 0x1u);
    CHECK_WAITING(T(FX_WORKER_A), BLOCK_SLEEP);
}

TEST(signal_does_not_wake_a_waiter_blocked_in_a_call)
{
    timed_wait_as(FX_WORKER_A, IRQ, 0x1u, 1);
    ticks(1);
    op(FX_WORKER_A, PL_SYS_CALL, (struct fx_ipc){.obj = FX_EP_SRV}); /* super is not there */
    CHECK_WAITING(T(FX_WORKER_A), BLOCK_SEND);
    signal_as(FX_TESTER, IRQ, 0x1u);
    CHECK_WAITING(T(FX_WORKER_A), BLOCK_SEND);
}

/* ---- a message or the notification ---- */

TEST(recv_or_notify_takes_pending_bits_without_blocking)
{
    signal_as(FX_WORKER_A, EV, 0x4u);
    CHECK_PTR_EQ(b_recv_or_notify(0x6u, 0), T(FX_WORKER_B));
    CHECK_READY(T(FX_WORKER_B));
    CHECK_BITS(T(FX_WORKER_B), 0x4u);
    CHECK_EQ(receivers_of_pool(), 0);
}

TEST(recv_or_notify_takes_only_its_mask_and_leaves_other_bits)
{
    signal_as(FX_WORKER_A, EV, 0x5u);
    b_recv_or_notify(0x4u, 0);
    CHECK_BITS(T(FX_WORKER_B), 0x4u);
    CHECK_EQ(poll_as(FX_WORKER_B, EV, ALL), 0x1u);
}

TEST(recv_or_notify_is_woken_by_a_later_signal_and_leaves_the_queue)
{
    b_recv_or_notify(0x2u, 0);
    CHECK_WAITING(T(FX_WORKER_B), BLOCK_RECV);
    CHECK_EQ(receivers_of_pool(), 1);
    signal_as(FX_WORKER_A, EV, 0x2u);
    CHECK_READY(T(FX_WORKER_B));
    CHECK_BITS(T(FX_WORKER_B), 0x2u);
    CHECK_EQ(receivers_of_pool(), 0);
}

TEST(recv_or_notify_ignores_bits_outside_its_mask)
{
    b_recv_or_notify(0x2u, 0);
    signal_as(FX_WORKER_A, EV, 0x1u);
    CHECK_WAITING(T(FX_WORKER_B), BLOCK_RECV);
    CHECK_EQ(receivers_of_pool(), 1);
}

TEST(recv_or_notify_takes_a_message_when_no_bit_is_pending)
{
    signal_as(FX_WORKER_A, EV, 0x1u); /* not in the mask */
    op(FX_TESTER, PL_SYS_SEND, (struct fx_ipc){.obj = FX_EP_POOL, .label = 0x77});
    b_recv_or_notify(0x2u, 0);
    CHECK_EQ(fx_status(T(FX_WORKER_B)), PL_OK);
    CHECK_EQ(fx_reg(T(FX_WORKER_B), OUT_LABEL), 0x77);
    CHECK_EQ(fx_reg(T(FX_WORKER_B), OUT_BADGE), FX_TESTER + 1);
    CHECK_EQ(poll_as(FX_WORKER_B, EV, ALL), 0x1u);
}

/* docs/ipc.md: with both a message and bits waiting, the notification is taken first; the
 * sender stays queued for the next receive. */
TEST(recv_or_notify_takes_pending_bits_before_a_waiting_message)
{
    op(FX_TESTER, PL_SYS_SEND, (struct fx_ipc){.obj = FX_EP_POOL, .label = 0x78});
    CHECK_WAITING(T(FX_TESTER), BLOCK_SEND);
    signal_as(FX_WORKER_A, EV, 0x2u);
    b_recv_or_notify(0x2u, 0);
    CHECK_BITS(T(FX_WORKER_B), 0x2u);
    CHECK_WAITING(T(FX_TESTER), BLOCK_SEND);
    int q[FX_TASKS + 1];
    CHECK_EQ(fx_senders(FX_EP_POOL, q, FX_TASKS + 1), 1);
    b_recv_or_notify(0x2u, 0); /* no bit left: now the message */
    CHECK_EQ(fx_reg(T(FX_WORKER_B), OUT_LABEL), 0x78);
    CHECK_READY(T(FX_TESTER));
}

TEST(poll_with_an_empty_mask_is_ok_and_takes_nothing)
{
    signal_as(FX_TESTER, IRQ, 0x1u);
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, 0), 0);
    CHECK_EQ(fx_status(T(FX_WORKER_A)), PL_OK);
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, ALL), 0x1u);
}

TEST(plain_recv_is_not_woken_by_a_signal)
{
    op(FX_WORKER_B, PL_SYS_RECV,
       (struct fx_ipc){.obj = FX_EP_POOL, .in = fx_buf(FX_WORKER_B, 1), .in_cap = BUF});
    signal_as(FX_WORKER_A, EV, ALL);
    CHECK_WAITING(T(FX_WORKER_B), BLOCK_RECV);
    CHECK_EQ(poll_as(FX_WORKER_A, EV, ALL), 0); /* not the waiter: EPERM, nothing taken */
    CHECK_EQ(fx_status(T(FX_WORKER_A)), PL_EPERM);
}

TEST(timed_recv_or_notify_expires_and_leaves_the_queue)
{
    b_recv_or_notify(0x1u, PL_IPC_TIMED);
    ticks(2);
    CHECK_READY(T(FX_WORKER_B));
    CHECK_EQ(fx_status(T(FX_WORKER_B)), PL_ETIMEDOUT);
    CHECK_EQ(receivers_of_pool(), 0);
}

TEST(interrupt_wakes_a_driver_waiting_for_a_message_or_it)
{
    op(FX_WORKER_A, PL_SYS_RECV,
       (struct fx_ipc){.obj = FX_EP_PEER | PL_IPC_NTFN,
                       .in = fx_buf(FX_WORKER_A, 1),
                       .in_cap = BUF,
                       .target = FX_IRQ_BIT});
    fx_run(T(FX_TESTER));
    fx_irq(FX_IRQ_OWNED);
    CHECK_READY(T(FX_WORKER_A));
    CHECK_BITS(T(FX_WORKER_A), FX_IRQ_BIT);
    int q[FX_TASKS + 1];
    CHECK_EQ(fx_receivers(FX_EP_PEER, q, FX_TASKS + 1), 0);
}

/* ---- interrupts ---- */

TEST(owned_interrupts_are_unmasked_at_boot_and_others_are_not)
{
    for (unsigned irq = 0; irq < FX_IRQS; irq++) {
        int owned = irq == FX_IRQ_OWNED || irq == FX_IRQ_OWNED_HI || irq == FX_IRQ_SHARED;
        CHECK_EQ(host_arch.irq_enabled[irq], owned);
    }
}

TEST(interrupt_is_masked_and_sets_its_bit)
{
    fx_irq(FX_IRQ_OWNED);
    CHECK_EQ(host_arch.irq_enabled[FX_IRQ_OWNED], 0);
    CHECK_EQ(host_arch.irq_enabled[FX_IRQ_OWNED_HI], 1);
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, ALL), FX_IRQ_BIT);
}

TEST(each_interrupt_sets_the_bit_its_route_names)
{
    fx_irq(FX_IRQ_OWNED_HI);
    CHECK_EQ(host_arch.irq_enabled[FX_IRQ_OWNED_HI], 0);
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, ALL), FX_IRQ_BIT_HI);
}

TEST(interrupt_wakes_the_waiting_driver_and_switches_to_it)
{
    wait_as(FX_WORKER_A, IRQ, FX_IRQ_BIT);
    fx_run(T(FX_TESTER));
    CHECK_PTR_EQ(fx_irq(FX_IRQ_OWNED), T(FX_WORKER_A)); /* more urgent: it runs at once */
    CHECK_READY(T(FX_WORKER_A));
    CHECK_BITS(T(FX_WORKER_A), FX_IRQ_BIT);
}

TEST(interrupt_for_a_driver_waiting_for_other_bits_leaves_it_waiting)
{
    wait_as(FX_WORKER_A, IRQ, FX_IRQ_BIT_HI);
    fx_run(T(FX_TESTER));
    CHECK_PTR_EQ(fx_irq(FX_IRQ_OWNED), T(FX_TESTER));
    CHECK_WAITING(T(FX_WORKER_A), BLOCK_NTFN);
    fx_irq(FX_IRQ_OWNED_HI);
    CHECK_BITS(T(FX_WORKER_A), FX_IRQ_BIT_HI);
}

TEST(interrupt_while_its_driver_runs_switches_nothing)
{
    fx_run(T(FX_WORKER_A));
    CHECK_PTR_EQ(fx_irq(FX_IRQ_OWNED), T(FX_WORKER_A));
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, ALL), FX_IRQ_BIT);
}

TEST(interrupt_nobody_owns_is_masked_and_signals_nothing)
{
    arch_irq_enable(NO_IRQ);
    fx_irq(NO_IRQ);
    CHECK_EQ(host_arch.irq_enabled[NO_IRQ], 0);
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, ALL), 0);
    CHECK_EQ(poll_as(FX_WORKER_B, EV, ALL), 0);
}

TEST(interrupt_and_signal_bits_share_one_word)
{
    signal_as(FX_TESTER, IRQ, 0x2u);
    fx_irq(FX_IRQ_OWNED);
    wait_as(FX_WORKER_A, IRQ, ALL);
    CHECK_BITS(T(FX_WORKER_A), 0x2u | FX_IRQ_BIT);
}

TEST(irq_ack_rearms_the_interrupt)
{
    fx_irq(FX_IRQ_OWNED);
    ack_as(FX_WORKER_A, IRQ, FX_IRQ_BIT);
    CHECK_EQ(fx_status(T(FX_WORKER_A)), PL_OK);
    CHECK_EQ(host_arch.irq_rearmed[FX_IRQ_OWNED], 1);
    CHECK_EQ(host_arch.irq_enabled[FX_IRQ_OWNED], 1);
}

TEST(irq_ack_rearms_only_the_interrupts_of_its_bits)
{
    fx_irq(FX_IRQ_OWNED);
    fx_irq(FX_IRQ_OWNED_HI);
    ack_as(FX_WORKER_A, IRQ, FX_IRQ_BIT_HI);
    CHECK_EQ(host_arch.irq_rearmed[FX_IRQ_OWNED_HI], 1);
    CHECK_EQ(host_arch.irq_rearmed[FX_IRQ_OWNED], 0);
    CHECK_EQ(host_arch.irq_enabled[FX_IRQ_OWNED], 0);
    ack_as(FX_WORKER_A, IRQ, FX_IRQ_BIT | FX_IRQ_BIT_HI);
    CHECK_EQ(host_arch.irq_rearmed[FX_IRQ_OWNED], 1);
    CHECK_EQ(host_arch.irq_rearmed[FX_IRQ_OWNED_HI], 2);
}

/* One line under two names (docs/system-description.md, "One line, two names"): it raises
 * both its bits at once, stays masked until acknowledged, and either bit rearms it. */
TEST(shared_line_raises_all_its_bits_and_is_masked)
{
    fx_irq(FX_IRQ_SHARED);
    CHECK_EQ(host_arch.irq_enabled[FX_IRQ_SHARED], 0);
    CHECK_EQ(host_arch.irq_enabled[FX_IRQ_OWNED], 1);
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, ALL), FX_IRQ_BITS_SH);
}

TEST(shared_line_wakes_a_driver_waiting_for_either_bit_with_both)
{
    wait_as(FX_WORKER_A, IRQ, 1u << 6);
    fx_run(T(FX_TESTER));
    CHECK_PTR_EQ(fx_irq(FX_IRQ_SHARED), T(FX_WORKER_A));
    CHECK_BITS(T(FX_WORKER_A), 1u << 6); /* bit 5 is not in its mask: it stays pending */
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, ALL), 1u << 5);
}

TEST(shared_line_is_rearmed_by_the_ack_of_either_or_both_bits)
{
    fx_irq(FX_IRQ_SHARED);
    ack_as(FX_WORKER_A, IRQ, 1u << 5);
    CHECK_EQ(fx_status(T(FX_WORKER_A)), PL_OK);
    CHECK_EQ(host_arch.irq_rearmed[FX_IRQ_SHARED], 1);
    CHECK_EQ(host_arch.irq_enabled[FX_IRQ_SHARED], 1);
    fx_irq(FX_IRQ_SHARED);
    ack_as(FX_WORKER_A, IRQ, FX_IRQ_BITS_SH); /* the console's ack: the line once per bit */
    CHECK_EQ(fx_status(T(FX_WORKER_A)), PL_OK);
    CHECK_EQ(host_arch.irq_rearmed[FX_IRQ_SHARED], 3);
    CHECK_EQ(host_arch.irq_rearmed[FX_IRQ_OWNED], 0);
    CHECK_EQ(host_arch.irq_enabled[FX_IRQ_SHARED], 1);
}

TEST(irq_ack_of_a_bit_without_an_interrupt_is_einval_and_rearms_nothing)
{
    fx_irq(FX_IRQ_OWNED);
    ack_as(FX_WORKER_A, IRQ, FX_IRQ_BIT | 0x2u);
    CHECK_EQ(fx_status(T(FX_WORKER_A)), PL_EINVAL);
    CHECK_EQ(host_arch.irq_rearms, 0);
    CHECK_EQ(host_arch.irq_enabled[FX_IRQ_OWNED], 0);
}

TEST(irq_ack_by_a_task_that_is_not_the_waiter_is_eperm)
{
    fx_irq(FX_IRQ_OWNED);
    ack_as(FX_TESTER, IRQ, FX_IRQ_BIT);
    CHECK_EQ(fx_status(T(FX_TESTER)), PL_EPERM);
    CHECK_EQ(host_arch.irq_rearms, 0);
    CHECK_EQ(host_arch.irq_enabled[FX_IRQ_OWNED], 0);
}

TEST(irq_ack_on_a_notification_without_interrupts_is_einval)
{
    ack_as(FX_WORKER_B, EV, 0x1u);
    CHECK_EQ(fx_status(T(FX_WORKER_B)), PL_EINVAL);
    CHECK_EQ(host_arch.irq_rearms, 0);
}

TEST(irq_ack_of_a_notification_beyond_the_system_is_eperm)
{
    ack_as(FX_WORKER_A, FX_NTFNS, FX_IRQ_BIT);
    CHECK_EQ(fx_status(T(FX_WORKER_A)), PL_EPERM);
}

TEST(interrupt_after_ack_masks_and_signals_again)
{
    fx_irq(FX_IRQ_OWNED);
    wait_as(FX_WORKER_A, IRQ, FX_IRQ_BIT);
    ack_as(FX_WORKER_A, IRQ, FX_IRQ_BIT);
    fx_irq(FX_IRQ_OWNED);
    CHECK_EQ(host_arch.irq_enabled[FX_IRQ_OWNED], 0);
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, ALL), FX_IRQ_BIT);
}

/* ---- the faults bit: the kernel tells the supervisor that a task stopped ---- */

#define FAULTS FX_NTFN_FAULTS

static const struct pl_fault_record crash = {.kind = PL_FAULT_MEM_DATA, .addr_valid = 1};

TEST(a_fault_signals_the_faults_bit_and_wakes_its_waiter)
{
    wait_as(FX_SUPER, FAULTS, FX_FAULT_BIT);
    CHECK_WAITING(T(FX_SUPER), BLOCK_NTFN);
    /* worker_a runs (the most urgent task left) and makes a call that does not exist */
    CHECK_PTR_EQ(op(FX_WORKER_A, PL_SYS_COUNT, (struct fx_ipc){0}), T(FX_SUPER));
    CHECK_EQ(T(FX_WORKER_A)->state, PL_TASK_FAULTED);
    CHECK_BITS(T(FX_SUPER), FX_FAULT_BIT);
}

TEST(a_hardware_fault_and_an_injected_one_signal_it_too)
{
    CHECK_PTR_EQ(wait_as(FX_SUPER, FAULTS, FX_FAULT_BIT), T(FX_WORKER_A));
    CHECK_PTR_EQ(task_of(kernel_task_fault(&T(FX_WORKER_A)->arch, &crash)), T(FX_SUPER));
    CHECK_BITS(T(FX_SUPER), FX_FAULT_BIT);
    op(FX_SUPER, PL_SYS_TASK_FAULT, (struct fx_ipc){.obj = FX_WORKER_C});
    CHECK_EQ(fx_status(T(FX_SUPER)), PL_OK);
    CHECK_EQ(poll_as(FX_SUPER, FAULTS, ALL), FX_FAULT_BIT);
}

TEST(an_exit_signals_the_faults_bit)
{
    fx_run(T(FX_WORKER_B));
    op(FX_WORKER_B, PL_SYS_EXIT, (struct fx_ipc){.obj = 0});
    CHECK_EQ(T(FX_WORKER_B)->state, PL_TASK_EXITED);
    CHECK_EQ(poll_as(FX_SUPER, FAULTS, ALL), FX_FAULT_BIT);
}

TEST(a_restart_does_not_signal_the_faults_bit)
{
    op(FX_SUPER, PL_SYS_TASK_RESTART, (struct fx_ipc){.obj = FX_WORKER_A});
    CHECK(fx_status(T(FX_SUPER)) > 0); /* the new id */
    CHECK_EQ(poll_as(FX_SUPER, FAULTS, ALL), 0);
}

TEST(a_notification_without_a_faults_bit_is_not_signalled_by_a_fault)
{
    task_fault(T(FX_WORKER_C), &crash);
    CHECK_EQ(ntfn_bits[IRQ], 0);
    CHECK_EQ(ntfn_bits[EV], 0);
    CHECK_EQ(ntfn_bits[FAULTS], FX_FAULT_BIT);
}

/* ---- the poll mirror: the waiter's copy of its pending bits (docs/ipc.md, "Polling without
 * a trap"). The kernel writes it on every change of the bits and never reads it. ---- */

static volatile uint32_t *mirror(enum fixture_task_index i)
{
    return (volatile uint32_t *)sys_task_descs[i].ntfn_mirror;
}

/* The mirror of each waiter with one says what a poll by trap would see. */
#define CHECK_MIRRORS()                                                                            \
    do {                                                                                           \
        CHECK_EQ(mirror(FX_WORKER_A)[0], IRQ);                                                     \
        CHECK_EQ(mirror(FX_WORKER_A)[1], ntfn_bits[IRQ]);                                          \
        CHECK_EQ(mirror(FX_WORKER_B)[0], EV);                                                      \
        CHECK_EQ(mirror(FX_WORKER_B)[1], ntfn_bits[EV]);                                           \
        CHECK_EQ(mirror(FX_SUPER)[0], FAULTS);                                                     \
        CHECK_EQ(mirror(FX_SUPER)[1], ntfn_bits[FAULTS]);                                          \
    } while (0)

TEST(mirror_names_the_notification_and_is_clear_at_boot)
{
    CHECK_MIRRORS();
    CHECK_EQ(mirror(FX_WORKER_A)[1], 0);
    CHECK_EQ(mirror(FX_TESTER)[0], PL_NTFN_MIRROR_NONE); /* it waits on no notification */
    CHECK_EQ(sys_task_descs[FX_WORKER_C].ntfn_mirror, sys_task_descs[FX_WORKER_C].ntfn_mirror_end);
}

TEST(mirror_follows_every_change_of_the_bits)
{
    signal_as(FX_TESTER, IRQ, 0x6);
    CHECK_MIRRORS();
    CHECK_EQ(mirror(FX_WORKER_A)[1], 0x6);
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, 0x2), 0x2); /* a poll takes bits */
    CHECK_MIRRORS();
    CHECK_EQ(mirror(FX_WORKER_A)[1], 0x4);
    wait_as(FX_WORKER_A, IRQ, ALL); /* a wait takes the rest */
    CHECK_MIRRORS();
    CHECK_EQ(mirror(FX_WORKER_A)[1], 0);
    wait_as(FX_WORKER_A, IRQ, FX_IRQ_BIT); /* blocks; the interrupt wakes it with its bit */
    fx_irq(FX_IRQ_OWNED_HI);               /* bit 4: not in its mask, stays pending */
    CHECK_MIRRORS();
    CHECK_EQ(mirror(FX_WORKER_A)[1], 1u << 4);
    fx_irq(FX_IRQ_OWNED);
    CHECK_MIRRORS();
    CHECK_EQ(mirror(FX_WORKER_A)[1], 1u << 4);
    signal_as(FX_TESTER, EV, 0x1); /* worker_b's word, and its receive that also waits */
    CHECK_MIRRORS();
    b_recv_or_notify(0x1, 0);
    CHECK_MIRRORS();
    CHECK_EQ(mirror(FX_WORKER_B)[1], 0);
    task_fault(T(FX_WORKER_C), &crash); /* the kernel's own signal: the faults bit */
    CHECK_MIRRORS();
    CHECK_EQ(mirror(FX_SUPER)[1], FX_FAULT_BIT);
}

TEST(mirror_is_written_again_when_its_task_restarts)
{
    signal_as(FX_TESTER, IRQ, 0x6);
    op(FX_SUPER, PL_SYS_TASK_RESTART, (struct fx_ipc){.obj = FX_WORKER_A});
    CHECK(fx_status(T(FX_SUPER)) > 0);
    CHECK_EQ(ntfn_bits[IRQ], 0x6); /* the bits outlive the restart, as before */
    CHECK_MIRRORS();               /* .data was reloaded; the kernel wrote its mirror again */
}

/* A task that scribbles on its mirror fools only its own polls: the kernel never reads it, so
 * the bits, the wakes, every other task's memory and its own traps are unchanged, and the next
 * change of its bits writes the mirror right again. */
TEST(a_scribbled_mirror_changes_nothing_in_the_kernel)
{
    uint8_t others[FX_TASKS][FX_RAM_SIZE];
    signal_as(FX_TESTER, IRQ, 0x2);
    mirror(FX_WORKER_A)[0] = EV; /* names worker_b's notification */
    mirror(FX_WORKER_A)[1] = 0xffffffffu;
    for (uint32_t i = 0; i < FX_TASKS; i++) {
        memcpy(others[i], fx_ram[i], FX_RAM_SIZE);
    }
    signal_as(FX_TESTER, EV, 0x1); /* goes to worker_b's word and mirror only */
    CHECK_EQ(ntfn_bits[EV], 0x1);
    CHECK_EQ(ntfn_bits[IRQ], 0x2);
    CHECK_EQ(mirror(FX_WORKER_A)[0], EV); /* still the scribble */
    for (uint32_t i = 0; i < FX_TASKS; i++) {
        if (i != FX_WORKER_B) {
            CHECK(memcmp(others[i], fx_ram[i], FX_RAM_SIZE) == 0);
        }
    }
    CHECK_EQ(poll_as(FX_WORKER_A, IRQ, ALL), 0x2); /* the trap gives the true bits */
    CHECK_EQ(poll_as(FX_WORKER_A, EV, ALL), 0);    /* and the scribble grants no other word */
    CHECK_EQ(fx_status(T(FX_WORKER_A)), PL_EPERM);
    CHECK_EQ(ntfn_bits[EV], 0x1);
    CHECK_EQ(mirror(FX_WORKER_A)[1], 0); /* the poll wrote the bits word again */
}

static struct task_desc broken_desc;

static void check_mirror_at(uintptr_t at, uintptr_t end)
{
    broken_desc = sys_task_descs[FX_WORKER_A];
    broken_desc.ntfn_mirror = at;
    broken_desc.ntfn_mirror_end = end;
    ntfn_mirror_check(&broken_desc);
}

TEST(a_mirror_outside_its_task_or_misaligned_stops_the_boot)
{
    uintptr_t ram = (uintptr_t)fx_ram[FX_WORKER_A], other = (uintptr_t)fx_ram[FX_WORKER_B];
    struct {
        uintptr_t at, end;
    } bad[] = {
        {ram + 2, ram + 14},                                  /* not word-aligned */
        {ram, ram + 4},                                       /* one word */
        {ram, ram + 8},                                       /* two */
        {ram, ram + 16},                                      /* four */
        {ram - 12, ram},                                      /* just below its RAM */
        {ram + FX_RAM_SIZE - 8, ram + FX_RAM_SIZE + 4},       /* across its end */
        {other + FX_STACK_SIZE, other + FX_STACK_SIZE + 12},  /* another task's RAM */
        {(uintptr_t)&ntfn_bits[0], (uintptr_t)&ntfn_bits[3]}, /* the kernel's */
        {ram + 12, ram},                                      /* ends before it starts */
    };
    for (volatile size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        host_arch.halted = 0;
        HOST_EXPECT_HALT(check_mirror_at(bad[i].at, bad[i].end));
        CHECK(host_arch.halted);
    }
    check_mirror_at(ram + FX_RAM_SIZE - 12, ram + FX_RAM_SIZE); /* the last three words: fine */
    check_mirror_at(0, 0);                                      /* none: fine */
}

/*
 * tests/host/test_time.c - kernel/time.c: the tick count and the deadline list. Wake order is
 * observed through the run queue: two tasks of equal priority woken by the same tick are
 * queued, and so picked, in the order they were woken.
 */
#include "fixture.h"
#include "harness.h"

static void advance(unsigned ticks)
{
    while (ticks--) {
        task_tick_deadlines();
    }
}

/* Put workers a and b to sleep (they share a priority), with everything more urgent and the
 * third worker asleep for good, so that whichever wakes first is picked first. */
static void sleep_workers(uint64_t deadline_a, uint64_t deadline_b, int a_first)
{
    struct task *a = fx_task(FX_WORKER_A), *b = fx_task(FX_WORKER_B);
    task_block(fx_task(FX_SUPER), BLOCK_SLEEP, TIME_NEVER);
    task_block(fx_task(FX_WORKER_C), BLOCK_SLEEP, TIME_NEVER);
    if (a_first) {
        task_block(a, BLOCK_SLEEP, deadline_a);
        task_block(b, BLOCK_SLEEP, deadline_b);
    } else {
        task_block(b, BLOCK_SLEEP, deadline_b);
        task_block(a, BLOCK_SLEEP, deadline_a);
    }
}

TEST(time_starts_at_zero)
{
    CHECK_EQ(time_now(), 0);
}

TEST(each_advance_is_one_tick)
{
    advance(5);
    CHECK_EQ(time_now(), 5);
}

TEST(sleeper_stays_blocked_before_its_deadline)
{
    struct task *t = fx_task(FX_WORKER_A);
    task_block(t, BLOCK_SLEEP, 3);
    advance(2);
    CHECK_EQ(t->state, PL_TASK_BLOCKED);
    CHECK_EQ(t->block, BLOCK_SLEEP);
}

TEST(sleeper_wakes_at_its_deadline)
{
    struct task *t = fx_task(FX_WORKER_A);
    task_block(t, BLOCK_SLEEP, 3);
    advance(3);
    CHECK_EQ(t->state, PL_TASK_READY);
    CHECK_EQ(t->block, BLOCK_NONE);
    CHECK_EQ(t->deadline, TIME_NEVER);
}

TEST(woken_sleeper_gets_ok_in_r0)
{
    struct task *t = fx_task(FX_WORKER_A);
    t->arch.frame.r0 = 0xdeadu;
    task_block(t, BLOCK_SLEEP, 1);
    advance(1);
    CHECK_EQ((int32_t)t->arch.frame.r0, PL_OK);
}

TEST(past_deadline_wakes_on_next_tick)
{
    struct task *t = fx_task(FX_WORKER_A);
    advance(10);
    task_block(t, BLOCK_SLEEP, 4);
    CHECK_EQ(t->state, PL_TASK_BLOCKED); /* adding never wakes: only a tick does */
    advance(1);
    CHECK_EQ(t->state, PL_TASK_READY);
}

TEST(sleepers_wake_in_deadline_order)
{
    struct task *a = fx_task(FX_WORKER_A), *b = fx_task(FX_WORKER_B);
    sleep_workers(7, 5, 1); /* a joins the list first but its deadline is later */
    advance(4);
    CHECK_EQ(a->state, PL_TASK_BLOCKED);
    CHECK_EQ(b->state, PL_TASK_BLOCKED);
    advance(1);
    CHECK_EQ(b->state, PL_TASK_READY);
    CHECK_EQ(a->state, PL_TASK_BLOCKED);
    advance(2);
    CHECK_EQ(a->state, PL_TASK_READY);
}

TEST(deadlines_passed_together_wake_in_deadline_order)
{
    advance(10);
    sleep_workers(9, 8, 1); /* both already due: one tick wakes both, b (8) first */
    advance(1);
    CHECK_PTR_EQ(sched_switch(), fx_task(FX_WORKER_B));
}

TEST(equal_deadlines_wake_fifo)
{
    sleep_workers(4, 4, 0); /* b sleeps first */
    advance(4);
    CHECK_PTR_EQ(sched_switch(), fx_task(FX_WORKER_B));
}

TEST(equal_deadlines_wake_fifo_whoever_sleeps_first)
{
    sleep_workers(4, 4, 1); /* a sleeps first */
    advance(4);
    CHECK_PTR_EQ(sched_switch(), fx_task(FX_WORKER_A));
}

TEST(later_sleeper_with_earlier_deadline_goes_first)
{
    struct task *a = fx_task(FX_WORKER_A), *t = fx_task(FX_TESTER), *idle = fx_task(FX_IDLE);
    task_block(a, BLOCK_SLEEP, 9);
    task_block(t, BLOCK_SLEEP, 6);
    task_block(idle, BLOCK_SLEEP, 3);
    advance(3);
    CHECK(idle->state == PL_TASK_READY && t->state == PL_TASK_BLOCKED);
    advance(3);
    CHECK(t->state == PL_TASK_READY && a->state == PL_TASK_BLOCKED);
    advance(3);
    CHECK_EQ(a->state, PL_TASK_READY);
}

TEST(removed_sleeper_is_never_woken)
{
    struct task *t = fx_task(FX_WORKER_A);
    task_block(t, BLOCK_SLEEP, 2);
    time_remove(t);
    advance(5);
    CHECK_EQ(t->state, PL_TASK_BLOCKED);
}

TEST(removing_a_task_not_in_the_list_is_safe)
{
    struct task *a = fx_task(FX_WORKER_A), *b = fx_task(FX_WORKER_B);
    task_block(b, BLOCK_SLEEP, 2);
    time_remove(a);
    time_remove(a);
    advance(2);
    CHECK_EQ(b->state, PL_TASK_READY);
}

TEST(removing_a_middle_sleeper_keeps_the_others)
{
    struct task *a = fx_task(FX_WORKER_A), *b = fx_task(FX_WORKER_B), *t = fx_task(FX_TESTER);
    task_block(a, BLOCK_SLEEP, 1);
    task_block(b, BLOCK_SLEEP, 2);
    task_block(t, BLOCK_SLEEP, 3);
    time_remove(b);
    advance(3);
    CHECK_EQ(a->state, PL_TASK_READY);
    CHECK_EQ(b->state, PL_TASK_BLOCKED);
    CHECK_EQ(t->state, PL_TASK_READY);
}

TEST(block_without_deadline_is_not_timed)
{
    struct task *t = fx_task(FX_WORKER_A);
    task_block(t, BLOCK_SLEEP, TIME_NEVER);
    advance(100);
    CHECK_EQ(t->state, PL_TASK_BLOCKED);
}

TEST(time_init_restarts_the_count)
{
    advance(3);
    time_init(0);
    CHECK_EQ(time_now(), 0);
}

/* Time is 64 bits wide everywhere: a count past 2^32 loses nothing, and a deadline across that
 * boundary falls on its tick. */
#define BELOW_2_32 ((1ull << 32) - 3u)

TEST(ticks_go_on_past_2_to_the_32)
{
    time_init(BELOW_2_32);
    advance(5);
    CHECK(time_now() == (1ull << 32) + 2u);
}

TEST(deadline_across_2_to_the_32_wakes_on_its_tick)
{
    time_init(BELOW_2_32);
    sleep_workers(BELOW_2_32 + 5u, TIME_NEVER, 1);
    struct task *a = fx_task(FX_WORKER_A);
    advance(4);
    CHECK_EQ(a->state, PL_TASK_BLOCKED);
    advance(1);
    CHECK_EQ(a->state, PL_TASK_READY);
}

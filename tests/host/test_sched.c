/*
 * tests/host/test_sched.c - kernel/sched.c: fixed priorities, round robin among equals, the
 * ready bitmap, the current task and the tick. Fixture tasks are used where the system matters;
 * scratch tasks (not in any description) where only the queues do.
 */
#include "fixture.h"
#include "harness.h"

static struct task scratch[4];

/* A task known only to the scheduler, at priority p, not yet in any queue. */
static struct task *scratch_task(unsigned i, uint32_t p)
{
    struct task *t = &scratch[i];
    *t = (struct task){.index = 100 + i, .priority = p, .ready_bit = task_ready_bit(p)};
    list_init(&t->run_node);
    list_init(&t->time_node);
    return t;
}

/* Ticks the current task until sched_tick() reports a switch; returns how many it took. */
static unsigned ticks_until_switch_due(unsigned limit)
{
    for (unsigned n = 1; n <= limit; n++) {
        if (sched_tick()) {
            return n;
        }
    }
    return 0;
}

TEST(first_switch_runs_most_urgent_task)
{
    CHECK_PTR_EQ(sched_current(), fx_task(FX_SUPER));
    CHECK_EQ(fx_task(FX_SUPER)->switches, 1);
}

TEST(current_is_null_before_first_switch)
{
    sched_init(FX_SLICE_TICKS);
    CHECK_PTR_EQ(sched_current(), NULL);
}

TEST(pick_with_no_ready_task_is_null)
{
    sched_init(FX_SLICE_TICKS);
    CHECK_PTR_EQ(sched_pick(), NULL);
}

TEST(highest_priority_ready_task_is_picked)
{
    sched_init(FX_SLICE_TICKS);
    struct task *low = scratch_task(0, 20), *high = scratch_task(1, 2), *mid = scratch_task(2, 9);
    sched_add(low);
    sched_add(high);
    sched_add(mid);
    CHECK_PTR_EQ(sched_pick(), high);
}

TEST(every_priority_level_can_be_picked)
{
    for (uint32_t p = 0; p < SCHED_LEVELS; p++) {
        sched_init(FX_SLICE_TICKS);
        struct task *t = scratch_task(0, p);
        sched_add(t);
        if (p + 1 < SCHED_LEVELS) {
            sched_add(scratch_task(1, p + 1)); /* a less urgent one must not win */
        }
        CHECK_PTR_EQ(sched_pick(), t);
    }
}

TEST(priority_zero_beats_idle_level)
{
    sched_init(FX_SLICE_TICKS);
    struct task *idle = scratch_task(0, SCHED_IDLE_PRIORITY), *top = scratch_task(1, 0);
    sched_add(idle);
    CHECK_PTR_EQ(sched_pick(), idle);
    sched_add(top);
    CHECK_PTR_EQ(sched_pick(), top);
}

TEST(added_task_is_ready)
{
    sched_init(FX_SLICE_TICKS);
    struct task *t = scratch_task(0, 4);
    t->state = PL_TASK_BLOCKED;
    sched_add(t);
    CHECK_EQ(t->state, PL_TASK_READY);
    CHECK_EQ(t->slice_left, FX_SLICE_TICKS);
}

TEST(added_task_goes_to_tail_of_its_level)
{
    sched_init(FX_SLICE_TICKS);
    struct task *a = scratch_task(0, 4), *b = scratch_task(1, 4);
    sched_add(a);
    sched_add(b);
    CHECK_PTR_EQ(sched_pick(), a);
    sched_remove(a);
    CHECK_PTR_EQ(sched_pick(), b);
}

TEST(added_at_front_task_goes_to_head_of_its_level)
{
    sched_init(FX_SLICE_TICKS);
    struct task *a = scratch_task(0, 4), *b = scratch_task(1, 4), *c = scratch_task(2, 9);
    sched_add(a);
    sched_add_front(b);
    sched_add_front(c);
    CHECK_PTR_EQ(sched_pick(), b); /* the front of its own level, not ahead of more urgent */
    CHECK_EQ(b->state, PL_TASK_READY);
    CHECK_EQ(b->slice_left, FX_SLICE_TICKS);
    sched_remove(b);
    CHECK_PTR_EQ(sched_pick(), a);
}

TEST(less_urgent_task_runs_once_more_urgent_leave)
{
    task_block(fx_task(FX_SUPER), BLOCK_SLEEP, TIME_NEVER);
    CHECK_PTR_EQ(sched_switch(), fx_task(FX_WORKER_A));
}

TEST(idle_task_runs_when_nothing_else_is_ready)
{
    for (uint32_t i = 0; i < FX_IDLE; i++) {
        task_block(fx_task(i), BLOCK_SLEEP, TIME_NEVER);
    }
    CHECK_PTR_EQ(sched_switch(), fx_task(FX_IDLE));
}

TEST(removing_last_task_of_a_level_clears_it)
{
    sched_init(FX_SLICE_TICKS);
    struct task *hi = scratch_task(0, 3), *lo = scratch_task(1, 7);
    sched_add(hi);
    sched_add(lo);
    sched_remove(hi);
    CHECK_PTR_EQ(sched_pick(), lo);
    sched_remove(lo);
    CHECK_PTR_EQ(sched_pick(), NULL);
}

TEST(removing_one_of_two_keeps_the_level_ready)
{
    sched_init(FX_SLICE_TICKS);
    struct task *a = scratch_task(0, 3), *b = scratch_task(1, 3), *lo = scratch_task(2, 9);
    sched_add(a);
    sched_add(b);
    sched_add(lo);
    sched_remove(a);
    CHECK_PTR_EQ(sched_pick(), b);
}

TEST(removing_a_task_in_no_queue_changes_nothing)
{
    sched_init(FX_SLICE_TICKS);
    struct task *a = scratch_task(0, 3), *gone = scratch_task(1, 3);
    sched_add(a);
    sched_remove(gone);
    sched_remove(gone);
    CHECK_PTR_EQ(sched_pick(), a);
    sched_add(gone);
    sched_remove(a);
    CHECK_PTR_EQ(sched_pick(), gone);
}

TEST(yield_moves_task_behind_its_equals)
{
    struct task *a = fx_task(FX_WORKER_A), *b = fx_task(FX_WORKER_B);
    fx_run(a);
    fx_park(fx_task(FX_WORKER_C)); /* a and b alone at their level */
    sched_yield(a);
    CHECK_PTR_EQ(sched_switch(), b);
    sched_yield(b);
    CHECK_PTR_EQ(sched_switch(), a);
}

TEST(direct_yield_switches_like_yield_and_switch)
{
    struct task *a = fx_task(FX_WORKER_A), *b = fx_task(FX_WORKER_B);
    fx_run(a);
    fx_park(fx_task(FX_WORKER_C));
    CHECK_PTR_EQ(sched_yield_to_next(a), b);
    CHECK_PTR_EQ(sched_current(), b);
    CHECK_PTR_EQ(sched_switch(), b); /* nothing left to decide */
    CHECK_PTR_EQ(sched_yield_to_next(b), a);
    CHECK_EQ(a->state, PL_TASK_READY);
}

TEST(direct_yield_of_a_task_alone_at_its_level_changes_nothing)
{
    struct task *t = fx_task(FX_SUPER);
    CHECK(sched_yield_to_next(t) == NULL);
    CHECK_PTR_EQ(sched_current(), t);
    CHECK_PTR_EQ(sched_switch(), t);
}

TEST(yield_refills_the_slice)
{
    struct task *t = fx_task(FX_SUPER);
    CHECK_EQ(sched_tick(), 0);
    CHECK_EQ(t->slice_left, FX_SLICE_TICKS - 1);
    sched_yield(t);
    CHECK_EQ(t->slice_left, FX_SLICE_TICKS);
}

TEST(yield_of_a_lone_task_keeps_it_running)
{
    sched_yield(fx_task(FX_SUPER));
    CHECK_PTR_EQ(sched_switch(), fx_task(FX_SUPER));
}

TEST(yield_never_lets_a_less_urgent_task_run)
{
    fx_run(fx_task(FX_WORKER_A));
    fx_park(fx_task(FX_WORKER_C)); /* a and b alone at their level */
    sched_yield(fx_task(FX_WORKER_A));
    sched_yield(fx_task(FX_WORKER_B));
    CHECK_PTR_EQ(sched_switch(), fx_task(FX_WORKER_A));
}

TEST(equal_priority_tasks_rotate_on_slice_end)
{
    struct task *a = fx_task(FX_WORKER_A), *b = fx_task(FX_WORKER_B);
    fx_run(a);
    fx_park(fx_task(FX_WORKER_C)); /* a and b alone at their level */
    CHECK_EQ(ticks_until_switch_due(10), FX_SLICE_TICKS);
    CHECK_PTR_EQ(sched_switch(), b);
    CHECK_EQ(ticks_until_switch_due(10), FX_SLICE_TICKS);
    CHECK_PTR_EQ(sched_switch(), a);
}

TEST(ticks_within_the_slice_do_not_switch)
{
    fx_run(fx_task(FX_WORKER_A));
    for (unsigned i = 1; i < FX_SLICE_TICKS; i++) {
        CHECK_EQ(sched_tick(), 0);
    }
    CHECK_PTR_EQ(sched_switch(), fx_task(FX_WORKER_A));
}

TEST(lone_task_keeps_the_cpu_when_its_slice_ends)
{
    CHECK_EQ(ticks_until_switch_due(4 * FX_SLICE_TICKS + 1), 0);
    CHECK_PTR_EQ(sched_current(), fx_task(FX_SUPER));
    CHECK_EQ(fx_task(FX_SUPER)->slice_left, FX_SLICE_TICKS - 1); /* refilled each time */
}

TEST(zero_slice_is_treated_as_one_tick)
{
    sched_init(0);
    struct task *a = scratch_task(0, 4), *b = scratch_task(1, 4);
    sched_add(a);
    sched_add(b);
    CHECK_PTR_EQ(sched_switch(), a);
    CHECK_EQ(sched_tick(), 1);
    CHECK_PTR_EQ(sched_switch(), b);
}

TEST(tick_reports_switch_when_a_more_urgent_task_is_ready)
{
    struct task *super = fx_task(FX_SUPER);
    fx_run(fx_task(FX_TESTER));
    sched_add(super); /* as a wake-up would */
    CHECK_EQ(sched_tick(), 1);
    CHECK_PTR_EQ(sched_switch(), super);
}

TEST(tick_reports_switch_when_current_is_blocked)
{
    struct task *super = fx_task(FX_SUPER);
    uint32_t slice = super->slice_left;
    task_block(super, BLOCK_SLEEP, TIME_NEVER);
    CHECK_EQ(sched_tick(), 1);
    CHECK_EQ(super->slice_left, slice); /* a blocked task's slice does not run down */
    CHECK_PTR_EQ(sched_switch(), fx_task(FX_WORKER_A));
}

TEST(tick_before_first_switch_reports_nothing_to_do)
{
    sched_init(FX_SLICE_TICKS);
    CHECK_EQ(sched_tick(), 0);
}

TEST(switch_counts_only_real_changes)
{
    struct task *super = fx_task(FX_SUPER), *a = fx_task(FX_WORKER_A);
    sched_switch();
    sched_switch();
    CHECK_EQ(super->switches, 1);
    task_block(super, BLOCK_SLEEP, TIME_NEVER);
    sched_switch();
    CHECK_EQ(a->switches, 1);
    sched_add(super);
    CHECK_PTR_EQ(sched_switch(), super);
    CHECK_EQ(super->switches, 2);
}

TEST(switch_makes_the_pick_current)
{
    task_block(fx_task(FX_SUPER), BLOCK_SLEEP, TIME_NEVER);
    struct task *picked = sched_pick();
    CHECK_PTR_EQ(sched_current(), fx_task(FX_SUPER)); /* picking alone changes nothing */
    CHECK_PTR_EQ(sched_switch(), picked);
    CHECK_PTR_EQ(sched_current(), picked);
}

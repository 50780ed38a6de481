/*
 * tests/host/test_supervisor_policy.c - servers/supervisor/policy.c: what the supervisor does
 * when a task stops, under each restart policy, with the clock given by the test.
 */
#include <string.h>

#include "harness.h"
#include "policy.h"

static struct policy_task task;

static void setup(uint32_t mode, uint32_t backoff_ms, uint32_t hold_count, uint32_t hold_s)
{
    struct policy_desc d = {mode, backoff_ms, hold_count, hold_s};
    policy_init(&task, &d, 0);
}

static struct policy_decision fail_at(uint64_t now_ms)
{
    return policy_stopped(&task, POLICY_STOP_FAILED, now_ms);
}

/* A stop under "always": restarted at once, as the supervisor does it. */
static struct policy_decision crash_and_restart(uint64_t now_ms)
{
    struct policy_decision d = fail_at(now_ms);
    if (d.action == POLICY_RESTART_NOW) {
        policy_restarted(&task, now_ms);
    }
    return d;
}

TEST(never_leaves_the_task_stopped)
{
    setup(POLICY_NEVER, 100, 0, 0);
    struct policy_decision d = fail_at(50);
    CHECK_EQ(d.action, POLICY_LEAVE);
    CHECK_EQ(task.phase, POLICY_LEFT);
    CHECK(!policy_due(&task, 1000000));
    CHECK(!policy_is_pending(&task));
}

TEST(always_restarts_at_once)
{
    setup(POLICY_ALWAYS, 100, 0, 0);
    struct policy_decision d = fail_at(50);
    CHECK_EQ(d.action, POLICY_RESTART_NOW);
    CHECK(policy_due(&task, 50));
    policy_restarted(&task, 50);
    CHECK_EQ(task.phase, POLICY_UP);
    CHECK(!policy_due(&task, 60));
}

TEST(always_without_hold_restarts_forever)
{
    setup(POLICY_ALWAYS, 100, 0, 0);
    for (uint64_t t = 1; t <= 100; t++) {
        CHECK_EQ(crash_and_restart(t).action, POLICY_RESTART_NOW);
    }
}

TEST(clean_exit_is_left_alone_even_under_always)
{
    setup(POLICY_ALWAYS, 100, 0, 0);
    struct policy_decision d = policy_stopped(&task, POLICY_STOP_CLEAN, 10);
    CHECK_EQ(d.action, POLICY_LEAVE);
    CHECK_EQ(task.phase, POLICY_LEFT);
}

TEST(backoff_restarts_only_after_backoff_ms)
{
    setup(POLICY_BACKOFF, 200, 0, 0);
    struct policy_decision d = fail_at(1000);
    CHECK_EQ(d.action, POLICY_RESTART_LATER);
    CHECK_EQ(d.delay_ms, 200);
    CHECK(policy_is_pending(&task));
    CHECK(!policy_due(&task, 1000));
    CHECK(!policy_due(&task, 1199));
    CHECK(policy_due(&task, 1200));
}

TEST(backoff_doubles_for_consecutive_restarts)
{
    setup(POLICY_BACKOFF, 100, 0, 0);
    uint64_t now = 0;
    const uint32_t want[] = {100, 200, 400, 800, 1600};
    for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        struct policy_decision d = fail_at(now);
        CHECK_EQ(d.delay_ms, want[i]);
        now += d.delay_ms;
        policy_restarted(&task, now);
        now += 10; /* crashes again soon after its restart */
    }
}

TEST(backoff_is_capped)
{
    setup(POLICY_BACKOFF, 10000, 0, 0);
    uint64_t now = 0;
    uint32_t last = 0;
    for (int i = 0; i < 40; i++) {
        struct policy_decision d = fail_at(now);
        CHECK(d.delay_ms <= POLICY_BACKOFF_MAX_MS);
        last = d.delay_ms;
        now += d.delay_ms;
        policy_restarted(&task, now);
        now += 1;
    }
    CHECK_EQ(last, POLICY_BACKOFF_MAX_MS);
}

TEST(backoff_resets_after_a_quiet_period)
{
    setup(POLICY_BACKOFF, 100, 0, 0);
    CHECK_EQ(fail_at(0).delay_ms, 100);
    policy_restarted(&task, 100);
    CHECK_EQ(fail_at(150).delay_ms, 200); /* up 50 ms: not quiet */
    policy_restarted(&task, 350);
    /* up for POLICY_QUIET_FACTOR times the last back-off (200 ms): starts over */
    CHECK_EQ(fail_at(350 + POLICY_QUIET_FACTOR * 200).delay_ms, 100);
}

TEST(backoff_just_short_of_quiet_keeps_doubling)
{
    setup(POLICY_BACKOFF, 100, 0, 0);
    CHECK_EQ(fail_at(0).delay_ms, 100);
    policy_restarted(&task, 100);
    CHECK_EQ(fail_at(100 + POLICY_QUIET_FACTOR * 100 - 1).delay_ms, 200);
}

TEST(hold_after_k_restarts_within_t)
{
    setup(POLICY_ALWAYS, 100, 3, 10);
    for (uint32_t i = 0; i < 3; i++) {
        struct policy_decision d = crash_and_restart(1000 + i * 1000);
        CHECK_EQ(d.action, POLICY_RESTART_NOW);
        CHECK_EQ(d.recent, i); /* this is restart i + 1 of at most 3 */
    }
    struct policy_decision d = crash_and_restart(4000);
    CHECK_EQ(d.action, POLICY_HOLD);
    CHECK_EQ(d.recent, 3);
    CHECK(policy_is_held(&task));
    CHECK(!policy_due(&task, 4001));
}

/* A hold is a cool-down of one window, never for good: a held console driver reads no keys,
 * so nobody could type the restart that ends a hold for good. */
TEST(hold_ends_after_a_cooldown_of_one_window)
{
    setup(POLICY_ALWAYS, 100, 3, 10);
    crash_and_restart(1000);
    crash_and_restart(2000);
    crash_and_restart(3000);
    struct policy_decision d = crash_and_restart(4000);
    CHECK_EQ(d.action, POLICY_HOLD);
    CHECK_EQ(d.delay_ms, 10000);
    CHECK(policy_has_deadline(&task));
    CHECK_EQ(task.due_ms, 14000);
    CHECK_EQ(policy_cooldown_left_ms(&task, 4000), 10000);
    CHECK_EQ(policy_cooldown_left_ms(&task, 13999), 1);
    CHECK(!policy_due(&task, 13999));
    CHECK(policy_due(&task, 14000));
    CHECK_EQ(policy_cooldown_left_ms(&task, 14000), 0);
    CHECK(policy_is_held(&task)); /* until the supervisor restarts it */
    policy_restarted(&task, 14000);
    CHECK(!policy_is_held(&task));
    CHECK(!policy_has_deadline(&task));
    CHECK_EQ(policy_cooldown_left_ms(&task, 14000), 0);
}

/* After a cool-down a task that still crashes at once is restarted K times and held again:
 * never more than K restarts within any window (the restarts that caused the hold are older
 * than the window when it ends). */
TEST(crash_loop_through_cooldowns_keeps_k_restarts_per_window)
{
    setup(POLICY_ALWAYS, 100, 3, 10);
    uint64_t now = 0, restarts_at[64];
    uint32_t n = 0;
    while (now < 60000 && n < 64) {
        struct policy_decision d = crash_and_restart(now);
        if (d.action == POLICY_RESTART_NOW) {
            restarts_at[n++] = now;
        } else {
            CHECK_EQ(d.action, POLICY_HOLD);
            now = task.due_ms;
            CHECK(policy_due(&task, now));
            policy_restarted(&task, now);
            restarts_at[n++] = now;
        }
        now += 1;
    }
    CHECK(n >= 12); /* it was restarted: a hold never ends it for good */
    for (uint32_t i = 3; i < n; i++) {
        CHECK(restarts_at[i] - restarts_at[i - 3] >= 10000); /* K = 3 per 10 s */
    }
}

TEST(cooldown_of_a_held_backoff_task_is_the_window_not_the_backoff)
{
    setup(POLICY_BACKOFF, 100, 1, 5);
    struct policy_decision d = fail_at(0);
    policy_restarted(&task, d.delay_ms);
    d = fail_at(200);
    CHECK_EQ(d.action, POLICY_HOLD);
    CHECK_EQ(d.delay_ms, 5000);
    CHECK(!policy_due(&task, 5199));
    CHECK(policy_due(&task, 5200));
}

TEST(release_during_a_cooldown_ends_it)
{
    setup(POLICY_ALWAYS, 100, 1, 10);
    crash_and_restart(0);
    CHECK_EQ(fail_at(1).action, POLICY_HOLD);
    policy_released(&task, 2);
    CHECK(!policy_has_deadline(&task));
    CHECK(!policy_due(&task, 20000));
}

TEST(restarts_older_than_the_window_do_not_count)
{
    setup(POLICY_ALWAYS, 100, 3, 10);
    crash_and_restart(0);
    crash_and_restart(1000);
    crash_and_restart(2000);
    /* the restart at 0 is 10 s old at 10000: only two remain in the window */
    struct policy_decision d = crash_and_restart(10000);
    CHECK_EQ(d.action, POLICY_RESTART_NOW);
    CHECK_EQ(d.recent, 2);
}

TEST(hold_applies_to_backoff_too)
{
    setup(POLICY_BACKOFF, 100, 2, 60);
    uint64_t now = 0;
    for (int i = 0; i < 2; i++) {
        struct policy_decision d = fail_at(now);
        CHECK_EQ(d.action, POLICY_RESTART_LATER);
        now += d.delay_ms;
        policy_restarted(&task, now);
    }
    CHECK_EQ(fail_at(now + 1).action, POLICY_HOLD);
}

TEST(release_ends_hold_and_forgets_history)
{
    setup(POLICY_ALWAYS, 100, 2, 10);
    crash_and_restart(0);
    crash_and_restart(10);
    CHECK_EQ(fail_at(20).action, POLICY_HOLD);
    policy_released(&task, 30);
    CHECK(!policy_is_held(&task));
    CHECK_EQ(task.phase, POLICY_UP);
    struct policy_decision d = crash_and_restart(40);
    CHECK_EQ(d.action, POLICY_RESTART_NOW); /* a fresh allowance of 2 */
    CHECK_EQ(d.recent, 0);
}

TEST(release_cancels_a_pending_backoff_and_resets_it)
{
    setup(POLICY_BACKOFF, 100, 0, 0);
    fail_at(0);
    policy_restarted(&task, 100);
    CHECK_EQ(fail_at(110).delay_ms, 200);
    policy_released(&task, 120);
    CHECK(!policy_is_pending(&task));
    CHECK(!policy_due(&task, 1000));
    CHECK_EQ(fail_at(130).delay_ms, 100);
}

TEST(seen_running_ends_pending_without_counting_a_restart)
{
    setup(POLICY_ALWAYS, 100, 1, 10);
    fail_at(0);
    policy_seen_running(&task, 5);
    CHECK(!policy_is_pending(&task));
    CHECK_EQ(crash_and_restart(10).action, POLICY_RESTART_NOW); /* no restart was counted */
    CHECK_EQ(fail_at(20).action, POLICY_HOLD);
}

TEST(hold_count_beyond_history_is_capped)
{
    setup(POLICY_ALWAYS, 100, 100, 1000);
    uint32_t restarts = 0;
    for (uint64_t t = 0; t < 200 && crash_and_restart(t).action == POLICY_RESTART_NOW; t++) {
        restarts++;
    }
    CHECK_EQ(restarts, POLICY_HISTORY);
}

TEST(hold_window_counts_across_a_32_bit_wrap)
{
    const uint64_t wrap = (uint64_t)1 << 32;
    setup(POLICY_ALWAYS, 100, 2, 10);
    crash_and_restart(wrap - 1000);
    crash_and_restart(wrap + 1000);
    CHECK_EQ(fail_at(wrap + 2000).action, POLICY_HOLD);
}

/* ---- the log line ---- */

static char line[256];

static struct pl_task_status faulted(const char *name, uint32_t kind, uint32_t restarts)
{
    struct pl_task_status st = {.state = PL_TASK_FAULTED, .restarts = restarts};
    st.fault = (struct pl_fault_record){.kind = kind, .pc = 0x31a4e, .lr = 0x31b01};
    strncpy(st.name, name, sizeof(st.name) - 1);
    return st;
}

static const char *logged(const struct pl_task_status *st, struct policy_decision d)
{
    policy_log_line(line, sizeof(line), st, &task, &d);
    return line;
}

TEST(log_line_of_a_fault_with_address_under_hold_after)
{
    setup(POLICY_ALWAYS, 100, 3, 10);
    struct pl_task_status st = faulted("console", PL_FAULT_MEM_DATA, 1);
    st.fault.addr = 0x20000000;
    st.fault.addr_valid = 1;
    CHECK_STR_EQ(logged(&st, crash_and_restart(0)),
                 "[supervisor] console faulted: memory access violation (data), addr 0x20000000, "
                 "pc 0x00031a4e, lr 0x00031b01; restarting (restart 2 since boot; 1 of at most 3 "
                 "in 10 s)\r\n");
    st.restarts = 2;
    CHECK_CONTAINS(logged(&st, crash_and_restart(1)),
                   "(restart 3 since boot; 2 of at most 3 in 10 s)\r\n");
}

/* The first number is the one `ps` shows after the restart (the kernel's count), even when
 * older restarts have left the hold window. */
TEST(log_line_counts_restarts_since_boot_as_ps_does)
{
    setup(POLICY_ALWAYS, 100, 3, 10);
    crash_and_restart(0);
    struct pl_task_status st = faulted("console", PL_FAULT_INJECTED, 1);
    CHECK_CONTAINS(logged(&st, crash_and_restart(20000)),
                   "(restart 2 since boot; 1 of at most 3 in 10 s)\r\n");
}

TEST(log_line_of_a_held_task)
{
    setup(POLICY_ALWAYS, 100, 3, 10);
    crash_and_restart(0);
    crash_and_restart(1);
    crash_and_restart(2);
    struct pl_task_status st = faulted("console", PL_FAULT_INJECTED, 3);
    CHECK_STR_EQ(
        logged(&st, fail_at(3)),
        "[supervisor] console faulted: stopped on purpose by the supervisor, "
        "pc 0x00031a4e, lr 0x00031b01; held after 3 restarts in 10 s; restarting after a 10 s "
        "cool-down (SUP_RESTART: at once)\r\n");
}

TEST(log_line_of_a_backoff_counts_all_restarts)
{
    setup(POLICY_BACKOFF, 200, 0, 0);
    struct pl_task_status st = faulted("slow", PL_FAULT_UNDEF, 4);
    CHECK_STR_EQ(logged(&st, fail_at(0)),
                 "[supervisor] slow faulted: undefined instruction, "
                 "pc 0x00031a4e, lr 0x00031b01; restarting in 200 ms (restart 5 since boot)\r\n");
}

TEST(log_line_of_a_fault_whose_frame_was_lost_says_pc_unknown)
{
    setup(POLICY_NEVER, 100, 0, 0);
    struct pl_task_status st = faulted("deep", PL_FAULT_STACK, 0);
    st.fault.pc = st.fault.lr = 0;
    CHECK_STR_EQ(logged(&st, fail_at(0)),
                 "[supervisor] deep faulted: stack overflow (exception "
                 "stacking), pc unknown; left stopped (restart = never)\r\n");
}

TEST(log_line_of_never_and_of_exits)
{
    setup(POLICY_NEVER, 100, 0, 0);
    struct pl_task_status st = faulted("fragile", 99, 0);
    CHECK_STR_EQ(logged(&st, fail_at(0)),
                 "[supervisor] fragile faulted: unknown fault, "
                 "pc 0x00031a4e, lr 0x00031b01; left stopped (restart = never)\r\n");
    setup(POLICY_ALWAYS, 100, 0, 0);
    st.state = PL_TASK_EXITED;
    CHECK_STR_EQ(logged(&st, policy_stopped(&task, POLICY_STOP_CLEAN, 0)),
                 "[supervisor] fragile exited with code 0; left stopped (a clean exit)\r\n");
    st.exit_code = -3;
    CHECK_STR_EQ(logged(&st, fail_at(1)),
                 "[supervisor] fragile exited with code -3; restarting (restart 1 since boot)\r\n");
}

TEST(log_line_is_cut_to_the_buffer)
{
    char small[16];
    setup(POLICY_ALWAYS, 100, 0, 0);
    struct pl_task_status st = faulted("console", PL_FAULT_BUS, 0);
    struct policy_decision d = fail_at(0);
    CHECK(policy_log_line(small, sizeof(small), &st, &task, &d) > (int)sizeof(small));
    CHECK_STR_EQ(small, "[supervisor] co");
}

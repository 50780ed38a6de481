/*
 * tests/host/test_task.c - kernel/task.c and sys/lifecycle.c: the task lifecycle. Starting lays out
 * a fresh memory image; block/unblock move a task between run queue and timer list; fault, exit and
 * restart take it out of every queue (and restart puts it back with a new generation).
 */
#include <string.h>

#include "fake_board.h"
#include "fixture.h"
#include "harness.h"
#include "host_arch.h"

static const struct pl_fault_record mem_fault = {.kind = PL_FAULT_MEM_DATA,
                                                 .addr = 0x20001000u,
                                                 .addr_valid = 1,
                                                 .pc = 0x1234u,
                                                 .raw = 0x82u,
                                                 .lr = 0x1101u};

/* .data as loaded; the poll mirror at its start, if the task has one, is the kernel's to
 * write once loaded (test_notification.c checks it). */
static int data_is_initial(uint32_t task)
{
    const uint8_t *data = &fx_ram[task][FX_STACK_SIZE];
    const struct task_desc *d = &sys_task_descs[task];
    for (uint32_t i = (uint32_t)(d->ntfn_mirror_end - d->ntfn_mirror); i < FX_DATA_SIZE; i++) {
        if (data[i] != fx_data_byte(task, i)) {
            return 0;
        }
    }
    return 1;
}

static int all_zero(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != 0) {
            return 0;
        }
    }
    return 1;
}

/* Boot the kernel core again over the (possibly broken) fixture, as kernel_main does. */
static void boot_again(void)
{
    time_init(0);
    sched_init(sys_config.slice_ticks);
    task_init_all();
}

TEST(init_starts_every_task_ready)
{
    for (uint32_t i = 0; i < FX_TASKS; i++) {
        CHECK_EQ(fx_task(i)->state, PL_TASK_READY);
        CHECK_EQ(fx_task(i)->block, BLOCK_NONE);
        CHECK_EQ(fx_task(i)->deadline, TIME_NEVER);
    }
}

TEST(init_takes_index_priority_and_description)
{
    for (uint32_t i = 0; i < FX_TASKS; i++) {
        CHECK_EQ(fx_task(i)->index, i);
        CHECK_EQ(fx_task(i)->priority, sys_task_descs[i].priority);
        CHECK_PTR_EQ(fx_task(i)->desc, &sys_task_descs[i]);
    }
}

TEST(new_task_has_generation_one)
{
    struct task *t = fx_task(FX_WORKER_B);
    CHECK_EQ(t->generation, 1);
    CHECK_EQ(task_id(t), PL_TASK_ID(FX_WORKER_B, 1));
    CHECK_EQ(PL_TASK_INDEX(task_id(t)), FX_WORKER_B);
    CHECK_EQ(PL_TASK_GEN(task_id(t)), 1);
}

TEST(init_clears_counters)
{
    struct task *t = fx_task(FX_TESTER);
    CHECK_EQ(t->restarts, 0);
    CHECK_EQ(t->faults, 0);
    CHECK_EQ(t->exit_code, 0);
    CHECK_EQ(t->fault.kind, PL_FAULT_NONE);
}

TEST(init_gives_regions_to_the_arch)
{
    struct task *t = fx_task(FX_WORKER_A);
    CHECK_EQ(t->arch.region_count, 4);
    CHECK_EQ(t->arch.regions[3].base, (uintptr_t)fx_device);
    CHECK_EQ(t->arch.regions[3].access, MEM_DEVICE);
}

/* The unused stack holds a fill word so the high-water mark can be measured (task.c). */
static int all_stack_fill(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i + 4 <= n; i += 4) {
        uint32_t w;
        memcpy(&w, p + i, 4);
        if (w != 0x57ac57acu) {
            return 0;
        }
    }
    return 1;
}

TEST(start_fills_stack_and_zeroes_bss_and_heap)
{
    const uint8_t *ram = fx_ram[FX_TESTER];
    CHECK(all_stack_fill(ram, FX_STACK_SIZE));
    CHECK(all_zero(ram + FX_STACK_SIZE + FX_DATA_SIZE, FX_RAM_SIZE - FX_STACK_SIZE - FX_DATA_SIZE));
}

TEST(start_copies_initial_data)
{
    for (uint32_t i = 0; i < FX_TASKS; i++) {
        CHECK(data_is_initial(i));
    }
}

TEST(start_gives_entry_stack_and_heap_to_the_arch)
{
    const struct task_desc *d = &sys_task_descs[FX_WORKER_A];
    const struct task *t = fx_task(FX_WORKER_A);
    CHECK_EQ(t->arch.entry, d->entry);
    CHECK_EQ(t->arch.stack_top, d->ram_base + FX_STACK_SIZE);
    CHECK_EQ(t->arch.frame.pc, (uint32_t)d->entry);
    CHECK_EQ(t->arch.frame.r0, (uint32_t)d->bss_end);                  /* heap start */
    CHECK_EQ(t->arch.frame.r1, (uint32_t)(d->ram_base + FX_RAM_SIZE)); /* heap end */
}

TEST(region_breaking_mpu_rules_panics)
{
    fx_regions[FX_TESTER][1].size = 3000; /* not a power of two */
    HOST_EXPECT_HALT(boot_again());
    CHECK(host_arch.halted);
    CHECK_EQ(host_arch.halt_code, 1);
    CHECK_CONTAINS(fake_console_text(), "PANIC: task 'tester'");
}

/* The fast paths trust an in buffer once found in slot 1 (ipc/fastpath.c): it must be the
 * task's RAM, never a window that an unmap could take away. */
TEST(task_whose_second_region_is_not_its_ram_panics)
{
    fx_regions[FX_WORKER_C][1].access = MEM_RODATA;
    HOST_EXPECT_HALT(boot_again());
    CHECK(host_arch.halted);
    CHECK_CONTAINS(fake_console_text(), "PANIC: task 'worker_c': its second region is not its RAM");
}

TEST(misaligned_region_panics)
{
    fx_regions[FX_IDLE][0].base += 512; /* inside the array, but not aligned to its size */
    HOST_EXPECT_HALT(boot_again());
    CHECK(host_arch.halted);
    CHECK_CONTAINS(fake_console_text(), "idle-with-a-long-name");
}

TEST(task_by_index_finds_every_task)
{
    for (uint32_t i = 0; i < FX_TASKS; i++) {
        CHECK_PTR_EQ(task_by_index(i), fx_task(i));
    }
}

TEST(task_by_index_refuses_out_of_range)
{
    CHECK_PTR_EQ(task_by_index(FX_TASKS), NULL);
    CHECK_PTR_EQ(task_by_index(UINT32_MAX), NULL);
}

TEST(block_takes_task_off_the_run_queue)
{
    struct task *t = fx_task(FX_SUPER);
    task_block(t, BLOCK_SLEEP, 10);
    CHECK_EQ(t->state, PL_TASK_BLOCKED);
    CHECK_EQ(t->block, BLOCK_SLEEP);
    CHECK_EQ(t->deadline, 10);
    CHECK_PTR_EQ(sched_pick(), fx_task(FX_WORKER_A));
}

TEST(unblock_makes_task_ready_with_result_in_r0)
{
    struct task *t = fx_task(FX_SUPER);
    task_block(t, BLOCK_SLEEP, TIME_NEVER);
    task_unblock(t, PL_ETIMEDOUT);
    CHECK_EQ(t->state, PL_TASK_READY);
    CHECK_EQ(t->block, BLOCK_NONE);
    CHECK_EQ((int32_t)t->arch.frame.r0, PL_ETIMEDOUT);
    CHECK_PTR_EQ(sched_pick(), t);
}

TEST(unblock_cancels_the_deadline)
{
    struct task *t = fx_task(FX_WORKER_A);
    task_block(t, BLOCK_SLEEP, 2);
    task_unblock(t, 7);
    CHECK_EQ(t->deadline, TIME_NEVER);
    task_block(t, BLOCK_SLEEP, TIME_NEVER);
    task_tick_deadlines();
    task_tick_deadlines(); /* the old deadline must not wake it now */
    CHECK_EQ(t->state, PL_TASK_BLOCKED);
}

TEST(timeout_of_a_sleep_is_success)
{
    struct task *t = fx_task(FX_WORKER_A);
    task_block(t, BLOCK_SLEEP, 5);
    task_timeout(t);
    CHECK_EQ(t->state, PL_TASK_READY);
    CHECK_EQ((int32_t)t->arch.frame.r0, PL_OK);
}

TEST(fault_records_the_fault_and_counts_it)
{
    struct task *t = fx_task(FX_WORKER_A);
    task_tick_deadlines();
    task_tick_deadlines();
    task_fault(t, &mem_fault);
    CHECK_EQ(t->state, PL_TASK_FAULTED);
    CHECK_EQ(t->fault.kind, PL_FAULT_MEM_DATA);
    CHECK_EQ(t->fault.addr, 0x20001000u);
    CHECK_EQ(t->fault.pc, 0x1234u);
    CHECK_EQ(t->fault.raw, 0x82u);
    CHECK_EQ(t->faults, 1);
    CHECK_EQ(t->last_change, 2);
}

TEST(faulted_task_leaves_run_queue)
{
    struct task *t = fx_task(FX_SUPER);
    task_fault(t, &mem_fault);
    CHECK_PTR_EQ(sched_switch(), fx_task(FX_WORKER_A));
}

TEST(faulted_sleeper_is_never_woken)
{
    struct task *t = fx_task(FX_WORKER_A);
    task_block(t, BLOCK_SLEEP, 1);
    task_fault(t, &mem_fault);
    task_tick_deadlines();
    CHECK_EQ(t->state, PL_TASK_FAULTED);
    CHECK_EQ(t->block, BLOCK_NONE);
}

TEST(a_task_stopped_in_a_timed_wait_keeps_no_deadline)
{
    struct task *t = fx_task(FX_WORKER_A), *u = fx_task(FX_WORKER_B);
    task_block(t, BLOCK_SLEEP, 5);
    task_fault(t, &mem_fault);
    task_block(u, BLOCK_SLEEP, 5);
    task_exit(u, 0);
    for (struct task *x = t; x; x = x == t ? u : 0) {
        CHECK_EQ(x->deadline, TIME_NEVER);
        CHECK_EQ(x->timed, 0);
        CHECK(!fx_in_timer_list(x));
    }
}

TEST(fault_is_reported_on_the_console)
{
    task_fault(fx_task(FX_WORKER_A), &mem_fault);
    CHECK_STR_EQ(fake_console_text(),
                 "[kernel] task worker_a (gen 1) faulted: memory access "
                 "violation (data) at 0x20001000, pc 0x00001234, lr 0x00001101\r\n");
}

TEST(fault_without_address_reports_none)
{
    const struct pl_fault_record undef = {
        .kind = PL_FAULT_UNDEF, .addr = 0x99, .pc = 0x40, .lr = 0x31};
    task_fault(fx_task(FX_WORKER_A), &undef);
    CHECK_STR_EQ(fake_console_text(), "[kernel] task worker_a (gen 1) faulted: undefined "
                                      "instruction, pc 0x00000040, lr 0x00000031\r\n");
}

TEST(fault_without_a_frame_says_its_pc_is_unknown)
{
    const struct pl_fault_record lost = {
        .kind = PL_FAULT_STACK, .addr = 0x20000ff0u, .addr_valid = 1};
    task_fault(fx_task(FX_WORKER_A), &lost);
    CHECK_STR_EQ(fake_console_text(),
                 "[kernel] task worker_a (gen 1) faulted: stack overflow (exception stacking) at "
                 "0x20000ff0, pc unknown (its frame could not be stacked or read)\r\n");
}

TEST(faults_accumulate_across_restarts)
{
    struct task *t = fx_task(FX_WORKER_A);
    task_fault(t, &mem_fault);
    task_restart(t);
    task_fault(t, &mem_fault);
    CHECK_EQ(t->faults, 2);
}

TEST(exit_records_code_and_leaves_run_queue)
{
    struct task *t = fx_task(FX_SUPER);
    task_tick_deadlines();
    task_exit(t, -42);
    CHECK_EQ(t->state, PL_TASK_EXITED);
    CHECK_EQ(t->exit_code, -42);
    CHECK_EQ(t->last_change, 1);
    CHECK_PTR_EQ(sched_switch(), fx_task(FX_WORKER_A));
}

TEST(exited_sleeper_is_never_woken)
{
    struct task *t = fx_task(FX_WORKER_A);
    task_block(t, BLOCK_SLEEP, 1);
    task_exit(t, 0);
    task_tick_deadlines();
    CHECK_EQ(t->state, PL_TASK_EXITED);
}

TEST(restart_bumps_generation_and_reloads_data)
{
    struct task *t = fx_task(FX_WORKER_A);
    uint8_t *ram = fx_ram[FX_WORKER_A];
    memset(ram, 0x77, FX_RAM_SIZE); /* the task scribbled over everything */
    task_restart(t);
    CHECK_EQ(t->generation, 2);
    CHECK(data_is_initial(FX_WORKER_A));
    CHECK(all_stack_fill(ram, FX_STACK_SIZE));
    CHECK(all_zero(ram + FX_STACK_SIZE + FX_DATA_SIZE, FX_BSS_SIZE));
    CHECK_EQ(t->arch.frame.pc, (uint32_t)t->desc->entry);
}

TEST(restart_counts_and_stamps_the_change)
{
    struct task *t = fx_task(FX_WORKER_B);
    task_tick_deadlines();
    task_tick_deadlines();
    task_tick_deadlines();
    task_restart(t);
    task_restart(t);
    CHECK_EQ(t->restarts, 2);
    CHECK_EQ(t->generation, 3);
    CHECK_EQ(t->last_change, 3);
}

TEST(restart_makes_an_older_id_stale)
{
    struct task *t = fx_task(FX_WORKER_B);
    pl_task_id before = task_id(t);
    task_restart(t);
    CHECK(task_id(t) != before);
    CHECK_EQ(PL_TASK_INDEX(task_id(t)), PL_TASK_INDEX(before));
}

TEST(restart_revives_a_faulted_task)
{
    struct task *t = fx_task(FX_SUPER);
    task_fault(t, &mem_fault);
    task_restart(t);
    CHECK_EQ(t->state, PL_TASK_READY);
    CHECK_PTR_EQ(sched_switch(), t);
}

TEST(restart_revives_an_exited_task_and_clears_its_code)
{
    struct task *t = fx_task(FX_TESTER);
    task_exit(t, 9);
    task_restart(t);
    CHECK_EQ(t->state, PL_TASK_READY);
    CHECK_EQ(t->exit_code, 0);
}

TEST(restart_of_a_sleeper_cancels_its_deadline)
{
    struct task *t = fx_task(FX_WORKER_A);
    task_block(t, BLOCK_SLEEP, 1);
    task_restart(t);
    CHECK_EQ(t->state, PL_TASK_READY);
    CHECK_EQ(t->block, BLOCK_NONE);
    CHECK_EQ(t->deadline, TIME_NEVER);
    task_block(t, BLOCK_SLEEP, TIME_NEVER);
    task_tick_deadlines(); /* still in the timer list, it would wake here */
    CHECK_EQ(t->state, PL_TASK_BLOCKED);
}

TEST(restart_of_a_ready_task_queues_it_once)
{
    struct task *t = fx_task(FX_TESTER);
    fx_run(t);
    task_restart(t);
    task_block(t, BLOCK_SLEEP, TIME_NEVER); /* queued twice, it would still be picked */
    CHECK_PTR_EQ(sched_pick(), fx_task(FX_IDLE));
}

/* Which tasks of the running level run next, in order: each is parked once it is picked. */
static void check_level_order(int line, const enum fixture_task_index *want, unsigned n)
{
    fx_park(fx_task(FX_SUPER)); /* the only task more urgent than the workers */
    for (unsigned i = 0; i < n; i++) {
        struct task *next = sched_switch();
        if (next != fx_task(want[i])) {
            harness_fail(__FILE__, line, "turn %u goes to %s, want %s", i, next->desc->name,
                         fx_task(want[i])->desc->name);
            return;
        }
        fx_park(next);
    }
}
#define CHECK_LEVEL_ORDER(...)                                                                     \
    check_level_order(__LINE__, (const enum fixture_task_index[]){__VA_ARGS__},                    \
                      sizeof((const enum fixture_task_index[]){__VA_ARGS__}) /                     \
                          sizeof(enum fixture_task_index))

/* docs/syscalls.md, call 7, and docs/architecture.md: a restarted task becomes READY at the
 * tail of its level, whatever its state. At boot the workers queue a, b, c. */
TEST(restart_of_a_queued_task_moves_it_to_the_tail_of_its_level)
{
    task_restart(fx_task(FX_WORKER_A)); /* first in its level until now */
    CHECK_LEVEL_ORDER(FX_WORKER_B, FX_WORKER_C, FX_WORKER_A);
}

TEST(restarted_faulted_task_queues_behind_its_ready_equals)
{
    task_fault(fx_task(FX_WORKER_A), &mem_fault);
    task_restart(fx_task(FX_WORKER_A));
    CHECK_LEVEL_ORDER(FX_WORKER_B, FX_WORKER_C, FX_WORKER_A);
}

TEST(restart_keeps_the_fault_record)
{
    struct task *t = fx_task(FX_WORKER_A);
    task_fault(t, &mem_fault);
    task_restart(t);
    CHECK_EQ(t->fault.kind, PL_FAULT_MEM_DATA); /* for the supervisor to read afterwards */
}

TEST(status_reports_every_field)
{
    struct task *t = fx_task(FX_WORKER_A);
    struct pl_task_status st;
    task_tick_deadlines();
    task_fault(t, &mem_fault);
    task_restart(t);
    t->switches = 17;
    task_status(t, &st);
    CHECK_EQ(st.id, PL_TASK_ID(FX_WORKER_A, 2));
    CHECK_EQ(st.state, PL_TASK_READY);
    CHECK_EQ(st.priority, 5);
    CHECK_EQ(st.restarts, 1);
    CHECK_EQ(st.faults, 1);
    CHECK_EQ(st.switches, 17);
    CHECK_EQ(st.last_change, 1);
    CHECK_EQ(st.fault.addr, mem_fault.addr);
    CHECK_STR_EQ(st.name, "worker_a");
}

TEST(status_reports_exit_code)
{
    struct pl_task_status st;
    task_exit(fx_task(FX_TESTER), -3);
    task_status(fx_task(FX_TESTER), &st);
    CHECK_EQ(st.state, PL_TASK_EXITED);
    CHECK_EQ(st.exit_code, -3);
}

TEST(status_name_is_cut_and_terminated)
{
    struct pl_task_status st;
    memset(&st, 0xff, sizeof(st));
    task_status(fx_task(FX_IDLE), &st);
    CHECK_STR_EQ(st.name, "idle-with-a-lon"); /* 15 characters and the NUL */
}

TEST(status_name_is_padded_with_nul)
{
    struct pl_task_status st;
    memset(&st, 0xff, sizeof(st));
    task_status(fx_task(FX_SUPER), &st);
    CHECK(all_zero((const uint8_t *)st.name + 5, sizeof(st.name) - 5));
}

TEST(every_fault_kind_has_its_own_name)
{
    for (uint32_t k = PL_FAULT_NONE; k <= PL_FAULT_BAD_STACK; k++) {
        CHECK(task_fault_name(k) != NULL);
        CHECK(strcmp(task_fault_name(k), "unknown fault") != 0);
        for (uint32_t j = 0; j < k; j++) {
            CHECK(strcmp(task_fault_name(k), task_fault_name(j)) != 0);
        }
    }
}

TEST(stack_high_water_mark_counts_the_deepest_use)
{
    struct task *t = fx_task(FX_TESTER);
    struct pl_task_status st;
    task_status(t, &st);
    CHECK_EQ(st.stack_size, FX_STACK_SIZE);
    CHECK_EQ(st.stack_used, 0);
    fx_ram[FX_TESTER][FX_STACK_SIZE - 100] = 1; /* something wrote 100 bytes below the top */
    task_status(t, &st);
    CHECK_EQ(st.stack_used, 100);              /* the word holding that byte and all above it */
    fx_ram[FX_TESTER][FX_STACK_SIZE - 40] = 1; /* shallower use changes nothing */
    task_status(t, &st);
    CHECK_EQ(st.stack_used, 100);
}

TEST(unknown_fault_kind_is_named_as_such)
{
    CHECK_STR_EQ(task_fault_name(PL_FAULT_SIGNAL_STACK + 1), "unknown fault");
    CHECK_STR_EQ(task_fault_name(UINT32_MAX), "unknown fault");
}

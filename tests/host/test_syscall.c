/*
 * tests/host/test_syscall.c - sys/syscall.c and sys/entry.c: each system call driven
 * through kernel_syscall() as the arch would after an SVC (caller's frame set, next task
 * returned), then the other kernel entries (tick, reschedule, task fault, interrupt).
 */
#include <string.h>

#include "fake_board.h"
#include "fixture.h"
#include "harness.h"
#include "host_arch.h"
#include <parley/signal.h>
#include <parley/syscall.h>

#define SVC_OFFSET 0x40u /* where in its code region the caller's SVC instruction sits */

/* The pc the arch saves on SVC: just past the 2-byte instruction. */
static uint32_t svc_return_pc(const struct task *t)
{
    return fx_addr(fx_code[t->index]) + SVC_OFFSET + 2u;
}

/* Trap into the kernel as t (made the current task first); returns the task that runs next. */
static struct task *trap(struct task *t, uint32_t nr, uint32_t r0, uint32_t r1)
{
    fx_run(t);
    t->arch.frame = (struct arch_frame){
        .r0 = r0, .r1 = r1, .r2 = 0xbad2u, .r3 = 0xbad3u, .pc = svc_return_pc(t), .svc = nr};
    return task_of(kernel_syscall(&t->arch));
}

static int32_t r0_of(const struct task *t)
{
    return (int32_t)t->arch.frame.r0;
}

/* Put s in t's own RAM (the heap, well past .bss) and return its address as a register. */
static uint32_t in_ram(enum fixture_task_index t, const char *s, size_t len)
{
    uint8_t *p = &fx_ram[t][FX_RAM_SIZE / 2];
    memcpy(p, s, len);
    return fx_addr(p);
}

static uint32_t status_buffer(enum fixture_task_index t)
{
    return fx_addr(&fx_ram[t][FX_RAM_SIZE / 2]);
}

static const struct pl_task_status *status_at(uint32_t addr)
{
    return (const struct pl_task_status *)(uintptr_t)addr;
}

static const struct pl_ep_status *ep_status_at(uint32_t addr)
{
    return (const struct pl_ep_status *)(uintptr_t)addr;
}

/* Task i makes IPC call svc on object obj with no bytes either way. */
static void ipc_trap(enum fixture_task_index i, uint32_t svc, uint32_t obj)
{
    fx_trap(fx_task(i), svc, &(struct fx_ipc){.obj = obj});
}

/* ---- yield, sleep, uptime ---- */

TEST(yield_returns_ok_and_lets_an_equal_run)
{
    struct task *a = fx_task(FX_WORKER_A);
    CHECK_PTR_EQ(trap(a, PL_SYS_YIELD, 99, 0), fx_task(FX_WORKER_B));
    CHECK_EQ(r0_of(a), PL_OK);
    CHECK_EQ(a->state, PL_TASK_READY);
}

TEST(yield_of_a_lone_task_returns_to_it)
{
    struct task *s = fx_task(FX_SUPER);
    CHECK_PTR_EQ(trap(s, PL_SYS_YIELD, 0, 0), s);
}

/* ---- prio_set (docs/syscalls.md; super's ceiling is 0, everybody else's its priority) ---- */

TEST(prio_set_raises_to_the_ceiling_and_back_returning_the_old_priority)
{
    struct task *s = fx_task(FX_SUPER);
    trap(s, PL_SYS_PRIO_SET, 0, 0);
    CHECK_EQ(r0_of(s), 1);
    CHECK_EQ(s->priority, 0);
    CHECK_EQ(s->ready_bit, task_ready_bit(0));
    trap(s, PL_SYS_PRIO_SET, 1, 0);
    CHECK_EQ(r0_of(s), 0);
    CHECK_EQ(s->priority, 1);
    CHECK_EQ(s->ready_bit, task_ready_bit(1));
}

TEST(prio_set_outside_ceiling_and_own_priority_is_eperm_and_changes_nothing)
{
    struct task *s = fx_task(FX_SUPER), *a = fx_task(FX_WORKER_A);
    trap(s, PL_SYS_PRIO_SET, 2, 0); /* less urgent than its own: no */
    CHECK_EQ(r0_of(s), PL_EPERM);
    CHECK_EQ(s->priority, 1);
    trap(a, PL_SYS_PRIO_SET, 4, 0); /* no ceiling: no raise */
    CHECK_EQ(r0_of(a), PL_EPERM);
    CHECK_EQ(a->priority, 5);
    trap(a, PL_SYS_PRIO_SET, 5, 0); /* its own: always */
    CHECK_EQ(r0_of(a), 5);
    trap(a, PL_SYS_PRIO_SET, 32, 0);
    CHECK_EQ(r0_of(a), PL_EINVAL);
    trap(a, PL_SYS_PRIO_SET, UINT32_MAX, 0);
    CHECK_EQ(r0_of(a), PL_EINVAL);
    CHECK_EQ(a->priority, 5);
}

TEST(a_restart_ends_the_raise)
{
    struct task *s = fx_task(FX_SUPER);
    trap(s, PL_SYS_PRIO_SET, 0, 0);
    CHECK_EQ(s->priority, 0);
    task_restart(s);
    CHECK_EQ(s->priority, 1);
    CHECK_EQ(s->ready_bit, task_ready_bit(1));
}

TEST(sleep_blocks_caller_until_its_deadline)
{
    struct task *s = fx_task(FX_SUPER);
    CHECK_PTR_EQ(trap(s, PL_SYS_SLEEP, 3, 0), fx_task(FX_WORKER_A));
    CHECK_EQ(s->state, PL_TASK_BLOCKED);
    fx_tick();
    fx_tick();
    CHECK_EQ(s->state, PL_TASK_BLOCKED);
    fx_tick();
    CHECK_EQ(s->state, PL_TASK_READY);
    CHECK_EQ(r0_of(s), PL_OK);
}

TEST(sleep_deadline_counts_from_now)
{
    struct task *s = fx_task(FX_SUPER);
    for (int i = 0; i < 5; i++) {
        fx_tick();
    }
    trap(s, PL_SYS_SLEEP, 2, 0);
    CHECK_EQ(s->deadline, 7);
}

TEST(long_sleep_deadline_does_not_wrap_at_32_bits)
{
    struct task *s = fx_task(FX_SUPER);
    fx_tick();
    trap(s, PL_SYS_SLEEP, UINT32_MAX, 0);
    CHECK_EQ(s->deadline, (uint64_t)UINT32_MAX + 1u);
}

TEST(sleep_zero_yields)
{
    struct task *a = fx_task(FX_WORKER_A);
    CHECK_PTR_EQ(trap(a, PL_SYS_SLEEP, 0, 0), fx_task(FX_WORKER_B));
    CHECK_EQ(a->state, PL_TASK_READY);
    CHECK_EQ(r0_of(a), PL_OK);
}

TEST(uptime_returns_ticks_in_r0_and_r1)
{
    struct task *s = fx_task(FX_SUPER);
    for (int i = 0; i < 5; i++) {
        fx_tick();
    }
    CHECK_PTR_EQ(trap(s, PL_SYS_UPTIME, 0xffffu, 0xffffu), s);
    CHECK_EQ(s->arch.frame.r0, 5);
    CHECK_EQ(s->arch.frame.r1, 0);
}

TEST(uptime_gives_the_high_word_past_2_to_the_32)
{
    struct task *s = fx_task(FX_SUPER);
    time_init((1ull << 32) - 1u);
    trap(s, PL_SYS_UPTIME, 0, 0);
    CHECK_EQ(s->arch.frame.r0, 0xffffffffu);
    CHECK_EQ(s->arch.frame.r1, 0);
    fx_tick();
    fx_tick();
    trap(s, PL_SYS_UPTIME, 0, 0);
    CHECK_EQ(s->arch.frame.r0, 1);
    CHECK_EQ(s->arch.frame.r1, 1);
}

TEST(sleep_across_2_to_the_32_lasts_its_ticks)
{
    struct task *a = fx_task(FX_WORKER_A);
    time_init((1ull << 32) - 2u);
    fx_run(a);
    trap(a, PL_SYS_SLEEP, 4, 0);
    fx_run(fx_task(FX_WORKER_B));
    for (int i = 0; i < 3; i++) {
        fx_tick();
    }
    CHECK_EQ(a->state, PL_TASK_BLOCKED);
    fx_tick();
    CHECK_EQ(a->state, PL_TASK_READY);
}

/* ---- debug_write ---- */

TEST(debug_write_copies_bytes_to_the_console)
{
    struct task *a = fx_task(FX_WORKER_A);
    CHECK_PTR_EQ(trap(a, PL_SYS_DEBUG_WRITE, in_ram(FX_WORKER_A, "hello", 5), 5), a);
    CHECK_STR_EQ(fake_console_text(), "hello");
    CHECK_EQ(r0_of(a), 5);
}

TEST(debug_write_of_256_bytes_is_allowed)
{
    struct task *a = fx_task(FX_WORKER_A);
    char buf[256];
    memset(buf, 'x', sizeof(buf));
    trap(a, PL_SYS_DEBUG_WRITE, in_ram(FX_WORKER_A, buf, sizeof(buf)), 256);
    CHECK_EQ(r0_of(a), 256);
    CHECK_EQ(fake_console_length(), 256);
}

TEST(debug_write_longer_than_256_is_einval)
{
    struct task *a = fx_task(FX_WORKER_A);
    trap(a, PL_SYS_DEBUG_WRITE, in_ram(FX_WORKER_A, "x", 1), 257);
    CHECK_EQ(r0_of(a), PL_EINVAL);
    CHECK_EQ(a->state, PL_TASK_READY);
    CHECK_EQ(fake_console_length(), 0);
}

TEST(debug_write_length_is_checked_before_the_pointer)
{
    struct task *a = fx_task(FX_WORKER_A);
    trap(a, PL_SYS_DEBUG_WRITE, 0, 100000); /* a bad pointer too, but the length comes first */
    CHECK_EQ(r0_of(a), PL_EINVAL);
    CHECK_EQ(a->state, PL_TASK_READY);
}

TEST(debug_write_of_nothing_accepts_any_pointer)
{
    struct task *a = fx_task(FX_WORKER_A);
    trap(a, PL_SYS_DEBUG_WRITE, 0, 0);
    CHECK_EQ(r0_of(a), 0);
    CHECK_EQ(a->state, PL_TASK_READY);
}

TEST(debug_write_from_own_code_region_is_allowed)
{
    struct task *a = fx_task(FX_WORKER_A);
    memcpy(fx_code[FX_WORKER_A], "const", 5);
    trap(a, PL_SYS_DEBUG_WRITE, fx_addr(fx_code[FX_WORKER_A]), 5);
    CHECK_EQ(r0_of(a), 5);
    CHECK_STR_EQ(fake_console_text(), "const");
}

TEST(bad_pointer_faults_caller_with_address)
{
    struct task *a = fx_task(FX_WORKER_A);
    uint32_t theirs = fx_addr(fx_ram[FX_SUPER]);
    CHECK_PTR_EQ(trap(a, PL_SYS_DEBUG_WRITE, theirs, 4), fx_task(FX_WORKER_B));
    CHECK_EQ(a->state, PL_TASK_FAULTED);
    CHECK_EQ(a->fault.kind, PL_FAULT_BAD_POINTER);
    CHECK_EQ(a->fault.addr, theirs);
    CHECK_EQ(a->fault.addr_valid, 1);
    CHECK_EQ(a->faults, 1);
}

/* ---- atomic ---- */

/* Task t runs PL_SYS_ATOMIC op on addr with operands a, b; returns the task that runs next. */
static struct task *atomic(struct task *t, uint32_t op, uint32_t addr, uint32_t a, uint32_t b)
{
    fx_run(t);
    t->arch.frame = (struct arch_frame){
        .r0 = op, .r1 = addr, .r2 = a, .r3 = b, .pc = svc_return_pc(t), .svc = PL_SYS_ATOMIC};
    return task_of(kernel_syscall(&t->arch));
}

TEST(atomic_operations_return_the_old_word_and_write_the_new)
{
    struct task *a = fx_task(FX_WORKER_A);
    uint32_t *w = (uint32_t *)(void *)&fx_ram[FX_WORKER_A][FX_RAM_SIZE / 2];
    uint32_t addr = fx_addr(w);
    static const struct {
        uint32_t op, before, x, y, old, after;
    } cases[] = {
        {PL_ATOMIC_CAS, 5, 5, 9, 5, 9},
        {PL_ATOMIC_CAS, 5, 4, 9, 5, 5},
        {PL_ATOMIC_ADD, 0xffffffffu, 2, 0, 0xffffffffu, 1},
        {PL_ATOMIC_AND, 0xf0, 0x3c, 0, 0xf0, 0x30},
        {PL_ATOMIC_OR, 0xf0, 0x0f, 0, 0xf0, 0xff},
        {PL_ATOMIC_XOR, 0xff, 0x0f, 0, 0xff, 0xf0},
        {PL_ATOMIC_XCHG, 7, 8, 0, 7, 8},
    };
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        *w = cases[i].before;
        CHECK_PTR_EQ(atomic(a, cases[i].op, addr, cases[i].x, cases[i].y), a);
        CHECK_EQ(r0_of(a), PL_OK);
        CHECK_EQ(a->arch.frame.r1, cases[i].old);
        CHECK_EQ(*w, cases[i].after);
    }
}

TEST(atomic_unknown_operation_is_einval_and_touches_nothing)
{
    struct task *a = fx_task(FX_WORKER_A);
    uint32_t *w = (uint32_t *)(void *)&fx_ram[FX_WORKER_A][FX_RAM_SIZE / 2];
    *w = 42;
    atomic(a, PL_ATOMIC_OPS, fx_addr(w), 1, 1);
    CHECK_EQ(r0_of(a), PL_EINVAL);
    CHECK_EQ(*w, 42);
    CHECK_EQ(a->state, PL_TASK_READY);
}

TEST(atomic_on_a_word_the_caller_may_not_write_stops_it)
{
    struct task *a = fx_task(FX_WORKER_A);
    const uint32_t theirs = fx_addr(fx_ram[FX_SUPER]);
    uint32_t before = *(uint32_t *)(void *)fx_ram[FX_SUPER];
    atomic(a, PL_ATOMIC_XCHG, theirs, 0xdeadu, 0);
    CHECK_EQ(a->state, PL_TASK_FAULTED);
    CHECK_EQ(a->fault.kind, PL_FAULT_BAD_POINTER);
    CHECK_EQ(a->fault.addr, theirs);
    CHECK_EQ(*(uint32_t *)(void *)fx_ram[FX_SUPER], before);
    struct task *b = fx_task(FX_WORKER_B);
    atomic(b, PL_ATOMIC_ADD, fx_addr(fx_code[FX_WORKER_B]), 1, 0);
    CHECK_EQ(b->fault.kind, PL_FAULT_BAD_POINTER); /* its own code: it may only read it */
}

TEST(atomic_on_a_misaligned_word_stops_the_caller)
{
    struct task *a = fx_task(FX_WORKER_A);
    uint32_t addr = fx_addr(&fx_ram[FX_WORKER_A][FX_RAM_SIZE / 2 + 2]);
    atomic(a, PL_ATOMIC_ADD, addr, 1, 0);
    CHECK_EQ(a->state, PL_TASK_FAULTED);
    CHECK_EQ(a->fault.kind, PL_FAULT_BAD_POINTER);
    CHECK_EQ(a->fault.addr, addr);
}

TEST(syscall_fault_records_the_stubs_caller_in_lr)
{
    struct task *a = fx_task(FX_WORKER_A);
    fx_run(a);
    fx_load(a, PL_SYS_DEBUG_WRITE, &(struct fx_ipc){.obj = fx_addr(fx_ram[FX_SUPER]), .label = 8});
    a->arch.frame.lr = 0x00041235u; /* where the stub returns: its caller's line */
    kernel_syscall(&a->arch);
    CHECK_EQ(a->fault.kind, PL_FAULT_BAD_POINTER);
    CHECK_EQ(a->fault.lr, 0x00041235u);
}

TEST(syscall_fault_pc_is_the_svc_instruction)
{
    struct task *a = fx_task(FX_WORKER_A);
    trap(a, PL_SYS_DEBUG_WRITE, 0, 4);
    CHECK_EQ(a->fault.pc, fx_addr(fx_code[FX_WORKER_A]) + SVC_OFFSET);
}

TEST(bad_pointer_is_reported_on_the_console)
{
    struct task *a = fx_task(FX_WORKER_A);
    trap(a, PL_SYS_DEBUG_WRITE, 0x10u, 4);
    CHECK_CONTAINS(fake_console_text(), "task worker_a (gen 1) faulted: system call with a "
                                        "pointer it does not own at 0x00000010");
}

TEST(debug_write_from_device_region_faults_caller)
{
    struct task *a = fx_task(FX_WORKER_A);
    trap(a, PL_SYS_DEBUG_WRITE, fx_addr(fx_device), 4);
    CHECK_EQ(a->state, PL_TASK_FAULTED);
    CHECK_EQ(a->fault.kind, PL_FAULT_BAD_POINTER);
}

TEST(debug_write_running_past_own_ram_faults_caller)
{
    struct task *a = fx_task(FX_WORKER_A);
    uint8_t *last = &fx_ram[FX_WORKER_A][FX_RAM_SIZE - 4];
    memcpy(last, "ABCD", 4);
    trap(a, PL_SYS_DEBUG_WRITE, fx_addr(last), 5);
    CHECK_EQ(a->state, PL_TASK_FAULTED);
    CHECK(strncmp(fake_console_text(), "[kernel] task worker_a", 22) == 0); /* no bytes first */
}

/* ---- task_self, exit ---- */

TEST(task_self_returns_index_and_generation)
{
    struct task *b = fx_task(FX_WORKER_B);
    trap(b, PL_SYS_TASK_SELF, 0, 0);
    CHECK_EQ(b->arch.frame.r0, PL_TASK_ID(FX_WORKER_B, 1));
}

TEST(task_self_after_restart_has_the_new_generation)
{
    struct task *b = fx_task(FX_WORKER_B);
    task_restart(b);
    trap(b, PL_SYS_TASK_SELF, 0, 0);
    CHECK_EQ(b->arch.frame.r0, PL_TASK_ID(FX_WORKER_B, 2));
}

TEST(exit_ends_caller_with_its_code_and_switches_away)
{
    struct task *s = fx_task(FX_SUPER);
    CHECK_PTR_EQ(trap(s, PL_SYS_EXIT, (uint32_t)-5, 0), fx_task(FX_WORKER_A));
    CHECK_EQ(s->state, PL_TASK_EXITED);
    CHECK_EQ(s->exit_code, -5);
}

/* ---- task_status ---- */

TEST(task_status_requires_supervisor)
{
    struct task *a = fx_task(FX_WORKER_A);
    uint32_t out = status_buffer(FX_WORKER_A);
    trap(a, PL_SYS_TASK_STATUS, FX_SUPER, out);
    CHECK_EQ(r0_of(a), PL_EPERM);
    CHECK_EQ(status_at(out)->id, 0); /* untouched: RAM was cleared at start */
}

TEST(task_status_without_permission_ignores_the_pointer)
{
    struct task *a = fx_task(FX_WORKER_A);
    trap(a, PL_SYS_TASK_STATUS, FX_SUPER, 0);
    CHECK_EQ(r0_of(a), PL_EPERM);
    CHECK_EQ(a->state, PL_TASK_READY);
}

TEST(task_status_fills_the_supervisors_buffer)
{
    struct task *s = fx_task(FX_SUPER);
    uint32_t out = status_buffer(FX_SUPER);
    task_restart(fx_task(FX_WORKER_B));
    trap(s, PL_SYS_TASK_STATUS, FX_WORKER_B, out);
    CHECK_EQ(r0_of(s), PL_OK);
    CHECK_EQ(status_at(out)->id, PL_TASK_ID(FX_WORKER_B, 2));
    CHECK_EQ(status_at(out)->restarts, 1);
    CHECK_EQ(status_at(out)->priority, 5);
    CHECK_STR_EQ(status_at(out)->name, "worker_b");
}

TEST(task_status_reports_a_faulted_task)
{
    struct task *s = fx_task(FX_SUPER), *a = fx_task(FX_WORKER_A);
    uint32_t out = status_buffer(FX_SUPER);
    trap(a, 200, 0, 0);
    trap(s, PL_SYS_TASK_STATUS, FX_WORKER_A, out);
    CHECK_EQ(status_at(out)->state, PL_TASK_FAULTED);
    CHECK_EQ(status_at(out)->fault.kind, PL_FAULT_BAD_SYSCALL);
    CHECK_EQ(status_at(out)->faults, 1);
}

TEST(task_status_of_unknown_index_is_enoent)
{
    struct task *s = fx_task(FX_SUPER);
    trap(s, PL_SYS_TASK_STATUS, FX_TASKS, status_buffer(FX_SUPER));
    CHECK_EQ(r0_of(s), PL_ENOENT);
    trap(s, PL_SYS_TASK_STATUS, UINT32_MAX, status_buffer(FX_SUPER));
    CHECK_EQ(r0_of(s), PL_ENOENT);
}

TEST(task_status_to_another_tasks_memory_faults_supervisor)
{
    struct task *s = fx_task(FX_SUPER);
    uint32_t theirs = status_buffer(FX_WORKER_A);
    CHECK_PTR_EQ(trap(s, PL_SYS_TASK_STATUS, FX_WORKER_A, theirs), fx_task(FX_WORKER_A));
    CHECK_EQ(s->state, PL_TASK_FAULTED);
    CHECK_EQ(s->fault.kind, PL_FAULT_BAD_POINTER);
    CHECK_EQ(s->fault.addr, theirs);
    CHECK_EQ(status_at(theirs)->id, 0);
}

TEST(task_status_to_own_code_region_faults)
{
    struct task *s = fx_task(FX_SUPER);
    trap(s, PL_SYS_TASK_STATUS, FX_WORKER_A, fx_addr(fx_code[FX_SUPER]));
    CHECK_EQ(s->state, PL_TASK_FAULTED);
}

TEST(task_status_buffer_running_past_ram_faults)
{
    struct task *s = fx_task(FX_SUPER);
    size_t at = FX_RAM_SIZE - sizeof(struct pl_task_status) + 1u;
    trap(s, PL_SYS_TASK_STATUS, FX_WORKER_A, fx_addr(&fx_ram[FX_SUPER][at]));
    CHECK_EQ(s->state, PL_TASK_FAULTED);
}

TEST(task_status_buffer_ending_at_ram_end_is_written)
{
    struct task *s = fx_task(FX_SUPER);
    size_t at = FX_RAM_SIZE - sizeof(struct pl_task_status);
    trap(s, PL_SYS_TASK_STATUS, FX_TESTER, fx_addr(&fx_ram[FX_SUPER][at]));
    CHECK_EQ(r0_of(s), PL_OK);
    CHECK_STR_EQ(status_at(fx_addr(&fx_ram[FX_SUPER][at]))->name, "tester");
}

TEST(task_status_to_unaligned_buffer_is_written)
{
    /* A task may pass any address it owns; the kernel must not assume the alignment. */
    struct task *s = fx_task(FX_SUPER);
    uint32_t out = status_buffer(FX_SUPER) + 1u;
    struct pl_task_status st;
    trap(s, PL_SYS_TASK_STATUS, FX_TESTER, out);
    CHECK_EQ(r0_of(s), PL_OK);
    memcpy(&st, (const void *)(uintptr_t)out, sizeof(st));
    CHECK_EQ(st.id, PL_TASK_ID(FX_TESTER, 1));
    CHECK_STR_EQ(st.name, "tester");
}

/* docs/syscalls.md, call 6: PL_EPERM is checked first, so a task without the capability
 * learns nothing else, whatever index and pointer it passes. */
TEST(task_status_without_permission_is_eperm_before_the_index_and_the_pointer)
{
    struct task *a = fx_task(FX_WORKER_A);
    trap(a, PL_SYS_TASK_STATUS, FX_TASKS, 0);
    CHECK_EQ(r0_of(a), PL_EPERM);
    CHECK_EQ(a->state, PL_TASK_READY);
}

/* docs/syscalls.md, call 6: PL_ENOENT is checked after the pointer, so a bad pointer faults
 * the supervisor even when the index names no task. */
TEST(task_status_checks_the_pointer_before_the_index)
{
    struct task *s = fx_task(FX_SUPER);
    uint32_t theirs = status_buffer(FX_WORKER_A);
    trap(s, PL_SYS_TASK_STATUS, FX_TASKS, theirs);
    CHECK_EQ(s->state, PL_TASK_FAULTED);
    CHECK_EQ(s->fault.kind, PL_FAULT_BAD_POINTER);
    CHECK_EQ(s->fault.addr, theirs);
    CHECK_EQ(status_at(theirs)->id, 0);
}

/* ---- registers ---- */

/* docs/syscalls.md: "The kernel writes only the result registers of the call; all others come
 * back as they were." Each call below runs as the supervisor (nothing preempts it) with marks
 * in every register it does not read, and every register but its results must come back. */
TEST(every_call_leaves_every_register_but_its_results_as_it_was)
{
    enum {
        M0 = 0x5e000000u,
        M1 = 0x5e000001u,
        M2 = 0x5e000002u
    }; /* marks */
    struct task *s = fx_task(FX_SUPER);
    uint32_t buf = status_buffer(FX_SUPER);
    const struct {
        uint32_t svc, r0, r1, r2;
        uint32_t results; /* bit i: ri is a result */
    } calls[] = {
        {PL_SYS_YIELD, M0, M1, M2, 0x0},
        {PL_SYS_SLEEP, 0, M1, M2, 0x1},
        {PL_SYS_UPTIME, M0, M1, M2, 0x3},
        {PL_SYS_DEBUG_WRITE, buf, 4, M2, 0x1},
        {PL_SYS_TASK_SELF, M0, M1, M2, 0x1},
        {PL_SYS_TASK_STATUS, FX_WORKER_A, buf, M2, 0x1},
        {PL_SYS_EP_STATUS, FX_EP_SRV, buf, M2, 0x1},
        {PL_SYS_TASK_RESTART, FX_WORKER_B, M1, M2, 0x1},
        {PL_SYS_TASK_FAULT, FX_WORKER_C, M1, M2, 0x1},
        {PL_SYS_KLOG_READ, buf, 16, M2, 0x1}, /* not the drainer: PL_EPERM */
        {PL_SYS_SHUTDOWN, 0, M1, M2, 0x1},    /* no capability: PL_EPERM */
        {PL_SYS_NTFN_SIGNAL, FX_NTFN_EV, 1, M2, 0x1},
        {PL_SYS_IRQ_ACK, FX_NTFN_IRQ, 1, M2, 0x1},
        {PL_SYS_SHM_MAP, 0, 0, M2, 0x1},
        {PL_SYS_SHM_UNMAP, 0, M1, M2, 0x1},
        {PL_SYS_SHM_GRANT, 0, FX_TESTER, PL_SHM_READ, 0x1},
        {PL_SYS_SHM_REVOKE, 0, FX_TESTER, M2, 0x1},
        {PL_SYS_SEND, FX_EP_SRV | PL_IPC_NONBLOCK, M1, M2, 0x1},
        {PL_SYS_REPLY, FX_EP_SRV, M1, M2, 0x1},
        {PL_SYS_RECV, FX_EP_SRV | PL_IPC_NONBLOCK, M1, M2, 0x1},
        {PL_SYS_REPLY_RECV, FX_EP_SRV | PL_IPC_NONBLOCK, M1, M2, 0x1},    /* PL_EAGAIN */
        {PL_SYS_CALL, FX_EP_SRV | PL_IPC_NONBLOCK, M1, M2, 0x1},          /* no right: PL_EPERM */
        {PL_SYS_NTFN_WAIT, FX_NTFN_FAULTS | PL_IPC_NONBLOCK, 1, M2, 0x7}, /* a poll: r1, r2 */
        {PL_SYS_SIG_KILL, FX_WORKER_C, PL_SIGUSR1, M2, 0x1},              /* ends worker_c */
        {PL_SYS_SIG_ACTION, PL_SIGUSR2, PL_SIG_IGN, M2, 0x1},             /* -> previous action */
        {PL_SYS_SIG_MASK, PL_SIG_BLOCK, 1u << PL_SIGINT, M2, 0x3},        /* r0, r1 = old mask */
        {PL_SYS_ALARM, 0, M1, M2, 0x1},
        {PL_SYS_PRIO_SET, 0, M1, M2, 0x1},            /* above worker_a's ceiling: PL_EPERM */
        {PL_SYS_ATOMIC, PL_ATOMIC_OPS, buf, M2, 0x1}, /* an unknown operation: PL_EINVAL */
    };
    /* Every call is in this table but exit, which never returns, sigreturn, which loads every
     * register from its frame by design, and sigsuspend, which always blocks (a new call must
     * join it: docs/recipes.md, "Add a system call"). Blocking calls woken later: the tests
     * below; sigreturn and sigsuspend: test_signal.c. */
    for (uint32_t nr = 0; nr < PL_SYS_COUNT; nr++) {
        int found = nr == PL_SYS_EXIT || nr == PL_SYS_SIG_RETURN || nr == PL_SYS_SIG_SUSPEND;
        for (unsigned c = 0; c < sizeof(calls) / sizeof(calls[0]); c++) {
            found |= calls[c].svc == nr;
        }
        if (!found) {
            harness_fail(__FILE__, __LINE__, "system call %u is not in this table", nr);
        }
    }
    for (unsigned c = 0; c < sizeof(calls) / sizeof(calls[0]); c++) {
        fx_run(s);
        fx_load(s, calls[c].svc,
                &(struct fx_ipc){.obj = calls[c].r0, .label = calls[c].r1, .w0 = calls[c].r2});
        int ipc = calls[c].svc >= PL_SYS_SEND && calls[c].svc <= PL_SYS_REPLY_RECV;
        for (unsigned r = 3; r < 12; r++) { /* an IPC call's r4-r7 are its buffers: none */
            arch_task_set_reg(&s->arch, r, ipc && r >= 4 && r <= 7 ? 0 : 0x5e000000u + r);
        }
        const uint32_t before[3] = {calls[c].r0, calls[c].r1, fx_reg(s, 2)};
        if (task_of(kernel_syscall(&s->arch)) != s) {
            harness_fail(__FILE__, __LINE__, "system call %u switched away", calls[c].svc);
        }
        for (unsigned r = 1; r < 12; r++) {
            uint32_t want = r < 3 ? before[r] : ipc && r >= 4 && r <= 7 ? 0 : 0x5e000000u + r;
            if (!(calls[c].results >> r & 1u) && fx_reg(s, r) != want) {
                harness_fail(__FILE__, __LINE__, "system call %u changed r%u: %#x, not %#x",
                             calls[c].svc, r, fx_reg(s, r), want);
            }
        }
    }
}

/* The same rule for calls that block and are woken later, by their deadline or by a peer that
 * stops: the wake-up writes the call's results (r0 for send and wait, r0-r6 for recv and call,
 * docs/syscalls.md, "IPC calls") and nothing else. */
static struct fx_ipc marked(uint32_t obj)
{
    return (struct fx_ipc){.obj = obj,
                           .label = 0x5e000001u, /* for a wait: its mask */
                           .w0 = 0x5e000002u,
                           .w1 = 0x5e000003u,
                           .target = 0x5e000008u,
                           .timeout = 3};
}

/* t (made current) traps for svc with `in` and r10, r11 marked, and must block; regs gets its
 * registers as they were at the trap. */
static void block_marked(struct task *t, uint32_t svc, struct fx_ipc in, uint32_t regs[12])
{
    fx_run(t);
    fx_load(t, svc, &in);
    arch_task_set_reg(&t->arch, 10, 0x5e00000au);
    arch_task_set_reg(&t->arch, 11, 0x5e00000bu);
    for (unsigned r = 0; r < 12; r++) {
        regs[r] = fx_reg(t, r);
    }
    kernel_syscall(&t->arch);
    if (t->state != PL_TASK_BLOCKED) {
        harness_fail(__FILE__, __LINE__, "%s did not block", t->desc->name);
    }
}

static void check_woken_keeps(int line, struct task *t, const uint32_t regs[12], int32_t status,
                              unsigned last_result)
{
    harness_check_eq(__FILE__, line, "state", "PL_TASK_READY", t->state, PL_TASK_READY);
    harness_check_eq(__FILE__, line, "status", "expected", fx_status(t), status);
    for (unsigned r = last_result + 1u; r < 12; r++) {
        if (fx_reg(t, r) != regs[r]) {
            harness_fail(__FILE__, line, "%s: r%u changed from %#x to %#x", t->desc->name, r,
                         regs[r], fx_reg(t, r));
        }
    }
}
#define CHECK_WOKEN_KEEPS(t, regs, status, last) check_woken_keeps(__LINE__, t, regs, status, last)

static void ticks_until_ready(struct task *t)
{
    for (int i = 0; i < 10 && t->state != PL_TASK_READY; i++) {
        fx_tick();
    }
}

static const struct pl_fault_record stop = {.kind = PL_FAULT_INJECTED};

TEST(a_send_or_wait_that_times_out_writes_only_r0)
{
    struct task *a = fx_task(FX_WORKER_A);
    uint32_t regs[12];
    block_marked(a, PL_SYS_SEND, marked(FX_EP_SRV | PL_IPC_TIMED), regs); /* super is parked */
    ticks_until_ready(a);
    CHECK_WOKEN_KEEPS(a, regs, PL_ETIMEDOUT, 0);
    block_marked(a, PL_SYS_NTFN_WAIT, marked(FX_NTFN_IRQ | PL_IPC_TIMED), regs);
    ticks_until_ready(a);
    CHECK_WOKEN_KEEPS(a, regs, PL_ETIMEDOUT, 0);
}

TEST(a_recv_or_call_that_times_out_writes_only_r0_to_r6)
{
    struct task *a = fx_task(FX_WORKER_A), *b = fx_task(FX_WORKER_B);
    uint32_t regs[12];
    block_marked(b, PL_SYS_RECV, marked(FX_EP_POOL | PL_IPC_TIMED), regs);
    ticks_until_ready(b);
    CHECK_WOKEN_KEEPS(b, regs, PL_ETIMEDOUT, 6);
    fx_trap(fx_task(FX_SUPER), PL_SYS_RECV, &(struct fx_ipc){.obj = FX_EP_SRV});
    block_marked(a, PL_SYS_CALL, marked(FX_EP_SRV | PL_IPC_TIMED), regs); /* super holds it */
    CHECK_EQ(a->block, BLOCK_REPLY);
    ticks_until_ready(a);
    CHECK_WOKEN_KEEPS(a, regs, PL_ETIMEDOUT, 6);
}

TEST(a_send_or_call_woken_by_a_dead_server_writes_only_its_results)
{
    struct task *a = fx_task(FX_WORKER_A), *s = fx_task(FX_SUPER);
    uint32_t regs[12];
    block_marked(a, PL_SYS_SEND, marked(FX_EP_SRV), regs); /* queued: super is parked */
    task_fault(s, &stop);                                  /* srv's last receiver */
    CHECK_WOKEN_KEEPS(a, regs, PL_EDEAD, 0);
    fixture_reset();
    fx_trap(s, PL_SYS_RECV, &(struct fx_ipc){.obj = FX_EP_SRV});
    block_marked(a, PL_SYS_CALL, marked(FX_EP_SRV), regs);
    CHECK_EQ(a->block, BLOCK_REPLY);
    task_fault(s, &stop);
    CHECK_WOKEN_KEEPS(a, regs, PL_EDEAD, 6);
}

/* ---- task_restart ---- */

TEST(task_fault_requires_supervisor)
{
    struct task *t = fx_task(FX_TESTER), *w = fx_task(FX_WORKER_A);
    trap(t, PL_SYS_TASK_FAULT, FX_WORKER_A, 0);
    CHECK_EQ(r0_of(t), PL_EPERM);
    CHECK(w->state != PL_TASK_FAULTED);
    CHECK_EQ(w->faults, 0);
}

TEST(task_fault_stops_the_target_with_an_injected_fault)
{
    struct task *s = fx_task(FX_SUPER), *w = fx_task(FX_WORKER_A);
    w->arch.frame.pc = 0x1234; /* where it was stopped */
    trap(s, PL_SYS_TASK_FAULT, FX_WORKER_A, 0);
    CHECK_EQ(r0_of(s), PL_OK);
    CHECK_EQ(w->state, PL_TASK_FAULTED);
    CHECK_EQ(w->fault.kind, PL_FAULT_INJECTED);
    CHECK_EQ(w->fault.pc, 0x1234);
    CHECK_EQ(w->faults, 1);
}

TEST(task_fault_of_self_or_of_a_stopped_task_is_einval)
{
    struct task *s = fx_task(FX_SUPER), *w = fx_task(FX_WORKER_A);
    trap(s, PL_SYS_TASK_FAULT, FX_SUPER, 0);
    CHECK_EQ(r0_of(s), PL_EINVAL);
    trap(s, PL_SYS_TASK_FAULT, FX_WORKER_A, 0);
    trap(s, PL_SYS_TASK_FAULT, FX_WORKER_A, 0); /* already faulted */
    CHECK_EQ(r0_of(s), PL_EINVAL);
    CHECK_EQ(w->faults, 1);
}

/* The idle task is the kernel's: it must stay ready, or a system whose tasks all wait would
 * have nothing to run. */
TEST(task_fault_and_task_restart_of_the_idle_task_are_eperm)
{
    struct task *s = fx_task(FX_SUPER), *idle = fx_task(FX_IDLE);
    trap(s, PL_SYS_TASK_FAULT, FX_IDLE, 0);
    CHECK_EQ(r0_of(s), PL_EPERM);
    trap(s, PL_SYS_TASK_RESTART, FX_IDLE, 0);
    CHECK_EQ(r0_of(s), PL_EPERM);
    CHECK_EQ(idle->state, PL_TASK_READY);
    CHECK_EQ(idle->faults, 0);
    CHECK_EQ(idle->generation, 1);
    /* With every other task waiting, the idle task still runs. */
    for (uint32_t i = 0; i < FX_IDLE; i++) {
        fx_park(fx_task(i));
    }
    CHECK_PTR_EQ(sched_switch(), idle);
}

TEST(task_fault_of_unknown_index_is_enoent)
{
    struct task *s = fx_task(FX_SUPER);
    trap(s, PL_SYS_TASK_FAULT, FX_TASKS, 0);
    CHECK_EQ(r0_of(s), PL_ENOENT);
}

TEST(ep_status_requires_supervisor)
{
    struct task *t = fx_task(FX_TESTER);
    trap(t, PL_SYS_EP_STATUS, 0, status_buffer(FX_TESTER));
    CHECK_EQ(r0_of(t), PL_EPERM);
}

TEST(ep_status_past_the_last_endpoint_is_enoent)
{
    struct task *s = fx_task(FX_SUPER);
    trap(s, PL_SYS_EP_STATUS, sys_endpoint_count, status_buffer(FX_SUPER));
    CHECK_EQ(r0_of(s), PL_ENOENT);
}

/* docs/syscalls.md, call 22: messages delivered since boot (by a send taken by a waiting
 * receiver or a receive that takes a waiting sender alike) and the tasks waiting now. */
TEST(ep_status_counts_deliveries_and_the_tasks_waiting_now)
{
    struct task *s = fx_task(FX_SUPER);
    uint32_t out = status_buffer(FX_SUPER);
    for (int i = 0; i < 3; i++) {
        ipc_trap(FX_SUPER, PL_SYS_RECV, FX_EP_SRV);
        ipc_trap(FX_TESTER, PL_SYS_SEND, FX_EP_SRV);
    }
    ipc_trap(FX_TESTER, PL_SYS_SEND, FX_EP_SRV); /* super is not receiving: both wait */
    ipc_trap(FX_WORKER_A, PL_SYS_CALL, FX_EP_SRV);
    ipc_trap(FX_WORKER_B, PL_SYS_RECV, FX_EP_POOL);
    ipc_trap(FX_WORKER_C, PL_SYS_RECV, FX_EP_POOL);
    trap(s, PL_SYS_EP_STATUS, FX_EP_SRV, out);
    CHECK_EQ(r0_of(s), PL_OK);
    CHECK_EQ(ep_status_at(out)->messages, 3);
    CHECK_EQ(ep_status_at(out)->senders, 2);
    CHECK_EQ(ep_status_at(out)->receivers, 0);
    CHECK_STR_EQ(ep_status_at(out)->name, "srv");
    trap(s, PL_SYS_EP_STATUS, FX_EP_POOL, out);
    CHECK_EQ(r0_of(s), PL_OK);
    CHECK_EQ(ep_status_at(out)->messages, 0);
    CHECK_EQ(ep_status_at(out)->senders, 0);
    CHECK_EQ(ep_status_at(out)->receivers, 2);
    CHECK_STR_EQ(ep_status_at(out)->name, "pool");
    ipc_trap(FX_SUPER, PL_SYS_RECV, FX_EP_SRV); /* takes worker_a's call from the queue */
    trap(s, PL_SYS_EP_STATUS, FX_EP_SRV, out);
    CHECK_EQ(ep_status_at(out)->messages, 4);
    CHECK_EQ(ep_status_at(out)->senders, 1);
}

TEST(ep_status_to_another_tasks_memory_faults_supervisor)
{
    struct task *s = fx_task(FX_SUPER);
    uint32_t theirs = status_buffer(FX_WORKER_A);
    CHECK_PTR_EQ(trap(s, PL_SYS_EP_STATUS, FX_EP_SRV, theirs), fx_task(FX_WORKER_A));
    CHECK_EQ(s->state, PL_TASK_FAULTED);
    CHECK_EQ(s->fault.kind, PL_FAULT_BAD_POINTER);
    CHECK_EQ(s->fault.addr, theirs);
    CHECK_EQ(s->fault.addr_valid, 1);
    CHECK_EQ(ep_status_at(theirs)->name[0], 0);
}

/* docs/syscalls.md, call 22: PL_ENOENT is checked after the pointer, as for task_status. */
TEST(ep_status_checks_the_pointer_before_the_index)
{
    struct task *s = fx_task(FX_SUPER);
    uint32_t theirs = status_buffer(FX_WORKER_A);
    trap(s, PL_SYS_EP_STATUS, FX_ENDPOINTS, theirs);
    CHECK_EQ(s->state, PL_TASK_FAULTED);
    CHECK_EQ(s->fault.kind, PL_FAULT_BAD_POINTER);
    CHECK_EQ(s->fault.addr, theirs);
}

/* docs/syscalls.md, "Who may call what": a call without the capability returns PL_EPERM and
 * changes nothing, so a bad pointer or index does not fault a task that may not ask. */
TEST(ep_status_without_permission_is_eperm_whatever_the_index_and_pointer)
{
    struct task *t = fx_task(FX_TESTER);
    trap(t, PL_SYS_EP_STATUS, FX_ENDPOINTS, status_buffer(FX_SUPER));
    CHECK_EQ(r0_of(t), PL_EPERM);
    CHECK_EQ(t->state, PL_TASK_READY);
    CHECK_EQ(ep_status_at(status_buffer(FX_SUPER))->name[0], 0);
}

TEST(task_restart_requires_supervisor)
{
    struct task *t = fx_task(FX_TESTER), *idle = fx_task(FX_IDLE);
    trap(t, PL_SYS_TASK_RESTART, FX_IDLE, 0);
    CHECK_EQ(r0_of(t), PL_EPERM);
    CHECK_EQ(idle->generation, 1);
}

TEST(task_restart_of_unknown_index_is_enoent)
{
    struct task *s = fx_task(FX_SUPER);
    trap(s, PL_SYS_TASK_RESTART, FX_TASKS, 0);
    CHECK_EQ(r0_of(s), PL_ENOENT);
}

TEST(task_restart_of_self_is_einval)
{
    struct task *s = fx_task(FX_SUPER);
    CHECK_PTR_EQ(trap(s, PL_SYS_TASK_RESTART, FX_SUPER, 0), s);
    CHECK_EQ(r0_of(s), PL_EINVAL);
    CHECK_EQ(s->generation, 1);
    CHECK_EQ(s->restarts, 0);
}

TEST(task_restart_returns_the_new_id)
{
    struct task *s = fx_task(FX_SUPER), *a = fx_task(FX_WORKER_A);
    fx_ram[FX_WORKER_A][FX_STACK_SIZE + 4u * PL_NTFN_MIRROR_WORDS] = 0; /* past its poll mirror */
    trap(s, PL_SYS_TASK_RESTART, FX_WORKER_A, 0);
    CHECK_EQ(s->arch.frame.r0, PL_TASK_ID(FX_WORKER_A, 2));
    CHECK_EQ(a->generation, 2);
    CHECK_EQ(a->restarts, 1);
    CHECK_EQ(fx_ram[FX_WORKER_A][FX_STACK_SIZE + 4u * PL_NTFN_MIRROR_WORDS],
             fx_data_byte(FX_WORKER_A, 4u * PL_NTFN_MIRROR_WORDS));
}

TEST(task_restart_revives_a_faulted_task)
{
    struct task *s = fx_task(FX_SUPER), *b = fx_task(FX_WORKER_B);
    trap(b, PL_SYS_COUNT, 0, 0);
    CHECK_EQ(b->state, PL_TASK_FAULTED);
    CHECK_PTR_EQ(trap(s, PL_SYS_TASK_RESTART, FX_WORKER_B, 0), s);
    CHECK_EQ(b->state, PL_TASK_READY);
    CHECK_EQ(b->faults, 1);
}

/* ---- shutdown ---- */

TEST(shutdown_requires_capability)
{
    struct task *s = fx_task(FX_SUPER);
    trap(s, PL_SYS_SHUTDOWN, 0, 0); /* supervisor is not enough */
    CHECK_EQ(r0_of(s), PL_EPERM);
    CHECK_EQ(host_arch.halted, 0);
}

TEST(shutdown_halts_with_the_callers_status)
{
    HOST_EXPECT_HALT(trap(fx_task(FX_TESTER), PL_SYS_SHUTDOWN, 3, 0));
    CHECK_EQ(host_arch.halted, 1);
    CHECK_EQ(host_arch.halt_code, 3);
    CHECK_CONTAINS(fake_console_text(), "shutdown requested by tester, status 3");
}

TEST(shutdown_status_is_signed)
{
    HOST_EXPECT_HALT(trap(fx_task(FX_TESTER), PL_SYS_SHUTDOWN, (uint32_t)-2, 0));
    CHECK_EQ(host_arch.halt_code, -2);
    CHECK_CONTAINS(fake_console_text(), "status -2");
}

/* ---- unknown numbers ---- */

/* The general path checks only the range of a number (sys/syscall.c): every number below
 * PL_SYS_COUNT must have its handler (a hole would be called as a null pointer here). */
TEST(every_call_number_has_a_handler)
{
    for (uint32_t nr = 0; nr < PL_SYS_COUNT; nr++) {
        fixture_reset();
        struct task *a = fx_task(FX_WORKER_A);
        fx_trap_general(a, nr, &(struct fx_ipc){0});
        CHECK(a->fault.kind != PL_FAULT_BAD_SYSCALL);
    }
}

TEST(unknown_syscall_faults_caller)
{
    struct task *a = fx_task(FX_WORKER_A);
    CHECK_PTR_EQ(trap(a, PL_SYS_COUNT, 0, 0), fx_task(FX_WORKER_B));
    CHECK_EQ(a->state, PL_TASK_FAULTED);
    CHECK_EQ(a->fault.kind, PL_FAULT_BAD_SYSCALL);
    CHECK_EQ(a->fault.addr_valid, 0);
    CHECK_EQ(a->fault.addr, PL_SYS_COUNT); /* the number it asked for */
    CHECK_EQ(a->fault.pc, fx_addr(fx_code[FX_WORKER_A]) + SVC_OFFSET);
}

TEST(largest_syscall_number_faults_caller)
{
    struct task *a = fx_task(FX_WORKER_A);
    trap(a, UINT32_MAX, 0, 0);
    CHECK_EQ(a->fault.kind, PL_FAULT_BAD_SYSCALL);
}

TEST(faulted_caller_is_not_run_again)
{
    struct task *s = fx_task(FX_SUPER);
    trap(s, PL_SYS_COUNT, 0, 0);
    for (int i = 0; i < 10; i++) {
        CHECK(fx_tick() != s);
    }
}

/* ---- the other kernel entries ---- */

TEST(tick_advances_uptime)
{
    fx_tick();
    fx_tick();
    CHECK_EQ(time_now(), 2);
}

TEST(tick_switches_at_slice_end_only)
{
    fx_run(fx_task(FX_WORKER_A));
    for (unsigned i = 1; i < FX_SLICE_TICKS; i++) {
        CHECK_PTR_EQ(fx_tick(), fx_task(FX_WORKER_A));
    }
    CHECK_PTR_EQ(fx_tick(), fx_task(FX_WORKER_B));
    CHECK_PTR_EQ(sched_current(), fx_task(FX_WORKER_B));
}

TEST(tick_switches_when_a_more_urgent_sleeper_wakes)
{
    struct task *s = fx_task(FX_SUPER);
    CHECK_PTR_EQ(trap(s, PL_SYS_SLEEP, 1, 0), fx_task(FX_WORKER_A));
    CHECK_PTR_EQ(fx_tick(), s);
    CHECK_EQ(fx_task(FX_WORKER_A)->state, PL_TASK_READY); /* preempted, still ready */
}

TEST(task_fault_entry_stops_the_task_and_switches)
{
    const struct pl_fault_record rec = {.kind = PL_FAULT_STACK, .pc = 0x100};
    struct task *s = fx_task(FX_SUPER);
    CHECK_PTR_EQ(task_of(kernel_task_fault(&s->arch, &rec)), fx_task(FX_WORKER_A));
    CHECK_EQ(s->state, PL_TASK_FAULTED);
    CHECK_EQ(s->fault.kind, PL_FAULT_STACK);
}

TEST(a_fault_in_the_idle_task_is_a_kernel_panic)
{
    const struct pl_fault_record rec = {.kind = PL_FAULT_BUS, .pc = 0x104};
    struct task *idle = fx_task(FX_IDLE);
    for (uint32_t i = 0; i < FX_IDLE; i++) {
        fx_park(fx_task(i));
    }
    CHECK_PTR_EQ(sched_switch(), idle);
    HOST_EXPECT_HALT(kernel_task_fault(&idle->arch, &rec));
    CHECK(host_arch.halted);
    CHECK_CONTAINS(fake_console_text(), "the idle task faulted");
}

TEST(interrupt_nobody_owns_is_masked_and_reported)
{
    struct task *running = sched_current();
    arch_irq_enable(7);
    CHECK_PTR_EQ(fx_irq(7), running);
    CHECK_EQ(host_arch.irq_enabled[7], 0);
    CHECK_STR_EQ(fake_console_text(), "[kernel] interrupt 7 has no owner; masked\r\n");
}

TEST(interrupt_beyond_the_machine_is_masked)
{
    fx_irq(FX_IRQS + 5);
    CHECK_EQ(host_arch.last_irq_disabled, FX_IRQS + 5);
    CHECK_CONTAINS(fake_console_text(), "has no owner");
}

TEST(owned_interrupt_is_masked_until_acknowledged)
{
    struct task *running = sched_current();
    CHECK_EQ(host_arch.irq_enabled[FX_IRQ_OWNED], 1); /* unmasked at boot */
    CHECK_PTR_EQ(fx_irq(FX_IRQ_OWNED), running);      /* its driver is not waiting */
    CHECK_EQ(host_arch.irq_enabled[FX_IRQ_OWNED], 0);
    CHECK_EQ(fake_console_length(), 0);
}

TEST(interrupt_waking_a_more_urgent_driver_switches_to_it)
{
    struct task *a = fx_task(FX_WORKER_A);
    CHECK_PTR_EQ(trap(a, PL_SYS_NTFN_WAIT, 0, 1u), fx_task(FX_WORKER_B));
    CHECK_EQ(a->state, PL_TASK_BLOCKED);
    fx_run(fx_task(FX_TESTER));
    CHECK_PTR_EQ(fx_irq(FX_IRQ_OWNED), a);
    CHECK_EQ(a->state, PL_TASK_READY);
    CHECK_EQ(fx_task(FX_TESTER)->state, PL_TASK_READY); /* preempted, first of its level */
    CHECK(fx_in_run_queue(fx_task(FX_TESTER)));
}

/* ---- the status capability: read any task's status and any endpoint's, nothing else ---- */

TEST(status_capability_reads_task_and_endpoint_status)
{
    struct task *c = fx_task(FX_WORKER_C);
    uint32_t out = status_buffer(FX_WORKER_C);
    trap(c, PL_SYS_TASK_STATUS, FX_WORKER_B, out);
    CHECK_EQ(r0_of(c), PL_OK);
    CHECK_EQ(status_at(out)->id, PL_TASK_ID(FX_WORKER_B, 1));
    CHECK_STR_EQ(status_at(out)->name, "worker_b");
    trap(c, PL_SYS_EP_STATUS, FX_EP_SRV, out);
    CHECK_EQ(r0_of(c), PL_OK);
}

TEST(status_capability_may_not_restart_or_stop_tasks)
{
    struct task *c = fx_task(FX_WORKER_C), *b = fx_task(FX_WORKER_B);
    trap(c, PL_SYS_TASK_RESTART, FX_WORKER_B, 0);
    CHECK_EQ(r0_of(c), PL_EPERM);
    trap(c, PL_SYS_TASK_FAULT, FX_WORKER_B, 0);
    CHECK_EQ(r0_of(c), PL_EPERM);
    CHECK_EQ(b->restarts, 0);
    CHECK(b->state != PL_TASK_FAULTED);
}

TEST(status_capability_to_another_tasks_memory_faults)
{
    struct task *c = fx_task(FX_WORKER_C);
    trap(c, PL_SYS_TASK_STATUS, FX_WORKER_B, status_buffer(FX_WORKER_B));
    CHECK_EQ(c->state, PL_TASK_FAULTED);
    CHECK_EQ(c->fault.kind, PL_FAULT_BAD_POINTER);
}

/*
 * tests/host/test_entry.c - sys/entry.c: the ways into the kernel, and the rule every one of
 * them enforces first (docs/architecture.md, "Threat model"): a task's saved exception frame
 * must lie wholly inside its own RAM region, or the task is faulted with PL_FAULT_BAD_STACK
 * before a word of the frame is read. A system call is then not made; a tick or an interrupt
 * is still handled, as if it had come while the task chosen in its place ran.
 *
 * The fake arch (arch/host) keeps the frame by value, so a test plays "the task moved its SP"
 * by setting arch.sp, which is what the real check compares (the frame would lie there). The
 * Cortex-M entry makes the same check in assembly; tests/qemu/attack runs it for real.
 */
#include <string.h>

#include "endpoint_scenes.h"
#include "host_arch.h"

#define FRAME 32u /* bytes of a Cortex-M basic frame: what must fit */

static uint32_t ram_base(enum fixture_task_index i)
{
    return fx_addr(fx_ram[i]);
}

/* The task traps with its SP at sp; returns who runs next. */
static struct task *trap_at(enum fixture_task_index i, uint32_t sp, uint32_t svc, struct fx_ipc in)
{
    fx_run(T(i));
    T(i)->arch.sp = sp;
    fx_load(T(i), svc, &in);
    return task_of(kernel_syscall(&T(i)->arch));
}

static void check_bad_stack(int line, enum fixture_task_index i, uint32_t sp)
{
    const struct task *t = T(i);
    harness_check_eq(__FILE__, line, "state", "PL_TASK_FAULTED", t->state, PL_TASK_FAULTED);
    harness_check_eq(__FILE__, line, "fault.kind", "PL_FAULT_BAD_STACK", t->fault.kind,
                     PL_FAULT_BAD_STACK);
    harness_check_eq(__FILE__, line, "fault.addr", "sp", t->fault.addr, sp);
    harness_check_eq(__FILE__, line, "fault.addr_valid", "1", t->fault.addr_valid, 1);
    harness_check_eq(__FILE__, line, "fault.pc", "0 (the frame is not read)", t->fault.pc, 0);
}
#define CHECK_BAD_STACK(i, sp) check_bad_stack(__LINE__, (i), (sp))

/* ---- where the frame may lie ---- */

TEST(a_task_starts_with_its_frame_in_its_own_ram)
{
    for (uint32_t i = 0; i < FX_TASKS; i++) {
        CHECK(arch_task_frame_ok(&T(i)->arch));
        CHECK_EQ(T(i)->arch.stack_base, ram_base(i));
    }
}

TEST(frames_at_both_ends_of_its_ram_are_accepted)
{
    const uint32_t ok[] = {ram_base(FX_TESTER), ram_base(FX_TESTER) + FX_RAM_SIZE - FRAME,
                           ram_base(FX_TESTER) + FX_STACK_SIZE - FRAME};
    for (unsigned k = 0; k < sizeof(ok) / sizeof(ok[0]); k++) {
        fixture_reset();
        trap_at(FX_TESTER, ok[k], PL_SYS_TASK_SELF, (struct fx_ipc){0});
        CHECK_EQ(T(FX_TESTER)->state, PL_TASK_READY);
        CHECK_EQ(fx_reg(T(FX_TESTER), 0), fx_id(FX_TESTER));
    }
}

/* Every place outside the task's own RAM: a frame there is refused, whatever the call. */
TEST(a_frame_anywhere_else_faults_the_task_before_the_call)
{
    const uint32_t bad[] = {
        ram_base(FX_WORKER_A) - 4u,                       /* just below its RAM */
        ram_base(FX_WORKER_A) - FRAME,                    /* wholly below it */
        ram_base(FX_WORKER_A) + FX_RAM_SIZE - FRAME + 4u, /* runs 4 bytes past its top */
        ram_base(FX_WORKER_A) + FX_RAM_SIZE,              /* just past its top */
        fx_addr(fx_device),                               /* its own device region */
        fx_addr(fx_rodata),                               /* its own read-only region */
        fx_addr(fx_code[FX_WORKER_A]),                    /* its own code */
        ram_base(FX_WORKER_B),                            /* another task's RAM */
        fx_addr(fx_page[0]),                              /* a shared page */
        0u,
        0xfffffffcu, /* a frame here would wrap past the top of the address space */
        0xe000ed00u, /* the System Control Space */
    };
    for (unsigned k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        fixture_reset();
        recv_on(FX_SUPER, SRV); /* a send that went ahead would be seen here */
        struct task *next =
            trap_at(FX_WORKER_A, bad[k], PL_SYS_SEND, msg(FX_WORKER_A, SRV, 0x51, 4));
        CHECK_BAD_STACK(FX_WORKER_A, bad[k]);
        CHECK(next != T(FX_WORKER_A));
        CHECK_PTR_EQ(next, sched_current());
        CHECK_BLOCKED(T(FX_SUPER), BLOCK_RECV); /* no message arrived */
        CHECK_EQ(T(FX_WORKER_A)->msgs_sent, 0);
    }
}

TEST(a_frame_in_a_mapped_shared_page_is_refused_too)
{
    /* worker_c owns page 0 and maps it: its own, writable, yet not its RAM */
    fx_trap_args(T(FX_WORKER_C), PL_SYS_SHM_MAP, 0, 0, 0);
    CHECK_EQ(fx_reg(T(FX_WORKER_C), 0), fx_addr(fx_page[0]));
    uint32_t sp = fx_addr(fx_page[0]) + FX_PAGE_SIZE - FRAME;
    trap_at(FX_WORKER_C, sp, PL_SYS_RECV, rx(FX_WORKER_C, POOL, BUF));
    CHECK_BAD_STACK(FX_WORKER_C, sp);
    CHECK_RECEIVERS(POOL, NONE); /* it never joined the queue */
}

TEST(the_fault_reaches_the_supervisor_like_any_other)
{
    trap_at(FX_WORKER_A, fx_addr(fx_device), PL_SYS_YIELD, (struct fx_ipc){0});
    CHECK(ntfn_bits[FX_NTFN_FAULTS] & FX_FAULT_BIT);
    CHECK_EQ(T(FX_WORKER_A)->faults, 1);
}

TEST(a_restart_gives_the_task_a_fresh_frame_in_its_ram)
{
    trap_at(FX_WORKER_A, fx_addr(fx_device), PL_SYS_YIELD, (struct fx_ipc){0});
    task_restart(T(FX_WORKER_A));
    CHECK(arch_task_frame_ok(&T(FX_WORKER_A)->arch));
    CHECK_EQ(T(FX_WORKER_A)->state, PL_TASK_READY);
    fx_trap_args(T(FX_WORKER_A), PL_SYS_TASK_SELF, 0, 0, 0);
    CHECK_EQ(fx_reg(T(FX_WORKER_A), 0), fx_id(FX_WORKER_A));
}

/* ---- ticks and interrupts: the task goes, the event is still handled ---- */

TEST(a_tick_while_the_frame_is_outside_faults_the_task_and_still_counts)
{
    fx_run(T(FX_WORKER_A));
    uint64_t before = time_now();
    T(FX_WORKER_A)->arch.sp = fx_addr(fx_page[1]);
    struct task *next = fx_tick();
    CHECK_BAD_STACK(FX_WORKER_A, fx_addr(fx_page[1]));
    CHECK_EQ(time_now(), before + 1);
    CHECK(next != T(FX_WORKER_A));
    CHECK_PTR_EQ(next, sched_current());
}

TEST(a_tick_ends_a_sleep_even_when_the_interrupted_task_is_faulted)
{
    fx_trap_args(T(FX_WORKER_B), PL_SYS_SLEEP, 1, 0, 0);
    CHECK_BLOCKED(T(FX_WORKER_B), BLOCK_SLEEP);
    fx_run(T(FX_WORKER_A));
    T(FX_WORKER_A)->arch.sp = fx_addr(fx_device);
    fx_tick();
    CHECK_BAD_STACK(FX_WORKER_A, fx_addr(fx_device));
    CHECK_EQ(T(FX_WORKER_B)->state, PL_TASK_READY);
}

TEST(an_interrupt_while_the_frame_is_outside_faults_the_task_and_reaches_its_driver)
{
    /* worker_a drives FX_IRQ_OWNED; tester is interrupted with a bad SP */
    op(FX_WORKER_A, PL_SYS_NTFN_WAIT, (struct fx_ipc){.obj = FX_NTFN_IRQ, .label = FX_IRQ_BIT});
    CHECK_BLOCKED(T(FX_WORKER_A), BLOCK_NTFN);
    fx_run(T(FX_TESTER));
    T(FX_TESTER)->arch.sp = ram_base(FX_WORKER_A);
    struct task *next = fx_irq(FX_IRQ_OWNED);
    CHECK_BAD_STACK(FX_TESTER, ram_base(FX_WORKER_A));
    CHECK_PTR_EQ(next, T(FX_WORKER_A));
    CHECK_EQ(fx_reg(T(FX_WORKER_A), 2), FX_IRQ_BIT);
    CHECK(!host_arch.irq_enabled[FX_IRQ_OWNED]); /* masked until the driver acknowledges */
}

TEST(a_good_frame_costs_a_tick_or_an_interrupt_nothing)
{
    fx_run(T(FX_WORKER_A));
    fx_tick();
    fx_irq(FX_IRQ_OWNED);
    CHECK(task_is_alive(T(FX_WORKER_A)));
    CHECK_EQ(T(FX_WORKER_A)->faults, 0);
}

/* ---- values changed while a task waits are never used ---- */

/* The grant a queued message carries is the one checked when it was sent: flipping the flag
 * or the right in its saved registers afterwards (what another task could do if the frame
 * lay in a page it shares) changes nothing. */
TEST(a_queued_senders_grant_is_the_one_checked_at_send_time)
{
    op(FX_TESTER, PL_SYS_SEND, msg(FX_TESTER, POOL, 0x61, 0)); /* no grant: queued */
    CHECK_BLOCKED(T(FX_TESTER), BLOCK_SEND);
    struct arch_frame *f = arch_task_frame(&T(FX_TESTER)->arch);
    f->r0 |= PL_IPC_GRANT; /* "written while it waits" */
    arch_task_set_reg(&T(FX_TESTER)->arch, IN_TARGET, PL_GRANT(200, PL_RIGHT_SEND));
    struct task_rights before = T(FX_WORKER_C)->rights;
    recv_on(FX_WORKER_C, POOL);
    CHECK_GOT(T(FX_WORKER_C), PL_OK, 0x61, FX_TESTER, ANY_BADGE, 0);
    CHECK(memcmp(&before, &T(FX_WORKER_C)->rights, sizeof(before)) == 0);
}

TEST(a_queued_senders_checked_grant_survives_its_registers_being_cleared)
{
    op(FX_TESTER, PL_SYS_SEND, with_grant(msg(FX_TESTER, POOL, 0x62, 0), SRV, PL_RIGHT_SEND));
    CHECK_BLOCKED(T(FX_TESTER), BLOCK_SEND);
    arch_task_frame(&T(FX_TESTER)->arch)->r0 &= ~PL_IPC_GRANT;
    arch_task_set_reg(&T(FX_TESTER)->arch, IN_TARGET, 0);
    recv_on(FX_WORKER_C, POOL);
    CHECK(T(FX_WORKER_C)->rights.ep_send & (1u << SRV));
    CHECK_EQ(T(FX_WORKER_C)->rights.badge[SRV], FX_BADGE_TEST_SRV);
}

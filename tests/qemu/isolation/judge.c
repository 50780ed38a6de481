/*
 * tests/qemu/isolation/judge.c - decides the isolation cases from task statuses.
 *
 * Every offender must end FAULTED, exactly once, with the fault kind and address its offence
 * implies and a PC inside its own code; the victim must still be running, never faulted (it
 * traps if a canary changed) and keep being scheduled. See system.ini for the set-up.
 */
#include <stddef.h>

#include "../harness/qtest.h"
#include "isolation.h"

_Static_assert(TASK_VICTIM_RAM_BASE + TASK_VICTIM_RAM_SIZE == TASK_STACK_OVF_RAM_BASE,
               "the victim's RAM must lie right below stack_ovf's stack (see system.ini)");

/* What the kernel must record for one offence. */
struct offence {
    const char *name;
    uint32_t task;
    uint32_t kind;  /* enum pl_fault_kind */
    int check_addr; /* 1: the record must carry exactly `addr` */
    uint32_t addr;
    uint32_t flash; /* the offender's code region, where its PC must be */
    uint32_t flash_size;
};

#define OFFENCE(name, task, kind, check_addr, addr)                                                \
    {                                                                                              \
        name, TASK_##task, kind, check_addr, addr, TASK_##task##_FLASH_BASE,                       \
            TASK_##task##_FLASH_SIZE                                                               \
    }

static const struct offence offences[] = {
    OFFENCE("read_other_task_ram_faults_only_offender", RD_OTHER, PL_FAULT_MEM_DATA, 1,
            VICTIM_CANARY_ADDR),
    OFFENCE("write_other_task_ram_faults_only_offender", WR_OTHER, PL_FAULT_MEM_DATA, 1,
            VICTIM_CANARY_ADDR),
    OFFENCE("write_own_code_faults_only_offender", WR_CODE, PL_FAULT_MEM_DATA, 1,
            TASK_WR_CODE_FLASH_BASE),
    OFFENCE("execute_from_own_ram_faults_only_offender", EXEC_RAM, PL_FAULT_MEM_EXEC, 1,
            EXEC_RAM_CODE_ADDR),
    OFFENCE("touch_kernel_uart_faults_only_offender", UART_KERNEL, PL_FAULT_MEM_DATA, 1,
            KERNEL_UART_STATE_ADDR),
    OFFENCE("touch_other_task_timer_faults_only_offender", TIMER_OTHER, PL_FAULT_MEM_DATA, 1,
            VICTIM_TIMER_RELOAD_ADDR),
    OFFENCE("read_kernel_ram_faults_only_offender", RD_KERNEL, PL_FAULT_MEM_DATA, 1,
            KERNEL_RAM_BASE),
    OFFENCE("syscall_with_kernel_pointer_faults_only_offender", PTR_KERNEL, PL_FAULT_BAD_POINTER, 1,
            KERNEL_RAM_BASE),
    OFFENCE("syscall_with_other_task_pointer_faults_only_offender", PTR_OTHER, PL_FAULT_BAD_POINTER,
            1, VICTIM_CANARY_ADDR),
    OFFENCE("unknown_syscall_faults_only_offender", BAD_SVC, PL_FAULT_BAD_SYSCALL, 0, 0),
    OFFENCE("syscall_buffer_past_own_ram_end_faults_only_offender", PTR_STRADDLE,
            PL_FAULT_BAD_POINTER, 1, STRADDLE_ADDR),
};

#define OFFENCE_COUNT (sizeof(offences) / sizeof(offences[0]))

/* The offender tasks, stack_ovf included, for waiting on them all. */
static uint32_t offenders[OFFENCE_COUNT + 1];

static int in_range(uint32_t x, uint32_t base, uint32_t size)
{
    return x >= base && x - base < size;
}

/* Why the victim is not fine, or NULL: it must run, and must never have faulted. */
static const char *victim_trouble(void)
{
    struct pl_task_status v = qt_status(TASK_VICTIM);
    if (v.faults != 0) {
        return qt_why("the victim faulted (%s at 0x%08lx): isolation was broken",
                      qt_fault_name(v.fault.kind), (unsigned long)v.fault.addr);
    }
    if (!qt_is_live(&v)) {
        return qt_why("the victim is %s", qt_state_name(v.state));
    }
    return NULL;
}

/* Why the task did not stop with exactly one fault of `kind`, or NULL. */
static const char *fault_trouble(const struct pl_task_status *st, uint32_t kind, uint32_t count)
{
    if (st->state != PL_TASK_FAULTED) {
        return qt_why("survived the offence: %s, exit code %ld", qt_state_name(st->state),
                      (long)st->exit_code);
    }
    if (st->faults != count) {
        return qt_why("%lu faults recorded, expected %lu", (unsigned long)st->faults,
                      (unsigned long)count);
    }
    if (st->fault.kind != kind) {
        return qt_why("fault kind %s (CFSR 0x%08lx), expected %s", qt_fault_name(st->fault.kind),
                      (unsigned long)st->fault.raw, qt_fault_name(kind));
    }
    return NULL;
}

static const char *offence_trouble(const struct offence *o, uint32_t count)
{
    struct pl_task_status st = qt_status(o->task);
    const char *why = fault_trouble(&st, o->kind, count);
    if (why) {
        return why;
    }
    if (o->check_addr && (!st.fault.addr_valid || st.fault.addr != o->addr)) {
        return qt_why("fault address 0x%08lx (valid %lu), expected 0x%08lx",
                      (unsigned long)st.fault.addr, (unsigned long)st.fault.addr_valid,
                      (unsigned long)o->addr);
    }
    /* An instruction fetch faults at the fetched address; anything else at the offender's own
     * instruction (for a system call, the SVC). */
    int pc_ok = o->kind == PL_FAULT_MEM_EXEC ? st.fault.pc == o->addr
                                             : in_range(st.fault.pc, o->flash, o->flash_size);
    if (!pc_ok) {
        return qt_why("fault PC 0x%08lx is not the offending instruction",
                      (unsigned long)st.fault.pc);
    }
    return victim_trouble();
}

/* The stack grows down from TASK_STACK_OVF_RAM_BASE + stack size towards the region's base.
 * The push that first leaves the region faults (DACCVIOL, MMFAR just below the base), and the
 * hardware's stacking of that very fault's frame, 32 bytes below an SP that is still within a
 * few bytes of the base, fails too (MSTKERR): the kernel reports a stack overflow, with the
 * push's address and no PC (the frame never reached memory). Should a tick's stacking be the
 * first access to leave the region, there is no DACCVIOL and so no address: also accepted. */
static const char *stack_overflow_trouble(void)
{
    struct pl_task_status st = qt_status(TASK_STACK_OVF);
    const char *why = fault_trouble(&st, PL_FAULT_STACK, 1);
    if (why) {
        return why;
    }
    uint32_t base = TASK_STACK_OVF_RAM_BASE;
    if (st.fault.addr_valid && !in_range(st.fault.addr, base - 32u, 32u)) {
        return qt_why("fault address 0x%08lx, expected just below the RAM base 0x%08lx",
                      (unsigned long)st.fault.addr, (unsigned long)base);
    }
    return victim_trouble();
}

/* The victim must keep being switched in while the judge sleeps (it wakes every 2 ticks). */
static void check_victim_runs(void)
{
    uint32_t before = qt_status(TASK_VICTIM).switches;
    pl_sleep(20);
    const char *why = victim_trouble();
    uint32_t after = qt_status(TASK_VICTIM).switches;
    if (!why && after == before) {
        why = qt_why("the victim was not scheduled during 20 ticks (switches stayed %lu)",
                     (unsigned long)after);
    }
    qt_report("victim_keeps_running_with_canary_intact", why);
}

static const struct offence *offence_of(uint32_t task)
{
    for (unsigned i = 0; i < OFFENCE_COUNT; i++) {
        if (offences[i].task == task) {
            return &offences[i];
        }
    }
    return NULL;
}

/* wr_other has faulted once; a restart gives it a fresh image and a new generation, and it
 * must then commit (and be stopped for) the same offence again. */
static const char *restart_trouble(void)
{
    const struct offence *o = offence_of(TASK_WR_OTHER);
    struct pl_task_status before = qt_status(o->task);
    int id = pl_task_restart(o->task);
    if (id < 0) {
        return qt_why("pl_task_restart: %s", pl_strerror(id));
    }
    if (PL_TASK_INDEX((uint32_t)id) != o->task ||
        PL_TASK_GEN((uint32_t)id) != PL_TASK_GEN(before.id) + 1u) {
        return qt_why("restart returned id 0x%08lx; expected index %lu, generation %lu",
                      (unsigned long)id, (unsigned long)o->task,
                      (unsigned long)PL_TASK_GEN(before.id) + 1u);
    }
    if (!qt_wait_stopped(&o->task, 1, 5, 200)) {
        return "the restarted task is still running after 200 ticks";
    }
    struct pl_task_status after = qt_status(o->task);
    if (after.id != (uint32_t)id || after.restarts != before.restarts + 1u) {
        return qt_why("status after restart: id 0x%08lx, %lu restarts", (unsigned long)after.id,
                      (unsigned long)after.restarts);
    }
    return offence_trouble(o, 2);
}

int main(void)
{
    qt_begin(SYSTEM_NAME);
    for (unsigned i = 0; i < OFFENCE_COUNT; i++) {
        offenders[i] = offences[i].task;
    }
    offenders[OFFENCE_COUNT] = TASK_STACK_OVF;
    /* Offenders that outlive the deadline are reported by their own case. */
    (void)qt_wait_stopped(offenders, OFFENCE_COUNT + 1, 5, 500);

    check_victim_runs();
    for (unsigned i = 0; i < OFFENCE_COUNT; i++) {
        qt_report(offences[i].name, offence_trouble(&offences[i], 1));
    }
    qt_report("stack_overflow_faults_only_offender", stack_overflow_trouble());
    qt_report("faulted_task_restarts_with_new_generation_and_faults_again", restart_trouble());
    qt_finish();
}

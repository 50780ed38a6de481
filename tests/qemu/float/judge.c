/*
 * tests/qemu/float/judge.c - decides the floating-point cases from task statuses.
 */
#include "../harness/qtest.h"
#include "float.h"
#include "system.h"

int main(void);

static const char *soft_trouble(void)
{
    struct pl_task_status st = qt_status(TASK_SOFT);
    if (st.state != PL_TASK_EXITED) {
        return st.state == PL_TASK_FAULTED
                   ? qt_why("soft faulted: %s (CFSR 0x%08lx) at pc 0x%08lx",
                            qt_fault_name(st.fault.kind), (unsigned long)st.fault.raw,
                            (unsigned long)st.fault.pc)
                   : qt_why("soft is %s", qt_state_name(st.state));
    }
    if (st.exit_code != SOFT_OK) {
        return qt_why("soft exited with %ld (float.h)", (long)st.exit_code);
    }
    /* Its rounds made SOFT_ROUNDS system calls, and the spinner took slices from it. */
    if (st.switches <= SOFT_ROUNDS) {
        return qt_why("soft was switched in only %lu times", (unsigned long)st.switches);
    }
    return NULL;
}

static const char *fp_insn_trouble(void)
{
    struct pl_task_status st = qt_status(TASK_FP_INSN);
    if (st.state != PL_TASK_FAULTED) {
        return qt_why("the instruction ran: fp_insn is %s", qt_state_name(st.state));
    }
    /* ARMv6-M (BOARD_FAULT_STATUS 0) has no fault status: every fault is a HardFault. */
    uint32_t expected = BOARD_FAULT_STATUS ? PL_FAULT_STATE : PL_FAULT_HARD;
    if (st.fault.kind != expected) {
        return qt_why("fault kind %s (CFSR 0x%08lx), expected %s", qt_fault_name(st.fault.kind),
                      (unsigned long)st.fault.raw, qt_fault_name(expected));
    }
    /* UFSR.NOCP (CFSR bit 19): the coprocessor is absent or disabled. */
    if (BOARD_FAULT_STATUS && !(st.fault.raw & (1u << 19))) {
        return qt_why("CFSR 0x%08lx has no NOCP", (unsigned long)st.fault.raw);
    }
    uint32_t pc = st.fault.pc;
    if (pc < TASK_FP_INSN_FLASH_BASE || pc - TASK_FP_INSN_FLASH_BASE >= TASK_FP_INSN_FLASH_SIZE) {
        return qt_why("fault pc 0x%08lx is outside fp_insn's code", (unsigned long)pc);
    }
    return NULL;
}

int main(void)
{
    const uint32_t tasks[] = {TASK_SOFT, TASK_FP_INSN};
    qt_begin(SYSTEM_NAME);
    (void)qt_wait_stopped(tasks, 2, 5, 2000);
    qt_report("float_and_double_in_a_task_work_through_software_routines", soft_trouble());
    qt_report("a_hardware_fp_instruction_faults_with_nocp_fpu_stays_off", fp_insn_trouble());
    qt_finish();
}

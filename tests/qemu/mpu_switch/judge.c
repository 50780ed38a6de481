/*
 * tests/qemu/mpu_switch/judge.c - decides the case from the two tasks' statuses. Before the
 * fix the kernel panicked at the first switch or unmap, so no line was printed at all.
 */
#include "../harness/qtest.h"
#include "system.h"
#include "turns.h"

int main(void);

static const char *trouble(uint32_t task, const char *name)
{
    struct pl_task_status st = qt_status(task);
    if (st.state == PL_TASK_FAULTED) {
        return qt_why("%s faulted: %s (CFSR 0x%08lx) at pc 0x%08lx", name,
                      qt_fault_name(st.fault.kind), (unsigned long)st.fault.raw,
                      (unsigned long)st.fault.pc);
    }
    if (st.state != PL_TASK_EXITED) {
        return qt_why("%s is %s", name, qt_state_name(st.state));
    }
    if (st.exit_code != TURNS_OK) {
        return qt_why("%s exited with %ld (turns.h)", name, (long)st.exit_code);
    }
    if (st.switches < TURNS) { /* each of its yields gave the CPU to the other */
        return qt_why("%s was switched in only %lu times", name, (unsigned long)st.switches);
    }
    return NULL;
}

int main(void)
{
    const uint32_t tasks[] = {TASK_HOLDER, TASK_OTHER};
    qt_begin(SYSTEM_NAME);
    (void)qt_wait_stopped(tasks, 2, 5, 2000);
    const char *why = trouble(TASK_HOLDER, "holder");
    qt_report("a_large_page_mapped_unmapped_and_switched_never_faults_the_kernel",
              why ? why : trouble(TASK_OTHER, "other"));
    qt_finish();
}

/*
 * tests/qemu/server_input/judge.c - bad input to the console driver, as a task and in the
 * kernel (system.ini). A pointer the client does not own stops the client with
 * PL_FAULT_BAD_POINTER at that address, before the server sees the request; a length over
 * the limit is PL_EINVAL; an opcode the server does not have is the server's PL_EINVAL; a
 * grant the client may not make is PL_EPERM. After each, the console still serves.
 */
#include "../harness/qctl.h"
#include "../harness/qtest.h"
#include "input.h"
#include "server.h"
#include "system.h"
#include <parley/console.h>

#define REPORT_WAIT 100u

static const uint32_t actors[] = {TASK_CLIENT};

/* The client must stop with a bad-pointer fault at addr; then it is restarted. */
static const char *faults_at(uint32_t op, uint32_t a, uint32_t b, uint32_t addr)
{
    uint32_t before = qt_status(TASK_CLIENT).faults;
    uint32_t task = TASK_CLIENT;
    if (qc_order(TASK_CLIENT, op, a, b) != PL_OK || !qt_wait_stopped(&task, 1, 1, 50)) {
        return qt_why("the client survived op %lu with 0x%08lx", (unsigned long)op,
                      (unsigned long)a);
    }
    struct pl_task_status st = qt_status(TASK_CLIENT);
    if (st.faults != before + 1u || st.fault.kind != PL_FAULT_BAD_POINTER || !st.fault.addr_valid ||
        st.fault.addr != addr) {
        return qt_why("client: fault %s at 0x%08lx; expected a bad pointer at 0x%08lx",
                      qt_fault_name(st.fault.kind), (unsigned long)st.fault.addr,
                      (unsigned long)addr);
    }
    return qc_restart(TASK_CLIENT);
}

static const char *answers(uint32_t op, uint32_t a, uint32_t b, int want)
{
    const struct qc_report *r = qc_ask(TASK_CLIENT, op, a, b, REPORT_WAIT);
    if (!r) {
        return "the client did not report";
    }
    return r->status == want ? 0
                             : qt_why("op %lu gave %s, expected %s", (unsigned long)op,
                                      pl_strerror(r->status), pl_strerror(want));
}

/* The console still takes a good line from the client, whole. */
static const char *console_serves(void)
{
    const struct qc_report *r = qc_ask(TASK_CLIENT, OP_LINE, 0, 0, REPORT_WAIT);
    if (!r || r->status != PL_OK || r->a != 21u) {
        return qt_why("the console answered %s, took %lu bytes", r ? pl_strerror(r->status) : "-",
                      r ? (unsigned long)r->a : 0ul);
    }
    return 0;
}

int main(void)
{
    qt_begin(SYSTEM_NAME);
    qc_start(actors, 1, 100);
    uint32_t kernel_ram = KERNEL_RAM_BASE + 0x100u, judge_ram = TASK_JUDGE_RAM_BASE + 0x80u;
    uint32_t own_code = TASK_CLIENT_FLASH_BASE + 0x100u;
    qt_report("write_from_kernel_ram_faults_the_client",
              faults_at(OP_WRITE, kernel_ram, 16, kernel_ram));
    qt_report("write_from_another_tasks_ram_faults_the_client",
              faults_at(OP_WRITE, judge_ram, 16, judge_ram));
    qt_report("write_running_past_own_ram_faults_the_client",
              faults_at(OP_WRITE, TASK_CLIENT_RAM_BASE + TASK_CLIENT_RAM_SIZE - 8u, 16,
                        TASK_CLIENT_RAM_BASE + TASK_CLIENT_RAM_SIZE - 8u));
    qt_report("reply_into_own_code_faults_the_client",
              faults_at(OP_STATS_INTO, own_code, 0, own_code));
    qt_report("reply_into_kernel_ram_faults_the_client",
              faults_at(OP_STATS_INTO, kernel_ram, 0, kernel_ram));
    qt_report("write_of_more_than_256_bytes_is_einval",
              answers(OP_WRITE, TASK_CLIENT_RAM_BASE + 0x400u, 300, PL_EINVAL));
    qt_report("opcode_the_server_does_not_have_is_einval", answers(OP_UNKNOWN, 99, 0, PL_EINVAL));
    qt_report("grant_without_the_grant_right_is_eperm", answers(OP_GRANT, 0, 0, PL_EPERM));
    qt_report("console_still_serves", console_serves());
    qt_report("console_never_faulted", SYSTEM_MODE_MONO || qt_status(TASK_CONSOLE).faults == 0
                                           ? 0
                                           : "the console driver faulted");
    qt_finish();
}

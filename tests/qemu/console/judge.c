/*
 * tests/qemu/console/judge.c - the console server keeps every client's output whole and
 * complete across a crash and restart of the console.
 *
 * The judge waits until the clients are well under way, faults the console while it waits for
 * work (so no line is half sent on the UART), leaves it dead for DEAD_TICKS (the clients'
 * writes meanwhile get PL_EDEAD and are retried by user/lib/newlib.c), restarts it, and
 * collects the clients' reports. Every verdict is printed only after the clients have
 * finished; the judge prints through the kernel's log, which the console drains (klog = 2),
 * so its lines too arrive whole, except while the console is dead (then the kernel writes them
 * itself). That each line arrived whole is checked on the console log by the command in
 * servers/console/README.md.
 *
 * The monolithic twin (test_console_mono, docs/contrast.md) runs the same clients against the
 * console driver linked into the kernel. There is no console task to stop or restart: the
 * supervisor's calls on it are refused (PL_ENOENT), and every client's lines come through
 * whole without a single restart. The mode is a 0/1 constant of system.h, so both halves of
 * each case stay compiled.
 */
#include "../harness/qtest.h"
#include "console_test.h"
#include "system.h"

#define MSGS_BEFORE_FAULT (CLIENTS * CLIENT_LINES * 2u / 3u) /* about a third of all writes */
#define TRAFFIC_WAIT      5000u                              /* ticks */
#define IDLE_WAIT         1000u
#define DEAD_TICKS        50u
#define REPORT_WAIT       10000u

static const uint32_t clients[CLIENTS] = {TASK_CLIENT1, TASK_CLIENT2, TASK_CLIENT3};

/* Verdicts, printed at the end. */
static const char *traffic_why, *fault_why, *restart_why;
static struct client_report reports[CLIENTS];
static int reported[CLIENTS];

static uint32_t console_messages(void)
{
    struct pl_ep_status es;
    int err = pl_ep_status(EP_CONSOLE, &es);
    return err == PL_OK ? es.messages : 0;
}

/* The clients have sent a third of their writes. */
static const char *wait_for_traffic(void)
{
    for (uint32_t waited = 0; console_messages() < MSGS_BEFORE_FAULT; waited++) {
        if (waited == TRAFFIC_WAIT) {
            return qt_why("only %lu messages reached the console in %lu ticks",
                          (unsigned long)console_messages(), (unsigned long)TRAFFIC_WAIT);
        }
        pl_sleep(1);
    }
    return 0;
}

/* Fault the console while it waits for a request: the judge is more urgent than anything that
 * could change that between the look and the fault. */
/* Monolithic: the console is not a task; stopping or restarting it is refused. */
static const char *console_is_no_task(void)
{
    struct pl_task_status st;
    int err = pl_task_status(TASK_CONSOLE, &st), fault = pl_task_fault(TASK_CONSOLE);
    int restart = pl_task_restart(TASK_CONSOLE);
    if (err != PL_ENOENT || fault != PL_ENOENT || restart != PL_ENOENT) {
        return qt_why("status %s, fault %s, restart %s of the console in the kernel; expected "
                      "ENOENT (no such task)",
                      pl_strerror(err), pl_strerror(fault), pl_strerror(restart));
    }
    return 0;
}

static const char *fault_console(void)
{
    if (SYSTEM_MODE_MONO) {
        return console_is_no_task();
    }
    for (uint32_t waited = 0; qt_status(TASK_CONSOLE).state != PL_TASK_BLOCKED; waited++) {
        if (waited == IDLE_WAIT) {
            return "the console never waited for work";
        }
        pl_sleep(1);
    }
    int err = pl_task_fault(TASK_CONSOLE);
    struct pl_task_status st = qt_status(TASK_CONSOLE);
    if (err != PL_OK || st.state != PL_TASK_FAULTED) {
        return qt_why("pl_task_fault: %s, console %s", pl_strerror(err), qt_state_name(st.state));
    }
    return 0;
}

static const char *restart_console(void)
{
    if (SYSTEM_MODE_MONO) {
        return 0; /* nothing to restart: console_is_no_task() holds it */
    }
    int id = pl_task_restart(TASK_CONSOLE);
    if (id < 0) {
        return qt_why("pl_task_restart: %s", pl_strerror(id));
    }
    if (PL_TASK_GEN((uint32_t)id) != 2u) {
        return qt_why("console came back as generation %lu, expected 2",
                      (unsigned long)PL_TASK_GEN((uint32_t)id));
    }
    return 0;
}

/* Each client's report, answered so that it can exit. */
static void collect_reports(void)
{
    for (unsigned i = 0; i < CLIENTS; i++) {
        struct client_report r;
        struct pl_recvd in;
        if (pl_recv(EP_REPORT, &r, sizeof(r), &in, REPORT_WAIT) != PL_OK) {
            return;
        }
        struct pl_msg ack = {0};
        (void)pl_reply(in.sender, &ack);
        for (unsigned c = 0; c < CLIENTS; c++) {
            if (PL_TASK_INDEX(in.sender) == clients[c] && in.len == sizeof(r)) {
                reports[c] = r;
                reported[c] = 1;
            }
        }
    }
}

static const char *client_trouble(unsigned c)
{
    const struct client_report *r = &reports[c];
    if (!reported[c]) {
        struct pl_task_status st = qt_status(clients[c]);
        return qt_why("no report (%s, fault %s)", qt_state_name(st.state),
                      qt_fault_name(st.fault.kind));
    }
    if (r->lines_ok != CLIENT_LINES || r->fallbacks != 0) {
        return qt_why("%lu of %u lines written whole, %lu writes fell back to the kernel console",
                      (unsigned long)r->lines_ok, CLIENT_LINES, (unsigned long)r->fallbacks);
    }
    if (SYSTEM_MODE_MONO && r->restarts_seen != 0) {
        return qt_why("saw the console restarted %lu times; in the kernel it never is",
                      (unsigned long)r->restarts_seen);
    }
    if (!SYSTEM_MODE_MONO && r->restarts_seen == 0) {
        return "never saw the console dead: the restart fell outside its writes";
    }
    return 0;
}

static const char *console_after_trouble(void)
{
    pl_sleep(2); /* the console prints what the judge just logged (kernel/klog.c) */
    if (SYSTEM_MODE_MONO) {
        return console_is_no_task();
    }
    struct pl_task_status st = qt_status(TASK_CONSOLE);
    if (st.state != PL_TASK_BLOCKED || st.restarts != 1u || st.faults != 1u) {
        return qt_why("console %s, %lu restarts, %lu faults", qt_state_name(st.state),
                      (unsigned long)st.restarts, (unsigned long)st.faults);
    }
    return 0;
}

int main(void)
{
    static const char *const names[CLIENTS] = {
        "client1_writes_all_completed_across_console_restart",
        "client2_writes_all_completed_across_console_restart",
        "client3_writes_all_completed_across_console_restart",
    };
    qt_begin(SYSTEM_NAME);
    traffic_why = wait_for_traffic();
    fault_why = traffic_why ? "not tried" : fault_console();
    pl_sleep(DEAD_TICKS);
    restart_why = restart_console();
    collect_reports();
    qt_report("console_serves_three_clients", traffic_why);
    qt_report(SYSTEM_MODE_MONO ? "console_in_the_kernel_is_no_task_to_fault"
                               : "console_faulted_while_waiting_for_work",
              fault_why);
    qt_report(SYSTEM_MODE_MONO ? "console_in_the_kernel_needs_no_restart"
                               : "console_restarted_as_generation_2",
              restart_why);
    for (unsigned c = 0; c < CLIENTS; c++) {
        qt_report(names[c], client_trouble(c));
    }
    qt_report("restarted_console_waits_for_work", console_after_trouble());
    qt_finish();
}

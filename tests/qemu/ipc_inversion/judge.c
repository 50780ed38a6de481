/*
 * tests/qemu/ipc_inversion/judge.c - priority inversion through IPC stays bounded
 * (docs/ipc.md, "Priorities").
 *
 * The classic scenario: the low-priority client lo calls the server srv, which starts its
 * work; the medium task mid, which has nothing to do with srv, starts spinning; then the
 * high-priority client hi calls srv. Because messages only go uphill, srv (priority 2) is at
 * least as urgent as hi (3) and so more urgent than mid (4): mid cannot preempt srv while it
 * works for lo, and hi waits at most for lo's request, then its own (about 2 * WORK_TICKS).
 * Were srv to run at its client's priority, mid would preempt it while it served lo and hi
 * would wait as long as mid spins: for ever.
 *
 * The other half of the rule, sysgen refusing a description with a downhill endpoint, is not
 * a run-time property and is tested with sysgen itself, not here.
 */
#include "../harness/qctl.h"
#include "../harness/qtest.h"
#include "inversion.h"
#include "system.h"

#define BOUND (2u * WORK_TICKS + 2u) /* lo's remaining work, hi's own work, two tick edges */

static const uint32_t actors[] = {TASK_SRV, TASK_HI, TASK_MID, TASK_LO};

/* Release lo's call and wait until srv has taken it (lo is then blocked for the reply). */
static const char *start_low_call(void)
{
    if (qc_order(TASK_SRV, OP_SERVE2, 0, 0) != PL_OK || !qc_wait_blocked(TASK_SRV, 20)) {
        return "srv did not wait for calls";
    }
    if (qc_order(TASK_LO, OP_CALL, 0, 0) != PL_OK || !qc_wait_blocked(TASK_LO, 20)) {
        return "lo's call did not block";
    }
    return 0;
}

/* Why hi's call was not served within BOUND ticks while mid spun, or NULL. */
static const char *high_call_trouble(void)
{
    const char *why = start_low_call();
    if (why) {
        return why;
    }
    if (qc_order(TASK_MID, OP_SPIN, 0, 0) != PL_OK) {
        return "could not start the spinner";
    }
    uint32_t start = qc_now();
    if (qc_order(TASK_HI, OP_CALL, 0, 0) != PL_OK) {
        return "could not order hi";
    }
    /* Far longer than the bound, to tell a late answer from none. */
    const struct qc_report *r = qc_report(TASK_HI, 20u * BOUND);
    struct pl_task_status mid = qt_status(TASK_MID);
    if (!r) {
        return qt_why("hi's call did not return within %u ticks while mid spun", 20u * BOUND);
    }
    pl_printf("# hi's call returned %lu ticks after it was made (bound %u)\r\n",
              (unsigned long)(r->a - start), BOUND);
    if (r->status != PL_OK) {
        return qt_why("hi's call returned %s", pl_strerror(r->status));
    }
    if (r->a - start > BOUND) {
        return qt_why("hi's call returned %lu ticks after it was made, expected at most %u",
                      (unsigned long)(r->a - start), BOUND);
    }
    if (mid.state != PL_TASK_READY) {
        return qt_why("mid was %s, not spinning: the scenario did not happen",
                      qt_state_name(mid.state));
    }
    return 0;
}

/* Stop mid (a restart parks it again) and let lo and srv finish. */
static const char *cleanup_trouble(void)
{
    const char *why = qc_restart(TASK_MID);
    const struct qc_report *lo = why ? 0 : qc_report(TASK_LO, 100);
    const struct qc_report *srv = lo ? qc_report(TASK_SRV, 100) : 0;
    if (why) {
        return why;
    }
    if (!lo || lo->status != PL_OK || !srv || srv->status != PL_OK) {
        return "lo's call or srv's service did not complete once mid stopped";
    }
    return 0;
}

int main(void)
{
    qt_begin(SYSTEM_NAME);
    qc_start(actors, sizeof(actors) / sizeof(actors[0]), 100);
    qt_report("high_client_served_within_bound_while_medium_task_spins", high_call_trouble());
    qt_report("low_client_and_server_finish_after_spinner_stops", cleanup_trouble());
    qt_finish();
}

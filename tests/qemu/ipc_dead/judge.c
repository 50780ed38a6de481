/*
 * tests/qemu/ipc_dead/judge.c - IPC with peers that stop, restart or wait on each other
 * (docs/ipc.md, "Dead peers" and endpoint rule 4): nobody may stay blocked on a task that
 * will never answer, and a stale answer never reaches the wrong incarnation.
 *
 * Servers and receivers stop by faulting on purpose (OP_FAULT). A client blocked in a call
 * cannot fault by itself, so "a client that died while its call was held" is made two ways:
 * the judge restarts it (stop and start, with a new generation), or its timed call expires
 * and it then faults.
 */
#include "../harness/qctl.h"
#include "../harness/qtest.h"
#include "dead.h"
#include "system.h"

#define COUNT(a)    (sizeof(a) / sizeof((a)[0]))
#define REPORT_WAIT 100u
#define AT_ONCE     1u /* ticks "at once" may take: a tick may fall during the call */

static const uint32_t actors[] = {TASK_S1, TASK_S2,  TASK_R1, TASK_R2, TASK_S4, TASK_S5,
                                  TASK_CL, TASK_CL2, TASK_A,  TASK_B,  TASK_C};

static const struct qc_report *ask(uint32_t task, uint32_t op, uint32_t a, uint32_t b)
{
    return qc_ask(task, op, a, b, REPORT_WAIT);
}

/* Order `task` and wait until it blocks in the IPC it was told to do. */
static const char *order_blocked(uint32_t task, uint32_t op, uint32_t a, uint32_t b)
{
    if (qc_order(task, op, a, b) != PL_OK || !qc_wait_blocked(task, 20)) {
        return qt_why("%s did not block in its IPC (op %lu)", qt_status(task).name,
                      (unsigned long)op);
    }
    return 0;
}

/* Make `task` fault on purpose and wait until it has stopped. */
static const char *stop_task(uint32_t task)
{
    if (qc_order(task, OP_FAULT, 0, 0) != PL_OK || !qt_wait_stopped(&task, 1, 1, 20)) {
        return qt_why("%s did not stop", qt_status(task).name);
    }
    return 0;
}

/* The next report of `task` must carry status `want` after at most `max_ticks`. */
static const char *expect(uint32_t task, int want, uint32_t max_ticks)
{
    const struct qc_report *r = qc_report(task, REPORT_WAIT);
    if (!r) {
        return qt_why("%s is still blocked after %u ticks", qt_status(task).name, REPORT_WAIT);
    }
    if (r->status != want || r->a > max_ticks) {
        return qt_why("%s got %s after %lu ticks, expected %s within %lu", qt_status(task).name,
                      pl_strerror(r->status), (unsigned long)r->a, pl_strerror(want),
                      (unsigned long)max_ticks);
    }
    return 0;
}

/* `task` must still be blocked, not having reported: nothing has woken it. */
static const char *still_blocked(uint32_t task, const char *what)
{
    if (qt_status(task).state != PL_TASK_BLOCKED || qc_has_report(task)) {
        return qt_why("%s was woken %s", qt_status(task).name, what);
    }
    return 0;
}

/* A call or send to an endpoint whose only receiver has faulted fails at once. */
static const char *faulted_server_trouble(void)
{
    const char *why = stop_task(TASK_S1);
    if (why || qc_order(TASK_CL, OP_CALL, EP_E1, PL_WAIT_FOREVER) != PL_OK ||
        (why = expect(TASK_CL, PL_EDEAD, AT_ONCE))) {
        return why ? why : "could not order cl";
    }
    if (qc_order(TASK_CL, OP_SEND, EP_E1, PL_WAIT_FOREVER) != PL_OK) {
        return "could not order cl";
    }
    return expect(TASK_CL, PL_EDEAD, AT_ONCE);
}

/* The server takes the call, then faults before replying: the caller wakes with PL_EDEAD. */
static const char *server_faults_mid_call_trouble(void)
{
    const char *why = order_blocked(TASK_S2, OP_HOLD, EP_E2, 0);
    const struct qc_report *r;
    if (why || qc_order(TASK_CL, OP_CALL, EP_E2, PL_WAIT_FOREVER) != PL_OK ||
        !(r = qc_report(TASK_S2, REPORT_WAIT)) || r->status != PL_OK) {
        return why ? why : "s2 did not receive the call";
    }
    if ((why = stop_task(TASK_S2))) {
        return why;
    }
    return expect(TASK_CL, PL_EDEAD, REPORT_WAIT);
}

/* cl waits in e3's sender queue; the first of its two receivers dies (cl must keep waiting),
 * then the last (cl must wake with PL_EDEAD). */
static const char *last_receiver_dies_trouble(void)
{
    const char *why = order_blocked(TASK_CL, OP_SEND, EP_E3, PL_WAIT_FOREVER);
    if (why || (why = stop_task(TASK_R1))) {
        return why;
    }
    pl_sleep(5);
    if ((why = still_blocked(TASK_CL, "when one of two receivers died"))) {
        return why;
    }
    if ((why = stop_task(TASK_R2))) {
        return why;
    }
    return expect(TASK_CL, PL_EDEAD, REPORT_WAIT);
}

/* s4 holds a call of cl2; the judge restarts cl2, whose new incarnation calls s4 again and is
 * held too. The reply to the old id must be dropped (PL_EDEAD) and must not reach the new
 * incarnation, though it waits for this very server; the reply to the new id must. */
static const char *restarted_client_trouble(void)
{
    const struct qc_report *r;
    const char *why = order_blocked(TASK_S4, OP_HOLD, EP_E4, 0);
    if (why || qc_order(TASK_CL2, OP_CALL, EP_E4, PL_WAIT_FOREVER) != PL_OK ||
        !(r = qc_report(TASK_S4, REPORT_WAIT)) || r->status != PL_OK) {
        return why ? why : "s4 did not receive the first call";
    }
    uint32_t old = r->b - 1u;
    if ((why = qc_restart(TASK_CL2)) || (why = order_blocked(TASK_S4, OP_HOLD, EP_E4, 0)) ||
        qc_order(TASK_CL2, OP_CALL, EP_E4, PL_WAIT_FOREVER) != PL_OK ||
        !(r = qc_report(TASK_S4, REPORT_WAIT)) || r->status != PL_OK) {
        return why ? why : "s4 did not receive the second call";
    }
    uint32_t fresh = r->b - 1u;
    if (!(r = ask(TASK_S4, OP_REPLY, old, 0)) || r->status != PL_EDEAD) {
        return qt_why("the reply to the restarted client returned %s, expected EDEAD",
                      r ? pl_strerror(r->status) : "no report");
    }
    if ((why = still_blocked(TASK_CL2, "by the reply meant for its previous incarnation"))) {
        return why;
    }
    if (!(r = ask(TASK_S4, OP_REPLY, fresh, 0)) || r->status != PL_OK) {
        return "the reply to the new incarnation failed";
    }
    return expect(TASK_CL2, PL_OK, REPORT_WAIT);
}

/* cl2's call is held until it expires; cl2 then faults. The server's reply finds a stopped
 * client: PL_EDEAD, and the server goes on serving others. */
static const char *faulted_client_trouble(void)
{
    const struct qc_report *r;
    const char *why = order_blocked(TASK_S4, OP_HOLD, EP_E4, 0);
    if (why || qc_order(TASK_CL2, OP_CALL_THEN_FAULT, EP_E4, 5) != PL_OK ||
        !(r = qc_report(TASK_S4, REPORT_WAIT)) || r->status != PL_OK) {
        return why ? why : "s4 did not receive the call";
    }
    uint32_t held = r->b - 1u;
    if (!qt_wait_stopped((const uint32_t[]){TASK_CL2}, 1, 1, 50)) {
        return "cl2 did not fault";
    }
    if (!(r = ask(TASK_S4, OP_REPLY, held, 0)) || r->status != PL_EDEAD) {
        return qt_why("the reply to the faulted client returned %s, expected EDEAD",
                      r ? pl_strerror(r->status) : "no report");
    }
    if ((why = order_blocked(TASK_S4, OP_SERVE, EP_E4, 0)) ||
        qc_order(TASK_CL, OP_CALL, EP_E4, PL_WAIT_FOREVER) != PL_OK) {
        return why ? why : "could not order cl";
    }
    return expect(TASK_CL, PL_OK, REPORT_WAIT);
}

/* s5 holds cl's call and is restarted: cl wakes with PL_EDEAD, once; the new s5 serves cl's
 * next call normally. */
static const char *restarted_server_trouble(void)
{
    const struct qc_report *r;
    const char *why = order_blocked(TASK_S5, OP_HOLD, EP_E5, 0);
    if (why || qc_order(TASK_CL, OP_CALL, EP_E5, PL_WAIT_FOREVER) != PL_OK ||
        !(r = qc_report(TASK_S5, REPORT_WAIT)) || r->status != PL_OK) {
        return why ? why : "s5 did not receive the call";
    }
    if ((why = qc_restart(TASK_S5)) || (why = expect(TASK_CL, PL_EDEAD, REPORT_WAIT))) {
        return why;
    }
    if ((why = order_blocked(TASK_S5, OP_SERVE, EP_E5, 0)) ||
        qc_order(TASK_CL, OP_CALL, EP_E5, PL_WAIT_FOREVER) != PL_OK) {
        return why ? why : "could not order cl";
    }
    if ((why = expect(TASK_CL, PL_OK, REPORT_WAIT))) {
        return qt_why("the call to the restarted server: %s", why);
    }
    return 0;
}

/* a calls ep_b while b waits on a (queued on ep_a, or for a's reply): PL_EDEADLK at once.
 * Afterwards a serves b's call so that both end free. */
static const char *cycle_trouble(int b_held)
{
    const struct qc_report *r = 0;
    const char *why = order_blocked(TASK_B, OP_CALL, EP_A, PL_WAIT_FOREVER);
    if (!why && b_held && (!(r = ask(TASK_A, OP_HOLD, EP_A, 0)) || r->status != PL_OK)) {
        why = "a did not receive b's call";
    }
    if (why || qc_order(TASK_A, OP_CALL, EP_B, 20) != PL_OK ||
        (why = expect(TASK_A, PL_EDEADLK, AT_ONCE))) {
        return why ? why : "could not order a";
    }
    r = b_held ? ask(TASK_A, OP_REPLY, r->b - 1u, 0) : ask(TASK_A, OP_SERVE, EP_A, 0);
    if (!r || r->status != PL_OK) {
        return "a could not answer b afterwards";
    }
    return expect(TASK_B, PL_OK, REPORT_WAIT);
}

/* c waits on ep_a (a's), b waits on ep_c (c's); a calling ep_b would close a -> b -> c -> a. */
static const char *cycle_of_three_trouble(void)
{
    const char *why = order_blocked(TASK_C, OP_CALL, EP_A, PL_WAIT_FOREVER);
    const struct qc_report *r;
    if (why || (why = order_blocked(TASK_B, OP_CALL, EP_C, PL_WAIT_FOREVER)) ||
        qc_order(TASK_A, OP_CALL, EP_B, 20) != PL_OK ||
        (why = expect(TASK_A, PL_EDEADLK, AT_ONCE))) {
        return why ? why : "could not order a";
    }
    if (!(r = ask(TASK_A, OP_SERVE, EP_A, 0)) || r->status != PL_OK ||
        (why = expect(TASK_C, PL_OK, REPORT_WAIT)) || !(r = ask(TASK_C, OP_SERVE, EP_C, 0)) ||
        r->status != PL_OK) {
        return why ? why : "the chain could not be unwound";
    }
    return expect(TASK_B, PL_OK, REPORT_WAIT);
}

/* Without a cycle (b waits for the judge, not for a), a's call must simply wait: here until
 * its 5-tick deadline. */
static const char *no_cycle_trouble(void)
{
    if (qc_order(TASK_A, OP_CALL, EP_B, 5) != PL_OK) {
        return "could not order a";
    }
    const struct qc_report *r = qc_report(TASK_A, REPORT_WAIT);
    if (!r || r->status != PL_ETIMEDOUT || r->a < 5u) {
        return qt_why("a's call returned %s after %lu ticks, expected ETIMEDOUT after 5",
                      r ? pl_strerror(r->status) : "nothing", r ? (unsigned long)r->a : 0ul);
    }
    return 0;
}

int main(void)
{
    qt_begin(SYSTEM_NAME);
    qc_start(actors, COUNT(actors), 100);
    qt_report("call_and_send_to_faulted_server_edead_at_once", faulted_server_trouble());
    qt_report("caller_woken_edead_when_server_faults_before_reply",
              server_faults_mid_call_trouble());
    qt_report("queued_sender_woken_edead_only_when_last_receiver_dies",
              last_receiver_dies_trouble());
    qt_report("reply_to_restarted_client_edead_never_reaches_new_incarnation",
              restarted_client_trouble());
    qt_report("reply_to_faulted_client_edead_and_server_goes_on", faulted_client_trouble());
    qt_report("server_restart_fails_held_call_once_then_calls_succeed", restarted_server_trouble());
    qt_report("call_while_callee_queued_on_caller_edeadlk", cycle_trouble(0));
    qt_report("call_while_callee_awaits_callers_reply_edeadlk", cycle_trouble(1));
    qt_report("call_closing_cycle_of_three_edeadlk", cycle_of_three_trouble());
    qt_report("call_without_cycle_waits_normally", no_cycle_trouble());
    qt_finish();
}

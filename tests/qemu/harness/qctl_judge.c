/*
 * tests/qemu/harness/qctl_judge.c - the judge's half of the control protocol (qctl.h).
 *
 * The judge keeps, per task, the id of the control call it holds (0 when the task is not
 * waiting for an order) and the latest report it has not taken yet. Reports may arrive in any
 * order; each is filed under its sender's task index, which the kernel gives with the message
 * and the actor cannot choose.
 */
#include <string.h>

#include "qctl.h"
#include "qtest.h"
#include "system.h"

static struct qc_report slots[SYSTEM_TASK_COUNT];
static uint8_t fresh[SYSTEM_TASK_COUNT];
static pl_task_id held[SYSTEM_TASK_COUNT];
static uint32_t arrivals;

/* Receive one report (waiting up to timeout ticks, PL_NO_WAIT: not at all) and file it.
 * Returns the receive's status. */
static int take_one(uint32_t timeout)
{
    static uint8_t buf[QC_DATA_MAX];
    struct pl_recvd in;
    int err = pl_recv(EP_CTL, buf, sizeof(buf), &in, timeout);
    if (err == PL_EAGAIN || err == PL_ETIMEDOUT) {
        return err;
    }
    if (err != PL_OK && err != PL_ETRUNC) {
        qt_report("judge_control_channel", qt_why("pl_recv(EP_CTL): %s", pl_strerror(err)));
        qt_finish();
    }
    uint32_t t = PL_TASK_INDEX(in.sender);
    if (t >= SYSTEM_TASK_COUNT) {
        qt_report("judge_control_channel", qt_why("report from task index %lu", (unsigned long)t));
        qt_finish();
    }
    uint32_t len = in.len < QC_DATA_MAX ? in.len : QC_DATA_MAX;
    slots[t] = (struct qc_report){(int32_t)in.label, in.w0, in.w1, in.len, ++arrivals, {0}};
    memcpy(slots[t].data, buf, len);
    fresh[t] = 1;
    held[t] = in.sender;
    return PL_OK;
}

/* File every report already waiting, without blocking. */
static void take_waiting(void)
{
    while (take_one(PL_NO_WAIT) == PL_OK) {
    }
}

void qc_start(const uint32_t *tasks, unsigned n, uint32_t limit)
{
    for (unsigned i = 0; i < n; i++) {
        const struct qc_report *r = qc_report(tasks[i], limit);
        if (!r || r->status != QC_HELLO) {
            struct pl_task_status st = qt_status(tasks[i]);
            qt_report("actors_start_and_wait_for_orders",
                      qt_why("%s: %s (state %s, fault %s)", st.name,
                             r ? "first report is not QC_HELLO" : "no first report",
                             qt_state_name(st.state), qt_fault_name(st.fault.kind)));
            qt_finish();
        }
    }
}

int qc_order(uint32_t task, uint32_t op, uint32_t a, uint32_t b)
{
    take_waiting(); /* a task that has reported again since is waiting under a new call */
    if (task >= SYSTEM_TASK_COUNT || held[task] == 0) {
        return PL_EDEAD;
    }
    struct pl_msg m = {.label = op, .w0 = a, .w1 = b};
    pl_task_id id = held[task];
    held[task] = 0;
    fresh[task] = 0; /* what it reports from now on answers this order */
    return pl_reply(id, &m);
}

const struct qc_report *qc_report(uint32_t task, uint32_t timeout)
{
    uint32_t start = qc_now();
    while (!fresh[task]) {
        uint32_t waited = qc_now() - start;
        if (waited >= timeout || take_one(timeout - waited) == PL_ETIMEDOUT) {
            take_waiting();
            break;
        }
    }
    if (!fresh[task]) {
        return 0;
    }
    fresh[task] = 0;
    return &slots[task];
}

const struct qc_report *qc_ask(uint32_t task, uint32_t op, uint32_t a, uint32_t b, uint32_t timeout)
{
    if (qc_order(task, op, a, b) != PL_OK) {
        return 0;
    }
    return qc_report(task, timeout);
}

int qc_has_report(uint32_t task)
{
    take_waiting();
    return fresh[task];
}

int qc_wait_blocked(uint32_t task, uint32_t limit)
{
    for (uint32_t waited = 0;; waited++) {
        struct pl_task_status st = qt_status(task);
        if (qc_has_report(task)) {
            return 0; /* it finished its operation and reported instead of blocking in it */
        }
        if (st.state == PL_TASK_BLOCKED) {
            return 1;
        }
        if (waited >= limit) {
            return 0;
        }
        pl_sleep(1);
    }
}

const char *qc_restart(uint32_t task)
{
    int id = pl_task_restart(task);
    if (id < 0) {
        return qt_why("pl_task_restart(%lu): %s", (unsigned long)task, pl_strerror(id));
    }
    held[task] = 0;
    fresh[task] = 0;
    const struct qc_report *r = qc_report(task, 50);
    if (!r || r->status != QC_HELLO) {
        return qt_why("task %lu did not report QC_HELLO after its restart", (unsigned long)task);
    }
    return 0;
}

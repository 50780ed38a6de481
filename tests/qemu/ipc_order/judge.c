/*
 * tests/qemu/ipc_order/judge.c - who is served first, and that nothing is lost under load
 * (docs/ipc.md, endpoint rule 2 and rule 3):
 *  - waiting senders are served most urgent first, FIFO among equal priorities;
 *  - waiting receivers take messages in the same order;
 *  - a pool of two workers on one endpoint, and one server alone, answer every request of
 *    four concurrent clients exactly once, each with the reply to that very request.
 */
#include <string.h>

#include "../harness/qctl.h"
#include "../harness/qtest.h"
#include "order.h"
#include "system.h"

#define COUNT(a)    (sizeof(a) / sizeof((a)[0]))
#define REPORT_WAIT 100u
#define LOAD_WAIT   1000u /* the load cases: 96 calls each, far below a tick apiece */

static const uint32_t actors[] = {TASK_SRV, TASK_HI, TASK_MID_A, TASK_MID_B, TASK_LO, TASK_W1,
                                  TASK_W2,  TASK_C1, TASK_C2,    TASK_C3,    TASK_C4};
static const uint32_t clients[CLIENTS] = {TASK_C1, TASK_C2, TASK_C3, TASK_C4};

static const char *order_blocked(uint32_t task, uint32_t op, uint32_t a, uint32_t b)
{
    int err = qc_order(task, op, a, b);
    if (err != PL_OK) {
        return qt_why("could not order %s: %s", qt_status(task).name, pl_strerror(err));
    }
    if (!qc_wait_blocked(task, 20)) {
        return qt_why("%s did not block in its IPC", qt_status(task).name);
    }
    return 0;
}

static const char *collect(uint32_t task, uint32_t timeout, const struct qc_report **r)
{
    *r = qc_report(task, timeout);
    if (!*r) {
        struct pl_task_status st = qt_status(task);
        return qt_why("%s did not report (%s)", st.name, qt_state_name(st.state));
    }
    if ((*r)->status != PL_OK) {
        return qt_why("%s: %s", qt_status(task).name, pl_strerror((*r)->status));
    }
    return 0;
}

/* Rule 2: lo, mid_a, mid_b and hi queue on svc in that order while srv is busy; srv must then
 * receive hi, mid_a, mid_b, lo: priority first, and arrival order between the equals. */
static const char *sender_order_trouble(void)
{
    static const uint32_t queued[] = {TASK_LO, TASK_MID_A, TASK_MID_B, TASK_HI};
    static const uint32_t want[] = {BADGE_SVC_HI, BADGE_SVC_MID_A, BADGE_SVC_MID_B, BADGE_SVC_LO};
    const struct qc_report *r;
    const char *why = 0;
    for (unsigned i = 0; i < COUNT(queued) && !why; i++) {
        why = order_blocked(queued[i], OP_CALL1, 0, 0);
    }
    if (why || qc_order(TASK_SRV, OP_SERVE_N, COUNT(want), 0) != PL_OK ||
        (why = collect(TASK_SRV, REPORT_WAIT, &r))) {
        return why ? why : "could not order srv";
    }
    uint32_t got[COUNT(want)];
    memcpy(got, r->data, sizeof(got));
    if (memcmp(got, want, sizeof(want)) != 0) {
        return qt_why("served badges %lu %lu %lu %lu, expected %lu %lu %lu %lu (hi mid_a mid_b lo)",
                      (unsigned long)got[0], (unsigned long)got[1], (unsigned long)got[2],
                      (unsigned long)got[3], (unsigned long)want[0], (unsigned long)want[1],
                      (unsigned long)want[2], (unsigned long)want[3]);
    }
    for (unsigned i = 0; i < COUNT(queued) && !why; i++) {
        why = collect(queued[i], REPORT_WAIT, &r);
    }
    return why;
}

/* Rule 2 for receivers: w1, w2 (equal priority, in that order) and then the more urgent srv
 * wait on pool; three messages go to srv, w1, w2. */
static const char *receiver_order_trouble(void)
{
    static const uint32_t waiting[] = {TASK_W1, TASK_W2, TASK_SRV};
    static const uint32_t want[] = {2, 3, 1}; /* the message number each must get */
    const struct qc_report *r;
    const char *why = 0;
    for (unsigned i = 0; i < COUNT(waiting) && !why; i++) {
        why = order_blocked(waiting[i], OP_RECV1, 0, 0);
    }
    if (why || qc_order(TASK_C1, OP_SEND3, 0, 0) != PL_OK ||
        (why = collect(TASK_C1, REPORT_WAIT, &r))) {
        return why ? why : "could not order c1";
    }
    for (unsigned i = 0; i < COUNT(waiting); i++) {
        if ((why = collect(waiting[i], REPORT_WAIT, &r))) {
            return why;
        }
        if (r->a != want[i]) {
            return qt_why("%s got message %lu, expected %lu", qt_status(waiting[i]).name,
                          (unsigned long)r->a, (unsigned long)want[i]);
        }
    }
    return 0;
}

/* Start the four clients, each making K calls on ep, and wait for all their reports. */
static const char *run_clients(uint32_t ep)
{
    static const uint32_t badges[CLIENTS] = {1, 2, 3, 4}; /* as system.ini gives them */
    const struct qc_report *r;
    const char *why;
    for (unsigned i = 0; i < CLIENTS; i++) {
        if (qc_order(clients[i], OP_CALLS, CALLS_ARG(ep, badges[i]), K) != PL_OK) {
            return qt_why("could not order %s", qt_status(clients[i]).name);
        }
    }
    for (unsigned i = 0; i < CLIENTS; i++) {
        if ((why = collect(clients[i], LOAD_WAIT, &r))) {
            return why;
        }
        if (r->a != K) {
            return qt_why("%s: only %lu of %u replies answered its own request",
                          qt_status(clients[i]).name, (unsigned long)r->a, K);
        }
    }
    return 0;
}

/* Every request (client, seq) must have been served once by exactly one of the servers. */
static const char *tallies_trouble(const struct tally *t, unsigned n)
{
    uint32_t served = 0;
    for (unsigned s = 0; s < n; s++) {
        if (t[s].dups || t[s].bad) {
            return qt_why("server %u saw %lu duplicates and %lu malformed requests", s,
                          (unsigned long)t[s].dups, (unsigned long)t[s].bad);
        }
        served += t[s].served;
    }
    for (unsigned c = 0; c < CLIENTS; c++) {
        uint32_t all = 0;
        for (unsigned s = 0; s < n; s++) {
            if (all & t[s].seen[c]) {
                return qt_why("client %u: requests 0x%08lx served twice", c + 1u,
                              (unsigned long)(all & t[s].seen[c]));
            }
            all |= t[s].seen[c];
        }
        if (all != (1u << K) - 1u) {
            return qt_why("client %u: requests 0x%08lx never served", c + 1u,
                          (unsigned long)(~all & ((1u << K) - 1u)));
        }
    }
    if (served != CLIENTS * K) {
        return qt_why("%lu requests served, expected %u", (unsigned long)served, CLIENTS * K);
    }
    return 0;
}

/* An N:M pool: w1 and w2 receive on pool (equal priority with the clients, so requests do
 * queue while both workers are busy) until the judge signals their stop notifications. */
static const char *pool_trouble(void)
{
    static const uint32_t workers[] = {TASK_W1, TASK_W2};
    static const uint32_t stops[] = {NTFN_STOP_W1, NTFN_STOP_W2};
    struct tally t[2];
    const struct qc_report *r;
    const char *why = 0;
    for (unsigned i = 0; i < 2 && !why; i++) {
        why = order_blocked(workers[i], OP_WORK, 0, 0);
    }
    if (why || (why = run_clients(EP_POOL))) {
        return why;
    }
    for (unsigned i = 0; i < 2; i++) {
        int err = pl_ntfn_signal(stops[i], 1u);
        if (err != PL_OK || (why = collect(workers[i], REPORT_WAIT, &r))) {
            return why ? why : qt_why("pl_ntfn_signal: %s", pl_strerror(err));
        }
        memcpy(&t[i], r->data, sizeof(t[i]));
    }
    pl_printf("# pool: w1 served %lu requests, w2 %lu\r\n", (unsigned long)t[0].served,
              (unsigned long)t[1].served);
    if (t[0].served == 0 || t[1].served == 0) {
        return qt_why("one worker did everything (%lu and %lu requests): no pool at work",
                      (unsigned long)t[0].served, (unsigned long)t[1].served);
    }
    return tallies_trouble(t, 2);
}

/* Four clients on one server in a pl_reply_recv loop. */
static const char *one_server_trouble(void)
{
    struct tally t;
    const struct qc_report *r;
    const char *why = order_blocked(TASK_SRV, OP_LOOP, CLIENTS * K, 0);
    if (why || (why = run_clients(EP_ONE)) || (why = collect(TASK_SRV, REPORT_WAIT, &r))) {
        return why;
    }
    memcpy(&t, r->data, sizeof(t));
    return tallies_trouble(&t, 1);
}

int main(void)
{
    qt_begin(SYSTEM_NAME);
    qc_start(actors, COUNT(actors), 100);
    qt_report("senders_served_most_urgent_first_fifo_among_equals", sender_order_trouble());
    qt_report("receivers_take_messages_most_urgent_first_fifo_among_equals",
              receiver_order_trouble());
    qt_report("worker_pool_2x4_answers_every_request_exactly_once", pool_trouble());
    qt_report("one_server_4_clients_no_request_lost_or_duplicated", one_server_trouble());
    qt_finish();
}

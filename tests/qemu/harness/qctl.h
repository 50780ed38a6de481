/*
 * tests/qemu/harness/qctl.h - how the judge of an IPC test image drives its actor tasks.
 *
 * Messages only go uphill (docs/ipc.md, "Priorities"): the judge, the most urgent task, may
 * receive from every actor but send to none. So the actors call the judge: each actor calls
 * the image's control endpoint EP_CTL with a report (what its last order gave, or QC_HELLO
 * when it starts) and stays blocked in that call until the judge answers it with the next
 * order. An actor runs only when the judge has released it, one at a time or several at once,
 * which is what lets a case set up an exact interleaving (receiver first, sender first, ...).
 *
 * An image using this lists qctl_judge.c in its judge's sources and qctl_actor.c in every
 * actor's, declares `[endpoint ctl]` with the judge as receiver and every actor as a sender,
 * and keeps the judge at least as urgent as every actor.
 */
#ifndef TESTS_QEMU_QCTL_H
#define TESTS_QEMU_QCTL_H

#include <stdint.h>

#include "parley.h"

#define QC_HELLO    0x48454c4f /* the status of an actor's first report, after (re)start */
#define QC_DATA_MAX 64u        /* bytes a report may carry */

/* Ticks since boot, 32 bits: enough for any test image. */
static inline uint32_t qc_now(void)
{
    return (uint32_t)pl_uptime();
}

/* What the judge tells an actor to do next: an operation of the image and two arguments. */
struct qc_order {
    uint32_t op, a, b;
};

/* One report as the judge received it. */
struct qc_report {
    int32_t status; /* usually what the ordered operation returned */
    uint32_t a, b;  /* two words of the actor's choosing */
    uint32_t len;   /* bytes in data */
    uint32_t seq;   /* arrival number among all reports: tells which of two came first */
    uint8_t data[QC_DATA_MAX];
};

/* ---- actor side (qctl_actor.c) ---- */

/* Report, then wait for the next order. A failing control call ends the actor with exit code
 * 100 + the error's magnitude, which the judge then sees in the task status. */
struct qc_order qc_next(int32_t status, uint32_t a, uint32_t b, const void *data, uint32_t len);

/* The first report of an actor: it has started and waits for orders. */
struct qc_order qc_hello(void);
/* An actor's whole life: say hello, then carry out each order with act() and report. */
void qc_serve(struct qc_order (*act)(struct qc_order)) __attribute__((noreturn));

/* ---- judge side (qctl_judge.c) ---- */

/* Wait (up to limit ticks) for the first report of each of the n tasks. A task missing it is
 * a broken image: reported as a failed case, then the run ends. */
void qc_start(const uint32_t *tasks, unsigned n, uint32_t limit);

/* Answer the call held from `task` with an order. Returns pl_reply's status (PL_EDEAD if the
 * task is not waiting for orders, e.g. it faulted or was restarted since its last report). */
int qc_order(uint32_t task, uint32_t op, uint32_t a, uint32_t b);

/* The next report of `task`, waiting up to `timeout` ticks; NULL if none came. Reports other
 * tasks send meanwhile are kept for their own qc_report(). */
const struct qc_report *qc_report(uint32_t task, uint32_t timeout);

/* Order, then wait for the report: one request-response with an actor; NULL on timeout. */
const struct qc_report *qc_ask(uint32_t task, uint32_t op, uint32_t a, uint32_t b,
                               uint32_t timeout);

/* 1 if a report of `task` has arrived and not been taken yet (it does not wait). */
int qc_has_report(uint32_t task);

/* Sleep one tick at a time until `task` is BLOCKED (e.g. in the IPC it was ordered to do);
 * 1 if it is within `limit` ticks. */
int qc_wait_blocked(uint32_t task, uint32_t limit);

/* Restart `task` and wait for its QC_HELLO. Returns NULL, or why it failed. */
const char *qc_restart(uint32_t task);

#endif

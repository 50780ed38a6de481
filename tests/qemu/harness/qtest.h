/*
 * tests/qemu/harness/qtest.h - what every on-target test judge shares.
 *
 * A judge is an ordinary task with the supervisor and shutdown capabilities. It decides each
 * case from the task statuses the kernel keeps (state, exit code, fault record, counters),
 * prints one `ok - name` or `not ok - name: reason` line per case, and ends the run with
 * qt_finish(): the summary line tools/qemu-test.py parses, then pl_shutdown() with the verdict.
 */
#ifndef TESTS_QEMU_QTEST_H
#define TESTS_QEMU_QTEST_H

#include <stdint.h>

#include "parley.h"

/* Start the report: a fresh line (a task may have left a partial one on the console), then a
 * comment line naming the image; lines starting with '#' are ignored by the runner. */
void qt_begin(const char *image);

/* Format a failure reason. The two latest reasons stay valid, so a case can keep its reason
 * while it cleans up with a call that may format one of its own. */
const char *qt_why(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* In a case function that returns its reason: run one step (an expression giving a reason or
 * NULL) and return its reason if it failed. */
#define QT_STEP(x)                                                                                 \
    do {                                                                                           \
        const char *why_ = (x);                                                                    \
        if (why_) {                                                                                \
            return why_;                                                                           \
        }                                                                                          \
    } while (0)

/* Report one case: passed when why is NULL, else failed with why as the reason. */
void qt_report(const char *name, const char *why);

/* The summary line, then stop the machine: exit status 0 only if every case passed. */
void qt_finish(void) __attribute__((noreturn));

/* The status of task `index`; a failing status call is a broken judge, so it ends the run. */
struct pl_task_status qt_status(uint32_t index);

/* 1 while the task may still run on its own: READY or BLOCKED. */
int qt_is_live(const struct pl_task_status *st);

/* Sleep in steps of `poll` ticks until none of the n tasks is live or `limit` ticks passed.
 * Returns 1 if they all stopped (faulted or exited) in time. */
int qt_wait_stopped(const uint32_t *tasks, unsigned n, uint32_t poll, uint32_t limit);

const char *qt_state_name(uint32_t state);
const char *qt_fault_name(uint32_t kind);

#endif

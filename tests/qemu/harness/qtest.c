/*
 * tests/qemu/harness/qtest.c - case reporting and task-status helpers for test judges
 * (see qtest.h). The counters live in the judge's own RAM: one judge per image.
 */
#include <stdarg.h>
#include <stdio.h>

#include "qtest.h"

static unsigned passed, failed;

void qt_begin(const char *image)
{
    pl_printf("\r\n# %s: judging\r\n", image);
}

const char *qt_why(const char *fmt, ...)
{
    static char bufs[2][160];
    static unsigned next;
    char *buf = bufs[next];
    next = (next + 1u) % 2u;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(bufs[0]), fmt, ap);
    va_end(ap);
    return buf;
}

void qt_report(const char *name, const char *why)
{
    if (why) {
        failed++;
        pl_printf("not ok - %s: %s\r\n", name, why);
    } else {
        passed++;
        pl_printf("ok - %s\r\n", name);
    }
}

void qt_finish(void)
{
    pl_printf("%u passed, %u failed\r\n", passed, failed);
    pl_shutdown(failed ? 1 : 0);
    /* Only reached without the shutdown capability: a broken description, not a pass. */
    pl_printf("judge: pl_shutdown refused; is 'shutdown' in the judge's caps?\r\n");
    pl_exit(1);
}

struct pl_task_status qt_status(uint32_t index)
{
    struct pl_task_status st;
    int err = pl_task_status(index, &st);
    if (err != PL_OK) {
        qt_report("judge_reads_task_status",
                  qt_why("task %lu: %s", (unsigned long)index, pl_strerror(err)));
        qt_finish();
    }
    return st;
}

int qt_is_live(const struct pl_task_status *st)
{
    return st->state == PL_TASK_READY || st->state == PL_TASK_BLOCKED;
}

static int any_live(const uint32_t *tasks, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        struct pl_task_status st = qt_status(tasks[i]);
        if (qt_is_live(&st)) {
            return 1;
        }
    }
    return 0;
}

int qt_wait_stopped(const uint32_t *tasks, unsigned n, uint32_t poll, uint32_t limit)
{
    for (uint32_t waited = 0; any_live(tasks, n); waited += poll) {
        if (waited >= limit) {
            return 0;
        }
        pl_sleep(poll);
    }
    return 1;
}

const char *qt_state_name(uint32_t state)
{
    static const char *const names[] = {
        [PL_TASK_READY] = "ready",
        [PL_TASK_BLOCKED] = "blocked",
        [PL_TASK_FAULTED] = "faulted",
        [PL_TASK_EXITED] = "exited",
    };
    return state < sizeof(names) / sizeof(names[0]) ? names[state] : "unknown state";
}

const char *qt_fault_name(uint32_t kind)
{
    static const char *const names[] = {
        [PL_FAULT_NONE] = "NONE",
        [PL_FAULT_MEM_DATA] = "MEM_DATA",
        [PL_FAULT_MEM_EXEC] = "MEM_EXEC",
        [PL_FAULT_STACK] = "STACK",
        [PL_FAULT_BUS] = "BUS",
        [PL_FAULT_UNDEF] = "UNDEF",
        [PL_FAULT_STATE] = "STATE",
        [PL_FAULT_DIV0] = "DIV0",
        [PL_FAULT_UNALIGNED] = "UNALIGNED",
        [PL_FAULT_HARD] = "HARD",
        [PL_FAULT_BAD_SYSCALL] = "BAD_SYSCALL",
        [PL_FAULT_BAD_POINTER] = "BAD_POINTER",
    };
    return kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "unknown kind";
}

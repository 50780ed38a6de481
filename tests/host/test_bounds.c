/*
 * tests/host/test_bounds.c - every index a task hands the kernel, at every boundary.
 *
 * System calls name objects by small indices: endpoints, notifications, shared pages, windows,
 * tasks, grants, reply handles. Each must be bounded by the table it indexes before it is used
 * (docs/architecture.md, "Threat model"). Here each call meets the first index past its table
 * (the system's count), the last and first past the kernel's static limits (31, 32), the
 * largest an 8-bit field holds (255) and the extremes of a register. Every such call must give
 * its documented error and change nothing else in the kernel: the whole kernel view (states,
 * queues, rights, registers, the tasks' RAM) is compared before and after, with only the
 * caller's r0 allowed to differ. The last valid index of each table is shown to work, so a
 * bound that is off by one in either direction fails here.
 */
#include <string.h>

#include "fixture.h"
#include "harness.h"
#include "kernel_view.h"
#include <parley/signal.h>
#include <parley/syscall.h>

static struct kernel_view before, after;

static struct task *T(enum fixture_task_index i)
{
    return fx_task(i);
}

/* Task i makes call svc with `in` (through kernel_syscall, fast path first). It must return
 * err in r0 and leave everything else as it was. */
static void refused(int line, enum fixture_task_index i, uint32_t svc, struct fx_ipc in,
                    int32_t err)
{
    fixture_reset();
    fx_run(T(i));
    fx_load(T(i), svc, &in);
    kernel_view_take(&before, T(i));
    struct task *next = task_of(kernel_syscall(&T(i)->arch));
    kernel_view_take(&after, next);
    harness_check_eq(__FILE__, line, "r0", "the error", (int32_t)fx_reg(T(i), 0), err);
    before.task[i].reg[0] = (uint32_t)err;
    (void)kernel_view_same(__FILE__, line, "the refused call", &after, &before);
}
#define REFUSED(i, svc, in, err) refused(__LINE__, (i), (svc), (in), (err))

/* Indices past a table of `count` entries, up to the extremes of the register's 8-bit field. */
static const uint32_t past8[] = {0 /* count, filled in */, 31, 32, 255};
/* The same for a whole 32-bit argument. */
static const uint32_t past32[] = {0 /* count */, 31, 32, 255, 256, 0x80000000u, 0xffffffffu};

static void each_past(uint32_t count, const uint32_t *past, unsigned n, uint32_t *out)
{
    for (unsigned k = 0; k < n; k++) {
        out[k] = k == 0 ? count : past[k];
    }
}
#define N8  (sizeof(past8) / sizeof(past8[0]))
#define N32 (sizeof(past32) / sizeof(past32[0]))

static struct fx_ipc ipc(uint32_t obj)
{
    return (struct fx_ipc){.obj = obj, .label = 0x77};
}

static struct fx_ipc args(uint32_t r0, uint32_t r1, uint32_t r2)
{
    return (struct fx_ipc){.obj = r0, .label = r1, .w0 = r2};
}

/* ---- endpoints ---- */

TEST(endpoint_indices_past_the_table_are_eperm_for_every_ipc_call)
{
    const uint32_t calls[] = {PL_SYS_SEND, PL_SYS_CALL, PL_SYS_RECV, PL_SYS_REPLY_RECV};
    uint32_t e[N8];
    each_past(FX_ENDPOINTS, past8, N8, e);
    for (unsigned c = 0; c < sizeof(calls) / sizeof(calls[0]); c++) {
        for (unsigned k = 0; k < N8; k++) {
            REFUSED(FX_TESTER, calls[c], ipc(e[k]), PL_EPERM);
            REFUSED(FX_TESTER, calls[c], ipc(e[k] | PL_IPC_NONBLOCK), PL_EPERM);
        }
    }
}

TEST(the_last_endpoint_index_is_usable)
{
    fx_trap(T(FX_TESTER), PL_SYS_SEND, &(struct fx_ipc){.obj = FX_EP_LOW | PL_IPC_NONBLOCK});
    CHECK_EQ((int32_t)fx_reg(T(FX_TESTER), 0), PL_EAGAIN); /* allowed; nobody waits */
}

TEST(grant_indices_past_the_table_are_eperm)
{
    uint32_t e[N8];
    each_past(FX_ENDPOINTS, past8, N8, e);
    for (unsigned k = 0; k < N8; k++) {
        for (uint32_t right = PL_RIGHT_SEND; right <= PL_RIGHT_RECV; right++) {
            struct fx_ipc in = ipc(FX_EP_POOL | PL_IPC_GRANT);
            in.target = PL_GRANT(e[k], right);
            REFUSED(FX_TESTER, PL_SYS_SEND, in, PL_EPERM);
            REFUSED(FX_TESTER, PL_SYS_CALL, in, PL_EPERM);
        }
    }
    struct fx_ipc in = ipc(FX_EP_POOL | PL_IPC_GRANT);
    in.target = 0xffffffffu; /* index 255 and every right bit */
    REFUSED(FX_TESTER, PL_SYS_SEND, in, PL_EPERM);
}

TEST(reply_handles_of_tasks_past_the_table_are_edead)
{
    uint32_t t[N8];
    each_past(FX_TASKS, past8, N8, t);
    for (unsigned k = 0; k < N8; k++) {
        struct fx_ipc in = ipc(0);
        in.target = t[k] | 1u << PL_TASK_INDEX_BITS;
        REFUSED(FX_SUPER, PL_SYS_REPLY, in, PL_EDEAD);
    }
}

TEST(ep_status_past_the_table_is_enoent)
{
    uint32_t e[N32];
    each_past(FX_ENDPOINTS, past32, N32, e);
    for (unsigned k = 0; k < N32; k++) {
        REFUSED(FX_SUPER, PL_SYS_EP_STATUS, args(e[k], fx_buf(FX_SUPER, 0), 0), PL_ENOENT);
    }
    fx_trap_args(T(FX_SUPER), PL_SYS_EP_STATUS, FX_ENDPOINTS - 1, fx_buf(FX_SUPER, 0), 0);
    CHECK_EQ((int32_t)fx_reg(T(FX_SUPER), 0), PL_OK);
}

/* ---- notifications ---- */

TEST(notification_indices_past_the_table_are_eperm)
{
    uint32_t n[N8];
    each_past(FX_NTFNS, past8, N8, n);
    for (unsigned k = 0; k < N8; k++) {
        REFUSED(FX_TESTER, PL_SYS_NTFN_SIGNAL, args(n[k], 1, 0), PL_EPERM);
        REFUSED(FX_WORKER_A, PL_SYS_NTFN_WAIT, args(n[k], 1, 0), PL_EPERM);
        REFUSED(FX_WORKER_A, PL_SYS_NTFN_WAIT, args(n[k] | PL_IPC_NONBLOCK, 1, 0), PL_EPERM);
        REFUSED(FX_WORKER_A, PL_SYS_IRQ_ACK, args(n[k], FX_IRQ_BIT, 0), PL_EPERM);
    }
}

TEST(the_last_notification_index_is_usable)
{
    /* super waits on the last one (faults); the tester may signal ev, the one before */
    fx_trap_args(T(FX_SUPER), PL_SYS_NTFN_WAIT, FX_NTFN_FAULTS | PL_IPC_NONBLOCK, 1, 0);
    CHECK_EQ((int32_t)fx_reg(T(FX_SUPER), 0), PL_OK);
    fx_trap_args(T(FX_TESTER), PL_SYS_NTFN_SIGNAL, FX_NTFN_EV, 1, 0);
    CHECK_EQ((int32_t)fx_reg(T(FX_TESTER), 0), PL_OK);
}

/* ---- shared pages and windows ---- */

TEST(page_indices_past_the_table_are_eperm)
{
    uint32_t p[N32];
    each_past(FX_PAGES, past32, N32, p);
    for (unsigned k = 0; k < N32; k++) {
        REFUSED(FX_WORKER_C, PL_SYS_SHM_GRANT, args(p[k], FX_TESTER, PL_SHM_READ), PL_EPERM);
        REFUSED(FX_WORKER_C, PL_SYS_SHM_REVOKE, args(p[k], FX_TESTER, 0), PL_EPERM);
        REFUSED(FX_WORKER_C, PL_SYS_SHM_MAP, args(p[k], 0, 0), PL_EPERM);
    }
}

TEST(task_indices_past_the_table_are_enoent_for_page_grants)
{
    uint32_t t[N32];
    each_past(FX_TASKS, past32, N32, t);
    for (unsigned k = 0; k < N32; k++) {
        REFUSED(FX_WORKER_C, PL_SYS_SHM_GRANT, args(FX_PAGES - 1, t[k], PL_SHM_READ), PL_ENOENT);
        REFUSED(FX_WORKER_C, PL_SYS_SHM_REVOKE, args(FX_PAGES - 1, t[k], 0), PL_ENOENT);
    }
}

TEST(window_indices_past_the_tasks_windows_are_einval)
{
    const uint32_t w[] = {2 /* worker_c has 2 */, 6, 7, 8, 31, 32, 255, 0x80000000u, 0xffffffffu};
    for (unsigned k = 0; k < sizeof(w) / sizeof(w[0]); k++) {
        REFUSED(FX_WORKER_C, PL_SYS_SHM_MAP, args(0, w[k], 0), PL_EINVAL);
        REFUSED(FX_WORKER_C, PL_SYS_SHM_UNMAP, args(w[k], 0, 0), PL_EINVAL);
    }
    REFUSED(FX_WORKER_A, PL_SYS_SHM_UNMAP, args(0, 0, 0), PL_EINVAL); /* it has none */
}

TEST(the_last_page_and_window_are_usable)
{
    fx_trap_args(T(FX_WORKER_C), PL_SYS_SHM_MAP, FX_PAGES - 1, 1, 0);
    CHECK_EQ(fx_reg(T(FX_WORKER_C), 0), fx_addr(fx_page[FX_PAGES - 1]));
    fx_trap_args(T(FX_WORKER_C), PL_SYS_SHM_GRANT, FX_PAGES - 1, FX_TASKS - 1, PL_SHM_READ);
    CHECK_EQ((int32_t)fx_reg(T(FX_WORKER_C), 0), PL_OK);
}

/* ---- tasks ---- */

TEST(task_indices_past_the_table_are_enoent_for_the_supervisors_calls)
{
    uint32_t t[N32];
    each_past(FX_TASKS, past32, N32, t);
    for (unsigned k = 0; k < N32; k++) {
        REFUSED(FX_SUPER, PL_SYS_TASK_STATUS, args(t[k], fx_buf(FX_SUPER, 0), 0), PL_ENOENT);
        REFUSED(FX_SUPER, PL_SYS_TASK_RESTART, args(t[k], 0, 0), PL_ENOENT);
        REFUSED(FX_SUPER, PL_SYS_TASK_FAULT, args(t[k], 0, 0), PL_ENOENT);
    }
    fx_trap_args(T(FX_SUPER), PL_SYS_TASK_STATUS, FX_TASKS - 1, fx_buf(FX_SUPER, 0), 0);
    CHECK_EQ((int32_t)fx_reg(T(FX_SUPER), 0), PL_OK);
}

/* ---- signals ---- */

TEST(task_indices_past_the_table_are_esrch_for_kill)
{
    uint32_t t[N32];
    each_past(FX_TASKS, past32, N32, t);
    for (unsigned k = 0; k < N32; k++) {
        REFUSED(FX_SUPER, PL_SYS_SIG_KILL, args(t[k], PL_SIGTERM, 0), PL_ESRCH);
        REFUSED(FX_WORKER_B, PL_SYS_SIG_KILL, args(t[k], PL_SIGTERM, 0), PL_ESRCH);
    }
    fx_trap_args(T(FX_SUPER), PL_SYS_SIG_KILL, FX_TASKS - 2, PL_SIGCHLD, 0); /* the last but idle */
    CHECK_EQ((int32_t)fx_reg(T(FX_SUPER), 0), PL_OK);
}

TEST(signal_numbers_past_the_last_are_einval)
{
    const uint32_t bad[] = {0, 32, 33, 255, 256, 0x80000000u, 0xffffffffu};
    for (unsigned k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        REFUSED(FX_SUPER, PL_SYS_SIG_KILL, args(FX_TESTER, bad[k], 0), PL_EINVAL);
        REFUSED(FX_SUPER, PL_SYS_SIG_ACTION, args(bad[k], PL_SIG_IGN, 0), PL_EINVAL);
    }
    REFUSED(FX_SUPER, PL_SYS_SIG_ACTION, args(PL_SIGUSR2, 3, 0), PL_EINVAL);
    REFUSED(FX_SUPER, PL_SYS_SIG_ACTION, args(PL_SIGUSR2, 0xffffffffu, 0), PL_EINVAL);
    REFUSED(FX_SUPER, PL_SYS_SIG_MASK, args(3, 0xffffffffu, 0), PL_EINVAL);
    REFUSED(FX_SUPER, PL_SYS_SIG_MASK, args(0xffffffffu, 0xffffffffu, 0), PL_EINVAL);
    fx_trap_args(T(FX_SUPER), PL_SYS_SIG_ACTION, PL_SIGUSR2, PL_SIG_IGN, 0); /* the last one */
    CHECK_EQ((int32_t)fx_reg(T(FX_SUPER), 0), PL_SIG_DFL);
}

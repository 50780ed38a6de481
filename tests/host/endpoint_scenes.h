/*
 * tests/host/endpoint_scenes.h - what the endpoint tests (test_endpoint.c, test_endpoint_peers.c)
 * share: names for the fixture's endpoints, traps through the general path, message builders,
 * and checks of what a task got, of queues and of blocked/woken tasks.
 */
#ifndef TESTS_HOST_ENDPOINT_SCENES_H
#define TESTS_HOST_ENDPOINT_SCENES_H
#include <string.h>

#include "fixture.h"
#include "harness.h"
#include "syscall.h"
#include <parley/syscall.h>

#define SRV       FX_EP_SRV
#define POOL      FX_EP_POOL
#define PEER      FX_EP_PEER
#define LOW       FX_EP_LOW
#define BUF       FX_BUF_SIZE
#define PATTERN   0x40u /* first byte of every message: 0x40, 0x41, ... */
#define UNTOUCHED 0xeeu /* what a buffer holds where nothing may be written */
#define ANY_BADGE 0xffffffffu
#define NONE      (-1)

static const struct pl_fault_record crash = {.kind = PL_FAULT_MEM_DATA, .pc = 0x100};

static inline struct task *T(enum fixture_task_index i)
{
    return fx_task(i);
}

/* Trap as task i (made the current task first), general path; returns who runs next. */
static inline struct task *op(enum fixture_task_index i, uint32_t svc, struct fx_ipc in)
{
    return fx_trap_general(T(i), svc, &in);
}

/* A message from task i: label, two words made from it, and len bytes PATTERN... from its
 * buffer 0; room for an answer of BUF bytes in its buffer 1. */
static inline struct fx_ipc msg(enum fixture_task_index i, uint32_t obj, uint32_t label,
                                uint32_t len)
{
    fx_fill(fx_buf(i, 0), PATTERN, len);
    return (struct fx_ipc){.obj = obj,
                           .label = label,
                           .w0 = label + 0x1000u,
                           .w1 = label + 0x2000u,
                           .out = fx_buf(i, 0),
                           .out_len = len,
                           .in = fx_buf(i, 1),
                           .in_cap = BUF};
}

/* The same, as an answer to the holder of `handle`. */
static inline struct fx_ipc answer(enum fixture_task_index i, uint32_t handle, uint32_t label,
                                   uint32_t len)
{
    struct fx_ipc m = msg(i, 0, label, len);
    m.target = handle;
    return m;
}

/* Receive on obj into buffer 1 of task i, cap bytes of room. */
static inline struct fx_ipc rx(enum fixture_task_index i, uint32_t obj, uint32_t cap)
{
    return (struct fx_ipc){.obj = obj, .in = fx_buf(i, 1), .in_cap = cap};
}

static inline struct task *recv_on(enum fixture_task_index i, uint32_t obj)
{
    return op(i, PL_SYS_RECV, rx(i, obj, BUF));
}

/* The handle of the sender of the last message task i received (what it replies to). */
static inline uint32_t sender_of(enum fixture_task_index i)
{
    return fx_reg(T(i), OUT_SENDER);
}

static inline void ticks(unsigned n)
{
    while (n--) {
        fx_tick();
    }
}

static inline int untouched(uint32_t addr, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++) {
        if (fx_bytes(addr)[i] != UNTOUCHED) {
            return 0;
        }
    }
    return 1;
}

/* Task t holds a message: status, label (and the words msg() makes of it), the sender's task
 * index, badge (ANY_BADGE: not checked) and full length. */
static inline void check_got(const char *file, int line, struct task *t, int32_t status,
                             uint32_t label, uint32_t from, uint32_t badge, uint32_t len)
{
    harness_check_eq(file, line, "status", "expected", fx_status(t), status);
    harness_check_eq(file, line, "label", "expected", fx_reg(t, OUT_LABEL), label);
    harness_check_eq(file, line, "w0", "label + 0x1000", fx_reg(t, OUT_W0), label + 0x1000u);
    harness_check_eq(file, line, "w1", "label + 0x2000", fx_reg(t, OUT_W1), label + 0x2000u);
    harness_check_eq(file, line, "sender's index", "expected", PL_TASK_INDEX(fx_reg(t, OUT_SENDER)),
                     from);
    if (badge != ANY_BADGE) {
        harness_check_eq(file, line, "badge", "expected", fx_reg(t, OUT_BADGE), badge);
    }
    harness_check_eq(file, line, "length", "expected", fx_reg(t, OUT_LEN), len);
}
#define CHECK_GOT(t, status, label, from, badge, len)                                              \
    check_got(__FILE__, __LINE__, t, status, label, from, badge, len)

/* The queue, as task indices, must be exactly the ones listed (NONE-terminated). */
static inline void check_queue(const char *file, int line, const char *what, uint32_t ep,
                               const int *want)
{
    int got[FX_TASKS + 1];
    int n = (what[0] == 's' ? fx_senders : fx_receivers)(ep, got, FX_TASKS + 1);
    for (int i = 0; i <= n && i <= FX_TASKS; i++) {
        if (got[i] != want[i]) {
            harness_fail(file, line, "%s of endpoint %u: entry %d is task %d, want %d", what, ep, i,
                         got[i], want[i]);
            return;
        }
    }
}
#define CHECK_SENDERS(ep, ...)                                                                     \
    check_queue(__FILE__, __LINE__, "senders", ep, (const int[]){__VA_ARGS__})
#define CHECK_RECEIVERS(ep, ...)                                                                   \
    check_queue(__FILE__, __LINE__, "receivers", ep, (const int[]){__VA_ARGS__})

static inline void check_blocked(const char *file, int line, struct task *t, enum block_kind why)
{
    harness_check_eq(file, line, "state", "PL_TASK_BLOCKED", t->state, PL_TASK_BLOCKED);
    harness_check_eq(file, line, "block", "expected", t->block, why);
}
#define CHECK_BLOCKED(t, why) check_blocked(__FILE__, __LINE__, t, why)

static inline void check_woken(const char *file, int line, struct task *t, int32_t status)
{
    harness_check_eq(file, line, "state", "PL_TASK_READY", t->state, PL_TASK_READY);
    harness_check_eq(file, line, "status", "expected", fx_status(t), status);
}
#define CHECK_WOKEN(t, status) check_woken(__FILE__, __LINE__, t, status)

/* Super holds a call of worker_a (label 0x20, 8 bytes) and runs; returns the call's handle. */
static inline uint32_t super_holds_call_of_a(void)
{
    recv_on(FX_SUPER, SRV);
    op(FX_WORKER_A, PL_SYS_CALL, msg(FX_WORKER_A, SRV, 0x20, 8));
    return sender_of(FX_SUPER);
}

static inline struct fx_ipc with_grant(struct fx_ipc m, uint32_t ep, uint32_t right)
{
    m.obj |= PL_IPC_GRANT;
    m.target = PL_GRANT(ep, right);
    return m;
}

#endif

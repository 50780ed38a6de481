/*
 * servers/supervisor/supervisor.c - the supervisor task: watches every task, restarts the
 * ones that stop under their policy, and answers the supervisor protocol (supervisor.h).
 *
 * It waits for requests and for its notification at once (pl_server_run with notify_mask).
 * The kernel signals the 'faults' bit whenever any task faults or exits; the supervisor then
 * reads every task's status and handles each stop it has not handled yet, which it knows by
 * the task id (a restarted task has a new generation, so its next stop has a new id). What to
 * do (and how to say it) is policy.c's decision; this file carries it out and keeps time.
 * Back-offs and the cool-downs that end holds are deadlines of the server loop
 * (next_timeout/on_timeout of server.h). Needs
 * caps = supervisor; description conventions in README.md.
 */
#include <string.h>

#include "policy.h"
#include "server.h"
#include "supervisor.h"
#include "system.h"

#ifndef NTFN_SUPERVISOR_FAULTS
#error "the supervisor waits on [notification supervisor] with 'faults = BIT' (see its README)"
#endif

struct sup_task {
    struct policy_task policy;
    pl_task_id handled; /* the incarnation whose stop was handled already (0: none yet) */
};

struct sup_state {
    struct sup_task tasks[SYSTEM_TASK_COUNT];
    uint32_t self;                /* the supervisor's own index: never restarted by itself */
    struct pl_task_status status; /* reply bytes of SUP_TASK_INFO */
    struct pl_ep_status ep;       /* reply bytes of SUP_EP_INFO */
};

static const struct policy_desc sup_policies[SYSTEM_TASK_COUNT] = SYSTEM_RESTART_POLICIES;

static uint64_t sup_now_ms(void)
{
    return pl_uptime() * 1000u / SYSTEM_TICK_HZ;
}

static int sup_is_stopped(const struct pl_task_status *st)
{
    return st->state == PL_TASK_FAULTED || st->state == PL_TASK_EXITED;
}

/* Restart task i for its policy, now. Returns its new id, or a negative error. */
static int sup_restart(struct sup_state *s, uint32_t i, uint64_t now)
{
    int id = pl_task_restart(i);
    if (id < 0) {
        /* cannot happen with a sane description; it stays pending and is tried again */
        pl_printf("[supervisor] cannot restart task %lu: %s\r\n", (unsigned long)i,
                  pl_strerror(id));
        return id;
    }
    policy_restarted(&s->tasks[i].policy, now);
    return id;
}

/* Task i was found stopped for the first time in this incarnation: decide, log, act. */
static void sup_handle_stop(struct sup_state *s, uint32_t i, const struct pl_task_status *st,
                            uint64_t now)
{
    struct policy_task *p = &s->tasks[i].policy;
    enum policy_stop how =
        st->state == PL_TASK_EXITED && st->exit_code == 0 ? POLICY_STOP_CLEAN : POLICY_STOP_FAILED;
    struct policy_decision d = policy_stopped(p, how, now);
    char line[240]; /* the kernel console takes 256 bytes per write */
    policy_log_line(line, sizeof(line), st, p, &d);
    pl_debug_write(line, strnlen(line, sizeof(line)));
    if (d.action == POLICY_RESTART_NOW) {
        (void)sup_restart(s, i, now);
    }
}

/* Read every task's status and handle each stop not handled yet. */
static void sup_scan(struct sup_state *s, uint64_t now)
{
    for (uint32_t i = 0; i < SYSTEM_TASK_COUNT; i++) {
        struct pl_task_status st;
        if (i == s->self || pl_task_status(i, &st) != PL_OK) {
            continue;
        }
        if (sup_is_stopped(&st) && st.id != s->tasks[i].handled) {
            s->tasks[i].handled = st.id;
            sup_handle_stop(s, i, &st, now);
        }
    }
}

/* Restart every task whose back-off or cool-down (a hold) has ended. */
static void sup_run_due(struct sup_state *s, uint64_t now)
{
    for (uint32_t i = 0; i < SYSTEM_TASK_COUNT; i++) {
        struct policy_task *p = &s->tasks[i].policy;
        if (!policy_due(p, now)) {
            continue;
        }
        struct pl_task_status st = {.state = PL_TASK_FAULTED};
        if (pl_task_status(i, &st) == PL_OK && !sup_is_stopped(&st)) {
            policy_seen_running(p, now); /* someone restarted it meanwhile */
            continue;
        }
        int held = policy_is_held(p);
        int id = sup_restart(s, i, now);
        if (id < 0) {
            continue;
        }
        if (held) {
            pl_printf("[supervisor] %s restarted after its %lu s cool-down (generation %lu)\r\n",
                      st.name, (unsigned long)p->desc.hold_window_s,
                      (unsigned long)PL_TASK_GEN((uint32_t)id));
        } else {
            pl_printf("[supervisor] %s restarted after its back-off (generation %lu)\r\n", st.name,
                      (unsigned long)PL_TASK_GEN((uint32_t)id));
        }
    }
}

static void sup_on_notify(void *state, uint32_t bits)
{
    struct sup_state *s = state;
    uint64_t now = sup_now_ms();
    if (bits & NTFN_SUPERVISOR_FAULTS) {
        sup_scan(s, now);
    }
    sup_run_due(s, now);
}

/* Ticks until the earliest back-off or cool-down ends (rounded up), PL_WAIT_FOREVER if
 * none. */
static uint32_t sup_next_timeout(void *state)
{
    const struct sup_state *s = state;
    uint64_t now = sup_now_ms(), first = UINT64_MAX;
    for (uint32_t i = 0; i < SYSTEM_TASK_COUNT; i++) {
        const struct policy_task *p = &s->tasks[i].policy;
        if (policy_has_deadline(p) && p->due_ms < first) {
            first = p->due_ms;
        }
    }
    if (first == UINT64_MAX) {
        return PL_WAIT_FOREVER;
    }
    if (first <= now) {
        return 0;
    }
    uint64_t ticks = ((first - now) * SYSTEM_TICK_HZ + 999u) / 1000u;
    return ticks < PL_WAIT_FOREVER ? (uint32_t)ticks : PL_WAIT_FOREVER - 1u;
}

static void sup_on_timeout(void *state)
{
    sup_run_due(state, sup_now_ms());
}

/* ---- requests (supervisor.h) ---- */

static int sup_on_task_count(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    (void)state;
    (void)req;
    rep->w0 = SYSTEM_TASK_COUNT;
    return PL_OK;
}

static int sup_on_task_info(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct sup_state *s = state;
    int err = pl_task_status(req->w0, &s->status);
    if (err != PL_OK) {
        return err;
    }
    rep->data = &s->status;
    rep->len = sizeof(s->status);
    rep->w1 = (uint32_t)policy_is_held(&s->tasks[req->w0].policy);
    rep->w0 = policy_cooldown_left_ms(&s->tasks[req->w0].policy, sup_now_ms());
    return PL_OK;
}

static int sup_on_fault(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    (void)state;
    (void)rep;
    if (!(req->badge & SUP_BADGE_CONTROL)) {
        return PL_EPERM; /* lifecycle control is for the clients the description names */
    }
    /* the kernel then signals our faults bit: the stop is handled like any other */
    return pl_task_fault(req->w0);
}

static int sup_on_restart(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct sup_state *s = state;
    uint32_t i = req->w0;
    if (!(req->badge & SUP_BADGE_CONTROL)) {
        return PL_EPERM;
    }
    if (i >= SYSTEM_TASK_COUNT) {
        return PL_ENOENT;
    }
    int held = policy_is_held(&s->tasks[i].policy);
    int id = pl_task_restart(i);
    if (id < 0) {
        return id;
    }
    policy_released(&s->tasks[i].policy, sup_now_ms());
    if (pl_task_status(i, &s->status) == PL_OK) {
        pl_printf("[supervisor] %s restarted on request%s (generation %lu)\r\n", s->status.name,
                  held ? ", released from hold" : "", (unsigned long)PL_TASK_GEN((uint32_t)id));
    }
    rep->w0 = (uint32_t)id;
    return PL_OK;
}

static int sup_on_ep_info(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct sup_state *s = state;
    int err = pl_ep_status(req->w0, &s->ep);
    if (err != PL_OK) {
        return err;
    }
    rep->data = &s->ep;
    rep->len = sizeof(s->ep);
    return PL_OK;
}

static int sup_on_find(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct sup_state *s = state;
    for (uint32_t i = 0; i < SYSTEM_TASK_COUNT; i++) {
        if (pl_task_status(i, &s->status) == PL_OK && strlen(s->status.name) == req->len &&
            memcmp(s->status.name, req->data, req->len) == 0) {
            rep->w0 = i;
            return PL_OK;
        }
    }
    return PL_ENOENT;
}

static void sup_init(struct sup_state *s)
{
    uint64_t now = sup_now_ms();
    s->self = PL_TASK_INDEX(pl_task_self());
    for (uint32_t i = 0; i < SYSTEM_TASK_COUNT; i++) {
        policy_init(&s->tasks[i].policy, &sup_policies[i], now);
    }
    pl_printf("[supervisor] watching %lu tasks\r\n", (unsigned long)SYSTEM_TASK_COUNT);
}

static void sup_start(void *state)
{
    sup_init(state);
    sup_on_notify(state, NTFN_SUPERVISOR_FAULTS); /* stops that came before we ran */
}

static struct sup_state state;
static const pl_handler handlers[SUP_OP_COUNT] = {
    [SUP_TASK_COUNT] = sup_on_task_count, [SUP_TASK_INFO] = sup_on_task_info,
    [SUP_FAULT] = sup_on_fault,           [SUP_RESTART] = sup_on_restart,
    [SUP_EP_INFO] = sup_on_ep_info,       [SUP_FIND] = sup_on_find,
};

/* The supervisor. It stays a task in both modes (like init on Unix): it manages tasks with
 * system calls of its own, which the server seam (env.h) does not offer. */
const struct pl_server supervisor_server = {
    .name = "supervisor",
    .init = sup_start,
    .ep = EP_SUPERVISOR,
    .handlers = handlers,
    .handler_count = SUP_OP_COUNT,
    .state = &state,
    .notify_mask = NTFN_SUPERVISOR_FAULTS,
    .on_notify = sup_on_notify,
    .next_timeout = sup_next_timeout,
    .on_timeout = sup_on_timeout,
};

int supervisor_main(void)
{
    pl_server_start(&supervisor_server);
}

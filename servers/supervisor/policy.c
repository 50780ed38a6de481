/*
 * servers/supervisor/policy.c - the restart policy state machine (see policy.h).
 *
 * Owns nothing but the struct policy_task it is given. Time only comes in as an argument, in
 * milliseconds since boot, so every decision can be replayed on the host. A hold is a
 * cool-down of one hold window, never for good (policy.h says why). The restart
 * history keeps the latest POLICY_HISTORY restart times; a hold_after count above that is
 * treated as POLICY_HISTORY (sysgen could refuse it: see README.md). The last part puts a
 * decision into the words of the supervisor's log line (snprintf only).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "policy.h"

void policy_init(struct policy_task *p, const struct policy_desc *d, uint64_t now_ms)
{
    memset(p, 0, sizeof(*p));
    p->desc = *d;
    p->phase = POLICY_UP;
    p->up_since_ms = now_ms;
}

static uint32_t policy_hold_count(const struct policy_task *p)
{
    return p->desc.hold_count < POLICY_HISTORY ? p->desc.hold_count : POLICY_HISTORY;
}

/* Policy restarts within the hold window that ends now. The history keeps 32-bit times to
 * save RAM: the unsigned difference is right across a wrap, and sysgen's windows are far
 * shorter than the 49 days a wrap takes. */
static uint32_t policy_recent(const struct policy_task *p, uint64_t now_ms)
{
    uint64_t window_ms = (uint64_t)p->desc.hold_window_s * 1000u;
    uint32_t n = 0;
    for (uint32_t i = 0; i < p->history_len; i++) {
        if ((uint32_t)((uint32_t)now_ms - p->history[i]) < window_ms) {
            n++;
        }
    }
    return n;
}

static uint32_t policy_delay_at(const struct policy_task *p, uint32_t level)
{
    uint64_t d = (uint64_t)p->desc.backoff_ms << level;
    return d < POLICY_BACKOFF_MAX_MS ? (uint32_t)d : POLICY_BACKOFF_MAX_MS;
}

/* The back-off for this stop: start over after a quiet period, else double the last one.
 * Once the delay has reached the cap the level stops growing, so the shift stays small. */
static uint32_t policy_next_backoff(struct policy_task *p, uint64_t now_ms)
{
    if (p->backoff_level > 0) {
        uint64_t quiet_ms =
            (uint64_t)POLICY_QUIET_FACTOR * policy_delay_at(p, p->backoff_level - 1);
        if (now_ms - p->up_since_ms >= quiet_ms) {
            p->backoff_level = 0;
        }
    }
    uint32_t delay = policy_delay_at(p, p->backoff_level);
    if (delay < POLICY_BACKOFF_MAX_MS) {
        p->backoff_level++;
    }
    return delay;
}

struct policy_decision policy_stopped(struct policy_task *p, enum policy_stop how, uint64_t now_ms)
{
    struct policy_decision d = {.action = POLICY_LEAVE};
    if (p->desc.mode == POLICY_NEVER || how == POLICY_STOP_CLEAN) {
        p->phase = POLICY_LEFT;
        return d;
    }
    if (p->desc.hold_count) {
        d.recent = policy_recent(p, now_ms);
        if (d.recent >= policy_hold_count(p)) {
            p->phase = POLICY_HELD;
            d.action = POLICY_HOLD;
            d.delay_ms = p->desc.hold_window_s * 1000u; /* the cool-down (policy.h) */
            p->due_ms = now_ms + d.delay_ms;
            return d;
        }
    }
    p->phase = POLICY_PENDING;
    p->due_ms = now_ms;
    d.action = POLICY_RESTART_NOW;
    if (p->desc.mode == POLICY_BACKOFF) {
        d.delay_ms = policy_next_backoff(p, now_ms);
        p->due_ms = now_ms + d.delay_ms;
        d.action = POLICY_RESTART_LATER;
    }
    return d;
}

int policy_has_deadline(const struct policy_task *p)
{
    return p->phase == POLICY_PENDING || p->phase == POLICY_HELD;
}

int policy_due(const struct policy_task *p, uint64_t now_ms)
{
    return policy_has_deadline(p) && now_ms >= p->due_ms;
}

uint32_t policy_cooldown_left_ms(const struct policy_task *p, uint64_t now_ms)
{
    if (p->phase != POLICY_HELD || now_ms >= p->due_ms) {
        return 0;
    }
    return (uint32_t)(p->due_ms - now_ms); /* at most a hold window: fits */
}

void policy_restarted(struct policy_task *p, uint64_t now_ms)
{
    p->history[p->history_next] = (uint32_t)now_ms;
    p->history_next = (p->history_next + 1u) % POLICY_HISTORY;
    if (p->history_len < POLICY_HISTORY) {
        p->history_len++;
    }
    p->phase = POLICY_UP;
    p->up_since_ms = now_ms;
}

void policy_released(struct policy_task *p, uint64_t now_ms)
{
    struct policy_desc d = p->desc;
    policy_init(p, &d, now_ms);
}

void policy_seen_running(struct policy_task *p, uint64_t now_ms)
{
    p->phase = POLICY_UP;
    p->up_since_ms = now_ms;
}

int policy_is_held(const struct policy_task *p)
{
    return p->phase == POLICY_HELD;
}

int policy_is_pending(const struct policy_task *p)
{
    return p->phase == POLICY_PENDING;
}

/* ---- in words, for the log ---- */

const char *policy_fault_name(uint32_t kind)
{
    return pl_fault_name(kind);
}

/* A line being written: each piece goes straight after the last (no buffer per piece, as
 * the supervisor's stack is small); what does not fit is cut, and `len` keeps counting. */
struct policy_text {
    char *buf;
    size_t cap, len;
};

static void policy_put(struct policy_text *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void policy_put(struct policy_text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = t->len < t->cap ? t->cap - t->len : 0;
    int n = vsnprintf(room ? t->buf + t->len : NULL, room, fmt, ap);
    va_end(ap);
    t->len += n > 0 ? (size_t)n : 0;
}

/* "flaky faulted: <kind>, addr 0x..., pc 0x..." or "flaky exited with code 3". */
static void policy_log_what(struct policy_text *t, const struct pl_task_status *st)
{
    if (st->state == PL_TASK_EXITED) {
        policy_put(t, "%s exited with code %ld", st->name, (long)st->exit_code);
        return;
    }
    policy_put(t, "%s faulted: %s", st->name, policy_fault_name(st->fault.kind));
    if (st->fault.addr_valid) {
        policy_put(t, ", addr 0x%08lx", (unsigned long)st->fault.addr);
    }
    if (st->fault.pc == 0 && st->fault.lr == 0) {
        policy_put(t, ", pc unknown");
        return;
    }
    policy_put(t, ", pc 0x%08lx, lr 0x%08lx", (unsigned long)st->fault.pc,
               (unsigned long)st->fault.lr);
}

/* "restart 5 since boot; 2 of at most 3 in 10 s" under hold_after, else "restart 5 since
 * boot". The first number is the kernel's count, the one `ps` shows once this restart is
 * done; the second counts only the restarts within the hold window. */
static void policy_log_count(struct policy_text *t, const struct pl_task_status *st,
                             const struct policy_task *p, const struct policy_decision *d)
{
    policy_put(t, "restart %lu since boot", (unsigned long)st->restarts + 1u);
    if (p->desc.hold_count) {
        policy_put(t, "; %lu of at most %lu in %lu s", (unsigned long)d->recent + 1u,
                   (unsigned long)p->desc.hold_count, (unsigned long)p->desc.hold_window_s);
    }
}

/* What the policy does about it. */
static void policy_log_action(struct policy_text *t, const struct pl_task_status *st,
                              const struct policy_task *p, const struct policy_decision *d)
{
    switch (d->action) {
    case POLICY_RESTART_NOW:
        policy_put(t, "restarting (");
        break;
    case POLICY_RESTART_LATER:
        policy_put(t, "restarting in %lu ms (", (unsigned long)d->delay_ms);
        break;
    case POLICY_HOLD:
        policy_put(t,
                   "held after %lu restarts in %lu s; restarting after a %lu s cool-down "
                   "(SUP_RESTART: at once)",
                   (unsigned long)d->recent, (unsigned long)p->desc.hold_window_s,
                   (unsigned long)(d->delay_ms / 1000u));
        return;
    case POLICY_LEAVE:
    default:
        policy_put(t, "left stopped (%s)",
                   p->desc.mode == POLICY_NEVER ? "restart = never" : "a clean exit");
        return;
    }
    policy_log_count(t, st, p, d);
    policy_put(t, ")");
}

int policy_log_line(char *buf, size_t cap, const struct pl_task_status *st,
                    const struct policy_task *p, const struct policy_decision *d)
{
    struct policy_text t = {buf, cap, 0};
    if (cap > 0) {
        buf[0] = '\0';
    }
    policy_put(&t, "[supervisor] ");
    policy_log_what(&t, st);
    policy_put(&t, "; ");
    policy_log_action(&t, st, p, d);
    policy_put(&t, "\r\n");
    return (int)t.len;
}

/*
 * servers/supervisor/policy.h - restart policies: what the supervisor does when a task stops.
 *
 * One struct policy_task per task, driven by the supervisor with the current time in
 * milliseconds; no system calls here, so the host tests drive it with made-up clocks.
 *
 *   UP --stopped--> LEFT     (restart = never, or a clean exit: nothing to repair)
 *      --stopped--> HELD     (hold_after K/T: K restarts already within T seconds)
 *      --stopped--> PENDING  (always: due now; backoff: due after the back-off)
 *   PENDING --policy_restarted--> UP
 *   HELD --its cool-down of T seconds ends, policy_restarted--> UP
 *   any --policy_released (an operator's restart)--> UP, history forgotten
 *
 * A hold is a cool-down, never for good: the console driver that carries the shell's input
 * can be held too, and then nobody could type the restart that would end a hold for good.
 * After T seconds (the hold window) the task is due once more; by then every restart that
 * caused the hold is older than the window, so hold_after's promise still stands: never more
 * than K restarts within any T seconds (a task that still crashes at once is restarted K
 * times and held again).
 *
 * Back-off: the first restart waits backoff_ms, each consecutive one twice as long (at most
 * POLICY_BACKOFF_MAX_MS); once the task has stayed up POLICY_QUIET_FACTOR times its last
 * back-off, the next fault starts again at backoff_ms.
 */
#ifndef SERVERS_SUPERVISOR_POLICY_H
#define SERVERS_SUPERVISOR_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include <parley/limits.h>
#include <parley/task.h>

#define POLICY_HISTORY        16u    /* restart times kept: hold_after counts up to 16 */
#define POLICY_BACKOFF_MAX_MS 60000u /* no back-off grows past a minute */
#define POLICY_QUIET_FACTOR   4u

/* Modes as SYSTEM_RESTART_POLICIES numbers them (<parley/limits.h>, which sysgen reads). */
enum policy_mode {
    POLICY_NEVER = PL_RESTART_NEVER,
    POLICY_ALWAYS = PL_RESTART_ALWAYS,
    POLICY_BACKOFF = PL_RESTART_BACKOFF,
};

/* One task's entry of SYSTEM_RESTART_POLICIES, in its order. */
struct policy_desc {
    uint32_t mode;          /* enum policy_mode */
    uint32_t backoff_ms;    /* first back-off (POLICY_BACKOFF) */
    uint32_t hold_count;    /* hold after this many restarts (0: never hold) ... */
    uint32_t hold_window_s; /* ... within this many seconds */
};

enum policy_phase {
    POLICY_UP,      /* running, as far as the policy knows */
    POLICY_PENDING, /* stopped; to be restarted at due_ms */
    POLICY_HELD,    /* stopped; restarted at due_ms, the end of its cool-down, or released */
    POLICY_LEFT,    /* stopped; the policy does not restart it */
};

/* How the task stopped: a clean exit (code 0) is a task that finished, not a failure. */
enum policy_stop {
    POLICY_STOP_FAILED,
    POLICY_STOP_CLEAN,
};

enum policy_action {
    POLICY_LEAVE,         /* do nothing */
    POLICY_RESTART_NOW,   /* restart at once, then call policy_restarted */
    POLICY_RESTART_LATER, /* the task is PENDING: restart when policy_due says so */
    POLICY_HOLD,          /* the task is HELD: restart when policy_due says so (a cool-down) */
};

struct policy_decision {
    enum policy_action action;
    uint32_t delay_ms; /* POLICY_RESTART_LATER, POLICY_HOLD: how long from now */
    uint32_t recent;   /* restarts within the hold window before this stop (0 without hold) */
};

struct policy_task {
    struct policy_desc desc;
    enum policy_phase phase;
    uint64_t due_ms;                  /* POLICY_PENDING, POLICY_HELD: when to restart */
    uint64_t up_since_ms;             /* last start, for the quiet period */
    uint32_t history[POLICY_HISTORY]; /* latest policy restarts: ms, low 32 bits (a ring) */
    uint32_t history_next, history_len;
    uint32_t backoff_level; /* back-offs in a row: the next waits backoff_ms << level */
};

void policy_init(struct policy_task *p, const struct policy_desc *d, uint64_t now_ms);

/* The task was found stopped: decide, and move to LEFT, HELD or PENDING. */
struct policy_decision policy_stopped(struct policy_task *p, enum policy_stop how, uint64_t now_ms);

/* 1 if the task is PENDING or HELD and its time has come. */
int policy_due(const struct policy_task *p, uint64_t now_ms);

/* 1 if the task waits for a time (PENDING or HELD): due_ms is when. */
int policy_has_deadline(const struct policy_task *p);

/* A HELD task's cool-down: ms until it ends (0 if it has, or the task is not held). */
uint32_t policy_cooldown_left_ms(const struct policy_task *p, uint64_t now_ms);

/* The supervisor restarted the task for the policy (RESTART_NOW, or due after a back-off or
 * a cool-down): it counts towards hold_after. */
void policy_restarted(struct policy_task *p, uint64_t now_ms);

/* Someone asked for a restart (SUP_RESTART): whatever the phase, the task is UP again with a
 * clean slate: no hold, no history, no back-off. */
void policy_released(struct policy_task *p, uint64_t now_ms);

/* The task runs again although the policy did not restart it (someone else did). */
void policy_seen_running(struct policy_task *p, uint64_t now_ms);

int policy_is_held(const struct policy_task *p);
int policy_is_pending(const struct policy_task *p);

/* The kernel's words for a fault kind (as sys/lifecycle.c prints them); never NULL. */
const char *policy_fault_name(uint32_t kind);

/* The supervisor's one log line for a stop and the decision `d` taken about it, "\r\n"
 * included, e.g.
 *   [supervisor] flaky faulted: <kind>, addr 0x..., pc 0x...; restarting (restart 2 since
 *   boot; 1 of at most 3 in 10 s)
 * st is the stopped task's status (st->restarts: restarts before this one, as `ps` shows
 * them, so "restart N since boot" is what `ps` shows after it). Always
 * NUL-terminated, cut to `cap`; returns the length snprintf would have made. */
int policy_log_line(char *buf, size_t cap, const struct pl_task_status *st,
                    const struct policy_task *p, const struct policy_decision *d);

#endif

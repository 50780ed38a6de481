/*
 * tests/qemu/supervisor/judge.c - the supervisor and the name server, judged from outside.
 *
 * The judge has no supervisor capability: everything it learns about tasks comes through the
 * supervisor protocol (SUP_TASK_INFO and friends), as the shell would. Cases: the protocol's
 * requests, the names protocol, and each restart policy on a task of its own: flaky (always,
 * hold_after 3/10s, crashed by its client), fragile (never) and slow (backoff 200 ms), the
 * last two stopped with SUP_FAULT, and stormy (always, no hold_after: the default limit).
 * Ticks are 1 ms (tick_hz = 1000).
 */
#include <stdio.h>
#include <string.h>

#include "../harness/qtest.h"
#include "../../../servers/names/names_client.h"
#include "server.h"
#include "../../../servers/supervisor/supervisor.h"
#include "suptest.h"
/* The whole system's constants, not this task's own system.h: the judge compares what it is
 * told with objects it holds no right on. */
#include "system_all.h"

#define AT_ONCE   5u  /* ticks an immediate restart may take (a tick may fall in between) */
#define SLACK     50u /* ticks a back-off restart may come late */
#define BACKOFF   200u
#define LONG_WAIT 100u /* ticks to be sure something does not happen */

static int sup_call(uint32_t op, uint32_t w0, const void *data, size_t len, struct pl_recvd *rep,
                    void *buf, size_t cap)
{
    return pl_server_call(EP_SUPERVISOR, op, w0, 0, data, len, rep, buf, cap);
}

/* SUP_TASK_INFO: the task's status and whether it is held. */
static int info(uint32_t task, struct pl_task_status *st, uint32_t *held)
{
    struct pl_recvd rep = {0};
    int err = sup_call(SUP_TASK_INFO, task, NULL, 0, &rep, st, sizeof(*st));
    if (err == PL_OK && held) {
        *held = rep.w1;
    }
    return err;
}

static int is_live(const struct pl_task_status *st)
{
    return st->state == PL_TASK_READY || st->state == PL_TASK_BLOCKED;
}

/* Poll until `task` is live with generation `gen` (or later); its status in *st. */
static int wait_generation(uint32_t task, uint32_t gen, uint32_t limit, struct pl_task_status *st)
{
    for (uint32_t waited = 0;; waited++) {
        if (info(task, st, NULL) == PL_OK && PL_TASK_GEN(st->id) >= gen && is_live(st)) {
            return 1;
        }
        if (waited >= limit) {
            return 0;
        }
        pl_sleep(1);
    }
}

static int client_stats(struct client_stats *cs)
{
    struct pl_recvd rep = {0};
    return pl_server_call(EP_CLIENT, CLIENT_STATS, 0, 0, NULL, 0, &rep, cs, sizeof(*cs));
}

/* ---- the supervisor's requests ---- */

static const char *task_count_matches_description(void)
{
    struct pl_recvd rep = {0};
    int err = sup_call(SUP_TASK_COUNT, 0, NULL, 0, &rep, NULL, 0);
    if (err != PL_OK || rep.w0 != SYSTEM_TASK_COUNT) {
        return qt_why("%s, %lu tasks", pl_strerror(err), (unsigned long)rep.w0);
    }
    return NULL;
}

static const char *find_gives_index_or_enoent(void)
{
    struct pl_recvd rep = {0};
    int err = sup_call(SUP_FIND, 0, "slow", 4, &rep, NULL, 0);
    if (err != PL_OK || rep.w0 != TASK_SLOW) {
        return qt_why("slow: %s, index %lu", pl_strerror(err), (unsigned long)rep.w0);
    }
    if ((err = sup_call(SUP_FIND, 0, "slo", 3, &rep, NULL, 0)) != PL_ENOENT) {
        return qt_why("slo: %s, expected ENOENT", pl_strerror(err));
    }
    return NULL;
}

static const char *task_info_copies_status(void)
{
    struct pl_task_status st = {0};
    uint32_t held = 7;
    int err = info(TASK_JUDGE, &st, &held);
    if (err != PL_OK || strcmp(st.name, "judge") != 0 || PL_TASK_INDEX(st.id) != TASK_JUDGE ||
        st.priority != 5 || !is_live(&st) || held != 0 || st.stack_used == 0) {
        return qt_why("%s: name '%s' prio %lu held %lu", pl_strerror(err), st.name,
                      (unsigned long)st.priority, (unsigned long)held);
    }
    if ((err = info(SYSTEM_TASK_COUNT, &st, NULL)) != PL_ENOENT) {
        return qt_why("past the end: %s, expected ENOENT", pl_strerror(err));
    }
    return NULL;
}

static const char *ep_info_reports_endpoint(void)
{
    struct pl_ep_status es = {0};
    struct pl_recvd rep = {0};
    int err = sup_call(SUP_EP_INFO, EP_NAMES, NULL, 0, &rep, &es, sizeof(es));
    if (err != PL_OK || strcmp(es.name, "names") != 0 || es.messages == 0 || es.receivers != 1) {
        return qt_why("%s: '%s', %lu messages, %lu receivers", pl_strerror(err), es.name,
                      (unsigned long)es.messages, (unsigned long)es.receivers);
    }
    if ((err = sup_call(SUP_EP_INFO, 99, NULL, 0, &rep, &es, sizeof(es))) != PL_ENOENT) {
        return qt_why("endpoint 99: %s, expected ENOENT", pl_strerror(err));
    }
    return NULL;
}

static const char *fault_and_restart_refuse_bad_tasks(void)
{
    struct pl_recvd rep = {0};
    int err = sup_call(SUP_FAULT, TASK_SUPERVISOR, NULL, 0, &rep, NULL, 0);
    if (err != PL_EINVAL) {
        return qt_why("SUP_FAULT of the supervisor: %s, expected EINVAL", pl_strerror(err));
    }
    if ((err = sup_call(SUP_RESTART, 200, NULL, 0, &rep, NULL, 0)) != PL_ENOENT) {
        return qt_why("SUP_RESTART of task 200: %s, expected ENOENT", pl_strerror(err));
    }
    return NULL;
}

/* ---- the name server ---- */

static const char *names_register_then_lookup(void)
{
    uint32_t ep = 0, count = 0;
    int err = names_register("judge.svc", 7);
    if (err != PL_OK) {
        return qt_why("register: %s", pl_strerror(err));
    }
    err = names_lookup_count("judge.svc", &ep, &count);
    if (err != PL_OK || ep != 7 || count != 1) {
        return qt_why("lookup: %s, ep %lu, count %lu", pl_strerror(err), (unsigned long)ep,
                      (unsigned long)count);
    }
    return NULL;
}

static const char *names_unknown_is_enoent(void)
{
    uint32_t ep = 0;
    int err = names_lookup("nobody", &ep);
    return err == PL_ENOENT ? NULL : qt_why("%s, expected ENOENT", pl_strerror(err));
}

static const char *names_owner_reregisters_and_count_grows(void)
{
    uint32_t ep = 0, count = 0;
    int err = names_register("judge.svc", 9);
    if (err == PL_OK) {
        err = names_lookup_count("judge.svc", &ep, &count);
    }
    if (err != PL_OK || ep != 9 || count != 2) {
        return qt_why("%s, ep %lu, count %lu", pl_strerror(err), (unsigned long)ep,
                      (unsigned long)count);
    }
    return NULL;
}

static const char *names_other_badge_is_eperm(void)
{
    uint32_t ep = 0, count = 0;
    int err = names_register(FLAKY_NAME, 9);
    if (err != PL_EPERM) {
        return qt_why("register flaky's name: %s, expected EPERM", pl_strerror(err));
    }
    err = names_lookup_count(FLAKY_NAME, &ep, &count);
    if (err != PL_OK || ep != EP_FLAKY || count != 1) {
        return qt_why("flaky's entry changed: %s, ep %lu, count %lu", pl_strerror(err),
                      (unsigned long)ep, (unsigned long)count);
    }
    return NULL;
}

/* Bad names straight to the server: the client helpers would refuse them before calling. */
static const char *names_bad_names_are_einval(void)
{
    static const char *const bad[] = {"", "sixteen-chars-xx", "bell\a"};
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct pl_recvd rep;
        int err =
            pl_server_call(EP_NAMES, NAMES_REGISTER, 3, 0, bad[i], strlen(bad[i]), &rep, NULL, 0);
        if (err != PL_EINVAL) {
            return qt_why("'%s': %s, expected EINVAL", bad[i], pl_strerror(err));
        }
    }
    return NULL;
}

static const char *names_full_table_is_efull(void)
{
    char name[8];
    int err = PL_OK;
    unsigned added = 0;
    for (; added <= NAMES_CAPACITY; added++) {
        snprintf(name, sizeof(name), "fill%u", added);
        if ((err = names_register(name, 3)) != PL_OK) {
            break;
        }
    }
    /* flaky and judge.svc were there already */
    if (err != PL_EFULL || added != NAMES_CAPACITY - 2u) {
        return qt_why("%s after %u new names, expected EFULL after %u", pl_strerror(err), added,
                      NAMES_CAPACITY - 2u);
    }
    if ((err = names_register("judge.svc", 10)) != PL_OK) {
        return qt_why("the owner could not re-register in a full table: %s", pl_strerror(err));
    }
    return NULL;
}

/* ---- restart policies ---- */

static const char *client_calls_flaky_through_names(void)
{
    struct client_stats cs = {0};
    int err = client_stats(&cs);
    if (err != PL_OK || cs.ok == 0 || cs.dead != 0 || cs.other != 0 || cs.registrations != 1) {
        return qt_why("%s: %lu ok, %lu dead, %lu other (%s), registrations %lu", pl_strerror(err),
                      (unsigned long)cs.ok, (unsigned long)cs.dead, (unsigned long)cs.other,
                      pl_strerror(cs.last_err), (unsigned long)cs.registrations);
    }
    return NULL;
}

/* The client makes flaky crash (a real MemManage fault); "always" restarts it at once. */
static const char *fault_restarts_task_as_new_generation(void)
{
    struct pl_task_status st = {0};
    struct pl_recvd rep = {0};
    uint32_t t0 = (uint32_t)pl_uptime();
    int err = pl_server_call(EP_CLIENT, CLIENT_CRASH, 0, 0, NULL, 0, &rep, NULL, 0);
    if (err != PL_OK) {
        return qt_why("ordering the crash: %s", pl_strerror(err));
    }
    if (!wait_generation(TASK_FLAKY, 2, 10u * AT_ONCE, &st)) {
        return qt_why("flaky is %s, generation %lu", qt_state_name(st.state),
                      (unsigned long)PL_TASK_GEN(st.id));
    }
    if (st.restarts != 1 || st.faults != 1 || st.fault.kind != PL_FAULT_MEM_DATA ||
        st.last_change - t0 > AT_ONCE) {
        return qt_why("restarts %lu, faults %lu, kind %s, restarted %lu ticks after the order",
                      (unsigned long)st.restarts, (unsigned long)st.faults,
                      qt_fault_name(st.fault.kind), (unsigned long)(st.last_change - t0));
    }
    return NULL;
}

/* Its client saw the crash once, found the new incarnation by name and goes on. */
static const char *client_sees_edead_once_then_recovers(void)
{
    struct client_stats before = {0}, cs = {0};
    int err = client_stats(&before);
    pl_sleep(10);
    if (err == PL_OK) {
        err = client_stats(&cs);
    }
    if (err != PL_OK || cs.dead != 1 || cs.registrations != 2 || cs.ok <= before.ok ||
        cs.other != 0) {
        return qt_why("%s: %lu dead, registrations %lu, %lu ok then %lu, %lu other",
                      pl_strerror(err), (unsigned long)cs.dead, (unsigned long)cs.registrations,
                      (unsigned long)before.ok, (unsigned long)cs.ok, (unsigned long)cs.other);
    }
    return NULL;
}

static int sup_fault(uint32_t task)
{
    struct pl_recvd rep = {0};
    return sup_call(SUP_FAULT, task, NULL, 0, &rep, NULL, 0);
}

/* flaky has one restart behind it; two more fit in its 3/10s, then the next stop holds it. */
static const char *hold_after_k_restarts_in_t(void)
{
    struct pl_task_status st = {0};
    uint32_t held = 0;
    for (uint32_t gen = 3; gen <= 4; gen++) {
        int err = sup_fault(TASK_FLAKY);
        if (err != PL_OK || !wait_generation(TASK_FLAKY, gen, AT_ONCE, &st)) {
            return qt_why("%s: not restarted as generation %lu", pl_strerror(err),
                          (unsigned long)gen);
        }
    }
    int err = sup_fault(TASK_FLAKY);
    pl_sleep(LONG_WAIT);
    if (err == PL_OK) {
        err = info(TASK_FLAKY, &st, &held);
    }
    if (err != PL_OK || st.state != PL_TASK_FAULTED || held != 1 || PL_TASK_GEN(st.id) != 4) {
        return qt_why("%s: %s, held %lu, generation %lu", pl_strerror(err), qt_state_name(st.state),
                      (unsigned long)held, (unsigned long)PL_TASK_GEN(st.id));
    }
    return NULL;
}

static const char *restart_releases_held_task(void)
{
    struct pl_task_status st = {0};
    struct pl_recvd rep = {0};
    struct client_stats before = {0}, cs = {0};
    uint32_t held = 1;
    int err = client_stats(&before);
    if (err == PL_OK) {
        err = sup_call(SUP_RESTART, TASK_FLAKY, NULL, 0, &rep, NULL, 0);
    }
    if (err != PL_OK || PL_TASK_GEN(rep.w0) != 5 || info(TASK_FLAKY, &st, &held) != PL_OK ||
        !is_live(&st) || held != 0) {
        return qt_why("%s: generation %lu, %s, held %lu", pl_strerror(err),
                      (unsigned long)PL_TASK_GEN(rep.w0), qt_state_name(st.state),
                      (unsigned long)held);
    }
    pl_sleep(10);
    if ((err = client_stats(&cs)) != PL_OK || cs.ok <= before.ok || cs.registrations != 5) {
        return qt_why("%s: client %lu ok then %lu, registrations %lu", pl_strerror(err),
                      (unsigned long)before.ok, (unsigned long)cs.ok,
                      (unsigned long)cs.registrations);
    }
    return NULL;
}

/* stormy faults at every start: the default limit of restart = always (hold after 5 restarts
 * within 10 s) must have held it long before the judge, less urgent, ran its first case. */
static const char *crash_storm_held_by_default_limit(void)
{
    struct pl_task_status st = {0};
    uint32_t held = 0;
    int err = info(TASK_STORMY, &st, &held);
    if (err != PL_OK || st.state != PL_TASK_FAULTED || held != 1 || st.restarts != 5u ||
        PL_TASK_GEN(st.id) != 6u) {
        return qt_why("%s: %s, held %lu, %lu restarts, generation %lu", pl_strerror(err),
                      qt_state_name(st.state), (unsigned long)held, (unsigned long)st.restarts,
                      (unsigned long)PL_TASK_GEN(st.id));
    }
    return NULL;
}

static const char *sup_fault_stops_task_on_purpose(void)
{
    struct pl_task_status st = {0};
    int err = sup_fault(TASK_FRAGILE);
    if (err == PL_OK) {
        err = info(TASK_FRAGILE, &st, NULL);
    }
    if (err != PL_OK || st.state != PL_TASK_FAULTED || st.fault.kind != PL_FAULT_INJECTED) {
        return qt_why("%s: %s, kind %lu", pl_strerror(err), qt_state_name(st.state),
                      (unsigned long)st.fault.kind);
    }
    return NULL;
}

static const char *never_policy_leaves_task_stopped(void)
{
    struct pl_task_status st = {0};
    uint32_t held = 1;
    pl_sleep(LONG_WAIT);
    int err = info(TASK_FRAGILE, &st, &held);
    if (err != PL_OK || st.state != PL_TASK_FAULTED || st.restarts != 0 || held != 0) {
        return qt_why("%s: %s, %lu restarts, held %lu", pl_strerror(err), qt_state_name(st.state),
                      (unsigned long)st.restarts, (unsigned long)held);
    }
    return NULL;
}

/* Stop slow; it must stay stopped for `want` ticks and be back as `gen` soon after. */
static const char *backoff_waits(uint32_t want, uint32_t gen)
{
    struct pl_task_status st = {0};
    int err = sup_fault(TASK_SLOW);
    if (err != PL_OK || info(TASK_SLOW, &st, NULL) != PL_OK) {
        return qt_why("SUP_FAULT: %s", pl_strerror(err));
    }
    uint32_t fault_tick = st.last_change;
    pl_sleep(want / 2u);
    if (info(TASK_SLOW, &st, NULL) != PL_OK || st.state != PL_TASK_FAULTED) {
        return qt_why("%s after %lu of %lu ticks", qt_state_name(st.state),
                      (unsigned long)want / 2u, (unsigned long)want);
    }
    if (!wait_generation(TASK_SLOW, gen, want + SLACK, &st)) {
        return qt_why("not back as generation %lu within %lu ticks", (unsigned long)gen,
                      (unsigned long)(want + SLACK));
    }
    uint32_t waited = st.last_change - fault_tick;
    if (waited < want || waited > want + SLACK) {
        return qt_why("restarted after %lu ticks, expected %lu..%lu", (unsigned long)waited,
                      (unsigned long)want, (unsigned long)(want + SLACK));
    }
    return NULL;
}

static const char *backoff_restarts_only_after_backoff(void)
{
    return backoff_waits(BACKOFF, 2);
}

static const char *backoff_doubles_when_crashing_again(void)
{
    return backoff_waits(2u * BACKOFF, 3);
}

/* Up for POLICY_QUIET_FACTOR (4) times its last back-off: the next one starts over. */
static const char *backoff_starts_over_after_quiet_period(void)
{
    pl_sleep(4u * 2u * BACKOFF + 20u);
    return backoff_waits(BACKOFF, 4);
}

/* After all the stops above the supervisor's deepest stack still leaves a quarter free. */
static const char *supervisor_stack_has_headroom(void)
{
    struct pl_task_status st = {0};
    int err = info(TASK_SUPERVISOR, &st, NULL);
    if (err != PL_OK || st.stack_used == 0 || st.stack_used > st.stack_size / 4u * 3u) {
        return qt_why("%s: %lu of %lu bytes used", pl_strerror(err), (unsigned long)st.stack_used,
                      (unsigned long)st.stack_size);
    }
    return NULL;
}

/* nosy (no control bit in its badge) asked, then tried to fault and restart flaky. */
static const char *control_needs_control_badge(void)
{
    struct pl_task_status st;
    for (uint32_t t = 0; t < LONG_WAIT; t++) {
        if (info(TASK_NOSY, &st, NULL) == PL_OK && st.state == PL_TASK_EXITED) {
            return st.exit_code == 0 ? NULL
                                     : qt_why("nosy's verdict %ld (1: query failed, 2: a "
                                              "lifecycle request was not refused)",
                                              (long)st.exit_code);
        }
        pl_sleep(1);
    }
    return "nosy did not finish";
}

int judge_main(void)
{
    static const struct {
        const char *name;
        const char *(*run)(void);
    } cases[] = {
        {"sup_task_count_matches_description", task_count_matches_description},
        {"crash_storm_held_by_default_limit", crash_storm_held_by_default_limit},
        {"sup_find_gives_index_or_enoent", find_gives_index_or_enoent},
        {"sup_task_info_copies_task_status", task_info_copies_status},
        {"sup_ep_info_reports_endpoint", ep_info_reports_endpoint},
        {"sup_fault_and_restart_refuse_bad_tasks", fault_and_restart_refuse_bad_tasks},
        {"names_register_then_lookup", names_register_then_lookup},
        {"names_unknown_is_enoent", names_unknown_is_enoent},
        {"names_owner_reregisters_and_count_grows", names_owner_reregisters_and_count_grows},
        {"names_other_badge_is_eperm", names_other_badge_is_eperm},
        {"names_bad_names_are_einval", names_bad_names_are_einval},
        {"names_full_table_is_efull", names_full_table_is_efull},
        {"client_calls_flaky_through_names", client_calls_flaky_through_names},
        {"fault_restarts_task_as_new_generation", fault_restarts_task_as_new_generation},
        {"client_sees_edead_once_then_recovers", client_sees_edead_once_then_recovers},
        {"hold_after_k_restarts_in_t", hold_after_k_restarts_in_t},
        {"sup_restart_releases_held_task", restart_releases_held_task},
        {"sup_fault_stops_task_on_purpose", sup_fault_stops_task_on_purpose},
        {"never_policy_leaves_task_stopped", never_policy_leaves_task_stopped},
        {"backoff_restarts_only_after_backoff", backoff_restarts_only_after_backoff},
        {"backoff_doubles_when_crashing_again", backoff_doubles_when_crashing_again},
        {"backoff_starts_over_after_quiet_period", backoff_starts_over_after_quiet_period},
        {"supervisor_stack_has_headroom", supervisor_stack_has_headroom},
        {"sup_fault_and_restart_need_the_control_badge", control_needs_control_badge},
    };
    qt_begin("supervisor");
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        qt_report(cases[i].name, cases[i].run());
    }
    qt_finish();
}

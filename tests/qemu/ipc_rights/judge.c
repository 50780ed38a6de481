/*
 * tests/qemu/ipc_rights/judge.c - who may talk to whom (docs/ipc.md, "Who may talk to whom"
 * and endpoint rule 7): rights checked on every use, badges fixed by the description, grants
 * with their limits, and buffers the caller does not own faulting the caller.
 *
 * Every refused operation must also change nothing: the would-be receiver gets no message
 * (its timed receive expires), the would-be grantee gets no right.
 */
#include <string.h>

#include "../harness/qctl.h"
#include "../harness/qtest.h"
#include "rights.h"
#include "system.h"

#define COUNT(a)    (sizeof(a) / sizeof((a)[0]))
#define REPORT_WAIT 100u
#define QUIET_TICKS 10u /* how long a receiver waits to show that nothing arrives */

_Static_assert(BADGE_SVC_NOGR == TASK_NOGR + 1u, "nogr must keep the default badge");
_Static_assert(BADGE_SVC_GNT != BADGE_SVC_NOGR, "the two clients need distinct badges");

static const uint32_t actors[] = {TASK_UP, TASK_SRV, TASK_GEE, TASK_GNT, TASK_NOGR, TASK_X,
                                  TASK_P1, TASK_P2,  TASK_P3,  TASK_P4,  TASK_P5};

/* One order, one report; why the status is not `want`, or NULL. */
static const char *expect(uint32_t task, uint32_t op, uint32_t a, uint32_t b, int want)
{
    const struct qc_report *r = qc_ask(task, op, a, b, REPORT_WAIT);
    if (!r) {
        struct pl_task_status st = qt_status(task);
        return qt_why("%s did not report (%s, fault %s)", st.name, qt_state_name(st.state),
                      qt_fault_name(st.fault.kind));
    }
    if (r->status != want) {
        return qt_why("%s (op %lu) got %s, expected %s", qt_status(task).name, (unsigned long)op,
                      pl_strerror(r->status), pl_strerror(want));
    }
    return 0;
}

/* Start a timed receive on `task`, to be finished by quiet_trouble() or message_of(). */
static const char *start_recv(uint32_t task, uint32_t op, uint32_t a, uint32_t b)
{
    if (qc_order(task, op, a, b) != PL_OK || !qc_wait_blocked(task, 20)) {
        return qt_why("%s did not wait for a message", qt_status(task).name);
    }
    return 0;
}

/* The receive started on `task` must end without a message. */
static const char *quiet_trouble(uint32_t task)
{
    const struct qc_report *r = qc_report(task, REPORT_WAIT);
    if (!r || r->status != PL_ETIMEDOUT) {
        return qt_why("%s received something (%s): the refused operation was delivered",
                      qt_status(task).name, r ? pl_strerror(r->status) : "no report");
    }
    return 0;
}

/* The message the receive started on `task` got. */
static const char *message_of(uint32_t task, struct pl_recvd *in)
{
    const struct qc_report *r = qc_report(task, REPORT_WAIT);
    if (!r || r->status != PL_OK) {
        return qt_why("%s did not receive (%s)", qt_status(task).name,
                      r ? pl_strerror(r->status) : "no report");
    }
    memcpy(in, r->data, sizeof(*in));
    return 0;
}

/* x holds no right on svc: send and call are PL_EPERM and reach nobody; so is an index past
 * the last endpoint. */
static const char *send_right_trouble(void)
{
    const char *why = start_recv(TASK_SRV, OP_SERVE1, QUIET_TICKS, 0);
    if (why || (why = expect(TASK_X, OP_SEND, EP_SVC, 0, PL_EPERM)) ||
        (why = expect(TASK_X, OP_CALL, EP_SVC, 0, PL_EPERM)) ||
        (why = expect(TASK_X, OP_SEND, 200, 0, PL_EPERM))) {
        return why;
    }
    return quiet_trouble(TASK_SRV);
}

/* x may not receive on svc in any form, and is not left queued as a receiver: a later
 * non-blocking send finds nobody. */
static const char *recv_right_trouble(void)
{
    const char *why = expect(TASK_X, OP_RECV, EP_SVC, PL_NO_WAIT, PL_EPERM);
    if (why || (why = expect(TASK_X, OP_RECV, EP_SVC, PL_WAIT_FOREVER, PL_EPERM)) ||
        (why = expect(TASK_X, OP_REPLY_RECV, EP_SVC, 0, PL_EPERM)) ||
        (why = expect(TASK_X, OP_RECV_NOTIFY, EP_SVC, 0, PL_EPERM))) {
        return why;
    }
    return expect(TASK_NOGR, OP_SEND, EP_SVC, 0, PL_EAGAIN);
}

/* A client calls srv with another's badge in label, w0 and w1; srv must see, as badge, the
 * one the description gives the client, and the forged words only as data. */
static const char *one_badge_trouble(uint32_t client, uint32_t forged, uint32_t want)
{
    struct pl_recvd in;
    const char *why = start_recv(TASK_SRV, OP_SERVE1, REPORT_WAIT, 0);
    if (why || qc_order(client, OP_CALL, EP_SVC, forged) != PL_OK ||
        (why = message_of(TASK_SRV, &in))) {
        return why ? why : "could not order the client";
    }
    if (in.badge != want || in.label != forged || in.w0 != forged || in.w1 != forged) {
        return qt_why("%s: badge %lu and words 0x%lx/0x%lx/0x%lx, expected badge %lu and 0x%lx",
                      qt_status(client).name, (unsigned long)in.badge, (unsigned long)in.label,
                      (unsigned long)in.w0, (unsigned long)in.w1, (unsigned long)want,
                      (unsigned long)forged);
    }
    const struct qc_report *r = qc_report(client, REPORT_WAIT);
    return r && r->status == PL_OK ? 0 : "the client's call did not return PL_OK";
}

static const char *badge_trouble(void)
{
    const char *why = one_badge_trouble(TASK_GNT, BADGE_SVC_NOGR, BADGE_SVC_GNT);
    return why ? why : one_badge_trouble(TASK_NOGR, BADGE_SVC_GNT, BADGE_SVC_NOGR);
}

/* A grant the sender may not make fails the whole send: the grantee receives nothing and
 * still has no right. */
static const char *refused_grant_trouble(uint32_t granter, uint32_t grantee, uint32_t via,
                                         uint32_t grant)
{
    const char *why = start_recv(grantee, OP_RECV, via, QUIET_TICKS);
    if (why || (why = expect(granter, OP_SEND, via, grant, PL_EPERM)) ||
        (why = quiet_trouble(grantee))) {
        return why;
    }
    return expect(grantee, OP_SEND, EP_SVC, 0, PL_EPERM);
}

/* nogr sends and calls on svc but holds no grant right there. */
static const char *grant_without_right_trouble(void)
{
    return refused_grant_trouble(TASK_NOGR, TASK_GEE, EP_GX, PL_GRANT(EP_SVC, PL_RIGHT_SEND));
}

/* gnt holds grant on svc, but no receive right to pass on. */
static const char *grant_unheld_right_trouble(void)
{
    return refused_grant_trouble(TASK_GNT, TASK_GEE, EP_GX, PL_GRANT(EP_SVC, PL_RIGHT_RECV));
}

/* up (priority 2) is more urgent than svc's receiver srv (3): a send right on svc would let
 * messages go downhill, so the grant is refused. */
static const char *grant_downhill_trouble(void)
{
    return refused_grant_trouble(TASK_GNT, TASK_UP, EP_GU, PL_GRANT(EP_SVC, PL_RIGHT_SEND));
}

/* gee has no right on svc until gnt passes it its send right in a message; from then on gee
 * can call srv, which sees gnt's badge: gee acts on gnt's behalf. */
static const char *grant_trouble(void)
{
    struct pl_recvd in;
    const char *why = expect(TASK_GEE, OP_SEND, EP_SVC, 0, PL_EPERM);
    if (why || (why = start_recv(TASK_GEE, OP_RECV, EP_GX, REPORT_WAIT)) ||
        (why = expect(TASK_GNT, OP_SEND, EP_GX, PL_GRANT(EP_SVC, PL_RIGHT_SEND), PL_OK)) ||
        (why = message_of(TASK_GEE, &in))) {
        return why;
    }
    if (in.badge != BADGE_GX_GNT) {
        return qt_why("the grant message carried badge %lu", (unsigned long)in.badge);
    }
    if ((why = one_badge_trouble(TASK_GEE, FORGED, BADGE_SVC_GNT))) {
        return qt_why("after the grant: %s", why);
    }
    return 0;
}

/* A receive right can be passed too: gnt, the receiver of rx, passes it to gee, which can
 * then take x's messages on rx, with x's badge. */
static const char *grant_recv_trouble(void)
{
    struct pl_recvd in;
    const char *why = expect(TASK_GEE, OP_RECV, EP_RX, PL_NO_WAIT, PL_EPERM);
    if (why || (why = start_recv(TASK_GEE, OP_RECV, EP_GX, REPORT_WAIT)) ||
        (why = expect(TASK_GNT, OP_SEND, EP_GX, PL_GRANT(EP_RX, PL_RIGHT_RECV), PL_OK)) ||
        (why = message_of(TASK_GEE, &in))) {
        return why;
    }
    if ((why = start_recv(TASK_GEE, OP_RECV, EP_RX, REPORT_WAIT)) ||
        (why = expect(TASK_X, OP_SEND, EP_RX, 0, PL_OK)) || (why = message_of(TASK_GEE, &in))) {
        return qt_why("after the grant: %s", why);
    }
    if (in.badge != BADGE_RX_X) {
        return qt_why("gee received x's message with badge %lu, expected %lu",
                      (unsigned long)in.badge, (unsigned long)BADGE_RX_X);
    }
    return 0;
}

/* Granted rights last until the grantee restarts: then both are gone. */
static const char *grant_restart_trouble(void)
{
    const char *why = qc_restart(TASK_GEE);
    if (why || (why = expect(TASK_GEE, OP_SEND, EP_SVC, 0, PL_EPERM))) {
        return why;
    }
    return expect(TASK_GEE, OP_RECV, EP_RX, PL_NO_WAIT, PL_EPERM);
}

/* One offence: the task must stop with PL_FAULT_BAD_POINTER at exactly `addr`, its PC at the
 * SVC in its own code, and srv must not have received anything. */
static const char *pointer_trouble(uint32_t task, uint32_t op, uint32_t addr, uint32_t len,
                                   uint32_t flash, uint32_t flash_size)
{
    const char *why = start_recv(TASK_SRV, OP_SERVE1, QUIET_TICKS, 0);
    if (why || qc_order(task, op, addr, len) != PL_OK) {
        return why ? why : "could not order the offender";
    }
    if (!qt_wait_stopped(&task, 1, 1, 50)) {
        return qc_has_report(task) ? "the offender survived its offence" : "the offender hangs";
    }
    struct pl_task_status st = qt_status(task);
    if (st.state != PL_TASK_FAULTED || st.fault.kind != PL_FAULT_BAD_POINTER) {
        return qt_why("offender %s, fault %s; expected a BAD_POINTER fault",
                      qt_state_name(st.state), qt_fault_name(st.fault.kind));
    }
    if (!st.fault.addr_valid || st.fault.addr != addr || st.fault.pc - flash >= flash_size) {
        return qt_why("fault at 0x%08lx (valid %lu), pc 0x%08lx; expected 0x%08lx, pc in its code",
                      (unsigned long)st.fault.addr, (unsigned long)st.fault.addr_valid,
                      (unsigned long)st.fault.pc, (unsigned long)addr);
    }
    return quiet_trouble(TASK_SRV);
}

#define POINTER_CASE(name, task, op, addr, len)                                                    \
    qt_report(name, pointer_trouble(TASK_##task, op, addr, len, TASK_##task##_FLASH_BASE,          \
                                    TASK_##task##_FLASH_SIZE))

int main(void)
{
    qt_begin(SYSTEM_NAME);
    qc_start(actors, COUNT(actors), 100);
    qt_report("send_and_call_without_send_right_eperm_deliver_nothing", send_right_trouble());
    qt_report("recv_without_recv_right_eperm_in_every_form", recv_right_trouble());
    qt_report("server_sees_description_badge_not_forged_one", badge_trouble());
    qt_report("grant_without_grant_right_eperm_delivers_nothing", grant_without_right_trouble());
    qt_report("grant_of_right_not_held_eperm_delivers_nothing", grant_unheld_right_trouble());
    qt_report("grant_breaking_uphill_rule_eperm_delivers_nothing", grant_downhill_trouble());
    qt_report("granted_send_right_works_with_granters_badge", grant_trouble());
    qt_report("granted_recv_right_lets_grantee_receive", grant_recv_trouble());
    qt_report("granted_rights_end_when_grantee_restarts", grant_restart_trouble());
    POINTER_CASE("send_from_other_task_ram_faults_sender_bad_pointer", P1, OP_SEND_PTR,
                 TASK_SRV_RAM_BASE + 64u, 16u);
    POINTER_CASE("recv_into_kernel_ram_faults_receiver_bad_pointer", P2, OP_RECV_PTR,
                 KERNEL_RAM_BASE, 0u);
    POINTER_CASE("call_reply_buffer_in_own_code_faults_caller_bad_pointer", P3, OP_CALL_PTR,
                 TASK_P3_FLASH_BASE, 0u);
    POINTER_CASE("reply_from_kernel_ram_faults_server_bad_pointer", P4, OP_REPLY_PTR,
                 KERNEL_RAM_BASE + 256u, 8u);
    POINTER_CASE("send_buffer_past_own_ram_end_faults_sender_bad_pointer", P5, OP_SEND_PTR,
                 TASK_P5_RAM_BASE + TASK_P5_RAM_SIZE - 8u, 16u);
    qt_finish();
}

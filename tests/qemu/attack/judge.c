/*
 * tests/qemu/attack/judge.c - the attacks of docs/architecture.md, "Threat model", run for real.
 *
 * The rule under test: a task's saved exception frame must lie wholly inside its own RAM at
 * every kernel entry (system call, tick, interrupt, fault). A task that moved its SP into a
 * shared page or a device is stopped with PL_FAULT_BAD_STACK at its next entry, its record
 * giving the frame's address; the hardware itself stops a frame pushed where the task may not
 * write (its code, another task's RAM, a read-only page) with PL_FAULT_STACK. Either way the
 * kernel reads nothing from such a frame and lives on. A grant carried by a queued message is
 * checked again against the task that takes it.
 *
 * The first cases replay the attacks an adversarial review found (each made the kernel apply
 * an unchecked grant, write into a revoked page, or panic); if a kernel lets an attacker get
 * past the first step, the case plays the attack out and names what the attacker got. Tasks
 * that fault on purpose are restarted afterwards, so later cases can use them.
 */
#include <string.h>

#include "../harness/qctl.h"
#include "../harness/qtest.h"
#include "attack.h"
#include "system.h"

#define COUNT(a)    (sizeof(a) / sizeof((a)[0]))
#define REPORT_WAIT 100u
#define FRAME       32u /* bytes the CPU pushes: the fault record's address is SP - FRAME */
#define RW          (PL_SHM_READ | PL_SHM_WRITE)
#define RO          PL_SHM_READ
#define CANARY      0xa5a5a5a5u

static const uint32_t actors[] = {TASK_KEEPER, TASK_UP,    TASK_ACC, TASK_OWNER,
                                  TASK_RCV,    TASK_THIEF, TASK_TR,  TASK_SND,
                                  TASK_PROBE,  TASK_LO,    TASK_ERC, TASK_XSRV};
static const uint32_t bystanders[] = {TASK_KEEPER, TASK_UP, TASK_ACC, TASK_OWNER, TASK_RCV,
                                      TASK_SND,    TASK_LO, TASK_ERC, TASK_XSRV};

static uint32_t acc_page, owner_page; /* where the pages lie, once their owners mapped them */

/* One order; why its report is missing or its status is not `want`. The report's a is
 * returned through `a` (may be NULL). */
static const char *step(uint32_t task, uint32_t op, uint32_t arg_a, uint32_t arg_b, int want,
                        uint32_t *a)
{
    const struct qc_report *r = qc_ask(task, op, arg_a, arg_b, REPORT_WAIT);
    if (!r) {
        struct pl_task_status st = qt_status(task);
        return qt_why("%s did not report on op %lu (%s, fault %s)", st.name, (unsigned long)op,
                      qt_state_name(st.state), qt_fault_name(st.fault.kind));
    }
    if (r->status != want) {
        return qt_why("%s op %lu returned %s, expected %s", qt_status(task).name, (unsigned long)op,
                      pl_strerror(r->status), pl_strerror(want));
    }
    if (a) {
        *a = r->a;
    }
    return 0;
}

/* Order `op`; 1 if the task stopped within `limit` ticks (0: it waits or runs on). */
static int stops(uint32_t task, uint32_t op, uint32_t a, uint32_t b, uint32_t limit)
{
    return qc_order(task, op, a, b) == PL_OK && qt_wait_stopped(&task, 1, 1, limit);
}

/* The task's last fault must be its `faults`-th, of `kind`, at `addr` if addr_valid. */
static const char *fault_was(uint32_t task, uint32_t faults, uint32_t kind, int has_addr,
                             uint32_t addr)
{
    struct pl_task_status st = qt_status(task);
    if (st.state != PL_TASK_FAULTED || st.faults != faults || st.fault.kind != kind ||
        (has_addr && (!st.fault.addr_valid || st.fault.addr != addr))) {
        return qt_why("%s: %s, fault %s at 0x%08lx (valid %lu); expected %s at 0x%08lx", st.name,
                      qt_state_name(st.state), qt_fault_name(st.fault.kind),
                      (unsigned long)st.fault.addr, (unsigned long)st.fault.addr_valid,
                      qt_fault_name(kind), (unsigned long)addr);
    }
    return 0;
}

/* `task` is ordered `op` with SP = sp and must stop with its next fault of `kind` (the frame
 * at sp - FRAME, for PL_FAULT_BAD_STACK); the judge then restarts it. */
static const char *faults_on(uint32_t task, uint32_t op, uint32_t sp, uint32_t kind)
{
    uint32_t before = qt_status(task).faults;
    if (!stops(task, op, sp, 0, 50)) {
        return qt_why("%s survived op %lu with its SP at 0x%08lx", qt_status(task).name,
                      (unsigned long)op, (unsigned long)sp);
    }
    const char *why = fault_was(task, before + 1u, kind, kind == PL_FAULT_BAD_STACK, sp - FRAME);
    return why ? why : qc_restart(task);
}

/* acc maps its page and gives `task` read-write access to it, mapped in its window 0. */
static const char *share_acc_page(uint32_t task, uint32_t access)
{
    const char *why = step(TASK_ACC, OP_GRANT, PAGE_ACC_0, GRANT_ARG(task, access), PL_OK, 0);
    uint32_t at = 0;
    if (why || (why = step(task, OP_MAP, PAGE_ACC_0, 0, PL_OK, &at))) {
        return why;
    }
    return at == acc_page ? 0
                          : qt_why("the page mapped at 0x%08lx, not 0x%08lx", (unsigned long)at,
                                   (unsigned long)acc_page);
}

static const char *map_pages(void)
{
    const char *why = step(TASK_ACC, OP_MAP, PAGE_ACC_0, 0, PL_OK, &acc_page);
    return why ? why : step(TASK_OWNER, OP_MAP, PAGE_OWNER_0, 0, PL_OK, &owner_page);
}

/* ---- the attacks of the review ---- */

/* What the thief wanted: `op` on secret by rcv must still be refused. */
enum loot {
    LOOT_RECV_SECRET, /* a receive right on secret: keeper's messages */
    LOOT_SEND_SECRET, /* a send right on secret, with badge 0: a message "from the kernel" */
    LOOT_NONE,        /* a grant index past the table: a write into kernel memory */
};

static const char *loot_refused(enum loot loot)
{
    if (loot == LOOT_RECV_SECRET) {
        return step(TASK_RCV, OP_RECV, EP_SECRET, PL_NO_WAIT, PL_EPERM, 0);
    }
    if (loot == LOOT_SEND_SECRET) {
        return step(TASK_RCV, OP_SEND, EP_SECRET, 0, PL_EPERM, 0);
    }
    return 0;
}

/* The thief sends on carry with its SP in acc's page, r0 without PL_IPC_GRANT and r8 = grant;
 * while it waits, acc sets the flag in the stacked r0, and rcv takes the message. */
static const char *flipped_grant_trouble(uint32_t grant, enum loot loot)
{
    uint32_t sp = acc_page + PAGE_SIZE, before = qt_status(TASK_THIEF).faults;
    const char *why = share_acc_page(TASK_THIEF, RW);
    if (why) {
        return why;
    }
    if (stops(TASK_THIEF, OP_SEND_ON, sp, grant, 20)) {
        if ((why = fault_was(TASK_THIEF, before + 1u, PL_FAULT_BAD_STACK, 1, sp - FRAME)) ||
            (why = step(TASK_RCV, OP_RECV, EP_CARRY, PL_NO_WAIT, PL_EAGAIN, 0)) ||
            (why = loot_refused(loot))) {
            return why;
        }
        return qc_restart(TASK_THIEF);
    }
    /* A kernel that let the trap through: play the attack out. */
    (void)step(TASK_ACC, OP_POKE, sp - FRAME, PL_IPC_GRANT, PL_OK, 0);
    (void)step(TASK_RCV, OP_RECV, EP_CARRY, PL_NO_WAIT, PL_OK, 0);
    why = loot_refused(loot);
    (void)qc_restart(TASK_THIEF); /* so that the next cases start clean */
    (void)qc_restart(TASK_RCV);
    return qt_why("the thief trapped with its SP in a shared page and was not stopped; after "
                  "acc wrote its frame: %s",
                  why ? why : "nothing gained this time");
}

/* tr receives with its SP in owner's page; owner revokes its grant and fills the page; snd
 * sends to tr. The page must keep every word: the kernel writes no result there. */
static const char *revoked_page_trouble(void)
{
    uint32_t sp = owner_page + PAGE_SIZE, before = qt_status(TASK_TR).faults, changed = 0;
    const char *why = step(TASK_OWNER, OP_GRANT, PAGE_OWNER_0, GRANT_ARG(TASK_TR, RW), PL_OK, 0);
    uint32_t at = 0;
    if (why || (why = step(TASK_TR, OP_MAP, PAGE_OWNER_0, 0, PL_OK, &at))) {
        return why;
    }
    int stopped = stops(TASK_TR, OP_RECV_ON, sp, 0, 20);
    if (stopped && (why = fault_was(TASK_TR, before + 1u, PL_FAULT_BAD_STACK, 1, sp - FRAME))) {
        return why;
    }
    if ((why = step(TASK_OWNER, OP_REVOKE, PAGE_OWNER_0, TASK_TR, PL_OK, 0)) ||
        (why = step(TASK_OWNER, OP_FILL, owner_page, CANARY, PL_OK, 0)) ||
        (why = step(TASK_SND, OP_SEND, EP_TIN, 0, stopped ? PL_EDEAD : PL_OK, 0)) ||
        (why = step(TASK_OWNER, OP_COUNT, owner_page, CANARY, PL_OK, &changed))) {
        return why;
    }
    if (!stopped || changed) {
        return qt_why("tr %s; after the revoke, %lu words of the owner's page changed",
                      stopped ? "was stopped" : "waited with its frame in the page",
                      (unsigned long)changed);
    }
    return qc_restart(TASK_TR);
}

/* probe makes a system call with its SP in its own device region, where the frame's words
 * read back as 0: a kernel that read the call number through that PC faulted in Handler
 * mode (a panic any driver could cause). */
static const char *device_svc_trouble(void)
{
    return faults_on(TASK_PROBE, OP_YIELD_ON, PERIPH_TIMER1_BASE + 0x100u, PL_FAULT_BAD_STACK);
}

/* The uphill rule at delivery: lo (4) queues on e2 a send right on xs (served at 4), fine for
 * e2's receiver erc (4). erc passes its receive right on e2 to up (2), which is allowed. up
 * must not get the send right on xs by taking lo's message: lo is refused at delivery. */
static const char *uphill_at_delivery_trouble(void)
{
    const char *why = 0;
    if (qc_order(TASK_UP, OP_RECV, EP_GU, 50) != PL_OK || !qc_wait_blocked(TASK_UP, 20) ||
        qc_order(TASK_LO, OP_SEND_WAIT, EP_E2, PL_GRANT(EP_XS, PL_RIGHT_SEND)) != PL_OK ||
        !qc_wait_blocked(TASK_LO, 20)) {
        return qt_why("up or lo did not come to wait");
    }
    if ((why = step(TASK_ERC, OP_SEND, EP_GU, PL_GRANT(EP_E2, PL_RIGHT_RECV), PL_OK, 0))) {
        return why;
    }
    const struct qc_report *r = qc_report(TASK_UP, REPORT_WAIT);
    if (!r || r->status != PL_OK) {
        return qt_why("up did not get the receive right on e2");
    }
    if ((why = step(TASK_UP, OP_RECV, EP_E2, PL_NO_WAIT, PL_EAGAIN, 0))) {
        char took[96];
        strncpy(took, why, sizeof(took) - 1);
        took[sizeof(took) - 1] = 0;
        why = step(TASK_UP, OP_SEND, EP_XS, 0, PL_EPERM, 0);
        return qt_why("up took lo's message (%s); its send on xs then: %s", took,
                      why ? "allowed, downhill" : "refused");
    }
    r = qc_report(TASK_LO, REPORT_WAIT);
    if (!r || r->status != PL_EPERM) {
        return qt_why("lo's send: %s, expected EPERM", r ? pl_strerror(r->status) : "no report");
    }
    return step(TASK_UP, OP_SEND, EP_XS, 0, PL_EPERM, 0);
}

/* ---- the same class elsewhere ---- */

static const char *tick_in_page_trouble(void)
{
    const char *why = share_acc_page(TASK_PROBE, RW);
    return why ? why : faults_on(TASK_PROBE, OP_SPIN_ON, acc_page + PAGE_SIZE, PL_FAULT_BAD_STACK);
}

static const char *tick_in_device_trouble(void)
{
    return faults_on(TASK_PROBE, OP_SPIN_ON, PERIPH_TIMER1_BASE + 0x100u, PL_FAULT_BAD_STACK);
}

static const char *svc_in_page_trouble(void)
{
    const char *why = share_acc_page(TASK_PROBE, RW);
    return why ? why : faults_on(TASK_PROBE, OP_YIELD_ON, acc_page + 0x200u, PL_FAULT_BAD_STACK);
}

/* Where the task may not write, the CPU's own stacking fails first. */
static const char *sp_in_code_trouble(void)
{
    return faults_on(TASK_PROBE, OP_YIELD_ON, TASK_PROBE_FLASH_BASE + 0x400u, PL_FAULT_STACK);
}

static const char *sp_in_other_ram_trouble(void)
{
    return faults_on(TASK_PROBE, OP_YIELD_ON, TASK_KEEPER_RAM_BASE + 0x400u, PL_FAULT_STACK);
}

static const char *sp_in_read_only_page_trouble(void)
{
    const char *why = share_acc_page(TASK_PROBE, RO);
    return why ? why : faults_on(TASK_PROBE, OP_YIELD_ON, acc_page + PAGE_SIZE, PL_FAULT_STACK);
}

static const char *sp_across_own_ram_edges_trouble(void)
{
    const char *why = faults_on(TASK_PROBE, OP_YIELD_ON, TASK_PROBE_RAM_BASE + 16u, PL_FAULT_STACK);
    return why ? why
               : faults_on(TASK_PROBE, OP_YIELD_ON, TASK_PROBE_RAM_BASE + TASK_PROBE_RAM_SIZE + 16u,
                           PL_FAULT_STACK);
}

/* Nobody but the attackers ever faulted, and a bystander still answers. */
static const char *bystanders_trouble(void)
{
    for (unsigned i = 0; i < COUNT(bystanders); i++) {
        struct pl_task_status st = qt_status(bystanders[i]);
        if (st.faults != 0 || !qt_is_live(&st)) {
            return qt_why("%s: %s with %lu faults", st.name, qt_state_name(st.state),
                          (unsigned long)st.faults);
        }
    }
    return step(TASK_ACC, OP_COUNT, acc_page, 0, PL_OK, 0);
}

int main(void)
{
    qt_begin(SYSTEM_NAME);
    qc_start(actors, COUNT(actors), 100);
    qt_report("owners_map_their_pages", map_pages());
    qt_report("grant_flag_written_into_a_queued_frame_steals_no_receive_right",
              flipped_grant_trouble(PL_GRANT(EP_SECRET, PL_RIGHT_RECV), LOOT_RECV_SECRET));
    qt_report("grant_flag_written_into_a_queued_frame_forges_no_kernel_badge",
              flipped_grant_trouble(PL_GRANT(EP_SECRET, PL_RIGHT_SEND), LOOT_SEND_SECRET));
    qt_report("grant_index_past_the_table_in_a_queued_frame_writes_nothing",
              flipped_grant_trouble(PL_GRANT(200u, PL_RIGHT_SEND), LOOT_NONE));
    qt_report("results_are_never_written_into_a_revoked_page", revoked_page_trouble());
    qt_report("queued_grant_is_checked_against_the_task_that_takes_it",
              uphill_at_delivery_trouble());
    qt_report("svc_with_its_sp_in_a_device_stops_the_task_not_the_kernel", device_svc_trouble());
    qt_report("tick_with_the_sp_in_a_shared_page_stops_the_task", tick_in_page_trouble());
    qt_report("tick_with_the_sp_in_a_device_stops_the_task", tick_in_device_trouble());
    qt_report("svc_with_its_sp_in_its_own_writable_page_stops_the_task", svc_in_page_trouble());
    qt_report("sp_in_own_code_faults_on_stacking", sp_in_code_trouble());
    qt_report("sp_in_another_tasks_ram_faults_on_stacking", sp_in_other_ram_trouble());
    qt_report("sp_in_a_read_only_page_faults_on_stacking", sp_in_read_only_page_trouble());
    qt_report("frames_across_either_edge_of_own_ram_fault_on_stacking",
              sp_across_own_ram_edges_trouble());
    qt_report("no_bystander_was_touched", bystanders_trouble());
    qt_finish();
}

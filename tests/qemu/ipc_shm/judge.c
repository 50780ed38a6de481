/*
 * tests/qemu/ipc_shm/judge.c - shared pages (docs/ipc.md, "Shared pages"): the owner maps and
 * writes, grants read-only or read-write, a grantee maps the very same memory (zero copy), a
 * read-only mapping refuses writes, revocation and the owner's stop unmap at once, a restart
 * empties the windows but keeps grants, and a window is a valid IPC buffer within its access.
 * A grant with PL_SHM_KEEP outlives the owner: the grantee keeps its mapping and the restarted
 * owner gets PL_EBUSY for that page until the grantee unmaps it; the grantee is told (a word
 * of its poll mirror, its notification wait ended with PL_EDEAD).
 *
 * Tasks that fault on purpose are restarted by the judge afterwards, so the cases can go on
 * with them; each expected fault must be the task's next one, of the expected kind, at the
 * exact address accessed.
 */
#include <string.h>

#include "../harness/qctl.h"
#include "../harness/qtest.h"
#include "shm.h"
#include "system.h"

#define COUNT(a)    (sizeof(a) / sizeof((a)[0]))
#define REPORT_WAIT 100u
#define RO          PL_SHM_READ
#define RW          (PL_SHM_READ | PL_SHM_WRITE)

static const uint32_t actors[] = {TASK_OWN, TASK_B, TASK_C, TASK_N};

static uint32_t page0, page1; /* where the owner sees its pages, once mapped */

/* One order; why its report is missing or its status is not `want`. The report's a is
 * returned through `a` (may be NULL). */
static const char *step(uint32_t task, uint32_t op, uint32_t arg_a, uint32_t arg_b, int want,
                        uint32_t *a)
{
    const struct qc_report *r = qc_ask(task, op, arg_a, arg_b, REPORT_WAIT);
    if (!r) {
        struct pl_task_status st = qt_status(task);
        return qt_why("%s did not report on op %lu (%s, fault %s at 0x%08lx)", st.name,
                      (unsigned long)op, qt_state_name(st.state), qt_fault_name(st.fault.kind),
                      (unsigned long)st.fault.addr);
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

/* `task` reads the word at addr: it must be `want`. */
static const char *reads(uint32_t task, uint32_t addr, uint32_t want)
{
    uint32_t got = 0;
    const char *why = step(task, OP_READ, addr, 0, PL_OK, &got);
    if (!why && got != want) {
        why = qt_why("%s read 0x%08lx at 0x%08lx, expected 0x%08lx", qt_status(task).name,
                     (unsigned long)got, (unsigned long)addr, (unsigned long)want);
    }
    return why;
}

/* `task` maps page into window: it must get `want` and, on success, the address `addr`. */
static const char *maps(uint32_t task, uint32_t page, uint32_t window, int want, uint32_t addr)
{
    uint32_t got = 0;
    const char *why = step(task, OP_MAP, page, window, want, &got);
    if (!why && want == PL_OK && got != addr) {
        why = qt_why("%s mapped the page at 0x%08lx, the owner sees it at 0x%08lx",
                     qt_status(task).name, (unsigned long)got, (unsigned long)addr);
    }
    return why;
}

/* `task` is ordered `op` and must stop with its next fault: `kind` at `addr`. The judge then
 * restarts it, so that later cases can use it again. */
static const char *faults(uint32_t task, uint32_t op, uint32_t a, uint32_t b, uint32_t kind,
                          uint32_t addr)
{
    uint32_t before = qt_status(task).faults;
    if (qc_order(task, op, a, b) != PL_OK) {
        return qt_why("could not order %s", qt_status(task).name);
    }
    if (!qt_wait_stopped(&task, 1, 1, 50)) {
        return qt_why("%s survived the access (op %lu at 0x%08lx)", qt_status(task).name,
                      (unsigned long)op, (unsigned long)a);
    }
    struct pl_task_status st = qt_status(task);
    if (st.state != PL_TASK_FAULTED || st.faults != before + 1u || st.fault.kind != kind ||
        !st.fault.addr_valid || st.fault.addr != addr) {
        return qt_why("%s: %s, fault %s at 0x%08lx (valid %lu); expected %s at 0x%08lx", st.name,
                      qt_state_name(st.state), qt_fault_name(st.fault.kind),
                      (unsigned long)st.fault.addr, (unsigned long)st.fault.addr_valid,
                      qt_fault_name(kind), (unsigned long)addr);
    }
    return qc_restart(task);
}

/* The owner may always map its pages read-write, and write to them. */
static const char *owner_map_trouble(void)
{
    const char *why = step(TASK_OWN, OP_MAP, PAGE_OWN_0, 0, PL_OK, &page0);
    if (why || (why = step(TASK_OWN, OP_MAP, PAGE_OWN_1, 1, PL_OK, &page1))) {
        return why;
    }
    if (page0 % PAGE_SIZE || page1 % PAGE_SIZE || page0 == page1) {
        return qt_why("pages at 0x%08lx and 0x%08lx: not distinct, size-aligned pages",
                      (unsigned long)page0, (unsigned long)page1);
    }
    if ((why = step(TASK_OWN, OP_WRITE, page0, 0x600d0001u, PL_OK, 0))) {
        return why;
    }
    return reads(TASK_OWN, page0, 0x600d0001u);
}

/* Without a grant, neither n nor b may map the owner's page. */
static const char *no_grant_trouble(void)
{
    const char *why = maps(TASK_N, PAGE_OWN_0, 0, PL_EPERM, 0);
    return why ? why : maps(TASK_B, PAGE_OWN_0, 0, PL_EPERM, 0);
}

/* A window number beyond the task's `windows` is PL_EINVAL, for owner and grantee alike. */
static const char *bad_window_trouble(void)
{
    const char *why = maps(TASK_OWN, PAGE_OWN_0, 2, PL_EINVAL, 0);
    if (why || (why = step(TASK_OWN, OP_GRANT, PAGE_OWN_0, GRANT_ARG(TASK_B, RO), PL_OK, 0))) {
        return why;
    }
    if ((why = maps(TASK_B, PAGE_OWN_0, 1, PL_EINVAL, 0))) {
        return why;
    }
    return step(TASK_B, OP_UNMAP, 1, 0, PL_EINVAL, 0);
}

/* b maps the page read-only at the owner's address, reads what the owner wrote, and sees the
 * owner's later write with no message in between: the memory itself is shared. */
static const char *zero_copy_trouble(void)
{
    const char *why = maps(TASK_B, PAGE_OWN_0, 0, PL_OK, page0);
    if (why || (why = reads(TASK_B, page0, 0x600d0001u))) {
        return why;
    }
    if ((why = step(TASK_OWN, OP_WRITE, page0, 0x600d0002u, PL_OK, 0))) {
        return why;
    }
    return reads(TASK_B, page0, 0x600d0002u);
}

/* A mapped window is the task's memory for IPC: the kernel copies a message out of it. */
static const char *send_from_window_trouble(void)
{
    const struct qc_report *r = qc_ask(TASK_B, OP_SEND_FROM, page0, 8, REPORT_WAIT);
    uint32_t words[2];
    if (!r || r->len != 8) {
        return "b's report from its window did not arrive whole";
    }
    memcpy(words, r->data, sizeof(words));
    if (words[0] != 0x600d0002u) {
        return qt_why("the message from the window starts 0x%08lx, the page holds 0x600d0002",
                      (unsigned long)words[0]);
    }
    return 0;
}

/* A read-only window is no receive buffer: the caller faults with PL_FAULT_BAD_POINTER. */
static const char *recv_into_ro_trouble(void)
{
    return faults(TASK_B, OP_RECV_INTO, page0, 0, PL_FAULT_BAD_POINTER, page0);
}

/* b was restarted: its windows are empty (the page faults), but its grant holds (it maps). */
static const char *restart_windows_trouble(void)
{
    const char *why = faults(TASK_B, OP_READ, page0, 0, PL_FAULT_MEM_DATA, page0);
    if (why || (why = maps(TASK_B, PAGE_OWN_0, 0, PL_OK, page0))) {
        return why;
    }
    return reads(TASK_B, page0, 0x600d0002u);
}

/* A write through a read-only mapping faults at its address and changes nothing. */
static const char *ro_write_trouble(void)
{
    const char *why = faults(TASK_B, OP_WRITE, page0 + 8u, 0xbad, PL_FAULT_MEM_DATA, page0 + 8u);
    if (why || (why = step(TASK_OWN, OP_WRITE, page0 + 8u, 0x5a5a5a5au, PL_OK, 0))) {
        return why;
    }
    return reads(TASK_OWN, page0 + 8u, 0x5a5a5a5au);
}

/* After pl_shm_revoke, b's very next access faults, and it may not map the page again. */
static const char *revoke_trouble(void)
{
    const char *why = maps(TASK_B, PAGE_OWN_0, 0, PL_OK, page0);
    if (why || (why = reads(TASK_B, page0, 0x600d0002u)) ||
        (why = step(TASK_OWN, OP_REVOKE, PAGE_OWN_0, TASK_B, PL_OK, 0))) {
        return why;
    }
    if ((why = faults(TASK_B, OP_READ, page0, 0, PL_FAULT_MEM_DATA, page0))) {
        return why;
    }
    return maps(TASK_B, PAGE_OWN_0, 0, PL_EPERM, 0);
}

/* A read-write grant: c writes through its mapping and the owner reads it. */
static const char *rw_grant_trouble(void)
{
    const char *why = step(TASK_OWN, OP_GRANT, PAGE_OWN_1, GRANT_ARG(TASK_C, RW), PL_OK, 0);
    if (why || (why = maps(TASK_C, PAGE_OWN_1, 0, PL_OK, page1)) ||
        (why = step(TASK_C, OP_WRITE, page1 + 4u, 0xc0ffee01u, PL_OK, 0))) {
        return why;
    }
    return reads(TASK_OWN, page1 + 4u, 0xc0ffee01u);
}

/* pl_shm_unmap empties the window: the next access faults. The grant stays. */
static const char *unmap_trouble(void)
{
    const char *why = step(TASK_C, OP_UNMAP, 0, 0, PL_OK, 0);
    if (why || (why = faults(TASK_C, OP_READ, page1, 0, PL_FAULT_MEM_DATA, page1))) {
        return why;
    }
    return maps(TASK_C, PAGE_OWN_1, 0, PL_OK, page1);
}

/* A read-write window is a receive buffer like the task's RAM: n's bytes land in the page,
 * where the owner reads them. */
static const char *recv_into_rw_trouble(void)
{
    const struct qc_report *cr;
    if (qc_order(TASK_C, OP_RECV_WAIT, page1 + 16u, 0) != PL_OK || !qc_wait_blocked(TASK_C, 20)) {
        return "c did not wait for the message";
    }
    const char *why = step(TASK_N, OP_SEND16, 0, 0, PL_OK, 0);
    if (why || !(cr = qc_report(TASK_C, REPORT_WAIT))) {
        return why ? why : "c did not report";
    }
    if (cr->status != PL_OK || cr->a != 16u) {
        return qt_why("c's receive returned %s with len %lu", pl_strerror(cr->status),
                      (unsigned long)cr->a);
    }
    return reads(TASK_OWN, page1 + 16u, 0x04030201u); /* n's bytes 1, 2, 3, 4 */
}

/* c waits in pl_recv with its buffer in page 1's window when the owner revokes its grant; then
 * n sends 16 bytes. The buffer was valid when the call was made, and now nothing can be
 * copied; but "a message is never cut silently": c must learn the full length with
 * PL_ETRUNC, and n's pl_send must return PL_ETRUNC. Afterwards c gets its grant back. */
static const char *lost_window_trouble(void)
{
    const struct qc_report *cr, *nr;
    if (qc_order(TASK_C, OP_RECV_WAIT, page1 + 16u, 0) != PL_OK || !qc_wait_blocked(TASK_C, 20)) {
        return "c did not wait for the message";
    }
    const char *why = step(TASK_OWN, OP_REVOKE, PAGE_OWN_1, TASK_C, PL_OK, 0);
    if (why || qc_order(TASK_N, OP_SEND16, 0, 0) != PL_OK ||
        !(nr = qc_report(TASK_N, REPORT_WAIT)) || !(cr = qc_report(TASK_C, REPORT_WAIT))) {
        return why ? why : "n or c did not report";
    }
    int n_status = nr->status, c_status = cr->status;
    uint32_t c_len = cr->a;
    if ((why = step(TASK_OWN, OP_GRANT, PAGE_OWN_1, GRANT_ARG(TASK_C, RW), PL_OK, 0)) ||
        (why = maps(TASK_C, PAGE_OWN_1, 0, PL_OK, page1))) {
        return why;
    }
    if (c_status != PL_ETRUNC || c_len != 16u || n_status != PL_ETRUNC) {
        return qt_why("receiver got %s with len %lu, sender %s; expected ETRUNC, 16, ETRUNC",
                      pl_strerror(c_status), (unsigned long)c_len, pl_strerror(n_status));
    }
    return 0;
}

/* The fast path's shortcut (ipc/fastpath.c) must never reach a window. c, a server, answers
 * n's call and waits in one pl_reply_recv, first with a buffer of its own RAM (whose address
 * the kernel keeps), then, after n's next call, with its buffer in page 1's window (never
 * kept). The owner revokes c's grant and marks the word; n calls again with 16 bytes.
 * Nothing may land in the page: c learns the full length with PL_ETRUNC, and the owner finds
 * its mark. Afterwards c gets its grant back. */
static const char *server_window_revoked_trouble(void)
{
    const struct qc_report *r;
    const char *why = 0;
    if (qc_order(TASK_C, OP_RECV_WAIT, page1 + 16u, 0) != PL_OK || !qc_wait_blocked(TASK_C, 20) ||
        qc_order(TASK_N, OP_CALL16, 0, 0) != PL_OK || !(r = qc_report(TASK_C, REPORT_WAIT)) ||
        r->status != PL_OK) {
        return "c did not get n's first call";
    }
    if (qc_order(TASK_C, OP_REPLY_RECV_WAIT, 0, 0) != PL_OK ||
        !(r = qc_report(TASK_N, REPORT_WAIT)) || r->status != PL_OK ||
        !qc_wait_blocked(TASK_C, 20) || qc_order(TASK_N, OP_CALL16, 0, 0) != PL_OK ||
        !(r = qc_report(TASK_C, REPORT_WAIT)) || r->status != PL_OK) {
        return "n did not get c's first answer, or c did not get n's second call";
    }
    if (qc_order(TASK_C, OP_REPLY_RECV_WAIT, page1 + 16u, 0) != PL_OK ||
        !(r = qc_report(TASK_N, REPORT_WAIT)) || r->status != PL_OK ||
        !qc_wait_blocked(TASK_C, 20)) {
        return "n did not get c's second answer, or c did not wait again";
    }
    if ((why = step(TASK_OWN, OP_REVOKE, PAGE_OWN_1, TASK_C, PL_OK, 0)) ||
        (why = step(TASK_OWN, OP_WRITE, page1 + 16u, 0x5afe0016u, PL_OK, 0))) {
        return why;
    }
    if (qc_order(TASK_N, OP_CALL16, 0, 0) != PL_OK || !(r = qc_report(TASK_C, REPORT_WAIT))) {
        return "c did not report n's third call";
    }
    int c_status = r->status;
    uint32_t c_len = r->a;
    if (qc_order(TASK_C, OP_REPLY, 0, 0) != PL_OK || !qc_report(TASK_C, REPORT_WAIT) ||
        !qc_report(TASK_N, REPORT_WAIT)) {
        return "c's answer to the third call did not end it";
    }
    if ((why = step(TASK_OWN, OP_GRANT, PAGE_OWN_1, GRANT_ARG(TASK_C, RW), PL_OK, 0)) ||
        (why = maps(TASK_C, PAGE_OWN_1, 0, PL_OK, page1)) ||
        (why = reads(TASK_OWN, page1 + 16u, 0x5afe0016u))) {
        return why;
    }
    if (c_status != PL_ETRUNC || c_len != 16u) {
        return qt_why("c got %s with len %lu; expected ETRUNC, 16", pl_strerror(c_status),
                      (unsigned long)c_len);
    }
    return 0;
}

/* The owner stops (here: is restarted): its grants end and its pages leave every window. */
static const char *owner_stop_trouble(void)
{
    const char *why = reads(TASK_C, page1 + 4u, 0xc0ffee01u);
    if (why || (why = qc_restart(TASK_OWN))) {
        return why;
    }
    if ((why = faults(TASK_C, OP_READ, page1 + 4u, 0, PL_FAULT_MEM_DATA, page1 + 4u))) {
        return why;
    }
    return maps(TASK_C, PAGE_OWN_1, 0, PL_EPERM, 0);
}

/* A kept grant: c's mapping survives the owner's restart (it reads and writes on, no fault);
 * the new owner may not map, grant or revoke the page (PL_EBUSY) until c unmaps it; then the
 * page is the owner's again, holding what c wrote. */
static const char *keep_trouble(void)
{
    const char *why = maps(TASK_OWN, PAGE_OWN_1, 1, PL_OK, page1);
    if (why || (why = step(TASK_OWN, OP_WRITE, page1 + 8u, 0x6ee90001u, PL_OK, 0)) ||
        (why =
             step(TASK_OWN, OP_GRANT, PAGE_OWN_1, GRANT_ARG(TASK_C, RW | PL_SHM_KEEP), PL_OK, 0)) ||
        (why = maps(TASK_C, PAGE_OWN_1, 0, PL_OK, page1)) || (why = qc_restart(TASK_OWN))) {
        return why;
    }
    if ((why = reads(TASK_C, page1 + 8u, 0x6ee90001u)) ||
        (why = step(TASK_C, OP_WRITE, page1 + 12u, 0x6ee90002u, PL_OK, 0)) ||
        (why = maps(TASK_OWN, PAGE_OWN_1, 1, PL_EBUSY, 0)) ||
        (why = step(TASK_OWN, OP_GRANT, PAGE_OWN_1, GRANT_ARG(TASK_B, RO), PL_EBUSY, 0)) ||
        (why = step(TASK_OWN, OP_REVOKE, PAGE_OWN_1, TASK_C, PL_EBUSY, 0)) ||
        (why = maps(TASK_OWN, PAGE_OWN_0, 0, PL_OK, page0))) {
        return why;
    }
    if ((why = step(TASK_C, OP_UNMAP, 0, 0, PL_OK, 0)) ||
        (why = maps(TASK_C, PAGE_OWN_1, 0, PL_EPERM, 0)) ||
        (why = maps(TASK_OWN, PAGE_OWN_1, 1, PL_OK, page1))) {
        return why;
    }
    return reads(TASK_OWN, page1 + 12u, 0x6ee90002u);
}

/* The holder is told (docs/ipc.md, "Kept grants"): c, holding a page of own's under a kept
 * grant and waiting on its notification (no deadline), is woken with PL_EDEAD when own is
 * restarted, its bit not taken, and word PL_NTFN_MIRROR_LOST of its poll mirror is then the id
 * of own's life that stopped; a second loss changes it again. b, which had the same page
 * mapped under an ordinary grant, loses its window and is told nothing. */
static const char *holder_told_trouble(void)
{
    uint32_t word = 1, life;
    const char *why = qc_restart(TASK_C); /* it was told of keep_trouble's loss: start at 0 */
    if (why || (why = maps(TASK_OWN, PAGE_OWN_1, 1, PL_OK, page1)) ||
        (why =
             step(TASK_OWN, OP_GRANT, PAGE_OWN_1, GRANT_ARG(TASK_C, RW | PL_SHM_KEEP), PL_OK, 0)) ||
        (why = maps(TASK_C, PAGE_OWN_1, 0, PL_OK, page1)) ||
        (why = step(TASK_OWN, OP_GRANT, PAGE_OWN_0, GRANT_ARG(TASK_B, RO), PL_OK, 0)) ||
        (why = maps(TASK_B, PAGE_OWN_0, 0, PL_OK, page0)) ||
        (why = step(TASK_C, OP_LOST_WORD, 0, 0, PL_OK, &word))) {
        return why;
    }
    if (word != 0) {
        return qt_why("c's word is 0x%08lx before any loss in its life", (unsigned long)word);
    }
    if (qc_order(TASK_C, OP_NTFN_WAIT, 0, 0) != PL_OK || !qc_wait_blocked(TASK_C, 50)) {
        return "c did not wait on its notification";
    }
    life = qt_status(TASK_OWN).id;
    if ((why = qc_restart(TASK_OWN))) {
        return why;
    }
    const struct qc_report *r = qc_report(TASK_C, REPORT_WAIT);
    if (!r || r->status != PL_EDEAD) {
        return r ? qt_why("c's wait ended with %s, expected EDEAD", pl_strerror(r->status))
                 : "c's wait did not end when own stopped";
    }
    if ((why = step(TASK_C, OP_LOST_WORD, 0, 0, PL_OK, &word))) {
        return why;
    }
    if (word != life) {
        return qt_why("c's word is 0x%08lx, own's stopped life was 0x%08lx", (unsigned long)word,
                      (unsigned long)life);
    }
    if ((why = step(TASK_B, OP_LOST_WORD, 0, 0, PL_OK, &word)) || word != 0) {
        return why ? why : "b, which held nothing, was told of a loss";
    }
    if ((why = step(TASK_C, OP_NTFN_WAIT, 1, 0, PL_ETIMEDOUT, 0)) || /* nothing was signalled */
        (why = step(TASK_C, OP_UNMAP, 0, 0, PL_OK, 0)) ||
        (why = maps(TASK_OWN, PAGE_OWN_1, 1, PL_OK, page1)) ||
        (why =
             step(TASK_OWN, OP_GRANT, PAGE_OWN_1, GRANT_ARG(TASK_C, RW | PL_SHM_KEEP), PL_OK, 0)) ||
        (why = maps(TASK_C, PAGE_OWN_1, 0, PL_OK, page1))) {
        return why;
    }
    life = qt_status(TASK_OWN).id;
    if ((why = qc_restart(TASK_OWN)) || (why = step(TASK_C, OP_LOST_WORD, 0, 0, PL_OK, &word))) {
        return why;
    }
    if (word != life) {
        return qt_why("after a second loss c's word is 0x%08lx, expected 0x%08lx",
                      (unsigned long)word, (unsigned long)life);
    }
    return step(TASK_C, OP_UNMAP, 0, 0, PL_OK, 0);
}

int main(void)
{
    qt_begin(SYSTEM_NAME);
    qc_start(actors, COUNT(actors), 100);
    qt_report("owner_maps_own_pages_and_writes", owner_map_trouble());
    qt_report("map_without_grant_eperm", no_grant_trouble());
    qt_report("window_index_out_of_range_einval", bad_window_trouble());
    qt_report("read_only_grant_maps_same_memory_zero_copy", zero_copy_trouble());
    qt_report("ipc_send_from_mapped_window_carries_page_bytes", send_from_window_trouble());
    qt_report("ipc_recv_into_read_only_window_faults_bad_pointer", recv_into_ro_trouble());
    qt_report("restart_empties_windows_but_keeps_grants", restart_windows_trouble());
    qt_report("write_to_read_only_mapping_faults_mem_data", ro_write_trouble());
    qt_report("revoke_unmaps_grantee_at_once_and_ends_grant", revoke_trouble());
    qt_report("read_write_grant_grantee_writes_owner_sees", rw_grant_trouble());
    qt_report("unmapped_window_faults_on_next_access", unmap_trouble());
    qt_report("ipc_recv_into_read_write_window_lands_in_page", recv_into_rw_trouble());
    qt_report("window_revoked_during_recv_message_not_cut_silently", lost_window_trouble());
    qt_report("window_revoked_while_a_server_waits_in_reply_recv_gets_no_byte",
              server_window_revoked_trouble());
    qt_report("owner_stop_ends_grants_and_unmaps_everywhere", owner_stop_trouble());
    qt_report("kept_grant_outlives_owner_restart_ebusy_until_unmapped", keep_trouble());
    qt_report("kept_grant_holder_told_mirror_word_and_wait_ended_edead", holder_told_trouble());
    qt_finish();
}

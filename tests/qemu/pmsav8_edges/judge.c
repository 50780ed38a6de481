/*
 * tests/qemu/pmsav8_edges/judge.c - orders edge's probes (edges.h) and judges each one.
 *
 * A probe inside one of edge's regions must work; one a byte or a word outside must stop edge
 * with a data access violation whose record carries exactly the address touched and a PC in
 * edge's own code, and nothing else may change: the judge restarts edge and goes on, and at
 * the end the neighbours must still run with their canaries intact.
 */
#include "../harness/qctl.h"
#include "../harness/qtest.h"
#include "edges.h"

int main(void);

#define EDGE_RAM_END (TASK_EDGE_RAM_BASE + TASK_EDGE_RAM_SIZE)
#define DEVICE_BASE  PERIPH_TIMER1_BASE
#define PROBE_WAIT   100u /* ticks for a probe's report; a probe that faults sends none */

/* The layout system.ini describes: what makes each probed edge a 32-byte one. */
_Static_assert(TASK_BELOW_RAM_BASE + TASK_BELOW_RAM_SIZE == TASK_EDGE_RAM_BASE,
               "below's RAM must end where edge's begins");
_Static_assert(EDGE_RAM_END == TASK_ABOVE_RAM_BASE, "above's RAM must begin where edge's ends");
_Static_assert(TASK_EDGE_RAM_BASE % 64u == 32u && EDGE_RAM_END % 64u == 32u,
               "edge's RAM must begin and end 32 bytes past a 64-byte boundary");
_Static_assert((TASK_EDGE_RAM_SIZE & (TASK_EDGE_RAM_SIZE - 1u)) != 0,
               "edge's RAM must not be a power of two");
_Static_assert(PAGE_SIZE % 32u == 0 && (PAGE_SIZE & (PAGE_SIZE - 1u)) != 0,
               "the shared page must be a multiple of 32 bytes, not a power of two");
_Static_assert(PERIPH_TIMER0_BASE + DEVICE_SIZE == DEVICE_BASE &&
                   DEVICE_BASE + DEVICE_SIZE == PERIPH_DUALTIMER_BASE,
               "edge's device must lie between two others, with no gap");

static int in_range(uint32_t x, uint32_t base, uint32_t size)
{
    return x >= base && x - base < size;
}

/* Why the stopped edge's record is not one fault of a data access at addr, or NULL. */
static const char *record_trouble(const struct pl_task_status *st, uint32_t faults, uint32_t addr)
{
    if (st->state != PL_TASK_FAULTED) {
        return qt_why("edge is %s, not faulted", qt_state_name(st->state));
    }
    if (st->faults != faults + 1u) {
        return qt_why("%lu faults recorded, expected %lu", (unsigned long)st->faults,
                      (unsigned long)faults + 1u);
    }
    if (st->fault.kind != PL_FAULT_MEM_DATA) {
        return qt_why("fault kind %s (CFSR 0x%08lx), expected MEM_DATA",
                      qt_fault_name(st->fault.kind), (unsigned long)st->fault.raw);
    }
    if (!st->fault.addr_valid || st->fault.addr != addr) {
        return qt_why("fault address 0x%08lx (valid %lu), expected 0x%08lx",
                      (unsigned long)st->fault.addr, (unsigned long)st->fault.addr_valid,
                      (unsigned long)addr);
    }
    if (!in_range(st->fault.pc, TASK_EDGE_FLASH_BASE, TASK_EDGE_FLASH_SIZE)) {
        return qt_why("fault PC 0x%08lx is not in edge's code", (unsigned long)st->fault.pc);
    }
    return NULL;
}

/* The probe must work; its report is returned in *out. A fault is the failure, and edge is
 * restarted for the next case. */
static const char *must_work(uint32_t op, uint32_t a, struct qc_report *out)
{
    const struct qc_report *r = qc_ask(TASK_EDGE, op, a, 0, PROBE_WAIT);
    if (r) {
        *out = *r;
        return r->status == PL_OK ? NULL : qt_why("status %s", pl_strerror(r->status));
    }
    struct pl_task_status st = qt_status(TASK_EDGE);
    const char *why = qt_why("no report: edge is %s (%s at 0x%08lx)", qt_state_name(st.state),
                             qt_fault_name(st.fault.kind), (unsigned long)st.fault.addr);
    const char *restart = qc_restart(TASK_EDGE);
    return restart ? restart : why;
}

/* The byte at addr must be edge's to read and write. */
static const char *byte_works(uint32_t addr)
{
    struct qc_report r;
    QT_STEP(must_work(PROBE_RW8, addr, &r));
    return r.a == 0xffu ? NULL
                        : qt_why("flipping the byte at 0x%08lx changed bits 0x%02lx, not 0xff",
                                 (unsigned long)addr, (unsigned long)r.a);
}

/* The word at addr must be edge's to read. */
static const char *word_reads(uint32_t addr)
{
    struct qc_report r;
    return must_work(PROBE_READ32, addr, &r);
}

/* The probe must stop edge with a data access violation at exactly `a`; edge is then
 * restarted (a fresh image: any window it had mapped is gone). */
static const char *must_fault(uint32_t op, uint32_t a, uint32_t b)
{
    uint32_t faults = qt_status(TASK_EDGE).faults;
    const struct qc_report *r = qc_ask(TASK_EDGE, op, a, b, PROBE_WAIT);
    if (r) {
        return qt_why("no fault: the access at 0x%08lx went through (status %ld, read 0x%08lx)",
                      (unsigned long)a, (long)r->status, (unsigned long)r->a);
    }
    struct pl_task_status st = qt_status(TASK_EDGE);
    const char *why = record_trouble(&st, faults, a);
    const char *restart = qc_restart(TASK_EDGE);
    return why ? why : restart;
}

/* Reading the byte at addr and, after a restart, writing it must both fault there. */
static const char *byte_faults(uint32_t addr)
{
    QT_STEP(must_fault(PROBE_READ8, addr, 0));
    return must_fault(PROBE_WRITE8, addr, 0x5a);
}

static void ram_cases(void)
{
    qt_report("ram_first_byte_reads_and_writes", byte_works(TASK_EDGE_RAM_BASE));
    qt_report("ram_last_byte_reads_and_writes", byte_works(EDGE_RAM_END - 1u));
    qt_report("ram_byte_past_the_end_faults_there_and_it_is_the_next_tasks_first",
              byte_faults(EDGE_RAM_END));
    qt_report("ram_byte_before_the_start_faults_there_and_it_is_the_previous_tasks_last",
              byte_faults(TASK_EDGE_RAM_BASE - 1u));
}

static void device_cases(void)
{
    const char *why = word_reads(DEVICE_BASE);
    qt_report("device_first_and_last_word_read",
              why ? why : word_reads(DEVICE_BASE + DEVICE_SIZE - 4u));
    qt_report("device_word_past_the_end_faults_there",
              must_fault(PROBE_READ32, DEVICE_BASE + DEVICE_SIZE, 0));
    qt_report("device_word_before_the_start_faults_there",
              must_fault(PROBE_READ32, DEVICE_BASE - 4u, 0));
}

/* Map edge's first page (again: every restart unmaps it) and give its address. */
static const char *mapped(uint32_t *page)
{
    struct qc_report r;
    QT_STEP(must_work(PROBE_MAP, 0, &r));
    *page = r.a;
    return r.a % 32u == 0 ? NULL : qt_why("page at 0x%08lx", (unsigned long)r.a);
}

static const char *window_edges_work(void)
{
    uint32_t page = 0;
    QT_STEP(mapped(&page));
    QT_STEP(byte_works(page));
    return byte_works(page + PAGE_SIZE - 1u);
}

/* off: from the page's start; the page is mapped anew before each of the two probes. */
static const char *window_byte_faults(int32_t off)
{
    uint32_t page = 0;
    QT_STEP(mapped(&page));
    QT_STEP(must_fault(PROBE_READ8, page + (uint32_t)off, 0));
    QT_STEP(mapped(&page));
    return must_fault(PROBE_WRITE8, page + (uint32_t)off, 0x5a);
}

static void window_cases(void)
{
    qt_report("window_first_and_last_byte_read_and_write", window_edges_work());
    qt_report("window_byte_past_the_end_faults_there_and_it_is_the_next_page",
              window_byte_faults((int32_t)PAGE_SIZE));
    qt_report("window_byte_before_the_start_faults_there", window_byte_faults(-1));
}

/* Why below or above is not fine, or NULL: never faulted (it traps if its canary changed),
 * still live, and switched in while the judge sleeps (each wakes every 2 ticks). */
static const char *neighbour_trouble(uint32_t task)
{
    uint32_t before = qt_status(task).switches;
    pl_sleep(20);
    struct pl_task_status st = qt_status(task);
    if (st.faults != 0) {
        return qt_why("%s faulted (%s at 0x%08lx): its canary changed", st.name,
                      qt_fault_name(st.fault.kind), (unsigned long)st.fault.addr);
    }
    if (!qt_is_live(&st) || st.switches == before) {
        return qt_why("%s is %s, switched in %lu times", st.name, qt_state_name(st.state),
                      (unsigned long)st.switches);
    }
    return NULL;
}

int main(void)
{
    const uint32_t edge = TASK_EDGE;
    qt_begin(SYSTEM_NAME);
    qc_start(&edge, 1, 200);
    ram_cases();
    device_cases();
    window_cases();
    const char *why = neighbour_trouble(TASK_BELOW);
    qt_report("neighbours_keep_running_with_their_edge_canaries_intact",
              why ? why : neighbour_trouble(TASK_ABOVE));
    qt_report("edge_still_works_after_its_faults", byte_works(TASK_EDGE_RAM_BASE));
    qt_finish();
}

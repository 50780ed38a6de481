/*
 * tests/qemu/klog/judge.c - the kernel's log through the console driver (kernel/klog.c,
 * docs/syscalls.md "The kernel's log").
 *
 * The judge is a console client, less urgent than the console: each line it logs is drained
 * and printed before its next step, so CONSOLE_STATS tells exactly how many bytes of the log
 * the console took. Counting exactly also shows that nothing was lost (a loss adds a report
 * line of its own).
 *
 * The monolithic twin (test_klog_mono, docs/contrast.md) has its console driver in the
 * kernel, which prints what the log holds at the end of the very trap that wrote it: the hog
 * never finds the log full, and there is no console task to stop. Those cases check that
 * instead (SYSTEM_MODE_MONO, a 0/1 constant: both halves stay compiled).
 */
#include <string.h>

#include <parley/console.h>
#include "../harness/qtest.h"
#include "klog_test.h"
#include "server.h"
#include "system.h"

#define PROBE            "judge: this line went through the console driver\n"
#define DEAD_LINE        "judge: the console is dead, this line is polled\n"
#define AGAIN_LINE       "judge: the restarted console took the log again\n"
#define HOG_WAIT         3000u /* ticks */
#define FAULT_LINE_EXTRA (sizeof(", pc 0x12345678, lr 0x12345678\r\n") - 1u)

/* Bytes of the kernel's log the console took since it started; 0xffffffff if it did not say. */
static uint32_t klog_bytes(void)
{
    struct console_stats s = {0};
    struct pl_recvd rep;
    int err = pl_server_call(EP_CONSOLE, CONSOLE_STATS, 0, 0, NULL, 0, &rep, &s, sizeof(s));
    return err == PL_OK && rep.len == sizeof(s) ? s.klog_bytes : 0xffffffffu;
}

static const char *only_the_drainer_reads(void)
{
    char buf[16];
    int r = pl_klog_read(buf, sizeof(buf));
    return r == PL_EPERM ? 0 : qt_why("pl_klog_read by the judge: %d, expected PL_EPERM", r);
}

static const char *log_goes_through_the_console(void)
{
    uint32_t before = klog_bytes();
    int r = pl_debug_write(PROBE, strlen(PROBE));
    uint32_t after = klog_bytes();
    if (r != (int)strlen(PROBE) || after - before != strlen(PROBE)) {
        return qt_why("debug_write %d; the console took %lu bytes of the log, expected %u", r,
                      (unsigned long)(after - before), (unsigned)strlen(PROBE));
    }
    return 0;
}

/* The hog fills the log while the console cannot run; see hog.c. Returns its findings. */
static uint32_t run_hog(uint32_t *taken_by_console)
{
    uint32_t before = klog_bytes(), found = 0;
    (void)pl_ntfn_signal(NTFN_HOG, 1u);
    uint32_t all = HOG_CHUNKS_TAKEN | HOG_NO_PARTIAL | HOG_VICTIM_OK | HOG_WAITED_OK | HOG_DONE;
    if (pl_ntfn_wait(NTFN_JUDGE, all, &found, HOG_WAIT) != PL_OK) {
        found = 0; /* the hog signals all its bits at once */
    }
    pl_sleep(2);
    *taken_by_console = klog_bytes() - before;
    return found;
}

static const char *hog_found(uint32_t found, uint32_t bit, const char *what)
{
    if (!(found & HOG_DONE)) {
        return "the hog never reported";
    }
    return (found & bit) ? 0 : what;
}

static const char *console_printed_all(uint32_t taken)
{
    uint32_t expected = HOG_CHUNKS * CHUNK + (uint32_t)(strlen(VICTIM_LINE) + FAULT_LINE_EXTRA) +
                        (uint32_t)strlen(AFTER_LINE);
    struct pl_task_status v = qt_status(TASK_VICTIM);
    if (v.state != PL_TASK_FAULTED) {
        return qt_why("victim %s", qt_state_name(v.state));
    }
    return taken == expected ? 0
                             : qt_why("the console took %lu bytes of the log, expected %lu",
                                      (unsigned long)taken, (unsigned long)expected);
}

/* While the console is dead the log is polled (no PL_EAGAIN, nothing waits for a dead task);
 * its next incarnation attaches on start and gets the log again. */
static const char *dead_console_then_restart(void)
{
    int err = pl_task_fault(TASK_CONSOLE);
    if (err != PL_OK) {
        return qt_why("pl_task_fault(console): %s", pl_strerror(err));
    }
    int r = pl_debug_write(DEAD_LINE, strlen(DEAD_LINE));
    if (r != (int)strlen(DEAD_LINE)) {
        return qt_why("debug_write with the console dead: %d", r);
    }
    int id = pl_task_restart(TASK_CONSOLE);
    if (id < 0) {
        return qt_why("pl_task_restart(console): %s", pl_strerror(id));
    }
    uint32_t fresh = klog_bytes();
    r = pl_debug_write(AGAIN_LINE, strlen(AGAIN_LINE));
    uint32_t after = klog_bytes();
    if (fresh != 0 || after != strlen(AGAIN_LINE)) {
        return qt_why("the restarted console took %lu, then %lu bytes of the log; expected 0, %u",
                      (unsigned long)fresh, (unsigned long)after, (unsigned)strlen(AGAIN_LINE));
    }
    return 0;
}

/* Monolithic: every chunk the hog wrote was printed in its own trap, none refused. */
static const char *mono_log_never_fills(uint32_t found, uint32_t taken)
{
    uint32_t expected = (2u * HOG_CHUNKS + 1u) * CHUNK + 1u +
                        (uint32_t)(strlen(VICTIM_LINE) + FAULT_LINE_EXTRA) +
                        (uint32_t)strlen(AFTER_LINE);
    if (!(found & HOG_DONE) || (found & (HOG_CHUNKS_TAKEN | HOG_NO_PARTIAL))) {
        return qt_why("the hog found the log full (bits 0x%lx)", (unsigned long)found);
    }
    return taken == expected ? 0
                             : qt_why("the console took %lu bytes of the log, expected %lu",
                                      (unsigned long)taken, (unsigned long)expected);
}

/* Monolithic: the console driver is no task; it cannot be stopped, and keeps the log. */
static const char *mono_console_is_no_task(void)
{
    int err = pl_task_fault(TASK_CONSOLE);
    uint32_t before = klog_bytes();
    int r = pl_debug_write(AGAIN_LINE, strlen(AGAIN_LINE));
    uint32_t after = klog_bytes();
    if (err != PL_ENOENT || r != (int)strlen(AGAIN_LINE) || after - before != strlen(AGAIN_LINE)) {
        return qt_why("pl_task_fault(console): %s; then the console took %lu bytes of %u",
                      pl_strerror(err), (unsigned long)(after - before),
                      (unsigned)strlen(AGAIN_LINE));
    }
    return 0;
}

static void mono_cases(void)
{
    uint32_t taken = 0, found = run_hog(&taken);
    qt_report("mono_log_is_printed_in_the_trap_that_wrote_it_and_never_fills",
              mono_log_never_fills(found, taken));
    qt_report("kernel_line_fits_in_the_reserve_of_a_full_log",
              hog_found(found, HOG_VICTIM_OK, "pl_task_fault(victim) failed"));
    qt_report("mono_console_in_the_kernel_is_no_task_and_keeps_the_log", mono_console_is_no_task());
}

int main(void)
{
    qt_begin(SYSTEM_NAME);
    qt_report("klog_read_by_a_task_that_is_not_the_drainer_is_eperm", only_the_drainer_reads());
    qt_report("debug_write_goes_through_the_console_driver", log_goes_through_the_console());
    if (SYSTEM_MODE_MONO) {
        mono_cases();
        qt_finish();
    }
    uint32_t taken = 0, found = run_hog(&taken);
    qt_report("full_log_takes_whole_writes_then_gives_eagain",
              hog_found(found, HOG_CHUNKS_TAKEN, "not 6 whole writes before PL_EAGAIN"));
    qt_report("full_log_takes_no_write_in_part",
              hog_found(found, HOG_NO_PARTIAL, "a 1-byte write was taken by a full log"));
    qt_report("kernel_line_fits_in_the_reserve_of_a_full_log",
              hog_found(found, HOG_VICTIM_OK, "pl_task_fault(victim) failed"));
    qt_report("pl_debug_write_waits_for_the_console_to_catch_up",
              hog_found(found, HOG_WAITED_OK, "pl_debug_write gave up"));
    qt_report("console_printed_every_byte_of_the_full_log", console_printed_all(taken));
    qt_report("dead_console_log_is_polled_and_its_restart_takes_it_again",
              dead_console_then_restart());
    qt_finish();
}

/*
 * kernel/klog.c - the kernel's log, and who writes it out.
 *
 * The console UART belongs to the console driver, a user task; the kernel must not write to it
 * behind the driver's back. So a description can name the log's drainer: the waiter of the one
 * notification with a `klog` bit. Once the drainer has called klog_read in its incarnation (it
 * "attaches"), everything the kernel logs (its own lines and tasks' debug_write) goes into a
 * ring, the bit is signalled, and the drainer prints it between its clients' lines. Until then,
 * and in systems without a drainer, at boot, while the drainer is dead or restarting, and once
 * the kernel itself is broken, the log is written polled on the board console, as before.
 *
 * Invariants:
 *   - bytes come out in the order they were logged: a drainer that stops has the ring written
 *     out polled at once, before anything else is logged;
 *   - a task's write is taken whole or not at all (PL_EAGAIN), and never takes the last
 *     KLOG_RESERVE bytes, which are kept for the kernel's own lines;
 *   - a kernel byte that finds the ring full is counted, and a line saying how many were lost
 *     goes into the ring as soon as it fits: nothing is dropped silently.
 */
#include "klog.h"

#include <parley/error.h>

#include "board.h"
#include "task.h"

#define SIZE sys_config.klog_size /* a constant the link folds in */
#define MASK (SIZE - 1u)

static char *const ring = sys_klog_ring;
static uint32_t head, tail; /* free-running: bytes ever put and taken */
static struct task *drainer;
static uint32_t drain_ntfn, drain_bits;
static klog_signal_fn signal_drainer; /* ipc's ntfn_signal, handed down by the top layer */
/* The drainer read since its latest start, and has not stopped since (klog_task_stopped), and
 * the kernel is not broken (klog_polled): the log goes into the ring. */
static int attached;
static uint32_t lost_total, lost_unreported;

void klog_init(klog_signal_fn signal)
{
    head = tail = 0;
    drainer = 0;
    signal_drainer = signal;
    attached = 0;
    lost_total = lost_unreported = 0;
    for (uint32_t n = 0; n < sys_ntfn_count; n++) {
        if (sys_ntfn_descs[n].klog_bits) {
            drainer = task_by_index(sys_ntfn_descs[n].waiter);
            if (SIZE < KLOG_MIN_SIZE || (SIZE & MASK) != 0) {
                panic("kernel log ring of %u bytes: not a power of two >= %u", (unsigned)SIZE,
                      KLOG_MIN_SIZE); /* sysgen makes sure it is */
            }
            drain_ntfn = n;
            drain_bits = sys_ntfn_descs[n].klog_bits;
        }
    }
}

static uint32_t room(void)
{
    return SIZE - (head - tail);
}

static void put(char c)
{
    ring[head++ & MASK] = c;
}

/* "\n[kernel] log ring full: N bytes lost\n", into the ring if there is room for all of it. */
static void report_lost(void)
{
    static const char before[] = "\n[kernel] log ring full: ", after[] = " bytes lost\n";
    char digits[10];
    uint32_t n = 0, v = lost_unreported;
    do {
        digits[n++] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    if (room() < sizeof(before) - 1u + n + sizeof(after) - 1u) {
        return;
    }
    for (const char *s = before; *s; s++) {
        put(*s);
    }
    while (n) {
        put(digits[--n]);
    }
    for (const char *s = after; *s; s++) {
        put(*s);
    }
    lost_unreported = 0;
}

static void ring_to_board(void)
{
    while (tail != head) {
        board_console_putc(ring[tail++ & MASK]);
    }
}

/* The ring (and then a pending loss report, which fits once the ring is empty) out on the
 * board console, now. */
static void write_out(void)
{
    ring_to_board();
    if (lost_unreported) {
        report_lost();
        ring_to_board();
    }
}

void klog_putc(char c)
{
    if (!attached) {
        board_console_putc(c);
        return;
    }
    if (lost_unreported) {
        report_lost();
    }
    if (room() == 0 || lost_unreported) { /* after a loss, nothing until it is reported */
        lost_total++;
        lost_unreported++;
        return;
    }
    put(c);
}

void klog_end(void)
{
    if (attached && head != tail) {
        signal_drainer(drain_ntfn, drain_bits);
    }
}

int klog_task_write(const char *buf, uint32_t len)
{
    if (!attached) {
        for (uint32_t i = 0; i < len; i++) {
            board_console_putc(buf[i]);
        }
        return PL_OK;
    }
    if (len == 0) {
        return PL_OK;
    }
    if (room() < len + KLOG_RESERVE) {
        return PL_EAGAIN;
    }
    for (uint32_t i = 0; i < len; i++) {
        put(buf[i]);
    }
    klog_end();
    return PL_OK;
}

int klog_is_drainer(const struct task *t)
{
    return t == drainer;
}

uint32_t klog_read(char *buf, uint32_t cap)
{
    attached = 1; /* only the drainer gets here (sys_klog_read checks) */
    if (lost_unreported) {
        report_lost();
    }
    uint32_t n = head - tail < cap ? head - tail : cap;
    for (uint32_t i = 0; i < n; i++) {
        buf[i] = ring[tail++ & MASK];
    }
    return n;
}

void klog_task_stopped(const struct task *t)
{
    if (t == drainer && attached) {
        attached = 0;
        write_out();
    }
}

void klog_polled(void)
{
    attached = 0; /* for good: the machine halts next */
    write_out();
}

uint32_t klog_lost(void)
{
    return lost_total;
}

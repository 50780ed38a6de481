/*
 * tests/qemu/ipc_ntfn/judge.c - notifications (docs/ipc.md, "Notifications"): signal ORs
 * bits, wait and poll take and clear only the masked ones, rights are checked, a more urgent
 * waiter runs at once, timed waits expire, and pl_recv_or_notify takes whichever of message
 * and notification comes first. Interrupts delivered as notification bits are in ipc_irq.
 */
#include <string.h>

#include "../harness/qctl.h"
#include "../harness/qtest.h"
#include "ntfn.h"
#include "system.h"

#define COUNT(a)    (sizeof(a) / sizeof((a)[0]))
#define REPORT_WAIT 100u
#define ALL         0xffffffffu

static const uint32_t actors[] = {TASK_W, TASK_SIG, TASK_X};

static const char *report_of(uint32_t task, const struct qc_report **r)
{
    if (!(*r = qc_report(task, REPORT_WAIT))) {
        return qt_why("%s did not report (%s)", qt_status(task).name,
                      qt_state_name(qt_status(task).state));
    }
    return 0;
}

/* `task` signals NTFN_NOTE (or notification n) with bits; why it did not get `want`. */
static const char *signal_by(uint32_t task, uint32_t n, uint32_t bits, int want)
{
    const struct qc_report *r;
    const char *why =
        qc_order(task, OP_SIGNAL, n, bits) == PL_OK ? report_of(task, &r) : "could not order";
    if (!why && r->status != want) {
        why = qt_why("%s's signal returned %s, expected %s", qt_status(task).name,
                     pl_strerror(r->status), pl_strerror(want));
    }
    return why;
}

static const char *notify(uint32_t bits)
{
    return signal_by(TASK_SIG, NTFN_NOTE, bits, PL_OK);
}

/* Why a wait/poll report is not `want` with bits `bits`, or NULL. */
static const char *taken_trouble(const struct qc_report *r, int want, uint32_t bits)
{
    if (r->status != want || (want == PL_OK && r->a != bits)) {
        return qt_why("got %s with bits 0x%08lx, expected %s with 0x%08lx", pl_strerror(r->status),
                      (unsigned long)r->a, pl_strerror(want), (unsigned long)bits);
    }
    return 0;
}

/* `task` polls (op OP_POLL) or waits (OP_WAIT, timeout) with mask; expect status and bits. */
static const char *take(uint32_t task, uint32_t op, uint32_t mask, uint32_t timeout, int want,
                        uint32_t bits)
{
    const struct qc_report *r;
    const char *why =
        qc_order(task, op, mask, timeout) == PL_OK ? report_of(task, &r) : "could not order";
    if (!why && (why = taken_trouble(r, want, bits))) {
        why = qt_why("%s %s mask 0x%lx: %s", qt_status(task).name, op == OP_POLL ? "poll" : "wait",
                     (unsigned long)mask, why);
    }
    return why;
}

static const char *poll_w(uint32_t mask, uint32_t bits)
{
    return take(TASK_W, OP_POLL, mask, 0, PL_OK, bits);
}

/* Bits signalled while nobody waits accumulate by OR. */
static const char *or_trouble(void)
{
    const char *why = notify(0x1u);
    if (why || (why = notify(0x4u)) || (why = notify(0x1u))) {
        return why;
    }
    return poll_w(ALL, 0x5u);
}

/* A wait whose mask matches pending bits returns at once with those bits, cleared; the
 * others stay pending until taken. */
static const char *masked_take_trouble(void)
{
    const char *why = notify(0x70u);
    if (why || (why = take(TASK_W, OP_WAIT, 0x30u, PL_WAIT_FOREVER, PL_OK, 0x30u)) ||
        (why = poll_w(0x30u, 0)) || (why = poll_w(ALL, 0x40u))) {
        return why;
    }
    return poll_w(ALL, 0);
}

/* Poll returns at once, also with nothing to take, and leaves bits outside its mask. */
static const char *poll_trouble(void)
{
    const struct qc_report *r;
    const char *why =
        qc_order(TASK_W, OP_POLL, ALL, 0) == PL_OK ? report_of(TASK_W, &r) : "could not order w";
    if (why || (why = taken_trouble(r, PL_OK, 0))) {
        return why;
    }
    if (r->b > 1u) { /* 1: a tick may fall during the call */
        return qt_why("an empty poll took %lu ticks", (unsigned long)r->b);
    }
    if ((why = notify(0x100u)) || (why = poll_w(0x1u, 0))) {
        return why;
    }
    return poll_w(0x100u, 0x100u);
}

/* A waiter stays blocked through a signal outside its mask and wakes on one inside it. */
static const char *wait_wakes_trouble(void)
{
    const struct qc_report *r;
    if (qc_order(TASK_W, OP_WAIT, 0x8u, PL_WAIT_FOREVER) != PL_OK || !qc_wait_blocked(TASK_W, 20)) {
        return "w did not block in its wait";
    }
    const char *why = notify(0x2u);
    if (why || (pl_sleep(2), qc_has_report(TASK_W))) {
        return why ? why : "w woke for a bit outside its mask";
    }
    if ((why = notify(0x8u)) || (why = report_of(TASK_W, &r)) ||
        (why = taken_trouble(r, PL_OK, 0x8u))) {
        return why;
    }
    return poll_w(ALL, 0x2u);
}

/* Signalling needs the signal right; an index past the last notification is refused too.
 * Nothing is set. */
static const char *signal_right_trouble(void)
{
    const char *why = signal_by(TASK_X, NTFN_NOTE, 0x1u, PL_EPERM);
    if (why || (why = signal_by(TASK_X, 99, 0x1u, PL_EPERM))) {
        return why;
    }
    return poll_w(ALL, 0);
}

/* Only the waiter may wait or poll; x's attempts take nothing from the word. */
static const char *non_waiter_trouble(void)
{
    const char *why = notify(0x2u);
    if (why || (why = take(TASK_X, OP_WAIT, ALL, PL_WAIT_FOREVER, PL_EPERM, 0)) ||
        (why = take(TASK_X, OP_POLL, ALL, 0, PL_EPERM, 0))) {
        return why;
    }
    return poll_w(ALL, 0x2u);
}

/* Why w's report is not a wake-up by bit 0x1, for a wait (bits in a) or a
 * pl_recv_or_notify (a notification message as data), or NULL. */
static const char *woken_trouble(uint32_t op, const struct qc_report *r)
{
    if (op != OP_RECV_NOTIFY) {
        return taken_trouble(r, PL_OK, 0x1u);
    }
    struct pl_recvd in;
    memcpy(&in, r->data, sizeof(in));
    if (r->status != PL_OK || in.label != PL_LABEL_NOTIFICATION || in.w0 != 0x1u) {
        return qt_why("pl_recv_or_notify: %s, label 0x%08lx, w0 0x%08lx", pl_strerror(r->status),
                      (unsigned long)in.label, (unsigned long)in.w0);
    }
    return 0;
}

/* w (priority 2) waits, by `op` with timeout `ticks` (a plain wait is the kernel's fast path; a
 * timed one and pl_recv_or_notify its general path); sig (4) signals and reports as soon as its
 * signal returns. w must have run, and reported, before sig's signal returned; the bit it
 * took must be cleared. */
static const char *switch_trouble(uint32_t op, uint32_t ticks)
{
    const struct qc_report *wr, *sr;
    if (qc_order(TASK_W, op, 0x1u, ticks) != PL_OK || !qc_wait_blocked(TASK_W, 20)) {
        return "w did not block";
    }
    const char *why = qc_order(TASK_SIG, OP_SIGNAL, NTFN_NOTE, 0x1u) == PL_OK
                          ? report_of(TASK_SIG, &sr)
                          : "could not order sig";
    if (why || (why = report_of(TASK_W, &wr)) || (why = woken_trouble(op, wr))) {
        return why;
    }
    if (sr->status != PL_OK || wr->seq > sr->seq) {
        return qt_why("signal %s; w reported %s sig: the waiter did not run first",
                      pl_strerror(sr->status), wr->seq > sr->seq ? "after" : "before");
    }
    return poll_w(ALL, 0);
}

/* A wait with a deadline and no signal ends with PL_ETIMEDOUT after its ticks (+1: a tick may
 * fall between w reading the time and waiting). */
static const char *timed_wait_trouble(void)
{
    const struct qc_report *r;
    const char *why =
        qc_order(TASK_W, OP_WAIT, 0x1u, 15) == PL_OK ? report_of(TASK_W, &r) : "could not order w";
    if (!why && (r->status != PL_ETIMEDOUT || r->b < 15u || r->b > 16u)) {
        why = qt_why("wait(15 ticks) returned %s after %lu ticks", pl_strerror(r->status),
                     (unsigned long)r->b);
    }
    return why;
}

/* A wait with a deadline is woken by a signal before it: the bits, PL_OK, long before the
 * deadline (a timed wait is not the kernel's fast path, so this is the general wake-up). */
static const char *timed_wait_signalled_trouble(void)
{
    const struct qc_report *r;
    if (qc_order(TASK_W, OP_WAIT, 0x4u, 50) != PL_OK || !qc_wait_blocked(TASK_W, 20)) {
        return "w did not block in its wait";
    }
    const char *why = notify(0x4u);
    if (why || (why = report_of(TASK_W, &r)) || (why = taken_trouble(r, PL_OK, 0x4u))) {
        return why;
    }
    if (r->b > 5u) {
        return qt_why("the signalled wait returned only after %lu ticks", (unsigned long)r->b);
    }
    return 0;
}

/* Start w's pl_recv_or_notify with `mask` and wait until it blocks. */
static const char *start_recv_notify(uint32_t mask)
{
    if (qc_order(TASK_W, OP_RECV_NOTIFY, mask, 0) != PL_OK || !qc_wait_blocked(TASK_W, 20)) {
        return "w did not block in pl_recv_or_notify";
    }
    return 0;
}

static const char *recvd_of(struct pl_recvd *in)
{
    const struct qc_report *r;
    const char *why = report_of(TASK_W, &r);
    if (!why && r->status != PL_OK) {
        why = qt_why("pl_recv_or_notify returned %s", pl_strerror(r->status));
    }
    if (!why) {
        memcpy(in, r->data, sizeof(*in));
    }
    return why;
}

/* The notification comes first (a bit outside the mask does not count): w gets
 * PL_LABEL_NOTIFICATION with the bits, no sender, no badge. */
static const char *notify_first_trouble(void)
{
    struct pl_recvd in;
    const char *why = start_recv_notify(0x10u);
    if (why || (why = notify(0x1u)) || (pl_sleep(2), qc_has_report(TASK_W))) {
        return why ? why : "w woke for a bit outside its mask";
    }
    if ((why = notify(0x10u)) || (why = recvd_of(&in))) {
        return why;
    }
    if (in.label != PL_LABEL_NOTIFICATION || in.w0 != 0x10u || in.sender || in.badge) {
        return qt_why("label 0x%08lx w0 0x%08lx sender 0x%lx badge %lu; expected a notification "
                      "of 0x10",
                      (unsigned long)in.label, (unsigned long)in.w0, (unsigned long)in.sender,
                      (unsigned long)in.badge);
    }
    return poll_w(ALL, 0x1u);
}

/* The message comes first: w gets it; a notification signalled afterwards stays pending. */
static const char *message_first_trouble(void)
{
    struct pl_recvd in;
    const struct qc_report *r;
    const char *why = start_recv_notify(0x10u);
    if (why || qc_order(TASK_SIG, OP_SEND, 0x33u, 0) != PL_OK || (why = recvd_of(&in)) ||
        (why = report_of(TASK_SIG, &r))) {
        return why ? why : "could not order sig";
    }
    if (in.label != 0x33u || in.w0 != ~0x33u || in.badge != BADGE_MBOX_SIG || r->status != PL_OK) {
        return qt_why("got label 0x%08lx w0 0x%08lx badge %lu (send: %s); expected sig's message",
                      (unsigned long)in.label, (unsigned long)in.w0, (unsigned long)in.badge,
                      pl_strerror(r->status));
    }
    if ((why = notify(0x10u))) {
        return why;
    }
    return poll_w(ALL, 0x10u);
}

/* A poll that finds nothing of its mask in the mirror returns without a trap; one that finds
 * bits another task signalled traps and takes them (docs/ipc.md, "Polling without a trap"). */
static const char *mirror_poll_trouble(void)
{
    const char *why = poll_w(ALL, 0);
    if (why || (why = notify(0x20u)) || (why = poll_w(0x1u, 0)) || (why = poll_w(0x20u, 0x20u))) {
        return why;
    }
    return poll_w(ALL, 0);
}

static const char *scribble(uint32_t task, uint32_t word0, uint32_t word1)
{
    const struct qc_report *r;
    return qc_order(task, OP_SCRIBBLE, word0, word1) == PL_OK ? report_of(task, &r)
                                                              : "could not order";
}

/* A task that writes over its own mirror fools only its own polls: the kernel never reads
 * it, so the bits stay pending for the waiter's wait, the outsider x still gets PL_EPERM from
 * the kernel, and the next change of the bits writes w's bits word right again. */
static const char *scribbled_mirror_trouble(void)
{
    const char *why = notify(0x3u);
    if (why || (why = scribble(TASK_W, NTFN_NOTE, 0)) || (why = poll_w(ALL, 0)) /* fooled */ ||
        (why = scribble(TASK_X, NTFN_NOTE, ALL)) ||
        (why = take(TASK_X, OP_POLL, ALL, 0, PL_EPERM, 0)) ||
        (why = take(TASK_W, OP_WAIT, 0x1u, PL_WAIT_FOREVER, PL_OK, 0x1u)) ||
        (why = poll_w(ALL, 0x2u)) || (why = scribble(TASK_W, 99u, ALL))) {
        return why;
    }
    if ((why = poll_w(ALL, 0)) || (why = notify(0x8u))) { /* traps: 99 is not its notification */
        return why;
    }
    return poll_w(ALL, 0x8u); /* traps as long as word 0 is scribbled: right all the same */
}

int main(void)
{
    qt_begin(SYSTEM_NAME);
    qc_start(actors, COUNT(actors), 100);
    qt_report("signal_ors_bits_into_the_word", or_trouble());
    qt_report("wait_takes_and_clears_only_masked_bits", masked_take_trouble());
    qt_report("poll_never_blocks_may_return_no_bits", poll_trouble());
    qt_report("wait_blocks_until_a_masked_bit_is_signalled", wait_wakes_trouble());
    qt_report("signal_without_right_eperm_sets_nothing", signal_right_trouble());
    qt_report("wait_and_poll_by_non_waiter_eperm_take_nothing", non_waiter_trouble());
    qt_report("signal_switches_to_more_urgent_waiter_at_once",
              switch_trouble(OP_WAIT, PL_WAIT_FOREVER));
    qt_report("signal_switches_to_more_urgent_timed_waiter_at_once", switch_trouble(OP_WAIT, 50));
    qt_report("signal_switches_to_more_urgent_recv_or_notify_waiter_at_once",
              switch_trouble(OP_RECV_NOTIFY, 0));
    qt_report("timed_wait_expires_etimedout_after_its_ticks", timed_wait_trouble());
    qt_report("timed_wait_woken_by_signal_before_deadline", timed_wait_signalled_trouble());
    qt_report("recv_or_notify_returns_notification_when_it_comes_first", notify_first_trouble());
    qt_report("recv_or_notify_returns_message_when_it_comes_first", message_first_trouble());
    qt_report("poll_sees_bits_another_task_signalled", mirror_poll_trouble());
    qt_report("scribbled_poll_mirror_fools_only_its_owner", scribbled_mirror_trouble());
    qt_finish();
}

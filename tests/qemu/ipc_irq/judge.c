/*
 * tests/qemu/ipc_irq/judge.c - interrupts delivered as notification bits (docs/ipc.md,
 * "Notifications", Interrupts): TIMER0 fires; the kernel masks the IRQ and sets the bit of
 * the driver's notification; nothing more arrives until the driver acknowledges; the
 * acknowledgement forgets what was latched meanwhile, and a device still requesting raises
 * the IRQ again at once. Acknowledging a bit that is not an interrupt is PL_EINVAL.
 *
 * The timer interrupts once per millisecond (one tick), so "nothing arrives in 10 ticks"
 * means about ten interrupts were held back.
 */
#include "../harness/qctl.h"
#include "../harness/qtest.h"
#include "irq.h"
/* The whole system's constants, not this task's own system.h: the judge compares what it is
 * told with objects it holds no right on. */
#include "system_all.h"

#define REPORT_WAIT 100u
#define ALL         0xffffffffu
#define BIT         NTFN_TMR_TIMER0
#define NOT_IRQ     (1u << 5) /* a bit of tmr with no interrupt behind it */

_Static_assert(BIT != NOT_IRQ, "the bit chosen as a non-interrupt must differ from TIMER0's");

static const uint32_t actors[] = {TASK_DRV, TASK_OTHER};

/* One order to `task`; why its report's status is not `want`, or NULL. */
static const char *step(uint32_t task, uint32_t op, uint32_t a, uint32_t b, int want,
                        const struct qc_report **out)
{
    const struct qc_report *r = qc_ask(task, op, a, b, REPORT_WAIT);
    if (!r) {
        struct pl_task_status st = qt_status(task);
        return qt_why("%s did not report (%s, fault %s)", st.name, qt_state_name(st.state),
                      qt_fault_name(st.fault.kind));
    }
    if (out) {
        *out = r;
    }
    if (r->status != want) {
        return qt_why("%s op %lu returned %s (a 0x%08lx), expected %s", qt_status(task).name,
                      (unsigned long)op, pl_strerror(r->status), (unsigned long)r->a,
                      pl_strerror(want));
    }
    return 0;
}

static const char *drv(uint32_t op, uint32_t a)
{
    return step(TASK_DRV, op, a, 0, PL_OK, 0);
}

/* The driver waits up to `ticks`: the interrupt bit must arrive, within `within` ticks. */
static const char *arrives(uint32_t ticks, uint32_t within)
{
    const struct qc_report *r;
    const char *why = step(TASK_DRV, OP_WAIT, ALL, ticks, PL_OK, &r);
    if (!why && (r->a != BIT || r->b > within)) {
        why =
            qt_why("bits 0x%08lx after %lu ticks, expected 0x%08lx within %lu", (unsigned long)r->a,
                   (unsigned long)r->b, (unsigned long)BIT, (unsigned long)within);
    }
    return why;
}

/* The driver waits `ticks`: nothing may arrive. */
static const char *quiet(uint32_t ticks, const char *what)
{
    const char *why = step(TASK_DRV, OP_WAIT, ALL, ticks, PL_ETIMEDOUT, 0);
    return why ? qt_why("%s: %s", what, why) : 0;
}

/* The timer's first interrupt becomes bit TIMER0 of tmr (within a couple of ticks). */
static const char *first_irq_trouble(void)
{
    const char *why = drv(OP_ARM, PERIOD_COUNTS);
    return why ? why : arrives(20, 3);
}

/* The driver serves the device but does not acknowledge: the timer keeps interrupting (its
 * status is set again), yet no bit arrives, because the IRQ stays masked. */
static const char *no_ack_trouble(void)
{
    const struct qc_report *r;
    const char *why = drv(OP_CLEAR, 0);
    if (why || (why = quiet(10, "without pl_irq_ack"))) {
        return why;
    }
    if ((why = step(TASK_DRV, OP_STATUS, 0, 0, PL_OK, &r)) == 0 && r->a != 1u) {
        why = "the timer did not fire again meanwhile: the case proves nothing";
    }
    return why;
}

/* Acknowledging any bit that is not an interrupt of tmr is PL_EINVAL and unmasks nothing, not
 * even the valid bit beside it: the device still requests, yet nothing arrives. */
static const char *bad_ack_trouble(void)
{
    const char *why = step(TASK_DRV, OP_ACK, NOT_IRQ, 0, PL_EINVAL, 0);
    if (why || (why = step(TASK_DRV, OP_ACK, BIT | NOT_IRQ, 0, PL_EINVAL, 0))) {
        return why;
    }
    return quiet(5, "after a refused acknowledgement");
}

/* Acknowledged while the device still requests: the IRQ is raised again at once. */
static const char *still_requesting_trouble(void)
{
    const char *why = drv(OP_HOLD, 0);
    if (why || (why = step(TASK_DRV, OP_ACK, BIT, 0, PL_OK, 0))) {
        return why;
    }
    return arrives(5, 1);
}

/* The IRQ was pending at the interrupt controller while masked; the device is then silenced.
 * The acknowledgement must forget that stale request: nothing may arrive. */
static const char *latched_trouble(void)
{
    pl_sleep(2); /* the held request stays pending at the controller meanwhile */
    const char *why = drv(OP_STOP, 0);
    if (why || (why = step(TASK_DRV, OP_ACK, BIT, 0, PL_OK, 0))) {
        return why;
    }
    return quiet(10, "after acknowledging with the device silent");
}

/* After serving the device and acknowledging, the next interrupt arrives. */
static const char *next_irq_trouble(void)
{
    const char *why = drv(OP_ARM, PERIOD_COUNTS);
    if (why || (why = arrives(20, 3))) {
        return why;
    }
    if ((why = drv(OP_CLEAR, 0)) || (why = step(TASK_DRV, OP_ACK, BIT, 0, PL_OK, 0))) {
        return why;
    }
    why = arrives(20, 3);
    const char *stop = drv(OP_STOP, 0);
    return why ? why : stop;
}

/* pl_irq_ack_wait acknowledges, then waits, in one call. The line is masked here (the last
 * case's final interrupt was not acknowledged): the timer restarted, the interrupt arrives in
 * the call (without the acknowledgement the wait would time out, as in no_ack_trouble). Then
 * twice more, the device served each time, as a driver's loop goes: without a timeout, the
 * kernel's fast path (a timed one takes the general path). */
static const char *ack_wait_trouble(void)
{
    const char *why = drv(OP_ARM, PERIOD_COUNTS);
    for (int round = 0; round < 3 && !why; round++) {
        const struct qc_report *r;
        if ((round > 0 && (why = drv(OP_CLEAR, 0))) ||
            (why = step(TASK_DRV, OP_ACK_WAIT, BIT, round ? PL_WAIT_FOREVER : 20, PL_OK, &r))) {
            break;
        }
        if (r->a != BIT || r->b > 3) {
            why = qt_why("bits 0x%08lx after %lu ticks, expected 0x%08lx within 3",
                         (unsigned long)r->a, (unsigned long)r->b, (unsigned long)BIT);
        }
    }
    const char *stop = drv(OP_STOP, 0);
    const char *ack = step(TASK_DRV, OP_ACK, BIT, 0, PL_OK, 0);
    return why ? why : stop ? stop : ack;
}

/* The acknowledgement stands whatever the wait's outcome: an interrupt arrives (the line is
 * masked again), the device is silenced, pl_irq_ack_wait times out; the timer restarted, the
 * next interrupt arrives in a plain wait, with no other acknowledgement. */
static const char *ack_wait_timeout_trouble(void)
{
    const char *why = drv(OP_ARM, PERIOD_COUNTS);
    if (why || (why = arrives(20, 3)) || (why = drv(OP_STOP, 0)) ||
        (why = step(TASK_DRV, OP_ACK_WAIT, BIT, 3, PL_ETIMEDOUT, 0))) {
        return why;
    }
    if ((why = drv(OP_ARM, PERIOD_COUNTS)) || (why = arrives(20, 3))) {
        return qt_why("after the timed-out pl_irq_ack_wait: %s", why);
    }
    const char *stop = drv(OP_STOP, 0);
    const char *ack = step(TASK_DRV, OP_ACK, BIT, 0, PL_OK, 0);
    return stop ? stop : ack;
}

/* A refused pl_irq_ack_wait (a bit without an interrupt beside the valid one) neither
 * acknowledges nor waits: it returns at once, and the device, still requesting, raises
 * nothing afterwards. */
static const char *bad_ack_wait_trouble(void)
{
    const struct qc_report *r;
    const char *why = drv(OP_ARM, PERIOD_COUNTS);
    if (why || (why = arrives(20, 3)) || (why = drv(OP_HOLD, 0))) {
        return why;
    }
    if ((why = step(TASK_DRV, OP_ACK_WAIT, BIT | NOT_IRQ, 20, PL_EINVAL, &r)) == 0 && r->b > 1) {
        why = qt_why("the refused call waited %lu ticks", (unsigned long)r->b);
    }
    if (why || (why = quiet(5, "after a refused pl_irq_ack_wait"))) {
        return why;
    }
    if ((why = drv(OP_STOP, 0)) || (why = step(TASK_DRV, OP_ACK, BIT, 0, PL_OK, 0))) {
        return why;
    }
    return quiet(3, "after the device was stopped");
}

/* Only the notification's waiter may acknowledge its interrupts. */
static const char *other_ack_trouble(void)
{
    const char *why = step(TASK_OTHER, OP_ACK, BIT, 0, PL_EPERM, 0);
    return why ? why : step(TASK_OTHER, OP_ACK_WAIT, BIT, 5, PL_EPERM, 0);
}

int main(void)
{
    qt_begin(SYSTEM_NAME);
    qc_start(actors, sizeof(actors) / sizeof(actors[0]), 100);
    qt_report("timer_irq_arrives_as_notification_bit", first_irq_trouble());
    qt_report("no_second_irq_notification_without_ack", no_ack_trouble());
    qt_report("irq_ack_of_non_irq_bit_einval_unmasks_nothing", bad_ack_trouble());
    qt_report("ack_while_device_requests_raises_irq_again_at_once", still_requesting_trouble());
    qt_report("ack_forgets_irq_latched_while_masked", latched_trouble());
    qt_report("next_irq_arrives_after_clear_and_ack", next_irq_trouble());
    qt_report("irq_ack_wait_acknowledges_then_waits", ack_wait_trouble());
    qt_report("irq_ack_wait_timeout_keeps_the_acknowledgement", ack_wait_timeout_trouble());
    qt_report("irq_ack_wait_refused_acknowledges_nothing", bad_ack_wait_trouble());
    qt_report("irq_ack_by_non_waiter_eperm", other_ack_trouble());
    qt_finish();
}

/*
 * tests/qemu/ipc_irq/driver.c - the TIMER0 driver (it owns the timer, its IRQ and the
 * notification tmr that delivers it), and the outsider `other` (same entry), which owns
 * neither. Each does what its order names; no interrupt code runs in the task.
 */
#include "../harness/qctl.h"
#include "dev_timer.h"
#include "irq.h"
/* The whole system's constants, not this task's own system.h: the file holds several tasks
 * with different rights, and each names only what it holds a right on. */
#include "system_all.h"

int actor_main(void);

#define BASE PERIPH_TIMER0_BASE

static int device(uint32_t op, uint32_t a)
{
    switch (op) {
    case OP_ARM:
        dev_timer_periodic(BASE, a);
        return PL_OK;
    case OP_CLEAR:
        dev_timer_clear(BASE);
        return PL_OK;
    case OP_HOLD:
        dev_timer_hold(BASE); /* the request stays raised while the status is set */
        return PL_OK;
    default: /* OP_STOP */
        dev_timer_stop(BASE);
        return PL_OK;
    }
}

static struct qc_order act(struct qc_order o)
{
    int err = PL_OK;
    uint32_t bits = 0, start = qc_now();
    switch (o.op) {
    case OP_WAIT:
        err = pl_ntfn_wait(NTFN_TMR, o.a, &bits, o.b);
        return qc_next(err, bits, qc_now() - start, 0, 0);
    case OP_ACK_WAIT:
        err = pl_irq_ack_wait(NTFN_TMR, o.a, 0xffffffffu, &bits, o.b);
        return qc_next(err, bits, qc_now() - start, 0, 0);
    case OP_ACK:
        return qc_next(pl_irq_ack(NTFN_TMR, o.a), 0, 0, 0, 0);
    case OP_STATUS:
        return qc_next(PL_OK, dev_timer_status(BASE), 0, 0, 0);
    case OP_ARM:
    case OP_CLEAR:
    case OP_HOLD:
    case OP_STOP:
        return qc_next(device(o.op, o.a), 0, 0, 0, 0);
    default:
        return qc_next(PL_EINVAL, o.op, 0, 0, 0);
    }
}

int actor_main(void)
{
    qc_serve(act);
}

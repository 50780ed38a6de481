/*
 * tests/qemu/harness/qctl_actor.c - the actors' half of the control protocol (qctl.h): one
 * call to the judge per report, whose reply is the next order.
 */
#include "qctl.h"
#include "system.h"

struct qc_order qc_next(int32_t status, uint32_t a, uint32_t b, const void *data, uint32_t len)
{
    struct pl_msg m = {.label = (uint32_t)status, .w0 = a, .w1 = b, .data = data, .len = len};
    struct pl_recvd rep;
    int err = pl_call(EP_CTL, &m, 0, 0, &rep, PL_WAIT_FOREVER);
    if (err != PL_OK) {
        pl_exit(100 - err); /* the judge sees a stopped actor with this code */
    }
    return (struct qc_order){rep.label, rep.w0, rep.w1};
}

struct qc_order qc_hello(void)
{
    return qc_next(QC_HELLO, 0, 0, 0, 0);
}

void qc_serve(struct qc_order (*act)(struct qc_order))
{
    struct qc_order o = qc_hello();
    for (;;) {
        o = act(o);
    }
}

/*
 * tests/qemu/supervisor/nosy.c - a sender on the supervisor's endpoint without the control
 * bit in its badge: it may ask questions, but SUP_FAULT and SUP_RESTART must be refused.
 * Its exit code is the verdict the judge reads: 0 when the supervisor behaved.
 */
#include "../../../servers/supervisor/supervisor.h"
#include "server.h"
#include "system.h"

int nosy_main(void);

int nosy_main(void)
{
    struct pl_recvd rep = {0};
    int count = pl_server_call(EP_SUPERVISOR, SUP_TASK_COUNT, 0, 0, 0, 0, &rep, 0, 0);
    uint32_t tasks = rep.w0;
    int fault = pl_server_call(EP_SUPERVISOR, SUP_FAULT, TASK_FLAKY, 0, 0, 0, &rep, 0, 0);
    int restart = pl_server_call(EP_SUPERVISOR, SUP_RESTART, TASK_FLAKY, 0, 0, 0, &rep, 0, 0);
    if (count != PL_OK || tasks != SYSTEM_TASK_COUNT) {
        return 1;
    }
    return (fault == PL_EPERM && restart == PL_EPERM) ? 0 : 2;
}

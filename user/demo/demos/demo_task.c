/*
 * user/demo/demos/demo_task.c - the loop every demo task runs (parley/demo.h): park in the runner
 * until the shell starts the demo, run once, report the result and park again.
 */
#include "demo_task.h"
#include "parley.h"
#include "server.h"
#include "system.h"

int demo_serve(int (*run)(uint32_t options))
{
    uint32_t number = 0;
    int result = PL_OK;
    for (;;) {
        struct pl_recvd go;
        int err =
            pl_server_call(EP_DEMOS, DEMO_READY, (uint32_t)result, number, NULL, 0, &go, NULL, 0);
        if (err == DEMO_ARM) {
            continue; /* the runner checks we are here: answer at once */
        }
        if (err != PL_OK) {
            pl_sleep(SYSTEM_TICK_HZ); /* the runner refused us or went away: ask again */
            number = 0;
            result = PL_OK;
            continue;
        }
        number = go.w0;
        result = run(go.w1);
    }
}

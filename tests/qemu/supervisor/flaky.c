/*
 * tests/qemu/supervisor/flaky.c - the supervised tasks of the supervisor test image.
 *
 * flaky (restart = always, hold_after = 3/10s) is a server: it registers FLAKY_NAME with the
 * name server each time it starts and answers pings until a client asks it to crash.
 * fragile (restart = never) and slow (restart = backoff) only need to be alive: the judge
 * stops them through the supervisor (SUP_FAULT).
 */
#include "../../../servers/names/names_client.h"
#include "server.h"
#include "suptest.h"
/* The whole system's constants, not this task's own system.h: the file holds several tasks
 * with different rights, and each names only what it holds a right on. */
#include "system_all.h"

static int flaky_ping(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    (void)state;
    rep->w0 = req->w0 + 1u;
    rep->w1 = PL_TASK_GEN(pl_task_self());
    return PL_OK;
}

static int flaky_crash(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    (void)state;
    (void)req;
    (void)rep;
    *(volatile uint32_t *)KERNEL_RAM_BASE = 0xdeadu; /* the kernel's RAM: MemManage */
    return PL_OK;                                    /* not reached */
}

int flaky_main(void)
{
    static const pl_handler handlers[FLAKY_OP_COUNT] = {
        [FLAKY_PING] = flaky_ping,
        [FLAKY_CRASH] = flaky_crash,
    };
    static const struct pl_server server = {
        .name = FLAKY_NAME,
        .ep = EP_FLAKY,
        .handlers = handlers,
        .handler_count = FLAKY_OP_COUNT,
    };
    int err = names_register(FLAKY_NAME, EP_FLAKY);
    if (err != PL_OK) {
        pl_printf("[flaky] cannot register: %s\r\n", pl_strerror(err));
        return 1;
    }
    pl_server_run(&server);
}

/* stormy (restart = always, no hold_after): faults as it starts, every time. Without a limit
 * the supervisor would restart it hundreds of times a second and starve every less urgent
 * task; the default hold_after ends the storm. */
int stormy_main(void)
{
    *(volatile uint32_t *)KERNEL_RAM_BASE = 0x5707u; /* the kernel's RAM: MemManage */
    return 0;                                        /* not reached */
}

/* fragile and slow: alive until stopped. */
static int idle_forever(void) __attribute__((noreturn));
static int idle_forever(void)
{
    for (;;) {
        pl_sleep(1000);
    }
}

int fragile_main(void)
{
    return idle_forever();
}

int slow_main(void)
{
    return idle_forever();
}

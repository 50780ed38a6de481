/*
 * user/demo/demo_print.c - whole lines through the console driver (demo_print.h).
 *
 * A client of a restartable driver has two ways to notice that the driver died: its call
 * fails with PL_EDEAD (the driver was down, or died while the call was queued or waiting for
 * the reply), or, when the driver died and came back between two calls, nothing fails at all.
 * The second is far more likely (the supervisor restarts the console within a tick), so each
 * line first asks the supervisor for the console's restart counter and says so when it has
 * changed; a failed write is retried until the driver is back, and said once.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include <parley/console.h>
#include "../../servers/supervisor/supervisor.h"
#include "demo_print.h"
#include "parley.h"
#include "runtime.h"
#include "server.h"
#include "system.h"

#define DEMO_LINE_MAX 160u
/* while the console driver is down: every 10 ms (at least a tick) */
#define DEMO_RETRY_TICKS (SYSTEM_TICK_HZ >= 100u ? SYSTEM_TICK_HZ / 100u : 1u)
#define DEMO_NOT_ASKED   0xffffffffu

static uint32_t console_restarts = DEMO_NOT_ASKED; /* as last seen by this incarnation */

int demo_console_info(unsigned long *restarts, unsigned long *generation)
{
    struct pl_task_status st;
    struct pl_recvd rep;
    int err = pl_server_call(EP_SUPERVISOR, SUP_TASK_INFO, TASK_CONSOLE, 0, NULL, 0, &rep, &st,
                             sizeof(st));
    if (err == PL_OK) {
        *restarts = st.restarts;
        *generation = PL_TASK_GEN(st.id);
    }
    return err;
}

void demo_console_forget(void)
{
    console_restarts = DEMO_NOT_ASKED;
}

/* Hand the bytes to the console driver, again and again until it takes them all. Returns 1
 * if a write failed with PL_EDEAD on the way. */
static int write_all(const char *buf, uint32_t len)
{
    int lost = 0;
    if (pl_rt->console_ep == PL_NO_EP) {
        pl_debug_write(buf, len); /* no console driver in this system: the kernel's console */
        return 0;
    }
    for (uint32_t done = 0; done < len;) {
        struct pl_recvd rep;
        int err = pl_server_call(pl_rt->console_ep, CONSOLE_WRITE, 0, 0, buf + done, len - done,
                                 &rep, NULL, 0);
        if (err == PL_OK && rep.w0 > 0) {
            done += rep.w0 < len - done ? rep.w0 : len - done;
            continue;
        }
        lost |= err == PL_EDEAD;
        pl_sleep(DEMO_RETRY_TICKS); /* down, or its output ring is full */
    }
    return lost;
}

static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note(const char *fmt, ...)
{
    char buf[DEMO_LINE_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n > 0) {
        write_all(buf, (uint32_t)n < sizeof(buf) ? (uint32_t)n : sizeof(buf) - 1u);
    }
}

/* Say so if the console driver has been restarted since this task's last line. */
static void check_console(const char *who)
{
    unsigned long restarts, gen;
    if (demo_console_info(&restarts, &gen) != PL_OK) {
        return;
    }
    if (console_restarts != DEMO_NOT_ASKED && restarts != console_restarts) {
        note("[%s] the console driver was restarted since my last line (restarts %lu -> %lu, "
             "now generation %lu); printing on\r\n",
             who, (unsigned long)console_restarts, restarts, gen);
    }
    console_restarts = (uint32_t)restarts;
}

void demo_print(const char *who, const char *fmt, ...)
{
    char buf[DEMO_LINE_MAX];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf) - 2u, fmt, ap);
    va_end(ap);
    uint32_t len = n < 0 ? 0 : (uint32_t)n < sizeof(buf) - 2u ? (uint32_t)n : sizeof(buf) - 3u;
    buf[len++] = '\r';
    buf[len++] = '\n';
    check_console(who);
    if (write_all(buf, len)) {
        note("[%s] the console driver died under my write (EDEAD); I sent that line again\r\n",
             who);
        demo_console_forget(); /* that restart is told: do not tell it twice */
        check_console(who);
    }
}

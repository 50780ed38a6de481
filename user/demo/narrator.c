/*
 * user/demo/narrator.c - tells the demo's story once: what runs, then (narrator_main) asks
 * the supervisor to crash the console driver about 3 s after boot, waits for the driver to be
 * restarted, and hands over to the shell. narrator_early_main hands over first and crashes
 * the driver at 1 s, under the shell's read (for the shell's QEMU test).
 *
 * The narrator is an ordinary client: it prints through the console driver and asks the
 * supervisor (SUP_FAULT, SUP_TASK_INFO) like the shell does.
 */
#include <stdint.h>

#include "../../servers/supervisor/supervisor.h"
#include "demo_print.h"
#include "parley.h"
#include "server.h"
#include "system.h"

#define NARRATOR_CRASH_AT_MS       3000u
#define NARRATOR_EARLY_CRASH_AT_MS 1000u
#define NARRATOR_POLL_TICKS        (SYSTEM_TICK_HZ >= 100u ? SYSTEM_TICK_HZ / 100u : 1u)
#define NARRATOR_WATCH_MS          1100u /* the slowest client prints every second */

static void intro(void)
{
    demo_print("narrator",
               "[narrator] %lu tasks started, each alone in its own MPU regions; "
               "they talk only through IPC",
               (unsigned long)SYSTEM_TASK_COUNT);
    demo_print("narrator", "[narrator] the client finds 'hello' through the name server and "
                           "asks it every second;");
    demo_print("narrator", "[narrator] the ticker prints a line every 700 ms through the "
                           "console driver");
}

static void hand_over(void)
{
    demo_print("narrator", "[narrator] your turn: type help and press Enter "
                           "(quit QEMU with Ctrl-A then X)");
    pl_ntfn_signal(NTFN_SHELL, 1u); /* the shell shows its first prompt */
}

/* A narrator has nothing more to do, but a task that exits is a stop the supervisor logs. */
static void rest(void)
{
    for (;;) {
        pl_sleep(0x7fffffffu);
    }
}

/* Wait until the console driver runs in a generation other than `gen`. */
static unsigned long wait_for_console(unsigned long gen)
{
    unsigned long restarts, now_gen = gen;
    while (demo_console_info(&restarts, &now_gen) != PL_OK || now_gen == gen) {
        pl_sleep(NARRATOR_POLL_TICKS);
    }
    return now_gen;
}

/* At at_ms after boot, have the supervisor crash the console driver; tell what became of it. */
static void crash_console(uint32_t at_ms)
{
    unsigned long restarts, gen;
    demo_print("narrator",
               "[narrator] at %lu s I will ask the supervisor to crash the console "
               "driver on purpose; watch the clients",
               (unsigned long)(at_ms / 1000u));
    uint64_t at = (uint64_t)at_ms * SYSTEM_TICK_HZ / 1000u;
    uint64_t now = pl_uptime();
    pl_sleep(now < at ? (uint32_t)(at - now) : 0u);
    demo_console_info(&restarts, &gen);
    demo_print("narrator", "[narrator] now: SUP_FAULT console");
    int err = pl_server_call(EP_SUPERVISOR, SUP_FAULT, TASK_CONSOLE, 0, NULL, 0, NULL, NULL, 0);
    if (err != PL_OK && SYSTEM_MODE_MONO) { /* a 0/1 constant of system.h: both compiled */
        demo_print("narrator",
                   "[narrator] the supervisor refused (%s): in this monolithic build the "
                   "console driver is part of the kernel, not a task it can stop; a bug in it "
                   "would stop everything (make contrast)",
                   pl_strerror(err));
        return;
    }
    if (err != PL_OK) {
        demo_print("narrator", "[narrator] the supervisor refused: %s", pl_strerror(err));
        return;
    }
    gen = wait_for_console(gen);
    demo_console_forget();                                /* we know: we asked for it */
    pl_sleep(NARRATOR_WATCH_MS * SYSTEM_TICK_HZ / 1000u); /* let every client print once */
    demo_print("narrator",
               "[narrator] the supervisor restarted the console driver (generation %lu); "
               "each client noticed once and printed on",
               gen);
}

int narrator_main(void)
{
    intro();
    crash_console(NARRATOR_CRASH_AT_MS);
    hand_over();
    rest();
    return 0;
}

/* For the shell's QEMU test: the shell prompts at once, and the crash comes while it waits for
 * a line (the test types nothing before), so the shell, too, sees its read end in PL_EDEAD. */
int narrator_early_main(void)
{
    intro();
    hand_over();
    crash_console(NARRATOR_EARLY_CRASH_AT_MS);
    rest();
    return 0;
}

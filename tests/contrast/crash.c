/*
 * tests/contrast/crash.c - the two applications of crash.ini: a writer that prints numbered
 * lines through the console driver every 50 ms, and a crasher that, at 300 ms, sends the
 * console CONSOLE_CRASH (a store through a pointer it must not follow). What happens next is
 * the point: the writer's last line, `crash: writer printed all its lines`, appears only if
 * the system survived the driver's bug.
 */
#include <stdio.h>

#include "parley.h"
#include "server.h"
#include "system_all.h" /* one source for two tasks of different rights */
#include <parley/console.h>

#define LINES       12u
#define LINE_TICKS  (50u * SYSTEM_TICK_HZ / 1000u)
#define CRASH_TICKS (300u * SYSTEM_TICK_HZ / 1000u)
#define BAD_ADDRESS 0xf0000000u /* nothing answers there: a bus error for the kernel too */

int writer_main(void);
int crasher_main(void);

int writer_main(void)
{
    for (uint32_t i = 1; i <= LINES; i++) {
        printf("crash: writer line %lu\n", (unsigned long)i); /* stdout: the console driver */
        pl_sleep(LINE_TICKS);
    }
    printf("crash: writer printed all its lines\n");
    fflush(stdout);
    pl_sleep(LINE_TICKS);
    pl_shutdown(0);
    return 0;
}

int crasher_main(void)
{
    pl_sleep(CRASH_TICKS);
    printf("crash: asking the console driver for CONSOLE_CRASH (mode %s)\n",
           SYSTEM_MODE_MONO ? "mono" : "micro");
    fflush(stdout);
    int err = pl_server_call(EP_CONSOLE, CONSOLE_CRASH, BAD_ADDRESS, 0, 0, 0, 0, 0, 0);
    printf("crash: the console answered %s\n", pl_strerror(err));
    return 0;
}

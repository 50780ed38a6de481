/*
 * servers/console/console_crash.c - CONSOLE_CRASH, a bug on purpose (include/parley/console.h).
 *
 * Listed in the console's sources only by images that show what a driver's bug does
 * (tests/contrast/crash.ini, `make contrast`): the handler stores through a pointer the request
 * carries, unchecked, as a driver with a bug would. As a task (MODE=micro) the MPU stops the
 * console and only it, and its supervisor restarts it; linked into the kernel (MODE=mono) the
 * same store faults in the kernel, and the whole system stops with a panic.
 */
#include <stdint.h>

#include <parley/server.h>

int cons_crash(void *state, const struct pl_request *req, struct pl_reply *rep);

int cons_crash(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    (void)state;
    (void)rep;
    *(volatile uint32_t *)(uintptr_t)req->w0 = 0xdeadu; /* the bug */
    return 0;
}

/*
 * user/lib/debug_write.c - pl_debug_write: pl_debug_write_try, retried while the kernel's log
 * is full. Kept apart from the `svc` stubs of syscall.c so that it builds on the host, where
 * tests fake the stub and pl_sleep (tests/host/test_user_debug_write.c).
 */
#include "parley.h"

/* PL_EAGAIN: the kernel's log is full until the console driver prints some of it. A tick's
 * sleep lets it run even when it is less urgent than the writer. The tries are bounded so that
 * a writer whose log never drains (a drainer that is stuck, not dead) gets PL_EAGAIN back
 * instead of hanging; any other answer is final and returned at once. */
int pl_debug_write(const void *buf, size_t len)
{
    int r = pl_debug_write_try(buf, len);
    for (uint32_t tries = 0; r == PL_EAGAIN && tries < PL_DEBUG_WRITE_TRIES; tries++) {
        pl_sleep(1);
        r = pl_debug_write_try(buf, len);
    }
    return r;
}

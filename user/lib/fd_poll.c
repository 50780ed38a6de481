/*
 * user/lib/fd_poll.c - pl_poll (fd.h): the C library's descriptors waited on together.
 *
 * The servers behind the descriptors do not tell a client when one becomes ready (that would
 * need a notification per client and descriptor), so pl_poll looks: one scan of every
 * descriptor (pl_fd_poll_scan: one request each), then a tick's sleep, until one is ready or
 * the timeout has passed. A change is seen within a tick; a long wait costs a request per
 * descriptor per tick.
 */
#include "fd.h"
#include "parley.h"

int pl_poll(struct pl_pollfd *fds, unsigned n, uint32_t timeout)
{
    uint64_t start = pl_uptime();
    for (;;) {
        int ready = pl_fd_poll_scan(fds, n);
        if (ready != 0 || timeout == PL_NO_WAIT) {
            return ready;
        }
        if (timeout != PL_WAIT_FOREVER && pl_uptime() - start >= timeout) {
            return 0;
        }
        pl_sleep(1);
    }
}

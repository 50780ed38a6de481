/*
 * tests/qemu/ipc_copy/echo.c - receives request n at offset n % 4 past a word and answers
 * with the same bytes from there (copy.h). Its reply says in w0 how many of its guard bytes
 * the request's copy changed and in w1 the offset it used. Two areas alternate: the reply
 * leaves from one while the next request lands in the other, filled with guards beforehand.
 */
#include <string.h>

#include "copy.h"
#include "parley.h"
#include "system.h"

int echo_main(void);

static uint8_t area[2][AREA + 3u] __attribute__((aligned(4)));

static uint8_t *landing(uint32_t n)
{
    uint8_t *a = area[n & 1u];
    memset(a, SRV_FILL, sizeof(area[0]));
    return a + GUARD + SRV_OFFSET(n);
}

static uint32_t guards_changed(uint32_t n, uint32_t len)
{
    const uint8_t *a = area[n & 1u];
    uint32_t from = GUARD + SRV_OFFSET(n), changed = 0;
    for (uint32_t i = 0; i < sizeof(area[0]); i++) {
        if ((i < from || i >= from + len) && a[i] != SRV_FILL) {
            changed++;
        }
    }
    return changed;
}

int echo_main(void)
{
    struct pl_recvd in;
    uint32_t n = 0;
    uint8_t *buf = landing(n);
    int err = pl_recv(EP_ECHO, buf, CAP, &in, PL_WAIT_FOREVER);
    for (;;) {
        if (err != PL_OK) {
            return 1;
        }
        struct pl_msg rep = {.label = in.label,
                             .w0 = guards_changed(n, in.len),
                             .w1 = SRV_OFFSET(n),
                             .data = buf,
                             .len = in.len};
        pl_task_id client = in.sender;
        n++;
        buf = landing(n);
        err = pl_reply_recv(client, &rep, EP_ECHO, buf, CAP, &in);
    }
}

/*
 * sys/kserver_micro.c - kserver.h for a microkernel build (MODE=micro): no server runs in the
 * kernel. Every server is a task; these do nothing, and link-time optimisation removes them.
 */
#include "kserver.h"
#include <parley/error.h>

int kserver_serves(uint32_t e)
{
    (void)e;
    return 0;
}

sys_result kserver_call(struct task *t, enum kserver_msg how)
{
    (void)t;
    (void)how;
    return sys_ret(PL_EPERM); /* never called: nothing is served in the kernel */
}

void kserver_init_all(void)
{
}

int kserver_pending(void)
{
    return 0;
}

int kserver_tick(void)
{
    return 0;
}

/*
 * user/lib/start.c - how every task begins and ends.
 *
 * The kernel has already laid out the task's memory (zeroed RAM, .data copied) and enters the
 * task's generated start routine with the bounds of its heap, which calls pl_task_run(). When
 * the entry function returns, its value becomes the task's exit code.
 */
#include "parley.h"
#include "runtime.h"

static const struct pl_runtime no_runtime = {PL_NO_EP, PL_NO_EP};
const struct pl_runtime *pl_rt = &no_runtime;

void pl_task_run(int (*entry)(void), uintptr_t heap_start, uintptr_t heap_end,
                 const struct pl_runtime *rt)
{
    pl_rt = rt;
    runtime_heap_init(heap_start, heap_end);
    pl_exit(entry());
}

/*
 * user/lib/runtime.h - what the user library knows about the task it runs in.
 *
 * The generated start routine of each task (build/<board>/<image>/tasks/<task>_start.c) hands
 * pl_task_run() the endpoints of the well-known services the task may use, so that the
 * library (compiled once for all images) finds them without system.h.
 */
#ifndef USER_RUNTIME_H
#define USER_RUNTIME_H

#include <stdint.h>

#define PL_NO_EP 0xffu

struct pl_runtime {
    uint32_t console_ep; /* 'console' endpoint for stdout/stderr, or PL_NO_EP */
    uint32_t names_ep;   /* 'names' endpoint (the name server), or PL_NO_EP */
};

extern const struct pl_runtime *pl_rt; /* this task's; set before its entry function runs */

void pl_task_run(int (*entry)(void), uintptr_t heap_start, uintptr_t heap_end,
                 const struct pl_runtime *rt);
void runtime_heap_init(uintptr_t start, uintptr_t end);

#endif

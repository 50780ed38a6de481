/*
 * user/demo/demos/demo_task.h - the loop of a demo's task (protocol: parley/demo.h).
 */
#ifndef USER_DEMO_TASK_H
#define USER_DEMO_TASK_H

#include <stdint.h>

#include <parley/demo.h>

/* Call DEMO_READY, then run `run(options)` on each go and report its result (PL_OK or an
 * enum pl_err), forever. */
int demo_serve(int (*run)(uint32_t options));

#endif

/*
 * parley/demo.h - the demo runner's protocol (endpoint `demos`, user/demo/demos/runner.c): how the
 * shell lists and starts the IPC catalogue's demos, and how a demo's tasks wait for their
 * "go" and report how their run went (user/demo/demos/demo_task.c). docs/ipc-catalogue.md, "Demos".
 *
 * A demo's tasks start with the system and park in the runner: each calls DEMO_READY and the
 * runner keeps the call unanswered. `demo pipe` at the shell is a DEMO_RUN call; the runner
 * holds it and first answers every parked task of the demo with DEMO_ARM, to which a task
 * that is alive answers by calling DEMO_READY again at once (a task that died while parked
 * cannot be answered: "not ready", and no task of the demo starts; a task not parked, just
 * restarted say, has a second to call DEMO_READY). Then the go: the runner
 * answers each with PL_OK, and answers the shell when each task has called DEMO_READY again
 * (its result in w0) or the time limit has passed. So the shell's prompt comes back after the
 * demo's output, and each demo can run again and again.
 */
#ifndef PARLEY_DEMO_H
#define PARLEY_DEMO_H

#include <stdint.h>

enum demo_op {
    /* shell: w0 = i; reply data = "<name> <options>\0<what it shows>" of the i-th demo, or
     * PL_ENOENT past the last */
    DEMO_LIST = 1,
    /* shell: data = the words typed after `demo` ("mq", "prodcons --no-sync"); the reply,
     * once the run is over, is PL_OK with w0 = 0 (it worked) or 1 (it did not) and data = the
     * line to print, which says which. */
    DEMO_RUN = 2,
    /* a demo's task: w0 = the result of the run it finished (PL_OK or an enum pl_err), w1 =
     * that run's number (0: none yet, the task has just started). The reply is DEMO_ARM
     * (call DEMO_READY again at once, with the same words) or the go: PL_OK, w0 = the run's
     * number, w1 = its option bits. */
    DEMO_READY = 3,
};

#define DEMO_ARM 1 /* a reply label: "are you there?" */

#define DEMO_LINE_MAX  96u /* a reply's line, with its NUL */
#define DEMO_TYPED_MAX 48u /* the words after `demo` */

#endif

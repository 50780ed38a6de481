/*
 * servers/supervisor/supervisor.h - the supervisor protocol.
 *
 * The supervisor has the kernel's supervisor capability (task status, restart, injected
 * faults) and nothing else. It learns of every fault through its notification, logs it in one
 * line and restarts the task under the policy of the system description (restart, backoff,
 * hold_after). Other tasks (the shell) ask it for task and IPC information and for restarts.
 * Endpoint: 'supervisor' in the description.
 */
#ifndef SERVERS_SUPERVISOR_H
#define SERVERS_SUPERVISOR_H

enum supervisor_op {
    SUP_TASK_COUNT = 0, /* -> w0 = number of tasks */
    SUP_TASK_INFO = 1,  /* w0 = task index -> data = struct pl_task_status, w1 = 1 if held,
                         * w0 = ms until a held task's cool-down ends (0 if not held) */
    SUP_FAULT = 2,      /* w0 = task index: crash it on purpose (a demonstration) */
    SUP_RESTART = 3,    /* w0 = task index: restart it now (also ends a hold's cool-down) */
                        /* both: PL_EPERM for the idle task, which the kernel keeps ready */
    SUP_EP_INFO = 4,    /* w0 = endpoint -> data = struct pl_ep_status; PL_ENOENT past the end */
    SUP_FIND = 5,       /* data = task name -> w0 = task index; PL_ENOENT if unknown */
    SUP_OP_COUNT
};

/* Anyone who may send to the supervisor may ask; only a sender whose badge (fixed in the
 * system description, e.g. `senders = shell:0x101`) has this bit may SUP_FAULT or
 * SUP_RESTART: the others get PL_EPERM. */
#define SUP_BADGE_CONTROL 0x100u

#endif

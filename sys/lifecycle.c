/*
 * sys/lifecycle.c - what a task stopping, restarting or timing out means for everyone else.
 *
 * The top layer of the kernel (docs/architecture.md, "Layers"): it calls down into the task
 * object (kernel/task.c), the scheduler and the deadline list (kernel/), and the IPC objects
 * (ipc/), which never call back up here. A task that stops (fault, exit) or restarts leaves
 * its queues; clients waiting on its replies, senders queued on an endpoint left without a
 * live receiver, the pages it owns and the supervisor's `faults` bit are settled here.
 */
#include "console.h"
#include "ipc.h"
#include "klog.h"
#include "lifecycle.h"
#include "sched.h"
#include "sigcall.h"
#include <parley/signal.h>
#include "time.h"

void task_timeout(struct task *t)
{
    if (t->block == BLOCK_SLEEP) {
        task_unblock(t, PL_OK); /* reaching the deadline is what sleeping is for */
        return;
    }
    ep_cancel(t); /* leaves no trace in the endpoint */
    task_unblock(t, PL_ETIMEDOUT);
}

/* One tick has passed (time_tick): every task whose deadline has come is woken, in deadline
 * order. */
void task_tick_deadlines(void)
{
    time_tick();
    struct task *t;
    while ((t = time_take_expired()) != 0) {
        task_timeout(t);
    }
}

/* Take a task out of whatever queue holds it, before it stops or restarts. */
static void task_detach(struct task *t)
{
    if (t->state == PL_TASK_READY) {
        sched_remove(t);
    } else if (t->state == PL_TASK_BLOCKED) {
        ep_cancel(t);
    }
    task_end_wait(t);     /* no deadline left behind either */
    klog_task_stopped(t); /* the console driver stops: what it had not printed comes out now */
}

/* t has stopped for good (until a restart): its peers must not wait for it, and the tasks
 * that watch it ('watch' in the description) get PL_SIGCHLD. */
static void task_stopped(struct task *t)
{
    ep_task_died(t, t->rights.ep_recv);
    shm_task_died(t);
    ntfn_task_stopped(); /* tell the supervisor, if the description names one */
    for (uint32_t i = 0; i < sys_task_count; i++) {
        struct task *w = &sys_tasks[i];
        if ((w->desc->watch >> t->index & 1u) && task_is_alive(w)) {
            signal_send(w, PL_SIGCHLD); /* ignored unless caught: never ends w */
        }
    }
}

void task_fault(struct task *t, const struct pl_fault_record *rec)
{
    if (sched_is_idle(t)) { /* whatever the way: the scheduler needs it (sched.h) */
        panic("the idle task faulted (kind %lu, pc 0x%08lx)", (unsigned long)rec->kind,
              (unsigned long)rec->pc);
    }
    task_detach(t);
    t->state = PL_TASK_FAULTED;
    task_stopped(t);
    t->fault = *rec;
    t->faults++;
    t->last_change = (uint32_t)time_now();
    kprintf("[kernel] task %s (gen %lu) faulted: %s", t->desc->name, (unsigned long)t->generation,
            task_fault_name(rec->kind));
    if (rec->addr_valid) {
        kprintf(" at 0x%08lx", (unsigned long)rec->addr);
    }
    if (rec->pc == 0 && rec->lr == 0) {
        kprintf(", pc unknown (its frame could not be stacked or read)\r\n");
        return;
    }
    kprintf(", pc 0x%08lx, lr 0x%08lx\r\n", (unsigned long)rec->pc, (unsigned long)rec->lr);
}

void task_exit(struct task *t, int32_t code)
{
    task_detach(t);
    t->state = PL_TASK_EXITED;
    t->exit_code = code;
    task_stopped(t);
    t->last_change = (uint32_t)time_now();
}

void task_restart(struct task *t)
{
    uint32_t ep_recv = t->rights.ep_recv; /* granted receive rights end with this incarnation */
    task_detach(t);
    t->state = PL_TASK_EXITED; /* not alive while its old state is torn down */
    shm_task_died(t);
    t->generation++;
    t->restarts++;
    t->last_change = (uint32_t)time_now();
    task_start(t);
    ntfn_mirror_refresh(t); /* its .data was reloaded: the poll mirror says its bits again */
    /* Clients waiting on its replies see PL_EDEAD; queued senders wait for the new one unless
     * it lost the receive right they were waiting for (a grant). */
    ep_task_died(t, ep_recv);
}

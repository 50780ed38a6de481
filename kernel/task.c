/*
 * kernel/task.c - task lifecycle: start, block/unblock, fault, exit, restart.
 *
 * Every task comes from sys_task_descs[] (generated from the system description). Starting a
 * task lays out a fresh memory image in its own RAM region: zeroed, .data copied from flash,
 * stack at the bottom so an overflow leaves the region and faults. A restart does the same
 * with a new generation, so the new incarnation can be told from the old one.
 */
#include <string.h>

#include "console.h"
#include "ipc.h"
#include "klog.h"
#include "sched.h"
#include "task.h"
#include "time.h"

struct task *task_by_index(uint32_t index)
{
    return index < sys_task_count ? &sys_tasks[index] : 0;
}

#define STACK_FILL                                                                                 \
    0x57ac57acu /* unused stack, for the high-water mark (layering-ok: a pattern)                  \
                 */

static void task_load_image(struct task *t)
{
    const struct task_desc *d = t->desc;
    memset((void *)d->ram_base, 0, d->ram_size);
    for (uint32_t *w = (uint32_t *)d->ram_base; w < (uint32_t *)(d->ram_base + d->stack_size);
         w++) {
        *w = STACK_FILL;
    }
    memcpy((void *)d->data_start, (const void *)d->data_load, d->data_end - d->data_start);
    /* Its exception frame may only ever lie in this region (arch.h): checked at each entry. */
    arch_task_set_stack_area(&t->arch, d->ram_base, d->ram_size);
    /* The start routine receives its heap: from the end of .bss to the end of the region. */
    arch_task_init(&t->arch, d->entry, d->ram_base + d->stack_size, (uint32_t)d->bss_end,
                   (uint32_t)(d->ram_base + d->ram_size));
}

/* Rights and regions as the description gives them; grants and windows start empty. */
static void task_reset_rights(struct task *t)
{
    const struct task_desc *d = t->desc;
    t->rights = (struct task_rights){.ep_send = d->ep_send,
                                     .ep_recv = d->ep_recv,
                                     .ep_grant = d->ep_grant,
                                     .ntfn_signal = d->ntfn_signal};
    for (uint32_t e = 0; d->badges && e < IPC_MAX_ENDPOINTS; e++) {
        t->rights.badge[e] = d->badges[e];
    }
    t->region_count = d->region_count + d->windows;
    for (uint32_t i = 0; i < ARCH_MPU_SLOTS; i++) {
        t->regions[i] = i < d->region_count ? d->regions[i] : (struct mem_region){0, 0, 0};
    }
    if (t->region_count > ARCH_MPU_SLOTS ||
        arch_task_set_regions(&t->arch, t->regions, t->region_count) != 0) {
        panic("task '%s': its memory regions break the MPU rules (sysgen should have "
              "refused them)",
              d->name);
    }
}

/* t stops waiting: out of the timer list, no block kind, no deadline. */
static void end_wait(struct task *t)
{
    time_remove(t);
    t->block = BLOCK_NONE;
    t->deadline = TIME_NEVER;
    t->timed = 0;
}

void task_start(struct task *t)
{
    task_reset_rights(t);
    task_load_image(t);
    end_wait(t);
    t->exit_code = 0;
    sched_add(t);
}

void task_init_all(void)
{
    for (uint32_t i = 0; i < sys_task_count; i++) {
        struct task *t = &sys_tasks[i];
        const struct task_desc *d = &sys_task_descs[i];
        *t = (struct task){.index = i,
                           .generation = 1,
                           .priority = d->priority,
                           .ready_bit = task_ready_bit(d->priority),
                           .desc = d};
        t->ipc.call_id = i; /* call number 0: no call yet */
        list_init(&t->run_node);
        list_init(&t->time_node);
        list_init(&t->ipc.node);
        task_start(t);
    }
}

void task_block(struct task *t, enum block_kind why, uint64_t deadline)
{
    sched_remove(t);
    task_block_untimed(t, why);
    t->deadline = deadline;
    t->timed = deadline != TIME_NEVER;
    if (t->timed) {
        time_add(t);
    }
}

void task_wake(struct task *t)
{
    end_wait(t);
    sched_add(t);
}

void task_handoff(struct task *t)
{
    end_wait(t);
    sched_add_front(t);
}

void task_unblock(struct task *t, int32_t result)
{
    arch_frame_set_ret(arch_task_frame(&t->arch), 0, (uint32_t)result);
    task_wake(t);
}

void task_timeout(struct task *t)
{
    if (t->block == BLOCK_SLEEP) {
        task_unblock(t, PL_OK); /* reaching the deadline is what sleeping is for */
        return;
    }
    ep_cancel(t); /* leaves no trace in the endpoint */
    task_unblock(t, PL_ETIMEDOUT);
}

int task_is_alive(const struct task *t)
{
    return t->state == PL_TASK_READY || t->state == PL_TASK_BLOCKED;
}

/* Take a task out of whatever queue holds it, before it stops or restarts. */
static void task_detach(struct task *t)
{
    if (t->state == PL_TASK_READY) {
        sched_remove(t);
    } else if (t->state == PL_TASK_BLOCKED) {
        ep_cancel(t);
    }
    end_wait(t);          /* no deadline left behind either */
    klog_task_stopped(t); /* the console driver stops: what it had not printed comes out now */
}

/* t has stopped for good (until a restart): its peers must not wait for it. */
static void task_stopped(struct task *t)
{
    ep_task_died(t, t->rights.ep_recv);
    shm_task_died(t);
    ntfn_task_stopped(); /* tell the supervisor, if the description names one */
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
    kprintf(", pc 0x%08lx\r\n", (unsigned long)rec->pc);
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
    /* Clients waiting on its replies see PL_EDEAD; queued senders wait for the new one unless
     * it lost the receive right they were waiting for (a grant). */
    ep_task_died(t, ep_recv);
}

/* The deepest the stack has been since the task started: the stack grows down from its top,
 * so count the untouched fill words from the bottom. */
static uint32_t stack_used(const struct task *t)
{
    const uint32_t *w = (const uint32_t *)t->desc->ram_base;
    uint32_t words = t->desc->stack_size / 4u, free = 0;
    while (free < words && w[free] == STACK_FILL) {
        free++;
    }
    return t->desc->stack_size - free * 4u;
}

void task_status(const struct task *t, struct pl_task_status *out)
{
    *out = (struct pl_task_status){
        .id = task_id(t),
        .state = (uint32_t)t->state,
        .priority = t->priority,
        .restarts = t->restarts,
        .faults = t->faults,
        .exit_code = t->exit_code,
        .switches = t->switches,
        .last_change = t->last_change,
        .fault = t->fault,
        .stack_size = t->desc->stack_size,
        .stack_used = stack_used(t),
        .msgs_sent = t->msgs_sent,
        .msgs_received = t->msgs_received,
    };
    strncpy(out->name, t->desc->name, sizeof(out->name) - 1);
}

const char *task_fault_name(uint32_t kind)
{
    return pl_fault_name(kind);
}

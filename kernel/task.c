/*
 * kernel/task.c - the task object: start, block, wake, status.
 *
 * Every task comes from sys_task_descs[] (generated from the system description). Starting a
 * task lays out a fresh memory image in its own RAM region: zeroed, .data copied from flash,
 * stack at the bottom so an overflow leaves the region and faults. What stopping or restarting
 * a task means for its peers (IPC, pages, the supervisor) is the top layer's business:
 * sys/lifecycle.c, which calls down into this file and ipc/, never the other way.
 */
#include <string.h>

#include "console.h"
#include "klog.h"
#include "ksignal.h"
#include "sched.h"
#include "task.h"
#include "time.h"

struct task task_in_kernel = {.state = PL_TASK_EXITED, .index = 0xffu};

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
    for (uint32_t i = 0; i < ARCH_MPU_SLOTS; i++) {
        t->regions[i] = i < d->region_count ? d->regions[i] : (struct mem_region){0, 0, 0};
    }
    if (task_region_count(t) > ARCH_MPU_SLOTS ||
        arch_task_set_regions(&t->arch, t->regions, task_region_count(t)) != 0) {
        panic("task '%s': its memory regions break the MPU rules (sysgen should have "
              "refused them)",
              d->name);
    }
}

void task_end_wait(struct task *t)
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
    task_end_wait(t);
    sig_reset(t);                    /* no handler, nothing pending or blocked, no alarm */
    t->priority = t->desc->priority; /* a raise (pl_prio_set) ends with the life it was in */
    t->ready_bit = task_ready_bit(t->priority);
    t->exit_code = 0;
    sched_add(t);
}

void task_init_all(void)
{
    for (uint32_t i = 0; i < sys_task_count; i++) {
        struct task *t = &sys_tasks[i];
        const struct task_desc *d = &sys_task_descs[i];
        /* Slot 1 is the task's own RAM for its whole life, never a window: the fast paths
         * trust an in buffer they once found there (struct task, inbuf_kept). sysgen always
         * puts it so, and the description never changes: checked once, at boot. */
        if (d->region_count < 2 || d->regions[1].access != MEM_DATA) {
            panic("task '%s': its second region is not its RAM", d->name);
        }
        *t = (struct task){.index = i,
                           .generation = 1,
                           .priority = d->priority,
                           .ready_bit = task_ready_bit(d->priority),
                           .inbuf_kept = TASK_INBUF_NONE,
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
    task_end_wait(t);
    sched_add(t);
}

void task_handoff(struct task *t)
{
    task_end_wait(t);
    sched_add_front(t);
}

void task_unblock(struct task *t, int32_t result)
{
    arch_frame_set_ret(arch_task_frame(&t->arch), 0, (uint32_t)result);
    task_wake(t);
}

int task_is_alive(const struct task *t)
{
    return t->state == PL_TASK_READY || t->state == PL_TASK_BLOCKED;
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

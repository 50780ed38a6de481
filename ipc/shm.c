/*
 * ipc/shm.c - shared pages: zero-copy memory between tasks, under the kernel's control.
 *
 * The system description gives some tasks pages from a pool placed (sized and aligned for the
 * MPU) after the tasks' RAM, and gives tasks "windows": MPU slots kept free for pages. A page
 * is reachable by a task only while it is mapped in one of that task's windows; mapping needs
 * ownership or a grant from the owner (read-only or read-write). Revoking a grant unmaps the
 * page from the grantee at once, so its next access faults. When an owner stops, its grants
 * end; a task that stops loses its windows (its regions are reset on restart).
 *
 * A grant made with PL_SHM_KEEP outlives its owner: a grantee that has the page mapped when the
 * owner stops keeps that mapping ("holds" the page) until it unmaps it, maps something else over
 * it, or stops itself. While any grantee holds it, the owner's next life may not map, grant or
 * revoke the page (PL_EBUSY): the bytes the survivor still reads are not reused under it.
 * The moment a task starts to hold a page is told to it: word PL_NTFN_MIRROR_LOST of its poll
 * mirror changes, and a notification wait it is in ends with PL_EDEAD, so it learns of the
 * loss without asking anyone and no sleeper on the page needs a deadline.
 */
#include "console.h"
#include "ipc.h"
#include "sched.h"

struct page_grants {
    uint32_t read;  /* bit i: task i may map it read-only */
    uint32_t write; /* bit i: task i may map it read-write */
    uint32_t keep;  /* bit i: task i's mapping outlives the owner (PL_SHM_KEEP) */
    uint32_t held;  /* bit i: task i kept it when the owner last stopped (maybe since unmapped) */
};

static struct page_grants grants[IPC_MAX_PAGES];

/* Every page, in each way it can be mapped, is a region the arch can hold: checked once, before
 * any is committed to a window, so a map or a downgrade never meets a region the MPU refuses.
 * sysgen places pages by the board's rule; an arch with other rules stops the boot here. */
void shm_init_all(void)
{
    for (uint32_t p = 0; p < IPC_MAX_PAGES; p++) {
        grants[p] = (struct page_grants){0, 0, 0, 0};
    }
    for (uint32_t p = 0; p < sys_page_count; p++) {
        const struct page_desc *d = &sys_page_descs[p];
        struct mem_region rw = {d->base, d->size, MEM_DATA}, ro = {d->base, d->size, MEM_RODATA};
        if (d->size == 0 || !arch_region_ok(&rw) || !arch_region_ok(&ro)) {
            panic("shared page %lu (0x%08lx, %lu bytes): the MPU cannot hold it as a region "
                  "(sysgen should have refused it)",
                  (unsigned long)p, (unsigned long)d->base, (unsigned long)d->size);
        }
    }
}

/* Re-encode t's regions after a window changed; the running task's MPU changes at once. Every
 * region was checked (the task's own at its start, pages at boot): a refusal here would leave
 * the MPU out of step with t->regions (a revoked page still reachable), so it stops the
 * kernel. */
static void shm_update(struct task *t)
{
    if (arch_task_set_regions(&t->arch, t->regions, task_region_count(t)) != 0) {
        panic("task '%s': the MPU refused its regions after a shared-page change", t->desc->name);
    }
    if (t == sched_current()) {
        arch_mpu_load(&t->arch);
    }
}

/* Region i of t (a window: i >= t->desc->region_count) holds page p. */
static int window_holds(const struct task *t, uint32_t i, uint32_t p)
{
    return t->regions[i].size && t->regions[i].base == sys_page_descs[p].base;
}

/* Remove page p from every window of t. */
static void unmap_page(struct task *t, uint32_t p)
{
    int changed = 0;
    for (uint32_t i = t->desc->region_count; i < task_region_count(t); i++) {
        if (window_holds(t, i, p)) {
            t->regions[i] = (struct mem_region){0, 0, 0};
            changed = 1;
        }
    }
    if (changed) {
        shm_update(t);
    }
}

/* A grant lowered to read-only: a writable mapping the grantee holds becomes read-only now. */
static void downgrade_page(struct task *t, uint32_t p)
{
    int changed = 0;
    for (uint32_t i = t->desc->region_count; i < task_region_count(t); i++) {
        if (window_holds(t, i, p) && t->regions[i].access == MEM_DATA) {
            t->regions[i].access = MEM_RODATA;
            changed = 1;
        }
    }
    if (changed) {
        shm_update(t);
    }
}

static int owns(const struct task *t, uint32_t p)
{
    return p < sys_page_count && sys_page_descs[p].owner == t->index;
}

/* t has page p in one of its windows. */
static int has_mapped(const struct task *t, uint32_t p)
{
    for (uint32_t i = t->desc->region_count; i < task_region_count(t); i++) {
        if (window_holds(t, i, p)) {
            return 1;
        }
    }
    return 0;
}

/* Some grantee still holds p from its owner's past life. A holder that has since unmapped it (or
 * restarted, which empties its windows) lets go here: the mask is trimmed to the true holders. */
static int held(uint32_t p)
{
    for (uint32_t i = 0; i < sys_task_count; i++) {
        if ((grants[p].held >> i & 1u) && !has_mapped(&sys_tasks[i], p)) {
            grants[p].held &= ~(1u << i);
        }
    }
    return grants[p].held != 0;
}

sys_result sys_shm_grant(struct task *t, const struct arch_frame *f)
{
    uint32_t p = arch_frame_arg(f, 0), to = arch_frame_arg(f, 1), access = arch_frame_arg(f, 2);
    if (!owns(t, p)) {
        return sys_ret(PL_EPERM);
    }
    if (!task_by_index(to) || to == t->index) {
        return sys_ret(PL_ENOENT);
    }
    uint32_t kind = access & ~PL_SHM_KEEP;
    if (kind != PL_SHM_READ && kind != (PL_SHM_READ | PL_SHM_WRITE)) {
        return sys_ret(PL_EINVAL);
    }
    if (held(p)) {
        return sys_ret(PL_EBUSY);
    }
    grants[p].read |= 1u << to;
    grants[p].keep =
        (access & PL_SHM_KEEP) ? grants[p].keep | 1u << to : grants[p].keep & ~(1u << to);
    grants[p].write =
        (access & PL_SHM_WRITE) ? grants[p].write | 1u << to : grants[p].write & ~(1u << to);
    if (!(access & PL_SHM_WRITE)) {
        downgrade_page(task_by_index(to), p);
    }
    return sys_ret(PL_OK);
}

sys_result sys_shm_revoke(struct task *t, const struct arch_frame *f)
{
    uint32_t p = arch_frame_arg(f, 0), from = arch_frame_arg(f, 1);
    struct task *g = task_by_index(from);
    if (!owns(t, p)) {
        return sys_ret(PL_EPERM);
    }
    if (!g || g == t) {
        return sys_ret(PL_ENOENT);
    }
    if (held(p)) {
        return sys_ret(PL_EBUSY);
    }
    grants[p].read &= ~(1u << from);
    grants[p].write &= ~(1u << from);
    grants[p].keep &= ~(1u << from);
    unmap_page(g, p);
    return sys_ret(PL_OK);
}

sys_result sys_shm_map(struct task *t, const struct arch_frame *f)
{
    uint32_t p = arch_frame_arg(f, 0), w = arch_frame_arg(f, 1);
    uint32_t slot = t->desc->region_count + w;
    int owner = owns(t, p);
    if (p >= sys_page_count || (!owner && !(grants[p].read >> t->index & 1u))) {
        return sys_ret(PL_EPERM);
    }
    if (w >= t->desc->windows) {
        return sys_ret(PL_EINVAL);
    }
    if (owner && held(p)) {
        return sys_ret(PL_EBUSY);
    }
    int writable = owner || (grants[p].write >> t->index & 1u);
    /* A page is in at most one window of a task: mapping it again moves it. Two regions over
     * the same bytes are legal on PMSAv7 but fault on PMSAv8, and one rule for every MPU is
     * simpler to learn than two. */
    for (uint32_t i = t->desc->region_count; i < task_region_count(t); i++) {
        if (window_holds(t, i, p)) {
            t->regions[i] = (struct mem_region){0, 0, 0};
        }
    }
    t->regions[slot] = (struct mem_region){sys_page_descs[p].base, sys_page_descs[p].size,
                                           writable ? MEM_DATA : MEM_RODATA};
    shm_update(t);
    return sys_ret((int32_t)sys_page_descs[p].base);
}

sys_result sys_shm_unmap(struct task *t, const struct arch_frame *f)
{
    uint32_t w = arch_frame_arg(f, 0);
    if (w >= t->desc->windows) {
        return sys_ret(PL_EINVAL);
    }
    t->regions[t->desc->region_count + w] = (struct mem_region){0, 0, 0};
    shm_update(t);
    return sys_ret(PL_OK);
}

/* Grantee g (alive) has just started to hold a page of t, which stopped: its mirror's word
 * becomes t's task id (that life's: never 0, and never the same for two losses, since each
 * life of a task stops once, until t's generation wraps after 2^24 lives), and a notification wait
 * g is in ends with PL_EDEAD (its bits stay pending). The kernel keeps nothing for this and never
 * reads the mirror. */
static void lost(struct task *g, const struct task *t)
{
    ntfn_mirror_set_lost(g, PL_TASK_ID(t->index, t->generation));
    if (g->state == PL_TASK_BLOCKED && g->block == BLOCK_NTFN) {
        task_unblock(g, PL_EDEAD); /* its deadline goes too */
    }
}

/* t stopped (or is restarting). Pages it holds from a dead owner are let go; pages it owns
 * are unmapped from every grantee, except a grantee with PL_SHM_KEEP that has the page mapped
 * now: it holds the page (its mapping stays, the grant ends) and is told (lost()). t's own
 * windows are emptied when it starts again. */
void shm_task_died(struct task *t)
{
    for (uint32_t p = 0; p < sys_page_count; p++) {
        grants[p].held &= ~(1u << t->index);
        if (sys_page_descs[p].owner != t->index) {
            continue;
        }
        uint32_t held_now = grants[p].held;
        for (uint32_t i = 0; i < sys_task_count; i++) {
            if (!((grants[p].read >> i) & 1u)) {
                continue;
            }
            if ((grants[p].keep >> i & 1u) && task_is_alive(&sys_tasks[i]) &&
                has_mapped(&sys_tasks[i], p)) {
                held_now |= 1u << i;
                lost(&sys_tasks[i], t);
            } else {
                unmap_page(&sys_tasks[i], p);
            }
        }
        grants[p] = (struct page_grants){0, 0, 0, held_now};
    }
}

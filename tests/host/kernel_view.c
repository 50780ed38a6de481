/*
 * tests/host/kernel_view.c - snapshots of the fixture's kernel and their comparison
 * (see kernel_view.h).
 */
#include <stdio.h>
#include <string.h>

#include "fastpath.h"
#include "harness.h"
#include "host_arch.h"
#include "ksignal.h"
#include "syscall.h"
#include "kernel_view.h"
#include <parley/syscall.h>

kernel_fast_path_fn kernel_fast_path(uint32_t svc)
{
    switch (svc) {
    case PL_SYS_YIELD:
        return fastpath_yield;
    case PL_SYS_CALL:
        return fastpath_call;
    case PL_SYS_REPLY_RECV:
        return fastpath_reply_recv;
    case PL_SYS_NTFN_SIGNAL:
        return fastpath_signal;
    case PL_SYS_NTFN_WAIT:
        return fastpath_wait;
    case PL_SYS_IRQ_ACK:
        return fastpath_irq_ack;
    default:
        return 0;
    }
}

static int index_of(const struct task *t)
{
    return t ? (int)t->index : -1;
}

static int run_prev(const struct task *t)
{
    if (!fx_in_run_queue(t)) {
        return KV_NOT_QUEUED;
    }
    for (uint32_t i = 0; i < FX_TASKS; i++) {
        if (t->run_node.prev == &fx_task(i)->run_node) {
            return (int)i;
        }
    }
    return KV_FIRST;
}

static int waits_on(const struct task *t)
{
    if (t->state != PL_TASK_BLOCKED) {
        return -1;
    }
    if (t->block == BLOCK_SEND || t->block == BLOCK_RECV) {
        return (int)(t->ipc.ep - endpoints);
    }
    return t->block == BLOCK_REPLY ? index_of(t->ipc.server) : -1;
}

void kernel_view_take(struct kernel_view *v, const struct task *next)
{
    memset(v, 0, sizeof(*v));
    for (uint32_t i = 0; i < FX_TASKS; i++) {
        struct task *t = fx_task(i);
        struct task_view *tv = &v->task[i];
        *tv = (struct task_view){
            .state = t->state,
            .block = t->block,
            .deadline = t->deadline,
            .waits_on = waits_on(t),
            .is_call = t->block == BLOCK_SEND ? t->ipc.is_call : 0,
            .ntfn_mask = t->block == BLOCK_RECV || t->block == BLOCK_NTFN ? t->ipc.ntfn_mask : 0,
            .run_prev = run_prev(t),
            .timed = fx_in_timer_list(t),
            .sent = t->msgs_sent,
            .received = t->msgs_received,
            .switches = t->switches,
            .slice_left = t->slice_left,
            .ep_send = t->rights.ep_send,
            .ep_recv = t->rights.ep_recv,
            .ep_grant = t->rights.ep_grant,
            .ntfn_signal = t->rights.ntfn_signal,
            .generation = t->generation,
            .restarts = t->restarts,
            .faults = t->faults,
            .sig_pending = t->sig.pending,
            .sig_blocked = t->sig.blocked,
            .sig_caught = t->sig.caught,
            .sig_ignored = t->sig.ignored,
            .upcall = t->arch.upcall,
            .alarm = sig_alarm(t),
        };
        for (unsigned r = 0; r < 12; r++) {
            tv->reg[r] = fx_reg(t, r);
        }
        memcpy(v->ram[i], fx_ram[i], FX_RAM_SIZE);
    }
    for (uint32_t e = 0; e < FX_ENDPOINTS; e++) {
        fx_senders(e, v->senders[e], FX_TASKS + 1);
        fx_receivers(e, v->receivers[e], FX_TASKS + 1);
        v->messages[e] = endpoints[e].messages;
    }
    for (uint32_t n = 0; n < FX_NTFNS; n++) {
        v->pending[n] = ntfn_bits[n];
    }
    memcpy(v->irq_enabled, host_arch.irq_enabled, sizeof(v->irq_enabled));
    memcpy(v->irq_rearmed, host_arch.irq_rearmed, sizeof(v->irq_rearmed));
    v->current = index_of(sched_current());
    v->next = index_of(next);
}

/* who: a task index, or -1 when the field belongs to no task. */
static int differ(const char *file, int line, const char *what, const char *field, int who,
                  uintmax_t a, uintmax_t b)
{
    if (a == b) {
        return 0;
    }
    char name[32] = "";
    if (who >= 0) {
        snprintf(name, sizeof(name), "%s ", fx_task((enum fixture_task_index)who)->desc->name);
    }
    harness_fail(file, line, "%s: %s%s gives 0x%jx, the general path 0x%jx", what, name, field, a,
                 b);
    return 1;
}

int kernel_view_same(const char *file, int line, const char *what, const struct kernel_view *a,
                     const struct kernel_view *g)
{
#define DIFF(field, who, x, y)                                                                     \
    if (differ(file, line, what, field, who, x, y))                                                \
    return 0
    static const char *const regs[] = {"r0", "r1", "r2", "r3", "r4",  "r5",
                                       "r6", "r7", "r8", "r9", "r10", "r11"};
    static const char *const eps[] = {"endpoint 0", "endpoint 1", "endpoint 2", "endpoint 3",
                                      "endpoint 4"};
    _Static_assert(FX_ENDPOINTS == 5, "one name per endpoint");
    char field[64];
    DIFF("next task", -1, a->next, g->next);
    DIFF("current task", -1, a->current, g->current);
    for (int i = 0; i < FX_TASKS; i++) {
        const struct task_view *x = &a->task[i], *y = &g->task[i];
        DIFF("state", i, x->state, y->state);
        DIFF("block", i, x->block, y->block);
        DIFF("deadline", i, x->deadline, y->deadline);
        for (unsigned r = 0; r < 12; r++) {
            DIFF(regs[r], i, x->reg[r], y->reg[r]);
        }
        DIFF("waits on", i, x->waits_on, y->waits_on);
        DIFF("is_call", i, x->is_call, y->is_call);
        DIFF("ntfn_mask", i, x->ntfn_mask, y->ntfn_mask);
        DIFF("run queue position (task ahead)", i, x->run_prev, y->run_prev);
        DIFF("in timer list", i, x->timed, y->timed);
        DIFF("msgs_sent", i, x->sent, y->sent);
        DIFF("msgs_received", i, x->received, y->received);
        DIFF("switches", i, x->switches, y->switches);
        DIFF("slice_left", i, x->slice_left, y->slice_left);
        DIFF("send rights", i, x->ep_send, y->ep_send);
        DIFF("receive rights", i, x->ep_recv, y->ep_recv);
        DIFF("grant rights", i, x->ep_grant, y->ep_grant);
        DIFF("signal rights", i, x->ntfn_signal, y->ntfn_signal);
        DIFF("generation", i, x->generation, y->generation);
        DIFF("restarts", i, x->restarts, y->restarts);
        DIFF("faults", i, x->faults, y->faults);
        DIFF("pending signals", i, x->sig_pending, y->sig_pending);
        DIFF("blocked signals", i, x->sig_blocked, y->sig_blocked);
        DIFF("caught signals", i, x->sig_caught, y->sig_caught);
        DIFF("ignored signals", i, x->sig_ignored, y->sig_ignored);
        DIFF("signal upcall", i, x->upcall, y->upcall);
        DIFF("alarm", i, x->alarm, y->alarm);
        DIFF("memory", i, memcmp(a->ram[i], g->ram[i], FX_RAM_SIZE) != 0, 0);
    }
    for (int e = 0; e < FX_ENDPOINTS; e++) {
        snprintf(field, sizeof(field), "messages on %s", eps[e]);
        DIFF(field, -1, a->messages[e], g->messages[e]);
        for (int k = 0; k <= FX_TASKS; k++) {
            snprintf(field, sizeof(field), "%s sender queue entry %d", eps[e], k);
            DIFF(field, -1, a->senders[e][k], g->senders[e][k]);
            snprintf(field, sizeof(field), "%s receiver queue entry %d", eps[e], k);
            DIFF(field, -1, a->receivers[e][k], g->receivers[e][k]);
            if (a->senders[e][k] < 0 && a->receivers[e][k] < 0) {
                break;
            }
        }
    }
    for (int n = 0; n < FX_NTFNS; n++) {
        DIFF("pending notification bits", -1, a->pending[n], g->pending[n]);
    }
    for (unsigned q = 0; q < HOST_IRQ_COUNT; q++) {
        snprintf(field, sizeof(field), "interrupt %u unmasked", q);
        DIFF(field, -1, a->irq_enabled[q], g->irq_enabled[q]);
        snprintf(field, sizeof(field), "interrupt %u rearmed", q);
        DIFF(field, -1, a->irq_rearmed[q], g->irq_rearmed[q]);
    }
#undef DIFF
    return 1;
}

/*
 * tests/host/test_random_walk.c - long random runs of the whole kernel.
 *
 * The scenario tests check what the documents promise case by case; these runs look for what
 * nobody thought of. From a fresh boot, each run follows the kernel for STEPS events: the
 * running task makes a random system call (any call, numbers that are none, objects out of
 * range, flags in any mix, buffers it does not own, stale reply handles, grants, deadlines), or
 * a tick or a device interrupt arrives, or the running task faults. The supervisor among them
 * restarts and stops tasks at random, and while the idle task runs (everybody else waits) a
 * watchdog restarts one, so the runs stay busy. The idle task only idles, as it does on the
 * machine: it never makes a system call.
 *
 * After every event:
 *   - the kernel's own bookkeeping must hold (check_kernel: run queues, endpoint queues, the
 *     timer list, waits, notification bits, the scheduling rule); sanitizers watch every access;
 *   - in the second test, the run made with the fast paths on must leave the kernel exactly
 *     where the same run through the general path leaves it (kernel_view.h), event by event.
 * A failure names the seed, the event number and the last events, and the run stops there.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "harness.h"
#include "kernel_view.h"
#include "ksignal.h"
#include "syscall.h"
#include <parley/syscall.h>

#define SEEDS   300u
#define STEPS   500u
#define HISTORY 8u /* events shown with a failure */

/* ---- a small deterministic generator (xorshift64*) ---- */

static uint64_t rng;

static uint32_t rnd(void)
{
    rng ^= rng >> 12;
    rng ^= rng << 25;
    rng ^= rng >> 27;
    return (uint32_t)((rng * 0x2545f4914f6cdd1dull) >> 32);
}

static uint32_t below(uint32_t n)
{
    return rnd() % n;
}

static int chance(uint32_t percent)
{
    return below(100) < percent;
}

/* ---- what the running task passes ---- */

/* A buffer address: mostly one of its own, sometimes one it must not use. */
static uint32_t any_buffer(struct task *t, unsigned own)
{
    if (chance(80)) {
        return fx_buf((enum fixture_task_index)t->index, own);
    }
    switch (below(8)) {
    case 0:
        return 0;
    case 1:
        return fx_buf((enum fixture_task_index)below(FX_TASKS), own); /* maybe another's */
    case 2:
        return fx_addr(fx_rodata);
    case 3:
        return fx_addr(fx_device);
    case 4:
        return fx_addr(fx_page[below(FX_PAGES)]);
    case 5:
        return fx_addr(&endpoints[0]); /* the kernel's own memory */
    case 6:
        return fx_addr(&fx_ram[t->index][FX_RAM_SIZE - 3]); /* runs off the end of its RAM */
    default:
        return rnd();
    }
}

static uint32_t any_length(void)
{
    static const uint32_t odd[] = {1, 255, 256, 257, FX_BUF_SIZE, FX_BUF_SIZE + 1, 0xffffffffu};
    if (chance(45)) {
        return 0;
    }
    return chance(75) ? 1 + below(64) : odd[below(sizeof(odd) / sizeof(odd[0]))];
}

/* An object index with flags: usually one that exists, sometimes one past the end or noise. */
static uint32_t any_object(uint32_t count, uint32_t flags_allowed)
{
    uint32_t obj = chance(90) ? below(count) : chance(70) ? count + below(3) : rnd();
    if (obj <= PL_IPC_INDEX_MASK) {
        static const uint32_t flags[] = {PL_IPC_NONBLOCK, PL_IPC_TIMED, PL_IPC_NTFN, PL_IPC_GRANT,
                                         PL_IPC_ACK};
        for (unsigned i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
            if ((flags_allowed & flags[i]) && chance(15)) {
                obj |= flags[i];
            }
        }
        if (chance(2)) {
            obj |= 1u << (13 + below(19)); /* a flag that does not exist */
        }
    }
    return obj;
}

static uint32_t any_mask(void)
{
    static const uint32_t masks[] = {
        FX_IRQ_BIT, FX_IRQ_BIT_HI, FX_IRQ_BIT | FX_IRQ_BIT_HI, FX_KLOG_BIT, 0x3, 0xffffffffu, 0};
    return chance(80) ? masks[below(sizeof(masks) / sizeof(masks[0]))] : rnd();
}

/* A reply target: usually the handle of the task's last sender, as a server passes it. */
static uint32_t any_target(struct task *t)
{
    uint32_t k = below(100);
    if (k < 60) {
        return fx_reg(t, OUT_SENDER);
    }
    if (k < 75) {
        return 0;
    }
    if (k < 90) {
        return fx_id((enum fixture_task_index)below(FX_TASKS));
    }
    return rnd();
}

struct weighted {
    uint32_t svc;
    uint32_t weight;
};

static const struct weighted calls[] = {
    {PL_SYS_CALL, 14},      {PL_SYS_REPLY_RECV, 12}, {PL_SYS_RECV, 8},
    {PL_SYS_SEND, 8},       {PL_SYS_REPLY, 6},       {PL_SYS_NTFN_SIGNAL, 8},
    {PL_SYS_NTFN_WAIT, 8},  {PL_SYS_YIELD, 4},       {PL_SYS_SLEEP, 4},
    {PL_SYS_IRQ_ACK, 3},    {PL_SYS_SHM_GRANT, 3},   {PL_SYS_SHM_REVOKE, 2},
    {PL_SYS_SHM_MAP, 3},    {PL_SYS_SHM_UNMAP, 2},   {PL_SYS_TASK_RESTART, 4},
    {PL_SYS_TASK_FAULT, 1}, {PL_SYS_TASK_STATUS, 1}, {PL_SYS_EP_STATUS, 1},
    {PL_SYS_UPTIME, 1},     {PL_SYS_TASK_SELF, 1},   {PL_SYS_DEBUG_WRITE, 2},
    {PL_SYS_KLOG_READ, 2},  {PL_SYS_EXIT, 1},        {PL_SYS_SHUTDOWN, 1},
    {PL_SYS_SIG_KILL, 4},   {PL_SYS_SIG_ACTION, 4},  {PL_SYS_SIG_MASK, 2},
    {PL_SYS_SIG_RETURN, 1}, {PL_SYS_SIG_SUSPEND, 1}, {PL_SYS_ALARM, 1},
    {PL_SYS_PRIO_SET, 2},   {PL_SYS_ATOMIC, 3},      {PL_SYS_COUNT, 1}, /* no system call */
};

/* The notification t waits on, if it has one. */
static uint32_t own_ntfn(const struct task *t)
{
    for (uint32_t n = 0; n < FX_NTFNS; n++) {
        if (ntfn_waiter[n] == t) {
            return n;
        }
    }
    return IPC_NO_NTFN;
}

/* t has received a call whose client still waits for t's reply. */
static int holds_a_call(const struct task *t)
{
    for (uint32_t i = 0; i < FX_TASKS; i++) {
        const struct task *c = fx_task(i);
        if (c->state == PL_TASK_BLOCKED && c->block == BLOCK_REPLY && c->ipc.server == t) {
            return 1;
        }
    }
    return 0;
}

/* The call t makes next: like a program, it mostly answers what it holds and waits on its
 * notification when it has one; otherwise anything. */
static uint32_t any_call(struct task *t)
{
    if (holds_a_call(t) && chance(75)) {
        return chance(80) ? PL_SYS_REPLY_RECV : PL_SYS_REPLY;
    }
    if (own_ntfn(t) != IPC_NO_NTFN && chance(20)) {
        return PL_SYS_NTFN_WAIT;
    }
    if (t->rights.ntfn_signal && chance(10)) {
        return PL_SYS_NTFN_SIGNAL;
    }
    uint32_t total = 0;
    for (unsigned i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
        total += calls[i].weight;
    }
    uint32_t k = below(total);
    unsigned i = 0;
    while (k >= calls[i].weight) {
        k -= calls[i++].weight;
    }
    uint32_t svc = calls[i].svc;
    if (svc == PL_SYS_COUNT) {
        svc = PL_SYS_COUNT + below(300);
    }
    if (svc == PL_SYS_TASK_RESTART && t->index != FX_SUPER && chance(75)) {
        svc = PL_SYS_YIELD; /* mostly the supervisor's call */
    }
    if (svc == PL_SYS_SHUTDOWN && (t->desc->caps & CAP_SHUTDOWN)) {
        svc = PL_SYS_UPTIME; /* it would end the run */
    }
    return svc;
}

/* One of the objects whose bits are set in rights (any bit if none is). */
static uint32_t one_of(uint32_t rights, uint32_t count)
{
    uint32_t n = 0, pick;
    for (uint32_t i = 0; i < count; i++) {
        n += rights >> i & 1u;
    }
    if (n == 0) {
        return below(count);
    }
    pick = below(n);
    for (uint32_t i = 0; i < count; i++) {
        if ((rights >> i & 1u) && pick-- == 0) {
            return i;
        }
    }
    return 0;
}

/* Most calls are made as a correct program makes them: an object it holds a right to, no flag
 * but now and then a deadline, its own buffers with lengths that fit, the handle of its last
 * sender as the reply target. That keeps servers serving and clients calling, so the common
 * cases (the fast paths') come up often; the rest stay random. */
static void well_formed(struct task *t, uint32_t svc, struct fx_ipc *in)
{
    uint32_t timed = chance(10) ? PL_IPC_TIMED : 0;
    switch (svc) {
    case PL_SYS_SEND:
    case PL_SYS_CALL:
        in->obj = one_of(t->rights.ep_send, FX_ENDPOINTS) | timed;
        if (t->rights.ep_grant && chance(30)) { /* pass on a right it may grant */
            in->obj |= PL_IPC_GRANT;
            in->target = PL_GRANT(one_of(t->rights.ep_grant, FX_ENDPOINTS),
                                  chance(50) ? PL_RIGHT_SEND : PL_RIGHT_RECV);
        }
        break;
    case PL_SYS_RECV:
    case PL_SYS_REPLY_RECV:
        in->obj = one_of(t->rights.ep_recv, FX_ENDPOINTS) | timed;
        in->target = svc == PL_SYS_REPLY_RECV ? fx_reg(t, OUT_SENDER) : 0;
        break;
    case PL_SYS_REPLY:
        in->target = fx_reg(t, OUT_SENDER);
        break;
    case PL_SYS_NTFN_SIGNAL:
        in->obj = one_of(t->rights.ntfn_signal, FX_NTFNS);
        break;
    case PL_SYS_NTFN_WAIT:
        in->obj = (own_ntfn(t) == IPC_NO_NTFN ? below(FX_NTFNS) : own_ntfn(t)) | timed;
        in->label = in->label ? in->label : FX_IRQ_BIT;
        if (chance(20)) { /* a driver's acknowledgement and wait (pl_irq_ack_wait) */
            in->obj |= PL_IPC_ACK;
            in->w1 = chance(80) ? FX_IRQ_BIT : FX_IRQ_BIT_HI;
        }
        break;
    default:
        return;
    }
    in->out_len = chance(60) ? 0 : below(65);
    in->out = in->out_len ? fx_buf((enum fixture_task_index)t->index, 0) : 0;
    in->in_cap = chance(50) ? 0 : 64 + below(FX_BUF_SIZE - 63);
    in->in = in->in_cap ? fx_buf((enum fixture_task_index)t->index, 1) : 0;
}

/* A signal number: mostly one that exists. */
static uint32_t any_signal(void)
{
    static const uint32_t known[] = {PL_SIGINT,  PL_SIGKILL, PL_SIGPIPE, PL_SIGALRM,
                                     PL_SIGTERM, PL_SIGCHLD, PL_SIGUSR1, PL_SIGUSR2};
    return chance(50) ? PL_SIGUSR1 : chance(90) ? known[below(8)] : below(40);
}

/* The pl_sigframe of the last signal delivered to each task (its trampoline's r1). */
static uint32_t last_sigframe[FX_TASKS];

/* The registers of call svc made by t. */
static struct fx_ipc any_arguments(struct task *t, uint32_t svc)
{
    struct fx_ipc in = {.label = rnd(), .w0 = rnd(), .w1 = rnd()};
    uint32_t ep_flags = PL_IPC_NONBLOCK | PL_IPC_TIMED;
    switch (svc) {
    case PL_SYS_SEND:
    case PL_SYS_CALL:
        in.obj = any_object(FX_ENDPOINTS, ep_flags | PL_IPC_GRANT);
        in.target = chance(80) ? PL_GRANT(below(FX_ENDPOINTS + 1), 1 + below(7)) : rnd();
        break;
    case PL_SYS_RECV:
        in.obj = any_object(FX_ENDPOINTS, ep_flags | PL_IPC_NTFN);
        in.target = any_mask();
        break;
    case PL_SYS_REPLY:
        in.obj = any_object(FX_ENDPOINTS, 0);
        in.target = any_target(t);
        break;
    case PL_SYS_REPLY_RECV:
        in.obj = any_object(FX_ENDPOINTS, ep_flags | PL_IPC_NTFN);
        in.target = any_target(t);
        break;
    case PL_SYS_NTFN_SIGNAL:
        in.obj = any_object(FX_NTFNS, 0);
        in.label = any_mask();
        break;
    case PL_SYS_NTFN_WAIT:
        in.obj = any_object(FX_NTFNS, PL_IPC_NONBLOCK | PL_IPC_TIMED | PL_IPC_ACK);
        in.label = any_mask();
        in.w1 = chance(50) ? any_mask() : in.w1; /* r3: the bits PL_IPC_ACK acknowledges */
        break;
    case PL_SYS_IRQ_ACK:
        in.obj = below(FX_NTFNS + 1);
        in.label = any_mask();
        break;
    case PL_SYS_SHM_GRANT:
        in = (struct fx_ipc){
            .obj = below(FX_PAGES + 1), .label = below(FX_TASKS + 1), .w0 = below(8)};
        break;
    case PL_SYS_SHM_REVOKE:
        in = (struct fx_ipc){.obj = below(FX_PAGES + 1), .label = below(FX_TASKS + 1)};
        break;
    case PL_SYS_SHM_MAP:
        in = (struct fx_ipc){.obj = below(FX_PAGES + 1), .label = below(3)};
        break;
    case PL_SYS_SHM_UNMAP:
        in = (struct fx_ipc){.obj = below(3)};
        break;
    case PL_SYS_TASK_RESTART:
    case PL_SYS_TASK_FAULT:
        in = (struct fx_ipc){.obj = chance(95) ? below(FX_TASKS) : rnd()};
        break;
    case PL_SYS_TASK_STATUS:
    case PL_SYS_EP_STATUS:
        in = (struct fx_ipc){.obj = below(FX_TASKS + 1), .label = any_buffer(t, 2)};
        break;
    case PL_SYS_SLEEP:
        in = (struct fx_ipc){.obj = below(6)};
        break;
    case PL_SYS_DEBUG_WRITE:
    case PL_SYS_KLOG_READ:
        in = (struct fx_ipc){.obj = any_buffer(t, 2), .label = any_length()};
        break;
    case PL_SYS_SIG_KILL:
        in = (struct fx_ipc){.obj = chance(40) ? t->index : below(FX_TASKS + 1),
                             .label = any_signal()};
        break;
    case PL_SYS_SIG_ACTION: /* a trampoline in its code, mostly */
        in = (struct fx_ipc){.obj = any_signal(),
                             .label = chance(60) ? PL_SIG_CATCH : below(4),
                             .w0 = chance(90) ? fx_addr(fx_code[t->index]) + 1u : rnd()};
        break;
    case PL_SYS_SIG_MASK:
        in = (struct fx_ipc){.obj = below(4), .label = chance(50) ? 0 : rnd()};
        break;
    case PL_SYS_SIG_RETURN: /* the frame of its last signal, mostly */
        in = (struct fx_ipc){.obj = chance(80) ? last_sigframe[t->index] : rnd()};
        break;
    case PL_SYS_SIG_SUSPEND:
        in = (struct fx_ipc){.obj = rnd()};
        break;
    case PL_SYS_ALARM:
        in = (struct fx_ipc){.obj = below(6)};
        break;
    case PL_SYS_PRIO_SET: /* its own, its ceiling, anything */
        in = (struct fx_ipc){.obj = chance(50) ? t->desc->priority - below(2) : below(40)};
        break;
    case PL_SYS_ATOMIC: /* any operation (one past the last), on a word of some buffer */
        in = (struct fx_ipc){.obj = below(PL_ATOMIC_OPS + 1),
                             .label = any_buffer(t, 2) + (chance(90) ? 0u : below(4)),
                             .w0 = chance(50) ? 0u : rnd(),
                             .w1 = rnd()};
        break;
    default:
        in.obj = rnd();
        break;
    }
    if (chance(65)) {
        well_formed(t, svc, &in);
    } else if (svc >= PL_SYS_SEND && svc <= PL_SYS_REPLY_RECV) {
        in.out_len = any_length();
        in.out = in.out_len || chance(10) ? any_buffer(t, 0) : 0;
        in.in_cap = any_length();
        in.in = in.in_cap || chance(10) ? any_buffer(t, 1) : 0;
    }
    if (in.out_len && in.out == fx_buf((enum fixture_task_index)t->index, 0)) {
        fx_fill(in.out, (uint8_t)rnd(), in.out_len < FX_BUF_SIZE ? in.out_len : FX_BUF_SIZE);
    }
    if ((in.obj & PL_IPC_TIMED) && in.obj <= 0xffffu) {
        in.timeout = below(6);
    }
    return in;
}

/* ---- one event ---- */

enum path {
    FAST_FIRST, /* the fast paths as the kernel tries them */
    GENERAL,    /* the general path only */
};

static uint32_t fast_taken; /* system calls the fast paths completed, in FAST_FIRST runs */
static uint32_t granted;    /* events after which some task held a right by a grant */
static uint32_t bad_stacks; /* tasks faulted for a frame outside their RAM */
static uint32_t sig_frames; /* signal frames built (trampolines entered) */

/* The running task makes system call svc. On FAST_FIRST, each call alternates between
 * kernel_syscall() (the arch's way in) and the fast path function called by hand, then the
 * general handler if it declines: the latter counts how often the fast paths took a call. */
static struct task *make_call(enum path p, struct task *t, uint32_t svc, const struct fx_ipc *in,
                              int by_hand)
{
    fx_load(t, svc, in);
    if (!arch_task_frame_ok(&t->arch)) { /* the arch's entry check, before any call */
        return task_of(kernel_bad_frame(&t->arch));
    }
    if (p == GENERAL) {
        syscall_dispatch(t);
        return sched_next(t); /* as kernel_syscall() goes on */
    }
    kernel_fast_path_fn fast = kernel_fast_path(svc);
    if (!by_hand || !fast) {
        return task_of(kernel_syscall(&t->arch));
    }
    struct task *next = fast(t, arch_task_frame(&t->arch));
    if (next) {
        fast_taken++;
        return next;
    }
    return task_of(kernel_syscall_general(&t->arch, arch_task_frame(&t->arch), svc));
}

static const char *call_name(uint32_t svc)
{
    static const char *const names[PL_SYS_COUNT] = {
        [PL_SYS_YIELD] = "yield",
        [PL_SYS_SLEEP] = "sleep",
        [PL_SYS_UPTIME] = "uptime",
        [PL_SYS_DEBUG_WRITE] = "debug_write",
        [PL_SYS_TASK_SELF] = "task_self",
        [PL_SYS_EXIT] = "exit",
        [PL_SYS_TASK_STATUS] = "status",
        [PL_SYS_TASK_RESTART] = "restart",
        [PL_SYS_SHUTDOWN] = "shutdown",
        [PL_SYS_SEND] = "send",
        [PL_SYS_RECV] = "recv",
        [PL_SYS_CALL] = "call",
        [PL_SYS_REPLY] = "reply",
        [PL_SYS_REPLY_RECV] = "reply_recv",
        [PL_SYS_NTFN_SIGNAL] = "signal",
        [PL_SYS_NTFN_WAIT] = "wait",
        [PL_SYS_IRQ_ACK] = "irq_ack",
        [PL_SYS_SHM_GRANT] = "shm_grant",
        [PL_SYS_SHM_REVOKE] = "revoke",
        [PL_SYS_SHM_MAP] = "shm_map",
        [PL_SYS_SHM_UNMAP] = "shm_unmap",
        [PL_SYS_TASK_FAULT] = "task_fault",
        [PL_SYS_EP_STATUS] = "ep_status",
        [PL_SYS_KLOG_READ] = "klog_read",
        [PL_SYS_SIG_KILL] = "kill",
        [PL_SYS_SIG_ACTION] = "sigaction",
        [PL_SYS_SIG_MASK] = "sigmask",
        [PL_SYS_SIG_RETURN] = "sigreturn",
        [PL_SYS_SIG_SUSPEND] = "sigsuspend",
        [PL_SYS_ALARM] = "alarm",
        [PL_SYS_PRIO_SET] = "prio_set",
        [PL_SYS_ATOMIC] = "atomic",
    };
    return svc < PL_SYS_COUNT && names[svc] ? names[svc] : "(no such call)";
}

/* Somewhere a task might move its stack pointer before its next kernel entry, none of them
 * its own RAM: a shared page, its device, its code, another task's RAM, just past either end
 * of its own RAM (docs/architecture.md, "Threat model"). */
static uint32_t any_foreign_sp(const struct task *t)
{
    uint32_t base = fx_addr(fx_ram[t->index]);
    switch (below(7)) {
    case 0:
        return fx_addr(fx_page[below(FX_PAGES)]);
    case 1:
        return fx_addr(fx_device);
    case 2:
        return fx_addr(fx_code[t->index]);
    case 3:
        return fx_addr(fx_ram[(t->index + 1u + below(FX_TASKS - 1u)) % FX_TASKS]);
    case 4:
        return base - 4u * (1u + below(8));
    case 5:
        return base + FX_RAM_SIZE - 28u + 4u * below(8);
    default:
        return rnd() & ~3u;
    }
}

/* One event; its description goes to `what`. Returns the task the kernel runs next. */
static struct task *event(enum path p, char *what, size_t size)
{
    struct task *t = sched_current();
    uint32_t k = below(100);
    char moved[64] = "";
    if (t->index != FX_IDLE && chance(2)) { /* the next entry, whatever it is, must refuse it */
        uint32_t sp = any_foreign_sp(t);
        if (sp - fx_addr(fx_ram[t->index]) > FX_RAM_SIZE - 32u) {
            t->arch.sp = sp;
            bad_stacks++;
            snprintf(moved, sizeof(moved), " (its SP moved to %#x)", sp);
        }
    }
    if (t->arch.upcall) { /* the way out of its last kernel entry builds its signal frame */
        snprintf(what, size, "%s resumes with a signal due", t->desc->name);
        struct task *next = task_of(kernel_signal_resume(&t->arch));
        if (next == t) {
            last_sigframe[t->index] = fx_reg(t, 1);
            sig_frames++;
        }
        return next;
    }
    if (t->index == FX_IDLE && k >= 50) {
        /* Everybody waits: a watchdog outside the kernel's view restarts a task, as a
         * supervisor would, so that the run goes on. */
        struct task *r = fx_task((enum fixture_task_index)below(FX_IDLE));
        snprintf(what, size, "while idle: %s is restarted", r->desc->name);
        task_restart(r);
        return sched_switch();
    }
    if (t->index == FX_IDLE ? k < 30 : k < 10) {
        snprintf(what, size, "tick while %s runs%s", t->desc->name, moved);
        return fx_tick();
    }
    if (t->index == FX_IDLE || k < 16) {
        unsigned irq = below(FX_IRQS);
        snprintf(what, size, "interrupt %u while %s runs%s", irq, t->desc->name, moved);
        return fx_irq(irq);
    }
    if (k < 18 && (t->index != FX_SUPER || chance(20))) {
        struct pl_fault_record rec = {.kind = PL_FAULT_MEM_DATA, .addr = rnd(), .addr_valid = 1};
        snprintf(what, size, "%s faults%s", t->desc->name, moved);
        return task_of(kernel_task_fault(&t->arch, &rec));
    }
    uint32_t svc = any_call(t);
    struct fx_ipc in = any_arguments(t, svc);
    int by_hand = (int)below(2);
    snprintf(what, size, "%s: %s(r0=%#x r1=%#x out=%#x/%u in=%#x/%u r8=%#x r9=%u)%s", t->desc->name,
             call_name(svc), in.obj, in.label, in.out, in.out_len, in.in, in.in_cap, in.target,
             in.timeout, moved);
    return make_call(p, t, svc, &in, by_hand);
}

/* ---- the kernel's bookkeeping ---- */

static char why[256];

#define BROKEN(...) (snprintf(why, sizeof(why), __VA_ARGS__), 0)

/* The list t's node is linked in, as the node that is no task's: its head. */
static const struct list_node *head_of(const struct list_node *n, size_t node_offset)
{
    for (unsigned hops = 0; hops <= FX_TASKS; hops++, n = n->next) {
        int is_task = 0;
        for (uint32_t i = 0; i < FX_TASKS; i++) {
            is_task |= n == (const struct list_node *)((const char *)fx_task(i) + node_offset);
        }
        if (!is_task) {
            return n;
        }
    }
    return 0; /* a ring of tasks only: broken */
}

static int queue_ok(const struct list_node *q, uint32_t e, enum block_kind kind, const char *name)
{
    unsigned n = 0;
    uint32_t last_priority = 0;
    for (const struct list_node *p = q->next; p != q; p = p->next) {
        const struct task *t = container_of(p, struct task, ipc.node);
        if (++n > FX_TASKS || p->next->prev != p) {
            return BROKEN("endpoint %u: its %s queue is not a proper list", e, name);
        }
        if (t->state != PL_TASK_BLOCKED || t->block != kind || t->ipc.ep != &endpoints[e]) {
            return BROKEN("endpoint %u: %s is in its %s queue but waits for something else", e,
                          t->desc->name, name);
        }
        if (t->priority < last_priority) {
            return BROKEN("endpoint %u: %s queue out of priority order at %s", e, name,
                          t->desc->name);
        }
        last_priority = t->priority;
    }
    return 1;
}

static int task_ok(const struct task *t, const struct task *cur)
{
    const char *name = t->desc->name;
    if (t->arch.upcall != (sig_due(t) != 0)) {
        return BROKEN("%s: upcall flag %u, signals due %#x", name, t->arch.upcall, sig_due(t));
    }
    if ((t->sig.blocked | t->sig.caught | t->sig.ignored) & PL_SIG_BIT(PL_SIGKILL)) {
        return BROKEN("%s: SIGKILL blocked, caught or ignored", name);
    }
    int queued = fx_in_run_queue(t), timed = fx_in_timer_list(t);
    if (task_is_alive(t) && t != cur && !arch_task_frame_ok(&t->arch)) {
        return BROKEN("%s: kept by the kernel with its frame outside its RAM (sp %#x)", name,
                      t->arch.sp);
    }
    if (t->ready_bit != task_ready_bit(t->priority)) {
        return BROKEN("%s: ready_bit does not match its priority", name);
    }
    if (queued && (t->state != PL_TASK_READY || t == cur)) {
        return BROKEN("%s: in a run queue while %s", name, t == cur ? "running" : "not ready");
    }
    if (t->state == PL_TASK_READY && t != cur && !queued) {
        return BROKEN("%s: ready but in no run queue", name);
    }
    if (queued) {
        const struct list_node *h = head_of(&t->run_node, offsetof(struct task, run_node));
        if (!h) {
            return BROKEN("%s: its run queue has no head", name);
        }
        for (const struct list_node *p = h->next; p != h; p = p->next) {
            if (container_of(p, struct task, run_node)->priority != t->priority) {
                return BROKEN("%s: shares a run queue with a task of another priority", name);
            }
        }
    }
    if (timed != (t->state == PL_TASK_BLOCKED && t->deadline != TIME_NEVER) || t->timed != timed) {
        return BROKEN("%s: in the timer list %d, timed flag %u, state %u, deadline %llu", name,
                      timed, t->timed, t->state, (unsigned long long)t->deadline);
    }
    if (timed && t->deadline < time_now()) { /* r9 = 0 sets a deadline of now: the next tick */
        return BROKEN("%s: its deadline has passed but it still waits", name);
    }
    int in_ep = t->ipc.node.next != &t->ipc.node;
    int should_be_in_ep =
        t->state == PL_TASK_BLOCKED && (t->block == BLOCK_SEND || t->block == BLOCK_RECV);
    if (in_ep != should_be_in_ep) {
        return BROKEN("%s: in an endpoint queue %d, but state %u block %u", name, in_ep, t->state,
                      t->block);
    }
    if (t->state != PL_TASK_BLOCKED) {
        return t->state <= PL_TASK_EXITED ? 1 : BROKEN("%s: state %u", name, t->state);
    }
    uint32_t n = own_ntfn(t);
    switch (t->block) {
    case BLOCK_SLEEP:
        return t->deadline != TIME_NEVER ? 1 : BROKEN("%s: sleeps for ever", name);
    case BLOCK_REPLY:
        if (!t->ipc.server || !task_is_alive(t->ipc.server)) {
            return BROKEN("%s: waits for the reply of a server that is gone", name);
        }
        return 1;
    case BLOCK_NTFN:
        if (n == IPC_NO_NTFN || t->ipc.ntfn_mask == 0) {
            return BROKEN("%s: waits on a notification it cannot get", name);
        }
        __attribute__((fallthrough)); /* its mask must have no pending bit either */
    case BLOCK_RECV:
        if (t->ipc.ntfn_mask && n != IPC_NO_NTFN && (ntfn_bits[n] & t->ipc.ntfn_mask)) {
            return BROKEN("%s: waits although bits %#x of its notification are pending", name,
                          ntfn_bits[n] & t->ipc.ntfn_mask);
        }
        return 1;
    case BLOCK_SEND:
        return 1;
    case BLOCK_SIGNAL: /* a signal due would have ended its wait */
        return !sig_due(t) && sig_suspended(t)
                   ? 1
                   : BROKEN("%s: in sigsuspend, %#x due", name, sig_due(t));
    default:
        return BROKEN("%s: blocked for no reason (block %u)", name, t->block);
    }
}

/* Messages only go uphill (docs/ipc.md, "Priorities"), with the rights tasks hold now: the
 * description's, plus every grant made since. */
static int rights_ok(void)
{
    for (uint32_t e = 0; e < FX_ENDPOINTS; e++) {
        for (uint32_t i = 0; i < FX_TASKS; i++) {
            const struct task *s = fx_task(i);
            for (uint32_t j = 0; (s->rights.ep_send >> e & 1u) && j < FX_TASKS; j++) {
                const struct task *r = fx_task(j);
                if ((r->rights.ep_recv >> e & 1u) && s->priority < r->priority) {
                    return BROKEN("endpoint %u: %s (priority %u) may send to %s (priority %u)", e,
                                  s->desc->name, s->priority, r->desc->name, r->priority);
                }
            }
        }
    }
    return 1;
}

/* 1 if everything holds; otherwise 0 with the reason in `why`. */
static int check_kernel(const struct task *next)
{
    const struct task *cur = sched_current();
    if (!cur || cur != next) {
        return BROKEN("the task chosen to run is not the running task");
    }
    if (cur->state != PL_TASK_READY) {
        return BROKEN("%s runs while not ready (state %u)", cur->desc->name, cur->state);
    }
    uint32_t best = SCHED_LEVELS;
    for (uint32_t i = 0; i < FX_TASKS; i++) {
        const struct task *t = fx_task(i);
        if (!task_ok(t, cur)) {
            return 0;
        }
        if (fx_in_run_queue(t) && t->priority < best) {
            best = t->priority;
        }
    }
    for (uint32_t n = 0; n < FX_NTFNS; n++) { /* a poll without a trap sees what a trap would */
        const struct task_desc *d = &sys_task_descs[sys_ntfn_descs[n].waiter];
        const uint32_t *m = (const uint32_t *)d->ntfn_mirror;
        if (m && (m[0] != n || m[1] != ntfn_bits[n])) {
            return BROKEN("%s's poll mirror says notification %u bits 0x%x, the kernel %u 0x%x",
                          d->name, m[0], m[1], n, ntfn_bits[n]);
        }
    }
    if (sched_best_queued() != best) {
        return BROKEN("the ready bitmap says level %u, the queues %u", sched_best_queued(), best);
    }
    if (cur->priority > best) {
        return BROKEN("%s runs while a more urgent task is ready", cur->desc->name);
    }
    for (uint32_t e = 0; e < FX_ENDPOINTS; e++) {
        const struct endpoint *ep = &endpoints[e];
        if (!queue_ok(&ep->senders, e, BLOCK_SEND, "sender") ||
            !queue_ok(&ep->receivers, e, BLOCK_RECV, "receiver")) {
            return 0;
        }
        if (!list_empty(&ep->senders) && !list_empty(&ep->receivers)) {
            return BROKEN("endpoint %u: senders and receivers both wait", e);
        }
    }
    return rights_ok();
}

/* ---- runs ---- */

static struct kernel_view *trace; /* the FAST_FIRST run's views, for the GENERAL run */
static struct kernel_view now_view;

static void show_history(char history[HISTORY][256], unsigned step)
{
    unsigned first = step + 1 > HISTORY ? step + 1 - HISTORY : 0;
    for (unsigned s = first; s <= step; s++) {
        fprintf(stderr, "    event %u: %s\n", s, history[s % HISTORY]);
    }
}

/* One run from a fresh boot; 1 if it went through. With compare, each event's view must equal
 * the one the FAST_FIRST run stored in trace. */
static int run(enum path p, uint64_t seed, int compare)
{
    static char history[HISTORY][256];
    fixture_reset();
    memset(last_sigframe, 0, sizeof(last_sigframe));
    rng = seed * 0x9e3779b97f4a7c15ull + 1;
    for (unsigned s = 0; s < STEPS; s++) {
        if (getenv("WALK_VERBOSE")) { /* shows the way to a crash, which stops the report */
            fprintf(stderr, "seed %llu event %u (%s path):\n", (unsigned long long)seed, s,
                    p == GENERAL ? "general" : "fast");
        }
        struct task *next = event(p, history[s % HISTORY], sizeof(history[0]));
        if (getenv("WALK_VERBOSE")) {
            fprintf(stderr, "    %s\n", history[s % HISTORY]);
        }
        if (!check_kernel(next)) {
            harness_fail(__FILE__, __LINE__, "seed %llu, %s path, event %u: %s",
                         (unsigned long long)seed, p == GENERAL ? "general" : "fast", s, why);
            show_history(history, s);
            return 0;
        }
        for (uint32_t i = 0; i < FX_TASKS; i++) {
            const struct task *t = fx_task(i);
            if (t->rights.ep_send != t->desc->ep_send || t->rights.ep_recv != t->desc->ep_recv) {
                granted++;
                break;
            }
        }
        struct kernel_view *v = compare ? &now_view : &trace[s];
        kernel_view_take(v, next);
        if (compare && !kernel_view_same(__FILE__, __LINE__, "the fast paths", &trace[s], v)) {
            fprintf(stderr, "    (seed %llu, event %u)\n", (unsigned long long)seed, s);
            show_history(history, s);
            return 0;
        }
    }
    return 1;
}

/* A new system call must join the walk: a number below PL_SYS_COUNT missing from calls[] is
 * never made at random, and one without a name in call_name() leaves a failing history
 * unreadable. docs/recipes.md, "Add a system call", lists this table. */
TEST(every_system_call_is_in_the_walk_and_has_a_name)
{
    for (uint32_t nr = 0; nr < PL_SYS_COUNT; nr++) {
        int found = 0;
        for (unsigned i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
            found |= calls[i].svc == nr && calls[i].weight > 0;
        }
        if (!found) {
            harness_fail(__FILE__, __LINE__, "system call %u is not in calls[] (weight > 0)", nr);
        }
        if (strcmp(call_name(nr), "(no such call)") == 0) {
            harness_fail(__FILE__, __LINE__, "system call %u has no name in call_name()", nr);
        }
    }
}

TEST(random_runs_keep_the_kernel_consistent_on_either_path)
{
    trace = calloc(STEPS, sizeof(*trace));
    granted = 0;
    bad_stacks = 0;
    sig_frames = 0;
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        if (!run(FAST_FIRST, seed, 0) || !run(GENERAL, seed, 0)) {
            break;
        }
    }
    /* Grants happen, or rights_ok() checks only the description. */
    CHECK(granted > SEEDS * STEPS / 100);
    printf("  (%u events with a granted right in force)\n", granted);
    /* Tasks move their SP out of their RAM, or the check after every event proves nothing. */
    CHECK(bad_stacks > SEEDS);
    printf("  (%u kernel entries with the SP outside the task's RAM)\n", bad_stacks);
    /* Signals are caught and delivered, or the upcall check above proves nothing. */
    CHECK(sig_frames > SEEDS / 10);
    printf("  (%u signal frames built)\n", sig_frames);
    free(trace);
}

TEST(random_runs_with_the_fast_paths_match_the_general_path_event_by_event)
{
    trace = calloc(STEPS, sizeof(*trace));
    fast_taken = 0;
    for (uint64_t seed = 1; seed <= SEEDS; seed++) {
        if (!run(FAST_FIRST, seed, 0) || !run(GENERAL, seed, 1)) {
            break;
        }
    }
    /* The runs must exercise the fast paths, or this test proves nothing. */
    CHECK(fast_taken > SEEDS * 5);
    printf("  (%u system calls completed by a fast path)\n", fast_taken);
    free(trace);
}

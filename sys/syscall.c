/*
 * sys/syscall.c - the system call table, the wrapper that applies a handler's result, and the
 * handlers of the kernel core.
 *
 * Decode, then act, then say: a handler checks every argument (numbers -> error codes,
 * pointers -> uaccess) before it changes any state, and returns what becomes of its caller
 * (kernel/sysret.h). syscall_apply() below is the one place that writes a call's result
 * registers or stops the caller for misuse. A handler that blocks the caller returns
 * sys_no_result(): whoever wakes the caller writes its r0.
 */
#include <string.h>

#include "console.h"
#include "ipc.h"
#include "klog.h"
#include "kserver.h"
#include "lifecycle.h"
#include "sched.h"
#include "sigcall.h"
#include "syscall.h"
#include "time.h"
#include "uaccess.h"
#include <parley/error.h>
#include <parley/syscall.h>

#define DEBUG_WRITE_MAX 256u

/* The second result word of the one call that has two (uptime's high word), kept here while
 * the result travels to syscall_apply(): kernel entries never nest. */
static uint32_t second_word;

sys_result sys_ret2(uint32_t lo, uint32_t hi)
{
    second_word = hi;
    return (uint64_t)SYS_RETURN2 << 32 | lo;
}

void syscall_fault(struct task *t, struct arch_frame *f, uint32_t kind, uint32_t addr)
{
    struct pl_fault_record rec = {
        .kind = kind,
        .addr = addr,
        .addr_valid = kind == PL_FAULT_BAD_POINTER,
        .pc = arch_frame_pc(f) - 2u, /* the SVC instruction itself */
        .lr = arch_frame_lr(f),      /* the stub's caller: the line that passed the argument */
    };
    task_fault(t, &rec);
}

static sys_result sys_yield(struct task *t, const struct arch_frame *f)
{
    (void)f;
    sched_yield(t);
    return sys_ret(PL_OK);
}

static sys_result sys_sleep(struct task *t, const struct arch_frame *f)
{
    uint32_t ticks = arch_frame_arg(f, 0);
    if (ticks == 0) {
        sched_yield(t);
        return sys_ret(PL_OK);
    }
    task_block(t, BLOCK_SLEEP, time_now() + ticks);
    return sys_no_result(); /* its deadline wakes it with PL_OK */
}

/* The caller runs at priority p from now on: anything from its `ceiling` (desc->raise levels
 * above its own) down to its own priority. A task that lowers itself below a queued task
 * gives the CPU up at once (sched_switch puts it first of its new level). */
static sys_result sys_prio_set(struct task *t, const struct arch_frame *f)
{
    uint32_t p = arch_frame_arg(f, 0), own = t->desc->priority, old = t->priority;
    if (p >= SCHED_LEVELS) {
        return sys_ret(PL_EINVAL);
    }
    if (p > own || p + t->desc->raise < own) {
        return sys_ret(PL_EPERM);
    }
    t->priority = p;
    t->ready_bit = task_ready_bit(p);
    return sys_ret((int32_t)old);
}

static sys_result sys_uptime(struct task *t, const struct arch_frame *f)
{
    (void)t;
    (void)f;
    uint64_t now = time_now();
    return sys_ret2((uint32_t)now, (uint32_t)(now >> 32));
}

static sys_result sys_debug_write(struct task *t, const struct arch_frame *f)
{
    uintptr_t buf = arch_frame_arg(f, 0);
    uint32_t len = arch_frame_arg(f, 1);
    if (len > DEBUG_WRITE_MAX) {
        return sys_ret(PL_EINVAL);
    }
    if (!uaccess_ok(t, buf, len, UACCESS_READ)) {
        return sys_fault(PL_FAULT_BAD_POINTER, (uint32_t)buf);
    }
    int err = klog_task_write((const char *)buf, len);
    return sys_ret(err == PL_OK ? (int32_t)len : err);
}

/* The drainer of the kernel's log (kernel/klog.c) takes what is there. */
static sys_result sys_klog_read(struct task *t, const struct arch_frame *f)
{
    uintptr_t buf = arch_frame_arg(f, 0);
    uint32_t cap = arch_frame_arg(f, 1);
    if (!klog_is_drainer(t)) {
        return sys_ret(PL_EPERM);
    }
    if (!uaccess_ok(t, buf, cap, UACCESS_WRITE)) {
        return sys_fault(PL_FAULT_BAD_POINTER, (uint32_t)buf);
    }
    return sys_ret((int32_t)klog_read((char *)buf, cap));
}

static sys_result sys_task_self(struct task *t, const struct arch_frame *f)
{
    (void)f;
    return sys_ret((int32_t)task_id(t));
}

static sys_result sys_exit(struct task *t, const struct arch_frame *f)
{
    task_exit(t, (int32_t)arch_frame_arg(f, 0));
    return sys_no_result();
}

_Static_assert(sizeof(struct pl_task_status) == 88, "docs/syscalls.md gives its size (call 6)");

static sys_result sys_task_status(struct task *t, const struct arch_frame *f)
{
    struct task *target = task_by_index(arch_frame_arg(f, 0));
    uintptr_t out = arch_frame_arg(f, 1);
    sys_result refused = uaccess_status_out(t, out, sizeof(struct pl_task_status));
    if (refused) {
        return refused;
    }
    if (!target) {
        return sys_ret(PL_ENOENT);
    }
    struct pl_task_status st;
    task_status(target, &st);
    memcpy((void *)out, &st, sizeof(st)); /* out may be unaligned: STRD/STM there would fault */
    return sys_ret(PL_OK);
}

/* The other task a supervisor's lifecycle call names (r0): not itself, and it must exist.
 * PL_OK with *target set, or the error. */
static int32_t lifecycle_target(struct task *t, const struct arch_frame *f, struct task **target)
{
    *target = task_by_index(arch_frame_arg(f, 0));
    if (!(t->desc->caps & CAP_SUPERVISOR)) {
        return PL_EPERM;
    }
    if (!*target) {
        return PL_ENOENT;
    }
    if (*target == t) {
        return PL_EINVAL; /* a supervisor cannot pull the floor from under itself */
    }
    if (sched_is_idle(*target)) {
        return PL_EPERM; /* the kernel's own: with it stopped, nothing would be left to run */
    }
    return PL_OK;
}

static sys_result sys_task_restart(struct task *t, const struct arch_frame *f)
{
    struct task *target;
    int32_t err = lifecycle_target(t, f, &target);
    if (err) {
        return sys_ret(err);
    }
    task_restart(target);
    return sys_ret((int32_t)task_id(target));
}

static sys_result sys_task_fault(struct task *t, const struct arch_frame *f)
{
    struct task *target;
    int32_t err = lifecycle_target(t, f, &target);
    if (err) {
        return sys_ret(err);
    }
    if (!task_is_alive(target)) {
        return sys_ret(PL_EINVAL); /* only a running or blocked task can be stopped */
    }
    const struct arch_frame *tf = arch_task_frame(&target->arch);
    struct pl_fault_record rec = {
        .kind = PL_FAULT_INJECTED, .pc = arch_frame_pc(tf), .lr = arch_frame_lr(tf)};
    task_fault(target, &rec);
    return sys_ret(PL_OK);
}

static sys_result sys_shutdown(struct task *t, const struct arch_frame *f)
{
    int32_t code = (int32_t)arch_frame_arg(f, 0);
    if (!(t->desc->caps & CAP_SHUTDOWN)) {
        return sys_ret(PL_EPERM);
    }
    klog_polled(); /* what the console driver has not printed yet, then the last line */
    kprintf("[kernel] shutdown requested by %s, status %ld\r\n", t->desc->name, (long)code);
    arch_halt(code);
}

/* send and call: to a server in the kernel (MODE=mono) the kernel runs its handler itself;
 * anything else is ipc/'s. In MODE=micro kserver_serves() is 0 and folds away. */
static sys_result sys_send_routed(struct task *t, const struct arch_frame *f)
{
    return kserver_serves(ipc_reg(t, IN_OBJ) & PL_IPC_INDEX_MASK) ? kserver_call(t, KSERVER_SEND)
                                                                  : sys_send(t, f);
}

static sys_result sys_call_routed(struct task *t, const struct arch_frame *f)
{
    return kserver_serves(ipc_reg(t, IN_OBJ) & PL_IPC_INDEX_MASK) ? kserver_call(t, KSERVER_CALL)
                                                                  : sys_call(t, f);
}

/* One read-modify-write of a word the caller may write, in one kernel entry: entries never
 * nest, so no other task runs between the read and the write (parley/syscall.h). The old value
 * comes back in r1 whatever the operation. */
static sys_result sys_atomic(struct task *t, const struct arch_frame *f)
{
    uint32_t op = arch_frame_arg(f, 0), addr = arch_frame_arg(f, 1);
    uint32_t a = arch_frame_arg(f, 2), b = arch_frame_arg(f, 3);
    if (op >= PL_ATOMIC_OPS) {
        return sys_ret(PL_EINVAL);
    }
    if ((addr & 3u) != 0 || !uaccess_ok(t, addr, 4u, UACCESS_WRITE)) {
        return sys_fault(PL_FAULT_BAD_POINTER, addr);
    }
    volatile uint32_t *word = (volatile uint32_t *)(uintptr_t)addr;
    uint32_t old = *word;
    switch (op) {
    case PL_ATOMIC_CAS:
        if (old == a) {
            *word = b;
        }
        break;
    case PL_ATOMIC_ADD:
        *word = old + a;
        break;
    case PL_ATOMIC_AND:
        *word = old & a;
        break;
    case PL_ATOMIC_OR:
        *word = old | a;
        break;
    case PL_ATOMIC_XOR:
        *word = old ^ a;
        break;
    default: /* PL_ATOMIC_XCHG */
        *word = a;
        break;
    }
    return sys_ret2(PL_OK, old);
}

typedef sys_result (*syscall_fn)(struct task *t, const struct arch_frame *f);

/* Every number below PL_SYS_COUNT has its handler (host test every_call_number_has_a_handler),
 * so only the range is checked. */
static const syscall_fn syscall_table[PL_SYS_COUNT] = {
    [PL_SYS_YIELD] = sys_yield,
    [PL_SYS_SLEEP] = sys_sleep,
    [PL_SYS_UPTIME] = sys_uptime,
    [PL_SYS_PRIO_SET] = sys_prio_set,
    [PL_SYS_ATOMIC] = sys_atomic,
    [PL_SYS_DEBUG_WRITE] = sys_debug_write,
    [PL_SYS_TASK_SELF] = sys_task_self,
    [PL_SYS_EXIT] = sys_exit,
    [PL_SYS_TASK_STATUS] = sys_task_status,
    [PL_SYS_TASK_RESTART] = sys_task_restart,
    [PL_SYS_SHUTDOWN] = sys_shutdown,
    [PL_SYS_SEND] = sys_send_routed,
    [PL_SYS_RECV] = sys_recv,
    [PL_SYS_CALL] = sys_call_routed,
    [PL_SYS_REPLY] = sys_reply,
    [PL_SYS_REPLY_RECV] = sys_reply_recv,
    [PL_SYS_NTFN_SIGNAL] = sys_ntfn_signal,
    [PL_SYS_NTFN_WAIT] = sys_ntfn_wait,
    [PL_SYS_IRQ_ACK] = sys_irq_ack,
    [PL_SYS_SHM_GRANT] = sys_shm_grant,
    [PL_SYS_SHM_REVOKE] = sys_shm_revoke,
    [PL_SYS_SHM_MAP] = sys_shm_map,
    [PL_SYS_SHM_UNMAP] = sys_shm_unmap,
    [PL_SYS_TASK_FAULT] = sys_task_fault,
    [PL_SYS_EP_STATUS] = sys_ep_status,
    [PL_SYS_KLOG_READ] = sys_klog_read,
    [PL_SYS_SIG_KILL] = sys_sig_kill,
    [PL_SYS_SIG_ACTION] = sys_sig_action,
    [PL_SYS_SIG_MASK] = sys_sig_mask,
    [PL_SYS_SIG_RETURN] = sys_sig_return,
    [PL_SYS_SIG_SUSPEND] = sys_sig_suspend,
    [PL_SYS_ALARM] = sys_alarm,
};

/* syscall_apply() for everything but a plain one-word return: out of line, so that the
 * common case needs no stack frame. */
static __attribute__((noinline)) void apply_rare(struct task *t, struct arch_frame *f, sys_result r)
{
    switch (sys_action_of(r)) {
    case SYS_RETURN:
        arch_frame_set_ret(f, 0, sys_value_of(r));
        break;
    case SYS_RETURN2:
        arch_frame_set_ret(f, 0, sys_value_of(r));
        arch_frame_set_ret(f, 1, second_word);
        break;
    case SYS_FAULT:
        syscall_fault(t, f, sys_fault_kind_of(r), sys_value_of(r));
        break;
    default: /* SYS_NO_RESULT */
        break;
    }
}

/* The one place that writes a system call's results into its caller's frame, or stops the
 * caller for misuse (docs/architecture.md, "The life of a system call"). */
void syscall_apply(struct task *t, struct arch_frame *f, sys_result r)
{
    if (__builtin_expect(sys_is_plain_return(r), 1)) {
        arch_frame_set_ret(f, 0, sys_value_of(r)); /* the common case: r0 only */
        return;
    }
    apply_rare(t, f, r);
}

void syscall_invoke(struct task *t, struct arch_frame *f, uint32_t nr)
{
    sys_result r =
        nr < PL_SYS_COUNT ? syscall_table[nr](t, f) : sys_fault(PL_FAULT_BAD_SYSCALL, nr);
    syscall_apply(t, f, r);
}

void syscall_dispatch(struct task *t)
{
    struct arch_frame *f = arch_task_frame(&t->arch);
    syscall_invoke(t, f, arch_syscall_number(f));
}

/*
 * kernel/syscall.c - the system call table and the handlers of the kernel core.
 *
 * Decode, then act: a handler checks every argument (numbers -> error codes, pointers ->
 * uaccess, which faults the caller on failure) before it changes any state. Results go back
 * in the caller's r0 (and r1). A handler that blocks the caller sets r0 when it is woken.
 */
#include <string.h>

#include "console.h"
#include "ipc.h"
#include "klog.h"
#include "sched.h"
#include "syscall.h"
#include "time.h"
#include "uaccess.h"
#include <parley/error.h>
#include <parley/syscall.h>

#define DEBUG_WRITE_MAX 256u

void syscall_fault(struct task *t, struct arch_frame *f, uint32_t kind, uint32_t addr)
{
    struct pl_fault_record rec = {
        .kind = kind,
        .addr = addr,
        .addr_valid = kind == PL_FAULT_BAD_POINTER,
        .pc = arch_frame_pc(f) - 2u, /* the SVC instruction itself */
    };
    task_fault(t, &rec);
}

static void ret(struct arch_frame *f, int32_t v)
{
    arch_frame_set_ret(f, 0, (uint32_t)v);
}

static void sys_yield(struct task *t, struct arch_frame *f)
{
    ret(f, PL_OK);
    sched_yield(t);
}

struct task *fastpath_yield(struct task *t, struct arch_frame *f)
{
    struct task *next = sched_yield_to_next(t);
    if (next) {
        ret(f, PL_OK);
    }
    return next;
}

static void sys_sleep(struct task *t, struct arch_frame *f)
{
    uint32_t ticks = arch_frame_arg(f, 0);
    ret(f, PL_OK);
    if (ticks == 0) {
        sched_yield(t);
        return;
    }
    task_block(t, BLOCK_SLEEP, time_now() + ticks);
}

static void sys_uptime(struct task *t, struct arch_frame *f)
{
    (void)t;
    uint64_t now = time_now();
    arch_frame_set_ret(f, 0, (uint32_t)now);
    arch_frame_set_ret(f, 1, (uint32_t)(now >> 32));
}

static void sys_debug_write(struct task *t, struct arch_frame *f)
{
    uintptr_t buf = arch_frame_arg(f, 0);
    uint32_t len = arch_frame_arg(f, 1);
    if (len > DEBUG_WRITE_MAX) {
        ret(f, PL_EINVAL);
        return;
    }
    if (!uaccess_ok(t, buf, len, UACCESS_READ)) {
        syscall_fault(t, f, PL_FAULT_BAD_POINTER, buf);
        return;
    }
    int err = klog_task_write((const char *)buf, len);
    ret(f, err == PL_OK ? (int32_t)len : err);
}

/* The drainer of the kernel's log (kernel/klog.c) takes what is there. */
static void sys_klog_read(struct task *t, struct arch_frame *f)
{
    uintptr_t buf = arch_frame_arg(f, 0);
    uint32_t cap = arch_frame_arg(f, 1);
    if (!klog_is_drainer(t)) {
        ret(f, PL_EPERM);
        return;
    }
    if (!uaccess_ok(t, buf, cap, UACCESS_WRITE)) {
        syscall_fault(t, f, PL_FAULT_BAD_POINTER, buf);
        return;
    }
    ret(f, (int32_t)klog_read((char *)buf, cap));
}

static void sys_task_self(struct task *t, struct arch_frame *f)
{
    arch_frame_set_ret(f, 0, task_id(t));
}

static void sys_exit(struct task *t, struct arch_frame *f)
{
    task_exit(t, (int32_t)arch_frame_arg(f, 0));
}

_Static_assert(sizeof(struct pl_task_status) == 84, "docs/syscalls.md gives its size (call 6)");

int syscall_status_out_ok(struct task *t, struct arch_frame *f, uintptr_t out, uint32_t size)
{
    if (!(t->desc->caps & CAP_SUPERVISOR)) {
        ret(f, PL_EPERM);
        return 0;
    }
    if (!uaccess_ok(t, out, size, UACCESS_WRITE)) {
        syscall_fault(t, f, PL_FAULT_BAD_POINTER, out);
        return 0;
    }
    return 1;
}

static void sys_task_status(struct task *t, struct arch_frame *f)
{
    struct task *target = task_by_index(arch_frame_arg(f, 0));
    uintptr_t out = arch_frame_arg(f, 1);
    if (!syscall_status_out_ok(t, f, out, sizeof(struct pl_task_status))) {
        return;
    }
    if (!target) {
        ret(f, PL_ENOENT);
        return;
    }
    struct pl_task_status st;
    task_status(target, &st);
    memcpy((void *)out, &st, sizeof(st)); /* out may be unaligned: STRD/STM there would fault */
    ret(f, PL_OK);
}

/* The other task a supervisor's lifecycle call names (r0): not itself, and it must exist.
 * NULL after setting the caller's error. */
static struct task *lifecycle_target(struct task *t, struct arch_frame *f)
{
    struct task *target = task_by_index(arch_frame_arg(f, 0));
    if (!(t->desc->caps & CAP_SUPERVISOR)) {
        ret(f, PL_EPERM);
    } else if (!target) {
        ret(f, PL_ENOENT);
    } else if (target == t) {
        ret(f, PL_EINVAL); /* a supervisor cannot pull the floor from under itself */
    } else if (sched_is_idle(target)) {
        ret(f, PL_EPERM); /* the kernel's own: with it stopped, nothing would be left to run */
    } else {
        return target;
    }
    return 0;
}

static void sys_task_restart(struct task *t, struct arch_frame *f)
{
    struct task *target = lifecycle_target(t, f);
    if (target) {
        task_restart(target);
        ret(f, (int32_t)task_id(target));
    }
}

static void sys_task_fault(struct task *t, struct arch_frame *f)
{
    struct task *target = lifecycle_target(t, f);
    if (!target) {
        return;
    }
    if (!task_is_alive(target)) {
        ret(f, PL_EINVAL); /* only a running or blocked task can be stopped */
        return;
    }
    struct pl_fault_record rec = {.kind = PL_FAULT_INJECTED,
                                  .pc = arch_frame_pc(arch_task_frame(&target->arch))};
    task_fault(target, &rec);
    ret(f, PL_OK);
}

static void sys_shutdown(struct task *t, struct arch_frame *f)
{
    int32_t code = (int32_t)arch_frame_arg(f, 0);
    if (!(t->desc->caps & CAP_SHUTDOWN)) {
        ret(f, PL_EPERM);
        return;
    }
    klog_polled(); /* what the console driver has not printed yet, then the last line */
    kprintf("[kernel] shutdown requested by %s, status %ld\r\n", t->desc->name, (long)code);
    arch_halt(code);
}

typedef void (*syscall_fn)(struct task *t, struct arch_frame *f);

static const syscall_fn syscall_table[PL_SYS_COUNT] = {
    [PL_SYS_YIELD] = sys_yield,
    [PL_SYS_SLEEP] = sys_sleep,
    [PL_SYS_UPTIME] = sys_uptime,
    [PL_SYS_DEBUG_WRITE] = sys_debug_write,
    [PL_SYS_TASK_SELF] = sys_task_self,
    [PL_SYS_EXIT] = sys_exit,
    [PL_SYS_TASK_STATUS] = sys_task_status,
    [PL_SYS_TASK_RESTART] = sys_task_restart,
    [PL_SYS_SHUTDOWN] = sys_shutdown,
    [PL_SYS_SEND] = sys_send,
    [PL_SYS_RECV] = sys_recv,
    [PL_SYS_CALL] = sys_call,
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
};

void syscall_invoke(struct task *t, struct arch_frame *f, uint32_t nr)
{
    if (nr >= PL_SYS_COUNT || syscall_table[nr] == 0) {
        syscall_fault(t, f, PL_FAULT_BAD_SYSCALL, nr);
        return;
    }
    syscall_table[nr](t, f);
}

void syscall_dispatch(struct task *t)
{
    struct arch_frame *f = arch_task_frame(&t->arch);
    syscall_invoke(t, f, arch_syscall_number(f));
}

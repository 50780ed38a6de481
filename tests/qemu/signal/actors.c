/*
 * tests/qemu/signal/actors.c - the tasks the signal judge drives (one entry for all): each
 * order sets up handlers or masks, then computes, waits or misbehaves, and reports what it saw.
 * The handlers count what ran in `hits` and how deeply they nested.
 */
#include "../harness/qctl.h"
#include "sig.h"
#include "signals.h"
#include "system_all.h" /* one source for tasks of different rights */

int actor_main(void);
void regs_across_signal(uint32_t out[14], volatile uint32_t **flag);
void spin_on_small_stack(uint32_t sp) __attribute__((noreturn));

static volatile uint32_t hits, depth, deepest, last_sig;
static volatile uint32_t *regs_flag; /* regs_across_signal's word, while it spins */
static uint32_t raise_again;         /* OP_RAISE_TWICE: the signal to raise once more */
static uint32_t bad_frame;           /* OP_BAD_SIGRETURN: what to pass to sigreturn */
static struct pl_recvd kept;         /* srv: the call it holds */

static void counting(int sig)
{
    depth++;
    deepest = depth > deepest ? depth : deepest;
    hits++;
    last_sig = (uint32_t)sig;
    if (regs_flag) {
        *regs_flag = 1;
    }
    if (raise_again && hits == 1) {
        pl_raise(raise_again); /* blocked while this handler runs: pending until its return */
    }
    depth--;
}

static void faulty(int sig)
{
    (void)sig;
    *(volatile uint32_t *)(uintptr_t)KERNEL_RAM_BASE = 0; /* the MPU stops the task */
}

/* The frame's xPSR gets an exception number and loses the Thumb bit: privileged state a task
 * may not choose. The kernel must clean it, or the return would fault. */
static void forge_xpsr(int sig)
{
    pl_sig_frame->xpsr = (pl_sig_frame->xpsr & ~(1u << 24)) | 0x0bu;
    counting(sig);
}

static void forge_sigreturn(int sig)
{
    (void)sig;
    pl_sig_return((struct pl_sigframe *)(uintptr_t)bad_frame);
}

static int catch_with(uint32_t sig, pl_sighandler h)
{
    struct pl_sigaction act = {.handler = h};
    return pl_sigaction(sig, &act, 0);
}

/* Compute until a handler has run: no system call in the loop. */
static uint32_t spin(void)
{
    uint32_t start = hits, n = 0;
    while (hits == start && n < SPIN_LIMIT) {
        n++;
    }
    return n;
}

static struct qc_order regs_op(void)
{
    uint32_t out[14];
    catch_with(PL_SIGUSR1, counting);
    regs_across_signal(out, &regs_flag);
    regs_flag = 0;
    uint32_t wrong = 0, first = 99;
    for (uint32_t r = 0; r < 13; r++) {
        if (out[r] != (0xa5000000u | r)) {
            wrong++;
            first = first == 99 ? r : first;
        }
    }
    if (out[13] == 0) {
        wrong++; /* the loop ended on wrong flags */
    }
    return qc_next((int32_t)wrong, first, hits, out, sizeof(out));
}

static struct qc_order catch_kill_op(void)
{
    struct pl_sigaction act = {.handler = counting};
    int32_t caught = pl_sigaction(PL_SIGKILL, &act, 0);
    int32_t ignored = pl_sig_action_raw(PL_SIGKILL, PL_SIG_IGN, 0);
    uint32_t mask = 0;
    pl_sigprocmask(PL_SIG_SETMASK, 0xffffffffu, 0);
    pl_sigprocmask(PL_SIG_BLOCK, 0, &mask);
    return qc_next(caught, (uint32_t)ignored, mask, 0, 0);
}

static struct qc_order suspend_op(struct qc_order o)
{
    catch_with(o.a, counting);
    pl_sigprocmask(PL_SIG_BLOCK, PL_SIG_BIT(o.a), 0);
    int err = pl_sigsuspend(0);
    uint32_t mask = 0;
    pl_sigprocmask(PL_SIG_BLOCK, 0, &mask);
    return qc_next(err, hits, mask, 0, 0);
}

static struct qc_order wait_op(struct qc_order o)
{
    struct pl_msg m = {.label = 5};
    struct pl_recvd in = {0};
    int err = o.op == OP_RECV   ? pl_recv(EP_A_IN, 0, 0, &in, PL_WAIT_FOREVER)
              : o.op == OP_CALL ? pl_call(EP_HELD, &m, 0, 0, &in, PL_WAIT_FOREVER)
                                : pl_sleep(o.a);
    return qc_next(err, hits, last_sig, 0, 0);
}

static struct qc_order attack_op(struct qc_order o)
{
    switch (o.op) {
    case OP_FAULTY_HANDLER:
        catch_with(o.a, faulty);
        break;
    case OP_SMALL_STACK:
        catch_with(o.a, counting);
        spin_on_small_stack(TASK_X_RAM_BASE + 64u);
    case OP_BAD_TRAMPOLINE:
        pl_sig_action_raw(PL_SIGUSR1, PL_SIG_CATCH, (void (*)(void))(uintptr_t)o.a);
        break;
    case OP_BAD_XPSR:
        catch_with(o.a, forge_xpsr);
        break;
    default: /* OP_BAD_SIGRETURN */
        bad_frame = o.b;
        catch_with(o.a, forge_sigreturn);
        break;
    }
    uint32_t n = spin();
    return qc_next(PL_OK, hits, n, 0, 0);
}

static struct qc_order serve_op(struct qc_order o)
{
    if (o.op == OP_HOLD) {
        return qc_next(pl_recv(EP_HELD, 0, 0, &kept, PL_WAIT_FOREVER), 0, 0, 0, 0);
    }
    struct pl_msg m = {.label = 6};
    return qc_next(pl_reply(kept.sender, &m), 0, 0, 0, 0);
}

static struct qc_order act(struct qc_order o)
{
    switch (o.op) {
    case OP_CATCH:
        return qc_next(catch_with(o.a, counting), 0, 0, 0, 0);
    case OP_IGNORE:
        return qc_next(catch_with(o.a, PL_SIG_HANDLER_IGN), 0, 0, 0, 0);
    case OP_SPIN: {
        uint32_t n = spin();
        return qc_next(PL_OK, hits, n, 0, 0);
    }
    case OP_RECV:
    case OP_SLEEP:
    case OP_CALL:
        return wait_op(o);
    case OP_HOLD:
    case OP_REPLY:
        return serve_op(o);
    case OP_MASK:
        return qc_next(pl_sigprocmask(o.a, o.b, 0), hits, last_sig, 0, 0);
    case OP_HITS:
        return qc_next(PL_OK, hits, deepest, 0, 0);
    case OP_RAISE_TWICE:
        raise_again = o.a;
        catch_with(o.a, counting);
        return qc_next(pl_raise(o.a), hits, deepest, 0, 0);
    case OP_REGS:
        return regs_op();
    case OP_ALARM_SPIN: {
        catch_with(PL_SIGALRM, counting);
        uint32_t first = pl_alarm(o.a + 100u), second = pl_alarm(o.a);
        uint32_t n = spin();
        return qc_next((int32_t)first, second, hits, &n, sizeof(n));
    }
    case OP_KILL:
        return qc_next(pl_kill(o.a, o.b), 0, 0, 0, 0);
    case OP_CATCH_KILL:
        return catch_kill_op();
    case OP_SUSPEND:
        return suspend_op(o);
    case OP_CATCH_RESTART: {
        struct pl_sigaction restart = {.handler = counting, .flags = PL_SA_RESTART};
        return qc_next(pl_sigaction(o.a, &restart, 0), 0, 0, 0, 0);
    }
    case OP_SEND_A: {
        struct pl_msg m = {.label = 7};
        return qc_next(pl_send(EP_A_IN, &m, PL_WAIT_FOREVER), 0, 0, 0, 0);
    }
    default:
        return attack_op(o);
    }
}

int actor_main(void)
{
    qc_serve(act);
}

/*
 * tests/qemu/signal/sig.h - the orders the signal judge gives its actors (actors.c).
 */
#ifndef TESTS_QEMU_SIGNAL_SIG_H
#define TESTS_QEMU_SIGNAL_SIG_H

enum sig_op {
    OP_CATCH = 1,      /* a = signal: catch it with the counting handler -> status */
    OP_IGNORE,         /* a = signal: ignore it -> status */
    OP_SPIN,           /* compute (no system call) until a handler ran -> hits, loops */
    OP_RECV,           /* wait on a_in for ever -> status, hits */
    OP_SLEEP,          /* a = ticks -> status, hits */
    OP_CALL,           /* call `held` (srv keeps it) -> status, hits */
    OP_HOLD,           /* srv: receive one call on `held` and keep it -> status */
    OP_REPLY,          /* srv: answer the call it keeps -> pl_reply's status */
    OP_MASK,           /* a = how, b = set -> status, hits after the call */
    OP_HITS,           /* -> hits, deepest nesting of handlers */
    OP_RAISE_TWICE,    /* catch a; its handler raises a again once -> hits, deepest nesting */
    OP_REGS,           /* fill r0-r12 and lr, spin until a handler ran -> wrong registers */
    OP_ALARM_SPIN,     /* catch SIGALRM, alarm(a), spin -> alarm's results, hits */
    OP_KILL,           /* pl_kill(a, b) -> status */
    OP_CATCH_KILL,     /* try to catch, ignore and block SIGKILL -> the three statuses */
    OP_FAULTY_HANDLER, /* catch a with a handler that writes kernel RAM, then spin */
    OP_SMALL_STACK,    /* catch a, move SP to 64 bytes above its RAM's base, spin */
    OP_BAD_TRAMPOLINE, /* register trampoline a for SIGUSR1 */
    OP_BAD_XPSR,       /* catch a with a handler that forges privileged xPSR bits, spin */
    OP_BAD_SIGRETURN,  /* catch a with a handler that calls sigreturn(b), spin */
    OP_SUSPEND,        /* catch a, block it, then sigsuspend(0) -> status, hits, mask after */
    OP_CATCH_RESTART,  /* a = signal: catch it with PL_SA_RESTART -> status */
    OP_SEND_A,         /* b: send a message to a_in -> status */
};

#define SPIN_LIMIT 40000000u /* loops before OP_SPIN gives up (a broken delivery) */

#endif

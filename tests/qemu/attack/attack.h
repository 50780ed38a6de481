/*
 * tests/qemu/attack/attack.h - orders shared by the attacker actors and their judge.
 * Addresses in orders are absolute: the judge learns pages' addresses from map reports and
 * the rest from system.h.
 */
#ifndef TESTS_QEMU_ATTACK_H
#define TESTS_QEMU_ATTACK_H

#include <stdint.h>

enum attack_op {
    OP_MAP = 1,   /* pl_shm_map(page a, window 0); reports the address in a */
    OP_GRANT,     /* pl_shm_grant(page a, task b & 0xff, access b >> 8) */
    OP_REVOKE,    /* pl_shm_revoke(page a, task b) */
    OP_POKE,      /* OR b into the word at address a; reports the old word in a */
    OP_FILL,      /* write b into every word of the page at address a */
    OP_COUNT,     /* count the words of the page at address a that are not b; reports it in a */
    OP_RECV,      /* pl_recv(endpoint a, timeout b ticks); reports badge in a, label in b */
    OP_SEND,      /* pl_send(endpoint a, label 0x5e, grant b) without waiting */
    OP_SEND_WAIT, /* pl_send(endpoint a, label 0x5e, grant b), waiting as long as it takes */
    /* Raw traps with the stack pointer moved to a first (on_stack.S). Each reports only if the
     * kernel let the task come back from the trap. */
    OP_SEND_ON,  /* send on EP_CARRY, r0 without flags, r8 = b (a grant the kernel did not see) */
    OP_RECV_ON,  /* receive on EP_TIN */
    OP_YIELD_ON, /* yield */
    OP_SPIN_ON,  /* no trap at all: spin for ever with SP = a, until a tick comes */
};

#define GRANT_ARG(task, access) ((uint32_t)(task) | (uint32_t)(access) << 8)
#define MSG_LABEL               0x5eu

/* on_stack.S: regs[0..9] into r0-r9, SP = sp, SVC, SP back; the call's r0. */
uint32_t attack_send_on(uint32_t sp, uint32_t regs[10]);
uint32_t attack_recv_on(uint32_t sp, uint32_t regs[10]);
uint32_t attack_yield_on(uint32_t sp, uint32_t regs[10]);
void attack_spin_on(uint32_t sp) __attribute__((noreturn));

#endif

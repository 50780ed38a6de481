/*
 * arch/cortex-m/user/atomic_v6m.c - the compiler's atomic routines for ARMv6-M (Thumb-1).
 *
 * ARMv6-M has no LDREX/STREX, so gcc turns every atomic read-modify-write of a word
 * (__atomic_compare_exchange_n, __atomic_fetch_add, ...: the futexes, semaphores and queues of
 * servers/shm) into a call to __atomic_<op>_4. Masking interrupts around a plain read and
 * write would do on a Cortex-M0, whose tasks run privileged, but not on an M0+ with an MPU,
 * whose tasks do not (CPSID is then ignored). So each routine asks the kernel: PL_SYS_ATOMIC
 * does the read and the write in one kernel entry, with no other task running in between, on
 * a word the task may write (parley/syscall.h). About a system call's cost per operation.
 *
 * The routines are named through asm labels so that gcc's own declarations of the built-in
 * names do not clash with these definitions. Every memory order is served as sequentially
 * consistent: the kernel entry and return order everything.
 */
#include <stdbool.h>
#include <stdint.h>

#include <parley/syscall.h>

static inline uint32_t atomic_trap(uint32_t op, volatile void *word, uint32_t a, uint32_t b)
{
    register uint32_t r0 __asm("r0") = op;
    register uint32_t r1 __asm("r1") = (uint32_t)(uintptr_t)word;
    register uint32_t r2 __asm("r2") = a;
    register uint32_t r3 __asm("r3") = b;
    __asm volatile("svc %[nr]"
                   : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
                   : [nr] "i"(PL_SYS_ATOMIC)
                   : "memory");
    return r1; /* the old value (r0 is PL_OK: a bad op or word never comes back) */
}

bool pl_atomic_cas_4(volatile void *word, void *expected, uint32_t desired, bool weak, int success,
                     int failure) __asm("__atomic_compare_exchange_4");
bool pl_atomic_cas_4(volatile void *word, void *expected, uint32_t desired, bool weak, int success,
                     int failure)
{
    (void)weak;
    (void)success;
    (void)failure;
    uint32_t want = *(uint32_t *)expected;
    uint32_t old = atomic_trap(PL_ATOMIC_CAS, word, want, desired);
    if (old == want) {
        return true;
    }
    *(uint32_t *)expected = old;
    return false;
}

#define FETCH_OP(name, label, op, operand)                                                         \
    uint32_t name(volatile void *word, uint32_t v, int order) __asm(label);                        \
    uint32_t name(volatile void *word, uint32_t v, int order)                                      \
    {                                                                                              \
        (void)order;                                                                               \
        return atomic_trap(op, word, operand, 0);                                                  \
    }

FETCH_OP(pl_atomic_fetch_add_4, "__atomic_fetch_add_4", PL_ATOMIC_ADD, v)
FETCH_OP(pl_atomic_fetch_sub_4, "__atomic_fetch_sub_4", PL_ATOMIC_ADD, 0u - v)
FETCH_OP(pl_atomic_fetch_and_4, "__atomic_fetch_and_4", PL_ATOMIC_AND, v)
FETCH_OP(pl_atomic_fetch_or_4, "__atomic_fetch_or_4", PL_ATOMIC_OR, v)
FETCH_OP(pl_atomic_fetch_xor_4, "__atomic_fetch_xor_4", PL_ATOMIC_XOR, v)
FETCH_OP(pl_atomic_exchange_4, "__atomic_exchange_4", PL_ATOMIC_XCHG, v)

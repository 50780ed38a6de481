/*
 * arch/cortex-m/user/common/pl_order.h - the memory orders of the user libraries whose tasks
 * share memory (servers/shm/shmq.c and sync.c, servers/pipe/pipe_ring.c,
 * servers/mqueue/mq_ring.c), for Cortex-M, where parley runs on one core.
 * arch/host/user/pl_order.h has the same helpers with C11's real orders, for the host tests,
 * which run the tasks as threads on several cores.
 *
 * Why no DMB: on one core, another task runs only after an exception has switched to it,
 * between two instructions of this one, exactly as a signal handler interrupts the thread it
 * runs on. The core sees its own loads and stores in program order, so the task that runs
 * next sees every access this one made before the exception, in that order; and an exception
 * clears the exclusive monitor, so an LDREX/STREX pair that was interrupted fails and is
 * tried again. What could still reorder two accesses is the compiler, and a signal fence
 * (__atomic_signal_fence) forbids exactly that while emitting no instruction. Each helper is
 * therefore a relaxed atomic (an LDR, an STR, an LDREX/STREX loop; on ARMv6-M the
 * __atomic_*_4 routines of atomic_v6m.c, a system call each) with a signal fence on each side
 * its order needs. A DMB orders accesses as *another bus master* sees them: a second core,
 * a DMA engine, device memory. Memory shared with one of those needs real orders (C11's
 * __atomic orders emit the DMB); these libraries share memory only between tasks.
 *
 * Chosen by the build, not by #ifdef: every Cortex-M board puts this folder on the tasks'
 * include path (ARCH_USER_FLAGS in board.mk, checked by tools/check-boards.py), and
 * tools/check-orders.py checks in `make check` that the libraries built with it contain no
 * DMB while the same sources built with the host's helpers do.
 */
#ifndef PL_ORDER_H
#define PL_ORDER_H

#include <stdint.h>

#if !defined(__ARM_ARCH_PROFILE) || __ARM_ARCH_PROFILE != 'M'
#error "pl_order.h for Cortex-M outside a Cortex-M build: a host build takes arch/host/user/"
#endif

#define PL_ORDER_FN static inline __attribute__((always_inline))

/* A compiler barrier: no memory access moves across it; no instruction. */
PL_ORDER_FN void pl_fence_seq(void)
{
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
}

PL_ORDER_FN uint32_t pl_load_relaxed(const uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

PL_ORDER_FN void pl_store_relaxed(uint32_t *p, uint32_t v)
{
    __atomic_store_n(p, v, __ATOMIC_RELAXED);
}

/* Later accesses stay after the load. */
PL_ORDER_FN uint32_t pl_load_acquire(const uint32_t *p)
{
    uint32_t v = __atomic_load_n(p, __ATOMIC_RELAXED);
    __atomic_signal_fence(__ATOMIC_ACQUIRE);
    return v;
}

/* Earlier accesses stay before the store. */
PL_ORDER_FN void pl_store_release(uint32_t *p, uint32_t v)
{
    __atomic_signal_fence(__ATOMIC_RELEASE);
    __atomic_store_n(p, v, __ATOMIC_RELAXED);
}

/* Sequentially consistent: nothing moves across either way, so a store before a load of
 * another word stays before it (what a sleeper's flag and a publisher's look rely on). */
PL_ORDER_FN uint32_t pl_load_seq(const uint32_t *p)
{
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    uint32_t v = __atomic_load_n(p, __ATOMIC_RELAXED);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    return v;
}

PL_ORDER_FN void pl_store_seq(uint32_t *p, uint32_t v)
{
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    __atomic_store_n(p, v, __ATOMIC_RELAXED);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
}

/* The same for a pointer-sized word (a struct cond's mutex). */
PL_ORDER_FN uintptr_t pl_load_seq_uptr(const uintptr_t *p)
{
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    uintptr_t v = __atomic_load_n(p, __ATOMIC_RELAXED);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    return v;
}

PL_ORDER_FN void pl_store_seq_uptr(uintptr_t *p, uintptr_t v)
{
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    __atomic_store_n(p, v, __ATOMIC_RELAXED);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
}

/* One strong compare-and-swap of *p from expected to desired: 1 if it was made. The
 * _acquire one is for taking (later accesses stay after it), _release for giving back
 * (earlier ones stay before), _seq both.
 * The fence after the swap is in each branch rather than once after it: between the swap and
 * the caller's test of its result, it would make gcc turn the flags into a 0 or 1 in a
 * register and test that again (four instructions, as many as a DMB would have cost). */
PL_ORDER_FN int pl_cas_acquire(uint32_t *p, uint32_t expected, uint32_t desired)
{
    if (__atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
        __atomic_signal_fence(__ATOMIC_ACQUIRE);
        return 1;
    }
    __atomic_signal_fence(__ATOMIC_ACQUIRE);
    return 0;
}

PL_ORDER_FN int pl_cas_release(uint32_t *p, uint32_t expected, uint32_t desired)
{
    __atomic_signal_fence(__ATOMIC_RELEASE);
    return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_RELAXED,
                                       __ATOMIC_RELAXED);
}

PL_ORDER_FN int pl_cas_seq(uint32_t *p, uint32_t expected, uint32_t desired)
{
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    if (__atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
        __atomic_signal_fence(__ATOMIC_SEQ_CST);
        return 1;
    }
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    return 0;
}

/* Read-modify-writes, sequentially consistent; each returns the old value. */
PL_ORDER_FN uint32_t pl_fetch_add_seq(uint32_t *p, uint32_t v)
{
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    uint32_t old = __atomic_fetch_add(p, v, __ATOMIC_RELAXED);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    return old;
}

PL_ORDER_FN uint32_t pl_fetch_sub_seq(uint32_t *p, uint32_t v)
{
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    uint32_t old = __atomic_fetch_sub(p, v, __ATOMIC_RELAXED);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    return old;
}

PL_ORDER_FN uint32_t pl_fetch_or_seq(uint32_t *p, uint32_t v)
{
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    uint32_t old = __atomic_fetch_or(p, v, __ATOMIC_RELAXED);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    return old;
}

PL_ORDER_FN uint32_t pl_fetch_and_seq(uint32_t *p, uint32_t v)
{
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    uint32_t old = __atomic_fetch_and(p, v, __ATOMIC_RELAXED);
    __atomic_signal_fence(__ATOMIC_SEQ_CST);
    return old;
}

#endif

/*
 * arch/host/user/pl_order.h - the memory orders of the user libraries whose tasks share memory
 * (servers/shm/shmq.c and sync.c, servers/pipe/pipe_ring.c, servers/mqueue/mq_ring.c), for
 * the host tests: C11's real orders, since those tests run the tasks as threads on several
 * cores, under ThreadSanitizer, which checks exactly these orders (not the fences: it does not
 * model them). The Cortex-M helpers of the same names
 * (arch/cortex-m/user/common/pl_order.h) are compiler fences around relaxed atomics, because
 * parley runs on one core; that file says why that is enough there.
 *
 * The host tests put this folder first on their include path (tests/host/host.mk,
 * servers_sync.mk); the Cortex-M header refuses to compile outside a Cortex-M build.
 */
#ifndef PL_ORDER_H
#define PL_ORDER_H

#include <stdint.h>

#define PL_ORDER_FN static inline __attribute__((always_inline))

PL_ORDER_FN void pl_fence_seq(void)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

PL_ORDER_FN uint32_t pl_load_relaxed(const uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_RELAXED);
}

PL_ORDER_FN void pl_store_relaxed(uint32_t *p, uint32_t v)
{
    __atomic_store_n(p, v, __ATOMIC_RELAXED);
}

PL_ORDER_FN uint32_t pl_load_acquire(const uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_ACQUIRE);
}

PL_ORDER_FN void pl_store_release(uint32_t *p, uint32_t v)
{
    __atomic_store_n(p, v, __ATOMIC_RELEASE);
}

PL_ORDER_FN uint32_t pl_load_seq(const uint32_t *p)
{
    return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

PL_ORDER_FN void pl_store_seq(uint32_t *p, uint32_t v)
{
    __atomic_store_n(p, v, __ATOMIC_SEQ_CST);
}

PL_ORDER_FN uintptr_t pl_load_seq_uptr(const uintptr_t *p)
{
    return __atomic_load_n(p, __ATOMIC_SEQ_CST);
}

PL_ORDER_FN void pl_store_seq_uptr(uintptr_t *p, uintptr_t v)
{
    __atomic_store_n(p, v, __ATOMIC_SEQ_CST);
}

PL_ORDER_FN int pl_cas_acquire(uint32_t *p, uint32_t expected, uint32_t desired)
{
    return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_ACQUIRE,
                                       __ATOMIC_ACQUIRE);
}

PL_ORDER_FN int pl_cas_release(uint32_t *p, uint32_t expected, uint32_t desired)
{
    return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_RELEASE,
                                       __ATOMIC_RELAXED);
}

PL_ORDER_FN int pl_cas_seq(uint32_t *p, uint32_t expected, uint32_t desired)
{
    return __atomic_compare_exchange_n(p, &expected, desired, 0, __ATOMIC_SEQ_CST,
                                       __ATOMIC_SEQ_CST);
}

PL_ORDER_FN uint32_t pl_fetch_add_seq(uint32_t *p, uint32_t v)
{
    return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);
}

PL_ORDER_FN uint32_t pl_fetch_sub_seq(uint32_t *p, uint32_t v)
{
    return __atomic_fetch_sub(p, v, __ATOMIC_SEQ_CST);
}

PL_ORDER_FN uint32_t pl_fetch_or_seq(uint32_t *p, uint32_t v)
{
    return __atomic_fetch_or(p, v, __ATOMIC_SEQ_CST);
}

PL_ORDER_FN uint32_t pl_fetch_and_seq(uint32_t *p, uint32_t v)
{
    return __atomic_fetch_and(p, v, __ATOMIC_SEQ_CST);
}

#endif

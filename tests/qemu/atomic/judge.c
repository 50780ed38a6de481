/*
 * tests/qemu/atomic/judge.c - the atomic operations tasks use (docs/ipc.md, "Atomic
 * operations"): the compiler's __atomic builtins give the same results on every board, be they
 * LDREX/STREX (ARMv7-M, ARMv8-M) or PL_SYS_ATOMIC (ARMv6-M); the system call refuses an
 * unknown operation with PL_EINVAL and stops a task that names a word it may not write.
 */
#include <stdint.h>

#include "parley.h"
#include "../harness/qtest.h"
#include "system.h"

static volatile uint32_t word;

static const char *builtins_trouble(void)
{
    word = 5;
    uint32_t expected = 4;
    if (__atomic_compare_exchange_n(&word, &expected, 9, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) ||
        expected != 5 || word != 5) {
        return qt_why("a failing compare-exchange gave expected %lu, word %lu",
                      (unsigned long)expected, (unsigned long)word);
    }
    if (!__atomic_compare_exchange_n(&word, &expected, 9, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) ||
        word != 9) {
        return qt_why("a matching compare-exchange left %lu", (unsigned long)word);
    }
    uint32_t r[6] = {
        __atomic_fetch_add(&word, 3, __ATOMIC_SEQ_CST),   /* 9 -> 12 */
        __atomic_fetch_sub(&word, 2, __ATOMIC_SEQ_CST),   /* 12 -> 10 */
        __atomic_fetch_and(&word, 6, __ATOMIC_SEQ_CST),   /* 10 -> 2 */
        __atomic_fetch_or(&word, 0x11, __ATOMIC_SEQ_CST), /* 2 -> 0x13 */
        __atomic_fetch_xor(&word, 0x3, __ATOMIC_SEQ_CST), /* 0x13 -> 0x10 */
        __atomic_exchange_n(&word, 77, __ATOMIC_SEQ_CST), /* 0x10 -> 77 */
    };
    const uint32_t want[6] = {9, 12, 10, 2, 0x13, 0x10};
    for (unsigned i = 0; i < 6; i++) {
        if (r[i] != want[i]) {
            return qt_why("operation %u returned %lu, expected %lu", i, (unsigned long)r[i],
                          (unsigned long)want[i]);
        }
    }
    return word == 77 ? NULL : qt_why("the word ended at %lu, not 77", (unsigned long)word);
}

static const char *bad_op_trouble(void)
{
    word = 123;
    register uint32_t r0 __asm("r0") = PL_ATOMIC_OPS;
    register uint32_t r1 __asm("r1") = (uint32_t)(uintptr_t)&word;
    register uint32_t r2 __asm("r2") = 1;
    register uint32_t r3 __asm("r3") = 1;
    __asm volatile("svc %[nr]"
                   : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
                   : [nr] "i"(PL_SYS_ATOMIC)
                   : "memory");
    if ((int32_t)r0 != PL_EINVAL) {
        return qt_why("an unknown operation gave %ld", (long)(int32_t)r0);
    }
    return word == 123 ? NULL : qt_why("the word changed to %lu", (unsigned long)word);
}

static const char *stopped_trouble(uint32_t task, uint32_t addr)
{
    struct pl_task_status st = qt_status(task);
    if (st.state != PL_TASK_FAULTED || st.fault.kind != PL_FAULT_BAD_POINTER) {
        return qt_why("state %s, fault %s", qt_state_name(st.state), qt_fault_name(st.fault.kind));
    }
    if (addr != 0 && st.fault.addr != addr) {
        return qt_why("fault address 0x%08lx, expected 0x%08lx", (unsigned long)st.fault.addr,
                      (unsigned long)addr);
    }
    return NULL;
}

int main(void)
{
    const uint32_t offenders[] = {TASK_FOREIGN, TASK_MISALIGNED};
    qt_begin(SYSTEM_NAME);
    qt_report("atomic_builtins_give_the_documented_results", builtins_trouble());
    qt_report("an_unknown_atomic_operation_is_einval_and_touches_nothing", bad_op_trouble());
    (void)qt_wait_stopped(offenders, 2, 5, 2000);
    qt_report("an_atomic_on_another_tasks_word_stops_the_caller",
              stopped_trouble(TASK_FOREIGN, TASK_JUDGE_RAM_BASE + 64u));
    qt_report("an_atomic_on_a_misaligned_word_stops_the_caller",
              stopped_trouble(TASK_MISALIGNED, 0));
    qt_finish();
}

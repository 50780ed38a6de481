/*
 * tests/qemu/atomic/judge.c - the atomic operations tasks use (docs/syscalls.md,
 * PL_SYS_ATOMIC): the compiler's __atomic builtins give the same results on every board, be
 * they LDREX/STREX (ARMv7-M, ARMv8-M) or PL_SYS_ATOMIC (ARMv6-M), and stay atomic for two
 * tasks preempted every tick; the system call refuses an unknown operation with PL_EINVAL and
 * stops a task that names a word it may not write.
 */
#include <stdint.h>

#include "parley.h"
#include "../harness/qtest.h"
#include "race.h"
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

static volatile uint32_t *race_page;

/* The page to both racers, before either runs (the judge is the most urgent task). */
static const char *share_trouble(void)
{
    void *page = 0;
    if (pl_shm_grant(PAGE_JUDGE_0, TASK_RACER_A, PL_SHM_READ | PL_SHM_WRITE) != PL_OK ||
        pl_shm_grant(PAGE_JUDGE_0, TASK_RACER_B, PL_SHM_READ | PL_SHM_WRITE) != PL_OK ||
        pl_shm_map(PAGE_JUDGE_0, 0, &page) != PL_OK) {
        return "the page could not be granted and mapped";
    }
    race_page = (volatile uint32_t *)page;
    race_page[0] = race_page[1] = 0;
    return NULL;
}

static const char *race_trouble(void)
{
    const uint32_t racers[] = {TASK_RACER_A, TASK_RACER_B};
    (void)qt_wait_stopped(racers, 2, 10, 20000);
    for (unsigned i = 0; i < 2; i++) {
        struct pl_task_status st = qt_status(racers[i]);
        if (st.state != PL_TASK_EXITED || st.exit_code != 0) {
            return qt_why("racer %u: state %s, exit %ld", i, qt_state_name(st.state),
                          (long)st.exit_code);
        }
    }
    if (race_page[0] != 2u * RACE_ROUNDS || race_page[1] != 2u * RACE_ROUNDS) {
        return qt_why("fetch_add gave %lu, compare-exchange %lu, expected %lu each",
                      (unsigned long)race_page[0], (unsigned long)race_page[1],
                      (unsigned long)(2u * RACE_ROUNDS));
    }
    return NULL;
}

int main(void)
{
    const uint32_t offender[] = {TASK_OFFENDER};
    qt_begin(SYSTEM_NAME);
    const char *share = share_trouble();
    qt_report("atomic_builtins_give_the_documented_results", builtins_trouble());
    qt_report("an_unknown_atomic_operation_is_einval_and_touches_nothing", bad_op_trouble());
    (void)qt_wait_stopped(offender, 1, 5, 2000);
    qt_report("an_atomic_on_another_tasks_word_stops_the_caller",
              stopped_trouble(TASK_OFFENDER, TASK_JUDGE_RAM_BASE + 64u));
    (void)pl_task_restart(TASK_OFFENDER);
    (void)qt_wait_stopped(offender, 1, 5, 2000);
    qt_report("an_atomic_on_a_misaligned_word_stops_the_caller", stopped_trouble(TASK_OFFENDER, 0));
    qt_report("two_tasks_preempted_every_tick_lose_no_atomic_increment",
              share != NULL ? share : race_trouble());
    qt_finish();
}

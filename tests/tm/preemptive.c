/*
 * tests/tm/preemptive.c - Thread-Metric "preemptive scheduling", parley's port.
 *
 * The test: five threads at five priorities, 0 the most urgent. Only the least urgent, 4,
 * never suspends: it counts and resumes 3. Each of 3, 2 and 1, once resumed, counts, resumes
 * the next more urgent thread (which preempts it at once) and, when that one has suspended,
 * suspends itself. 0, once resumed, counts and suspends. So a round is five counts, four
 * resumes that each preempt the resumer and four suspends that each hand the processor back
 * down the chain: eight switches. The counted unit is one count of any thread; the check:
 * every counter is within 1 of their average.
 *
 * parley: each thread is a task waiting on its own notification. Resume is pl_ntfn_signal()
 * of that notification, suspend is pl_ntfn_wait() on one's own. Unlike a thread suspended and
 * resumed, a notification keeps a signal that comes before the wait (a resume is never lost);
 * in this test no signal comes early.
 */
#include "parley.h"
#include "system_all.h"
#include "tm.h"

int pre_0(void);
int pre_1(void);
int pre_2(void);
int pre_3(void);
int pre_4(void);

#define NONE 0xffu

static void pre_suspend(struct tm_shared *sh, uint32_t slot, uint32_t own)
{
    uint32_t bits = 0;
    if (pl_ntfn_wait(own, 1u, &bits, PL_WAIT_FOREVER) != PL_OK || bits != 1u) {
        sh->errors[slot]++;
    }
}

static void pre_resume(struct tm_shared *sh, uint32_t slot, uint32_t next)
{
    if (pl_ntfn_signal(next, 1u) != PL_OK) {
        sh->errors[slot]++;
    }
}

/* own: the notification this thread waits on (NONE: it never suspends); next: the one of the
 * next more urgent thread (NONE: there is none). */
__attribute__((noreturn)) static void pre_run(uint32_t slot, uint32_t own, uint32_t next)
{
    struct tm_shared *sh = tm_shared_map();
    if (own != NONE) {
        pre_suspend(sh, slot, own); /* wait to be resumed the first time */
    }
    for (;;) {
        sh->count[slot]++;
        if (next != NONE) {
            pre_resume(sh, slot, next);
        }
        if (own != NONE) {
            pre_suspend(sh, slot, own);
        }
    }
}

int pre_0(void)
{
    pre_run(0, NTFN_PRE_0, NONE);
}

int pre_1(void)
{
    pre_run(1, NTFN_PRE_1, NTFN_PRE_0);
}

int pre_2(void)
{
    pre_run(2, NTFN_PRE_2, NTFN_PRE_1);
}

int pre_3(void)
{
    pre_run(3, NTFN_PRE_3, NTFN_PRE_2);
}

int pre_4(void)
{
    pre_run(4, NONE, NTFN_PRE_3);
}

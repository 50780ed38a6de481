/*
 * tests/qemu/pipe/judge_stress.c - the stress run: four writers and four readers on one FIFO
 * of 512 bytes, each write one 16-byte record (numbered and checksummed by its writer; at
 * most PIPE_BUF, so never split or interleaved), each read asking for one record. The
 * writers close their ends when done; every reader then sees end of file and reports what it
 * took from each writer. Together the readers must have taken every record of every writer
 * exactly once, in order within each reader, intact.
 */
#include <fcntl.h>
#include <string.h>

#include "../harness/qtest.h"
#include "judge.h"
#include "ptest.h"
#include "system.h"

#define STRESS_N    25000u /* records per writer: 100,000 in all */
#define STRESS_WAIT 80000u /* ticks the whole run may take */

static const uint32_t writers[PT_WRITERS] = {TASK_W0, TASK_W1, TASK_W2, TASK_W3};
static const uint32_t readers[PT_WRITERS] = {TASK_R0, TASK_R1, TASK_R2, TASK_R3};

static const char *stress_open(void)
{
    const char *why = pj_expect(TASK_W0, PT_MKFIFO, PT_STRESS_NAME, 0666, 0);
    for (uint32_t i = 0; i < PT_WRITERS && !why; i++) {
        const struct qc_report *r = qc_ask(readers[i], PT_OPEN, PT_STRESS_NAME, O_RDONLY, PJ_WAIT);
        why = !r || r->status < 0 ? "a reader could not open" : 0;
        r = why ? r : qc_ask(writers[i], PT_OPEN, PT_STRESS_NAME, O_WRONLY, PJ_WAIT);
        why = why ? why : (!r || r->status < 0 ? "a writer could not open" : 0);
    }
    return why;
}

static const char *stress_run(void)
{
    for (uint32_t i = 0; i < PT_WRITERS; i++) {
        qc_order(readers[i], PT_STRESS_R, 0, 0);
    }
    for (uint32_t i = 0; i < PT_WRITERS; i++) {
        qc_order(writers[i], PT_STRESS_W, i, STRESS_N);
    }
    for (uint32_t i = 0; i < PT_WRITERS; i++) {
        const struct qc_report *r = qc_report(writers[i], STRESS_WAIT);
        if (!r || r->status != 0) {
            return qt_why("writer %lu: %ld after %lu", (unsigned long)i,
                          r ? (long)r->status : -999l, r ? (unsigned long)r->a : 0ul);
        }
    }
    return 0;
}

static const char *stress_tally(struct pt_tally *all)
{
    memset(all, 0, sizeof(*all));
    for (uint32_t i = 0; i < PT_WRITERS; i++) {
        const struct qc_report *r = qc_report(readers[i], STRESS_WAIT);
        struct pt_tally t;
        if (!r || r->status != 0 || r->len != sizeof(t)) {
            return qt_why("reader %lu: %ld", (unsigned long)i, r ? (long)r->status : -999l);
        }
        memcpy(&t, r->data, sizeof(t));
        for (uint32_t w = 0; w < PT_WRITERS; w++) {
            all->count[w] += t.count[w];
            all->sum[w] += t.sum[w];
            all->sumsq[w] += t.sumsq[w];
        }
        all->out_of_order += t.out_of_order;
        all->bad += t.bad;
    }
    return 0;
}

static const char *stress_check(const struct pt_tally *all)
{
    uint32_t sum = 0, sumsq = 0;
    for (uint32_t k = 0; k < STRESS_N; k++) {
        sum += k;
        sumsq += k * k;
    }
    if (all->out_of_order || all->bad) {
        return qt_why("%lu out of order, %lu damaged or split", (unsigned long)all->out_of_order,
                      (unsigned long)all->bad);
    }
    for (uint32_t w = 0; w < PT_WRITERS; w++) {
        if (all->count[w] != STRESS_N || all->sum[w] != sum || all->sumsq[w] != sumsq) {
            return qt_why("writer %lu: %lu records taken of %lu, or numbers lost or twice",
                          (unsigned long)w, (unsigned long)all->count[w], (unsigned long)STRESS_N);
        }
    }
    return 0;
}

void pj_stress(void)
{
    static struct pt_tally all;
    const char *why = stress_open();
    why = why ? why : stress_run();
    why = why ? why : stress_tally(&all);
    why = why ? why : stress_check(&all);
    qt_report("stress_4_writers_4_readers_nothing_lost_duplicated_or_reordered", why);
}

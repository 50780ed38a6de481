/*
 * tests/qemu/mqueue/judge_stress.c - the stress run: four writers and four readers on one
 * queue of 8 messages, every message numbered and checksummed by its writer. Each reader
 * counts what it took from each writer (count, sum and sum of squares of the numbers) and
 * checks the order within each writer; together the readers must have taken every number of
 * every writer exactly once, in order, intact.
 */
#include <string.h>

#include "../harness/qtest.h"
#include "judge.h"
#include "../../../servers/mqueue/mq_client.h"
#include "mqtest.h"
#include "system.h"

#define STRESS_N    25000u /* messages per writer: 100,000 in all */
#define STRESS_WAIT 80000u /* ticks the whole run may take */

static const uint32_t writers[MQT_WRITERS] = {TASK_W0, TASK_W1, TASK_W2, TASK_W3};
static const uint32_t readers[MQT_WRITERS] = {TASK_R0, TASK_R1, TASK_R2, TASK_R3};

static const char *stress_open(void)
{
    const char *why = mqj_expect(TASK_W0, MQT_OPEN_ATTR, MQT_STRESS_Q, 8u | 16u << 16, PL_OK);
    for (uint32_t i = 0; i < MQT_WRITERS && !why; i++) {
        why = i ? mqj_expect(writers[i], MQT_OPEN, MQT_STRESS_Q, MQ_O_WRONLY, PL_OK) : 0;
        why = why ? why : mqj_expect(readers[i], MQT_OPEN, MQT_STRESS_Q, MQ_O_RDONLY, PL_OK);
    }
    return why;
}

static const char *stress_write(void)
{
    for (uint32_t i = 0; i < MQT_WRITERS; i++) {
        qc_order(readers[i], MQT_STRESS_R, 0, 0);
    }
    for (uint32_t i = 0; i < MQT_WRITERS; i++) {
        qc_order(writers[i], MQT_STRESS_W, i, STRESS_N);
    }
    for (uint32_t i = 0; i < MQT_WRITERS; i++) {
        const struct qc_report *r = qc_report(writers[i], STRESS_WAIT);
        if (!r || r->status != PL_OK) {
            return qt_why("writer %lu: %s after %lu", (unsigned long)i,
                          r ? pl_strerror(r->status) : "no report", r ? (unsigned long)r->a : 0ul);
        }
    }
    return mqj_expect(TASK_W0, MQT_STRESS_W, MQT_STOP, MQT_WRITERS, PL_OK);
}

static const char *stress_tally(struct mqt_tally *all)
{
    memset(all, 0, sizeof(*all));
    for (uint32_t i = 0; i < MQT_WRITERS; i++) {
        const struct qc_report *r = qc_report(readers[i], STRESS_WAIT);
        struct mqt_tally t;
        if (!r || r->status != PL_OK || r->len != sizeof(t)) {
            return qt_why("reader %lu: %s", (unsigned long)i,
                          r ? pl_strerror(r->status) : "no report");
        }
        memcpy(&t, r->data, sizeof(t));
        for (uint32_t w = 0; w < MQT_WRITERS; w++) {
            all->count[w] += t.count[w];
            all->sum[w] += t.sum[w];
            all->sumsq[w] += t.sumsq[w];
        }
        all->out_of_order += t.out_of_order;
        all->bad_check += t.bad_check;
    }
    return 0;
}

static const char *stress_check(const struct mqt_tally *all)
{
    uint32_t sum = 0, sumsq = 0;
    for (uint32_t k = 0; k < STRESS_N; k++) {
        sum += k;
        sumsq += k * k;
    }
    if (all->out_of_order || all->bad_check) {
        return qt_why("%lu out of order, %lu damaged", (unsigned long)all->out_of_order,
                      (unsigned long)all->bad_check);
    }
    for (uint32_t w = 0; w < MQT_WRITERS; w++) {
        if (all->count[w] != STRESS_N || all->sum[w] != sum || all->sumsq[w] != sumsq) {
            return qt_why("writer %lu: %lu messages taken of %lu, or numbers lost or twice",
                          (unsigned long)w, (unsigned long)all->count[w], (unsigned long)STRESS_N);
        }
    }
    return 0;
}

void mqj_stress(void)
{
    static struct mqt_tally all;
    const char *why = stress_open();
    why = why ? why : stress_write();
    why = why ? why : stress_tally(&all);
    why = why ? why : stress_check(&all);
    qt_report("stress_4_writers_4_readers_nothing_lost_duplicated_or_reordered", why);
}

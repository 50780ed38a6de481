/*
 * user/demo/demos/jobs.c - `demo mq`: one message queue, "jobs", two senders and two workers
 * (many to many), in two rounds on each run.
 *
 *   priorities  dispatch queues six jobs with priorities 2 to 10 and then a "stop" for each
 *               worker at priority 1; the workers take the jobs most urgent first (FIFO within
 *               one priority), whichever worker asks, until each has taken a stop.
 *   types       intake posts typed messages (System V, at priority 0): type 2 for worker1,
 *               type 3 for worker2, each type ending with an "end". Each worker then receives
 *               by type (msgrcv), so each takes only its own, in the order they were posted.
 *
 * The senders are more urgent than the workers, so both have queued everything before a
 * worker takes anything; the stops' priority 1 keeps them ahead of the typed messages'
 * priority 0. All four wait for the shell between runs (demo_serve, demo_task.h) and close what
 * they opened, so the queue is empty and unused after each run.
 */
#include <stdio.h>
#include <string.h>

#include "../../../servers/mqueue/mq_client.h"
#include "demo_task.h"
#include "parley.h"
#include "system.h"

int dispatch_main(void);
int intake_main(void);
int worker_main(void);

#define JOB_SIZE   16u
#define OPEN_TRIES 100u /* 10 ms each: how long a worker looks for the queue */
#define STOP_PRIO  1u
#define TYPE_FIRST 2 /* worker1's type; worker2's is TYPE_FIRST + 1 */

struct job {
    const char *name;
    uint32_t prio; /* round 1: the priority; round 2: the type */
};

static const struct job jobs[] = {{"cleanup", 2}, {"build", 6},   {"release", 10},
                                  {"test", 6},    {"archive", 3}, {"docs", 4}};
static const struct job mail[] = {{"compile a.c", 2}, {"write intro", 3}, {"compile b.c", 2},
                                  {"write index", 3}, {"end", 2},         {"end", 3}};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int open_jobs(uint32_t oflag)
{
    struct mq_attr attr = {16, JOB_SIZE, 0, 0};
    return mq_open("jobs", oflag | MQ_O_CREAT, MQ_MODE_ALL, &attr);
}

static int dispatch_run(uint32_t options)
{
    int err = PL_OK, qd = open_jobs(MQ_O_WRONLY);
    (void)options;
    for (unsigned i = 0; qd >= 0 && err == PL_OK && i < COUNT(jobs); i++) {
        err = mq_send(qd, jobs[i].name, strlen(jobs[i].name), jobs[i].prio);
    }
    for (unsigned i = 0; qd >= 0 && err == PL_OK && i < 2u; i++) {
        err = mq_send(qd, "stop", 4, STOP_PRIO);
    }
    if (qd < 0 || err != PL_OK) {
        printf("[dispatch] could not queue the jobs\n");
        return qd < 0 ? qd : err;
    }
    printf("[dispatch] queued 6 jobs in the order cleanup, build, release, test, archive, docs, "
           "then 2 stops\n");
    return mq_close(qd);
}

static int intake_run(uint32_t options)
{
    int err = PL_OK, qd = open_jobs(MQ_O_WRONLY);
    (void)options;
    for (unsigned i = 0; qd >= 0 && err == PL_OK && i < COUNT(mail); i++) {
        err = mq_msgsnd(qd, (int32_t)mail[i].prio, mail[i].name, strlen(mail[i].name));
    }
    if (qd < 0 || err != PL_OK) {
        printf("[intake] could not post the typed messages\n");
        return qd < 0 ? qd : err;
    }
    printf("[intake] posted 6 typed messages: type 2 for worker1, type 3 for worker2\n");
    return mq_close(qd);
}

/* Round 1: jobs by priority until a stop. */
static int take_jobs(int qd, int me)
{
    char name[JOB_SIZE + 1u];
    uint32_t prio;
    for (;;) {
        int n = mq_receive(qd, name, JOB_SIZE, &prio);
        if (n < 0) {
            return n;
        }
        name[n] = '\0';
        if (strcmp(name, "stop") == 0) {
            return PL_OK;
        }
        printf("[worker%d] took '%s' (priority %lu)\n", me, name, (unsigned long)prio);
        pl_sleep(20); /* the work: the other worker takes the next one meanwhile */
    }
}

/* Round 2: the worker's own type, in the order posted, until its end. */
static int take_mail(int qd, int me)
{
    char text[JOB_SIZE + 1u];
    int32_t type = TYPE_FIRST + me - 1, got;
    for (;;) {
        int n = mq_msgrcv(qd, type, text, JOB_SIZE, &got);
        if (n < 0) {
            return n;
        }
        text[n] = '\0';
        if (strcmp(text, "end") == 0) {
            return PL_OK;
        }
        printf("[worker%d] type %ld: '%s'\n", me, (long)got, text);
    }
}

static int worker_run(uint32_t options)
{
    int me = PL_TASK_INDEX(pl_task_self()) == TASK_WORKER1 ? 1 : 2, qd;
    unsigned tries = 0;
    (void)options;
    while ((qd = mq_open("jobs", MQ_O_RDONLY, 0, 0)) == PL_ENOENT && ++tries < OPEN_TRIES) {
        pl_sleep(10);
    }
    if (qd < 0) {
        return qd;
    }
    int err = take_jobs(qd, me);
    if (err == PL_OK) {
        err = take_mail(qd, me);
    }
    int closed = mq_close(qd);
    return err != PL_OK ? err : closed;
}

int dispatch_main(void)
{
    return demo_serve(dispatch_run);
}

int intake_main(void)
{
    return demo_serve(intake_run);
}

int worker_main(void)
{
    return demo_serve(worker_run);
}

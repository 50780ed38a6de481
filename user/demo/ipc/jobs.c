/*
 * user/demo/ipc/jobs.c - a message queue with priorities between a dispatcher and two
 * workers (system.ini): the dispatcher, more urgent, queues six jobs at once; the workers
 * then take them, the most urgent first, whichever worker asks.
 */
#include <stdio.h>
#include <string.h>

#include "../../../servers/mqueue/mq_client.h"
#include "parley.h"
#include "system.h"

int dispatch_main(void);
int worker_main(void);

struct job {
    const char *name;
    uint32_t prio;
};

static const struct job jobs[] = {{"cleanup", 1}, {"build", 5},   {"release", 9},
                                  {"test", 5},    {"archive", 2}, {"docs", 3}};

int dispatch_main(void)
{
    struct mq_attr attr = {8, 16, 0, 0};
    int qd = mq_open("jobs", MQ_O_CREAT | MQ_O_WRONLY, MQ_MODE_ALL, &attr);
    for (unsigned i = 0; qd >= 0 && i < sizeof(jobs) / sizeof(jobs[0]); i++) {
        mq_send(qd, jobs[i].name, strlen(jobs[i].name), jobs[i].prio);
    }
    printf("[dispatch] queued 6 jobs in the order cleanup, build, release, test, archive, docs\n");
    return 0;
}

int worker_main(void)
{
    char name[17];
    uint32_t prio;
    int qd;
    while ((qd = mq_open("jobs", MQ_O_RDONLY, 0, 0)) == PL_ENOENT) {
        pl_sleep(10);
    }
    for (;;) {
        int n = mq_receive(qd, name, 16, &prio);
        if (n < 0) {
            return 1;
        }
        name[n] = '\0';
        printf("[worker%d] took '%s' (priority %lu)\n",
               PL_TASK_INDEX(pl_task_self()) == TASK_WORKER1 ? 1 : 2, name, (unsigned long)prio);
        pl_sleep(20); /* the work */
    }
}

/*
 * user/demo/demos/runner.c - the demo runner (task `demos`, protocol parley/demo.h): the table of
 * the IPC catalogue's demos the shell can start with `demo <name>`, and the bookkeeping of
 * one run: which of a demo's tasks are parked waiting for their go, which are still running,
 * the first failure, and the time limit.
 *
 * Adding a demo: write its task(s) with demo_serve() (demo_task.c), declare them in
 * user/demo/system.ini (send rights on `demos`), and add a row to `demos` below naming them
 * and, if it has any, its option words (bit i of the go's w1 is options[i]).
 *
 * It is a plain task: it receives on its endpoint and answers calls late, nothing more.
 */
#include <stdio.h>
#include <string.h>

#include <parley/demo.h>

#include "parley.h"
#include "system.h"

#define DEMO_TASKS_MAX   4u
#define DEMO_OPTIONS_MAX 2u
#define DEMO_TIME_LIMIT  (5u * SYSTEM_TICK_HZ) /* from the go to the last task's report */
#define DEMO_ARM_LIMIT   (1u * SYSTEM_TICK_HZ) /* for the tasks' answers to DEMO_ARM */

struct demo_task {
    const char *name;
    uint32_t badge; /* its badge on `demos`: who is calling */
};

struct demo {
    const char *name;
    const char *options[DEMO_OPTIONS_MAX]; /* option words, NULL after the last */
    const char *usage;                     /* the options as `demo` lists them */
    const char *about;
    struct demo_task tasks[DEMO_TASKS_MAX];
    unsigned ntasks;
};

static const struct demo demos[] = {
    {"pipe",
     {NULL},
     "",
     "ls | wc through an unnamed pipe, stdio at both ends",
     {{"ls", BADGE_DEMOS_LS}, {"wc", BADGE_DEMOS_WC}},
     2},
    {"fifo",
     {NULL},
     "",
     "a named FIFO between two unrelated tasks",
     {{"collector", BADGE_DEMOS_COLLECTOR}, {"logger", BADGE_DEMOS_LOGGER}},
     2},
    {"mq",
     {NULL},
     "",
     "a message queue: priorities, then typed messages; 2 senders, 2 workers",
     {{"dispatch", BADGE_DEMOS_DISPATCH},
      {"intake", BADGE_DEMOS_INTAKE},
      {"worker1", BADGE_DEMOS_WORKER1},
      {"worker2", BADGE_DEMOS_WORKER2}},
     4},
    {"prodcons",
     {"--no-sync", NULL},
     "[--no-sync]",
     "a bounded buffer in shared memory: 2 semaphores, a mutex",
     {{"p1", BADGE_DEMOS_P1},
      {"p2", BADGE_DEMOS_P2},
      {"c1", BADGE_DEMOS_C1},
      {"c2", BADGE_DEMOS_C2}},
     4},
};
#define DEMO_COUNT (sizeof(demos) / sizeof(demos[0]))

/* One task of one demo. */
struct slot {
    uint32_t parked; /* reply handle of its DEMO_READY call, 0 while it is not parked */
    int running;     /* asked DEMO_ARM, or given the go, and not back yet */
};

struct runner {
    struct slot slots[DEMO_COUNT][DEMO_TASKS_MAX];
    const struct demo *d; /* the demo running, or NULL */
    unsigned di;
    uint32_t shell;   /* the shell's DEMO_RUN call, answered when the run is over */
    uint32_t options; /* the run's option bits */
    int arming;       /* asked its tasks DEMO_ARM; the go is not given yet */
    uint32_t number;  /* runs since boot, all demos: the go's w0, which each task reports */
    uint32_t runs[DEMO_COUNT]; /* runs of each demo, as the shell's line counts them */
    uint64_t deadline;
    int result;      /* the first failure of this run, PL_OK so far */
    const char *who; /* ... and whose */
    unsigned left;   /* tasks not back yet */
    char typed[DEMO_TYPED_MAX + 1u];
    char line[DEMO_LINE_MAX];
};

static void not_ready(struct runner *r, const char *who);

static void answer(uint32_t client, int status, uint32_t w0, const char *text)
{
    struct pl_msg m = {.label = (uint32_t)status,
                       .w0 = w0,
                       .data = text,
                       .len = text ? (uint32_t)strlen(text) + 1u : 0u};
    (void)pl_reply(client, &m); /* a caller that stopped waiting: nothing to do */
}

/* The shell's answer: the run is over (all back, or the time limit passed). */
static void finish(struct runner *r, int timed_out)
{
    const struct demo *d = r->d;
    if (timed_out && r->arming) {
        for (unsigned i = 0; i < d->ntasks; i++) {
            if (r->slots[r->di][i].running) {
                not_ready(r, d->tasks[i].name);
                return;
            }
        }
    }
    if (timed_out) {
        for (unsigned i = d->ntasks; i-- > 0;) { /* the line names the first one late */
            if (r->slots[r->di][i].running) {
                snprintf(r->line, sizeof(r->line),
                         "demo %s: FAILED (run %lu): %s did not finish within %u s", d->name,
                         (unsigned long)r->runs[r->di], d->tasks[i].name,
                         DEMO_TIME_LIMIT / SYSTEM_TICK_HZ);
                r->slots[r->di][i].running = 0; /* it parks again when (if) it is done */
            }
        }
    } else if (r->result != PL_OK) {
        snprintf(r->line, sizeof(r->line), "demo %s: FAILED (run %lu): %s said %s", d->name,
                 (unsigned long)r->runs[r->di], r->who, pl_strerror(r->result));
    } else {
        snprintf(r->line, sizeof(r->line), "demo %s: done (run %lu)", d->name,
                 (unsigned long)r->runs[r->di]);
    }
    answer(r->shell, PL_OK, timed_out || r->result != PL_OK, r->line);
    r->d = NULL;
}

static void failed(struct runner *r, const char *who, int err)
{
    if (r->result == PL_OK) {
        r->result = err;
        r->who = who;
    }
}

/* ---- DEMO_LIST ---- */

static void list(struct runner *r, const struct pl_recvd *in)
{
    if (in->w0 >= DEMO_COUNT) {
        answer(in->sender, PL_ENOENT, 0, NULL);
        return;
    }
    const struct demo *d = &demos[in->w0];
    snprintf(r->line, sizeof(r->line), "%s %s", d->name, d->usage);
    size_t n = strlen(r->line) + 1u;
    snprintf(r->line + n, sizeof(r->line) - n, "%s", d->about);
    struct pl_msg m = {
        .label = PL_OK, .data = r->line, .len = (uint32_t)(n + strlen(r->line + n) + 1u)};
    (void)pl_reply(in->sender, &m);
}

/* ---- DEMO_RUN ---- */

/* The option bits of the words after the name (strtok_r's `save`), or -1 (and the line says
 * which word). */
static int parse_options(struct runner *r, const struct demo *d, char **save)
{
    int bits = 0;
    for (char *word = strtok_r(NULL, " ", save); word; word = strtok_r(NULL, " ", save)) {
        unsigned i = 0;
        while (i < DEMO_OPTIONS_MAX && d->options[i] && strcmp(word, d->options[i]) != 0) {
            i++;
        }
        if (i == DEMO_OPTIONS_MAX || !d->options[i]) {
            snprintf(r->line, sizeof(r->line), "demo %s: unknown option '%s'", d->name, word);
            return -1;
        }
        bits |= 1 << i;
    }
    return bits;
}

/* The shell's answer when a task of the demo is not there (dead, or not back within
 * DEMO_ARM_LIMIT): no run. The others park again when they are done with what they were
 * doing. */
static void not_ready(struct runner *r, const char *who)
{
    snprintf(r->line, sizeof(r->line),
             "demo %s: %s is not ready (still busy with its last run, or it died)", r->d->name,
             who);
    for (unsigned i = 0; i < r->d->ntasks; i++) {
        r->slots[r->di][i].running = 0;
    }
    answer(r->shell, PL_OK, 1, r->line);
    r->d = NULL;
}

/* Every task of demo di that is parked is asked whether it is still there (DEMO_ARM): a task
 * that died while parked cannot be answered, and it is better found now, before its peers
 * start and wait for it. Those alive call DEMO_READY again at once; a task not parked (just
 * restarted, or finishing a run that passed the time limit) has DEMO_ARM_LIMIT to call it.
 * When all have, go() follows. */
static void arm(struct runner *r, unsigned di, uint32_t options, uint32_t shell)
{
    r->d = &demos[di];
    r->di = di;
    r->shell = shell;
    r->options = options;
    r->arming = 1;
    r->left = 0;
    r->deadline = pl_uptime() + DEMO_ARM_LIMIT;
    const char *gone = NULL;
    for (unsigned i = 0; i < r->d->ntasks; i++) {
        struct slot *s = &r->slots[di][i];
        struct pl_msg m = {.label = DEMO_ARM};
        s->running = !s->parked || pl_reply(s->parked, &m) == PL_OK;
        s->parked = 0;
        r->left += (unsigned)s->running;
        gone = gone || s->running ? gone : r->d->tasks[i].name;
    }
    if (gone) {
        not_ready(r, gone);
    }
}

/* Every task of the demo has answered DEMO_ARM: the go, with the run's number and options. */
static void go(struct runner *r)
{
    r->arming = 0;
    r->number++;
    r->runs[r->di]++;
    r->result = PL_OK;
    r->left = 0;
    r->deadline = pl_uptime() + DEMO_TIME_LIMIT;
    for (unsigned i = 0; i < r->d->ntasks; i++) {
        struct slot *s = &r->slots[r->di][i];
        struct pl_msg m = {.label = PL_OK, .w0 = r->number, .w1 = r->options};
        int err = pl_reply(s->parked, &m);
        s->parked = 0;
        s->running = err == PL_OK;
        r->left += (unsigned)s->running;
        if (err != PL_OK) {
            failed(r, r->d->tasks[i].name, err); /* it died in between */
        }
    }
    if (r->left == 0) {
        finish(r, 0);
    }
}

static void run(struct runner *r, const struct pl_recvd *in)
{
    uint32_t len = in->len < DEMO_TYPED_MAX ? in->len : DEMO_TYPED_MAX;
    r->typed[len] = '\0';
    char *save = NULL;
    char *name = strtok_r(r->typed, " ", &save);
    unsigned di = 0;
    while (di < DEMO_COUNT && (!name || strcmp(name, demos[di].name) != 0)) {
        di++;
    }
    int options = -1;
    if (r->d) {
        snprintf(r->line, sizeof(r->line), "demo: demo %s is running", r->d->name);
    } else if (di == DEMO_COUNT) {
        snprintf(r->line, sizeof(r->line), "demo: no demo named '%s'; type demo for the list",
                 name ? name : "");
    } else if ((options = parse_options(r, &demos[di], &save)) >= 0) {
        arm(r, di, (uint32_t)options, in->sender);
        return;
    }
    answer(in->sender, PL_OK, 1, r->line);
}

/* ---- DEMO_READY ---- */

static int find_task(uint32_t badge, unsigned *di, unsigned *ti)
{
    for (*di = 0; *di < DEMO_COUNT; (*di)++) {
        for (*ti = 0; *ti < demos[*di].ntasks; (*ti)++) {
            if (demos[*di].tasks[*ti].badge == badge) {
                return 1;
            }
        }
    }
    return 0;
}

static void ready(struct runner *r, const struct pl_recvd *in)
{
    unsigned di, ti;
    if (!find_task(in->badge, &di, &ti)) {
        answer(in->sender, PL_EPERM, 0, NULL);
        return;
    }
    struct slot *s = &r->slots[di][ti];
    int mine = r->d && di == r->di && s->running;
    s->parked = in->sender;
    if (!mine) {
        return; /* parked until its demo runs */
    }
    s->running = 0;
    r->left--;
    if (!r->arming) {
        /* a task restarted during the run reports run 0: its run did not finish */
        failed(r, demos[di].tasks[ti].name, in->w1 != r->number ? PL_EDEAD : (int)in->w0);
    }
    if (r->left == 0 && r->arming) {
        go(r);
    } else if (r->left == 0) {
        finish(r, 0);
    }
}

int demos_main(void)
{
    static struct runner r;
    for (;;) {
        struct pl_recvd in;
        uint64_t now = pl_uptime();
        uint32_t wait = !r.d               ? PL_WAIT_FOREVER
                        : r.deadline > now ? (uint32_t)(r.deadline - now)
                                           : PL_NO_WAIT;
        int err = pl_recv(EP_DEMOS, r.typed, DEMO_TYPED_MAX, &in, wait);
        if (err == PL_ETIMEDOUT || (err == PL_EAGAIN && r.d)) {
            finish(&r, 1);
            continue;
        }
        if (err != PL_OK && err != PL_ETRUNC) {
            continue;
        }
        if (in.label == DEMO_LIST) {
            list(&r, &in);
        } else if (in.label == DEMO_RUN) {
            run(&r, &in);
        } else if (in.label == DEMO_READY) {
            ready(&r, &in);
        } else {
            answer(in.sender, PL_EINVAL, 0, NULL);
        }
    }
}

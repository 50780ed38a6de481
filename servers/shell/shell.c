/*
 * servers/shell/shell.c - the interactive shell: reads lines from the console driver
 * (CONSOLE_READLINE), runs each command by asking the supervisor (task and endpoint
 * information, faults and restarts), and prints through stdout. Parsing and every line it
 * prints are in shell_parse.c, which the host tests check; this file only does the IPC.
 *
 * The shell is a client, not a server: it receives nothing. It needs, in the description
 * (README.md): send rights on 'console', 'supervisor' and 'names', and TIMER1 for `bench`.
 * When the console driver dies under a read, the shell waits for it to come back and asks
 * again; commands typed on one line with ';' between them run even while the console is
 * down (their output then goes to the kernel's console).
 */
#include <stdio.h>
#include <string.h>

#include <parley/console.h>
#include "../names/names_client.h"
#include "../supervisor/supervisor.h"
#include "parley.h"
#include "runtime.h"
#include "server.h"
#include "shell_bench.h"
#include "shell_demo.h"
#include "system.h"
#include "shell_parse.h"
#include "signals.h"
#include "system.h"

/* The narrator of a demo may hold the first prompt back until its story is told: if the
 * description gives the shell a notification, the first incarnation waits for bit 0 on it
 * (for at most SHELL_GO_TIMEOUT ticks). */
#ifdef NTFN_SHELL
#define SHELL_GO_NTFN NTFN_SHELL
#define SHELL_HAS_GO  1
#else
#define SHELL_GO_NTFN 0u
#define SHELL_HAS_GO  0
#endif
#define SHELL_GO_TIMEOUT   (10u * SYSTEM_TICK_HZ)
#define SHELL_OUTCOME_WAIT (3u * SYSTEM_TICK_HZ) /* how long fault/restart watch the task */
/* console probes while it is down: every 50 ms (at least a tick) */
#define SHELL_RETRY_TICKS (SYSTEM_TICK_HZ >= 20u ? SYSTEM_TICK_HZ / 20u : 1u)

struct shell {
    char line[CONSOLE_LINE_MAX + 1u];
    char out[160];                /* one formatted line */
    struct pl_task_status status; /* reply bytes of SUP_TASK_INFO */
    uint32_t cooldown_ms;         /* ... and its w0: a held task's cool-down left */
    int console_lost;             /* told the user the console went away; not back yet */
    int quiet;                    /* `quiet`: asked again before each prompt (a restarted
                                   * console driver starts loud) */
};

/* 1 if the console driver answers now. */
static int console_alive(void)
{
    struct console_stats stats;
    return pl_server_call(pl_rt->console_ep, CONSOLE_STATS, 0, 0, NULL, 0, NULL, &stats,
                          sizeof(stats)) == PL_OK;
}

/* One line to stdout, i.e. the console driver. When the driver is down, the C library waits
 * a while for it to come back before it gives up; a driver the supervisor holds does not come
 * back, so the shell asks first and then writes to the kernel's console at once. */
static void put(const char *line)
{
    if (console_alive()) {
        printf("%s\r\n", line);
        fflush(stdout);
    } else {
        pl_debug_write(line, strlen(line));
        pl_debug_write("\r\n", 2);
    }
}

/* One request to the supervisor; its status (or the IPC's failure). */
static int sup_call(uint32_t op, uint32_t w0, const void *data, size_t len, struct pl_recvd *rep,
                    void *buf, size_t cap)
{
    return pl_server_call(EP_SUPERVISOR, op, w0, 0, data, len, rep, buf, cap);
}

/* Task i's status into sh->status; *held and sh->cooldown_ms from the supervisor's policy. */
static int task_info(struct shell *sh, uint32_t i, int *held)
{
    struct pl_recvd rep;
    int err = sup_call(SUP_TASK_INFO, i, NULL, 0, &rep, &sh->status, sizeof(sh->status));
    *held = err == PL_OK && rep.w1 != 0;
    sh->cooldown_ms = *held ? rep.w0 : 0u;
    return err;
}

static int task_count(uint32_t *count)
{
    struct pl_recvd rep;
    int err = sup_call(SUP_TASK_COUNT, 0, NULL, 0, &rep, NULL, 0);
    *count = err == PL_OK ? rep.w0 : 0;
    return err;
}

static void say_failed(struct shell *sh, const char *cmd, const char *what, int err)
{
    sh_format_failed(sh->out, sizeof(sh->out), cmd, what, pl_strerror(err));
    put(sh->out);
}

/* ---- commands ---- */

static void cmd_help(struct shell *sh, const struct sh_words *w)
{
    (void)w;
    put("commands (several on one line: separate them with ';'):");
    for (unsigned i = 0; i < SH_CMD_COUNT; i++) {
        sh_format_help(sh->out, sizeof(sh->out), i);
        put(sh->out);
    }
}

static void cmd_ps(struct shell *sh, const struct sh_words *w)
{
    uint32_t count;
    int err = task_count(&count);
    if (err != PL_OK) {
        say_failed(sh, w->argv[0], "supervisor", err);
        return;
    }
    if (!BOARD_ISOLATED) { /* board.ini mpu = none: say it wherever tasks are listed */
        put("*** this board has no MPU: tasks are NOT isolated from each other or the kernel ***");
    }
    sh_format_ps_header(sh->out, sizeof(sh->out));
    put(sh->out);
    for (uint32_t i = 0; i < count; i++) {
        int held;
        err = task_info(sh, i, &held);
        if (err != PL_OK) {
            say_failed(sh, w->argv[0], "supervisor", err);
            return;
        }
        sh_format_ps_row(sh->out, sizeof(sh->out), i, &sh->status, held);
        put(sh->out);
    }
}

static void ipc_endpoints(struct shell *sh, const char *cmd)
{
    struct pl_ep_status ep;
    struct pl_recvd rep;
    sh_format_ep_header(sh->out, sizeof(sh->out));
    put(sh->out);
    for (uint32_t i = 0;; i++) {
        int err = sup_call(SUP_EP_INFO, i, NULL, 0, &rep, &ep, sizeof(ep));
        if (err == PL_ENOENT) {
            return; /* past the last endpoint */
        }
        if (err != PL_OK) {
            say_failed(sh, cmd, "supervisor", err);
            return;
        }
        sh_format_ep_row(sh->out, sizeof(sh->out), i, &ep);
        put(sh->out);
    }
}

static void cmd_ipc(struct shell *sh, const struct sh_words *w)
{
    uint32_t count;
    ipc_endpoints(sh, w->argv[0]);
    if (task_count(&count) != PL_OK) {
        return;
    }
    put("messages per task:");
    sh_format_msgs_header(sh->out, sizeof(sh->out));
    put(sh->out);
    for (uint32_t i = 0; i < count; i++) {
        int held;
        if (task_info(sh, i, &held) == PL_OK) {
            sh_format_msgs_row(sh->out, sizeof(sh->out), &sh->status);
            put(sh->out);
        }
    }
}

/* The index of the task named `name`, or a message and -1. */
static int find_task(struct shell *sh, const char *cmd, const char *name, uint32_t *index)
{
    struct pl_recvd rep;
    int err = sup_call(SUP_FIND, 0, name, strlen(name), &rep, NULL, 0);
    if (err == PL_ENOENT) {
        sh_format_no_task(sh->out, sizeof(sh->out), cmd, name);
        put(sh->out);
        return -1;
    }
    if (err != PL_OK) {
        say_failed(sh, cmd, "supervisor", err);
        return -1;
    }
    *index = rep.w0;
    return 0;
}

/* Watch task i until it runs again in a new generation, is held, or the wait is over. */
static void watch_outcome(struct shell *sh, const char *cmd, uint32_t i, uint32_t old_gen)
{
    uint64_t start = pl_uptime();
    int held = 0;
    for (;;) {
        uint32_t waited = (uint32_t)(pl_uptime() - start);
        if (task_info(sh, i, &held) != PL_OK) {
            return;
        }
        int up = sh->status.state == PL_TASK_READY || sh->status.state == PL_TASK_BLOCKED;
        if (held || (up && PL_TASK_GEN(sh->status.id) != old_gen) || waited >= SHELL_OUTCOME_WAIT) {
            sh_format_outcome(sh->out, sizeof(sh->out), cmd, &sh->status, old_gen, held,
                              sh->cooldown_ms, waited);
            put(sh->out);
            return;
        }
        pl_sleep(1);
    }
}

/* fault and restart: find the task, ask the supervisor, watch what becomes of it. */
static void cmd_lifecycle(struct shell *sh, const struct sh_words *w, unsigned cmd, uint32_t op)
{
    uint32_t i;
    int held;
    if (find_task(sh, w->argv[0], w->argv[1], &i) != 0) {
        return;
    }
    int err = task_info(sh, i, &held);
    uint32_t old_gen = PL_TASK_GEN(sh->status.id);
    if (err == PL_OK) {
        err = sup_call(op, i, NULL, 0, NULL, NULL, 0);
    }
    if (err != PL_OK) {
        sh_format_refused(sh->out, sizeof(sh->out), cmd, w->argv[1], err, pl_strerror(err));
        put(sh->out);
        return;
    }
    watch_outcome(sh, w->argv[0], i, old_gen);
}

static void cmd_fault(struct shell *sh, const struct sh_words *w)
{
    cmd_lifecycle(sh, w, SH_CMD_FAULT, SUP_FAULT);
}

static void cmd_restart(struct shell *sh, const struct sh_words *w)
{
    cmd_lifecycle(sh, w, SH_CMD_RESTART, SUP_RESTART);
}

/* kill: find the task, send the signal; the kernel judges the number and the permission. */
static void cmd_kill(struct shell *sh, const struct sh_words *w)
{
    int sig = sh_parse_signal(w->argv[2]);
    uint32_t i;
    if (sig < 0) {
        snprintf(sh->out, sizeof(sh->out), "kill: unknown signal '%s'", w->argv[2]);
        put(sh->out);
        return;
    }
    if (find_task(sh, w->argv[0], w->argv[1], &i) != 0) {
        return;
    }
    int err = pl_kill(i, (uint32_t)sig);
    sh_format_kill(sh->out, sizeof(sh->out), w->argv[1], (uint32_t)sig, err, pl_strerror(err));
    put(sh->out);
}

static void cmd_uptime(struct shell *sh, const struct sh_words *w)
{
    (void)w;
    sh_format_uptime(sh->out, sizeof(sh->out), pl_uptime(), SYSTEM_TICK_HZ);
    put(sh->out);
}

static void cmd_bench(struct shell *sh, const struct sh_words *w)
{
    (void)w;
    shell_bench(sh->out, sizeof(sh->out), put);
}

/* CONSOLE_QUIET: w0 = lines of other tasks hidden so far. */
static int console_quiet(uint32_t on, uint32_t *hidden)
{
    struct pl_recvd rep = {0};
    int err = pl_server_call(pl_rt->console_ep, CONSOLE_QUIET, on, 0, NULL, 0, &rep, NULL, 0);
    *hidden = rep.w0;
    return err;
}

static void cmd_quiet(struct shell *sh, const struct sh_words *w)
{
    uint32_t hidden;
    int err = console_quiet(1u, &hidden);
    if (err != PL_OK) {
        say_failed(sh, w->argv[0], "console", err);
        return;
    }
    sh->quiet = 1;
    put("quiet: only the shell and the kernel's log print now; 'loud' shows the others again");
}

static void cmd_loud(struct shell *sh, const struct sh_words *w)
{
    uint32_t hidden;
    int err = console_quiet(0u, &hidden);
    if (err != PL_OK) {
        say_failed(sh, w->argv[0], "console", err);
        return;
    }
    sh->quiet = 0;
    sh_format_loud(sh->out, sizeof(sh->out), hidden);
    put(sh->out);
}

static void cmd_demo(struct shell *sh, const struct sh_words *w)
{
    shell_demo(w, sh->out, sizeof(sh->out), put);
}

typedef void (*shell_cmd_fn)(struct shell *sh, const struct sh_words *w);

static const shell_cmd_fn shell_cmds[SH_CMD_COUNT] = {
    [SH_CMD_HELP] = cmd_help,   [SH_CMD_PS] = cmd_ps,           [SH_CMD_IPC] = cmd_ipc,
    [SH_CMD_FAULT] = cmd_fault, [SH_CMD_RESTART] = cmd_restart, [SH_CMD_UPTIME] = cmd_uptime,
    [SH_CMD_BENCH] = cmd_bench, [SH_CMD_QUIET] = cmd_quiet,     [SH_CMD_LOUD] = cmd_loud,
    [SH_CMD_KILL] = cmd_kill,   [SH_CMD_DEMO] = cmd_demo,
};

/* Run every command of a typed line, in order. */
static void run_line(struct shell *sh)
{
    char *cursor = sh->line;
    for (char *cmd; (cmd = sh_next_command(&cursor)) != NULL;) {
        struct sh_words w;
        if (sh_split(cmd, &w) < 0) {
            sh_format_too_many(sh->out, sizeof(sh->out), w.argv[0]);
            put(sh->out);
            continue;
        }
        int c = sh_decode(&w, sh->out, sizeof(sh->out));
        if (c == SH_CMD_BAD) {
            put(sh->out);
        } else if (c != SH_CMD_EMPTY) {
            shell_cmds[c](sh, &w);
        }
    }
}

/* ---- reading lines ---- */

/* Wait until the console driver answers again (it died under a read). */
static void wait_for_console(struct shell *sh)
{
    if (!sh->console_lost) {
        put("[shell] the console driver went away while I was reading (EDEAD); "
            "I will ask again when it is back");
        sh->console_lost = 1;
    }
    while (!console_alive()) {
        pl_sleep(SHELL_RETRY_TICKS);
    }
    sh->console_lost = 0;
}

/* Prompt, then wait for one edited line from the console driver. */
static void read_line(struct shell *sh)
{
    for (;;) {
        struct pl_recvd rep;
        uint32_t hidden;
        if (sh->quiet) {
            (void)console_quiet(1u, &hidden); /* the driver may have restarted since */
        }
        printf("parley> ");
        fflush(stdout);
        int err = pl_server_call(pl_rt->console_ep, CONSOLE_READLINE, 0, 0, NULL, 0, &rep, sh->line,
                                 CONSOLE_LINE_MAX);
        if (err == PL_OK) {
            uint32_t len = rep.w0 < CONSOLE_LINE_MAX ? rep.w0 : CONSOLE_LINE_MAX;
            sh->line[len] = '\0';
            return;
        }
        if (err == PL_EDEAD) {
            wait_for_console(sh);
        } else {
            say_failed(sh, "shell", "console", err); /* EAGAIN: someone else is reading */
            pl_sleep(SYSTEM_TICK_HZ);
        }
    }
}

int shell_main(void)
{
    static struct shell sh;
    uint32_t bits;
    if (SHELL_HAS_GO && PL_TASK_GEN(pl_task_self()) == 1u) {
        (void)pl_ntfn_wait(SHELL_GO_NTFN, 1u, &bits, SHELL_GO_TIMEOUT);
    }
    for (;;) {
        read_line(&sh);
        run_line(&sh);
    }
}

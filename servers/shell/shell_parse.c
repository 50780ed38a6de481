/*
 * servers/shell/shell_parse.c - the shell's command table, line splitting and output
 * formatting (see shell_parse.h). Pure functions on caller buffers: no state, no system calls,
 * so the host tests see exactly what the shell prints.
 */
#include <stdio.h>
#include <string.h>

#include <parley/error.h>
#include <parley/signal.h>

#include "shell_parse.h"

const struct sh_command sh_commands[SH_CMD_COUNT] = {
    [SH_CMD_HELP] = {"help", "", "this list", 1},
    [SH_CMD_PS] = {"ps", "",
                   "every task: state, priority, generation, faults, restarts, stack, "
                   "messages",
                   1},
    [SH_CMD_IPC] = {"ipc", "", "every endpoint: messages, waiting senders and receivers", 1},
    [SH_CMD_FAULT] = {"fault", "<task>", "crash a task on purpose and watch it come back", 2},
    [SH_CMD_RESTART] = {"restart", "<task>", "restart a task now (also releases a held one)", 2},
    [SH_CMD_UPTIME] = {"uptime", "", "ticks and seconds since boot", 1},
    [SH_CMD_BENCH] = {"bench", "", "time system calls and call/reply round trips with TIMER1", 1},
    [SH_CMD_QUIET] = {"quiet", "", "show only the shell and the kernel's log, not other tasks", 1},
    [SH_CMD_LOUD] = {"loud", "", "show every task's lines again", 1},
    [SH_CMD_KILL] = {"kill", "<task> <sig>",
                     "send a signal: TERM, INT, KILL, USR1, ... or a number", 3},
    [SH_CMD_DEMO] = {"demo", "[<name>]", "list the IPC demos, or run one (demo pipe)", SH_ARGC_ANY},
};

static const struct {
    const char *name;
    uint32_t sig;
} sh_signals[] = {
    {"INT", PL_SIGINT},   {"KILL", PL_SIGKILL}, {"PIPE", PL_SIGPIPE}, {"ALRM", PL_SIGALRM},
    {"TERM", PL_SIGTERM}, {"CHLD", PL_SIGCHLD}, {"USR1", PL_SIGUSR1}, {"USR2", PL_SIGUSR2},
};

/* Decimal text of v: newlib-nano's printf (the tasks' C library) has no %llu. */
static const char *u64_text(char buf[24], uint64_t v)
{
    char *p = buf + 23;
    *p = '\0';
    do {
        *--p = (char)('0' + v % 10u);
        v /= 10u;
    } while (v);
    return p;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t';
}

char *sh_next_command(char **cursor)
{
    char *start = *cursor;
    if (start == NULL) {
        return NULL;
    }
    char *semi = strchr(start, ';');
    if (semi) {
        *semi = '\0';
        *cursor = semi + 1;
    } else {
        *cursor = NULL; /* this was the last one */
    }
    return start;
}

int sh_split(char *cmd, struct sh_words *w)
{
    w->argc = 0;
    for (char *p = cmd; *p;) {
        while (is_space(*p)) {
            *p++ = '\0';
        }
        if (*p == '\0') {
            break;
        }
        if (w->argc == SH_ARGS_MAX) {
            return -1;
        }
        w->argv[w->argc++] = p;
        while (*p && !is_space(*p)) {
            p++;
        }
    }
    return (int)w->argc;
}

static int usage(char *err, size_t cap, const struct sh_command *c)
{
    if (c->args[0]) {
        snprintf(err, cap, "%s: usage: %s %s", c->name, c->name, c->args);
    } else {
        snprintf(err, cap, "%s: takes no arguments", c->name);
    }
    return SH_CMD_BAD;
}

int sh_decode(const struct sh_words *w, char *err, size_t cap)
{
    if (w->argc == 0) {
        return SH_CMD_EMPTY;
    }
    for (unsigned i = 0; i < SH_CMD_COUNT; i++) {
        const struct sh_command *c = &sh_commands[i];
        if (strcmp(w->argv[0], c->name) == 0) {
            return w->argc == c->argc || c->argc == SH_ARGC_ANY ? (int)i : usage(err, cap, c);
        }
    }
    sh_format_unknown(err, cap, w->argv[0]);
    return SH_CMD_BAD;
}

int sh_format_help(char *buf, size_t cap, unsigned cmd)
{
    const struct sh_command *c = &sh_commands[cmd];
    char left[24];
    snprintf(left, sizeof(left), "%s %s", c->name, c->args);
    return snprintf(buf, cap, "  %-16s %s", left, c->help);
}

int sh_format_unknown(char *buf, size_t cap, const char *word)
{
    return snprintf(buf, cap, "unknown command '%s'; type help", word);
}

int sh_format_no_task(char *buf, size_t cap, const char *cmd, const char *name)
{
    return snprintf(buf, cap, "%s: no task named '%s'", cmd, name);
}

int sh_format_failed(char *buf, size_t cap, const char *cmd, const char *what, const char *err)
{
    return snprintf(buf, cap, "%s: %s: %s", cmd, what, err);
}

int sh_format_refused(char *buf, size_t cap, unsigned cmd, const char *task, int err,
                      const char *err_name)
{
    /* supervisor.h: EINVAL for the supervisor itself, and (fault) for a task already stopped;
     * EPERM for the idle task, which the kernel keeps ready at all times */
    const char *why = "";
    if (err == PL_EINVAL) {
        why = cmd == SH_CMD_FAULT ? " (the supervisor itself, or a task that is not running)"
                                  : " (the supervisor itself)";
    } else if (err == PL_EPERM && strcmp(task, "idle") == 0) {
        why = " (the idle task must always be ready to run)";
    }
    return snprintf(buf, cap, "%s: %s: %s%s", sh_commands[cmd].name, task, err_name, why);
}

int sh_parse_signal(const char *word)
{
    if (*word >= '0' && *word <= '9') {
        unsigned long v = 0;
        for (const char *p = word; *p; p++) {
            if (*p < '0' || *p > '9' || v > 1000u) {
                return -1;
            }
            v = v * 10u + (unsigned long)(*p - '0');
        }
        return v > 1000u ? -1 : (int)v;
    }
    if (strncmp(word, "SIG", 3) == 0) {
        word += 3;
    }
    for (unsigned i = 0; i < sizeof(sh_signals) / sizeof(sh_signals[0]); i++) {
        if (strcmp(word, sh_signals[i].name) == 0) {
            return (int)sh_signals[i].sig;
        }
    }
    return -1;
}

static const char *signal_name(uint32_t sig)
{
    for (unsigned i = 0; i < sizeof(sh_signals) / sizeof(sh_signals[0]); i++) {
        if (sh_signals[i].sig == sig) {
            return sh_signals[i].name;
        }
    }
    return "?";
}

int sh_format_kill(char *buf, size_t cap, const char *task, uint32_t sig, int err,
                   const char *err_name)
{
    if (err == PL_OK) {
        return snprintf(buf, cap, "kill: sent SIG%s (%lu) to %s", signal_name(sig),
                        (unsigned long)sig, task);
    }
    const char *why = err == PL_EINVAL  ? " (no such signal)"
                      : err == PL_EPERM ? " (the system description does not let the shell "
                                          "signal it)"
                      : err == PL_ESRCH ? " (not running, or the idle task)"
                                        : "";
    return snprintf(buf, cap, "kill: %s: %s%s", task, err_name, why);
}

int sh_format_too_many(char *buf, size_t cap, const char *first)
{
    return snprintf(buf, cap, "%s: too many words (a command has at most %u)", first, SH_ARGS_MAX);
}

const char *sh_state_name(uint32_t state)
{
    static const char *const names[] = {"ready", "blocked", "faulted", "exited"};
    return state < sizeof(names) / sizeof(names[0]) ? names[state] : "?";
}

int sh_format_ps_header(char *buf, size_t cap)
{
    return snprintf(buf, cap, "%2s  %-12s %-8s %4s %4s %6s %8s %11s %7s %7s  %s", "#", "name",
                    "state", "prio", "gen", "faults", "restarts", "stack", "sent", "recvd", "held");
}

int sh_format_ps_row(char *buf, size_t cap, uint32_t index, const struct pl_task_status *st,
                     int held)
{
    char stack[24];
    snprintf(stack, sizeof(stack), "%lu/%lu", (unsigned long)st->stack_used,
             (unsigned long)st->stack_size);
    return snprintf(
        buf, cap, "%2lu  %-12s %-8s %4lu %4lu %6lu %8lu %11s %7lu %7lu  %s", (unsigned long)index,
        st->name, sh_state_name(st->state), (unsigned long)st->priority,
        (unsigned long)PL_TASK_GEN(st->id), (unsigned long)st->faults, (unsigned long)st->restarts,
        stack, (unsigned long)st->msgs_sent, (unsigned long)st->msgs_received, held ? "held" : "-");
}

int sh_format_ep_header(char *buf, size_t cap)
{
    return snprintf(buf, cap, "%2s  %-12s %9s %16s %18s", "#", "endpoint", "messages",
                    "waiting senders", "waiting receivers");
}

int sh_format_ep_row(char *buf, size_t cap, uint32_t index, const struct pl_ep_status *ep)
{
    return snprintf(buf, cap, "%2lu  %-12s %9lu %16lu %18lu", (unsigned long)index, ep->name,
                    (unsigned long)ep->messages, (unsigned long)ep->senders,
                    (unsigned long)ep->receivers);
}

int sh_format_msgs_header(char *buf, size_t cap)
{
    return snprintf(buf, cap, "    %-12s %9s %9s", "task", "sent", "received");
}

int sh_format_msgs_row(char *buf, size_t cap, const struct pl_task_status *st)
{
    return snprintf(buf, cap, "    %-12s %9lu %9lu", st->name, (unsigned long)st->msgs_sent,
                    (unsigned long)st->msgs_received);
}

int sh_format_uptime(char *buf, size_t cap, uint64_t ticks, uint32_t tick_hz)
{
    uint64_t ms = tick_hz ? ticks * 1000u / tick_hz : 0;
    char t[24], s[24];
    return snprintf(buf, cap, "uptime: %s ticks = %s.%03u s (tick %lu Hz)", u64_text(t, ticks),
                    u64_text(s, ms / 1000u), (unsigned)(ms % 1000u), (unsigned long)tick_hz);
}

int sh_format_loud(char *buf, size_t cap, uint32_t hidden)
{
    return snprintf(buf, cap,
                    "loud: every task prints again (%lu line%s of other tasks hidden "
                    "while quiet)",
                    (unsigned long)hidden, hidden == 1u ? "" : "s");
}

int sh_format_outcome(char *buf, size_t cap, const char *cmd, const struct pl_task_status *st,
                      uint32_t old_gen, int held, uint32_t cooldown_ms, uint32_t waited)
{
    uint32_t gen = PL_TASK_GEN(st->id);
    if (held) {
        /* the way back that needs no typing first: a held console reads no keys */
        return snprintf(buf, cap,
                        "%s: %s is held by the supervisor (restarted %lu times so far); "
                        "back by itself in %lu s, or at once with 'restart %s'",
                        cmd, st->name, (unsigned long)st->restarts,
                        (unsigned long)((cooldown_ms + 999u) / 1000u), st->name);
    }
    int up = st->state == PL_TASK_READY || st->state == PL_TASK_BLOCKED;
    if (gen != old_gen && up) {
        return snprintf(buf, cap, "%s: %s is back as generation %lu after %lu ticks", cmd, st->name,
                        (unsigned long)gen, (unsigned long)waited);
    }
    return snprintf(buf, cap, "%s: %s is still %s after %lu ticks (generation %lu); see ps", cmd,
                    st->name, sh_state_name(st->state), (unsigned long)waited, (unsigned long)gen);
}

int sh_format_bench_header(char *buf, size_t cap)
{
    return snprintf(buf, cap, "  %-28s %6s %9s %10s %9s", "operation", "ops", "counts", "counts/op",
                    "ns/op");
}

int sh_format_bench_row(char *buf, size_t cap, const char *what, uint32_t ops, uint32_t counts,
                        uint32_t timer_hz)
{
    if (ops == 0 || timer_hz == 0) {
        return snprintf(buf, cap, "  %-28s not measured", what);
    }
    /* hundredths of a count per operation, rounded */
    uint64_t centi = ((uint64_t)counts * 100u + ops / 2u) / ops;
    /* nanoseconds of QEMU's virtual clock per operation (= instructions under -icount) */
    uint64_t ns = ((uint64_t)counts * (1000000000u / timer_hz) + ops / 2u) / ops;
    char c[24], n[24], per[32];
    snprintf(per, sizeof(per), "%s.%02u", u64_text(c, centi / 100u), (unsigned)(centi % 100u));
    return snprintf(buf, cap, "  %-28s %6lu %9lu %10s %9s", what, (unsigned long)ops,
                    (unsigned long)counts, per, u64_text(n, ns));
}

/*
 * servers/shell/shell_parse.h - the shell's portable half: splitting a typed line into
 * commands and words, deciding which command it is, and formatting every line the shell
 * prints. Nothing here makes a system call, so it is unit-tested on the host
 * (tests/host/test_shell_parse.c); servers/shell/shell.c does the IPC.
 *
 * Every formatter writes one NUL-terminated line (without its line end) into buf and returns
 * what snprintf returns; a line longer than cap is cut, never overrun.
 */
#ifndef SERVERS_SHELL_PARSE_H
#define SERVERS_SHELL_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include <parley/task.h>

#define SH_ARGS_MAX 4u /* words per command, the command's name included */

enum sh_cmd {
    SH_CMD_HELP,
    SH_CMD_PS,
    SH_CMD_IPC,
    SH_CMD_FAULT,
    SH_CMD_RESTART,
    SH_CMD_UPTIME,
    SH_CMD_BENCH,
    SH_CMD_QUIET,
    SH_CMD_LOUD,
    SH_CMD_KILL,
    SH_CMD_DEMO,
    SH_CMD_COUNT,
    SH_CMD_EMPTY = -1, /* nothing typed: not an error, just a new prompt */
    SH_CMD_BAD = -2,   /* unknown command or wrong arguments: the message says which */
};

struct sh_command {
    const char *name;
    const char *args; /* "" or e.g. "<task>": shown by help and in usage messages */
    const char *help; /* one line */
    unsigned argc;    /* words expected, the name included; SH_ARGC_ANY: the command checks */
};

#define SH_ARGC_ANY 0u

extern const struct sh_command sh_commands[SH_CMD_COUNT];

struct sh_words {
    unsigned argc;
    char *argv[SH_ARGS_MAX];
};

/* Cut the next command off *cursor (commands are separated by ';') and return it, or NULL
 * when the line is used up. The line is changed in place. */
char *sh_next_command(char **cursor);

/* Split a command into words separated by spaces or tabs, in place. Returns the number of
 * words, or -1 if there are more than SH_ARGS_MAX (argc then holds SH_ARGS_MAX). */
int sh_split(char *cmd, struct sh_words *w);

/* Which command the words name, with its argument count checked. On SH_CMD_BAD the message
 * for the user is in err. */
int sh_decode(const struct sh_words *w, char *err, size_t cap);

/* ---- lines the shell prints ---- */
int sh_format_help(char *buf, size_t cap, unsigned cmd);
int sh_format_unknown(char *buf, size_t cap, const char *word);
int sh_format_no_task(char *buf, size_t cap, const char *cmd, const char *name);
/* A request that failed: "ps: supervisor: EDEAD" (what names the task or the service). */
int sh_format_failed(char *buf, size_t cap, const char *cmd, const char *what, const char *err);
/* The supervisor refused `fault` or `restart` of task: the error (err, named err_name) and,
 * where the protocol says, why. */
int sh_format_refused(char *buf, size_t cap, unsigned cmd, const char *task, int err,
                      const char *err_name);
int sh_format_too_many(char *buf, size_t cap, const char *first);

const char *sh_state_name(uint32_t state);
int sh_format_ps_header(char *buf, size_t cap);
int sh_format_ps_row(char *buf, size_t cap, uint32_t index, const struct pl_task_status *st,
                     int held);

int sh_format_ep_header(char *buf, size_t cap);
int sh_format_ep_row(char *buf, size_t cap, uint32_t index, const struct pl_ep_status *ep);
int sh_format_msgs_header(char *buf, size_t cap);
int sh_format_msgs_row(char *buf, size_t cap, const struct pl_task_status *st);

/* `kill`: the signal a word names (TERM, SIGTERM or 15; any number is passed on for the kernel
 * to judge), or -1 for a name that is no signal. */
int sh_parse_signal(const char *word);
/* What `kill task sig` gave: sent, or the kernel's refusal (err, named err_name) and why. */
int sh_format_kill(char *buf, size_t cap, const char *task, uint32_t sig, int err,
                   const char *err_name);

int sh_format_uptime(char *buf, size_t cap, uint64_t ticks, uint32_t tick_hz);

/* `loud` after `quiet`: how many lines of other tasks the console did not show. */
int sh_format_loud(char *buf, size_t cap, uint32_t hidden);

/* What became of a task after `fault` or `restart`: back (with its new generation), held by
 * the supervisor (back by itself after cooldown_ms, SUP_TASK_INFO's w0), or still down after
 * `waited` ticks. */
int sh_format_outcome(char *buf, size_t cap, const char *cmd, const struct pl_task_status *st,
                      uint32_t old_gen, int held, uint32_t cooldown_ms, uint32_t waited);

/* One benchmark figure: `counts` timer counts for `ops` operations; the timer counts QEMU's
 * virtual clock at timer_hz. The row gives counts/op and virtual ns/op, which under qemu
 * -icount shift=0 (1 ns per instruction) is instructions per op. */
int sh_format_bench_header(char *buf, size_t cap);
int sh_format_bench_row(char *buf, size_t cap, const char *what, uint32_t ops, uint32_t counts,
                        uint32_t timer_hz);

#endif

/*
 * tests/host/test_shell_parse.c - servers/shell/shell_parse.c: splitting typed lines into
 * commands and words, deciding the command, and every line the shell formats.
 */
#include <stdio.h>
#include <string.h>

#include <parley/error.h>
#include <parley/signal.h>

#include "shell_parse.h"
#include "harness.h"

static char out[256];

/* Decode one typed command (copied, since splitting changes it); the message lands in out. */
static int decode(const char *typed)
{
    static char line[128];
    struct sh_words w;
    snprintf(line, sizeof(line), "%s", typed);
    out[0] = '\0';
    if (sh_split(line, &w) < 0) {
        return -100;
    }
    return sh_decode(&w, out, sizeof(out));
}

static struct pl_task_status status(const char *name, uint32_t state, uint32_t gen)
{
    struct pl_task_status st;
    memset(&st, 0, sizeof(st));
    snprintf(st.name, sizeof(st.name), "%s", name);
    st.id = PL_TASK_ID(3u, gen);
    st.state = state;
    return st;
}

TEST(split_separates_words_on_spaces_and_tabs)
{
    char line[] = "  fault \t console  ";
    struct sh_words w;
    CHECK_EQ(sh_split(line, &w), 2);
    CHECK_STR_EQ(w.argv[0], "fault");
    CHECK_STR_EQ(w.argv[1], "console");
}

TEST(split_of_blank_line_gives_no_words)
{
    char line[] = " \t ";
    struct sh_words w;
    CHECK_EQ(sh_split(line, &w), 0);
}

TEST(split_refuses_too_many_words)
{
    char line[] = "a b c d e";
    struct sh_words w;
    CHECK_EQ(sh_split(line, &w), -1);
    CHECK_EQ(w.argc, SH_ARGS_MAX);
}

TEST(next_command_splits_on_semicolons)
{
    char line[] = "fault console; ps ;;uptime";
    char *cursor = line;
    CHECK_STR_EQ(sh_next_command(&cursor), "fault console");
    CHECK_STR_EQ(sh_next_command(&cursor), " ps ");
    CHECK_STR_EQ(sh_next_command(&cursor), "");
    CHECK_STR_EQ(sh_next_command(&cursor), "uptime");
    CHECK(sh_next_command(&cursor) == NULL);
}

TEST(next_command_of_plain_line_is_the_line)
{
    char line[] = "help";
    char *cursor = line;
    CHECK_STR_EQ(sh_next_command(&cursor), "help");
    CHECK(sh_next_command(&cursor) == NULL);
}

TEST(decode_knows_every_command)
{
    CHECK_EQ(decode("help"), SH_CMD_HELP);
    CHECK_EQ(decode("ps"), SH_CMD_PS);
    CHECK_EQ(decode("ipc"), SH_CMD_IPC);
    CHECK_EQ(decode("fault console"), SH_CMD_FAULT);
    CHECK_EQ(decode("restart console"), SH_CMD_RESTART);
    CHECK_EQ(decode("uptime"), SH_CMD_UPTIME);
    CHECK_EQ(decode("bench"), SH_CMD_BENCH);
    CHECK_EQ(decode("quiet"), SH_CMD_QUIET);
    CHECK_EQ(decode("loud"), SH_CMD_LOUD);
}

TEST(demo_takes_any_number_of_words_the_runner_judges_them)
{
    CHECK_EQ(decode("demo"), SH_CMD_DEMO);
    CHECK_EQ(decode("demo pipe"), SH_CMD_DEMO);
    CHECK_EQ(decode("demo prodcons --no-sync"), SH_CMD_DEMO);
    CHECK_EQ(decode("demo a b c d"), -100); /* more words than SH_ARGS_MAX: split refuses */
    CHECK_EQ(decode("fault"), SH_CMD_BAD);  /* the others still count their words */
}

TEST(quiet_and_loud_take_no_arguments)
{
    CHECK_EQ(decode("quiet ticker"), SH_CMD_BAD);
    CHECK_STR_EQ(out, "quiet: takes no arguments");
}

TEST(loud_counts_the_hidden_lines)
{
    sh_format_loud(out, sizeof(out), 12);
    CHECK_STR_EQ(out, "loud: every task prints again (12 lines of other tasks hidden while quiet)");
    sh_format_loud(out, sizeof(out), 1);
    CHECK_STR_EQ(out, "loud: every task prints again (1 line of other tasks hidden while quiet)");
}

TEST(decode_of_empty_command_is_not_an_error)
{
    CHECK_EQ(decode("   "), SH_CMD_EMPTY);
    CHECK_STR_EQ(out, "");
}

TEST(unknown_command_says_type_help)
{
    CHECK_EQ(decode("frobnicate now"), SH_CMD_BAD);
    CHECK_STR_EQ(out, "unknown command 'frobnicate'; type help");
}

TEST(commands_are_case_sensitive)
{
    CHECK_EQ(decode("PS"), SH_CMD_BAD);
    CHECK_STR_EQ(out, "unknown command 'PS'; type help");
}

TEST(fault_without_task_gives_usage)
{
    CHECK_EQ(decode("fault"), SH_CMD_BAD);
    CHECK_STR_EQ(out, "fault: usage: fault <task>");
}

TEST(restart_with_two_tasks_gives_usage)
{
    CHECK_EQ(decode("restart console shell"), SH_CMD_BAD);
    CHECK_STR_EQ(out, "restart: usage: restart <task>");
}

TEST(ps_with_argument_says_it_takes_none)
{
    CHECK_EQ(decode("ps -a"), SH_CMD_BAD);
    CHECK_STR_EQ(out, "ps: takes no arguments");
}

TEST(no_task_message_names_command_and_task)
{
    sh_format_no_task(out, sizeof(out), "fault", "x");
    CHECK_STR_EQ(out, "fault: no task named 'x'");
}

TEST(failed_request_names_command_target_and_error)
{
    sh_format_failed(out, sizeof(out), "fault", "supervisor", "EINVAL");
    CHECK_STR_EQ(out, "fault: supervisor: EINVAL");
}

TEST(refused_fault_explains_einval)
{
    sh_format_refused(out, sizeof(out), SH_CMD_FAULT, "supervisor", PL_EINVAL, "EINVAL");
    CHECK_STR_EQ(out, "fault: supervisor: EINVAL (the supervisor itself, or a task that is not "
                      "running)");
    sh_format_refused(out, sizeof(out), SH_CMD_RESTART, "supervisor", PL_EINVAL, "EINVAL");
    CHECK_STR_EQ(out, "restart: supervisor: EINVAL (the supervisor itself)");
}

TEST(refused_fault_or_restart_of_the_idle_task_explains_eperm)
{
    sh_format_refused(out, sizeof(out), SH_CMD_FAULT, "idle", PL_EPERM, "EPERM");
    CHECK_STR_EQ(out, "fault: idle: EPERM (the idle task must always be ready to run)");
    sh_format_refused(out, sizeof(out), SH_CMD_RESTART, "idle", PL_EPERM, "EPERM");
    CHECK_STR_EQ(out, "restart: idle: EPERM (the idle task must always be ready to run)");
}

TEST(refused_request_with_other_error_names_it_only)
{
    sh_format_refused(out, sizeof(out), SH_CMD_FAULT, "console", PL_EDEAD, "EDEAD");
    CHECK_STR_EQ(out, "fault: console: EDEAD");
}

TEST(too_many_words_names_the_limit)
{
    sh_format_too_many(out, sizeof(out), "ps");
    CHECK_STR_EQ(out, "ps: too many words (a command has at most 4)");
}

TEST(help_lines_name_each_command_with_its_arguments)
{
    sh_format_help(out, sizeof(out), SH_CMD_FAULT);
    CHECK_STR_EQ(out, "  fault <task>     crash a task on purpose and watch it come back");
    for (unsigned i = 0; i < SH_CMD_COUNT; i++) {
        sh_format_help(out, sizeof(out), i);
        CHECK_CONTAINS(out, sh_commands[i].name);
        CHECK(strlen(out) < 100);
    }
}

TEST(state_names_cover_every_state)
{
    CHECK_STR_EQ(sh_state_name(PL_TASK_READY), "ready");
    CHECK_STR_EQ(sh_state_name(PL_TASK_BLOCKED), "blocked");
    CHECK_STR_EQ(sh_state_name(PL_TASK_FAULTED), "faulted");
    CHECK_STR_EQ(sh_state_name(PL_TASK_EXITED), "exited");
    CHECK_STR_EQ(sh_state_name(99), "?");
}

TEST(ps_row_shows_every_column)
{
    struct pl_task_status st = status("console", PL_TASK_BLOCKED, 2);
    st.priority = 1;
    st.faults = 1;
    st.restarts = 1;
    st.stack_used = 344;
    st.stack_size = 1024;
    st.msgs_sent = 12;
    st.msgs_received = 140;
    sh_format_ps_row(out, sizeof(out), 0, &st, 0);
    CHECK_STR_EQ(out, " 0  console      blocked     1    2      1        1    344/1024      12     "
                      "140  -");
}

TEST(ps_row_lines_up_with_header)
{
    char head[256];
    struct pl_task_status st = status("ticker", PL_TASK_FAULTED, 7);
    sh_format_ps_header(head, sizeof(head));
    sh_format_ps_row(out, sizeof(out), 12, &st, 1);
    CHECK_EQ(strlen(out), strlen(head));
    CHECK_CONTAINS(out, "faulted");
    CHECK(strstr(out, "held") == out + strlen(out) - 4);
}

TEST(ipc_rows_line_up_with_headers)
{
    char head[256];
    struct pl_ep_status ep = {.messages = 812, .senders = 0, .receivers = 1, .name = "console"};
    sh_format_ep_header(head, sizeof(head));
    sh_format_ep_row(out, sizeof(out), 0, &ep);
    CHECK_EQ(strlen(out), strlen(head));
    CHECK_STR_EQ(out, " 0  console            812                0                  1");
    struct pl_task_status st = status("hello", PL_TASK_BLOCKED, 1);
    st.msgs_sent = 5;
    st.msgs_received = 6;
    sh_format_msgs_header(head, sizeof(head));
    sh_format_msgs_row(out, sizeof(out), &st);
    CHECK_EQ(strlen(out), strlen(head));
    CHECK_STR_EQ(out, "    hello                5         6");
}

TEST(uptime_gives_ticks_and_seconds)
{
    sh_format_uptime(out, sizeof(out), 12345, 1000);
    CHECK_STR_EQ(out, "uptime: 12345 ticks = 12.345 s (tick 1000 Hz)");
    sh_format_uptime(out, sizeof(out), 250, 100);
    CHECK_STR_EQ(out, "uptime: 250 ticks = 2.500 s (tick 100 Hz)");
}

TEST(uptime_counts_past_32_bits)
{
    sh_format_uptime(out, sizeof(out), 5000000000ull, 1000);
    CHECK_STR_EQ(out, "uptime: 5000000000 ticks = 5000000.000 s (tick 1000 Hz)");
}

TEST(uptime_survives_a_zero_tick_rate)
{
    sh_format_uptime(out, sizeof(out), 7, 0);
    CHECK_STR_EQ(out, "uptime: 7 ticks = 0.000 s (tick 0 Hz)");
}

TEST(outcome_reports_new_generation_when_back)
{
    struct pl_task_status st = status("console", PL_TASK_BLOCKED, 3);
    sh_format_outcome(out, sizeof(out), "fault", &st, 2, 0, 0, 4);
    CHECK_STR_EQ(out, "fault: console is back as generation 3 after 4 ticks");
}

TEST(outcome_reports_held_task_its_cooldown_and_how_to_release_it)
{
    struct pl_task_status st = status("console", PL_TASK_FAULTED, 4);
    st.restarts = 3;
    sh_format_outcome(out, sizeof(out), "fault", &st, 4, 1, 9001, 0);
    CHECK_STR_EQ(out, "fault: console is held by the supervisor (restarted 3 times so far); "
                      "back by itself in 10 s, or at once with 'restart console'");
}

TEST(outcome_reports_task_still_down)
{
    struct pl_task_status st = status("intruder", PL_TASK_FAULTED, 1);
    sh_format_outcome(out, sizeof(out), "fault", &st, 1, 0, 0, 2000);
    CHECK_STR_EQ(out, "fault: intruder is still faulted after 2000 ticks (generation 1); see ps");
}

TEST(bench_row_gives_counts_and_ns_per_op)
{
    /* 25 MHz: one count is 40 ns of virtual time, 40 instructions under -icount shift=0 */
    sh_format_bench_row(out, sizeof(out), "null system call", 10000, 14500, 25000000);
    CHECK_STR_EQ(out, "  null system call              10000     14500       1.45        58");
}

TEST(bench_row_lines_up_with_header)
{
    char head[256];
    sh_format_bench_header(head, sizeof(head));
    sh_format_bench_row(out, sizeof(out), "call/reply, registers only", 2000, 8623169, 25000000);
    CHECK_EQ(strlen(out), strlen(head));
    CHECK_CONTAINS(out, "4311.58");
    CHECK_CONTAINS(out, "172463");
}

TEST(bench_row_without_operations_says_not_measured)
{
    sh_format_bench_row(out, sizeof(out), "call/reply", 0, 5, 25000000);
    CHECK_CONTAINS(out, "not measured");
}

TEST(bench_row_does_not_overflow_on_large_counts)
{
    sh_format_bench_row(out, sizeof(out), "x", 1, 0xffffffffu, 25000000);
    CHECK_CONTAINS(out, "4294967295.00");
    CHECK_CONTAINS(out, "171798691800");
}

TEST(formatters_cut_long_lines_without_overrun)
{
    char small[16];
    memset(small, 'x', sizeof(small));
    sh_format_unknown(small, 8, "a-very-long-command-name");
    CHECK_EQ(strlen(small), 7);
    CHECK_EQ(small[8], 'x');
}

TEST(kill_takes_a_signal_by_name_with_or_without_sig_or_by_number)
{
    CHECK_EQ(sh_parse_signal("TERM"), PL_SIGTERM);
    CHECK_EQ(sh_parse_signal("SIGTERM"), PL_SIGTERM);
    CHECK_EQ(sh_parse_signal("KILL"), PL_SIGKILL);
    CHECK_EQ(sh_parse_signal("USR2"), PL_SIGUSR2);
    CHECK_EQ(sh_parse_signal("15"), 15);
    CHECK_EQ(sh_parse_signal("3"), 3); /* a number goes to the kernel, which judges it */
    CHECK_EQ(sh_parse_signal("FOO"), -1);
    CHECK_EQ(sh_parse_signal("SIG"), -1);
    CHECK_EQ(sh_parse_signal("term"), -1);
    CHECK_EQ(sh_parse_signal("1x"), -1);
    CHECK_EQ(sh_parse_signal("99999999999"), -1);
}

TEST(kill_says_what_it_sent_or_why_the_kernel_refused)
{
    char out[128];
    sh_format_kill(out, sizeof(out), "ticker", PL_SIGTERM, PL_OK, "OK");
    CHECK_STR_EQ(out, "kill: sent SIGTERM (15) to ticker");
    sh_format_kill(out, sizeof(out), "idle", PL_SIGKILL, PL_ESRCH, "ESRCH");
    CHECK_STR_EQ(out, "kill: idle: ESRCH (not running, or the idle task)");
    sh_format_kill(out, sizeof(out), "ticker", 3, PL_EINVAL, "EINVAL");
    CHECK_STR_EQ(out, "kill: ticker: EINVAL (no such signal)");
    sh_format_kill(out, sizeof(out), "a", PL_SIGINT, PL_EPERM, "EPERM");
    CHECK_STR_EQ(out, "kill: a: EPERM (the system description does not let the shell signal it)");
    CHECK_EQ(decode("kill ticker TERM"), SH_CMD_KILL);
    CHECK_EQ(decode("kill ticker"), SH_CMD_BAD);
}

/*
 * tests/host/test_console_server.c - servers/console/console_core.c: the console server's
 * request handling without the UART. Line assembly (whole lines per client, wrapping, stale
 * unfinished lines, a full transmit ring), the line editor behind CONSOLE_READLINE (echo,
 * backspace, Ctrl-U, Enter, overflow, one reader at a time) and the terminal line shared by
 * both. What would go to the UART is read back from the transmit ring.
 */
#include <string.h>

#include "console_core.h"
#include "harness.h"

/* badges */
#define READER       5u
#define OTHER        6u
#define READER_CALL  0x105u /* reply handle of the reader's call */
#define OUT_CAPACITY (CONS_TX_SIZE + 1u)

static struct cons_state st;

static void start(void)
{
    cons_init(&st, CONS_FIRST_START);
}

/* CONSOLE_WRITE from `badge`: how many bytes the console took. */
static uint32_t write_as(uint32_t badge, const char *s)
{
    struct pl_request req = {.op = CONSOLE_WRITE,
                             .badge = badge,
                             .client = 0x100u + badge,
                             .data = s,
                             .len = (uint32_t)strlen(s)};
    struct pl_reply rep = {0};
    CHECK_EQ(cons_write(&st, &req, &rep), PL_OK);
    return rep.w0;
}

/* Everything queued for the UART since the last call, as a string. */
static const char *out(void)
{
    static char text[OUT_CAPACITY];
    uint32_t n = 0;
    while (cons_tx_pending(&st) > 0) {
        text[n++] = (char)cons_tx_get(&st);
    }
    text[n] = '\0';
    return text;
}

static int readline_as(uint32_t badge, uint32_t client, struct pl_reply *rep)
{
    struct pl_request req = {.op = CONSOLE_READLINE, .badge = badge, .client = client};
    *rep = (struct pl_reply){0};
    return cons_readline(&st, &req, rep);
}

static void type(const char *keys)
{
    for (; *keys; keys++) {
        cons_rx_put(&st, (uint8_t)*keys);
    }
}

/* The line a finished READLINE carries, as a string. */
static const char *line_of(const struct pl_reply *rep)
{
    static char text[CONSOLE_LINE_MAX + 1u];
    CHECK_EQ(rep->w0, rep->len);
    memcpy(text, rep->data, rep->len);
    text[rep->len] = '\0';
    return text;
}

/* Type `keys` for a reader already waiting: the reply handle if they complete its line. */
static uint32_t type_and_edit(const char *keys, struct pl_reply *rep)
{
    type(keys);
    *rep = (struct pl_reply){0};
    return cons_edit(&st, rep);
}

/* ---- line assembly ---- */

TEST(whole_line_is_printed_with_crlf)
{
    start();
    CHECK_EQ(write_as(1, "hello\n"), 6);
    CHECK_STR_EQ(out(), "hello\r\n");
}

TEST(unfinished_line_is_held_until_its_newline)
{
    start();
    CHECK_EQ(write_as(1, "abc"), 3);
    CHECK_STR_EQ(out(), "");
    write_as(1, "def\n");
    CHECK_STR_EQ(out(), "abcdef\r\n");
}

TEST(two_clients_interleaving_writes_produce_whole_lines)
{
    start();
    write_as(1, "one-");
    write_as(2, "two-");
    write_as(1, "a");
    write_as(2, "b\nthree-");
    write_as(1, "\n");
    write_as(2, "c\n");
    CHECK_STR_EQ(out(), "two-b\r\none-a\r\nthree-c\r\n");
}

TEST(three_clients_writing_in_pieces_never_mix_inside_a_line)
{
    start();
    static const char *const pieces[] = {"client N line K: ", "aaaa ", "bbbb ", "end\n"};
    for (unsigned p = 0; p < 4; p++) {
        for (uint32_t badge = 1; badge <= 3; badge++) {
            write_as(badge, pieces[p]);
        }
    }
    const char *line = "client N line K: aaaa bbbb end\r\n";
    char want[128] = "";
    for (int i = 0; i < 3; i++) {
        strcat(want, line);
    }
    CHECK_STR_EQ(out(), want);
}

TEST(carriage_returns_from_clients_are_dropped)
{
    start();
    CHECK_EQ(write_as(1, "a\r\nb\r\n"), 6);
    CHECK_STR_EQ(out(), "a\r\nb\r\n");
}

TEST(empty_line_is_printed)
{
    start();
    write_as(1, "\n");
    CHECK_STR_EQ(out(), "\r\n");
}

TEST(line_longer_than_wrap_is_printed_in_pieces)
{
    start();
    char s[CONS_WRAP + 12];
    memset(s, 'x', CONS_WRAP + 10);
    strcpy(s + CONS_WRAP + 10, "\n");
    CHECK_EQ(write_as(1, s), CONS_WRAP + 11);
    char want[CONS_WRAP + 20];
    memset(want, 'x', CONS_WRAP);
    strcpy(want + CONS_WRAP, "\r\nxxxxxxxxxx\r\n");
    CHECK_STR_EQ(out(), want);
}

TEST(line_of_exactly_wrap_is_one_line)
{
    start();
    char s[CONS_WRAP + 2];
    memset(s, 'y', CONS_WRAP);
    strcpy(s + CONS_WRAP, "\n");
    write_as(1, s);
    CHECK_EQ(strlen(out()), CONS_WRAP + 2u);
}

TEST(stale_unfinished_line_is_printed_at_the_next_write)
{
    start();
    write_as(1, "loading...");
    st.now = CONS_STALE_TICKS;
    write_as(2, "news\n");
    /* The old part first; the other client's line does not continue it. */
    CHECK_STR_EQ(out(), "loading...\r\nnews\r\n");
}

TEST(young_unfinished_line_is_not_printed_early)
{
    start();
    write_as(1, "loading...");
    st.now = CONS_STALE_TICKS - 1u;
    write_as(2, "news\n");
    CHECK_STR_EQ(out(), "news\r\n");
}

TEST(stale_line_is_printed_on_an_event_too)
{
    start();
    st.now = 1000;
    write_as(1, "50%");
    st.now += CONS_STALE_TICKS;
    cons_flush_stale(&st);
    CHECK_STR_EQ(out(), "50%");
}

TEST(client_continues_its_own_printed_line)
{
    start();
    write_as(1, "loading...");
    st.now = CONS_STALE_TICKS;
    cons_flush_stale(&st);
    write_as(1, "done\n");
    CHECK_STR_EQ(out(), "loading...done\r\n");
}

TEST(line_after_another_clients_printed_part_starts_a_new_line)
{
    start();
    write_as(1, "loading...");
    st.now = CONS_STALE_TICKS;
    cons_flush_stale(&st);
    write_as(2, "news\n");
    write_as(1, "done\n");
    CHECK_STR_EQ(out(), "loading...\r\nnews\r\ndone\r\n");
}

/* 99 x and a newline: 101 bytes out; ten fill the ring but for 14 bytes. */
TEST(full_transmit_ring_takes_part_and_the_rest_later)
{
    start();
    char line[101];
    memset(line, 'x', 99);
    strcpy(line + 99, "\n");
    for (int i = 0; i < 10; i++) {
        CHECK_EQ(write_as(1, line), 100);
    }
    CHECK_EQ(write_as(2, line), 99); /* held, but its newline does not fit */
    CHECK_EQ(strlen(out()), 1010u);
    CHECK_EQ(write_as(2, "\n"), 1);
    CHECK_EQ(strlen(out()), 101u);
}

TEST(ninth_client_prints_the_oldest_unfinished_line_to_get_a_slot)
{
    start();
    char part[4] = "pN";
    for (uint32_t badge = 1; badge <= CONS_CLIENTS; badge++) {
        st.now = badge;
        part[1] = (char)('0' + badge);
        write_as(badge, part);
    }
    write_as(CONS_CLIENTS + 1, "z\n");
    CHECK_STR_EQ(out(), "p1\r\nz\r\n");
    write_as(2, "!\n"); /* the others kept theirs */
    CHECK_STR_EQ(out(), "p2!\r\n");
}

TEST(stats_count_bytes_accepted_and_lines_read)
{
    start();
    struct pl_reply rep = {0};
    write_as(1, "abc\n");
    write_as(2, "de");
    readline_as(READER, READER_CALL, &rep);
    type_and_edit("x\r", &rep);
    CHECK_EQ(cons_klog(&st, "[k]\n", 4), 4);
    struct pl_request req = {.op = CONSOLE_STATS};
    CHECK_EQ(cons_stats(&st, &req, &rep), PL_OK);
    CHECK_EQ(rep.w0, 6);
    CHECK_EQ(rep.w1, 1);
    CHECK_EQ(rep.len, sizeof(struct console_stats));
    const struct console_stats *stats = rep.data;
    CHECK_EQ(stats->bytes_written, 6);
    CHECK_EQ(stats->lines_read, 1);
    CHECK_EQ(stats->klog_bytes, 4);
}

/* ---- the kernel's log: one more writer ---- */

TEST(kernel_log_lines_and_client_lines_never_mix)
{
    start();
    write_as(1, "client ");
    CHECK_EQ(cons_klog(&st, "[kernel] task x ", 16), 16);
    write_as(1, "line\n");
    CHECK_EQ(cons_klog(&st, "faulted\r\n", 9), 9);
    CHECK_STR_EQ(out(), "client line\r\n[kernel] task x faulted\r\n");
}

TEST(kernel_log_line_breaks_a_printed_unfinished_client_line)
{
    start();
    write_as(1, "prompt> ");
    st.now += CONS_STALE_TICKS;
    cons_flush_stale(&st);
    CHECK_STR_EQ(out(), "prompt> ");
    cons_klog(&st, "[kernel] hi\n", 12);
    CHECK_STR_EQ(out(), "\r\n[kernel] hi\r\n");
}

TEST(kernel_log_moves_the_readers_prompt_below_it)
{
    start();
    struct pl_reply rep = {0};
    write_as(READER, "parley> ");
    readline_as(READER, READER_CALL, &rep);
    type_and_edit("ps", &rep);
    out();
    cons_klog(&st, "[kernel] task y faulted\n", 24);
    CHECK_STR_EQ(out(), "\r          \r[kernel] task y faulted\r\nparley> ps");
}

TEST(kernel_log_waits_for_room_in_the_transmit_ring)
{
    start();
    static char big[2u * CONS_TX_SIZE + 1u]; /* lines of 99 'k' and a newline */
    for (uint32_t i = 0; i < 2u * CONS_TX_SIZE; i++) {
        big[i] = i % 100u == 99u ? '\n' : 'k';
    }
    uint32_t taken = cons_klog(&st, big, 2u * CONS_TX_SIZE);
    CHECK(taken < 2u * CONS_TX_SIZE);
    CHECK_EQ(cons_tx_pending(&st) % 101u, 0); /* whole lines of 99 + "\r\n" only */
    while (taken < 2u * CONS_TX_SIZE) {
        out(); /* the UART sent it all */
        uint32_t more = cons_klog(&st, big + taken, 2u * CONS_TX_SIZE - taken);
        CHECK(more > 0);
        taken += more;
    }
}

TEST(restarted_console_starts_on_a_new_line)
{
    cons_init(&st, CONS_RESTARTED);
    write_as(1, "a\n");
    write_as(1, "b\n");
    CHECK_STR_EQ(out(), "\r\na\r\nb\r\n");
}

/* ---- the line editor ---- */

TEST(readline_waits_for_enter_and_echoes)
{
    start();
    struct pl_reply rep;
    CHECK_EQ(readline_as(READER, READER_CALL, &rep), PL_SERVER_DEFER);
    CHECK_EQ(type_and_edit("hi", &rep), 0);
    CHECK_STR_EQ(out(), "hi");
    CHECK_EQ(type_and_edit("\r", &rep), READER_CALL);
    CHECK_STR_EQ(line_of(&rep), "hi");
    CHECK_STR_EQ(out(), "\r\n");
}

TEST(linefeed_alone_is_enter)
{
    start();
    struct pl_reply rep;
    readline_as(READER, READER_CALL, &rep);
    CHECK_EQ(type_and_edit("ok\n", &rep), READER_CALL);
    CHECK_STR_EQ(line_of(&rep), "ok");
}

TEST(cr_lf_is_one_enter)
{
    start();
    struct pl_reply rep;
    readline_as(READER, READER_CALL, &rep);
    CHECK_EQ(type_and_edit("x\r\n", &rep), READER_CALL);
    CHECK_EQ(readline_as(READER, READER_CALL + 0x100u, &rep), PL_SERVER_DEFER);
    CHECK_EQ(type_and_edit("y\r", &rep), READER_CALL + 0x100u);
    CHECK_STR_EQ(line_of(&rep), "y");
}

TEST(backspace_at_line_start_does_nothing)
{
    start();
    struct pl_reply rep;
    readline_as(READER, READER_CALL, &rep);
    type_and_edit("\b\x7f", &rep);
    CHECK_STR_EQ(out(), "");
    CHECK_EQ(type_and_edit("a\r", &rep), READER_CALL);
    CHECK_STR_EQ(line_of(&rep), "a");
}

TEST(backspace_and_del_erase_the_last_character)
{
    start();
    struct pl_reply rep;
    readline_as(READER, READER_CALL, &rep);
    type_and_edit("abc\b", &rep);
    CHECK_STR_EQ(out(), "abc\b \b");
    type_and_edit("\x7f", &rep);
    CHECK_STR_EQ(out(), "\b \b");
    CHECK_EQ(type_and_edit("\r", &rep), READER_CALL);
    CHECK_STR_EQ(line_of(&rep), "a");
}

TEST(ctrl_u_kills_the_line)
{
    start();
    struct pl_reply rep;
    readline_as(READER, READER_CALL, &rep);
    type_and_edit("abc", &rep);
    out();
    type_and_edit("\x15", &rep);
    CHECK_STR_EQ(out(), "\b \b\b \b\b \b");
    CHECK_EQ(type_and_edit("d\r", &rep), READER_CALL);
    CHECK_STR_EQ(line_of(&rep), "d");
}

TEST(keys_beyond_line_max_are_refused_with_a_bell)
{
    start();
    struct pl_reply rep;
    readline_as(READER, READER_CALL, &rep);
    char keys[CONSOLE_LINE_MAX / 2u + 2u];
    memset(keys, 'k', sizeof(keys) - 1u);
    keys[sizeof(keys) - 1u] = '\0';
    type_and_edit(keys, &rep); /* in two goes: the receive ring holds CONS_RX_SIZE keys */
    type_and_edit(keys, &rep);
    const char *echo = out();
    CHECK_EQ(strlen(echo), CONSOLE_LINE_MAX + 2u);
    CHECK_STR_EQ(echo + CONSOLE_LINE_MAX, "\a\a");
    CHECK_EQ(type_and_edit("\b\r", &rep), READER_CALL); /* room again after an erase */
    CHECK_EQ(rep.w0, CONSOLE_LINE_MAX - 1u);
}

TEST(escape_sequences_and_control_characters_are_ignored)
{
    start();
    struct pl_reply rep;
    readline_as(READER, READER_CALL, &rep);
    CHECK_EQ(type_and_edit("a\x1b[A\x1b[1;5C\x01"
                           "b\x1bOD\r",
                           &rep),
             READER_CALL);
    CHECK_STR_EQ(line_of(&rep), "ab");
    CHECK_STR_EQ(out(), "ab\r\n");
}

TEST(second_reader_gets_eagain)
{
    start();
    struct pl_reply rep;
    readline_as(READER, READER_CALL, &rep);
    CHECK_EQ(readline_as(OTHER, 0x106u, &rep), PL_EAGAIN);
    CHECK_EQ(type_and_edit("r\r", &rep), READER_CALL); /* the first one still gets its line */
    CHECK_EQ(readline_as(OTHER, 0x106u, &rep), PL_SERVER_DEFER); /* and then it is free */
}

TEST(same_reader_asking_again_takes_over_its_line)
{
    start();
    struct pl_reply rep;
    readline_as(READER, READER_CALL, &rep);
    type_and_edit("ab", &rep);
    CHECK_EQ(readline_as(READER, READER_CALL + 0x100u, &rep), PL_SERVER_DEFER);
    CHECK_EQ(type_and_edit("c\r", &rep), READER_CALL + 0x100u);
    CHECK_STR_EQ(line_of(&rep), "abc");
}

TEST(line_typed_ahead_answers_readline_at_once)
{
    start();
    struct pl_reply rep;
    type("ls\r");
    CHECK_EQ(cons_edit(&st, &rep), 0); /* nobody reads: the keys wait, unechoed */
    CHECK_STR_EQ(out(), "");
    CHECK_EQ(readline_as(READER, READER_CALL, &rep), PL_OK);
    CHECK_STR_EQ(line_of(&rep), "ls");
    CHECK_STR_EQ(out(), "ls\r\n");
}

TEST(readers_unfinished_line_is_its_prompt)
{
    start();
    struct pl_reply rep;
    write_as(READER, "> ");
    CHECK_STR_EQ(out(), "");
    readline_as(READER, READER_CALL, &rep);
    CHECK_STR_EQ(out(), "> ");
    type_and_edit("x", &rep);
    CHECK_STR_EQ(out(), "x");
}

TEST(other_clients_line_moves_the_prompt_and_typed_line_below_it)
{
    start();
    struct pl_reply rep;
    write_as(READER, "> ");
    readline_as(READER, READER_CALL, &rep);
    type_and_edit("ab", &rep);
    out();
    write_as(OTHER, "news\n");
    CHECK_STR_EQ(out(), "\r    \rnews\r\n> ab"); /* the prompt line is erased, then redrawn */
    CHECK_EQ(type_and_edit("c\r", &rep), READER_CALL);
    CHECK_STR_EQ(out(), "c\r\n");
    CHECK_STR_EQ(line_of(&rep), "abc");
}

TEST(key_waits_while_its_echo_does_not_fit)
{
    start();
    struct pl_reply rep;
    char line[101];
    memset(line, 'x', 99);
    strcpy(line + 99, "\n");
    for (int i = 0; i < 10; i++) {
        write_as(1, line);
    }
    write_as(1, "0123456789a\n"); /* 1010 + 13: one byte left */
    readline_as(READER, READER_CALL, &rep);
    CHECK_EQ(type_and_edit("q\r", &rep), 0); /* 'q' fits; Enter's CRLF does not */
    CHECK_EQ(strlen(out()), 1024u);
    CHECK_EQ(cons_edit(&st, &rep), READER_CALL);
    CHECK_STR_EQ(out(), "\r\n");
    CHECK_STR_EQ(line_of(&rep), "q");
}

TEST(typed_ahead_ring_overflow_drops_and_counts)
{
    start();
    for (uint32_t i = 0; i < CONS_RX_SIZE + 3u; i++) {
        cons_rx_put(&st, 'a');
    }
    CHECK_EQ(st.rx_dropped, 3);
}

/* ---- history, Ctrl-C, quiet ---- */

/* One line typed and entered by the reader (the echo is read and dropped). */
static void enter_line(const char *keys)
{
    struct pl_reply rep;
    readline_as(READER, READER_CALL, &rep);
    type_and_edit(keys, &rep);
    out();
}

TEST(up_arrow_recalls_the_latest_line_and_older_ones)
{
    start();
    struct pl_reply rep;
    enter_line("ps\r");
    enter_line("uptime\r");
    readline_as(READER, READER_CALL, &rep);
    type_and_edit("x", &rep);
    out();
    CHECK_EQ(type_and_edit("\x1b[A", &rep), 0);
    CHECK_STR_EQ(out(), "\b \buptime"); /* the typed 'x' rubbed out, the latest line printed */
    type_and_edit("\x1bOA", &rep);      /* the application-mode form of the same key */
    CHECK_STR_EQ(out(), "\b \b\b \b\b \b\b \b\b \b\b \bps");
    type_and_edit("\x1b[A", &rep); /* no older line: nothing happens */
    CHECK_STR_EQ(out(), "");
    CHECK_EQ(type_and_edit("\r", &rep), READER_CALL);
    CHECK_STR_EQ(line_of(&rep), "ps");
}

TEST(down_arrow_walks_back_to_an_empty_line)
{
    start();
    struct pl_reply rep;
    enter_line("ps\r");
    enter_line("ipc\r");
    readline_as(READER, READER_CALL, &rep);
    type_and_edit("\x1b[A\x1b[A\x1b[B", &rep);
    CHECK_STR_EQ(out(), "ipc\b \b\b \b\b \bps\b \b\b \bipc");
    type_and_edit("\x1b[B", &rep);
    CHECK_STR_EQ(out(), "\b \b\b \b\b \b");
    CHECK_EQ(type_and_edit("\r", &rep), READER_CALL);
    CHECK_STR_EQ(line_of(&rep), "");
}

TEST(history_skips_empty_lines_and_repeats_and_keeps_the_latest)
{
    start();
    struct pl_reply rep;
    enter_line("a\r");
    enter_line("\r");
    enter_line("a\r");
    for (uint32_t i = 0; i < CONS_HISTORY; i++) {
        char keys[4] = {(char)('b' + i), '\r', '\0', '\0'};
        enter_line(keys);
    }
    CHECK_EQ(st.hist.count, CONS_HISTORY + 1u); /* "a" once, then 8 more */
    readline_as(READER, READER_CALL, &rep);
    for (uint32_t i = 0; i < CONS_HISTORY + 2u; i++) {
        type_and_edit("\x1b[A", &rep);
    }
    CHECK_EQ(type_and_edit("\r", &rep), READER_CALL);
    CHECK_STR_EQ(line_of(&rep), "b"); /* the oldest kept: "a" was overwritten */
}

TEST(ctrl_c_clears_the_line)
{
    start();
    struct pl_reply rep;
    readline_as(READER, READER_CALL, &rep);
    type_and_edit("abc", &rep);
    out();
    CHECK_EQ(type_and_edit("\x03", &rep), 0);
    CHECK_STR_EQ(out(), "\b \b\b \b\b \b");
    CHECK_EQ(type_and_edit("d\r", &rep), READER_CALL);
    CHECK_STR_EQ(line_of(&rep), "d");
}

static uint32_t quiet_as(uint32_t badge, uint32_t on)
{
    struct pl_request req = {
        .op = CONSOLE_QUIET, .badge = badge, .client = 0x100u + badge, .w0 = on};
    struct pl_reply rep = {0};
    CHECK_EQ(cons_quiet(&st, &req, &rep), PL_OK);
    return rep.w0;
}

TEST(quiet_prints_only_the_asker_and_the_kernel_log)
{
    start();
    CHECK_EQ(quiet_as(READER, 1), 0);
    CHECK_EQ(write_as(OTHER, "tick 1\ntick 2\n"), 14); /* taken, not printed */
    write_as(READER, "me\n");
    cons_klog(&st, "[kernel] fault\n", 15);
    CHECK_STR_EQ(out(), "me\r\n[kernel] fault\r\n");
    CHECK_EQ(quiet_as(READER, 1), 2); /* asking again keeps the count */
    CHECK_EQ(quiet_as(READER, 0), 2);
    write_as(OTHER, "tick 3\n");
    CHECK_STR_EQ(out(), "tick 3\r\n");
    CHECK_EQ(quiet_as(READER, 1), 0); /* a new quiet spell counts from 0 */
}

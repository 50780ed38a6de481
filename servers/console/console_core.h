/*
 * servers/console/console_core.h - the console server's portable half: per-client line
 * assembly, who owns the terminal's current line, the line editor, and the two byte rings
 * between them and the UART.
 *
 * Nothing here makes a system call or touches a device. console.c sets the time, feeds in the
 * bytes the UART received and the clients' requests, and moves the transmit ring to UART0;
 * the host tests (tests/host/test_console_server.c) drive it the same way. The request
 * handlers have the server runtime's signature (server.h) and are its handler table's entries.
 *
 * Output rules (servers/console/README.md):
 *   - a client's bytes are held (per badge) until its '\n', then printed as one line ending in
 *     "\r\n"; '\r' from clients is dropped;
 *   - a line longer than CONS_WRAP is printed in pieces of CONS_WRAP, each a line of its own;
 *   - an unfinished line is printed as it is once it is CONS_STALE_TICKS old (checked at each
 *     request and event), or when its client asks for a line (it is the prompt);
 *   - a terminal line belongs to one writer: whoever else prints first starts a new line;
 *   - the kernel's log is one more writer (CONS_KLOG_BADGE), with lines like any client's.
 */
#ifndef SERVERS_CONSOLE_CORE_H
#define SERVERS_CONSOLE_CORE_H

#include <stdint.h>

#include <parley/console.h>
#include "server.h"

#define CONS_TX_SIZE     1024u /* transmit ring; a power of two */
#define CONS_RX_SIZE     128u  /* typed-ahead bytes kept while nobody reads; a power of two */
#define CONS_CLIENTS     8u    /* clients with an unfinished line at one time */
#define CONS_WRAP        160u  /* longest line held for a client; longer ones go in pieces */
#define CONS_STALE_TICKS 100u  /* an unfinished line older than this is printed as it is */
#define CONS_HISTORY     8u    /* lines the editor remembers for the arrow keys */

_Static_assert((CONS_TX_SIZE & (CONS_TX_SIZE - 1u)) == 0, "CONS_TX_SIZE: a power of two");
_Static_assert((CONS_RX_SIZE & (CONS_RX_SIZE - 1u)) == 0, "CONS_RX_SIZE: a power of two");
/* The largest single output must fit in an empty ring, or it would wait for room forever: the
 * editor breaking the line, redrawing prompt and line, then erasing the line and printing a
 * line from the history in its place (an arrow key). */
_Static_assert(CONS_TX_SIZE >= 2u + CONS_WRAP + 5u * CONSOLE_LINE_MAX, "CONS_TX_SIZE too small");

/* head and tail count every byte ever put and taken (free-running): count = head - tail. */
struct cons_ring {
    uint8_t *buf;
    uint32_t size;
    uint32_t head, tail;
};

/* The terminal's current line: at its start, or continued by one client, or the editor's. */
enum cons_tty {
    CONS_TTY_START,  /* the cursor is at the start of a line */
    CONS_TTY_CLIENT, /* the unfinished line of client tty_badge */
    CONS_TTY_EDITOR, /* the editor's prompt and the line being typed */
    CONS_TTY_STALE,  /* something nobody will continue (or unknown, after a restart) */
};

struct cons_slot {
    uint32_t badge; /* whose line this is; any badge when len is 0 (the slot is free) */
    uint32_t since; /* tick its first held byte arrived */
    uint32_t len;
    char line[CONS_WRAP];
};

struct cons_editor {
    uint32_t client; /* reply handle of the READLINE waiting for Enter; 0: nobody reads */
    uint32_t badge;  /* who reads */
    uint32_t len;    /* bytes typed */
    uint32_t prompt_len;
    uint8_t esc;      /* inside an escape sequence (arrow keys...): ESC_* in console_core.c */
    uint8_t skip_lf;  /* the last Enter was a CR: a LF right after it belongs to it */
    uint8_t hist_pos; /* 0: a line of one's own; k: the k-th latest line of the history */
    char line[CONSOLE_LINE_MAX];
    char prompt[CONS_WRAP]; /* the reader's unfinished line when it asked: redrawn with ours */
};

/* The latest lines entered (not empty, not twice in a row), oldest overwritten first. Kept
 * while the driver runs: a restarted driver starts with none. */
struct cons_history {
    uint32_t count; /* lines ever kept; line k (1: the latest) is at (count - k) % CONS_HISTORY */
    uint32_t len[CONS_HISTORY];
    char line[CONS_HISTORY][CONSOLE_LINE_MAX];
};

struct cons_state {
    struct cons_ring tx, rx;
    struct cons_slot slots[CONS_CLIENTS];
    struct cons_editor ed;
    struct cons_history hist;
    uint32_t quiet; /* CONSOLE_QUIET: only quiet_badge and the kernel's log print */
    uint32_t quiet_badge;
    uint32_t quiet_hidden; /* lines of other writers dropped since quiet began */
    enum cons_tty tty;
    uint32_t tty_badge;     /* with CONS_TTY_CLIENT: whose line it is */
    uint32_t now;           /* ticks; the caller sets it before each request or event */
    uint32_t bytes_written; /* accepted from CONSOLE_WRITE since start */
    uint32_t lines_read;    /* lines handed to READLINE since start */
    uint32_t rx_dropped;    /* received while the typed-ahead ring was full */
    uint32_t klog_bytes;    /* of the kernel's log (cons_klog), taken since start */
    uint32_t tx_waits;      /* counted by the device side: see struct console_stats */
    uint32_t tx_irqs;
    struct console_stats stats; /* the bytes of the latest CONSOLE_STATS reply */
    uint8_t tx_buf[CONS_TX_SIZE];
    uint8_t rx_buf[CONS_RX_SIZE];
};

/* Start empty. After a restart the terminal may be left inside a line: the first output then
 * starts a new one. */
enum cons_start {
    CONS_FIRST_START,
    CONS_RESTARTED,
};
void cons_init(struct cons_state *st, enum cons_start how);

/* Handlers of the console protocol (console.h), for the server runtime's table. */
int cons_write(void *state, const struct pl_request *req, struct pl_reply *rep);
int cons_readline(void *state, const struct pl_request *req, struct pl_reply *rep);
int cons_stats(void *state, const struct pl_request *req, struct pl_reply *rep);
int cons_quiet(void *state, const struct pl_request *req, struct pl_reply *rep);

/* Bytes from the writer `badge`, assembled into its lines as CONSOLE_WRITE does: returns how
 * many were taken (fewer than len when the output they complete does not fit yet). */
uint32_t cons_put(struct cons_state *st, uint32_t badge, const char *bytes, uint32_t len);

/* Bytes of the kernel's log (pl_klog_read), printed as the lines of one more writer whose
 * badge, 0, no client has. Returns how many were taken, like cons_put. */
#define CONS_KLOG_BADGE 0u
uint32_t cons_klog(struct cons_state *st, const char *bytes, uint32_t len);

/* Print the unfinished lines older than CONS_STALE_TICKS (the caller set st->now). */
void cons_flush_stale(struct cons_state *st);

/* A byte from the UART, into the typed-ahead ring (dropped and counted when it is full). */
void cons_rx_put(struct cons_state *st, uint8_t c);

/* Run the editor over the typed bytes while somebody reads and the echo fits. Returns the
 * reader's reply handle when Enter completed its line (the reply is in *rep), else 0. */
uint32_t cons_edit(struct cons_state *st, struct pl_reply *rep);

/* The transmit ring, for the UART: bytes waiting, and the next one. */
uint32_t cons_tx_pending(const struct cons_state *st);
uint8_t cons_tx_get(struct cons_state *st); /* only when cons_tx_pending() > 0 */

#endif

/*
 * servers/console/console_core.c - the console's request handling without the device: line
 * assembly per client, who owns the terminal's current line, and the line editor
 * (console_core.h).
 *
 * Invariants: room in the transmit ring is checked before anything changes, so nothing is
 * ever half printed (a write that does not fit is taken in part and the client sends the rest
 * later; a key whose echo does not fit stays in the receive ring until the UART has sent
 * enough); and a terminal line only ever holds one writer's bytes (tty_take).
 */
#include <string.h>

#include "console_core.h"

#define CRLF_LEN 2u
#define KEY_INTR 0x03u /* Ctrl-C */
#define KEY_BS   0x08u
#define KEY_KILL 0x15u /* Ctrl-U */
#define KEY_ESC  0x1bu
#define KEY_DEL  0x7fu
#define BEL      "\a"
#define ERASE    "\b \b" /* back, blank, back: one character rubbed out */

/* Escape sequences are swallowed whole: ESC, then '[' or 'O', then parameter bytes up to a
 * final byte in 0x40-0x7e. Up and down (final 'A' and 'B') walk the history; the others (left,
 * right, ...) mean nothing here. */
enum {
    ESC_NONE,
    ESC_START, /* after ESC */
    ESC_CSI,   /* after ESC [ or ESC O */
};

/* ---- rings ---- */

static uint32_t ring_count(const struct cons_ring *r)
{
    return r->head - r->tail;
}

static uint32_t ring_free(const struct cons_ring *r)
{
    return r->size - ring_count(r);
}

static void ring_put(struct cons_ring *r, uint8_t c)
{
    r->buf[r->head++ & (r->size - 1u)] = c;
}

static uint8_t ring_peek(const struct cons_ring *r)
{
    return r->buf[r->tail & (r->size - 1u)];
}

static int tx_fits(const struct cons_state *st, uint32_t n)
{
    return ring_free(&st->tx) >= n;
}

/* Only after tx_fits(): the rings never overwrite. */
static void tx_put(struct cons_state *st, const char *s, uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        ring_put(&st->tx, (uint8_t)s[i]);
    }
}

/* ---- the terminal's current line ---- */

/* Bytes `who` must print before its own: none at the start of a line or when it continues its
 * own; the reader's prompt line is erased (CR, spaces, CR) so the other line takes its place
 * and the prompt comes back below it; anything else gets a line break. */
static uint32_t break_len(const struct cons_state *st, enum cons_tty who, uint32_t badge)
{
    int continues = st->tty == who && st->tty_badge == badge && who != CONS_TTY_STALE;
    if (st->tty == CONS_TTY_START || continues) {
        return 0;
    }
    return st->tty == CONS_TTY_EDITOR ? 2u + st->ed.prompt_len + st->ed.len : CRLF_LEN;
}

static void tty_take(struct cons_state *st, enum cons_tty who, uint32_t badge)
{
    if (break_len(st, who, badge) == 0) {
        /* nothing to move */
    } else if (st->tty == CONS_TTY_EDITOR) {
        tx_put(st, "\r", 1);
        for (uint32_t i = 0; i < st->ed.prompt_len + st->ed.len; i++) {
            tx_put(st, " ", 1);
        }
        tx_put(st, "\r", 1);
    } else {
        tx_put(st, "\r\n", CRLF_LEN);
    }
    st->tty = who;
    st->tty_badge = badge;
}

/* ---- the editor's line on the terminal ---- */

static uint32_t ed_draw_len(const struct cons_state *st)
{
    if (st->tty == CONS_TTY_EDITOR) {
        return 0;
    }
    return break_len(st, CONS_TTY_EDITOR, 0) + st->ed.prompt_len + st->ed.len;
}

/* Put the prompt and the line typed so far on a line of their own, unless they are there. */
static void ed_draw(struct cons_state *st)
{
    if (st->tty == CONS_TTY_EDITOR) {
        return;
    }
    tty_take(st, CONS_TTY_EDITOR, 0);
    tx_put(st, st->ed.prompt, st->ed.prompt_len);
    tx_put(st, st->ed.line, st->ed.len);
}

/* After somebody else printed: show the reader what it was typing, if that fits now (if not,
 * its next key does it). */
static void ed_redraw(struct cons_state *st)
{
    if (st->ed.client != 0 && st->ed.prompt_len + st->ed.len > 0 && tx_fits(st, ed_draw_len(st))) {
        ed_draw(st);
    }
}

/* ---- clients' lines ---- */

/* Print s's held bytes as a whole line. 0 (nothing done) if it does not fit yet. */
static int line_out(struct cons_state *st, struct cons_slot *s)
{
    if (!tx_fits(st, break_len(st, CONS_TTY_CLIENT, s->badge) + s->len + CRLF_LEN)) {
        return 0;
    }
    tty_take(st, CONS_TTY_CLIENT, s->badge);
    tx_put(st, s->line, s->len);
    tx_put(st, "\r\n", CRLF_LEN);
    st->tty = CONS_TTY_START;
    s->len = 0;
    ed_redraw(st);
    return 1;
}

/* Print s's held bytes unfinished: the terminal line stays s's until someone else prints. */
static int partial_out(struct cons_state *st, struct cons_slot *s)
{
    if (!tx_fits(st, break_len(st, CONS_TTY_CLIENT, s->badge) + s->len)) {
        return 0;
    }
    tty_take(st, CONS_TTY_CLIENT, s->badge);
    tx_put(st, s->line, s->len);
    s->len = 0;
    return 1;
}

/* The slot holding badge's unfinished line, or NULL. */
static struct cons_slot *held_slot(struct cons_state *st, uint32_t badge)
{
    for (uint32_t i = 0; i < CONS_CLIENTS; i++) {
        if (st->slots[i].len > 0 && st->slots[i].badge == badge) {
            return &st->slots[i];
        }
    }
    return NULL;
}

/* A slot for badge: its own, a free one, or the one with the oldest unfinished line, which is
 * printed as it is to make room. NULL if even that does not fit now. */
static struct cons_slot *slot_for(struct cons_state *st, uint32_t badge)
{
    struct cons_slot *s = held_slot(st, badge), *oldest = NULL;
    for (uint32_t i = 0; i < CONS_CLIENTS && s == NULL; i++) {
        struct cons_slot *t = &st->slots[i];
        if (t->len == 0) {
            s = t;
        } else if (oldest == NULL || (int32_t)(t->since - oldest->since) < 0) {
            oldest = t;
        }
    }
    if (s == NULL && partial_out(st, oldest)) {
        s = oldest;
    }
    if (s != NULL) {
        s->badge = badge;
    }
    return s;
}

/* One byte of a client's write. 0: not taken (the output it completes does not fit yet). */
static int take_byte(struct cons_state *st, struct cons_slot *s, char c)
{
    if (c == '\r') {
        return 1; /* every line ends in "\r\n" anyway */
    }
    if (c == '\n') {
        return line_out(st, s);
    }
    if (s->len == CONS_WRAP && !line_out(st, s)) {
        return 0; /* the held part becomes a line of its own first */
    }
    if (s->len == 0) {
        s->since = st->now;
    }
    s->line[s->len++] = c;
    return 1;
}

void cons_flush_stale(struct cons_state *st)
{
    for (uint32_t i = 0; i < CONS_CLIENTS; i++) {
        struct cons_slot *s = &st->slots[i];
        if (s->len > 0 && st->now - s->since >= CONS_STALE_TICKS) {
            (void)partial_out(st, s); /* if it does not fit, a later event tries again */
        }
    }
}

/* While quiet, a writer that is neither the one who asked nor the kernel's log is not
 * printed: its bytes are taken and its lines counted. */
static int quiet_drops(struct cons_state *st, uint32_t badge, const char *bytes, uint32_t len)
{
    if (!st->quiet || badge == st->quiet_badge || badge == CONS_KLOG_BADGE) {
        return 0;
    }
    for (uint32_t i = 0; i < len; i++) {
        st->quiet_hidden += bytes[i] == '\n';
    }
    return 1;
}

uint32_t cons_put(struct cons_state *st, uint32_t badge, const char *bytes, uint32_t len)
{
    uint32_t taken = 0;
    cons_flush_stale(st);
    if (quiet_drops(st, badge, bytes, len)) {
        return len;
    }
    struct cons_slot *s = slot_for(st, badge);
    while (s != NULL && taken < len && take_byte(st, s, bytes[taken])) {
        taken++;
    }
    return taken;
}

int cons_write(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct cons_state *st = state;
    uint32_t taken = cons_put(st, req->badge, req->data, req->len);
    st->bytes_written += taken;
    rep->w0 = taken; /* the client sends the rest again once the UART caught up */
    return PL_OK;
}

uint32_t cons_klog(struct cons_state *st, const char *bytes, uint32_t len)
{
    uint32_t taken = cons_put(st, CONS_KLOG_BADGE, bytes, len);
    st->klog_bytes += taken;
    return taken;
}

int cons_stats(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct cons_state *st = state;
    (void)req;
    rep->w0 = st->bytes_written;
    rep->w1 = st->lines_read;
    st->stats = (struct console_stats){st->bytes_written, st->lines_read, st->klog_bytes,
                                       st->tx_waits, st->tx_irqs};
    rep->data = &st->stats;
    rep->len = sizeof(st->stats);
    return PL_OK;
}

int cons_quiet(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct cons_state *st = state;
    if (req->w0 != 0 && !st->quiet) {
        st->quiet_hidden = 0; /* a new quiet spell: count from here */
    }
    st->quiet = req->w0 != 0;
    st->quiet_badge = req->badge;
    rep->w0 = st->quiet_hidden;
    return PL_OK;
}

/* ---- the line editor's history ---- */

/* Line k of the history (1: the latest), or NULL. */
static const char *hist_line(const struct cons_state *st, uint32_t k, uint32_t *len)
{
    const struct cons_history *h = &st->hist;
    if (k == 0 || k > h->count || k > CONS_HISTORY) {
        return NULL;
    }
    uint32_t i = (h->count - k) % CONS_HISTORY;
    *len = h->len[i];
    return h->line[i];
}

/* Where an arrow key moves in the history (up: older, down: newer, 0 is an empty line of
 * one's own), or -1 if it cannot move. */
static int hist_target(const struct cons_state *st, uint8_t key)
{
    uint32_t len, pos = st->ed.hist_pos;
    if (key == 'A') {
        return hist_line(st, pos + 1u, &len) != NULL ? (int)pos + 1 : -1;
    }
    return pos > 0 ? (int)pos - 1 : -1;
}

/* Bytes an arrow key prints: the line rubbed out, the history's line in its place. */
static uint32_t recall_len(const struct cons_state *st, uint8_t key)
{
    uint32_t len = 0;
    int to = hist_target(st, key);
    if (to < 0) {
        return 0;
    }
    (void)hist_line(st, (uint32_t)to, &len);
    return 3u * st->ed.len + len;
}

/* Enter: keep the line, unless it is empty or the same as the latest. */
static void hist_add(struct cons_state *st)
{
    struct cons_history *h = &st->hist;
    uint32_t len = 0;
    const char *last = hist_line(st, 1u, &len);
    if (st->ed.len == 0 || (last && len == st->ed.len && memcmp(last, st->ed.line, len) == 0)) {
        return;
    }
    uint32_t i = h->count % CONS_HISTORY;
    memcpy(h->line[i], st->ed.line, st->ed.len);
    h->len[i] = st->ed.len;
    h->count++;
}

/* ---- the line editor ---- */

/* Bytes the key's echo prints (0: it prints nothing, so it needs no room). */
static uint32_t echo_len(const struct cons_state *st, uint8_t c)
{
    const struct cons_editor *ed = &st->ed;
    if (ed->esc == ESC_CSI && (c == 'A' || c == 'B')) {
        return recall_len(st, c);
    }
    if (ed->esc != ESC_NONE || (ed->skip_lf && c == '\n')) {
        return 0;
    }
    switch (c) {
    case '\r':
    case '\n':
        return CRLF_LEN;
    case KEY_BS:
    case KEY_DEL:
        return ed->len > 0 ? 3u : 0;
    case KEY_KILL:
    case KEY_INTR:
        return 3u * ed->len;
    default:
        return c >= 0x20u && c < 0x7fu ? 1u : 0; /* the character, or a bell when full */
    }
}

static void ed_erase(struct cons_state *st, uint32_t n)
{
    for (; n > 0 && st->ed.len > 0; n--) {
        st->ed.len--;
        tx_put(st, ERASE, 3u);
    }
}

static void ed_insert(struct cons_state *st, char c)
{
    if (st->ed.len == CONSOLE_LINE_MAX) {
        tx_put(st, BEL, 1u); /* full: the key is refused, audibly */
        return;
    }
    st->ed.line[st->ed.len++] = c;
    tx_put(st, &c, 1u);
}

/* Up or down: the line typed is replaced by a line of the history (or an empty one). */
static void ed_recall(struct cons_state *st, uint8_t key)
{
    uint32_t len = 0;
    int to = hist_target(st, key);
    if (to < 0) {
        return;
    }
    const char *line = hist_line(st, (uint32_t)to, &len);
    ed_erase(st, st->ed.len);
    if (line != NULL) {
        memcpy(st->ed.line, line, len);
        tx_put(st, line, len);
    }
    st->ed.len = len;
    st->ed.hist_pos = (uint8_t)to;
}

static void ed_escape(struct cons_state *st, uint8_t c)
{
    struct cons_editor *ed = &st->ed;
    if (ed->esc == ESC_CSI && (c == 'A' || c == 'B')) {
        ed->esc = ESC_NONE;
        ed_recall(st, c);
    } else if (ed->esc == ESC_START) {
        ed->esc = c == '[' || c == 'O' ? ESC_CSI : ESC_NONE;
    } else if (c >= 0x40u && c <= 0x7eu) {
        ed->esc = ESC_NONE; /* the final byte */
    }
}

/* One key, its echo already known to fit. Returns 1 when it was Enter. */
static int ed_key(struct cons_state *st, uint8_t c)
{
    struct cons_editor *ed = &st->ed;
    int after_cr = ed->skip_lf;
    ed->skip_lf = 0;
    if (ed->esc != ESC_NONE) {
        ed_escape(st, c);
    } else if (c == '\n' && after_cr) {
        /* CR LF from the terminal: one Enter, already taken */
    } else if (c == '\r' || c == '\n') {
        ed->skip_lf = c == '\r';
        tx_put(st, "\r\n", CRLF_LEN);
        st->tty = CONS_TTY_START;
        return 1;
    } else if (c == KEY_BS || c == KEY_DEL) {
        ed_erase(st, 1u);
    } else if (c == KEY_KILL || c == KEY_INTR) {
        ed_erase(st, ed->len); /* Ctrl-U, and Ctrl-C as a shell user expects */
        ed->hist_pos = 0;
    } else if (c == KEY_ESC) {
        ed->esc = ESC_START;
    } else if (c >= 0x20u && c < 0x7fu) {
        ed_insert(st, (char)c);
    } /* any other control character means nothing here */
    return 0;
}

/* Enter: the line goes to the reader, and nobody reads any more. */
static uint32_t ed_finish(struct cons_state *st, struct pl_reply *rep)
{
    uint32_t client = st->ed.client;
    hist_add(st);
    st->ed.hist_pos = 0;
    rep->w0 = st->ed.len;
    rep->data = st->ed.line; /* stays put until the next READLINE starts a line */
    rep->len = st->ed.len;
    st->ed.client = 0;
    st->lines_read++;
    return client;
}

uint32_t cons_edit(struct cons_state *st, struct pl_reply *rep)
{
    ed_redraw(st);
    while (st->ed.client != 0 && ring_count(&st->rx) > 0) {
        uint8_t c = ring_peek(&st->rx);
        uint32_t echo = echo_len(st, c);
        if (echo > 0 && !tx_fits(st, ed_draw_len(st) + echo)) {
            return 0; /* the key waits in the ring until the UART has sent enough */
        }
        st->rx.tail++;
        if (echo > 0) {
            ed_draw(st);
        }
        if (ed_key(st, c)) {
            return ed_finish(st, rep);
        }
    }
    return 0;
}

/* A new reader: an empty line. Its unfinished line, if already printed, is its prompt. */
static void ed_start(struct cons_state *st, uint32_t badge)
{
    struct cons_editor *ed = &st->ed;
    ed->badge = badge;
    ed->len = 0;
    ed->prompt_len = 0;
    ed->esc = ESC_NONE;
    ed->hist_pos = 0;
    if (st->tty == CONS_TTY_CLIENT && st->tty_badge == badge) {
        st->tty = CONS_TTY_EDITOR;
    }
}

/* The reader's unfinished line is the prompt: it is shown with the line being typed.
 * old_prompt_shown: the editor's line was on screen before this request (an older prompt). */
static void take_prompt(struct cons_state *st, uint32_t badge, int old_prompt_shown)
{
    struct cons_slot *s = held_slot(st, badge);
    if (s == NULL) {
        return;
    }
    memcpy(st->ed.prompt, s->line, s->len);
    st->ed.prompt_len = s->len;
    s->len = 0;
    if (old_prompt_shown) {
        st->tty = CONS_TTY_STALE; /* an older prompt is on screen: the new one gets a line */
    }
}

int cons_readline(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    struct cons_state *st = state;
    if (st->ed.client != 0 && st->ed.badge != req->badge) {
        return PL_EAGAIN; /* one reader at a time */
    }
    /* The same client asking again (its call timed out, or it was restarted) takes over the
     * line in progress; anyone else starts a new one. */
    int old_prompt_shown = st->tty == CONS_TTY_EDITOR;
    if (st->ed.client == 0) {
        ed_start(st, req->badge); /* the reader's unfinished line on screen becomes ours */
    }
    st->ed.client = req->client;
    take_prompt(st, req->badge, old_prompt_shown);
    return cons_edit(st, rep) != 0 ? PL_OK : PL_SERVER_DEFER;
}

void cons_rx_put(struct cons_state *st, uint8_t c)
{
    if (ring_free(&st->rx) == 0) {
        st->rx_dropped++;
        return;
    }
    ring_put(&st->rx, c);
}

uint32_t cons_tx_pending(const struct cons_state *st)
{
    return ring_count(&st->tx);
}

uint8_t cons_tx_get(struct cons_state *st)
{
    uint8_t c = ring_peek(&st->tx);
    st->tx.tail++;
    return c;
}

void cons_init(struct cons_state *st, enum cons_start how)
{
    memset(st, 0, sizeof(*st));
    st->tx = (struct cons_ring){.buf = st->tx_buf, .size = CONS_TX_SIZE};
    st->rx = (struct cons_ring){.buf = st->rx_buf, .size = CONS_RX_SIZE};
    st->tty = how == CONS_RESTARTED ? CONS_TTY_STALE : CONS_TTY_START;
}

/*
 * servers/console/console.c - the console driver task: owns UART0 (a CMSDK APB UART) and its
 * two interrupts, and serves the console protocol (console.h) with the server runtime
 * (server.h). The request handling itself is in console_core.c, which knows no device.
 *
 * Transmit: bytes go into console_core's ring and tx_pump() moves them to the UART while it
 * takes them. The UART holds one byte (no FIFO) and raises its TX interrupt when that byte
 * has gone (the edge from full to empty, only while the interrupt is enabled). QEMU sends a
 * byte the moment it is written, so there the pump usually empties the ring at once and the
 * interrupt is never needed; on a real UART the pump sends one byte and the interrupt brings
 * the next. The TX interrupt is enabled only while bytes wait.
 *
 * Receive: the RX interrupt moves the byte(s) into the typed-ahead ring; the editor takes
 * them from there while somebody waits in CONSOLE_READLINE.
 *
 * The kernel's log: this task is its drainer (kernel/klog.c). Its first pl_klog_read after a
 * start tells the kernel to stop writing on the UART itself; from then on kernel lines and
 * tasks' pl_debug_write bytes arrive here (the `klog` bit), and are printed as the lines of
 * one more writer, whole, between the clients' lines and around the editor's prompt.
 *
 * Restart: a supervisor may restart this task with a fresh memory image at any moment.
 * Start-up therefore sets the UART's control and interrupt state from scratch and
 * acknowledges both interrupts (the old incarnation may have died holding one masked). Lines
 * clients had not finished are lost with the old incarnation; calls it had not answered end
 * in PL_EDEAD, which clients retry (user/lib/newlib.c).
 *
 * The description must name the endpoint 'console' and the notification 'console', with
 * irqs = uart0_rx:0 uart0_tx:1 and klog = 2 (see README.md).
 */
#include <stdint.h>

#include <parley/console.h>
#include "console_core.h"
#include "env.h"
#include "server.h"
#include "system.h"

#define UART(off) (*(volatile uint32_t *)(uintptr_t)(PERIPH_UART0_BASE + (off)))

/* CMSDK APB UART registers (ARM DDI0479C) */
#define UART_DATA      0x00u
#define UART_STATE     0x04u
#define UART_CTRL      0x08u
#define UART_INT       0x0cu /* INTSTATUS when read, INTCLEAR (write 1 to clear) when written */
#define STATE_TX_FULL  (1u << 0)
#define STATE_RX_FULL  (1u << 1)
#define STATE_OVERRUNS (3u << 2) /* TX and RX overrun, write 1 to clear */
#define CTRL_TX_EN     (1u << 0)
#define CTRL_RX_EN     (1u << 1)
#define CTRL_TX_IRQ    (1u << 2)
#define CTRL_RX_IRQ    (1u << 3)
#define INT_TX         (1u << 0)
#define INT_RX         (1u << 1)
#define INT_ALL        0xfu

#ifndef NTFN_CONSOLE_KLOG
#error "servers/console drains the kernel's log: add klog = 2 to [notification console]"
#endif

#define IRQ_RX   NTFN_CONSOLE_UART0_RX
#define IRQ_TX   NTFN_CONSOLE_UART0_TX
#define IRQ_BITS (IRQ_RX | IRQ_TX)
#define KLOG_BIT NTFN_CONSOLE_KLOG

int console_main(void);

static struct cons_state cons;
static int tx_irq_on = -1;  /* what CTRL says now; -1: not written yet */
static int awaiting_tx_irq; /* the pump stopped on TX_FULL; the TX interrupt has not come yet */
static char klog_buf[256];  /* read from the kernel's log, not yet taken by the line assembly */
static uint32_t klog_len, klog_off;

/* TX_EN and RX_EN stay set whatever happens: while this task is dead or not yet started the
 * kernel writes its log polled, and waits for TX_EN. */
static void uart_tx_irq(int on)
{
    if (on != tx_irq_on) {
        UART(UART_CTRL) = CTRL_TX_EN | CTRL_RX_EN | CTRL_RX_IRQ | (on ? CTRL_TX_IRQ : 0u);
        tx_irq_on = on;
    }
}

/* Move waiting bytes to the UART while it takes them. With bytes left, the TX interrupt is
 * enabled before TX_FULL is looked at again: a byte that finished in between (an edge the
 * disabled interrupt missed) is then seen here, so the ring cannot stall. */
static void tx_pump(void)
{
    for (;;) {
        while (cons_tx_pending(&cons) > 0 && !(UART(UART_STATE) & STATE_TX_FULL)) {
            UART(UART_DATA) = cons_tx_get(&cons);
        }
        if (cons_tx_pending(&cons) == 0) {
            uart_tx_irq(0);
            return;
        }
        uart_tx_irq(1);
        if (UART(UART_STATE) & STATE_TX_FULL) {
            cons.tx_waits += !awaiting_tx_irq; /* a new wait, not a write finding the old one */
            awaiting_tx_irq = 1;
            return; /* the TX interrupt calls us again when the byte has gone */
        }
    }
}

/* The kernel's log into the line assembly, and on to the UART, until the kernel has no more
 * or the transmit ring is full (the TX interrupt brings us back here then). */
static void klog_pump(void)
{
    for (;;) {
        if (klog_off == klog_len) {
            int n = pl_env_klog_read(klog_buf, sizeof(klog_buf));
            if (n <= 0) {
                return; /* empty (a negative result would be a broken description) */
            }
            klog_len = (uint32_t)n;
            klog_off = 0;
        }
        klog_off += cons_klog(&cons, &klog_buf[klog_off], klog_len - klog_off);
        tx_pump();
        if (klog_off < klog_len && cons_tx_pending(&cons) > 0) {
            return;
        }
    }
}

/* Clear the device's request first: a byte arriving after that raises it again. */
static void rx_drain(void)
{
    UART(UART_INT) = INT_RX;
    while (UART(UART_STATE) & STATE_RX_FULL) {
        cons_rx_put(&cons, (uint8_t)UART(UART_DATA));
    }
    UART(UART_STATE) = STATE_OVERRUNS; /* a byte lost to an overrun is simply gone */
}

/* Hand a finished line to its reader (if it gave up meanwhile, the line is dropped). */
static void serve_reader(void)
{
    struct pl_reply rep = {0};
    uint32_t client = cons_edit(&cons, &rep);
    if (client != 0) {
        (void)pl_env_reply(client, PL_OK, &rep);
    }
}

static void on_notify(void *state, uint32_t bits)
{
    (void)state;
    if (bits & IRQ_RX) {
        rx_drain();
    }
    if (bits & IRQ_TX) {
        UART(UART_INT) = INT_TX; /* before refilling: the next edge is then not lost */
        cons.tx_irqs++;
        awaiting_tx_irq = 0;
    }
    cons.now = (uint32_t)pl_env_uptime();
    cons_flush_stale(&cons);
    serve_reader();
    tx_pump();
    klog_pump(); /* on its bit, and on TX interrupts: room for what waited */
    if (bits & IRQ_BITS) {
        (void)pl_env_irq_ack(NTFN_CONSOLE, bits & IRQ_BITS);
    }
}

/* The handlers of console_core, with the time set before and the UART fed after. */
static int on_write(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    cons.now = (uint32_t)pl_env_uptime();
    int status = cons_write(state, req, rep);
    tx_pump();
    klog_pump();
    return status;
}

static int on_readline(void *state, const struct pl_request *req, struct pl_reply *rep)
{
    cons.now = (uint32_t)pl_env_uptime();
    int status = cons_readline(state, req, rep);
    tx_pump();
    return status;
}

/* From scratch, as after a reset: the old incarnation may have left anything behind. */
static void uart_start(void)
{
    UART(UART_INT) = INT_ALL;
    UART(UART_STATE) = STATE_OVERRUNS;
    uart_tx_irq(0); /* BAUDDIV stays as the kernel set it: it writes polled when we are dead */
    rx_drain();     /* a byte that arrived while nobody served the UART */
    (void)pl_env_irq_ack(NTFN_CONSOLE, IRQ_BITS);
}

static void console_init(void *state)
{
    /* Generation 1 is the first start; any later one may find the terminal inside a line. */
    int restarted = pl_env_generation() > 1u;
    cons_init(state, restarted ? CONS_RESTARTED : CONS_FIRST_START);
    uart_start();
    klog_pump(); /* the first read attaches: the kernel stops writing on the UART */
}

/* CONSOLE_CRASH exists only in a console built with console_crash.c (weak: else NULL, and
 * the opcode is unknown). */
int cons_crash(void *state, const struct pl_request *req, struct pl_reply *rep)
    __attribute__((weak));

static const pl_handler handlers[CONSOLE_OP_COUNT] = {
    [CONSOLE_WRITE] = on_write,   [CONSOLE_READLINE] = on_readline, [CONSOLE_STATS] = cons_stats,
    [CONSOLE_QUIET] = cons_quiet, [CONSOLE_CRASH] = cons_crash,
};

/* The console driver, as the task runtime (MODE=micro) or the kernel (MODE=mono) runs it. */
const struct pl_server console_server = {
    .name = "console",
    .init = console_init,
    .ep = EP_CONSOLE,
    .handlers = handlers,
    .handler_count = CONSOLE_OP_COUNT,
    .state = &cons,
    .notify_mask = IRQ_BITS | KLOG_BIT,
    .on_notify = on_notify,
};

int console_main(void)
{
    pl_server_start(&console_server);
}

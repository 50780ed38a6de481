/*
 * servers/console/console.c - the console driver task: owns UART0 and its interrupts, and
 * serves the console protocol (console.h) with the server runtime (server.h). The request
 * handling itself is in console_core.c, which knows no device; the UART's registers are the
 * board's device family's (dev_uart.h, from user/dev/<family>/: a CMSDK APB UART on the MPS2
 * boards, with an RX and a TX interrupt line; an STM32 USART, with one line for both, which
 * raises both bits: the dev_uart functions tell the directions apart).
 *
 * Transmit: bytes go into console_core's ring and tx_pump() moves them to the UART while it
 * takes them. The UART holds one byte and raises its TX interrupt when it can take the next
 * (only while that interrupt is enabled). QEMU sends a byte the moment it is written, so there
 * the pump usually empties the ring at once and the interrupt is never needed; on a real UART
 * the pump sends one byte and the interrupt brings the next. The TX interrupt is enabled only
 * while bytes wait.
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
#include "dev_uart.h"
#include "env.h"
#include "server.h"
#include "system.h"

#define UART0 PERIPH_UART0_BASE

#ifndef NTFN_CONSOLE_KLOG
#error "servers/console drains the kernel's log: add klog = 2 to [notification console]"
#endif

#define IRQ_RX   NTFN_CONSOLE_UART0_RX
#define IRQ_TX   NTFN_CONSOLE_UART0_TX
#define IRQ_BITS (IRQ_RX | IRQ_TX)
#define KLOG_BIT NTFN_CONSOLE_KLOG

int console_main(void);

static struct cons_state cons;
static int tx_irq_on = -1;  /* whether the TX interrupt is enabled now; -1: not written yet */
static int awaiting_tx_irq; /* the pump stopped on a full transmitter; no TX interrupt yet */
static char klog_buf[256];  /* read from the kernel's log, not yet taken by the line assembly */
static uint32_t klog_len, klog_off;

/* The transmitter and receiver stay on whatever happens (dev_uart_control): while this task
 * is dead or not yet started the kernel writes its log polled. */
static void uart_tx_irq(int on)
{
    if (on != tx_irq_on) {
        dev_uart_control(UART0, on);
        tx_irq_on = on;
    }
}

/* Move waiting bytes to the UART while it takes them. With bytes left, the TX interrupt is
 * enabled before the transmitter is looked at again: a byte that finished in between (an edge
 * the disabled interrupt missed) is then seen here, so the ring cannot stall. */
static void tx_pump(void)
{
    for (;;) {
        while (cons_tx_pending(&cons) > 0 && dev_uart_tx_ready(UART0)) {
            dev_uart_put(UART0, cons_tx_get(&cons));
        }
        if (cons_tx_pending(&cons) == 0) {
            uart_tx_irq(0);
            return;
        }
        uart_tx_irq(1);
        if (!dev_uart_tx_ready(UART0)) {
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
    dev_uart_rx_ack(UART0);
    while (dev_uart_rx_ready(UART0)) {
        cons_rx_put(&cons, dev_uart_get(UART0));
    }
    dev_uart_rx_done(UART0); /* a byte lost to an overrun is simply gone */
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
    if ((bits & IRQ_TX) && dev_uart_tx_taken(UART0)) { /* cleared before refilling */
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
    dev_uart_reset(UART0); /* the baud rate stays: the kernel writes polled when we are dead */
    uart_tx_irq(0);
    rx_drain(); /* a byte that arrived while nobody served the UART */
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

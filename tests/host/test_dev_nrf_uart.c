/*
 * tests/host/test_dev_nrf_uart.c - user/dev/nrf/dev_uart.h, the nRF boards' console UART driver
 * (the legacy UART0: events, not a status register), against a fake register page that records
 * every access the driver makes, in order, and acts like the UART where the protocol depends on
 * it: INTENSET and INTENCLR set and clear one enable mask and both read it back, ERRORSRC is
 * cleared by writing ones, a byte written to TXD has gone (TXDRDY set) only when the test says
 * so, and reading RXD moves the next received byte in and raises RXDRDY again, as the RX FIFO
 * does. The console server (servers/console/console.c) is the driver's one user; the sequences
 * below drive the driver the way it does. QEMU's micro:bit sends every byte at once, so only
 * here does the transmitter stay busy and the TX interrupt path run.
 *
 * How accesses are seen: while driver code runs (DRIVE) the page is inaccessible. Each access
 * faults; the SIGSEGV handler notes the offset and direction, opens the page and sets x86-64's
 * trap flag, so that the one instruction runs and traps; the SIGTRAP handler logs the value,
 * lets the model react, and closes the page again. So this test needs an x86-64 Linux host (the
 * harness runs each test in a child process: the handlers and the page are its own).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <ucontext.h>

#include "dev_uart.h"
#include "harness.h"

/* UART0's 4K slot, a page of its own; static, so below 4 GiB in the host tests' non-PIE link,
 * and its address fits the driver's 32-bit base. */
static uint32_t regs[0x1000u / 4u] __attribute__((aligned(4096)));

#define AT(off) regs[(off) / 4u]
#define BASE    ((uint32_t)(uintptr_t)regs)
#define RXDRDY  0x108u
#define TXDRDY  0x11cu
#define ERROR   0x124u
#define INTSET  0x304u
#define INTCLR  0x308u
#define ERRSRC  0x480u
#define RXD     0x518u
#define TXD     0x51cu
#define INT_RX  (1u << 2)
#define INT_TX  (1u << 7)

/* What the UART holds besides its registers. */
static struct {
    uint32_t inten;     /* the interrupt enables INTENSET and INTENCLR act on */
    uint32_t errorsrc;  /* the errors recorded; a one written clears its bit */
    uint8_t fifo[8];    /* received bytes waiting behind RXD */
    unsigned fifo_len;  /* how many */
    int rxd_full;       /* RXD holds a byte not yet read */
    char line[64];      /* every byte written to TXD, in order */
    unsigned sent;      /* how many */
    int tx_busy;        /* a byte written to TXD has not gone yet */
    unsigned overwrite; /* bytes written to TXD while the one before had not gone */
    int instant;        /* QEMU's way: a byte has gone as soon as TXD is written */
} uart;

/* The accesses of the last DRIVE, as text: "W INTENSET=0x84 R RXD=0x61 ...". */
static char trace[512];
static size_t trace_len;
static uint32_t fault_off; /* the access between the fault and its trap */
static int fault_write;

/* The registers the driver may touch; any other (ENABLE, PSEL, BAUDRATE, CONFIG, the tasks: the
 * kernel's early console set them) shows in a trace as its offset. */
static const char *const reg_name[0x1000u / 4u] = {
    [RXDRDY / 4u] = "EVENTS_RXDRDY",
    [TXDRDY / 4u] = "EVENTS_TXDRDY",
    [ERROR / 4u] = "EVENTS_ERROR",
    [INTSET / 4u] = "INTENSET",
    [INTCLR / 4u] = "INTENCLR",
    [ERRSRC / 4u] = "ERRORSRC",
    [RXD / 4u] = "RXD",
    [TXD / 4u] = "TXD",
};

static void model_inten(void)
{
    AT(INTSET) = uart.inten;
    AT(INTCLR) = uart.inten;
}

/* The interrupts enabled before the driver runs (an old incarnation's, say). */
static void enabled(uint32_t mask)
{
    uart.inten = mask;
    model_inten();
}

/* The byte on the line has gone: TXDRDY. */
static void byte_gone(void)
{
    uart.tx_busy = 0;
    AT(TXDRDY) = 1u;
}

/* A byte moves into RXD (from the wire, or from the FIFO once RXD has been read). */
static void rxd_load(uint8_t c)
{
    AT(RXD) = c;
    uart.rxd_full = 1;
    AT(RXDRDY) = 1u;
}

/* The UART's answer to an access just made; `value` is what the register holds now. */
static void model_after(uint32_t off, int write, uint32_t value)
{
    if (write && off == INTSET) {
        uart.inten |= value;
        model_inten();
    } else if (write && off == INTCLR) {
        uart.inten &= ~value;
        model_inten();
    } else if (write && off == ERRSRC) {
        uart.errorsrc &= ~value;
        AT(ERRSRC) = uart.errorsrc;
    } else if (write && off == TXD) {
        uart.overwrite += uart.tx_busy;
        uart.line[uart.sent++ % sizeof uart.line] = (char)value;
        uart.tx_busy = 1;
        if (uart.instant) {
            byte_gone();
        }
    } else if (!write && off == RXD) {
        uart.rxd_full = 0;
        if (uart.fifo_len > 0) {
            uint8_t next = uart.fifo[0];
            memmove(uart.fifo, uart.fifo + 1, --uart.fifo_len);
            rxd_load(next);
        }
    }
}

/* One access at the end of the trace (cut short if the trace is full). */
static void trace_add(char dir, uint32_t off, uint32_t value)
{
    char entry[48];
    const char *name = reg_name[off / 4u];
    if (name) {
        snprintf(entry, sizeof entry, "%c %s=%#x", dir, name, (unsigned)value);
    } else {
        snprintf(entry, sizeof entry, "%c @%#x=%#x", dir, (unsigned)off, (unsigned)value);
    }
    size_t room = sizeof trace - trace_len;
    int n = snprintf(&trace[trace_len], room, "%s%s", trace_len ? " " : "", entry);
    trace_len += (size_t)n < room ? (size_t)n : room - 1u;
}

static void page(int prot)
{
    if (mprotect(regs, sizeof regs, prot) != 0) {
        _exit(3); /* no fake UART: nothing below would mean anything */
    }
}

#define TRAP_FLAG 0x100 /* EFLAGS.TF: trap after the next instruction */

static void on_fault(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    uintptr_t at = (uintptr_t)si->si_addr;
    (void)sig;
    if (at < (uintptr_t)regs || at >= (uintptr_t)regs + sizeof regs) {
        signal(SIGSEGV, SIG_DFL); /* a real crash: let it happen again, unhandled */
        return;
    }
    fault_off = (uint32_t)(at - (uintptr_t)regs) & ~3u;
    fault_write = (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0; /* page fault error code: W */
    page(PROT_READ | PROT_WRITE);
    uc->uc_mcontext.gregs[REG_EFL] |= TRAP_FLAG;
}

static void on_trap(int sig, siginfo_t *si, void *ctx)
{
    ucontext_t *uc = ctx;
    uint32_t value = AT(fault_off);
    (void)sig;
    (void)si;
    uc->uc_mcontext.gregs[REG_EFL] &= ~TRAP_FLAG;
    trace_add(fault_write ? 'W' : 'R', fault_off, value);
    model_after(fault_off, fault_write, value);
    page(PROT_NONE);
}

/* A UART as the kernel's early console leaves it: the registers the driver has no business
 * with poisoned, no event, no interrupt enabled, no error, idle, nothing received. */
static void fresh(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_flags = SA_SIGINFO;
    sa.sa_sigaction = on_fault;
    sigaction(SIGSEGV, &sa, NULL);
    sa.sa_sigaction = on_trap;
    sigaction(SIGTRAP, &sa, NULL);

    memset(&uart, 0, sizeof uart);
    for (unsigned i = 0; i < sizeof regs / sizeof regs[0]; i++) {
        regs[i] = 0xdeadbeefu;
    }
    AT(RXDRDY) = 0;
    AT(TXDRDY) = 1u; /* the kernel's banner has gone: idle */
    AT(ERROR) = 0;
    AT(ERRSRC) = 0;
    model_inten();
}

/* Run driver code with every access logged (and the page closed to everyone else). */
#define DRIVE(code)                                                                                \
    do {                                                                                           \
        trace_len = 0;                                                                             \
        trace[0] = '\0';                                                                           \
        page(PROT_NONE);                                                                           \
        code;                                                                                      \
        page(PROT_READ | PROT_WRITE);                                                              \
    } while (0)

/* Bytes arrive from the wire: the first into RXD if it is empty, the rest into the FIFO. */
static void receive(const char *s)
{
    for (; *s; s++) {
        if (!uart.rxd_full) {
            rxd_load((uint8_t)*s);
        } else {
            uart.fifo[uart.fifo_len++] = (uint8_t)*s;
        }
    }
}

/* The one interrupt line: high while an event is set whose interrupt is enabled. */
static int irq_line(void)
{
    return ((uart.inten & INT_RX) && AT(RXDRDY)) || ((uart.inten & INT_TX) && AT(TXDRDY));
}

static const char *sent(void)
{
    uart.line[uart.sent % sizeof uart.line] = '\0';
    return uart.line;
}

/* The console server's use of the driver, cut down: a queue of bytes to send, the TX interrupt
 * on while bytes wait, off when none do (servers/console/console.c: tx_pump, rx_drain and what
 * on_notify does with the TX bit). */
static const char *queue;

static void pump(void)
{
    for (;;) {
        while (*queue && dev_uart_tx_ready(BASE)) {
            dev_uart_put(BASE, (uint8_t)*queue++);
        }
        if (!*queue) {
            dev_uart_control(BASE, 0);
            return;
        }
        dev_uart_control(BASE, 1);
        if (!dev_uart_tx_ready(BASE)) {
            return; /* the TX interrupt brings us back */
        }
    }
}

static char got[16];

static void rx_drain(void)
{
    unsigned n = 0;
    dev_uart_rx_ack(BASE);
    while (dev_uart_rx_ready(BASE) && n < sizeof got - 1) {
        got[n++] = (char)dev_uart_get(BASE);
    }
    got[n] = '\0';
    dev_uart_rx_done(BASE);
}

TEST(reset_disables_every_interrupt_and_forgets_errors_but_keeps_the_events)
{
    fresh();
    enabled(INT_RX | INT_TX | (1u << 9)); /* left by an old incarnation, ERROR's too */
    uart.errorsrc = 1u;                   /* an overrun */
    AT(ERRSRC) = 1u;
    AT(ERROR) = 1u;
    AT(RXDRDY) = 1u; /* a byte waits: it is still read */
    DRIVE(dev_uart_reset(BASE));
    CHECK_STR_EQ(trace, "W INTENCLR=0xffffffff W ERRORSRC=0xf W EVENTS_ERROR=0");
    CHECK_EQ(uart.inten, 0);
    CHECK_EQ(uart.errorsrc, 0);
    CHECK_EQ(AT(RXDRDY), 1u);
    CHECK_EQ(AT(TXDRDY), 1u); /* the idle transmitter stays idle */
}

TEST(control_without_tx_enables_rx_and_disables_tx_leaving_the_uart_to_the_kernel)
{
    fresh();
    enabled(INT_TX); /* the TX interrupt was on */
    DRIVE(dev_uart_control(BASE, 0));
    /* Exactly these: ENABLE, the pins, BAUDRATE, CONFIG and STARTTX/STARTRX stay as the
     * kernel's early console set them (board/nrf/nrf_console.c). */
    CHECK_STR_EQ(trace, "W INTENSET=0x4 W INTENCLR=0x80");
    CHECK_EQ(uart.inten, INT_RX);
}

TEST(control_with_tx_enables_both_interrupts)
{
    fresh();
    DRIVE(dev_uart_control(BASE, 1));
    CHECK_STR_EQ(trace, "W INTENSET=0x84");
    CHECK_EQ(uart.inten, INT_RX | INT_TX);
}

TEST(the_console_start_leaves_rx_enabled_tx_disabled_and_the_transmitter_idle)
{
    fresh();
    enabled(INT_TX | INT_RX);
    DRIVE(dev_uart_reset(BASE); dev_uart_control(BASE, 0); rx_drain());
    CHECK_EQ(uart.inten, INT_RX);
    CHECK_EQ(AT(TXDRDY), 1u);
    CHECK_STR_EQ(got, "");
    CHECK(!irq_line());
}

TEST(get_clears_rxdrdy_before_reading_rxd)
{
    fresh();
    receive("a");
    uint8_t c = 0;
    DRIVE(c = dev_uart_get(BASE));
    CHECK_STR_EQ(trace, "W EVENTS_RXDRDY=0 R RXD=0x61");
    CHECK_EQ(c, 'a');
    CHECK_EQ(AT(RXDRDY), 0);
}

TEST(nothing_is_read_while_rxdrdy_is_clear)
{
    fresh();
    AT(RXD) = 'z'; /* a byte read before */
    int ready = 1;
    DRIVE(ready = dev_uart_rx_ready(BASE));
    CHECK_STR_EQ(trace, "R EVENTS_RXDRDY=0");
    CHECK(!ready);
    DRIVE(rx_drain());
    CHECK_STR_EQ(got, "");
    CHECK_STR_EQ(trace, "R EVENTS_RXDRDY=0 R EVENTS_ERROR=0"); /* RXD never read */
}

TEST(rx_ack_touches_nothing_so_the_waiting_bytes_are_still_seen)
{
    fresh();
    receive("k");
    DRIVE(dev_uart_rx_ack(BASE));
    CHECK_STR_EQ(trace, "");
    CHECK_EQ(AT(RXDRDY), 1u);
}

/* The RX FIFO raises RXDRDY when reading RXD brings the next byte in: cleared after the read,
 * that event would be lost and the bytes behind it with it. */
TEST(a_drain_takes_every_waiting_byte_and_lowers_the_rx_request)
{
    fresh();
    enabled(INT_RX);
    receive("abc");
    CHECK(irq_line());
    DRIVE(rx_drain());
    CHECK_STR_EQ(got, "abc");
    CHECK_STR_EQ(trace, "R EVENTS_RXDRDY=0x1 W EVENTS_RXDRDY=0 R RXD=0x61 "
                        "R EVENTS_RXDRDY=0x1 W EVENTS_RXDRDY=0 R RXD=0x62 "
                        "R EVENTS_RXDRDY=0x1 W EVENTS_RXDRDY=0 R RXD=0x63 "
                        "R EVENTS_RXDRDY=0 R EVENTS_ERROR=0");
    CHECK(!irq_line());
}

TEST(rx_done_forgets_an_overrun_and_writes_nothing_without_one)
{
    fresh();
    DRIVE(dev_uart_rx_done(BASE));
    CHECK_STR_EQ(trace, "R EVENTS_ERROR=0");
    uart.errorsrc = 1u; /* OVERRUN */
    AT(ERRSRC) = 1u;
    AT(ERROR) = 1u;
    DRIVE(dev_uart_rx_done(BASE));
    CHECK_STR_EQ(trace, "R EVENTS_ERROR=0x1 W ERRORSRC=0xf W EVENTS_ERROR=0");
    CHECK_EQ(uart.errorsrc, 0);
    CHECK_EQ(AT(ERROR), 0);
}

TEST(tx_ready_is_txdrdy_and_writes_nothing)
{
    fresh();
    int ready = 0;
    DRIVE(ready = dev_uart_tx_ready(BASE));
    CHECK(ready);
    CHECK_STR_EQ(trace, "R EVENTS_TXDRDY=0x1");
    AT(TXDRDY) = 0; /* a byte on its way */
    DRIVE(ready = dev_uart_tx_ready(BASE));
    CHECK(!ready);
    CHECK_STR_EQ(trace, "R EVENTS_TXDRDY=0");
}

TEST(put_when_idle_clears_txdrdy_then_writes_txd)
{
    fresh();
    DRIVE(dev_uart_put(BASE, 'h'));
    CHECK_STR_EQ(trace, "W EVENTS_TXDRDY=0 W TXD=0x68");
    CHECK_STR_EQ(sent(), "h");
    CHECK_EQ(AT(TXDRDY), 0); /* busy until the byte has gone */
    byte_gone();
    CHECK_EQ(AT(TXDRDY), 1u); /* and idle again after, with nobody clearing it */
}

/* A transmitter as fast as QEMU's sets TXDRDY the moment TXD is written: a driver that cleared
 * it after writing TXD would lose that and never send again. */
TEST(a_byte_that_goes_at_once_leaves_the_transmitter_idle)
{
    fresh();
    uart.instant = 1;
    queue = "ok";
    DRIVE(pump());
    CHECK_STR_EQ(sent(), "ok");
    CHECK_EQ(AT(TXDRDY), 1u);
    CHECK_EQ(uart.inten, INT_RX);
}

TEST(a_byte_waits_while_the_transmitter_is_busy_and_the_tx_interrupt_sends_it)
{
    fresh();
    AT(TXDRDY) = 0; /* a byte on its way */
    uart.tx_busy = 1;
    queue = "x";
    DRIVE(pump());
    CHECK_EQ(uart.sent, 0); /* nothing written to a busy TXD */
    CHECK_EQ(uart.inten, INT_RX | INT_TX);
    CHECK(!irq_line());
    int taken = 1;
    DRIVE(taken = dev_uart_tx_taken(BASE));
    CHECK(!taken); /* an RX interrupt's TX bit: TXDRDY is still clear */

    byte_gone();
    CHECK(irq_line());
    DRIVE(taken = dev_uart_tx_taken(BASE));
    CHECK(taken);
    CHECK_STR_EQ(trace, "R INTENSET=0x84 R EVENTS_TXDRDY=0x1"); /* nothing to acknowledge */
    DRIVE(pump());
    CHECK_STR_EQ(sent(), "x");
    CHECK_EQ(uart.overwrite, 0);
}

TEST(queued_bytes_go_one_per_txdrdy_and_the_tx_interrupt_ends_with_the_last)
{
    fresh();
    queue = "abcd";
    DRIVE(pump());
    CHECK_STR_EQ(sent(), "a"); /* idle: the first at once */
    for (unsigned n = 2; n <= 4; n++) {
        CHECK(!irq_line());
        byte_gone();
        CHECK(irq_line());
        int taken = 0;
        DRIVE(taken = dev_uart_tx_taken(BASE); pump());
        CHECK(taken);
        CHECK_EQ(uart.sent, n); /* one byte for each TXDRDY */
        CHECK(!irq_line());     /* lowered by that byte */
    }
    CHECK_STR_EQ(sent(), "abcd");
    CHECK_EQ(uart.overwrite, 0);
    CHECK_EQ(uart.inten, INT_RX); /* nothing left to send: the TX interrupt off at once */
    byte_gone();
    CHECK_EQ(AT(TXDRDY), 1u); /* the transmitter idle, TXDRDY kept set */
    CHECK(!irq_line());       /* and no request for more */
}

TEST(tx_taken_is_false_when_idle_without_the_tx_interrupt)
{
    fresh(); /* TXDRDY set: idle */
    enabled(INT_RX);
    int taken = 1;
    DRIVE(taken = dev_uart_tx_taken(BASE));
    CHECK(!taken); /* the TX bit that comes with every RX interrupt */
    CHECK_STR_EQ(trace, "R INTENSET=0x4");
}

TEST(turning_the_tx_interrupt_off_lowers_its_request)
{
    fresh();
    enabled(INT_RX | INT_TX);
    CHECK(irq_line()); /* idle, TXDRDY set, its interrupt on */
    DRIVE(dev_uart_control(BASE, 0));
    CHECK(!irq_line());
    CHECK_EQ(AT(TXDRDY), 1u);
}

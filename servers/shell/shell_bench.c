/*
 * servers/shell/shell_bench.c - the `bench` command: system calls and IPC round trips timed
 * with TIMER1, a timer the shell owns (a CMSDK timer on the MPS2 boards, 25 MHz), free-running.
 *
 * What this measures, said plainly in the output too: TIMER1 counts QEMU's *virtual* clock.
 * Under `qemu -icount shift=0` that clock advances 1 ns per guest instruction, so one count is
 * 40 instructions and the figures are instruction counts, as in `make bench`. Without -icount
 * (as `make run` boots) the virtual clock follows the host's, so a figure is how fast the host
 * emulates the path, not what a Cortex-M3 would take. Either way the loops also contain the
 * ticks that fall into them and any more urgent task that ran meanwhile. Each figure is the
 * loop's time minus an empty loop's of the same length, divided by the operations.
 */
#include "../names/names_client.h"
#include "parley.h"
#include "dev_timer.h"
#include "runtime.h"
#include "shell_bench.h"
#include "shell_parse.h"
#include "system.h"

#define BENCH_TIMER_HZ BOARD_TIMER_HZ /* what the board's timers count (system.h) */
#define BENCH_OPS      10000u         /* system calls: cheap */
#define BENCH_IPC_OPS  2000u /* round trips: without -icount each costs QEMU an MPU switch */
/* An opcode no protocol has: the server runtime answers it (PL_EINVAL) without a handler,
 * so the round trip is the IPC and the runtime's dispatch, nothing else. */
#define BENCH_NO_OP 0xbe7cu

typedef void (*bench_body)(uint32_t n);

static uint32_t bench_ep; /* the name server's endpoint, for the IPC figures */

/* TIMER1, free-running, through the board's device family (user/dev/<family>/dev_timer.h) */
static void timer_start(void)
{
    dev_timer_free_run(PERIPH_TIMER1_BASE);
}

static uint32_t timed(bench_body body, uint32_t n)
{
    uint32_t start = dev_timer_now(PERIPH_TIMER1_BASE);
    body(n);
    return dev_timer_now(PERIPH_TIMER1_BASE) - start;
}

static void empty_loop(uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        __asm volatile("" ::: "memory");
    }
}

static void null_syscalls(uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        (void)pl_task_self();
    }
}

static void register_calls(uint32_t n)
{
    struct pl_words w;
    for (uint32_t i = 0; i < n; i++) {
        (void)pl_call_regs(bench_ep, BENCH_NO_OP, i, 0, &w);
    }
}

static void name_lookups(uint32_t n)
{
    uint32_t ep;
    for (uint32_t i = 0; i < n; i++) {
        (void)names_lookup("hello", &ep);
    }
}

/* One figure: time the body, subtract the empty loop, print the row. */
static void figure(char *out, size_t cap, void (*put_line)(const char *), const char *what,
                   bench_body body, uint32_t ops)
{
    uint32_t empty = timed(empty_loop, ops);
    uint32_t counts = timed(body, ops);
    sh_format_bench_row(out, cap, what, ops, counts > empty ? counts - empty : 0, BENCH_TIMER_HZ);
    put_line(out);
}

static const char *const bench_notes[] = {
    "bench: ns/op is QEMU's virtual time. Under -icount shift=0 that is 1 ns per instruction,",
    "bench: so ns/op = instructions/op. Without -icount (as `make run` boots) it follows the",
    "bench: host's clock: how fast this host emulates the path, not Cortex-M3 cycles. Ticks and",
    "bench: any more urgent task that ran are included; `make bench` gives controlled figures.",
};

void shell_bench(char *out, size_t cap, void (*put_line)(const char *line))
{
    struct pl_words w;
    put_line("bench: TIMER1 counts QEMU's virtual clock at 25 MHz (40 ns a count); each figure is");
    put_line("bench: a loop of the operation minus an empty loop of the same length");
    timer_start();
    sh_format_bench_header(out, cap);
    put_line(out);
    figure(out, cap, put_line, "null system call", null_syscalls, BENCH_OPS);
    bench_ep = pl_rt->names_ep;
    int err = pl_call_regs(bench_ep, BENCH_NO_OP, 0, 0, &w);
    if (err != PL_OK) {
        sh_format_failed(out, cap, "bench", "name server (IPC figures skipped)", pl_strerror(err));
        put_line(out);
    } else {
        figure(out, cap, put_line, "call/reply, registers only", register_calls, BENCH_IPC_OPS);
        figure(out, cap, put_line, "call/reply, name lookup", name_lookups, BENCH_IPC_OPS);
    }
    for (unsigned i = 0; i < sizeof(bench_notes) / sizeof(bench_notes[0]); i++) {
        put_line(bench_notes[i]);
    }
}

/*
 * tests/host/test_klog.c - kernel/klog.c: where the kernel's log goes. Polled until the
 * drainer (worker_b, the waiter of notification ev, whose FX_KLOG_BIT is `klog`) attaches with
 * its first klog_read; then into the ring, whole task writes or PL_EAGAIN, kernel lines in the
 * reserve, losses reported; written out polled when the drainer stops or the kernel breaks.
 */
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "fake_board.h"
#include "fixture.h"
#include "harness.h"
#include "host_arch.h"
#include "klog.h"
#include <parley/syscall.h>

/* worker_b's klog_read of up to cap bytes into its buffer 0; returns r0. */
static int32_t drain(uint32_t cap)
{
    struct task *b = fx_task(FX_WORKER_B);
    fx_trap_args(b, PL_SYS_KLOG_READ, fx_buf(FX_WORKER_B, 0), cap, 0);
    return fx_status(b);
}

/* Attach the drainer (its first read finds nothing) and start from a clean capture. */
static void attach(void)
{
    CHECK_EQ(drain(FX_BUF_SIZE), 0);
    fake_console_reset();
}

/* What the drainer reads next (at most FX_BUF_SIZE bytes), as a string. */
static const char *drained(void)
{
    static char text[FX_BUF_SIZE + 1];
    int32_t n = drain(FX_BUF_SIZE);
    CHECK(n >= 0);
    memcpy(text, fx_bytes(fx_buf(FX_WORKER_B, 0)), n < 0 ? 0 : (size_t)n);
    text[n < 0 ? 0 : n] = '\0';
    return text;
}

/* A task's debug_write of len bytes of c from its buffer 1; returns r0. */
static int32_t task_write(enum fixture_task_index i, char c, uint32_t len)
{
    struct task *t = fx_task(i);
    memset(fx_bytes(fx_buf(i, 1)), c, len);
    fx_trap_args(t, PL_SYS_DEBUG_WRITE, fx_buf(i, 1), len, 0);
    return fx_status(t);
}

static const struct pl_fault_record stopped = {.kind = PL_FAULT_INJECTED, .pc = 0x1234u};

TEST(log_is_polled_while_no_drainer_attached)
{
    kprintf("before\r\n");
    CHECK_STR_EQ(fake_console_text(), "before\r\n");
    CHECK_EQ(task_write(FX_WORKER_A, 'x', 3), 3);
    CHECK_STR_EQ(fake_console_text(), "before\r\nxxx");
}

TEST(first_read_attaches_and_log_goes_to_the_ring)
{
    attach();
    kprintf("[kernel] line %d\r\n", 1);
    CHECK_EQ(fake_console_length(), 0);
    CHECK_STR_EQ(drained(), "[kernel] line 1\r\n");
    CHECK_STR_EQ(drained(), "");
}

TEST(debug_write_goes_to_the_ring_and_returns_its_length)
{
    attach();
    CHECK_EQ(task_write(FX_WORKER_A, 'a', 5), 5);
    CHECK_EQ(fake_console_length(), 0);
    CHECK_STR_EQ(drained(), "aaaaa");
}

TEST(klog_read_by_another_task_is_eperm_and_does_not_attach)
{
    struct task *a = fx_task(FX_WORKER_A);
    fx_trap_args(a, PL_SYS_KLOG_READ, fx_buf(FX_WORKER_A, 0), 16, 0);
    CHECK_EQ(fx_status(a), PL_EPERM);
    kprintf("still polled");
    CHECK_STR_EQ(fake_console_text(), "still polled");
}

TEST(klog_read_into_memory_it_does_not_own_faults_the_drainer)
{
    struct task *b = fx_task(FX_WORKER_B);
    fx_trap_args(b, PL_SYS_KLOG_READ, fx_addr(fx_ram[FX_SUPER]), 16, 0);
    CHECK_EQ(b->state, PL_TASK_FAULTED);
    CHECK_EQ(b->fault.kind, PL_FAULT_BAD_POINTER);
}

TEST(reads_take_bytes_in_order_in_pieces)
{
    attach();
    kprintf("abcdefghij");
    CHECK_EQ(drain(4), 4);
    CHECK(memcmp(fx_bytes(fx_buf(FX_WORKER_B, 0)), "abcd", 4) == 0);
    CHECK_STR_EQ(drained(), "efghij");
}

TEST(ring_wraps_around_without_losing_order)
{
    attach();
    for (uint32_t round = 0; round < 3u * FX_KLOG_SIZE / 100u; round++) {
        kprintf("%08u %090u\n", round, 0u); /* 100 bytes */
        const char *got = drained();
        CHECK_EQ(strlen(got), 100);
        CHECK_EQ(strtoul(got, NULL, 10), round);
    }
}

TEST(logging_signals_the_drainer_waiting_for_its_bit)
{
    attach();
    struct task *b = fx_task(FX_WORKER_B);
    fx_trap_args(b, PL_SYS_NTFN_WAIT, FX_NTFN_EV, FX_KLOG_BIT, 0);
    CHECK_EQ(b->state, PL_TASK_BLOCKED);
    fx_run(fx_task(FX_WORKER_A));
    kprintf("wake up\r\n");
    CHECK_EQ(b->state, PL_TASK_READY);
    CHECK_EQ(fx_reg(b, 2), FX_KLOG_BIT);
}

TEST(task_write_is_whole_or_eagain_above_the_reserve)
{
    attach();
    uint32_t taken = 0;
    while (task_write(FX_WORKER_A, 'w', 256) == 256) {
        taken += 256;
    }
    CHECK_EQ(fx_status(fx_task(FX_WORKER_A)), PL_EAGAIN);
    CHECK_EQ(taken, (FX_KLOG_SIZE - KLOG_RESERVE) / 256u * 256u);
    CHECK_EQ(task_write(FX_WORKER_A, 'w', 1) == 1, taken + 1u + KLOG_RESERVE <= FX_KLOG_SIZE);
    CHECK_EQ(fake_console_length(), 0);
}

TEST(kernel_lines_still_fit_when_tasks_get_eagain)
{
    attach();
    while (task_write(FX_WORKER_A, 'w', 256) == 256) {
    }
    kprintf("[kernel] task x faulted\r\n");
    CHECK_EQ(klog_lost(), 0);
    CHECK_EQ(task_write(FX_WORKER_A, 'w', 0), 0); /* nothing fits, even into the reserve */
    uint32_t total = 0;
    const char *got;
    while (*(got = drained()) != '\0') {
        total += (uint32_t)strlen(got);
        if (strchr(got, '[')) {
            CHECK_CONTAINS(got, "[kernel] task x faulted\r\n");
        }
    }
    CHECK_EQ(total, (FX_KLOG_SIZE - KLOG_RESERVE) / 256u * 256u + 25u);
}

TEST(kernel_bytes_that_find_no_room_are_counted_and_reported)
{
    attach();
    for (uint32_t i = 0; i < FX_KLOG_SIZE / 16u + 2u; i++) {
        kprintf("0123456789abcde\n"); /* 16 bytes: the last two lines find no room */
    }
    CHECK_EQ(klog_lost(), 32);
    static char all[2 * FX_KLOG_SIZE];
    size_t len = 0;
    const char *got;
    while (*(got = drained()) != '\0') { /* the report goes in once reading made room */
        memcpy(&all[len], got, strlen(got));
        len += strlen(got);
    }
    all[len] = '\0';
    static const char report[] = "0123456789abcde\n\n[kernel] log ring full: 32 bytes lost\n";
    CHECK_EQ(len, FX_KLOG_SIZE + sizeof(report) - 1u - 16u);
    CHECK_STR_EQ(&all[len - (sizeof(report) - 1u)], report);
    kprintf("next\n");
    CHECK_STR_EQ(drained(), "next\n");
    CHECK_EQ(klog_lost(), 32);
    CHECK_EQ(fake_console_length(), 0);
}

TEST(drainer_fault_writes_the_ring_out_first_then_logs_polled)
{
    attach();
    kprintf("pending line\r\n");
    task_fault(fx_task(FX_WORKER_B), &stopped);
    CHECK_CONTAINS(fake_console_text(), "pending line\r\n[kernel] task worker_b (gen 1) faulted");
    CHECK(strncmp(fake_console_text(), "pending line", 12) == 0);
    fake_console_reset();
    CHECK_EQ(task_write(FX_WORKER_A, 'p', 2), 2);
    CHECK_STR_EQ(fake_console_text(), "pp");
}

TEST(restarted_drainer_is_polled_until_it_reads_again)
{
    attach();
    kprintf("old");
    task_restart(fx_task(FX_WORKER_B));
    CHECK_STR_EQ(fake_console_text(), "old");
    kprintf(" polled");
    CHECK_STR_EQ(fake_console_text(), "old polled");
    attach();
    kprintf("routed");
    CHECK_EQ(fake_console_length(), 0);
    CHECK_STR_EQ(drained(), "routed");
}

TEST(panic_writes_the_ring_out_before_its_message)
{
    attach();
    kprintf("last words\r\n");
    HOST_EXPECT_HALT(panic("broken %d", 7));
    CHECK_STR_EQ(fake_console_text(), "last words\r\n\r\nPANIC: broken 7\r\n");
}

TEST(shutdown_writes_the_ring_out_before_its_line)
{
    attach();
    kprintf("unprinted\r\n");
    HOST_EXPECT_HALT(fx_trap_args(fx_task(FX_TESTER), PL_SYS_SHUTDOWN, 3, 0, 0));
    CHECK(strncmp(fake_console_text(), "unprinted\r\n[kernel] shutdown requested by tester", 48) ==
          0);
}

TEST(line_of_an_unowned_interrupt_lets_the_woken_drainer_run)
{
    attach();
    struct task *b = fx_task(FX_WORKER_B);
    fx_trap_args(b, PL_SYS_NTFN_WAIT, FX_NTFN_EV, FX_KLOG_BIT, 0);
    fx_run(fx_task(FX_TESTER)); /* less urgent than the drainer */
    CHECK_PTR_EQ(fx_irq(7), b);
    CHECK_CONTAINS(drained(), "[kernel] interrupt 7 has no owner; masked");
}

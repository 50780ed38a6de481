/*
 * tests/qemu/fuzz/judge.c - seconds of random system calls and stray accesses by one
 * unprivileged task (fuzzer.c); afterwards the kernel and every other task must be as before.
 *
 * While the fuzzer runs, the judge restarts it whenever it stops (a fault, an exit) or stalls
 * (no progress signal for STALL_TICKS: blocked, or spinning after it wrecked its own stack),
 * and counts why it stopped. Then it stops the fuzzer for good and checks:
 *   - the fuzzer really made thousands of calls, and its misuse was answered by faults of
 *     the kinds the documents give (unknown call, bad pointer, memory access violation);
 *   - echo, victim and the judge itself never faulted nor were restarted, the victim's RAM
 *     pattern held (it checked it all along), and the judge's own memory too;
 *   - echo still answers a call correctly, bytes included, and time still runs.
 * Before the fuzzing, while all is well, one more case checks the kernel's byte copy at every
 * length and alignment through echo.
 */
#include <string.h>

#include "../harness/qtest.h"
#include "fuzz.h"
#include "system.h"

#define FUZZ_TICKS  3000u /* how long the fuzzer runs */
#define STALL_TICKS 20u   /* no progress for this long: restart it */
#define WAIT_STEP   5u    /* the judge looks at least this often */
#define MIN_CALLS   5000u
#define KINDS       16u

static uint32_t batches, restarts, stalls, exits, kinds[KINDS];
static uint32_t mine[64]; /* the judge's own pattern */

static void fill_mine(void)
{
    for (unsigned i = 0; i < 64; i++) {
        mine[i] = 0x5a5a0000u + i * 0x01010101u;
    }
}

static int mine_intact(void)
{
    for (unsigned i = 0; i < 64; i++) {
        if (mine[i] != 0x5a5a0000u + i * 0x01010101u) {
            return 0;
        }
    }
    return 1;
}

static void restart_fuzzer(void)
{
    if (pl_task_restart(TASK_FUZZER) < 0) {
        qt_report("the judge can restart the fuzzer", "pl_task_restart failed");
        qt_finish();
    }
    restarts++;
}

/* Note why the fuzzer stopped, if it did, and start it again. Returns 1 if it was restarted. */
static int tend_fuzzer(void)
{
    struct pl_task_status st = qt_status(TASK_FUZZER);
    if (qt_is_live(&st)) {
        return 0;
    }
    if (st.state == PL_TASK_EXITED) {
        exits++;
    } else {
        kinds[st.fault.kind < KINDS ? st.fault.kind : 0]++;
    }
    restart_fuzzer();
    return 1;
}

static int bystanders_live(void)
{
    struct pl_task_status e = qt_status(TASK_ECHO), v = qt_status(TASK_VICTIM);
    return qt_is_live(&e) && qt_is_live(&v);
}

static void fuzz(void)
{
    uint64_t start = pl_uptime(), last = start, now = start;
    while (now - start < FUZZ_TICKS && bystanders_live()) {
        uint32_t bits = 0;
        if (pl_ntfn_wait(NTFN_WATCH, FUZZ_PROGRESS | NTFN_WATCH_FAULTS, &bits, WAIT_STEP) ==
                PL_OK &&
            (bits & FUZZ_PROGRESS)) {
            batches++;
            last = pl_uptime();
        }
        now = pl_uptime();
        if (tend_fuzzer()) {
            last = now;
        } else if (now - last > STALL_TICKS) {
            stalls++;
            restart_fuzzer();
            last = now;
        }
    }
    /* Stop it for good, so that the checks below run undisturbed. */
    struct pl_task_status st = qt_status(TASK_FUZZER);
    if (qt_is_live(&st)) {
        pl_task_fault(TASK_FUZZER);
    }
}

static const char *untouched(uint32_t task)
{
    struct pl_task_status st = qt_status(task);
    if (!qt_is_live(&st)) {
        return qt_why("%s is %s (fault: %s, exit code %ld)", st.name, qt_state_name(st.state),
                      qt_fault_name(st.fault.kind), (long)st.exit_code);
    }
    if (st.faults || st.restarts) {
        return qt_why("%s faulted %lu times and was restarted %lu times", st.name,
                      (unsigned long)st.faults, (unsigned long)st.restarts);
    }
    return 0;
}

static const char *case_the_fuzzer_ran(void)
{
    uint32_t calls = batches * FUZZ_BATCH;
    if (calls < MIN_CALLS) {
        return qt_why("only about %lu calls in %u ticks", (unsigned long)calls, FUZZ_TICKS);
    }
    return 0;
}

static const char *case_misuse_faulted_the_caller(void)
{
    static const uint32_t expected[] = {PL_FAULT_BAD_SYSCALL, PL_FAULT_BAD_POINTER,
                                        PL_FAULT_MEM_DATA};
    for (unsigned i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
        if (kinds[expected[i]] == 0) {
            return qt_why("no fault of kind %s in %lu restarts", qt_fault_name(expected[i]),
                          (unsigned long)restarts);
        }
    }
    return 0;
}

static const char *case_bystanders_untouched(void)
{
    const char *why = untouched(TASK_ECHO);
    if (!why) {
        why = untouched(TASK_VICTIM);
    }
    if (!why) {
        why = untouched(TASK_JUDGE);
    }
    if (!why && !mine_intact()) {
        why = "the judge's own memory changed";
    }
    return why;
}

static const char *case_victim_checked_all_along(void)
{
    /* it wakes every VICTIM_PERIOD ticks and checks its whole pattern each time */
    struct pl_task_status st = qt_status(TASK_VICTIM);
    if (st.switches < FUZZ_TICKS / VICTIM_PERIOD / 2) {
        return qt_why("the victim ran only %lu times", (unsigned long)st.switches);
    }
    return 0;
}

static const char *case_echo_still_answers(void)
{
    static uint8_t out[64], in[64];
    for (unsigned i = 0; i < sizeof(out); i++) {
        out[i] = (uint8_t)(i * 7u + 1u);
    }
    struct pl_msg req = {.label = 41, .w0 = 0xfeedu, .w1 = 0xbeefu, .data = out, .len = 64};
    struct pl_recvd rep;
    memset(in, 0, sizeof(in));
    int r = pl_call(EP_ECHO, &req, in, sizeof(in), &rep, 100);
    if (r != PL_OK) {
        return qt_why("call: %s", pl_strerror(r));
    }
    if (rep.label != 41 + ECHO_LABEL_OFFSET || rep.w0 != 0xfeedu || rep.w1 != 0xbeefu ||
        rep.len != 64 || memcmp(in, out, 64) != 0) {
        return qt_why("wrong answer: label %lu, words %#lx %#lx, %lu bytes",
                      (unsigned long)rep.label, (unsigned long)rep.w0, (unsigned long)rep.w1,
                      (unsigned long)rep.len);
    }
    return 0;
}

/* The kernel's copy (arch/cortex-m/memcpy.S on this machine): every length from 0 to 256,
 * from and to every alignment, arrives exact, and not a byte more. Echo receives into an
 * aligned buffer and answers from it, so both directions and all three paths (blocks of 32
 * bytes, words, bytes) are taken. */
static const char *case_every_length_and_alignment_copies_exactly(void)
{
    static uint8_t out[PL_IPC_MAX_BYTES + 8], in[PL_IPC_MAX_BYTES + 8];
    for (uint32_t len = 0; len <= PL_IPC_MAX_BYTES; len++) {
        for (uint32_t a = 0; a < 4; a++) {
            for (uint32_t b = 0; b < 4; b++) {
                for (uint32_t i = 0; i < sizeof(out); i++) {
                    out[i] = (uint8_t)(i * 13u + len + a);
                }
                memset(in, 0xee, sizeof(in));
                struct pl_msg req = {.label = len, .data = out + a, .len = len};
                struct pl_recvd rep;
                int r = pl_call(EP_ECHO, &req, in + b, PL_IPC_MAX_BYTES, &rep, 100);
                if (r != PL_OK || rep.len != len) {
                    return qt_why("%lu bytes from offset %lu to %lu: %s, %lu bytes",
                                  (unsigned long)len, (unsigned long)a, (unsigned long)b,
                                  pl_strerror(r), (unsigned long)rep.len);
                }
                for (uint32_t i = 0; i < sizeof(in); i++) {
                    uint8_t want = i >= b && i < b + len ? out[a + i - b] : 0xee;
                    if (in[i] != want) {
                        return qt_why("%lu bytes from offset %lu to %lu: byte %lu is %#x, "
                                      "not %#x",
                                      (unsigned long)len, (unsigned long)a, (unsigned long)b,
                                      (unsigned long)i, in[i], want);
                    }
                }
            }
        }
    }
    return 0;
}

static const char *case_time_runs(void)
{
    uint64_t t = pl_uptime();
    pl_sleep(3);
    return pl_uptime() >= t + 3 ? 0 : "uptime did not advance across a sleep";
}

int main(void)
{
    qt_begin("fuzz");
    fill_mine();
    qt_report("every length 0..256 at every alignment is copied exactly",
              case_every_length_and_alignment_copies_exactly());
    fuzz();
    pl_printf("# fuzzer: about %lu calls, %lu restarts (%lu stalls, %lu exits); faults: "
              "unknown call %lu, bad pointer %lu, memory %lu, other %lu\n",
              (unsigned long)(batches * FUZZ_BATCH), (unsigned long)restarts, (unsigned long)stalls,
              (unsigned long)exits, (unsigned long)kinds[PL_FAULT_BAD_SYSCALL],
              (unsigned long)kinds[PL_FAULT_BAD_POINTER], (unsigned long)kinds[PL_FAULT_MEM_DATA],
              (unsigned long)(restarts - stalls - exits - kinds[PL_FAULT_BAD_SYSCALL] -
                              kinds[PL_FAULT_BAD_POINTER] - kinds[PL_FAULT_MEM_DATA]));
    qt_report("the fuzzer made thousands of random system calls", case_the_fuzzer_ran());
    qt_report("its misuse faulted it: unknown calls, bad pointers, stray accesses",
              case_misuse_faulted_the_caller());
    qt_report("echo, victim and judge never faulted; their memory is as it was",
              case_bystanders_untouched());
    qt_report("the victim checked its memory all along", case_victim_checked_all_along());
    qt_report("echo still answers a call with bytes", case_echo_still_answers());
    qt_report("time still runs", case_time_runs());
    qt_finish();
}

/*
 * tests/qemu/fuzz/fuzzer.c - random system calls with random arguments, for ever.
 *
 * Each call: a number (mostly one that exists, sometimes any of the 256), and r0-r9 each drawn
 * from values that matter to a kernel: small numbers and flags, the task's own buffers, other
 * tasks' RAM, the kernel's RAM and flash, peripherals it does not own, the System Control
 * Space, addresses that run off the end of its RAM, and noise. Now and then it also touches
 * such an address itself, and now and then it moves its stack pointer out of its RAM (into its
 * shared page, its device, anywhere) before a trap, or spins there until a tick comes: the
 * kernel must stop it without reading the frame. Whatever happens to it (an error, a fault, a
 * jump into nowhere after a receive overwrote its own stack) is its own business: the judge
 * restarts it, and the generation it restarts with seeds the next run. What must never happen is
 * anything to the kernel or to another task.
 *
 * Three calls are tamed so the run stays readable: debug_write never gets a readable buffer
 * with bytes (random bytes on the console would be noise), and exit and sigsuspend (which
 * waits for a signal that may never come, until the judge sees a stall) are rare.
 */
#include <stdint.h>

#include "fuzz.h"
#include "parley.h"
#include "system.h"
#include <parley/syscall.h>

void fuzz_trap(uint32_t number, uint32_t regs[10]);
void fuzz_trap_on(uint32_t number, uint32_t regs[10], uint32_t sp);
void fuzz_spin_on(uint32_t sp) __attribute__((noreturn));

#define OWN_BUFFERS 4u
#define OWN_SIZE    128u

static uint32_t rng;
static uint32_t page; /* where its shared page is mapped (a random call may unmap it) */
static char own[OWN_BUFFERS][OWN_SIZE];

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}

static uint32_t below(uint32_t n)
{
    return rnd() % n;
}

static uint32_t any_flags(void)
{
    static const uint32_t flags[] = {PL_IPC_NONBLOCK, PL_IPC_TIMED, PL_IPC_NTFN, PL_IPC_GRANT};
    uint32_t f = 0;
    for (unsigned i = 0; i < 4; i++) {
        if (below(4) == 0) {
            f |= flags[i];
        }
    }
    return f;
}

/* An address worth trying, or any number. */
static uint32_t any_value(void)
{
    switch (below(18)) {
    case 0:
        return 0;
    case 1:
        return below(4);
    case 2:
        return below(300);
    case 3:
        return below(4) | any_flags();
    case 4:
    case 5:
    case 6:
        return (uint32_t)(uintptr_t)&own[below(OWN_BUFFERS)][below(OWN_SIZE)];
    case 7:
        return TASK_VICTIM_RAM_BASE + below(TASK_VICTIM_RAM_SIZE);
    case 8:
        return TASK_JUDGE_RAM_BASE + below(TASK_JUDGE_RAM_SIZE);
    case 9:
        return TASK_ECHO_RAM_BASE + below(TASK_ECHO_RAM_SIZE);
    case 10:
        return 0x20000000u + below(0x4000u); /* the kernel's RAM */
    case 11:
        return below(0x10000u); /* the vector table and the kernel's code */
    case 12:
        return TASK_FUZZER_FLASH_BASE + below(TASK_FUZZER_FLASH_SIZE); /* own code: read only */
    case 13:
        return PERIPH_UART0_BASE + below(0x1000u);
    case 14:
        return 0xe000e000u + below(0x1000u); /* System Control Space: MPU, NVIC, SysTick */
    case 15:
        return TASK_FUZZER_RAM_BASE + TASK_FUZZER_RAM_SIZE - below(16); /* runs off the end */
    case 16:
        return 0xffffffffu - below(16);
    default:
        return rnd();
    }
}

static uint32_t any_number(void)
{
    uint32_t n = below(64) ? below(PL_SYS_COUNT) : below(256);
    if ((n == PL_SYS_EXIT || n == PL_SYS_SIG_SUSPEND) && below(16)) {
        n = PL_SYS_YIELD; /* rare: each exit costs a restart, each sigsuspend a stall */
    }
    return n;
}

/* A stray access of its own: the MPU must stop it (a fault), or, for its own memory, allow it. */
static void touch(void)
{
    volatile uint32_t *p = (volatile uint32_t *)(uintptr_t)(any_value() & ~3u);
    if (below(2)) {
        *p = rnd();
    } else {
        (void)*p;
    }
}

/* Somewhere to move the stack pointer before a trap or a tick (docs/architecture.md, "Threat
 * model"): its shared page, its own device, places it may not write, the edges of its RAM. */
static uint32_t any_stack(void)
{
    switch (below(9)) {
    case 0:
        return page + PAGE_SIZE;
    case 1:
        return page + 8u * below(PAGE_SIZE / 8u);
    case 2:
        return PERIPH_TIMER1_BASE + 8u * below(0x1000u / 8u); /* its own device */
    case 3:
        return TASK_FUZZER_FLASH_BASE + 8u * below(TASK_FUZZER_FLASH_SIZE / 8u);
    case 4:
        return TASK_VICTIM_RAM_BASE + 8u * below(TASK_VICTIM_RAM_SIZE / 8u);
    case 5:
        return 0x20000000u + 8u * below(0x4000u / 8u); /* the kernel's RAM */
    case 6:
        return TASK_FUZZER_RAM_BASE + 8u * below(4u); /* the frame runs off its bottom */
    case 7:
        return TASK_FUZZER_RAM_BASE + TASK_FUZZER_RAM_SIZE + 8u * below(4u); /* off its top */
    default:
        return any_value() & ~7u;
    }
}

static void one_call(void)
{
    uint32_t r[10], n = any_number();
    for (unsigned i = 0; i < 10; i++) {
        r[i] = any_value();
    }
    switch (n) {
    case PL_SYS_DEBUG_WRITE:
        r[1] = 0; /* no bytes: only the checks run */
        break;
    case PL_SYS_SLEEP:
        r[0] &= 3u;
        break;
    default:
        break;
    }
    if (n >= PL_SYS_SEND && n <= PL_SYS_NTFN_WAIT && below(2)) {
        /* the objects it has rights to: echo, or watch for the notification calls */
        r[0] = (n >= PL_SYS_NTFN_SIGNAL ? NTFN_WATCH : EP_ECHO) | any_flags();
        r[9] &= 7u; /* short deadlines */
    }
    if (below(32) == 0) {
        uint32_t sp = any_stack();
        if (below(4) == 0 && sp - TASK_FUZZER_RAM_BASE > TASK_FUZZER_RAM_SIZE) {
            fuzz_spin_on(sp); /* outside its RAM: the next tick must stop it */
        }
        fuzz_trap_on(n, r, sp);
        return;
    }
    fuzz_trap(n, r);
}

int fuzzer_main(void)
{
    rng = 0x9e3779b9u * PL_TASK_GEN((uint32_t)pl_task_self()) + 1u;
    void *at = 0;
    (void)pl_shm_map(PAGE_FUZZER_0, 0, &at);
    page = (uint32_t)(uintptr_t)at;
    for (unsigned i = 0; i < OWN_BUFFERS; i++) {
        for (unsigned j = 0; j < OWN_SIZE; j++) {
            own[i][j] = (char)('a' + (i + j) % 26);
        }
    }
    for (;;) {
        for (unsigned i = 0; i < FUZZ_BATCH; i++) {
            if (below(64) == 0) {
                touch();
            } else {
                one_call();
            }
        }
        pl_ntfn_signal(NTFN_WATCH, FUZZ_PROGRESS);
    }
}

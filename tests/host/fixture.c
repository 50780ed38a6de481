/*
 * tests/host/fixture.c - the generated tables for host tests and the per-test reset.
 *
 * Owns the fixture's memory (static, suitably aligned arrays standing in for flash, RAM and a
 * peripheral, with ASan-poisoned guards after each task's RAM and code) and the tables
 * kernel/sysdesc.h declares. The region lists are writable so that
 * a test can break one (to see the kernel refuse it); every reset restores them.
 */
#include <sanitizer/asan_interface.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_board.h"
#include "fixture.h"
#include "host_arch.h"
#include "ipc.h"

#define ALIGNED(n) __attribute__((aligned(n)))

/* Each task's RAM and code region is followed by a guard of the same size that ASan treats as
 * poisoned, so a kernel access running past a task's memory is reported: ASan puts no redzone
 * of its own around globals this strongly aligned, nor between the rows of a 2-D array. */
#define GUARDED(n)                                                                                 \
    struct {                                                                                       \
        uint8_t bytes[n];                                                                          \
        uint8_t guard[n];                                                                          \
    }
static GUARDED(FX_RAM_SIZE) ram_store[FX_TASKS] ALIGNED(FX_RAM_SIZE);
static GUARDED(FX_CODE_SIZE) code_store[FX_TASKS] ALIGNED(FX_CODE_SIZE);

_Static_assert(FX_TASKS == 5, "one entry per task below");
uint8_t *const fx_ram[FX_TASKS] = {ram_store[0].bytes, ram_store[1].bytes, ram_store[2].bytes,
                                   ram_store[3].bytes, ram_store[4].bytes};
uint8_t *const fx_code[FX_TASKS] = {code_store[0].bytes, code_store[1].bytes, code_store[2].bytes,
                                    code_store[3].bytes, code_store[4].bytes};
uint8_t fx_rodata[FX_SMALL_SIZE] ALIGNED(FX_SMALL_SIZE);
uint8_t fx_device[FX_SMALL_SIZE] ALIGNED(FX_SMALL_SIZE);
uint8_t fx_shared[2][FX_SHARED_SIZE] ALIGNED(2 * FX_SHARED_SIZE);
struct mem_region fx_regions[FX_TASKS][4];

const struct sys_config sys_config = {
    .name = "host-fixture",
    .tick_hz = FX_TICK_HZ,
    .slice_ticks = FX_SLICE_TICKS,
};

static const uint8_t worker_a_irqs[] = {FX_IRQ_OWNED};

/* .data is loaded from the last FX_DATA_SIZE bytes of the task's code region ("flash"). */
#define TASK(i, nm, prio, cap, nregions)                                                           \
    [i] = {                                                                                        \
        .name = nm,                                                                                \
        .entry = (uintptr_t)code_store[i].bytes,                                                   \
        .priority = prio,                                                                          \
        .caps = cap,                                                                               \
        .ram_base = (uintptr_t)ram_store[i].bytes,                                                 \
        .ram_size = FX_RAM_SIZE,                                                                   \
        .stack_size = FX_STACK_SIZE,                                                               \
        .data_load = (uintptr_t)&code_store[i].bytes[FX_CODE_SIZE - FX_DATA_SIZE],                 \
        .data_start = (uintptr_t)&ram_store[i].bytes[FX_STACK_SIZE],                               \
        .data_end = (uintptr_t)&ram_store[i].bytes[FX_STACK_SIZE + FX_DATA_SIZE],                  \
        .bss_start = (uintptr_t)&ram_store[i].bytes[FX_STACK_SIZE + FX_DATA_SIZE],                 \
        .bss_end = (uintptr_t)&ram_store[i].bytes[FX_STACK_SIZE + FX_DATA_SIZE + FX_BSS_SIZE],     \
        .regions = fx_regions[i],                                                                  \
        .region_count = nregions,                                                                  \
        .irqs = i == FX_WORKER_A ? worker_a_irqs : NULL,                                           \
        .irq_count = i == FX_WORKER_A ? 1 : 0,                                                     \
    }

const struct task_desc sys_task_descs[FX_TASKS] = {
    TASK(FX_SUPER, "super", 1, CAP_SUPERVISOR, 2),
    TASK(FX_WORKER_A, "worker_a", 5, 0, 4),
    TASK(FX_WORKER_B, "worker_b", 5, 0, 4),
    TASK(FX_TESTER, "tester", 8, CAP_SHUTDOWN, 2),
    TASK(FX_IDLE, "idle-with-a-long-name", SCHED_IDLE_PRIORITY, 0, 2),
};
const uint32_t sys_task_count = FX_TASKS;
struct task sys_tasks[FX_TASKS];

/* IPC objects: enough for the kernel core to boot and route an interrupt; no task holds an
 * endpoint right and no page is shared, so the core's tests see no IPC at all. */
const struct endpoint_desc sys_endpoint_descs[] = {{"ep0"}};
const uint32_t sys_endpoint_count = 1;

static const uint8_t worker_a_irq_of_bit[32] = {[0] = FX_IRQ_OWNED, [1 ... 31] = 0xff};
const struct ntfn_desc sys_ntfn_descs[] = {
    {.name = "worker_a_irq", .waiter = FX_WORKER_A, .irq_of_bit = worker_a_irq_of_bit},
};
const uint32_t sys_ntfn_count = 1;

const struct page_desc sys_page_descs[] = {{0, 0, 0}};
const uint32_t sys_page_count = 0;

/* FX_IRQ_OWNED (3) raises bit 0 of worker_a's notification (0); nobody owns the others. */
const struct irq_route sys_irq_routes[FX_IRQS] = {
    {IPC_NO_NTFN, 0}, {IPC_NO_NTFN, 0}, {IPC_NO_NTFN, 0}, {0, 0},
    {IPC_NO_NTFN, 0}, {IPC_NO_NTFN, 0}, {IPC_NO_NTFN, 0}, {IPC_NO_NTFN, 0},
};
const uint32_t sys_irq_count = FX_IRQS;
_Static_assert(FX_IRQ_OWNED == 3, "sys_irq_routes routes interrupt 3");

static struct mem_region region(const void *base, uint32_t size, uint32_t access)
{
    return (struct mem_region){.base = (uintptr_t)base, .size = size, .access = access};
}

static void restore_regions(void)
{
    for (uint32_t i = 0; i < FX_TASKS; i++) {
        fx_regions[i][0] = region(fx_code[i], FX_CODE_SIZE, MEM_CODE);
        fx_regions[i][1] = region(fx_ram[i], FX_RAM_SIZE, MEM_DATA);
    }
    fx_regions[FX_WORKER_A][2] = region(fx_rodata, FX_SMALL_SIZE, MEM_RODATA);
    fx_regions[FX_WORKER_A][3] = region(fx_device, FX_SMALL_SIZE, MEM_DEVICE);
    fx_regions[FX_WORKER_B][2] = region(fx_shared[0], FX_SHARED_SIZE, MEM_DATA);
    fx_regions[FX_WORKER_B][3] = region(fx_shared[1], FX_SHARED_SIZE, MEM_DATA);
}

uint8_t fx_data_byte(uint32_t task, uint32_t i)
{
    return (uint8_t)(0x10u * (task + 1u) + i);
}

/* Flash holds the initial .data; RAM holds garbage, so a start that forgets to clear shows. */
static void restore_memory(void)
{
    for (uint32_t t = 0; t < FX_TASKS; t++) {
        memset(fx_code[t], 0, FX_CODE_SIZE);
        for (uint32_t i = 0; i < FX_DATA_SIZE; i++) {
            fx_code[t][FX_CODE_SIZE - FX_DATA_SIZE + i] = fx_data_byte(t, i);
        }
        memset(fx_ram[t], FX_GARBAGE, FX_RAM_SIZE);
        ASAN_POISON_MEMORY_REGION(ram_store[t].guard, FX_RAM_SIZE);
        ASAN_POISON_MEMORY_REGION(code_store[t].guard, FX_CODE_SIZE);
    }
    memset(fx_shared, 0, sizeof(fx_shared));
}

uint32_t fx_addr(const void *p)
{
    uintptr_t a = (uintptr_t)p;
    if (a > UINT32_MAX) {
        fprintf(stderr, "fixture: %p does not fit a 32-bit register (linked as PIE?)\n", p);
        abort();
    }
    return (uint32_t)a;
}

/* Everything the tests pass in registers must fit in 32 bits. */
static void check_addresses(void)
{
    fx_addr(&fx_ram[FX_TASKS - 1][FX_RAM_SIZE - 1]);
    fx_addr(&fx_code[FX_TASKS - 1][FX_CODE_SIZE - 1]);
    fx_addr(&fx_rodata[FX_SMALL_SIZE - 1]);
    fx_addr(&fx_device[FX_SMALL_SIZE - 1]);
    fx_addr(&fx_shared[1][FX_SHARED_SIZE - 1]);
}

void fixture_reset(void)
{
    host_arch_reset();
    fake_console_reset();
    restore_regions();
    restore_memory();
    time_init(); /* as kernel_main does, in its order */
    sched_init(sys_config.slice_ticks);
    ep_init_all();
    shm_init_all();
    task_init_all(); /* every task started, READY */
    ntfn_init_all(); /* owned interrupts unmasked */
    sched_switch();  /* the most urgent task runs */
    check_addresses();
}

struct task *fx_task(enum fixture_task_index i)
{
    return &sys_tasks[i];
}

/* Park every more urgent ready task (blocked with no deadline: it never wakes by itself) and
 * send every ready peer of t's priority behind it, so the scheduler picks t. t must be READY,
 * or parked by an earlier fx_run(), which wakes it first. */
void fx_run(struct task *t)
{
    if (t->state == PL_TASK_BLOCKED && t->block == BLOCK_SLEEP && t->deadline == TIME_NEVER) {
        task_unblock(t, PL_OK);
    }
    for (uint32_t i = 0; i < FX_TASKS; i++) {
        struct task *o = &sys_tasks[i];
        if (o == t || o->state != PL_TASK_READY || o->priority > t->priority) {
            continue;
        }
        if (o->priority < t->priority) {
            task_block(o, BLOCK_SLEEP, TIME_NEVER);
        } else {
            sched_yield(o);
        }
    }
    if (sched_switch() != t) {
        fprintf(stderr, "fixture: cannot make %s the current task\n", t->desc->name);
        abort();
    }
}

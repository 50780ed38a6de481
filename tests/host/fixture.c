/*
 * tests/host/fixture.c - the generated tables for host tests, the per-test reset, and the
 * helpers through which a test acts as one of the tasks.
 *
 * Owns the fixture's memory (static, suitably aligned arrays standing in for flash, RAM, a
 * peripheral and the shared-page pool, with ASan-poisoned guards after each task's RAM and
 * code and after each page) and the tables kernel/sysdesc.h declares. The region lists are
 * writable so that a test can break one (to see the kernel refuse it); every reset restores
 * them. The IPC objects are described in fixture.h.
 */
#include <sanitizer/asan_interface.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_board.h"
#include "fixture.h"
#include "host_arch.h"
#include "klog.h"
#include "syscall.h"

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
static GUARDED(FX_PAGE_SIZE) page_store[FX_PAGES] ALIGNED(FX_PAGE_SIZE);

_Static_assert(FX_TASKS == 6, "one entry per task below");
uint8_t *const fx_ram[FX_TASKS] = {ram_store[0].bytes, ram_store[1].bytes, ram_store[2].bytes,
                                   ram_store[3].bytes, ram_store[4].bytes, ram_store[5].bytes};
uint8_t *const fx_code[FX_TASKS] = {code_store[0].bytes, code_store[1].bytes, code_store[2].bytes,
                                    code_store[3].bytes, code_store[4].bytes, code_store[5].bytes};
_Static_assert(FX_PAGES == 2, "one entry per page below");
uint8_t *const fx_page[FX_PAGES] = {page_store[0].bytes, page_store[1].bytes};
uint8_t fx_rodata[FX_SMALL_SIZE] ALIGNED(FX_SMALL_SIZE);
uint8_t fx_device[FX_SMALL_SIZE] ALIGNED(FX_SMALL_SIZE);
uint8_t fx_shared[2][FX_SHARED_SIZE] ALIGNED(2 * FX_SHARED_SIZE);
struct mem_region fx_regions[FX_TASKS][4];

const struct sys_config sys_config = {
    .name = "host-fixture",
    .tick_hz = FX_TICK_HZ,
    .slice_ticks = FX_SLICE_TICKS,
    .fastpath = 1,
    .klog_size = FX_KLOG_SIZE,
};
char sys_klog_ring[FX_KLOG_SIZE];

static const uint8_t worker_a_irqs[] = {FX_IRQ_OWNED, FX_IRQ_OWNED_HI, FX_IRQ_SHARED};

#define BIT(n) (1u << (n))

/* Badges as sysgen writes them: the description's, or task index + 1, for every endpoint the
 * task may send on; 0 elsewhere. */
static const uint32_t badges[FX_TASKS][IPC_MAX_ENDPOINTS] = {
    [FX_WORKER_A] = {[FX_EP_SRV] = FX_BADGE_A_SRV, [FX_EP_POOL] = FX_WORKER_A + 1},
    [FX_WORKER_B] = {[FX_EP_SRV] = FX_WORKER_B + 1, [FX_EP_PEER] = FX_WORKER_B + 1},
    [FX_WORKER_C] = {[FX_EP_PEER] = FX_WORKER_C + 1},
    [FX_TESTER] = {[FX_EP_SRV] = FX_BADGE_TEST_SRV,
                   [FX_EP_POOL] = FX_TESTER + 1,
                   [FX_EP_LOW] = FX_TESTER + 1,
                   [FX_EP_KSRV] = FX_TESTER + 1},
    [FX_IDLE] = {[FX_EP_POOL] = FX_IDLE + 1, [FX_EP_LOW] = FX_IDLE + 1},
};

/* The tasks with a poll mirror (at the start of .data, where the link puts it): the waiters of
 * irq, ev and faults, and tester, which waits on none; worker_c and idle have none. */
#define FX_HAS_MIRROR(i)                                                                           \
    ((i) == FX_WORKER_A || (i) == FX_WORKER_B || (i) == FX_SUPER || (i) == FX_TESTER)
#define FX_MIRROR(i) (FX_HAS_MIRROR(i) ? (uintptr_t)&ram_store[i].bytes[FX_STACK_SIZE] : 0u)

/* .data is loaded from the last FX_DATA_SIZE bytes of the task's code region ("flash"). */
#define TASK(i, nm, prio, cap, nregions, send, recv, grant, signal, nwindows)                      \
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
        .ntfn_mirror = FX_MIRROR(i),                                                               \
        .ntfn_mirror_end = FX_MIRROR(i) + (FX_HAS_MIRROR(i) ? 4u * PL_NTFN_MIRROR_WORDS : 0u),     \
        .regions = fx_regions[i],                                                                  \
        .region_count = nregions,                                                                  \
        .irqs = i == FX_WORKER_A ? worker_a_irqs : NULL,                                           \
        .irq_count = i == FX_WORKER_A ? 3 : 0,                                                     \
        .ep_send = send,                                                                           \
        .ep_recv = recv,                                                                           \
        .ep_grant = grant,                                                                         \
        .ntfn_signal = signal,                                                                     \
        .badges = badges[i],                                                                       \
        .windows = nwindows,                                                                       \
        .sig_targets = i == FX_SUPER    ? FX_SIG_TARGETS_SUPER                                     \
                       : i == FX_TESTER ? FX_SIG_TARGETS_TESTER                                    \
                                        : 0,                                                       \
        .watch = i == FX_WORKER_A ? FX_WATCHED_BY_A : 0,                                           \
        .raise = i == FX_SUPER ? 1u : 0u,                                                          \
    }

const struct task_desc sys_task_descs[FX_TASKS] = {
    TASK(FX_SUPER, "super", 1, CAP_SUPERVISOR, 2, 0, BIT(FX_EP_SRV), 0, BIT(FX_NTFN_EV), 0),
    TASK(FX_WORKER_A, "worker_a", 5, 0, 4, BIT(FX_EP_SRV) | BIT(FX_EP_POOL), BIT(FX_EP_PEER), 0,
         BIT(FX_NTFN_EV), 0),
    TASK(FX_WORKER_B, "worker_b", 5, 0, 4, BIT(FX_EP_SRV) | BIT(FX_EP_PEER), BIT(FX_EP_POOL), 0,
         BIT(FX_NTFN_EV), 1),
    TASK(FX_WORKER_C, "worker_c", 5, CAP_STATUS, 2, BIT(FX_EP_PEER),
         BIT(FX_EP_POOL) | BIT(FX_EP_LOW), 0, 0, 2),
    TASK(FX_TESTER, "tester", 8, CAP_SHUTDOWN, 2,
         BIT(FX_EP_SRV) | BIT(FX_EP_POOL) | BIT(FX_EP_LOW) | BIT(FX_EP_KSRV), BIT(FX_EP_LOW),
         BIT(FX_EP_SRV) | BIT(FX_EP_LOW), BIT(FX_NTFN_IRQ) | BIT(FX_NTFN_EV), 2),
    TASK(FX_IDLE, "idle-with-a-long-name", SCHED_IDLE_PRIORITY, 0, 2,
         BIT(FX_EP_POOL) | BIT(FX_EP_LOW), 0, 0, 0, 0),
};
const uint32_t sys_task_count = FX_TASKS;
struct task sys_tasks[FX_TASKS];

const struct endpoint_desc sys_endpoint_descs[FX_ENDPOINTS] = {
    [FX_EP_SRV] = {"srv"}, [FX_EP_POOL] = {"pool"},    [FX_EP_PEER] = {"peer"},
    [FX_EP_LOW] = {"low"}, [FX_EP_KSRV] = {"ksrv", 1},
};
const uint32_t sys_endpoint_count = FX_ENDPOINTS;

/* The server in the kernel of MODE=mono (tests/host/test_kserver.c defines it; weak, so that
 * the tests built with kserver_micro.c, which never look, link without it). */
extern const struct pl_server fx_kserver __attribute__((weak));
static const uint32_t fx_kserver_badges[IPC_MAX_ENDPOINTS] = {[FX_EP_KSRV] = 0xff01u};
const struct kserver_desc sys_kservers[] = {
    {&fx_kserver, FX_NTFN_IRQ, fx_kserver_badges, 0xffu, 1u << FX_NTFN_EV,
     BIT(FX_TESTER)}}; /* may signal the ev notification, and send signals to tester */
const uint32_t sys_kserver_count = 1;

static const uint8_t irq_of_bit[32] = {[0] = FX_IRQ_OWNED,
                                       [1 ... 3] = 0xff,
                                       [4] = FX_IRQ_OWNED_HI,
                                       [5 ... 6] = FX_IRQ_SHARED,
                                       [7 ... 31] = 0xff};
static const uint8_t no_irqs[32] = {[0 ... 31] = 0xff};
const struct ntfn_desc sys_ntfn_descs[FX_NTFNS] = {
    [FX_NTFN_IRQ] = {.name = "irq", .waiter = FX_WORKER_A, .irq_of_bit = irq_of_bit},
    [FX_NTFN_EV] = {.name = "ev",
                    .waiter = FX_WORKER_B,
                    .irq_of_bit = no_irqs,
                    .klog_bits = FX_KLOG_BIT},
    [FX_NTFN_FAULTS] = {.name = "faults",
                        .waiter = FX_SUPER,
                        .irq_of_bit = no_irqs,
                        .fault_bits = FX_FAULT_BIT},
};
const uint32_t sys_ntfn_count = FX_NTFNS;

const struct page_desc sys_page_descs[FX_PAGES] = {
    {(uintptr_t)page_store[0].bytes, FX_PAGE_SIZE, FX_WORKER_C},
    {(uintptr_t)page_store[1].bytes, FX_PAGE_SIZE, FX_WORKER_C},
};
const uint32_t sys_page_count = FX_PAGES;

/* FX_IRQ_OWNED (3) and FX_IRQ_OWNED_HI (5) raise bits 0 and 4 of notification irq, and
 * FX_IRQ_SHARED (6), one line under two names (as an STM32 USART's uart0_rx and uart0_tx),
 * both bits 5 and 6; nobody owns the others. */
const struct irq_route sys_irq_routes[FX_IRQS] = {
    {IPC_NO_NTFN, 0},
    {IPC_NO_NTFN, 0},
    {IPC_NO_NTFN, 0},
    {FX_NTFN_IRQ, 1u << 0},
    {IPC_NO_NTFN, 0},
    {FX_NTFN_IRQ, 1u << 4},
    {FX_NTFN_IRQ, 1u << 5 | 1u << 6},
    {IPC_NO_NTFN, 0},
};
const uint32_t sys_irq_count = FX_IRQS;
_Static_assert(FX_IRQ_OWNED == 3 && FX_IRQ_OWNED_HI == 5 && FX_IRQ_SHARED == 6,
               "sys_irq_routes routes 3, 5 and 6");

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
    for (uint32_t p = 0; p < FX_PAGES; p++) {
        memset(fx_page[p], 0, FX_PAGE_SIZE);
        ASAN_POISON_MEMORY_REGION(page_store[p].guard, FX_PAGE_SIZE);
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
    fx_addr(&fx_page[FX_PAGES - 1][FX_PAGE_SIZE - 1]);
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
    time_init(0); /* as kernel_main does, in its order */
    sched_init(sys_config.slice_ticks);
    ep_init_all();
    shm_init_all();
    task_init_all(); /* every task started, READY */
    ntfn_init_all(); /* owned interrupts unmasked */
    klog_init(ntfn_signal);
    sched_switch(); /* the most urgent task runs */
    check_addresses();
}

struct task *fx_task(enum fixture_task_index i)
{
    return &sys_tasks[i];
}

void fx_park(struct task *t)
{
    task_block(t, BLOCK_SLEEP, TIME_NEVER);
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
            fx_park(o);
        } else {
            sched_yield(o);
        }
    }
    if (sched_switch() != t) {
        fprintf(stderr, "fixture: cannot make %s the current task\n", t->desc->name);
        abort();
    }
}

/* ---- acting as a task in IPC ---- */

uint32_t fx_buf(enum fixture_task_index i, unsigned n)
{
    return fx_addr(&fx_ram[i][FX_RAM_SIZE - (4u - (n & 3u)) * FX_BUF_SIZE]);
}

uint8_t *fx_bytes(uint32_t addr)
{
    return (uint8_t *)(uintptr_t)addr;
}

void fx_fill(uint32_t addr, uint8_t first, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++) {
        fx_bytes(addr)[i] = (uint8_t)(first + i);
    }
}

int fx_filled(uint32_t addr, uint8_t first, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++) {
        if (fx_bytes(addr)[i] != (uint8_t)(first + i)) {
            return 0;
        }
    }
    return 1;
}

void fx_load(struct task *t, uint32_t svc, const struct fx_ipc *in)
{
    const uint32_t r[10] = {in->obj,     in->label, in->w0,     in->w1,     in->out,
                            in->out_len, in->in,    in->in_cap, in->target, in->timeout};
    t->arch.frame = (struct arch_frame){
        .pc = fx_addr(fx_code[t->index]) + FX_SVC_OFFSET + 2u, /* past the 2-byte SVC */
        .svc = svc,
    };
    for (unsigned i = 0; i < 10; i++) {
        arch_task_set_reg(&t->arch, i, r[i]);
    }
}

struct task *fx_trap(struct task *t, uint32_t svc, const struct fx_ipc *in)
{
    fx_run(t);
    fx_load(t, svc, in);
    return task_of(kernel_syscall(&t->arch));
}

struct task *fx_trap_general(struct task *t, uint32_t svc, const struct fx_ipc *in)
{
    fx_run(t);
    fx_load(t, svc, in);
    syscall_dispatch(t);
    return sched_next(t); /* as kernel_syscall() goes on */
}

struct task *fx_trap_args(struct task *t, uint32_t svc, uint32_t r0, uint32_t r1, uint32_t r2)
{
    return fx_trap(t, svc, &(struct fx_ipc){.obj = r0, .label = r1, .w0 = r2});
}

uint32_t fx_reg(struct task *t, unsigned r)
{
    return arch_task_reg(&t->arch, r);
}

int32_t fx_status(struct task *t)
{
    return (int32_t)fx_reg(t, OUT_STATUS);
}

pl_task_id fx_id(enum fixture_task_index i)
{
    return task_id(fx_task(i));
}

static int queue_list(const struct list_node *q, int *out, int max)
{
    int n = 0;
    for (const struct list_node *p = q->next; p != q; p = p->next, n++) {
        if (n < max) {
            out[n] = (int)container_of(p, struct task, ipc.node)->index;
        }
    }
    if (n < max) {
        out[n] = -1;
    }
    return n;
}

int fx_senders(uint32_t ep, int *out, int max)
{
    return queue_list(&endpoints[ep].senders, out, max);
}

int fx_receivers(uint32_t ep, int *out, int max)
{
    return queue_list(&endpoints[ep].receivers, out, max);
}

int fx_in_run_queue(const struct task *t)
{
    return t->run_node.next != &t->run_node;
}

int fx_in_timer_list(const struct task *t)
{
    return t->time_node.next != &t->time_node;
}

/* As the arch's entry code (entry.S): the frame check first, then the kernel's upcall. */
static struct arch_task *entry_checked(void)
{
    struct arch_task *cur = &sched_current()->arch;
    return arch_task_frame_ok(cur) ? cur : kernel_bad_frame(cur);
}

struct task *fx_tick(void)
{
    return task_of(kernel_tick(entry_checked()));
}

struct task *fx_irq(unsigned irq)
{
    return task_of(kernel_irq(entry_checked(), irq));
}

/*
 * tests/host/fixture.h - the system the host tests run: the generated tables (normally
 * written by tools/sysgen.py) for six tasks whose memory is host memory, a reset that boots
 * the kernel afresh before each test, and helpers to act as a task (trap with IPC registers).
 *
 *   index  name        priority  caps            regions (in slot order)              windows
 *   0      super       1         CAP_SUPERVISOR  code, ram                            0
 *   1      worker_a    5         -               code, ram, rodata, device            0
 *   2      worker_b    5         -               code, ram, shared_lo, shared_hi      0
 *   3      worker_c    5         CAP_STATUS      code, ram                            2
 *   4      tester      8         CAP_SHUTDOWN    code, ram                            2
 *   5      idle-...    31        -               code, ram (its name is longer than 15)  0
 *
 * IPC, as a description would give it (no sender of an endpoint is more urgent than any of its
 * receivers: messages only go uphill):
 *
 *   endpoint  receivers          senders (badge)                              grant
 *   srv  0    super              worker_a (0x1a), worker_b (3), tester (0x7e57) tester
 *   pool 1    worker_b, worker_c worker_a (2), tester (5), idle (6)          -
 *   peer 2    worker_a           worker_b (3), worker_c (4)                   -
 *   low  3    worker_c, tester   tester (5), idle (6)                         tester
 *   ksrv 4    (in the kernel)    tester (5)                                   -
 *             MODE=mono's case: sys_kservers[0] serves it with fx_kserver, which only
 *             test_kserver.c defines (it links sys/kserver_mono.c); with the other tests'
 *             kserver_micro.c nobody receives on it
 *
 *   notification  waiter    signalers          interrupts
 *   irq  0        worker_a  tester             FX_IRQ_OWNED -> bit 0, FX_IRQ_OWNED_HI -> bit 4,
 *                                              FX_IRQ_SHARED -> bits 5 and 6 (a shared line)
 *   ev   1        worker_b  worker_a, tester,  -   (FX_KLOG_BIT is its `klog`: worker_b drains
 *                           super, worker_b      the kernel's log, kernel/klog.c)
 *   faults 2  super     -                  -   (FX_FAULT_BIT is its `faults`: signalled when
 *                                                    any task faults or exits)
 *
 *   poll mirrors (three words at the start of .data): worker_a, worker_b, super, tester.
 *
 *   pages 0 and 1 (FX_PAGE_SIZE each) belong to worker_c; windows: worker_c 2, tester 2,
 *   worker_b 1 (a grantee that waits on a notification: a holder told of a loss).
 *   super's ceiling is 0 (it sends to nobody, so raised it still sends nothing downhill): it
 *   may run at 0 or 1 (pl_prio_set); every other task only at its own priority.
 *
 * Each RAM region: stack at the bottom, then .data (copied from the end of the task's code
 * region, which plays the flash), .bss, then the heap, where the IPC buffers of fx_buf() lie.
 * The test binaries are linked without PIE so that all of this lies below 4 GiB and its
 * addresses fit in 32-bit registers.
 */
#ifndef TESTS_HOST_FIXTURE_H
#define TESTS_HOST_FIXTURE_H

#include <stdint.h>

#include "ipc.h"
#include "lifecycle.h"
#include "sched.h"
#include "task.h"
#include "time.h"

enum fixture_task_index {
    FX_SUPER,
    FX_WORKER_A,
    FX_WORKER_B,
    FX_WORKER_C,
    FX_TESTER,
    FX_IDLE,
    FX_TASKS
};

enum fixture_endpoint {
    FX_EP_SRV,
    FX_EP_POOL,
    FX_EP_PEER,
    FX_EP_LOW,
    FX_EP_KSRV, /* served in the kernel when the test links sys/kserver_mono.c (test_kserver.c) */
    FX_ENDPOINTS
};

enum fixture_ntfn {
    FX_NTFN_IRQ,
    FX_NTFN_EV,
    FX_NTFN_FAULTS,
    FX_NTFNS
};

#define FX_SLICE_TICKS    3u
#define FX_TICK_HZ        1000u
#define FX_RAM_SIZE       4096u
#define FX_CODE_SIZE      1024u
#define FX_STACK_SIZE     1024u
#define FX_DATA_SIZE      64u /* .data, right above the stack */
#define FX_BSS_SIZE       64u /* .bss, right above .data */
#define FX_SMALL_SIZE     256u
#define FX_SHARED_SIZE    2048u
#define FX_GARBAGE        0xa5u /* what RAM holds before a task starts: never a valid image */
#define FX_IRQS           8u    /* interrupts of the fixture's machine */
#define FX_KLOG_SIZE      2048u /* the kernel's log ring */
#define FX_IRQ_OWNED      3u    /* worker_a's: bit 0 of notification irq */
#define FX_IRQ_OWNED_HI   5u    /* worker_a's: bit 4 of notification irq */
#define FX_IRQ_SHARED     6u    /* worker_a's: one line, bits 5 and 6; the rest: nobody's */
#define FX_IRQ_BIT        (1u << 0)
#define FX_IRQ_BIT_HI     (1u << 4)
#define FX_IRQ_BITS_SH    (3u << 5)
#define FX_KLOG_BIT       (1u << 31) /* of notification ev: the kernel's log has bytes */
#define FX_FAULT_BIT      (1u << 2)  /* of notification faults: a task faulted or exited */
#define FX_PAGES          2u
#define FX_PAGE_SIZE      1024u
#define FX_BADGE_A_SRV    0x1au   /* worker_a's badge on srv, from the description */
#define FX_BADGE_TEST_SRV 0x7e57u /* tester's badge on srv, from the description */
#define FX_BUF_SIZE       512u    /* each of the four IPC buffers in a task's heap */
#define FX_SVC_OFFSET     0x40u   /* where in its code region a task's SVC instruction sits */

extern uint8_t *const fx_ram[FX_TASKS];           /* FX_RAM_SIZE bytes each, MEM_DATA */
extern uint8_t *const fx_code[FX_TASKS];          /* FX_CODE_SIZE bytes each, MEM_CODE */
extern uint8_t *const fx_page[FX_PAGES];          /* the shared pages, FX_PAGE_SIZE each */
extern uint8_t fx_rodata[FX_SMALL_SIZE];          /* worker_a, MEM_RODATA */
extern uint8_t fx_device[FX_SMALL_SIZE];          /* worker_a, MEM_DEVICE */
extern uint8_t fx_shared[2][FX_SHARED_SIZE];      /* worker_b, two adjacent MEM_DATA regions */
extern struct mem_region fx_regions[FX_TASKS][4]; /* restored by every reset: tests may break */

void fixture_reset(void); /* a freshly booted kernel; super is current */
/* Who may send signals to whom ('signals' in a description): the supervisor to every task but
 * the idle one; the tester to worker_a, and (as no description could say) to the idle task, so
 * that a test sees the idle task refused all the same. The others to none. */
#define FX_SIG_TARGETS_SUPER  0x1fu /* tasks 0-4 */
#define FX_SIG_TARGETS_TESTER ((1u << FX_WORKER_A) | (1u << FX_IDLE))

/* worker_a watches worker_b and worker_c ('watch'): their stops send it PL_SIGCHLD. */
#define FX_WATCHED_BY_A ((1u << FX_WORKER_B) | (1u << FX_WORKER_C))

struct task *fx_task(enum fixture_task_index i);
void fx_run(struct task *t);  /* make t the current task (see fixture.c) */
void fx_park(struct task *t); /* block t for good; fx_run(t) wakes it (t must be READY) */
/* A tick or a device interrupt arriving while the current task runs, as the arch delivers it;
 * returns the task that runs next (which is then the current task). */
struct task *fx_tick(void);
struct task *fx_irq(unsigned irq);
uint32_t fx_addr(const void *p);                 /* p as a 32-bit register value */
uint8_t fx_data_byte(uint32_t task, uint32_t i); /* byte i of a task's initial .data */

/* ---- acting as a task in IPC ---- */

/* The input registers of one IPC call (include/parley/ipc.h); what is not named is 0, as the
 * user library leaves it. Buffers are register values: fx_buf() or any address. */
struct fx_ipc {
    uint32_t obj;     /* r0: object index | PL_IPC_* flags */
    uint32_t label;   /* r1 */
    uint32_t w0, w1;  /* r2, r3 */
    uint32_t out;     /* r4: out buffer */
    uint32_t out_len; /* r5 */
    uint32_t in;      /* r6: in buffer */
    uint32_t in_cap;  /* r7 */
    uint32_t target;  /* r8: reply target, notification mask or PL_GRANT() */
    uint32_t timeout; /* r9: ticks, with PL_IPC_TIMED */
};

/* Buffer n (0..3) in task i's heap: FX_BUF_SIZE bytes its own RAM, as a register value. */
uint32_t fx_buf(enum fixture_task_index i, unsigned n);
uint8_t *fx_bytes(uint32_t addr);                          /* a register value back as a pointer */
void fx_fill(uint32_t addr, uint8_t first, uint32_t len);  /* first, first + 1, ... */
int fx_filled(uint32_t addr, uint8_t first, uint32_t len); /* holds what fx_fill wrote */

/* Load t's registers for system call svc, with the SVC at FX_SVC_OFFSET of its code. */
void fx_load(struct task *t, uint32_t svc, const struct fx_ipc *in);
/* Make t current and trap as the arch does after an SVC: kernel_syscall() (fast path first).
 * Returns the task that runs next. */
struct task *fx_trap(struct task *t, uint32_t svc, const struct fx_ipc *in);
/* The same trap forced through the general path: syscall_dispatch(), then what
 * kernel_syscall() does after it. */
struct task *fx_trap_general(struct task *t, uint32_t svc, const struct fx_ipc *in);
/* Non-IPC calls take their arguments in r0-r3. */
struct task *fx_trap_args(struct task *t, uint32_t svc, uint32_t r0, uint32_t r1, uint32_t r2);

uint32_t fx_reg(struct task *t, unsigned r); /* a saved user register, r0..r11 */
int32_t fx_status(struct task *t);           /* r0 as a status */
pl_task_id fx_id(enum fixture_task_index i); /* the task's current id */

/* The tasks waiting in an endpoint's queue, most urgent first: fills out (up to max, -1 after
 * the last) and returns how many there are. */
int fx_senders(uint32_t ep, int *out, int max);
int fx_receivers(uint32_t ep, int *out, int max);
int fx_in_run_queue(const struct task *t); /* linked in a run queue */
int fx_in_timer_list(const struct task *t);

#endif

/*
 * tests/host/fixture.h - the system the host tests run: the generated tables (normally
 * written by tools/sysgen.py) for five tasks whose memory is host memory, and a reset that
 * boots the kernel core afresh before each test.
 *
 *   index  name        priority  caps            regions (in slot order)
 *   0      super       1         CAP_SUPERVISOR  code, ram
 *   1      worker_a    5         -               code, ram, rodata, device
 *   2      worker_b    5         -               code, ram, shared_lo, shared_hi (adjacent)
 *   3      tester      8         CAP_SHUTDOWN    code, ram
 *   4      idle-...    31        -               code, ram (its name is longer than 15)
 *
 * IPC: one endpoint nobody has rights to, one notification (worker_a waits on it; interrupt
 * FX_IRQ_OWNED raises its bit 0), no shared pages.
 *
 * Each RAM region: stack at the bottom, then .data (copied from the end of the task's code
 * region, which plays the flash), .bss, then the heap. The test binaries are linked without
 * PIE so that all of this lies below 4 GiB and its addresses fit in 32-bit registers.
 */
#ifndef TESTS_HOST_FIXTURE_H
#define TESTS_HOST_FIXTURE_H

#include <stdint.h>

#include "sched.h"
#include "task.h"
#include "time.h"

enum fixture_task_index {
    FX_SUPER,
    FX_WORKER_A,
    FX_WORKER_B,
    FX_TESTER,
    FX_IDLE,
    FX_TASKS
};

#define FX_SLICE_TICKS 3u
#define FX_TICK_HZ     1000u
#define FX_RAM_SIZE    4096u
#define FX_CODE_SIZE   1024u
#define FX_STACK_SIZE  1024u
#define FX_DATA_SIZE   64u /* .data, right above the stack */
#define FX_BSS_SIZE    64u /* .bss, right above .data */
#define FX_SMALL_SIZE  256u
#define FX_SHARED_SIZE 2048u
#define FX_GARBAGE     0xa5u /* what RAM holds before a task starts: never a valid image */
#define FX_IRQS        8u    /* interrupts of the fixture's machine */
#define FX_IRQ_OWNED   3u    /* worker_a's: bit 0 of its notification (0); the rest: nobody's */

extern uint8_t *const fx_ram[FX_TASKS];           /* FX_RAM_SIZE bytes each, MEM_DATA */
extern uint8_t *const fx_code[FX_TASKS];          /* FX_CODE_SIZE bytes each, MEM_CODE */
extern uint8_t fx_rodata[FX_SMALL_SIZE];          /* worker_a, MEM_RODATA */
extern uint8_t fx_device[FX_SMALL_SIZE];          /* worker_a, MEM_DEVICE */
extern uint8_t fx_shared[2][FX_SHARED_SIZE];      /* worker_b, two adjacent MEM_DATA regions */
extern struct mem_region fx_regions[FX_TASKS][4]; /* restored by every reset: tests may break */

void fixture_reset(void); /* a freshly booted kernel; super is current */
struct task *fx_task(enum fixture_task_index i);
void fx_run(struct task *t);                     /* make t the current task (see fixture.c) */
uint32_t fx_addr(const void *p);                 /* p as a 32-bit register value */
uint8_t fx_data_byte(uint32_t task, uint32_t i); /* byte i of a task's initial .data */

#endif

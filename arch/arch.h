/*
 * arch/arch.h - the one contract between the portable kernel and a CPU architecture.
 *
 * kernel/ and ipc/ call only what is declared here; each architecture folder (cortex-m/ for
 * ARMv7-M with the PMSAv7 MPU, host/ for the fake used by unit tests) implements it and
 * provides arch_types.h with the register-level layout of a task context.
 *
 * The arch side calls back into the kernel through the kernel_* entry points at the bottom:
 * every exception that concerns a task ends by asking the kernel which task runs next.
 */
#ifndef ARCH_ARCH_H
#define ARCH_ARCH_H

#include <stddef.h>
#include <stdint.h>

#include "arch_types.h" /* struct arch_task, struct arch_frame for the chosen architecture */
#include <parley/task.h>

/* How a task may use one memory region. The arch turns these into MPU attributes. */
enum mem_access {
    MEM_CODE = 1,   /* read and execute; writes fault */
    MEM_DATA = 2,   /* read and write; execution faults */
    MEM_RODATA = 3, /* read only; execution faults */
    MEM_DEVICE = 4, /* peripheral registers: read/write, device ordering, no execution */
};

struct mem_region {
    uintptr_t base;
    uint32_t size;
    uint32_t access; /* enum mem_access */
};

/* The compiler forgets where p points (no instruction is emitted): it then reaches the fields
 * of *p through p, kept in one register, instead of rebuilding each field's address from the
 * base of a static array, which GCC does at a cost of several instructions on the fast paths. */
#define ARCH_OPAQUE(p) __asm__("" : "+r"(p))

/* ---- CPU set-up and identity ---- */
void arch_init(void);                 /* exception priorities, fault traps, MPU on */
const char *arch_cpu_name(void);      /* "Cortex-M3" */
unsigned arch_mpu_region_count(void); /* hardware MPU regions (0 if none) */
uint32_t arch_clz(uint32_t x);        /* count leading zeros; arch_clz(0) == 32 */

/* ---- Task contexts ---- */
/* The running task's context. Entry code saves the interrupted task's registers into it and
 * restores from it on the way out; the kernel switches tasks by pointing it at another task
 * during an entry (the arch then loads that task's MPU regions too). NULL before the first. */
extern struct arch_task *arch_current;
/* Prepare a task to start at entry with its stack top; a0/a1 arrive as its first arguments. */
void arch_task_init(struct arch_task *a, uintptr_t entry, uintptr_t stack_top, uint32_t a0,
                    uint32_t a1);
/* Whether the MPU can hold r as one region: its size, alignment and access kind (size 0, an
 * unused slot, is fine). The kernel asks before it commits a region it did not take from a
 * task's own description (the shared pages, at boot). */
int arch_region_ok(const struct mem_region *r);
/* Precompute the MPU register values for a task's regions (a region of size 0 is an unused
 * slot). Returns 0, or -1 if a region breaks the MPU's size/alignment rules or there are more
 * regions than slots. Takes effect at the next switch to the task (or arch_mpu_load). */
int arch_task_set_regions(struct arch_task *a, const struct mem_region *r, unsigned n);
/* Program the MPU with a's regions now (the running task's regions changed). */
void arch_mpu_load(const struct arch_task *a);
/* Copy n bytes into a task's memory that the kernel has checked writable for that task
 * (uaccess), whatever the running task's regions say: on PMSAv8 a read-only window of the
 * running task is read-only for the kernel too, so the copy needs the MPU out of the way. */
void arch_copy_to_task(void *dst, const void *src, uint32_t n);
/* A task's saved user register r (0..11): r0-r3 from its exception frame, r4-r11 from its
 * context. Valid while the task is not running (or inside a kernel entry for the caller). */
uint32_t arch_task_reg(struct arch_task *a, unsigned r);
void arch_task_set_reg(struct arch_task *a, unsigned r, uint32_t v);
/* Start running tasks with `first`; never returns. Until here no kernel entry (tick, device
 * interrupt) comes in; from here on every one arrives while a task runs. */
void arch_start(struct arch_task *first) __attribute__((noreturn));

/* ---- Where a task's saved frame may lie ---- */
/* The kernel reads a task's call arguments from, and writes its results into, the exception
 * frame the CPU pushed on the task's stack, often long after the entry (a delivery, a reply, a
 * deadline). So that no other task can change it meanwhile and no revoke can pull it away,
 * the frame must lie wholly inside the task's own RAM region, which only that task and the
 * kernel can touch. The kernel gives that region once, at each start of the task; every kernel
 * entry from the task (system call, tick, interrupt, fault) then checks the frame against it
 * before reading anything from it (docs/architecture.md, "Threat model"). The check reads
 * only kernel memory and a CPU register, so it cannot itself fault. */
void arch_task_set_stack_area(struct arch_task *a, uintptr_t base, uint32_t size);
int arch_task_frame_ok(const struct arch_task *a); /* the whole frame lies in that area */
uint32_t arch_task_sp(const struct arch_task *a);  /* its saved stack pointer, for a record */

/* ---- System call frames ---- */
struct arch_frame *arch_task_frame(struct arch_task *a); /* the saved user registers */
uint32_t arch_syscall_number(const struct arch_frame *f);
uint32_t arch_frame_arg(const struct arch_frame *f, unsigned i);       /* i in 0..3 */
void arch_frame_set_ret(struct arch_frame *f, unsigned i, uint32_t v); /* i in 0..1 */
uint32_t arch_frame_pc(const struct arch_frame *f);
uint32_t arch_frame_lr(const struct arch_frame *f); /* the saved link register */

/* ---- Signal frames (docs/ipc.md, "Signals"; the layout is parley/signal.h's) ---- */
/* on != 0: before the task next resumes, the entry code calls kernel_signal_resume(). The
 * kernel sets it while the task has a signal to deliver; every way out of the kernel tests it. */
void arch_task_set_upcall(struct arch_task *a, uint32_t on);
/* Write a struct pl_sigframe just below the task's saved stack pointer (its interrupted
 * exception frame, left in place, is the frame's tail), holding its r4-r11, `blocked` and
 * `sig`, and below it a fresh exception frame that resumes the task at `entry` with r0 = sig,
 * r1 = the pl_sigframe's address. All of it must lie wholly inside the task's own RAM (the
 * area of arch_task_set_stack_area); otherwise nothing is written and -1 is returned. */
int arch_signal_push(struct arch_task *a, uint32_t entry, uint32_t sig, uint32_t blocked);
/* Take back the pl_sigframe at `frame` (a task's sigreturn): it must be word-aligned and lie
 * wholly inside the task's own RAM, or -1 and nothing changes. Its r4-r11 and stack pointer
 * come back; its exception frame, resumed as it stands, is first sanitised in place (xPSR
 * keeps only the flags, the IT state, the Thumb and alignment bits; the PC is made even), and
 * *blocked gets the mask it holds, for the kernel to sanitise. The task may have changed any
 * of it: it is the task's own memory, and nothing in it is trusted beyond that. */
int arch_signal_pop(struct arch_task *a, uint32_t frame, uint32_t *blocked);

/* ---- Time ---- */
void arch_timer_start(uint32_t cpu_hz, uint32_t tick_hz); /* periodic kernel_tick() */

/* ---- Interrupt controller ---- */
void arch_irq_enable(unsigned irq);
void arch_irq_disable(unsigned irq);
/* The driver has served the device: forget what was latched while masked, then unmask; a
 * device still asserting its (level) interrupt raises it again at once. */
void arch_irq_rearm(unsigned irq);

/* ---- Leaving ---- */
/* Stop the machine: exit the simulator with `code` where possible, else halt. */
void arch_halt(int code) __attribute__((noreturn));

/* ---- Upcalls: implemented by the kernel, called by the arch exception code ---- */
/* Each takes the task that was running (its registers saved) and returns the task to run
 * next; the arch switches (and reloads the MPU) only if that task changed. Entries never nest. */
struct arch_task *kernel_syscall(struct arch_task *cur); /* after SVC */
/* The same for arch entry code that decodes the call number itself: kernel_syscalls[nr] (for
 * nr < KERNEL_SYSCALL_SLOTS, else kernel_syscall_general) handles call nr, trying the kernel's
 * fast path for it first where there is one. 256 slots: every number an 8-bit SVC immediate
 * can carry has one (the unused ones hold the general handler, which refuses them), so the
 * entry code needs no range check (1 KiB of flash for 2 instructions on every call). */
#define KERNEL_SYSCALL_SLOTS 256u
typedef struct arch_task *(*kernel_syscall_fn)(struct arch_task *cur, struct arch_frame *f,
                                               uint32_t nr);
extern const kernel_syscall_fn kernel_syscalls[KERNEL_SYSCALL_SLOTS];
struct arch_task *kernel_syscall_general(struct arch_task *cur, struct arch_frame *f, uint32_t nr);
struct arch_task *kernel_task_fault(struct arch_task *cur, const struct pl_fault_record *rec);
/* The entry found cur's frame outside its own RAM (arch_task_frame_ok): cur is faulted with
 * PL_FAULT_BAD_STACK without a word of its frame being read, and the task to run is returned.
 * A system call is then not performed; a tick or an interrupt is still handled after it. */
struct arch_task *kernel_bad_frame(struct arch_task *cur);
/* A tick or a device interrupt. They come whatever cur's SP: the arch's entry code checks the
 * frame first and, if it is outside cur's RAM, calls kernel_bad_frame(cur) and passes the
 * task it returns here as cur, so that the event is still handled. So a task the kernel keeps
 * (ready or blocked) always has its frame in its own RAM. */
struct arch_task *kernel_tick(struct arch_task *cur); /* periodic timer */
/* The task about to resume has its upcall flag set: the kernel builds its signal frame and
 * returns the task to run (another one if the frame did not fit and it was faulted). The
 * entry code then starts its way out again, flag test included. */
struct arch_task *kernel_signal_resume(struct arch_task *next);
struct arch_task *kernel_irq(struct arch_task *cur, unsigned irq); /* a device interrupt */
/* Kernel console and panic, for the arch's own reports (kernel/console.c, kernel/panic.c).
 * A fault in the kernel calls klog_polled() first: its report is written polled, not handed
 * to the console driver (kernel/klog.c). */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void klog_polled(void);
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif

/*
 * kernel/sysdesc.h - the static tables generated from a system description.
 *
 * tools/sysgen.py reads the image's system .ini file and writes sys_tables.c with these
 * definitions; nothing here is created at run time. See docs/system-description.md.
 */
#ifndef KERNEL_SYSDESC_H
#define KERNEL_SYSDESC_H

#include <stdint.h>

#include "arch.h"
#include <parley/limits.h>
#include <parley/server.h>

/* Static limits of a system (sysgen checks them, from the same header; bitmasks are 32 bits
 * wide). */
#define IPC_MAX_ENDPOINTS     PL_MAX_ENDPOINTS
#define IPC_MAX_NOTIFICATIONS PL_MAX_NOTIFICATIONS
#define IPC_MAX_PAGES         PL_MAX_PAGES
#define IPC_NO_NTFN           0xffu

/* Capabilities a description can grant a task beyond its own memory. */
enum task_cap {
    CAP_SUPERVISOR = 1u << 0, /* read any task's status and fault record, restart tasks */
    CAP_SHUTDOWN = 1u << 1,   /* stop the machine (tests, power-off) */
    CAP_STATUS = 1u << 2,     /* read any task's status and fault record, nothing else */
};

struct task_desc {
    const char *name;
    uintptr_t entry;    /* the task's start routine (user/lib start.c) */
    uint32_t priority;  /* 0 is the most urgent; the idle task has the lowest */
    uint32_t caps;      /* enum task_cap bits */
    uintptr_t ram_base; /* RAM region: stack at the bottom, then .data, .bss, heap */
    uint32_t ram_size;
    uint32_t stack_size; /* the stack grows down towards ram_base: overflow leaves the region */
    uintptr_t data_load; /* initial .data image in flash */
    uintptr_t data_start, data_end, bss_start, bss_end;
    /* its poll mirror (user/lib ntfn_mirror.c), as the link placed it: PL_NTFN_MIRROR_WORDS
     * words from ntfn_mirror to ntfn_mirror_end, or none (equal) if the task never polls */
    uintptr_t ntfn_mirror, ntfn_mirror_end;
    const struct mem_region *regions; /* code, RAM, peripherals, in MPU slot order */
    uint32_t region_count;
    const uint8_t *irqs; /* interrupts this task owns */
    uint32_t irq_count;
    uint32_t ep_send, ep_recv, ep_grant; /* initial rights: bit e = endpoint e */
    uint32_t ntfn_signal;                /* bit n = may signal notification n */
    const uint32_t *badges;              /* per endpoint (IPC_MAX_ENDPOINTS entries or NULL) */
    uint32_t windows;                    /* MPU slots kept for shared-page windows */
    uint32_t sig_targets;                /* bit i = may send signals to task i ('signals') */
    uint32_t watch;                      /* bit i = gets PL_SIGCHLD when task i stops ('watch') */
    uint32_t raise; /* levels it may raise itself above `priority` (its `ceiling`): pl_prio_set */
};

struct endpoint_desc {
    const char *name;
    uint32_t kserver; /* MODE=mono: 1 + the index in sys_kservers of the server in the kernel
                         that receives on it; 0: tasks receive on it (always, in micro) */
};

/* MODE=mono: a server of the description linked into the kernel (docs/contrast.md). The kernel
 * calls its handlers in its clients' traps, its on_notify for the bits of its notification,
 * and its deadlines from the tick. A micro image has none. */
struct kserver_desc {
    const struct pl_server *server; /* include/parley/server.h, exported by its sources */
    uint32_t ntfn;                  /* the notification it waits on, IPC_NO_NTFN if none */
    const uint32_t *badges;         /* its badge per endpoint, as for a task's messages */
    uint32_t names_ep;              /* the 'names' endpoint if it may call it, else 0xff */
    uint32_t ntfn_signal;           /* bit n = may signal notification n (pl_env_signal) */
    uint32_t sig_targets;           /* bit i = may send signals to task i ('signals') */
};

struct ntfn_desc {
    const char *name;
    uint32_t waiter;           /* index of the one task that waits on it */
    const uint8_t *irq_of_bit; /* 32 entries: IRQ raised as that bit, 0xff if none */
    uint32_t fault_bits;       /* signalled whenever any task faults or exits (0: never) */
    uint32_t klog_bits;        /* signalled when the kernel's log has bytes for its waiter, the
                                  one drainer of kernel/klog.c (0 in all others) */
};

struct page_desc {
    uintptr_t base;
    uint32_t size;
    uint32_t owner; /* task index */
};

/* Where each interrupt goes: notification index (IPC_NO_NTFN if nobody owns it) and the bit
 * it sets there, as a mask (one word each: the interrupt path loads both at once). */
struct irq_route {
    uint32_t ntfn;
    uint32_t bits;
};

struct sys_config {
    const char *name;     /* the system's name from its description */
    uint32_t tick_hz;     /* SysTick rate */
    uint32_t slice_ticks; /* round-robin time slice among equal priorities */
    /* 1: the IPC fast paths run (the default); 0: every call takes the general path, for
     * tests that check both give the same results. A constant the link folds away. */
    uint32_t fastpath;
    /* kernel_test_hook() of an image with `kernel_sources` (a kernel self-test), else NULL */
    void (*test_hook)(void);
    /* bytes of sys_klog_ring, the kernel's log ring: a power of two ([system] klog_size), or
     * 0 in a system without a drainer (no notification has a klog bit), which needs none */
    uint32_t klog_size;
};

extern const struct sys_config sys_config;
extern char sys_klog_ring[]; /* sys_config.klog_size bytes (one when that is 0) */
extern const struct task_desc sys_task_descs[];
extern const uint32_t sys_task_count;
extern const struct endpoint_desc sys_endpoint_descs[];
extern const uint32_t sys_endpoint_count;
extern const struct ntfn_desc sys_ntfn_descs[];
extern const uint32_t sys_ntfn_count;
extern const struct page_desc sys_page_descs[];
extern const uint32_t sys_page_count;
extern const struct irq_route sys_irq_routes[];
extern const uint32_t sys_irq_count;
extern const struct kserver_desc sys_kservers[];
extern const uint32_t sys_kserver_count;

#endif

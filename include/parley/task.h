/*
 * parley/task.h - what a task may learn about tasks: ids, states and fault records.
 *
 * A task id packs the task's slot index (low 8 bits) and its generation (high 24 bits). The
 * generation grows each time the task is restarted, so ids taken before a restart (in logs,
 * in a supervisor's records) can be told from the new incarnation's. IPC replies do not use
 * task ids but per-call reply handles of the same shape (docs/ipc.md).
 */
#ifndef PARLEY_TASK_H
#define PARLEY_TASK_H

#include <stdint.h>

#include <parley/limits.h>

typedef uint32_t pl_task_id;

#define PL_TASK_INDEX_BITS     8u
#define PL_TASK_INDEX(id)      ((id) & ((1u << PL_TASK_INDEX_BITS) - 1u))
#define PL_TASK_GEN(id)        ((id) >> PL_TASK_INDEX_BITS)
#define PL_TASK_ID(index, gen) (((uint32_t)(gen) << PL_TASK_INDEX_BITS) | (uint32_t)(index))

enum pl_task_state {
    PL_TASK_READY = 0,   /* runnable (running or waiting for the CPU) */
    PL_TASK_BLOCKED = 1, /* waiting: sleep, IPC or notification */
    PL_TASK_FAULTED = 2, /* stopped by a fault; see the fault record */
    PL_TASK_EXITED = 3,  /* ended itself with pl_exit(); see exit_code */
};

/* Why a task was stopped. Hardware faults are decoded from CFSR/HFSR; the last two are faults
 * the kernel raises itself when a task misuses a system call. */
enum pl_fault_kind {
    PL_FAULT_NONE = 0,
    PL_FAULT_MEM_DATA = 1,      /* load/store to memory the task does not own (MemManage) */
    PL_FAULT_MEM_EXEC = 2,      /* instruction fetch from non-executable memory (MemManage) */
    PL_FAULT_STACK = 3,         /* exception stacking/unstacking hit the stack limit: overflow */
    PL_FAULT_BUS = 4,           /* bus error on an access the MPU allowed */
    PL_FAULT_UNDEF = 5,         /* undefined instruction */
    PL_FAULT_STATE = 6,         /* invalid execution state (e.g. ARM-mode branch) or bad return */
    PL_FAULT_DIV0 = 7,          /* integer division by zero (when trapping is enabled) */
    PL_FAULT_UNALIGNED = 8,     /* unaligned access (when trapping is enabled) */
    PL_FAULT_HARD = 9,          /* any other fault escalated to HardFault (e.g. bkpt) */
    PL_FAULT_BAD_SYSCALL = 10,  /* unknown system call number */
    PL_FAULT_BAD_POINTER = 11,  /* syscall buffer not wholly inside the caller's own memory */
    PL_FAULT_INJECTED = 12,     /* stopped on purpose by a supervisor (pl_task_fault) */
    PL_FAULT_BAD_STACK = 13,    /* entered the kernel with its stack pointer (the saved
                                   exception frame) outside its own RAM region */
    PL_FAULT_SIGNAL_STACK = 14, /* a signal was due and its frame did not fit in its RAM
                                   below its stack pointer (docs/ipc.md, "Signals") */
};

struct pl_fault_record {
    uint32_t kind;       /* enum pl_fault_kind */
    uint32_t addr;       /* faulting data address, or the bad pointer; valid if addr_valid */
    uint32_t addr_valid; /* 1 when addr means something for this kind */
    uint32_t pc;         /* address of the faulting instruction (0 if the frame was lost) */
    uint32_t raw;        /* architecture status word (CFSR on ARMv7-M), for experts */
    uint32_t lr;         /* the return address at the fault: who called the function that
                            faulted (for a system call's misuse, the caller of the stub);
                            0 when the frame was lost or not read */
};

struct pl_task_status {
    pl_task_id id;                /* current id: index plus current generation */
    uint32_t state;               /* enum pl_task_state */
    uint32_t priority;            /* 0 is the most urgent */
    uint32_t restarts;            /* how many times the task was restarted */
    uint32_t faults;              /* how many times it has faulted since boot */
    int32_t exit_code;            /* valid when state is PL_TASK_EXITED */
    uint32_t switches;            /* how many times it was switched in */
    uint32_t last_change;         /* tick of the last fault, exit or restart */
    struct pl_fault_record fault; /* the last fault (kind PL_FAULT_NONE if none yet) */
    char name[PL_NAME_MAX + 1];   /* from the system description, NUL-terminated */
    uint32_t stack_size;          /* bytes of stack the description gave it */
    uint32_t stack_used;          /* high-water mark since its last start, in bytes */
    uint32_t msgs_sent;           /* messages it has sent (sends, calls, replies) */
    uint32_t msgs_received;       /* messages delivered to it */
};

/* A fault kind in words, for logs ("memory access violation (data)"); never NULL. One table
 * for the kernel's log and any task's (the supervisor's). */
static inline const char *pl_fault_name(uint32_t kind)
{
    static const char *const names[] = {
        [PL_FAULT_NONE] = "no fault",
        [PL_FAULT_MEM_DATA] = "memory access violation (data)",
        [PL_FAULT_MEM_EXEC] = "memory access violation (execute)",
        [PL_FAULT_STACK] = "stack overflow (exception stacking)",
        [PL_FAULT_BUS] = "bus error",
        [PL_FAULT_UNDEF] = "undefined instruction",
        [PL_FAULT_STATE] = "invalid execution state",
        [PL_FAULT_DIV0] = "division by zero",
        [PL_FAULT_UNALIGNED] = "unaligned access",
        [PL_FAULT_HARD] = "hard fault",
        [PL_FAULT_BAD_SYSCALL] = "unknown system call",
        [PL_FAULT_BAD_POINTER] = "system call with a pointer it does not own",
        [PL_FAULT_INJECTED] = "stopped on purpose by the supervisor",
        [PL_FAULT_BAD_STACK] = "stack pointer outside its own RAM at a kernel entry",
        [PL_FAULT_SIGNAL_STACK] = "no room on its stack for a signal frame",
    };
    return kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "unknown fault";
}

/* What pl_ep_status tells about an endpoint. */
struct pl_ep_status {
    uint32_t messages;  /* delivered since boot */
    uint32_t senders;   /* tasks waiting to send on it now */
    uint32_t receivers; /* tasks waiting to receive on it now */
    char name[PL_NAME_MAX + 1];
};

#endif

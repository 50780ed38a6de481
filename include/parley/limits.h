/*
 * include/parley/limits.h - the limits every system description is checked against.
 *
 * Defined once, here. The C code includes this file; tools/sysgen.py reads its "#define PL_"
 * lines (tools/sysgen_limits.py) and refuses a description the kernel could not hold. Keep
 * each value a plain decimal number with a 'u' suffix: that is all the reader accepts, and it
 * stops the build with a clear error on anything else.
 */
#ifndef PARLEY_LIMITS_H
#define PARLEY_LIMITS_H

/* Objects of one system. Rights, badges tables and ready masks are 32-bit masks. */
#define PL_MAX_TASKS         32u /* the idle task sysgen appends included */
#define PL_MAX_ENDPOINTS     32u
#define PL_MAX_NOTIFICATIONS 32u
#define PL_MAX_PAGES         32u

/* Priorities 0 (most urgent) to PL_PRIORITY_LEVELS - 1, which is the idle task's alone. */
#define PL_PRIORITY_LEVELS 32u

/* A task's, endpoint's or notification's name: 1 to PL_NAME_MAX characters (a NUL follows
 * it in struct pl_task_status and struct pl_ep_status). */
#define PL_NAME_MAX 15u

/* The kernel's log ring (system key klog_size): a power of two in this range. The minimum
 * must exceed the 512 bytes the kernel keeps for its own lines (kernel/klog.h). */
#define PL_KLOG_MIN_SIZE     1024u
#define PL_KLOG_MAX_SIZE     65536u
#define PL_KLOG_DEFAULT_SIZE 2048u /* when a notification drains it and no size is given */

/* Restart modes (task key restart) as SYSTEM_RESTART_POLICIES numbers them. */
#define PL_RESTART_NEVER   0u
#define PL_RESTART_ALWAYS  1u
#define PL_RESTART_BACKOFF 2u

#endif

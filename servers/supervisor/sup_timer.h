/*
 * servers/supervisor/sup_timer.h - the supervisor's wake-up helper, until the server runtime
 * can wait with a timeout (README.md, "Timer").
 *
 * The supervisor must restart a task after a back-off while it keeps answering requests, but
 * pl_server_run() waits without a deadline. So a small task, sup_timer, does the waiting:
 * the supervisor arms it by signalling SUP_TIMER_ARM on the 'sup_timer' notification; the
 * timer sleeps one quantum and signals SUP_TIMER_TICK on the 'supervisor' notification. The
 * supervisor re-arms it as long as a restart is pending, so an idle system never wakes.
 */
#ifndef SERVERS_SUPERVISOR_SUP_TIMER_H
#define SERVERS_SUPERVISOR_SUP_TIMER_H

#define SUP_TIMER_ARM  (1u << 0)  /* on notification 'sup_timer' */
#define SUP_TIMER_TICK (1u << 31) /* on notification 'supervisor' (keep bit 31 free for it) */

/* 10 ms: the granularity of back-offs. */
#define SUP_TIMER_QUANTUM_TICKS (SYSTEM_TICK_HZ >= 100u ? SYSTEM_TICK_HZ / 100u : 1u)

#endif

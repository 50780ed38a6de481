/* tests/bench/bench.h - timing helpers shared by the benchmark files. */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <stdint.h>

#define BENCH_YIELDS 20000u /* yields of yield_switch; the partner task answers each once */

/* Instructions per operation of `body` run `iterations` times, minus the empty loop. */
typedef void (*bench_body)(uint32_t iterations);
uint32_t bench_measure(bench_body body, uint32_t iterations, uint32_t ops_per_iteration);
void bench_report(const char *name, uint32_t value, const char *unit);
void bench_timer_start(void);
/* TIMER1's count now, once started; it counts down, BENCH_INSN_PER_COUNT instructions a count
 * under -icount shift=0 */
/* 40 at 25 MHz, 50 at 20 MHz, 1 for QEMU's STM32 timers (BOARD_TIMER_HZ: the image's
 * system.h, included by the user) */
#define BENCH_INSN_PER_COUNT (1000000000u / BOARD_TIMER_HZ)
uint32_t bench_timer_now(void);

void bench_core(void);   /* kernel core: null syscall, yield switch */
void bench_ipc(void);    /* endpoints, notifications, shared pages */
void bench_signal(void); /* a signal to the task itself: delivery, round trip */

#endif

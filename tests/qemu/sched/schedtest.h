/*
 * tests/qemu/sched/schedtest.h - the parameters of the scheduling cases and the encoding of
 * the share workers' exit codes, shared by the workers and the judge.
 */
#ifndef TESTS_QEMU_SCHEDTEST_H
#define TESTS_QEMU_SCHEDTEST_H

#include <stdint.h>

/* Case 1: preempt_hi sleeps PREEMPT_ROUNDS times this long while preempt_lo spins. Not a
 * multiple of the slice, so a wake-up that waited for the spinner's slice to end shows. */
#define PREEMPT_SLEEP  25u
#define PREEMPT_ROUNDS 3u

/* Case 1 exit code: the least and the most ticks preempt_hi woke after its deadline, each a
 * signed byte (early is negative). */
#define PREEMPT_CLAMP(late) ((late) < -128 ? -128 : (late) > 127 ? 127 : (late))
#define PREEMPT_CODE(min_late, max_late)                                                           \
    ((int)(((uint32_t)(uint8_t)PREEMPT_CLAMP(max_late) << 8) | (uint8_t)PREEMPT_CLAMP(min_late)))
#define PREEMPT_MIN_LATE(code) ((int8_t)((uint32_t)(code)&0xffu))
#define PREEMPT_MAX_LATE(code) ((int8_t)(((uint32_t)(code) >> 8) & 0xffu))

/* Case 2: each share worker spins until it has seen this many distinct ticks itself. */
#define SHARE_TICKS 100u

/* Case 2 exit code: the first tick seen (15 bits, so the code stays positive; the image runs
 * far fewer ticks), how many times the worker saw ticks go by without it (8 bits), and the
 * most ticks it missed at once (8 bits). */
#define SHARE_CODE(first, gaps, max_missed)                                                        \
    ((int)((((first)&0x7fffu) << 16) | (((gaps) > 255u ? 255u : (gaps)) << 8) |                    \
           ((max_missed) > 255u ? 255u : (max_missed))))
#define SHARE_FIRST(code)      (((uint32_t)(code) >> 16) & 0x7fffu)
#define SHARE_GAPS(code)       (((uint32_t)(code) >> 8) & 0xffu)
#define SHARE_MAX_MISSED(code) ((uint32_t)(code)&0xffu)

/* Case 4: yields per yield worker. */
#define YIELDS 10u

/* Case 5: what returner returns from main. */
#define RETURNER_CODE (-123456) /* negative and wider than a byte */

#endif

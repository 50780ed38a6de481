/*
 * tests/qemu/klog/klog_test.h - what the hog does and reports to the judge.
 */
#ifndef TESTS_QEMU_KLOG_H
#define TESTS_QEMU_KLOG_H

#define CHUNK       256u /* one debug_write: two lines of 128 bytes */
#define HOG_CHUNKS  6u   /* (KLOG_SIZE - KLOG_RESERVE) / CHUNK: what an empty log takes */
#define VICTIM_LINE "[kernel] task victim (gen 1) faulted: stopped on purpose by the supervisor"
#define AFTER_LINE  "hog: the log had room again\n"

/* The hog's findings, as bits of the judge's notification. */
#define HOG_CHUNKS_TAKEN 0x1u /* HOG_CHUNKS whole writes went in, then PL_EAGAIN */
#define HOG_NO_PARTIAL   0x2u /* a single byte was refused too: nothing is taken in part */
#define HOG_VICTIM_OK    0x4u /* pl_task_fault(victim) worked while the log was full */
#define HOG_WAITED_OK    0x8u /* pl_debug_write waited and then took AFTER_LINE */
#define HOG_DONE         0x10u

#endif

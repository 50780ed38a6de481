/*
 * tests/qemu/fuzz/fuzz.h - what the fuzz image's tasks agree on.
 */
#ifndef TESTS_QEMU_FUZZ_H
#define TESTS_QEMU_FUZZ_H

#define FUZZ_BATCH        8u          /* system calls per progress signal */
#define FUZZ_PROGRESS     (1u << 0)   /* watch bit: another batch done */
#define VICTIM_WORDS      256u        /* the pattern the victim keeps and checks */
#define VICTIM_PERIOD     2u          /* ticks between its checks */
#define VICTIM_SEED       0x2545f491u /* its pattern's first word */
#define ECHO_LABEL_OFFSET 1u          /* echo answers label + 1, the same words and bytes */

#endif

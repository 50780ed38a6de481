/*
 * tests/qemu/float/float.h - what soft.c and the judge share: soft's exit codes.
 */
#ifndef TESTS_QEMU_FLOAT_H
#define TESTS_QEMU_FLOAT_H

#define SOFT_OK          0   /* every result exact, CONTROL.FPCA stayed 0 */
#define SOFT_BAD_FLOAT   1   /* a float sum was wrong */
#define SOFT_BAD_DOUBLE  2   /* 20! and back in doubles was wrong */
#define SOFT_BAD_CONVERT 3   /* a float/int conversion was wrong */
#define SOFT_FPCA        4   /* CONTROL.FPCA was set: a task frame would have been extended */
#define SOFT_ROUNDS      20  /* rounds of the arithmetic, a system call between two */
#define SPIN_TICKS       300 /* the spinner stops at this uptime */

#endif

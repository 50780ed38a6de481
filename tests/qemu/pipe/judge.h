/*
 * tests/qemu/pipe/judge.h - what the two halves of the pipe judge share.
 */
#ifndef TESTS_QEMU_PIPE_JUDGE_H
#define TESTS_QEMU_PIPE_JUDGE_H

#include <stdint.h>

#include "../harness/qctl.h"

#define PJ_WAIT 200u /* ticks an order may take to be reported */

/* Order `task`, expect status `want` (a count, 0, or -errno); NULL or why not. */
const char *pj_expect(uint32_t task, uint32_t op, uint32_t a, uint32_t b, int want);

/* The stress run: 4 writers x 4 readers on one FIFO. */
void pj_stress(void);

#endif

/*
 * tests/qemu/mqueue/judge.h - what the two halves of the message-queue judge share.
 */
#ifndef TESTS_QEMU_MQUEUE_JUDGE_H
#define TESTS_QEMU_MQUEUE_JUDGE_H

#include <stdint.h>

#include "../harness/qctl.h"

#define MQJ_WAIT 200u /* ticks an order may take to be reported */

/* Order `task`, expect status `want`; NULL or why not. */
const char *mqj_expect(uint32_t task, uint32_t op, uint32_t a, uint32_t b, int want);

/* The stress run: 4 writers x 4 readers on one queue. */
void mqj_stress(void);

#endif

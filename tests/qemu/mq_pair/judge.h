/*
 * tests/qemu/mq_pair/judge.h - what the two halves of the pair-queue judge share: the steps
 * every case is made of, and the second half's cases (judge_sides.c).
 */
#ifndef TESTS_QEMU_MQ_PAIR_JUDGE_H
#define TESTS_QEMU_MQ_PAIR_JUDGE_H

#include <stdint.h>

#include "../harness/qctl.h"
#include "../../../servers/mqueue/mqueue.h"

#define PJ_WAIT 300u /* ticks an order may take: well past the client's 20-tick check */

/* oflags of the usual opens: the writer creates the pair queue, the reader opens it. */
#define PJ_CREATE_W (MQ_O_CREAT | MQ_O_PAIR | MQ_O_WRONLY)
#define PJ_READER   MQ_O_RDONLY
#define PJ_WRITER   MQ_O_WRONLY

/* Order `task`, expect status `want` exactly; NULL or why not. */
const char *pj_expect(uint32_t task, uint32_t op, uint32_t a, uint32_t b, int want);
/* Open queue `name` with oflag (and the default sizes): a descriptor is expected. */
const char *pj_opens(uint32_t task, uint32_t name, uint32_t oflag);
/* Receive from `name`: a 4-byte message at prio with tag. */
const char *pj_receives(uint32_t task, uint32_t name, uint32_t prio, uint32_t tag);
/* Send tag at prio to `name`. */
const char *pj_sends(uint32_t task, uint32_t name, uint32_t prio, uint32_t tag);
/* The report of an order given earlier: its status must be `want`. */
const char *pj_later(uint32_t task, int want);
/* Give `task` an order that must block (it does not report, it waits). */
const char *pj_blocks(uint32_t task, uint32_t op, uint32_t a, uint32_t b);
/* mq_getattr by task: curmsgs and flags exactly, and the default sizes. */
const char *pj_attr(uint32_t task, uint32_t name, uint32_t curmsgs, uint32_t flags);

/* Report a case; after a failure, start the next from the state it expects, so that one
 * failure is not reported again by every case after it: every actor restarted (its new
 * life's hello drops its descriptors and sides at the server), every name unlinked by its
 * creator, x opted in again if it had been (pj_x_uses), and p0 made again with w its writer
 * and r its reader if the next case expects it (pj_p0_open). */
void pj_case(const char *name, const char *why);
extern int pj_x_uses, pj_p0_open;

/* judge_sides.c: sides, refusals, a spoilt page, unlink while open, the server restarting. */
void pj_refusals(void);
void pj_sides(void);
void pj_spoilt(void);
void pj_unlink_while_open(void);
void pj_server_restart(void);

#endif

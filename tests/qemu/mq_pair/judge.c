/*
 * tests/qemu/mq_pair/judge.c - pair queues (servers/mqueue/mq_client.h, MQ_O_PAIR) between two
 * isolated tasks: w writes, r reads, x is a third task that asks for a side held by another,
 * takes one over, or never opted in. This half: attributes, priorities, types, sizes and bad
 * descriptors, blocking both ways, O_NONBLOCK, deadlines and a checksummed stream; the other
 * (judge_sides.c): the sides, the refusals, a spoilt page, unlink and the server's restart.
 */
#include <string.h>

#include "judge.h"
#include "../harness/qtest.h"
#include "../../../servers/mqueue/mq_client.h"
#include "pairtest.h"
#include "system.h"

#define W TASK_W
#define R TASK_R

#define STREAM_N    4000u  /* messages through a queue of PT_MAXMSG */
#define STREAM_WAIT 60000u /* ticks the stream may take: a bound for a hang, not a timing */
/* requests the server may take meanwhile: a few checks of a wait stretched by a busy host,
 * far below one a wait (hundreds) or two a message */
#define STREAM_SERVER_MAX 0u

static const uint32_t actors[] = {TASK_W, TASK_R, TASK_X};

/* A task's name, for a reason: the status is a temporary, so this is used only inside the
 * full expression that formats the reason. */
#define name_of(task) (qt_status(task).name)

const char *pj_expect(uint32_t task, uint32_t op, uint32_t a, uint32_t b, int want)
{
    const struct qc_report *r = qc_ask(task, op, a, b, PJ_WAIT);
    if (!r) {
        return qt_why("%s: no report of order %lu", name_of(task), (unsigned long)op);
    }
    if (r->status != want) {
        return qt_why("%s order %lu(%lu, 0x%lx): %s (%ld), expected %s (%d)", name_of(task),
                      (unsigned long)op, (unsigned long)a, (unsigned long)b,
                      r->status < 0 ? pl_strerror(r->status) : "a count", (long)r->status,
                      want < 0 ? pl_strerror(want) : "a count", want);
    }
    return 0;
}

const char *pj_opens(uint32_t task, uint32_t name, uint32_t oflag)
{
    const struct qc_report *r = qc_ask(task, PT_OPEN, name, oflag, PJ_WAIT);
    if (!r || r->status < 0) {
        return qt_why("%s: open of %s (oflag 0x%lx): %s", name_of(task), pt_names[name % PT_NAMES],
                      (unsigned long)oflag, r ? pl_strerror(r->status) : "no report");
    }
    return 0;
}

const char *pj_receives(uint32_t task, uint32_t name, uint32_t prio, uint32_t tag)
{
    const struct qc_report *r = qc_ask(task, PT_RECV, name, 64, PJ_WAIT);
    if (!r || r->status != 4 || r->a != prio || r->b != tag) {
        return qt_why("%s received %s (%ld), prio %lu, tag %lu; expected prio %lu tag %lu",
                      name_of(task), r && r->status < 0 ? pl_strerror(r->status) : "",
                      r ? (long)r->status : 0l, r ? (unsigned long)r->a : 0ul,
                      r ? (unsigned long)r->b : 0ul, (unsigned long)prio, (unsigned long)tag);
    }
    return 0;
}

const char *pj_sends(uint32_t task, uint32_t name, uint32_t prio, uint32_t tag)
{
    return pj_expect(task, PT_SEND, name, prio | tag << 8, PL_OK);
}

const char *pj_later(uint32_t task, int want)
{
    const struct qc_report *r = qc_report(task, PJ_WAIT);
    if (!r) {
        return qt_why("%s did not report in %u ticks", name_of(task), PJ_WAIT);
    }
    return r->status == want
               ? 0
               : qt_why("%s gave %s (%ld), expected %d", name_of(task),
                        r->status < 0 ? pl_strerror(r->status) : "a count", (long)r->status, want);
}

const char *pj_blocks(uint32_t task, uint32_t op, uint32_t a, uint32_t b)
{
    if (qc_order(task, op, a, b) != PL_OK) {
        return qt_why("%s did not take order %lu", name_of(task), (unsigned long)op);
    }
    if (!qc_wait_blocked(task, 50) || qc_report(task, 20)) {
        return qt_why("%s did not wait in order %lu", name_of(task), (unsigned long)op);
    }
    return 0;
}

const char *pj_attr(uint32_t task, uint32_t name, uint32_t curmsgs, uint32_t flags)
{
    const struct qc_report *r = qc_ask(task, PT_GETATTR, name, 0, PJ_WAIT);
    uint32_t want = PT_MAXMSG | PT_MSGSIZE << 8 | flags << 16;
    if (!r || r->status != PL_OK || r->a != curmsgs || r->b != want) {
        return qt_why("%s getattr: %s, curmsgs %lu, maxmsg|msgsize<<8|flags<<16 0x%lx; "
                      "expected %lu, 0x%lx",
                      name_of(task), r ? pl_strerror(r->status) : "no report",
                      r ? (unsigned long)r->a : 0ul, r ? (unsigned long)r->b : 0ul,
                      (unsigned long)curmsgs, (unsigned long)want);
    }
    return 0;
}

/* Fill p0 (PT_MAXMSG messages at priority 0, tags 10 on) and empty it again. */
static const char *fill(void)
{
    for (uint32_t i = 0; i < PT_MAXMSG; i++) {
        QT_STEP(pj_sends(W, 0, 0, 10u + i));
    }
    return 0;
}

static const char *drain(void)
{
    for (uint32_t i = 0; i < PT_MAXMSG; i++) {
        QT_STEP(pj_receives(R, 0, 0, 10u + i));
    }
    return 0;
}

/* ---- 1. creation and mq_getattr: p0, w the writer, r the reader (kept until the case of
 * O_NONBLOCK at open) */

static const char *create_and_getattr(void)
{
    QT_STEP(pj_opens(W, 0, PJ_CREATE_W));
    QT_STEP(pj_attr(W, 0, 0, MQ_O_PAIR));
    QT_STEP(pj_opens(R, 0, PJ_READER));
    QT_STEP(pj_attr(R, 0, 0, MQ_O_PAIR));
    QT_STEP(pj_sends(W, 0, 0, 1));
    QT_STEP(pj_sends(W, 0, 0, 2));
    QT_STEP(pj_attr(W, 0, 2, MQ_O_PAIR));
    QT_STEP(pj_attr(R, 0, 2, MQ_O_PAIR));
    QT_STEP(pj_receives(R, 0, 0, 1));
    QT_STEP(pj_attr(W, 0, 1, MQ_O_PAIR));
    QT_STEP(pj_receives(R, 0, 0, 2));
    return pj_attr(R, 0, 0, MQ_O_PAIR);
}

/* ---- 2. the rules of any queue, between w and r */

static const char *priority_order(void)
{
    static const uint32_t prio[4] = {1, 5, 3, 5};
    for (uint32_t i = 0; i < 4; i++) {
        QT_STEP(pj_sends(W, 0, prio[i], i + 1u));
    }
    QT_STEP(pj_receives(R, 0, 5, 2));
    QT_STEP(pj_receives(R, 0, 5, 4));
    QT_STEP(pj_receives(R, 0, 3, 3));
    QT_STEP(pj_receives(R, 0, 1, 1));
    /* FIFO within one priority, below and above others waiting */
    static const uint32_t mix[6] = {7, 2, 7, 2, 7, 7};
    for (uint32_t i = 0; i < 6; i++) {
        QT_STEP(pj_sends(W, 0, mix[i], 20u + i));
    }
    static const uint32_t got[6] = {20, 22, 24, 25, 21, 23};
    for (uint32_t i = 0; i < 6; i++) {
        QT_STEP(pj_receives(R, 0, i < 4 ? 7 : 2, got[i]));
    }
    return 0;
}

static const char *selective_receive_by_type(void)
{
    static const uint32_t sent[5] = {3, 1, 2, 3, 5};
    for (uint32_t i = 0; i < 5; i++) {
        QT_STEP(pj_expect(W, PT_MSGSND, 0, sent[i], PL_OK));
    }
    QT_STEP(pj_expect(R, PT_NONBLOCK, 0, 1, PL_OK)); /* none of a type: PL_EAGAIN, no wait */
    static const int32_t ask[6] = {3, -2, 0, 4, -5, 5};
    static const int32_t got[6] = {3, 1, 2, 0, 3, 5};
    for (uint32_t i = 0; i < 6; i++) {
        const struct qc_report *r = qc_ask(R, PT_MSGRCV, 0, (uint32_t)ask[i], PJ_WAIT);
        int want = got[i] ? 4 : PL_EAGAIN;
        if (!r || r->status != want ||
            (want == 4 && ((int32_t)r->a != got[i] || r->b != (uint32_t)got[i]))) {
            return qt_why("msgrcv(%ld): %s (%ld), type %ld; expected type %ld", (long)ask[i],
                          r && r->status < 0 ? pl_strerror(r->status) : "",
                          r ? (long)r->status : 0l, r ? (long)r->a : 0l, (long)got[i]);
        }
    }
    return pj_expect(R, PT_NONBLOCK, 0, 0, PL_OK);
}

static const char *sizes_emsgsize(void)
{
    QT_STEP(pj_expect(W, PT_SEND_LEN, 0, PT_MSGSIZE + 1u, PL_EMSGSIZE));
    QT_STEP(pj_expect(W, PT_SEND_LEN, 0, 300, PL_EMSGSIZE));
    QT_STEP(pj_attr(W, 0, 0, MQ_O_PAIR)); /* nothing went in */
    QT_STEP(pj_expect(W, PT_SEND_LEN, 0, PT_MSGSIZE, PL_OK));
    QT_STEP(pj_expect(R, PT_RECV, 0, PT_MSGSIZE - 1u, PL_EMSGSIZE)); /* buffer below msgsize */
    QT_STEP(pj_attr(R, 0, 1, MQ_O_PAIR));                            /* nothing was taken */
    QT_STEP(pj_expect(R, PT_RECV, 0, 64, (int)PT_MSGSIZE));
    /* the shortest messages: a length of 1 or 0 is a length, nothing else */
    QT_STEP(pj_expect(W, PT_SEND_LEN, 0, 1, PL_OK));
    QT_STEP(pj_expect(R, PT_RECV, 0, 64, 1));
    QT_STEP(pj_expect(W, PT_SEND_LEN, 0, 0, PL_OK));
    QT_STEP(pj_expect(R, PT_RECV, 0, 64, 0));
    return pj_attr(R, 0, 0, MQ_O_PAIR);
}

static const char *prio_einval(void)
{
    QT_STEP(pj_expect(W, PT_SEND, 0, MQ_PRIO_MAX | 5u << 8, PL_EINVAL));
    QT_STEP(pj_expect(W, PT_SEND, 0, 255u | 5u << 8, PL_EINVAL));
    QT_STEP(pj_attr(W, 0, 0, MQ_O_PAIR));
    QT_STEP(pj_sends(W, 0, MQ_PRIO_MAX - 1u, 6)); /* the highest priority there is */
    return pj_receives(R, 0, MQ_PRIO_MAX - 1u, 6);
}

static const char *wrong_side_ebadf(void)
{
    QT_STEP(pj_expect(R, PT_SEND, 0, 7u << 8, PL_EBADF)); /* open for reading only */
    QT_STEP(pj_sends(W, 0, 0, 8));
    QT_STEP(pj_expect(W, PT_RECV, 0, 64, PL_EBADF)); /* open for writing only */
    QT_STEP(pj_expect(W, PT_MSGRCV, 0, 0, PL_EBADF));
    QT_STEP(pj_attr(R, 0, 1, MQ_O_PAIR)); /* the writer's refused receive took nothing */
    return pj_receives(R, 0, 0, 8);
}

/* ---- 3. blocking both ways, O_NONBLOCK and deadlines */

static const char *reader_waits_for_send(void)
{
    QT_STEP(pj_blocks(R, PT_RECV, 0, 64));
    QT_STEP(pj_sends(W, 0, 4, 30));
    const struct qc_report *r = qc_report(R, PJ_WAIT);
    if (!r || r->status != 4 || r->a != 4 || r->b != 30) {
        return qt_why("the waiting reader got %ld, prio %lu, tag %lu", r ? (long)r->status : 0l,
                      r ? (unsigned long)r->a : 0ul, r ? (unsigned long)r->b : 0ul);
    }
    return pj_attr(R, 0, 0, MQ_O_PAIR);
}

static const char *writer_waits_for_receive(void)
{
    QT_STEP(fill());
    QT_STEP(pj_blocks(W, PT_SEND, 0, 3u | 99u << 8));
    QT_STEP(pj_receives(R, 0, 0, 10));
    QT_STEP(pj_later(W, PL_OK));
    QT_STEP(pj_receives(R, 0, 3, 99)); /* the waiting send went in, at its priority */
    for (uint32_t i = 1; i < PT_MAXMSG; i++) {
        QT_STEP(pj_receives(R, 0, 0, 10u + i));
    }
    return pj_attr(R, 0, 0, MQ_O_PAIR);
}

static const char *nonblock_by_setattr(void)
{
    QT_STEP(pj_expect(R, PT_NONBLOCK, 0, 1, PL_OK));
    QT_STEP(pj_attr(R, 0, 0, MQ_O_PAIR | MQ_O_NONBLOCK));
    QT_STEP(pj_expect(R, PT_RECV, 0, 64, PL_EAGAIN));
    QT_STEP(pj_expect(W, PT_NONBLOCK, 0, 1, PL_OK));
    QT_STEP(fill());
    QT_STEP(pj_expect(W, PT_SEND, 0, 50u << 8, PL_EAGAIN));
    QT_STEP(drain()); /* nothing of the refused send went in */
    QT_STEP(pj_expect(R, PT_RECV, 0, 64, PL_EAGAIN));
    QT_STEP(pj_expect(W, PT_NONBLOCK, 0, 0, PL_OK));
    QT_STEP(pj_expect(R, PT_NONBLOCK, 0, 0, PL_OK));
    QT_STEP(pj_attr(R, 0, 0, MQ_O_PAIR));
    return reader_waits_for_send(); /* blocking again */
}

static const char *deadlines(void)
{
    QT_STEP(pj_expect(R, PT_TRECV, 0, (uint32_t)-5, PL_ETIMEDOUT)); /* past */
    QT_STEP(pj_expect(R, PT_TRECV, 0, 30, PL_ETIMEDOUT));           /* near */
    QT_STEP(pj_expect(W, PT_TSEND, 0, (uint32_t)-5, PL_OK));        /* room: no wait, no deadline */
    QT_STEP(pj_expect(R, PT_TRECV, 0, (uint32_t)-5, 4));            /* a message: taken */
    QT_STEP(fill());
    QT_STEP(pj_expect(W, PT_TSEND, 0, (uint32_t)-5, PL_ETIMEDOUT));
    QT_STEP(pj_expect(W, PT_TSEND, 0, 20, PL_ETIMEDOUT));
    QT_STEP(drain()); /* nothing of the timed-out sends went in */
    return pj_attr(R, 0, 0, MQ_O_PAIR);
}

static const char *nonblock_at_open(void)
{
    QT_STEP(pj_expect(W, PT_CLOSE, 0, 0, PL_OK));
    QT_STEP(pj_expect(R, PT_CLOSE, 0, 0, PL_OK));
    QT_STEP(pj_expect(W, PT_UNLINK, 0, 0, PL_OK));
    QT_STEP(pj_opens(W, 1, PJ_CREATE_W | MQ_O_NONBLOCK));
    QT_STEP(pj_opens(R, 1, PJ_READER | MQ_O_NONBLOCK));
    QT_STEP(pj_expect(R, PT_RECV, 1, 64, PL_EAGAIN));
    for (uint32_t i = 0; i < PT_MAXMSG; i++) {
        QT_STEP(pj_sends(W, 1, 0, i));
    }
    QT_STEP(pj_expect(W, PT_SEND, 1, 0, PL_EAGAIN));
    QT_STEP(pj_attr(W, 1, PT_MAXMSG, MQ_O_PAIR | MQ_O_NONBLOCK));
    QT_STEP(pj_expect(W, PT_CLOSE, 1, 0, PL_OK));
    QT_STEP(pj_expect(R, PT_CLOSE, 1, 0, PL_OK));
    return pj_expect(W, PT_UNLINK, 1, 0, PL_OK);
}

/* ---- 4. a stream: random priorities, both sides waiting in turn; the reader counts what it
 * took (count, sums of numbers and of squares) and checks each message and the order within
 * each priority. The messages go through the page, not the server, which hears nothing
 * during the stream (a queue on the server path would be two calls a message). A lost
 * wake-up would leave a side asleep for good: its waits have no deadline, so the stream
 * would not end. */

static const char *stream(void)
{
    QT_STEP(pj_opens(W, 2, PJ_CREATE_W));
    QT_STEP(pj_opens(R, 2, PJ_READER));
    uint32_t server_msgs = qt_status(TASK_MQUEUE).msgs_received;
    if (qc_order(R, PT_STREAM_R, 2, STREAM_N) != PL_OK ||
        qc_order(W, PT_STREAM_W, 2, STREAM_N) != PL_OK) {
        return "could not order the stream";
    }
    const struct qc_report *r = qc_report(W, STREAM_WAIT);
    if (!r || r->status != PL_OK) {
        return qt_why("writer: %s after %lu", r ? pl_strerror(r->status) : "no report",
                      r ? (unsigned long)r->a : 0ul);
    }
    r = qc_report(R, STREAM_WAIT);
    struct pt_tally t;
    if (!r || r->len != sizeof(t)) {
        return "the reader did not report its tally";
    }
    memcpy(&t, r->data, sizeof(t));
    uint32_t sum = 0, sumsq = 0;
    for (uint32_t k = 0; k < STREAM_N; k++) {
        sum += k;
        sumsq += k * k;
    }
    if (t.err || t.count != STREAM_N || t.sum != sum || t.sumsq != sumsq || t.out_of_order ||
        t.bad) {
        return qt_why("reader: %s, %lu of %lu taken, sums %s, %lu out of order, %lu damaged",
                      pl_strerror(t.err), (unsigned long)t.count, (unsigned long)STREAM_N,
                      t.sum == sum && t.sumsq == sumsq ? "right" : "wrong",
                      (unsigned long)t.out_of_order, (unsigned long)t.bad);
    }
    server_msgs = qt_status(TASK_MQUEUE).msgs_received - server_msgs;
    if (server_msgs > STREAM_SERVER_MAX) {
        return qt_why("the server took %lu requests during the stream (at most %u: checks)",
                      (unsigned long)server_msgs, STREAM_SERVER_MAX);
    }
    QT_STEP(pj_attr(W, 2, 0, MQ_O_PAIR));
    QT_STEP(pj_expect(W, PT_CLOSE, 2, 0, PL_OK));
    QT_STEP(pj_expect(R, PT_CLOSE, 2, 0, PL_OK));
    return pj_expect(W, PT_UNLINK, 2, 0, PL_OK);
}

int pj_x_uses, pj_p0_open;

static void reset(void)
{
    for (uint32_t i = 0; i < sizeof(actors) / sizeof(actors[0]); i++) {
        if (qc_restart(actors[i])) {
            return; /* nothing more to do: the cases after this one will say so */
        }
    }
    for (uint32_t i = 0; i < sizeof(actors) / sizeof(actors[0]); i++) {
        for (uint32_t n = 0; n < PT_NAMES; n++) {
            (void)qc_ask(actors[i], PT_UNLINK, n, 0, PJ_WAIT); /* the creator's succeeds */
        }
    }
    if (pj_x_uses) {
        (void)qc_ask(TASK_X, PT_USE, 1, 0, PJ_WAIT);
    }
    if (pj_p0_open) {
        (void)qc_ask(W, PT_OPEN, 0, PJ_CREATE_W, PJ_WAIT);
        (void)qc_ask(R, PT_OPEN, 0, PJ_READER, PJ_WAIT);
    }
}

void pj_case(const char *name, const char *why)
{
    qt_report(name, why);
    if (why) {
        reset();
    }
}

int main(void)
{
    qt_begin(SYSTEM_NAME);
    qc_start(actors, sizeof(actors) / sizeof(actors[0]), 200);
    pj_p0_open = 1; /* until the O_NONBLOCK at open: p0, w the writer and r the reader */
    pj_case("pair_create_getattr_flags_and_curmsgs", create_and_getattr());
    pj_case("pair_highest_priority_first_fifo_within_one", priority_order());
    pj_case("pair_msgrcv_by_type_zero_positive_negative", selective_receive_by_type());
    pj_case("pair_emsgsize_both_ways_and_messages_of_one_and_no_byte", sizes_emsgsize());
    pj_case("pair_priority_32_or_more_einval", prio_einval());
    pj_case("pair_send_on_reader_receive_on_writer_ebadf", wrong_side_ebadf());
    pj_case("pair_reader_waits_on_empty_woken_by_send", reader_waits_for_send());
    pj_case("pair_writer_waits_on_full_woken_by_receive", writer_waits_for_receive());
    pj_case("pair_nonblock_by_setattr_eagain_both_ways", nonblock_by_setattr());
    pj_case("pair_timed_past_and_near_deadlines_etimedout", deadlines());
    pj_p0_open = 0;
    pj_case("pair_nonblock_at_open_eagain_both_ways", nonblock_at_open());
    pj_case("pair_stream_4000_random_prios_checksummed_blocking_both_ways_not_via_server",
            stream());
    pj_refusals();
    pj_sides();
    pj_spoilt();
    pj_unlink_while_open();
    pj_server_restart();
    qt_finish();
}

/*
 * tests/qemu/mq_pair/judge_sides.c - the second half of the pair-queue judge: the refusals,
 * the two sides (one task each; a second asker is PL_EBUSY until the holder lets go or dies),
 * a peer that spoils the page, an unlink while the queue is open, and the server restarting
 * (the next send and receive, a blocked reader). Each group of cases leaves no queue behind.
 */
#include "judge.h"
#include "../harness/qtest.h"
#include "pairtest.h"
#include "system.h"

#define W TASK_W
#define R TASK_R
#define X TASK_X

/* Stop `task` as if it faulted, and wait until the kernel says so. */
static const char *fault(uint32_t task)
{
    if (pl_task_fault(task) < 0 || !qt_wait_stopped(&task, 1, 1, 50)) {
        return qt_why("%s did not stop", qt_status(task).name);
    }
    return 0;
}

/* ---- 6. refusals */

static const char *without_fast_use_estate(void)
{
    QT_STEP(pj_opens(W, 0, PJ_CREATE_W));
    QT_STEP(pj_expect(X, PT_OPEN, 0, PJ_READER, PL_ESTATE)); /* x never called it */
    QT_STEP(pj_expect(X, PT_OPEN, 1, PJ_CREATE_W, PL_ESTATE));
    return pj_opens(R, 0, PJ_READER); /* the side x was refused is still free */
}

/* mq_notify on a pair queue: r holds p0's reader side and is woken by bit 0 of its own
 * notification, which w may signal. The request lives in the page (r's flag, armed without a
 * sleep) and w's next send signals it, once; NULL removes it; a receive that waits takes the
 * message and the request stays. */
static const char *notify_pair(void)
{
    QT_STEP(pj_expect(R, PT_POLL, 0, 0, 0)); /* nothing pending */
    QT_STEP(pj_expect(R, PT_NOTIFY, 0, 1, PL_OK));
    QT_STEP(pj_expect(R, PT_POLL, 0, 0, 0)); /* not before a send */
    QT_STEP(pj_sends(W, 0, 1, 61));
    QT_STEP(pj_expect(R, PT_POLL, 0, 0, 1)); /* w's send signalled it */
    QT_STEP(pj_sends(W, 0, 1, 62));
    QT_STEP(pj_expect(R, PT_POLL, 0, 0, 0)); /* once */
    QT_STEP(pj_receives(R, 0, 1, 61));
    QT_STEP(pj_receives(R, 0, 1, 62));
    QT_STEP(pj_expect(R, PT_NOTIFY, 0, 1, PL_OK));
    QT_STEP(pj_expect(R, PT_NOTIFY, 0, 0, PL_OK));     /* removed */
    QT_STEP(pj_expect(R, PT_NOTIFY, 0, 0, PL_ESTATE)); /* none left to remove */
    QT_STEP(pj_sends(W, 0, 1, 63));
    QT_STEP(pj_expect(R, PT_POLL, 0, 0, 0));
    QT_STEP(pj_receives(R, 0, 1, 63));
    QT_STEP(pj_expect(W, PT_NOTIFY, 0, 1, PL_EBADF));  /* the writer's side */
    QT_STEP(pj_expect(R, PT_NOTIFY, 0, 2, PL_EINVAL)); /* a bit w does not wake r by */
    QT_STEP(pj_expect(R, PT_NOTIFY, 0, 1, PL_OK));
    QT_STEP(pj_blocks(R, PT_RECV, 0, 64));
    QT_STEP(pj_sends(W, 0, 1, 64));
    QT_STEP(pj_later(R, 4));                 /* the waiting receive took it */
    QT_STEP(pj_expect(R, PT_POLL, 0, 0, 0)); /* its wait took its wake-up */
    QT_STEP(pj_sends(W, 0, 1, 65));
    QT_STEP(pj_expect(R, PT_POLL, 0, 0, 1)); /* the request stayed */
    QT_STEP(pj_receives(R, 0, 1, 65));
    return pj_expect(R, PT_NOTIFY, 0, 0, PL_OK);
}

/* r's notification has the server among its signalers: mq_notify works on an ordinary queue
 * of a task that uses pair queues, through the server. */
static const char *notify_ordinary(void)
{
    QT_STEP(pj_opens(R, 3, MQ_O_CREAT | MQ_O_RDWR));
    QT_STEP(pj_expect(R, PT_NOTIFY, 3, 1, PL_OK));
    QT_STEP(pj_expect(R, PT_NOTIFY, 3, 0, PL_OK));
    QT_STEP(pj_expect(R, PT_CLOSE, 3, 0, PL_OK));
    return pj_expect(R, PT_UNLINK, 3, 0, PL_OK);
}

/* r uses pair queues (it holds p0's reader side): a queue that is not a pair queue still goes
 * through the server, by each of the six entry points (the pair side hands it on), with its
 * priorities and types as the server keeps them. */
static const char *ordinary_queue_through_server(void)
{
    QT_STEP(pj_opens(R, 3, MQ_O_CREAT | MQ_O_RDWR));
    QT_STEP(pj_sends(R, 3, 2, 41));                /* mq_send */
    QT_STEP(pj_sends(R, 3, 6, 42));                /* above it */
    QT_STEP(pj_expect(R, PT_TSEND, 3, 10, PL_OK)); /* mq_timedsend: tag 0, prio 0 */
    QT_STEP(pj_expect(R, PT_MSGSND, 3, 9, PL_OK)); /* mq_msgsnd: type 9 */
    QT_STEP(pj_attr(R, 3, 4, 0));                  /* all four at the server */
    QT_STEP(pj_receives(R, 3, 6, 42));             /* mq_receive: the highest first */
    QT_STEP(pj_expect(R, PT_MSGRCV, 3, 9, 4));     /* mq_msgrcv by type */
    QT_STEP(pj_expect(R, PT_TRECV, 3, 10, 4));     /* mq_timedreceive: prio 2's */
    QT_STEP(pj_expect(R, PT_TRECV, 3, 10, 4));     /* and the timed one's */
    QT_STEP(pj_expect(R, PT_TRECV, 3, (uint32_t)-1, PL_ETIMEDOUT)); /* empty, deadline past */
    QT_STEP(pj_attr(W, 0, 0, MQ_O_PAIR));                           /* p0 untouched */
    QT_STEP(pj_expect(R, PT_CLOSE, 3, 0, PL_OK));
    QT_STEP(pj_expect(R, PT_SEND, 3, 7u << 8, PL_EBADF)); /* closed: the server says so */
    return pj_expect(R, PT_UNLINK, 3, 0, PL_OK);
}

/* w has one window for pair queues and p0 in it; the server has a page free. */
static const char *more_pairs_than_windows_efull(void)
{
    QT_STEP(pj_expect(W, PT_OPEN, 1, PJ_CREATE_W, PL_EFULL));
    QT_STEP(pj_expect(W, PT_CLOSE, 0, 0, PL_OK));
    QT_STEP(pj_opens(W, 1, PJ_CREATE_W)); /* its window free again */
    QT_STEP(pj_expect(W, PT_CLOSE, 1, 0, PL_OK));
    QT_STEP(pj_expect(W, PT_UNLINK, 1, 0, PL_OK));
    return pj_opens(W, 0, PJ_WRITER);
}

/* w names r's notification as its own: its peer would be made to wake r. w's window is free
 * meanwhile, so nothing but the notification can be refused. */
static const char *foreign_notification_eperm(void)
{
    QT_STEP(pj_expect(W, PT_CLOSE, 0, 0, PL_OK));
    QT_STEP(pj_expect(W, PT_USE, 1, 1, PL_OK));
    QT_STEP(pj_expect(W, PT_OPEN, 1, PJ_CREATE_W, PL_EPERM));
    QT_STEP(pj_expect(W, PT_OPEN, 0, PJ_WRITER, PL_EPERM));
    QT_STEP(pj_expect(W, PT_USE, 1, 0, PL_OK));
    QT_STEP(pj_opens(W, 1, PJ_CREATE_W)); /* honest again */
    QT_STEP(pj_expect(W, PT_CLOSE, 1, 0, PL_OK));
    QT_STEP(pj_expect(W, PT_UNLINK, 1, 0, PL_OK));
    return pj_opens(W, 0, PJ_WRITER);
}

/* A 1K page holds the ring's 64-byte header and maxmsg slots of 8 + msgsize bytes. w's
 * window is free meanwhile. */
static const char *too_large_for_a_page_einval(void)
{
    QT_STEP(pj_expect(W, PT_CLOSE, 0, 0, PL_OK));
    QT_STEP(pj_expect(W, PT_OPEN, 1, PJ_CREATE_W | 8u << 8 | 200u << 16, PL_EINVAL));
    QT_STEP(pj_expect(W, PT_OPEN, 1, PJ_WRITER, PL_ENOENT));     /* nothing was made */
    QT_STEP(pj_opens(W, 1, PJ_CREATE_W | 8u << 8 | 100u << 16)); /* 928 bytes: fits */
    QT_STEP(pj_expect(W, PT_CLOSE, 1, 0, PL_OK));
    QT_STEP(pj_expect(W, PT_UNLINK, 1, 0, PL_OK));
    QT_STEP(pj_expect(R, PT_CLOSE, 0, 0, PL_OK));
    return pj_expect(W, PT_UNLINK, 0, 0, PL_OK); /* its creator's to unlink */
}

/* Each case but the last leaves p0 open, w the writer and r the reader, as the first made it. */
void pj_refusals(void)
{
    pj_p0_open = 1;
    pj_case("pair_open_without_mq_client_fast_use_estate", without_fast_use_estate());
    pj_case("pair_mq_notify_signalled_by_the_next_send_once_kept_over_a_waiting_receive",
            notify_pair());
    pj_case("pair_task_mq_notify_on_an_ordinary_queue_through_the_server", notify_ordinary());
    pj_case("pair_task_ordinary_queue_through_server", ordinary_queue_through_server());
    pj_case("pair_more_pair_queues_than_windows_efull", more_pairs_than_windows_efull());
    pj_case("pair_fast_use_naming_a_notification_not_waited_on_eperm",
            foreign_notification_eperm());
    pj_p0_open = 0;
    pj_case("pair_maxmsg_x_msgsize_beyond_a_page_einval", too_large_for_a_page_einval());
}

/* ---- 5. the sides: x asks for the side w or r holds */

static const char *second_side_ebusy(void)
{
    pj_x_uses = 1;
    QT_STEP(pj_expect(X, PT_USE, 1, 0, PL_OK));
    QT_STEP(pj_opens(W, 0, PJ_CREATE_W));
    QT_STEP(pj_opens(R, 0, PJ_READER));
    QT_STEP(pj_expect(X, PT_OPEN, 0, PJ_READER, PL_EBUSY));
    QT_STEP(pj_expect(X, PT_OPEN, 0, PJ_WRITER, PL_EBUSY));
    QT_STEP(pj_expect(X, PT_OPEN, 0, MQ_O_RDWR, PL_EBUSY));
    /* r lets the reader side go: x takes it, and w's sends wake x now */
    QT_STEP(pj_expect(R, PT_CLOSE, 0, 0, PL_OK));
    QT_STEP(pj_opens(X, 0, PJ_READER));
    QT_STEP(pj_expect(R, PT_OPEN, 0, PJ_READER, PL_EBUSY));
    QT_STEP(pj_sends(W, 0, 0, 1));
    QT_STEP(pj_receives(X, 0, 0, 1));
    QT_STEP(pj_blocks(X, PT_RECV, 0, 64));
    QT_STEP(pj_sends(W, 0, 0, 2));
    QT_STEP(pj_later(X, 4));
    QT_STEP(pj_expect(X, PT_CLOSE, 0, 0, PL_OK));
    QT_STEP(pj_opens(R, 0, PJ_READER));
    /* w lets the writer side go: x takes it, and wakes r */
    QT_STEP(pj_expect(W, PT_CLOSE, 0, 0, PL_OK));
    QT_STEP(pj_opens(X, 0, PJ_WRITER));
    QT_STEP(pj_expect(W, PT_OPEN, 0, PJ_WRITER, PL_EBUSY));
    QT_STEP(pj_blocks(R, PT_RECV, 0, 64));
    QT_STEP(pj_sends(X, 0, 0, 3));
    QT_STEP(pj_later(R, 4));
    QT_STEP(pj_expect(X, PT_CLOSE, 0, 0, PL_OK));
    return pj_opens(W, 0, PJ_WRITER);
}

/* r stops for good holding the reader side: x's open of that side reclaims it. */
static const char *reader_fault_reclaimed(void)
{
    QT_STEP(fault(R));
    QT_STEP(pj_opens(X, 0, PJ_READER));
    QT_STEP(pj_sends(W, 0, 0, 4));
    QT_STEP(pj_receives(X, 0, 0, 4));
    QT_STEP(pj_blocks(X, PT_RECV, 0, 64));
    QT_STEP(pj_sends(W, 0, 0, 5));
    QT_STEP(pj_later(X, 4));
    QT_STEP(pj_expect(X, PT_CLOSE, 0, 0, PL_OK));
    QT_STEP(qc_restart(R));
    return pj_opens(R, 0, PJ_READER);
}

/* w stops for good holding the writer side: x's open of that side reclaims it. */
static const char *writer_fault_reclaimed(void)
{
    QT_STEP(fault(W));
    QT_STEP(pj_opens(X, 0, PJ_WRITER));
    QT_STEP(pj_blocks(R, PT_RECV, 0, 64));
    QT_STEP(pj_sends(X, 0, 0, 6));
    QT_STEP(pj_later(R, 4));
    QT_STEP(pj_expect(X, PT_CLOSE, 0, 0, PL_OK));
    QT_STEP(qc_restart(W));
    QT_STEP(pj_opens(W, 0, PJ_WRITER));
    QT_STEP(pj_sends(W, 0, 0, 7));
    QT_STEP(pj_receives(R, 0, 0, 7));
    QT_STEP(pj_expect(W, PT_CLOSE, 0, 0, PL_OK));
    QT_STEP(pj_expect(R, PT_CLOSE, 0, 0, PL_OK));
    return pj_expect(W, PT_UNLINK, 0, 0, PL_OK);
}

/* As in pj_refusals: p0 open between these cases, w the writer and r the reader. */
void pj_sides(void)
{
    pj_p0_open = 1;
    pj_case("pair_second_reader_or_writer_ebusy_then_takes_over_after_close", second_side_ebusy());
    pj_case("pair_reader_that_faulted_is_reclaimed_at_next_open", reader_fault_reclaimed());
    pj_p0_open = 0;
    pj_case("pair_writer_that_faulted_is_reclaimed_at_next_open", writer_fault_reclaimed());
}

/* ---- 7. a spoilt page: one side rewrites a word, the other gets PL_ESTATE; nobody faults */

static uint32_t faults_before[3];

static const char *spoil_setup(void)
{
    faults_before[0] = qt_status(W).faults;
    faults_before[1] = qt_status(R).faults;
    faults_before[2] = qt_status(TASK_MQUEUE).faults;
    QT_STEP(pj_opens(W, 1, PJ_CREATE_W));
    return pj_opens(R, 1, PJ_READER);
}

static const char *spoil(uint32_t task, uint32_t at, uint32_t value)
{
    const struct qc_report *r = qc_ask(task, PT_SPOIL, at, value, PJ_WAIT);
    if (!r || r->status != PL_OK) {
        return qt_why("%s could not find its ring page: %s", qt_status(task).name,
                      r ? pl_strerror(r->status) : "no report");
    }
    return 0;
}

static const char *spoil_survived(void)
{
    static const uint32_t tasks[3] = {W, R, TASK_MQUEUE};
    for (uint32_t i = 0; i < 3; i++) {
        struct pl_task_status st = qt_status(tasks[i]);
        if (!qt_is_live(&st) || st.faults != faults_before[i]) {
            return qt_why("%s is %s, %lu faults (was %lu)", st.name, qt_state_name(st.state),
                          (unsigned long)st.faults, (unsigned long)faults_before[i]);
        }
    }
    QT_STEP(pj_expect(W, PT_CLOSE, 1, 0, PL_OK));
    QT_STEP(pj_expect(R, PT_CLOSE, 1, 0, PL_OK));
    return pj_expect(W, PT_UNLINK, 1, 0, PL_OK);
}

static const char *spoilt_tail(void)
{
    QT_STEP(spoil_setup());
    QT_STEP(pj_sends(W, 1, 0, 1));
    QT_STEP(pj_receives(R, 1, 0, 1));
    QT_STEP(spoil(R, PT_AT_TAIL, 0x7ffffff0u));
    QT_STEP(pj_expect(W, PT_SEND, 1, 2u << 8, PL_ESTATE));
    return spoil_survived();
}

static const char *spoilt_head(void)
{
    QT_STEP(spoil_setup());
    QT_STEP(pj_sends(W, 1, 0, 1));
    QT_STEP(spoil(W, PT_AT_HEAD, 0x7ffffff0u));
    QT_STEP(pj_expect(R, PT_RECV, 1, 64, PL_ESTATE));
    QT_STEP(pj_expect(R, PT_MSGRCV, 1, 0, PL_ESTATE));
    return spoil_survived();
}

static const char *spoilt_slot_length(void)
{
    QT_STEP(spoil_setup());
    QT_STEP(pj_sends(W, 1, 0, 1)); /* the first message of a new ring: slot 0 */
    QT_STEP(spoil(W, PT_AT_SLOT0_LEN, 0xffffu));
    QT_STEP(pj_expect(R, PT_RECV, 1, 64, PL_ESTATE));
    return spoil_survived();
}

void pj_spoilt(void)
{
    pj_case("pair_reader_spoils_tail_writer_gets_estate_nobody_faults", spoilt_tail());
    pj_case("pair_writer_spoils_head_reader_gets_estate_nobody_faults", spoilt_head());
    pj_case("pair_writer_spoils_slot_length_reader_gets_estate_nobody_faults",
            spoilt_slot_length());
}

/* ---- 9. unlink while open: the name goes, the queue serves its two tasks until closed */

static const char *unlink_while_open(void)
{
    QT_STEP(pj_opens(W, 0, PJ_CREATE_W));
    QT_STEP(pj_opens(R, 0, PJ_READER));
    QT_STEP(pj_sends(W, 0, 0, 1));
    QT_STEP(pj_expect(W, PT_UNLINK, 0, 0, PL_OK));
    QT_STEP(pj_expect(X, PT_OPEN, 0, PJ_READER, PL_ENOENT));
    QT_STEP(pj_receives(R, 0, 0, 1));
    QT_STEP(pj_blocks(R, PT_RECV, 0, 64));
    QT_STEP(pj_sends(W, 0, 0, 2));
    QT_STEP(pj_later(R, 4));
    for (uint32_t i = 0; i < PT_MAXMSG; i++) {
        QT_STEP(pj_sends(W, 0, 0, 10u + i));
    }
    QT_STEP(pj_blocks(W, PT_SEND, 0, 1u | 3u << 8));
    QT_STEP(pj_receives(R, 0, 0, 10));
    QT_STEP(pj_later(W, PL_OK));
    QT_STEP(pj_receives(R, 0, 1, 3));
    QT_STEP(pj_attr(W, 0, PT_MAXMSG - 1u, MQ_O_PAIR));
    QT_STEP(pj_expect(W, PT_CLOSE, 0, 0, PL_OK));
    QT_STEP(pj_expect(R, PT_CLOSE, 0, 0, PL_OK));
    QT_STEP(pj_expect(X, PT_OPEN, 0, PJ_READER, PL_ENOENT));
    QT_STEP(pj_opens(W, 0, PJ_CREATE_W)); /* the name again: a new, empty queue */
    QT_STEP(pj_attr(W, 0, 0, MQ_O_PAIR));
    QT_STEP(pj_expect(W, PT_CLOSE, 0, 0, PL_OK));
    return pj_expect(W, PT_UNLINK, 0, 0, PL_OK);
}

void pj_unlink_while_open(void)
{
    pj_case("pair_unlink_while_open_enoent_queue_still_works", unlink_while_open());
}

/* ---- 8. the server restarts. The kernel tells both tasks (they hold the page): a word of
 * each task's poll mirror changes, so the first send or receive of either after the restart
 * asks the server, which no longer knows the descriptor: PL_EBADF, even with a message still
 * in the page. A reader asleep in a receive has its wait ended (PL_EDEAD) and answers the same
 * at once: its wait has no deadline, so without the kernel's word it would sleep for ever and
 * the case fail. */

static const char *restart_then_next_send_and_receive(void)
{
    QT_STEP(pj_opens(W, 0, PJ_CREATE_W));
    QT_STEP(pj_opens(R, 0, PJ_READER));
    QT_STEP(pj_sends(W, 0, 0, 3)); /* in the page when the server goes */
    if (pl_task_restart(TASK_MQUEUE) < 0) {
        return "could not restart the message-queue server";
    }
    QT_STEP(pj_expect(R, PT_RECV, 0, 64, PL_EBADF)); /* not the message of the old queue */
    QT_STEP(pj_expect(W, PT_SEND, 0, 4u << 8, PL_EBADF));
    QT_STEP(pj_expect(W, PT_CLOSE, 0, 0, PL_EBADF));
    QT_STEP(pj_expect(R, PT_CLOSE, 0, 0, PL_EBADF));
    pl_sleep(5);                                           /* the new server registers its name */
    return pj_expect(R, PT_OPEN, 0, PJ_READER, PL_ENOENT); /* the queue went with it */
}

static const char *restart_under_blocked_reader(void)
{
    QT_STEP(pj_opens(W, 0, PJ_CREATE_W));
    QT_STEP(pj_opens(R, 0, PJ_READER));
    QT_STEP(pj_sends(W, 0, 0, 1));
    QT_STEP(pj_receives(R, 0, 0, 1));
    QT_STEP(pj_blocks(R, PT_RECV, 0, 64));
    if (pl_task_restart(TASK_MQUEUE) < 0) {
        return "could not restart the message-queue server";
    }
    return pj_later(R, PL_EBADF);
}

static const char *reopen_after_restart(void)
{
    /* both close first, whatever the case before found: the windows and the old page go */
    const struct qc_report *w = qc_ask(W, PT_CLOSE, 0, 0, PJ_WAIT);
    const struct qc_report *r = qc_ask(R, PT_CLOSE, 0, 0, PJ_WAIT);
    if (!w || !r || w->status != PL_EBADF || r->status != PL_EBADF) {
        return qt_why("closing the old descriptors: w %s, r %s; expected EBADF",
                      w ? pl_strerror(w->status) : "no report",
                      r ? pl_strerror(r->status) : "no report");
    }
    pl_sleep(5);                                             /* the new server registers its name */
    QT_STEP(pj_expect(R, PT_OPEN, 0, PJ_READER, PL_ENOENT)); /* the queue is gone */
    QT_STEP(pj_opens(W, 0, PJ_CREATE_W));
    QT_STEP(pj_opens(R, 0, PJ_READER));
    QT_STEP(pj_attr(R, 0, 0, MQ_O_PAIR));
    QT_STEP(pj_sends(W, 0, 2, 8));
    QT_STEP(pj_receives(R, 0, 2, 8));
    QT_STEP(pj_blocks(R, PT_RECV, 0, 64));
    QT_STEP(pj_sends(W, 0, 0, 9));
    QT_STEP(pj_later(R, 4));
    QT_STEP(pj_expect(W, PT_CLOSE, 0, 0, PL_OK));
    QT_STEP(pj_expect(R, PT_CLOSE, 0, 0, PL_OK));
    return pj_expect(W, PT_UNLINK, 0, 0, PL_OK);
}

void pj_server_restart(void)
{
    pj_case("pair_server_restart_next_send_and_receive_ebadf",
            restart_then_next_send_and_receive());
    pj_case("pair_server_restart_blocked_receive_ebadf", restart_under_blocked_reader());
    pj_case("pair_server_restart_old_descriptors_ebadf_then_reopen_by_name",
            reopen_after_restart());
}

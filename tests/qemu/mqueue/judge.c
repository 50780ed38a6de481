/*
 * tests/qemu/mqueue/judge.c - the message-queue server's rules (docs/ipc-catalogue.md,
 * "Message queues", and the "Bad input and limits"), one case each, driven through
 * the actors (actor.c) and their client library. A = w0 and B = w1 do most cases; r0 is the
 * client that dies while blocked. The server's restart runs only as a task (in the kernel,
 * MODE=mono, it cannot be restarted; the judge says so and skips it).
 */
#include "judge.h"
#include "../harness/qtest.h"
#include "../../../servers/mqueue/mq_client.h"
#include "mqtest.h"
#include "system.h"

#define A TASK_W0
#define B TASK_W1
#define C TASK_R0

static const uint32_t actors[] = {TASK_W0, TASK_W1, TASK_W2, TASK_W3,
                                  TASK_R0, TASK_R1, TASK_R2, TASK_R3};
static uint32_t a_q0; /* A's descriptor on q0 */

const char *mqj_expect(uint32_t task, uint32_t op, uint32_t a, uint32_t b, int want)
{
    const struct qc_report *r = qc_ask(task, op, a, b, MQJ_WAIT);
    if (!r) {
        return qt_why("task %lu: no report of order %lu", (unsigned long)task, (unsigned long)op);
    }
    if (r->status != want && !(want == PL_OK && r->status > 0)) {
        return qt_why("task %lu order %lu(%lu, %lu): %s, expected %s", (unsigned long)task,
                      (unsigned long)op, (unsigned long)a, (unsigned long)b, pl_strerror(r->status),
                      pl_strerror(want));
    }
    return 0;
}

static uint32_t rdwr_create(uint32_t mode)
{
    return (MQ_O_CREAT | MQ_O_RDWR) | mode << 8;
}

static const char *create_and_getattr(void)
{
    const struct qc_report *r = qc_ask(A, MQT_OPEN, 0, rdwr_create(MQ_MODE_ALL), MQJ_WAIT);
    if (!r || r->status < 0) {
        return qt_why("open: %s", r ? pl_strerror(r->status) : "no report");
    }
    a_q0 = r->a;
    r = qc_ask(A, MQT_GETATTR, 0, 0, MQJ_WAIT);
    if (!r || r->status != PL_OK || r->a != 0 || r->b != (4u | 32u << 16)) {
        return qt_why("getattr: %s, curmsgs %lu, sizes 0x%lx", r ? pl_strerror(r->status) : "-",
                      r ? (unsigned long)r->a : 0ul, r ? (unsigned long)r->b : 0ul);
    }
    return mqj_expect(B, MQT_OPEN, 0, MQ_O_RDWR, PL_OK);
}

/* Receive from q0 by B: expect prio and tag. */
static const char *receives(uint32_t task, uint32_t name, uint32_t prio, uint32_t tag)
{
    const struct qc_report *r = qc_ask(task, MQT_RECV, name, 64, MQJ_WAIT);
    if (!r || r->status != 4 || r->a != prio || r->b != tag) {
        return qt_why("received %s, prio %lu, tag %lu; expected prio %lu tag %lu",
                      r ? pl_strerror(r->status) : "nothing", r ? (unsigned long)r->a : 0ul,
                      r ? (unsigned long)r->b : 0ul, (unsigned long)prio, (unsigned long)tag);
    }
    return 0;
}

static const char *priority_order(void)
{
    static const uint32_t prio[4] = {1, 5, 3, 5};
    for (uint32_t i = 0; i < 4; i++) {
        QT_STEP(mqj_expect(A, MQT_SEND, 0, prio[i] | (i + 1u) << 8, PL_OK));
    }
    QT_STEP(receives(B, 0, 5, 2));
    QT_STEP(receives(B, 0, 5, 4));
    QT_STEP(receives(B, 0, 3, 3));
    return receives(B, 0, 1, 1);
}

static const char *fill_q0(void)
{
    for (uint32_t i = 0; i < 4; i++) {
        QT_STEP(mqj_expect(A, MQT_SEND, 0, 0 | (10u + i) << 8, PL_OK));
    }
    return 0;
}

static const char *nonblocking(void)
{
    QT_STEP(fill_q0());
    QT_STEP(mqj_expect(A, MQT_NONBLOCK, 0, 1, PL_OK));
    QT_STEP(mqj_expect(A, MQT_SEND, 0, 0, PL_EAGAIN));
    QT_STEP(mqj_expect(A, MQT_NONBLOCK, 0, 0, PL_OK));
    for (uint32_t i = 0; i < 4; i++) {
        QT_STEP(receives(B, 0, 0, 10u + i)); /* FIFO within one priority */
    }
    QT_STEP(mqj_expect(B, MQT_NONBLOCK, 0, 1, PL_OK));
    QT_STEP(mqj_expect(B, MQT_RECV, 0, 64, PL_EAGAIN));
    return mqj_expect(B, MQT_NONBLOCK, 0, 0, PL_OK);
}

/* An order that must block; then `unblock` by another; then its report must be `want`. */
static const char *blocks_until(uint32_t task, uint32_t op, uint32_t a, uint32_t b,
                                const char *(*unblock)(void), int want)
{
    qc_order(task, op, a, b);
    if (!qc_wait_blocked(task, 50) || qc_report(task, 20)) {
        return "the order did not block";
    }
    QT_STEP(unblock());
    const struct qc_report *r = qc_report(task, MQJ_WAIT);
    if (!r || (r->status != want && !(want == PL_OK && r->status > 0))) {
        return qt_why("after unblocking: %s, expected %s", r ? pl_strerror(r->status) : "nothing",
                      pl_strerror(want));
    }
    return 0;
}

static const char *a_sends_to_q6(void)
{
    return mqj_expect(A, MQT_SEND, 6, 5u << 8, PL_OK);
}

static const char *b_takes_one(void)
{
    return receives(B, 0, 0, 10);
}

static const char *a_sends_77(void)
{
    return mqj_expect(A, MQT_SEND, 0, 77u << 8, PL_OK);
}

static const char *blocked_sender_and_receiver(void)
{
    QT_STEP(fill_q0());
    QT_STEP(blocks_until(A, MQT_SEND, 0, 3u | 99u << 8, b_takes_one, PL_OK));
    QT_STEP(receives(B, 0, 3, 99)); /* the blocked send went in, at its priority */
    for (uint32_t i = 1; i < 4; i++) {
        QT_STEP(receives(B, 0, 0, 10u + i));
    }
    QT_STEP(blocks_until(B, MQT_RECV, 0, 64, a_sends_77, 4));
    return 0;
}

static const char *sizes(void)
{
    QT_STEP(mqj_expect(A, MQT_SEND_LEN, 0, 33, PL_EMSGSIZE));
    QT_STEP(mqj_expect(A, MQT_SEND_LEN, 0, 300, PL_EMSGSIZE));
    QT_STEP(mqj_expect(A, MQT_SEND_LEN, 0, 32, PL_OK));
    QT_STEP(mqj_expect(B, MQT_RECV, 0, 16, PL_EMSGSIZE)); /* buffer below msgsize */
    QT_STEP(mqj_expect(B, MQT_RECV, 0, 64, 32));
    QT_STEP(mqj_expect(A, MQT_SEND_LEN, 0, 0, PL_OK));
    return mqj_expect(B, MQT_RECV, 0, 64, 0); /* an empty message is a message */
}

static const char *timeouts(void)
{
    uint32_t t0 = qc_now();
    QT_STEP(mqj_expect(B, MQT_TRECV, 0, 30, PL_ETIMEDOUT));
    if (qc_now() - t0 < 30u) {
        return qt_why("timed out after %lu ticks, asked 30", (unsigned long)(qc_now() - t0));
    }
    QT_STEP(mqj_expect(B, MQT_TRECV, 0, (uint32_t)-5, PL_ETIMEDOUT));
    QT_STEP(mqj_expect(A, MQT_TSEND, 0, (uint32_t)-5, PL_OK)); /* room: no wait, no deadline */
    QT_STEP(mqj_expect(B, MQT_TRECV, 0, (uint32_t)-5, 4));     /* a message: taken */
    QT_STEP(fill_q0());
    QT_STEP(mqj_expect(A, MQT_TSEND, 0, (uint32_t)-5, PL_ETIMEDOUT));
    QT_STEP(mqj_expect(A, MQT_TSEND, 0, 20, PL_ETIMEDOUT));
    for (uint32_t i = 0; i < 4; i++) {
        QT_STEP(receives(B, 0, 0, 10u + i)); /* nothing of the timed-out sends went in */
    }
    return 0;
}

static const char *types(void)
{
    static const uint32_t sent[5] = {3, 1, 2, 3, 5};
    QT_STEP(mqj_expect(A, MQT_OPEN_ATTR, 1, 8u | 32u << 16, PL_OK));
    for (uint32_t i = 0; i < 5; i++) {
        QT_STEP(mqj_expect(A, MQT_MSGSND, 1, sent[i], PL_OK));
    }
    QT_STEP(mqj_expect(B, MQT_OPEN, 1, MQ_O_RDWR | MQ_O_NONBLOCK, PL_OK));
    static const int32_t ask[6] = {3, -2, 0, 4, -5, 5};
    static const int32_t got[6] = {3, 1, 2, 0, 3, 5};
    for (uint32_t i = 0; i < 6; i++) {
        const struct qc_report *r = qc_ask(B, MQT_MSGRCV, 1, (uint32_t)ask[i], MQJ_WAIT);
        int want = got[i] ? 4 : PL_EAGAIN;
        if (!r || r->status != want || (want == 4 && (int32_t)r->a != got[i])) {
            return qt_why("msgrcv(%ld): %s, type %ld", (long)ask[i],
                          r ? pl_strerror(r->status) : "-", r ? (long)r->a : 0l);
        }
    }
    QT_STEP(mqj_expect(A, MQT_UNLINK, 1, 0, PL_OK));
    QT_STEP(mqj_expect(B, MQT_CLOSE, 1, 0, PL_OK));
    return mqj_expect(A, MQT_CLOSE, 1, 0, PL_OK);
}

static const char *permissions(void)
{
    uint32_t mode = MQ_MODE_OWNER_READ | MQ_MODE_OWNER_WRITE | MQ_MODE_OTHER_READ;
    QT_STEP(mqj_expect(A, MQT_OPEN, 2, rdwr_create(mode), PL_OK));
    QT_STEP(mqj_expect(B, MQT_OPEN, 2, MQ_O_WRONLY, PL_EACCES));
    QT_STEP(mqj_expect(B, MQT_OPEN, 2, MQ_O_RDWR, PL_EACCES));
    QT_STEP(mqj_expect(B, MQT_OPEN, 2, MQ_O_RDONLY, PL_OK));
    QT_STEP(mqj_expect(B, MQT_SEND, 2, 0, PL_EBADF)); /* open for reading only */
    QT_STEP(mqj_expect(B, MQT_UNLINK, 2, 0, PL_EACCES));
    return mqj_expect(A, MQT_UNLINK, 2, 0, PL_OK);
}

static const char *bad_descriptors(void)
{
    QT_STEP(mqj_expect(B, MQT_SEND_QD, a_q0, 0, PL_EBADF));            /* another task's */
    QT_STEP(mqj_expect(B, MQT_SEND_QD, (1u << 8) | 15u, 0, PL_EBADF)); /* never opened */
    QT_STEP(mqj_expect(B, MQT_CLOSE_QD, (uint32_t)-1, 0, PL_EBADF));
    QT_STEP(mqj_expect(B, MQT_CLOSE, 2, 0, PL_OK));
    QT_STEP(mqj_expect(B, MQT_CLOSE, 2, 0, PL_EBADF)); /* double close */
    return mqj_expect(A, MQT_CLOSE, 2, 0, PL_OK);
}

static const char *names(void)
{
    QT_STEP(mqj_expect(B, MQT_OPEN, 5, MQ_O_RDWR, PL_ENOENT));
    QT_STEP(mqj_expect(B, MQT_OPEN_LONG, 0, 0, PL_ENAMETOOLONG));
    QT_STEP(mqj_expect(A, MQT_OPEN, 0, rdwr_create(MQ_MODE_ALL) | MQ_O_EXCL, PL_EEXIST));
    /* unlinked: the name goes, the queue stays for its descriptors */
    QT_STEP(mqj_expect(A, MQT_UNLINK, 0, 0, PL_OK));
    QT_STEP(mqj_expect(B, MQT_OPEN, 0, MQ_O_RDWR, PL_ENOENT));
    QT_STEP(mqj_expect(A, MQT_SEND, 0, 5u << 8, PL_OK));
    QT_STEP(receives(B, 0, 0, 5));
    QT_STEP(mqj_expect(A, MQT_CLOSE, 0, 0, PL_OK));
    return mqj_expect(B, MQT_CLOSE, 0, 0, PL_OK);
}

static const char *tables_full(void)
{
    for (uint32_t i = 0; i < 8; i++) {
        QT_STEP(mqj_expect(A, MQT_OPEN_ATTR, i, 1u | 1u << 16, PL_OK));
    }
    QT_STEP(mqj_expect(A, MQT_OPEN_ATTR, 8, 1u | 1u << 16, PL_EFULL)); /* no queue left */
    QT_STEP(mqj_expect(A, MQT_UNLINK, 7, 0, PL_OK));
    QT_STEP(mqj_expect(A, MQT_CLOSE, 7, 0, PL_OK));
    QT_STEP(mqj_expect(A, MQT_OPEN_ATTR, 8, 32u | 248u << 16, PL_EFULL)); /* no room */
    QT_STEP(mqj_expect(A, MQT_OPEN_ATTR, 8, 32u | 249u << 16, PL_EINVAL));
    for (uint32_t i = 0; i < 7; i++) {
        QT_STEP(mqj_expect(A, MQT_UNLINK, i, 0, PL_OK));
        QT_STEP(mqj_expect(A, MQT_CLOSE, i, 0, PL_OK));
    }
    return 0;
}

/* A task's memory fault in the client library, or the kernel's refusal of its buffer. */
static const char *faults(uint32_t op, uint32_t addr, uint32_t kind)
{
    uint32_t task = B;
    qc_order(B, op, 3, addr);
    if (!qt_wait_stopped(&task, 1, 1, 50)) {
        return "the client survived";
    }
    struct pl_task_status st = qt_status(B);
    if (st.fault.kind != kind) {
        return qt_why("fault %s, expected %s", qt_fault_name(st.fault.kind), qt_fault_name(kind));
    }
    return qc_restart(B);
}

static const char *bad_pointers(void)
{
    uint32_t kernel_ram = KERNEL_RAM_BASE + 0x100u;
    QT_STEP(mqj_expect(A, MQT_OPEN, 3, rdwr_create(MQ_MODE_ALL), PL_OK));
    QT_STEP(mqj_expect(B, MQT_OPEN, 3, MQ_O_RDWR, PL_OK));
    QT_STEP(faults(MQT_SEND_FROM, kernel_ram, PL_FAULT_MEM_DATA));
    QT_STEP(mqj_expect(B, MQT_OPEN, 3, MQ_O_RDWR, PL_OK)); /* the restarted B: hello, then open */
    QT_STEP(mqj_expect(A, MQT_SEND, 3, 6u << 8, PL_OK));
    QT_STEP(faults(MQT_RECV_INTO, kernel_ram, PL_FAULT_BAD_POINTER));
    QT_STEP(receives(A, 3, 0, 6)); /* the message was not taken by the refused receive */
    if (!SYSTEM_MODE_MONO && qt_status(TASK_MQUEUE).faults != 0) {
        return "the server faulted";
    }
    return 0;
}

static const char *c_restarts_and_reopens(void)
{
    QT_STEP(qc_restart(C));
    QT_STEP(mqj_expect(C, MQT_OPEN, 3, MQ_O_RDWR, PL_OK));
    QT_STEP(mqj_expect(A, MQT_SEND, 3, 9u << 8, PL_OK));
    return 0;
}

/* The message sent after C's restart must reach A, not C's dead wait. */
static const char *dead_blocked_client(void)
{
    QT_STEP(mqj_expect(C, MQT_OPEN, 3, MQ_O_RDWR, PL_OK));
    qc_order(C, MQT_RECV, 3, 64);
    if (!qc_wait_blocked(C, 50)) {
        return "the receive did not block";
    }
    QT_STEP(c_restarts_and_reopens());
    QT_STEP(mqj_expect(A, MQT_NONBLOCK, 3, 1, PL_OK));
    QT_STEP(receives(A, 3, 0, 9));
    QT_STEP(mqj_expect(A, MQT_UNLINK, 3, 0, PL_OK));
    QT_STEP(mqj_expect(C, MQT_CLOSE, 3, 0, PL_OK));
    return mqj_expect(A, MQT_CLOSE, 3, 0, PL_OK);
}

/* ---- mq_notify: A (w0) waits on notification w0, B (w1) on w1; the server may signal both
 * (system.ini). Queue q6. */

#define A_NTFN NTFN_W0
#define B_NTFN NTFN_W1
#define A_BIT  3u

/* A's notification bits since the last look: exactly `want`. */
static const char *a_was_signalled(uint32_t want)
{
    const struct qc_report *r = qc_ask(A, MQT_NTFN_POLL, A_NTFN, 0, MQJ_WAIT);
    if (!r || r->status != PL_OK || r->a != want) {
        return qt_why("A's notification: %s, bits 0x%lx, expected 0x%lx",
                      r ? pl_strerror(r->status) : "no report", r ? (unsigned long)r->a : 0ul,
                      (unsigned long)want);
    }
    return 0;
}

static const char *b_sends_to_q6(void)
{
    return mqj_expect(B, MQT_SEND, 6, 5u << 8, PL_OK);
}

static const char *notify_setup(void)
{
    QT_STEP(mqj_expect(A, MQT_OPEN, 6, rdwr_create(MQ_MODE_ALL), PL_OK));
    QT_STEP(mqj_expect(B, MQT_OPEN, 6, MQ_O_RDWR, PL_OK));
    /* a confused deputy: A asks the server to signal B's notification for it */
    QT_STEP(mqj_expect(A, MQT_NOTIFY, 6, B_NTFN | 0u << 8, PL_EPERM));
    QT_STEP(mqj_expect(A, MQT_NOTIFY, 6, A_NTFN | A_BIT << 8, PL_OK));
    /* one request per queue */
    QT_STEP(mqj_expect(B, MQT_NOTIFY, 6, B_NTFN | 0u << 8, PL_ESTATE));
    return a_was_signalled(0);
}

static const char *notify_once_on_empty_to_nonempty(void)
{
    QT_STEP(notify_setup());
    QT_STEP(b_sends_to_q6());
    QT_STEP(a_was_signalled(1u << A_BIT));
    QT_STEP(b_sends_to_q6()); /* not empty before: nothing */
    QT_STEP(a_was_signalled(0));
    QT_STEP(receives(B, 6, 0, 5));
    QT_STEP(receives(B, 6, 0, 5));
    QT_STEP(b_sends_to_q6()); /* empty to non-empty, but the request fired: removed */
    QT_STEP(a_was_signalled(0));
    QT_STEP(receives(B, 6, 0, 5));
    /* a blocked receiver takes the message: no notification, and the request stays */
    QT_STEP(mqj_expect(A, MQT_NOTIFY, 6, A_NTFN | A_BIT << 8, PL_OK));
    QT_STEP(blocks_until(B, MQT_RECV, 6, 64, a_sends_to_q6, 4));
    QT_STEP(a_was_signalled(0));
    QT_STEP(b_sends_to_q6());
    QT_STEP(a_was_signalled(1u << A_BIT));
    QT_STEP(receives(B, 6, 0, 5));
    /* removed by its owner, then B's own request is accepted */
    QT_STEP(mqj_expect(A, MQT_NOTIFY, 6, A_NTFN | A_BIT << 8, PL_OK));
    QT_STEP(mqj_expect(A, MQT_NOTIFY, 6, MQT_NO_NTFN, PL_OK));
    QT_STEP(mqj_expect(B, MQT_NOTIFY, 6, B_NTFN | 0u << 8, PL_OK));
    QT_STEP(mqj_expect(B, MQT_NOTIFY, 6, MQT_NO_NTFN, PL_OK));
    QT_STEP(mqj_expect(A, MQT_UNLINK, 6, 0, PL_OK));
    QT_STEP(mqj_expect(B, MQT_CLOSE, 6, 0, PL_OK));
    return mqj_expect(A, MQT_CLOSE, 6, 0, PL_OK);
}

static const char *server_restart(void)
{
    QT_STEP(mqj_expect(A, MQT_OPEN, 4, rdwr_create(MQ_MODE_ALL), PL_OK));
    QT_STEP(mqj_expect(B, MQT_OPEN, 4, MQ_O_RDWR, PL_OK));
    qc_order(B, MQT_RECV, 4, 64);
    if (!qc_wait_blocked(B, 50) || pl_task_restart(TASK_MQUEUE) < 0) {
        return "the receive did not block, or the server did not restart";
    }
    const struct qc_report *r = qc_report(B, MQJ_WAIT);
    if (!r || r->status != PL_EDEAD) {
        return qt_why("blocked client: %s, expected EDEAD", r ? pl_strerror(r->status) : "-");
    }
    QT_STEP(mqj_expect(A, MQT_SEND, 4, 0, PL_EBADF));          /* an old descriptor, never a hang */
    QT_STEP(mqj_expect(B, MQT_OPEN, 4, MQ_O_RDWR, PL_ENOENT)); /* the queue is gone */
    QT_STEP(mqj_expect(A, MQT_OPEN, 4, rdwr_create(MQ_MODE_ALL), PL_OK));
    QT_STEP(mqj_expect(A, MQT_SEND, 4, 8u << 8, PL_OK));
    QT_STEP(receives(A, 4, 0, 8));
    QT_STEP(mqj_expect(A, MQT_UNLINK, 4, 0, PL_OK));
    return mqj_expect(A, MQT_CLOSE, 4, 0, PL_OK);
}

int main(void)
{
    qt_begin(SYSTEM_NAME);
    qc_start(actors, sizeof(actors) / sizeof(actors[0]), 200);
    qt_report("create_open_and_getattr", create_and_getattr());
    qt_report("highest_priority_first_fifo_within_one", priority_order());
    qt_report("nonblocking_full_send_and_empty_receive_are_eagain", nonblocking());
    qt_report("blocked_sender_and_receiver_are_woken", blocked_sender_and_receiver());
    qt_report("message_sizes_emsgsize_and_empty_message", sizes());
    qt_report("timeouts_and_deadlines_already_past", timeouts());
    qt_report("selective_receive_by_type", types());
    qt_report("mq_notify_eperm_for_another_tasks_notification_once_per_request",
              notify_once_on_empty_to_nonempty());
    qt_report("permissions_eacces", permissions());
    qt_report("bad_descriptors_ebadf", bad_descriptors());
    qt_report("names_enoent_enametoolong_eexist_unlink", names());
    qt_report("tables_full_efull", tables_full());
    qt_report("bad_pointers_fault_the_client_not_the_server", bad_pointers());
    qt_report("client_dying_while_blocked_is_reclaimed", dead_blocked_client());
    if (!SYSTEM_MODE_MONO) {
        qt_report("server_restart_gives_edead_then_ebadf", server_restart());
    }
    mqj_stress();
    qt_finish();
}

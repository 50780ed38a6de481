/*
 * tests/host/test_mq_core.c - servers/mqueue/mq_core.c: opening by name (O_CREAT, O_EXCL,
 * names, attributes, limits), owner and mode, descriptors (whose, closed, never opened, from
 * an older server), priority order and FIFO within a priority across writers, System V's
 * selective receive, blocked senders and receivers and the order they are woken in,
 * deadlines, mq_notify, unlink and a dead client's reclaim.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "mq_core.h"

#define OWNER 1u
#define OTHER 2u
#define THIRD 3u
#define INST  7u

static struct mq_table T;

static const struct mq_attr SMALL = {4, 16, 0, 0};

static int op(uint32_t badge, const char *name, uint32_t oflag, uint32_t mode)
{
    return mq_open(&T, badge, name, strlen(name), oflag, mode, &SMALL);
}

/* A fresh table with "q" (4 x 16 bytes, mode all) open read-write by OWNER. */
static int fresh(void)
{
    mq_init(&T, INST);
    return op(OWNER, "q", MQ_O_RDWR | MQ_O_CREAT, MQ_MODE_ALL);
}

static int snd(uint32_t badge, int qd, uint32_t prio, int32_t type, const char *text)
{
    struct mq_msg m = {prio, type, (uint32_t)strlen(text), (void *)text};
    return mq_send(&T, badge, qd, &m);
}

static struct mq_select by_prio(void)
{
    return (struct mq_select){MQ_SEL_PRIO, 0};
}

static struct mq_select by_type(int32_t type)
{
    return (struct mq_select){MQ_SEL_TYPE, type};
}

/* Receive into a static string: "" and *err on failure. */
static const char *rcv(uint32_t badge, int qd, struct mq_select sel, int *err)
{
    static char buf[MQ_MSGSIZE_MAX + 1];
    struct mq_msg m;
    memset(buf, 0, sizeof(buf));
    *err = mq_receive(&T, badge, qd, sel, buf, MQ_MSGSIZE_MAX, &m);
    return buf;
}

static const struct mq_deadline FOREVER = {MQ_FOREVER, 0};

/* ---- open, names, attributes ---- */

TEST(created_queue_is_found_by_name_and_shared)
{
    int a = fresh(), b = op(OTHER, "q", MQ_O_RDONLY, 0), err;
    CHECK(a >= 0);
    CHECK(b >= 0);
    CHECK(a != b);
    CHECK_EQ(snd(OWNER, a, 1, 1, "hi"), PL_OK);
    CHECK_STR_EQ(rcv(OTHER, b, by_prio(), &err), "hi");
    CHECK_EQ(err, PL_OK);
}

TEST(open_of_unknown_name_without_creat_is_enoent)
{
    fresh();
    CHECK_EQ(op(OWNER, "nope", MQ_O_RDWR, 0), PL_ENOENT);
    CHECK_EQ(op(OWNER, "qq", MQ_O_RDWR, 0), PL_ENOENT); /* a longer name is another */
}

TEST(creat_excl_on_an_existing_name_is_eexist_creat_alone_opens_it)
{
    fresh();
    CHECK_EQ(op(OTHER, "q", MQ_O_RDWR | MQ_O_CREAT | MQ_O_EXCL, MQ_MODE_ALL), PL_EEXIST);
    struct mq_attr big = {30, 200, 0, 0}, got;
    int qd = mq_open(&T, OTHER, "q", 1, MQ_O_RDWR | MQ_O_CREAT, MQ_MODE_ALL, &big);
    CHECK(qd >= 0);
    CHECK_EQ(mq_getattr(&T, OTHER, qd, &got), PL_OK);
    CHECK_EQ(got.maxmsg, SMALL.maxmsg); /* the existing queue, its attributes */
    CHECK_EQ(T.queues[0].owner, OWNER);
    CHECK_EQ(op(OWNER, "new", MQ_O_RDWR | MQ_O_CREAT | MQ_O_EXCL, MQ_MODE_ALL) >= 0, 1);
}

TEST(names_empty_too_long_or_unprintable_are_refused)
{
    mq_init(&T, INST);
    const char *longest = "abcdefghijklmno"; /* 15 */
    CHECK_EQ(strlen(longest), MQ_NAME_MAX);
    CHECK(op(OWNER, longest, MQ_O_RDWR | MQ_O_CREAT, MQ_MODE_ALL) >= 0);
    CHECK_EQ(op(OWNER, "abcdefghijklmnop", MQ_O_RDWR | MQ_O_CREAT, 0), PL_ENAMETOOLONG);
    CHECK_EQ(op(OWNER, "abcdefghijklmnop", MQ_O_RDWR, 0), PL_ENAMETOOLONG);
    CHECK_EQ(op(OWNER, "", MQ_O_RDWR | MQ_O_CREAT, 0), PL_EINVAL);
    CHECK_EQ(op(OWNER, "tab\there", MQ_O_RDWR | MQ_O_CREAT, 0), PL_EINVAL);
    CHECK_EQ(mq_open(&T, OWNER, "a\0b", 3, MQ_O_RDWR | MQ_O_CREAT, 0, NULL), PL_EINVAL);
    CHECK_EQ(mq_open(&T, OWNER, NULL, 3, MQ_O_RDWR | MQ_O_CREAT, 0, NULL), PL_EINVAL);
    CHECK_EQ(mq_unlink(&T, OWNER, "abcdefghijklmnop", 16), PL_ENAMETOOLONG);
    CHECK_EQ(mq_unlink(&T, OWNER, "", 0), PL_EINVAL);
    CHECK_EQ(T.queues[1].state, MQ_Q_FREE); /* only the good one was made */
}

TEST(unknown_oflag_access_or_mode_bits_are_einval)
{
    mq_init(&T, INST);
    CHECK_EQ(op(OWNER, "q", MQ_O_ACCMODE | MQ_O_CREAT, MQ_MODE_ALL), PL_EINVAL);
    CHECK_EQ(op(OWNER, "q", MQ_O_RDWR | MQ_O_CREAT | 0x100u, MQ_MODE_ALL), PL_EINVAL);
    CHECK_EQ(op(OWNER, "q", MQ_O_RDWR | MQ_O_CREAT, 0x10u), PL_EINVAL);
    CHECK_EQ(T.queues[0].state, MQ_Q_FREE);
}

TEST(attributes_zero_or_past_limits_are_einval_limits_themselves_fit)
{
    const struct mq_attr bad[] = {
        {0, 16, 0, 0}, {4, 0, 0, 0}, {MQ_MAXMSG_MAX + 1u, 1, 0, 0}, {1, MQ_MSGSIZE_MAX + 1u, 0, 0}};
    mq_init(&T, INST);
    for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        CHECK_EQ(mq_open(&T, OWNER, "q", 1, MQ_O_RDWR | MQ_O_CREAT, 0xf, &bad[i]), PL_EINVAL);
    }
    struct mq_attr lim = {1, MQ_MSGSIZE_MAX, 0, 0}, lim2 = {MQ_MAXMSG_MAX, 1, 0, 0}, got;
    int a = mq_open(&T, OWNER, "a", 1, MQ_O_RDWR | MQ_O_CREAT, 0xf, &lim);
    int b = mq_open(&T, OWNER, "b", 1, MQ_O_RDWR | MQ_O_CREAT, 0xf, &lim2);
    int c = mq_open(&T, OWNER, "c", 1, MQ_O_RDWR | MQ_O_CREAT, 0xf, NULL);
    CHECK(a >= 0 && b >= 0 && c >= 0);
    CHECK_EQ(mq_getattr(&T, OWNER, c, &got), PL_OK);
    CHECK_EQ(got.maxmsg, MQ_DEF_MAXMSG);
    CHECK_EQ(got.msgsize, MQ_DEF_MSGSIZE);
    CHECK_EQ(got.curmsgs, 0);
}

TEST(more_queues_than_the_table_holds_is_efull)
{
    char name[8];
    mq_init(&T, INST);
    struct mq_attr tiny = {1, 1, 0, 0};
    for (unsigned i = 0; i < MQ_MAX_QUEUES; i++) {
        snprintf(name, sizeof(name), "q%u", i);
        CHECK(mq_open(&T, OWNER, name, strlen(name), MQ_O_RDWR | MQ_O_CREAT, 0xf, &tiny) >= 0);
    }
    CHECK_EQ(mq_open(&T, OWNER, "more", 4, MQ_O_RDWR | MQ_O_CREAT, 0xf, &tiny), PL_EFULL);
    CHECK_EQ(op(OWNER, "more", MQ_O_RDWR, 0), PL_ENOENT); /* nothing half made */
    CHECK(op(OTHER, "q3", MQ_O_RDWR, 0) >= 0);            /* opening existing ones still works */
}

TEST(more_descriptors_than_the_table_holds_is_efull)
{
    fresh();
    for (unsigned i = 1; i < MQ_MAX_DESCS; i++) {
        CHECK(op(OTHER, "q", MQ_O_RDONLY, 0) >= 0);
    }
    CHECK_EQ(op(OTHER, "q", MQ_O_RDONLY, 0), PL_EFULL);
    CHECK_EQ(op(OTHER, "x", MQ_O_RDWR | MQ_O_CREAT, 0xf), PL_EFULL);
    CHECK_EQ(T.queues[1].state, MQ_Q_FREE); /* the queue was not made either */
}

TEST(arena_full_is_efull_and_a_freed_run_is_reused)
{
    struct mq_attr half = {8, MQ_ARENA_BYTES / 16u - 16u, 0, 0}; /* a bit under half */
    mq_init(&T, INST);
    int a = mq_open(&T, OWNER, "a", 1, MQ_O_RDWR | MQ_O_CREAT, 0xf, &half);
    int b = mq_open(&T, OWNER, "b", 1, MQ_O_RDWR | MQ_O_CREAT, 0xf, &half);
    CHECK(a >= 0 && b >= 0);
    CHECK_EQ(mq_open(&T, OWNER, "c", 1, MQ_O_RDWR | MQ_O_CREAT, 0xf, &half), PL_EFULL);
    CHECK_EQ(mq_unlink(&T, OWNER, "a", 1), PL_OK);
    CHECK_EQ(mq_open(&T, OWNER, "c", 1, MQ_O_RDWR | MQ_O_CREAT, 0xf, &half), PL_EFULL);
    CHECK_EQ(mq_close(&T, OWNER, a), PL_OK); /* now a's run is free */
    int c = mq_open(&T, OWNER, "c", 1, MQ_O_RDWR | MQ_O_CREAT, 0xf, &half);
    CHECK(c >= 0);
    CHECK_EQ(T.queues[0].arena_off, 0); /* c took the first slot and the first run */
    CHECK(T.queues[1].arena_off >= T.queues[0].arena_len);
    CHECK_EQ(snd(OWNER, b, 0, 1, "b's"), PL_OK); /* b's storage is not c's */
    CHECK_EQ(snd(OWNER, c, 0, 1, "c's"), PL_OK);
    int err;
    CHECK_STR_EQ(rcv(OWNER, b, by_prio(), &err), "b's");
}

/* ---- owner and mode ---- */

TEST(each_mode_grants_exactly_its_bits_to_owner_and_others)
{
    for (uint32_t mode = 0; mode <= MQ_MODE_ALL; mode++) {
        mq_init(&T, INST);
        CHECK(op(OWNER, "q", MQ_O_RDWR | MQ_O_CREAT, mode) >= 0);
        for (uint32_t acc = MQ_O_RDONLY; acc <= MQ_O_RDWR; acc++) {
            int r = acc != MQ_O_WRONLY, w = acc != MQ_O_RDONLY;
            int own = (!r || (mode & MQ_MODE_OWNER_READ)) && (!w || (mode & MQ_MODE_OWNER_WRITE));
            int oth = (!r || (mode & MQ_MODE_OTHER_READ)) && (!w || (mode & MQ_MODE_OTHER_WRITE));
            int a = op(OWNER, "q", acc, 0), b = op(OTHER, "q", acc, 0);
            if ((a >= 0) != own || (b >= 0) != oth) {
                harness_fail(__FILE__, __LINE__, "mode %x access %u: owner %d other %d", mode, acc,
                             a, b);
            }
            CHECK(a >= 0 || a == PL_EACCES);
            CHECK(b >= 0 || b == PL_EACCES);
        }
    }
}

TEST(creating_open_is_not_checked_against_its_mode)
{
    mq_init(&T, INST);
    int qd = op(OWNER, "q", MQ_O_RDWR | MQ_O_CREAT, 0);
    CHECK(qd >= 0);
    CHECK_EQ(snd(OWNER, qd, 0, 1, "x"), PL_OK);
    CHECK_EQ(op(OWNER, "q", MQ_O_RDONLY, 0), PL_EACCES); /* later opens are */
    CHECK_EQ(op(OWNER, "q", MQ_O_RDWR | MQ_O_CREAT, 0xf), PL_EACCES);
}

/* ---- descriptors ---- */

TEST(descriptor_used_for_what_it_was_not_opened_for_is_ebadf)
{
    int err;
    int rw = fresh(), ro = op(OTHER, "q", MQ_O_RDONLY, 0), wo = op(OTHER, "q", MQ_O_WRONLY, 0);
    CHECK_EQ(snd(OTHER, ro, 0, 1, "x"), PL_EBADF);
    CHECK_EQ(snd(OTHER, wo, 0, 1, "x"), PL_OK);
    rcv(OTHER, wo, by_prio(), &err);
    CHECK_EQ(err, PL_EBADF);
    rcv(OTHER, ro, by_type(0), &err);
    CHECK_EQ(err, PL_OK);
    CHECK(rw >= 0);
}

TEST(another_badges_closed_never_opened_or_old_descriptors_are_ebadf)
{
    int qd = fresh(), err;
    struct mq_attr a;
    CHECK_EQ(snd(OTHER, qd, 0, 1, "x"), PL_EBADF); /* OWNER's */
    CHECK_EQ(mq_getattr(&T, OTHER, qd, &a), PL_EBADF);
    CHECK_EQ(mq_close(&T, OTHER, qd), PL_EBADF);
    CHECK_EQ(mq_getattr(&T, OWNER, -1, &a), PL_EBADF);
    CHECK_EQ(mq_getattr(&T, OWNER, (int)((INST << 8) | 5u), &a), PL_EBADF);    /* never opened */
    CHECK_EQ(mq_getattr(&T, OWNER, (int)((INST << 8) | 0xffu), &a), PL_EBADF); /* past table */
    CHECK_EQ(mq_getattr(&T, OWNER, qd & 0xff, &a), PL_EBADF); /* right index, no instance */
    CHECK_EQ(mq_close(&T, OWNER, qd), PL_OK);
    CHECK_EQ(mq_close(&T, OWNER, qd), PL_EBADF); /* double close */
    CHECK_EQ(snd(OWNER, qd, 0, 1, "x"), PL_EBADF);
    rcv(OWNER, qd, by_prio(), &err);
    CHECK_EQ(err, PL_EBADF);
}

TEST(descriptors_of_an_earlier_server_instance_are_ebadf)
{
    int qd = fresh();
    mq_init(&T, INST + 1u); /* the server restarted */
    CHECK(op(OWNER, "q", MQ_O_RDWR | MQ_O_CREAT, MQ_MODE_ALL) >= 0);
    CHECK_EQ(snd(OWNER, qd, 0, 1, "x"), PL_EBADF);
    CHECK_EQ(mq_close(&T, OWNER, qd), PL_EBADF);
}

TEST(getattr_reports_messages_and_flags_setflags_takes_only_nonblock)
{
    struct mq_attr a;
    int qd = fresh();
    CHECK_EQ(snd(OWNER, qd, 0, 1, "x"), PL_OK);
    CHECK_EQ(mq_setflags(&T, OWNER, qd, MQ_O_NONBLOCK), PL_OK);
    CHECK_EQ(mq_getattr(&T, OWNER, qd, &a), PL_OK);
    CHECK_EQ(a.curmsgs, 1);
    CHECK_EQ(a.msgsize, 16);
    CHECK_EQ(a.flags, MQ_O_NONBLOCK);
    CHECK_EQ(mq_setflags(&T, OWNER, qd, MQ_O_CREAT), PL_EINVAL);
    CHECK_EQ(mq_setflags(&T, OWNER, qd, 0), PL_OK);
    CHECK_EQ(mq_getattr(&T, OWNER, qd, &a), PL_OK);
    CHECK_EQ(a.flags, 0);
    CHECK_EQ(snd(OWNER, qd, 0, 1, "y"), PL_OK); /* still open for writing */
    int nb = op(OTHER, "q", MQ_O_RDONLY | MQ_O_NONBLOCK, 0);
    CHECK_EQ(mq_getattr(&T, OTHER, nb, &a), PL_OK);
    CHECK_EQ(a.flags, MQ_O_NONBLOCK);
}

/* ---- messages: sizes, full and empty ---- */

TEST(message_sizes_zero_exact_and_one_past)
{
    int qd = fresh(), err;
    CHECK_EQ(snd(OWNER, qd, 0, 1, ""), PL_OK);
    CHECK_EQ(snd(OWNER, qd, 0, 1, "0123456789abcdef"), PL_OK);        /* 16 = msgsize */
    CHECK_EQ(snd(OWNER, qd, 0, 1, "0123456789abcdefg"), PL_EMSGSIZE); /* 17 */
    CHECK_STR_EQ(rcv(OWNER, qd, by_prio(), &err), "");
    CHECK_STR_EQ(rcv(OWNER, qd, by_prio(), &err), "0123456789abcdef");
    CHECK_EQ(T.queues[0].count, 0);
}

TEST(receive_buffer_below_msgsize_is_emsgsize_and_takes_nothing)
{
    char buf[16];
    struct mq_msg m;
    int qd = fresh();
    CHECK_EQ(snd(OWNER, qd, 0, 1, "a"), PL_OK);
    CHECK_EQ(mq_receive(&T, OWNER, qd, by_prio(), buf, 15, &m), PL_EMSGSIZE);
    CHECK_EQ(T.queues[0].count, 1);
    CHECK_EQ(mq_receive(&T, OWNER, qd, by_prio(), buf, 16, &m), PL_OK);
    CHECK_EQ(m.len, 1);
    CHECK_PTR_EQ(m.data, (void *)buf);
}

TEST(full_queue_is_efull_empty_queue_is_eagain)
{
    int qd = fresh(), err;
    rcv(OWNER, qd, by_prio(), &err);
    CHECK_EQ(err, PL_EAGAIN);
    for (int i = 0; i < 4; i++) {
        CHECK_EQ(snd(OWNER, qd, 0, 1, "m"), PL_OK);
    }
    CHECK_EQ(snd(OWNER, qd, 31, 1, "urgent"), PL_EFULL); /* priority buys no room */
    CHECK_EQ(T.queues[0].count, 4);
    rcv(OWNER, qd, by_prio(), &err);
    CHECK_EQ(err, PL_OK);
    CHECK_EQ(snd(OWNER, qd, 0, 1, "m"), PL_OK);
}

TEST(bad_priority_type_or_missing_data_is_einval)
{
    int qd = fresh();
    struct mq_msg nodata = {0, 1, 3, NULL};
    CHECK_EQ(snd(OWNER, qd, MQ_PRIO_MAX, 1, "x"), PL_EINVAL);
    CHECK_EQ(snd(OWNER, qd, 0, 0, "x"), PL_EINVAL);
    CHECK_EQ(snd(OWNER, qd, 0, -3, "x"), PL_EINVAL);
    CHECK_EQ(mq_send(&T, OWNER, qd, &nodata), PL_EINVAL);
    CHECK_EQ(T.queues[0].count, 0);
}

/* ---- order ---- */

TEST(highest_priority_first_fifo_within_including_0_and_max)
{
    struct mq_attr a = {8, 8, 0, 0};
    mq_init(&T, INST);
    int qd = mq_open(&T, OWNER, "q", 1, MQ_O_RDWR | MQ_O_CREAT, 0xf, &a), err;
    CHECK_EQ(snd(OWNER, qd, 0, 1, "low1"), PL_OK);
    CHECK_EQ(snd(OWNER, qd, 5, 1, "mid1"), PL_OK);
    CHECK_EQ(snd(OWNER, qd, MQ_PRIO_MAX - 1u, 1, "top1"), PL_OK);
    CHECK_EQ(snd(OWNER, qd, 0, 1, "low2"), PL_OK);
    CHECK_EQ(snd(OWNER, qd, MQ_PRIO_MAX - 1u, 1, "top2"), PL_OK);
    CHECK_EQ(snd(OWNER, qd, 5, 1, "mid2"), PL_OK);
    const char *want[] = {"top1", "top2", "mid1", "mid2", "low1", "low2"};
    for (int i = 0; i < 6; i++) {
        CHECK_STR_EQ(rcv(OWNER, qd, by_prio(), &err), want[i]);
    }
    struct mq_msg m;
    char buf[8];
    CHECK_EQ(snd(OWNER, qd, MQ_PRIO_MAX - 1u, 9, "p"), PL_OK);
    CHECK_EQ(mq_receive(&T, OWNER, qd, by_prio(), buf, 8, &m), PL_OK);
    CHECK_EQ(m.prio, MQ_PRIO_MAX - 1u);
    CHECK_EQ(m.type, 9);
}

TEST(many_writers_one_priority_come_out_in_arrival_order)
{
    struct mq_attr a = {MQ_MAXMSG_MAX, 8, 0, 0};
    char text[8];
    int qd[4], err;
    mq_init(&T, INST);
    for (uint32_t w = 0; w < 4; w++) {
        qd[w] = mq_open(&T, 10u + w, "q", 1, MQ_O_WRONLY | MQ_O_CREAT, 0xf, &a);
    }
    int r = op(OWNER, "q", MQ_O_RDONLY, 0);
    for (int round = 0; round < 5; round++) {
        for (uint32_t n = 0; n < MQ_MAXMSG_MAX; n++) {
            snprintf(text, sizeof(text), "%u.%u", (n * 3u) % 4u, n);
            CHECK_EQ(snd(10u + (n * 3u) % 4u, qd[(n * 3u) % 4u], 7, 1, text), PL_OK);
        }
        for (uint32_t n = 0; n < MQ_MAXMSG_MAX; n++) {
            snprintf(text, sizeof(text), "%u.%u", (n * 3u) % 4u, n);
            CHECK_STR_EQ(rcv(OWNER, r, by_prio(), &err), text);
        }
    }
}

TEST(fifo_holds_across_arrival_number_wrap)
{
    int qd = fresh(), err;
    T.queues[0].next_seq = UINT32_MAX - 1u;
    CHECK_EQ(snd(OWNER, qd, 3, 1, "a"), PL_OK);
    CHECK_EQ(snd(OWNER, qd, 3, 1, "b"), PL_OK);
    CHECK_EQ(snd(OWNER, qd, 3, 1, "c"), PL_OK); /* arrival number 0 */
    CHECK_EQ(snd(OWNER, qd, 3, 2, "d"), PL_OK);
    CHECK_STR_EQ(rcv(OWNER, qd, by_prio(), &err), "a");
    CHECK_STR_EQ(rcv(OWNER, qd, by_type(0), &err), "b");
    CHECK_STR_EQ(rcv(OWNER, qd, by_type(-5), &err), "c");
    CHECK_STR_EQ(rcv(OWNER, qd, by_type(2), &err), "d");
}

/* ---- selective receive ---- */

static int typed_fill(void)
{
    struct mq_attr a = {8, 8, 0, 0};
    mq_init(&T, INST);
    int qd = mq_open(&T, OWNER, "q", 1, MQ_O_RDWR | MQ_O_CREAT, 0xf, &a);
    CHECK_EQ(snd(OWNER, qd, 0, 3, "3a"), PL_OK);
    CHECK_EQ(snd(OWNER, qd, 9, 2, "2a"), PL_OK);
    CHECK_EQ(snd(OWNER, qd, 0, 5, "5a"), PL_OK);
    CHECK_EQ(snd(OWNER, qd, 0, 2, "2b"), PL_OK);
    CHECK_EQ(snd(OWNER, qd, 0, 3, "3b"), PL_OK);
    return qd;
}

TEST(msgrcv_type_0_takes_the_first_arrival_whatever_its_priority)
{
    int qd = typed_fill(), err;
    CHECK_STR_EQ(rcv(OWNER, qd, by_type(0), &err), "3a");
    CHECK_STR_EQ(rcv(OWNER, qd, by_type(0), &err), "2a");
    CHECK_STR_EQ(rcv(OWNER, qd, by_prio(), &err), "5a"); /* POSIX order meanwhile */
}

TEST(msgrcv_positive_type_takes_the_first_of_that_type_only)
{
    int qd = typed_fill(), err;
    CHECK_STR_EQ(rcv(OWNER, qd, by_type(3), &err), "3a");
    CHECK_STR_EQ(rcv(OWNER, qd, by_type(3), &err), "3b");
    rcv(OWNER, qd, by_type(3), &err);
    CHECK_EQ(err, PL_EAGAIN);
    rcv(OWNER, qd, by_type(4), &err);
    CHECK_EQ(err, PL_EAGAIN);
    CHECK_EQ(T.queues[0].count, 3);
}

TEST(msgrcv_negative_type_takes_the_lowest_type_up_to_its_size_fifo_among_equals)
{
    int qd = typed_fill(), err;
    rcv(OWNER, qd, by_type(-1), &err);
    CHECK_EQ(err, PL_EAGAIN); /* no type 1 */
    CHECK_STR_EQ(rcv(OWNER, qd, by_type(-4), &err), "2a");
    CHECK_STR_EQ(rcv(OWNER, qd, by_type(-4), &err), "2b");
    CHECK_STR_EQ(rcv(OWNER, qd, by_type(-4), &err), "3a");
    CHECK_STR_EQ(rcv(OWNER, qd, by_type(-4), &err), "3b");
    rcv(OWNER, qd, by_type(-4), &err);
    CHECK_EQ(err, PL_EAGAIN); /* 5 > 4 */
    CHECK_STR_EQ(rcv(OWNER, qd, by_type(-5), &err), "5a");
}

TEST(msgrcv_extreme_types)
{
    int qd = fresh(), err;
    rcv(OWNER, qd, by_type(INT32_MIN), &err);
    CHECK_EQ(err, PL_EINVAL);
    CHECK_EQ(snd(OWNER, qd, 0, INT32_MAX, "max"), PL_OK);
    CHECK_STR_EQ(rcv(OWNER, qd, by_type(-INT32_MAX), &err), "max");
    CHECK_EQ(snd(OWNER, qd, 0, INT32_MAX, "max"), PL_OK);
    CHECK_STR_EQ(rcv(OWNER, qd, by_type(INT32_MAX), &err), "max");
    struct mq_select junk = {(enum mq_select_kind)7, 0};
    rcv(OWNER, qd, junk, &err);
    CHECK_EQ(err, PL_EINVAL);
}

TEST(msgrcv_match_longer_than_the_buffer_is_emsgsize_and_stays)
{
    char buf[4];
    struct mq_msg m;
    int qd = fresh();
    CHECK_EQ(snd(OWNER, qd, 0, 2, "longer"), PL_OK);
    CHECK_EQ(snd(OWNER, qd, 0, 3, "ok"), PL_OK);
    CHECK_EQ(mq_receive(&T, OWNER, qd, by_type(2), buf, sizeof(buf), &m), PL_EMSGSIZE);
    CHECK_EQ(mq_receive(&T, OWNER, qd, by_type(0), buf, sizeof(buf), &m), PL_EMSGSIZE);
    CHECK_EQ(mq_receive(&T, OWNER, qd, by_type(3), buf, sizeof(buf), &m), PL_OK);
    CHECK_EQ(m.len, 2);
    CHECK_EQ(T.queues[0].count, 1);
}

/* ---- blocked clients ---- */

TEST(blocked_receivers_are_woken_in_arrival_order_with_their_message)
{
    struct mq_wakeup w;
    int qd = fresh();
    int r1 = op(OTHER, "q", MQ_O_RDONLY, 0), r2 = op(THIRD, "q", MQ_O_RDONLY, 0);
    CHECK_EQ(mq_wait_receive(&T, THIRD, r2, 0x300, by_prio(), 16, FOREVER), PL_OK);
    CHECK_EQ(mq_wait_receive(&T, OTHER, r1, 0x200, by_prio(), 16, FOREVER), PL_OK);
    CHECK_EQ(mq_progress(&T, &w), 0); /* nothing to give yet */
    CHECK_EQ(snd(OWNER, qd, 4, 6, "first"), PL_OK);
    CHECK_EQ(mq_progress(&T, &w), 1);
    CHECK_EQ(w.kind, MQ_WAKE_RECEIVED);
    CHECK_EQ(w.client, 0x300);
    CHECK_EQ(w.badge, THIRD);
    CHECK_EQ(w.status, PL_OK);
    CHECK_EQ(w.len, 5);
    CHECK_EQ(w.prio, 4);
    CHECK_EQ(w.type, 6);
    CHECK_EQ(memcmp(w.data, "first", 5), 0);
    CHECK_EQ(mq_progress(&T, &w), 0);
    CHECK_EQ(T.queues[0].count, 0);
    CHECK_EQ(snd(OWNER, qd, 0, 1, "second"), PL_OK);
    CHECK_EQ(mq_progress(&T, &w), 1);
    CHECK_EQ(w.client, 0x200);
}

TEST(blocked_typed_receiver_waits_for_its_type_while_a_later_one_is_served)
{
    struct mq_wakeup w;
    int qd = fresh();
    int r1 = op(OTHER, "q", MQ_O_RDONLY, 0), r2 = op(THIRD, "q", MQ_O_RDONLY, 0);
    CHECK_EQ(mq_wait_receive(&T, OTHER, r1, 0x200, by_type(2), 16, FOREVER), PL_OK);
    CHECK_EQ(mq_wait_receive(&T, THIRD, r2, 0x300, by_type(-1), 16, FOREVER), PL_OK);
    CHECK_EQ(snd(OWNER, qd, 0, 5, "five"), PL_OK);
    CHECK_EQ(mq_progress(&T, &w), 0); /* nobody wants a 5 */
    CHECK_EQ(snd(OWNER, qd, 0, 1, "one"), PL_OK);
    CHECK_EQ(mq_progress(&T, &w), 1);
    CHECK_EQ(w.client, 0x300);
    CHECK_EQ(w.type, 1);
    CHECK_EQ(mq_progress(&T, &w), 0);
    CHECK_EQ(snd(OWNER, qd, 0, 2, "two"), PL_OK);
    CHECK_EQ(mq_progress(&T, &w), 1);
    CHECK_EQ(w.client, 0x200);
    CHECK_EQ(w.type, 2);
    CHECK_EQ(T.queues[0].count, 1); /* the 5 is still there */
}

TEST(blocked_senders_take_freed_room_in_arrival_order_before_anyone_new)
{
    struct mq_wakeup w;
    struct mq_msg m1 = {0, 1, 2, "s1"}, m2 = {31, 1, 2, "s2"};
    int qd = fresh(), err;
    int s1 = op(OTHER, "q", MQ_O_WRONLY, 0), s2 = op(THIRD, "q", MQ_O_WRONLY, 0);
    for (int i = 0; i < 4; i++) {
        CHECK_EQ(snd(OWNER, qd, 1, 1, "m"), PL_OK);
    }
    CHECK_EQ(mq_wait_send(&T, OTHER, s1, 0x200, &m1, FOREVER), PL_OK);
    CHECK_EQ(mq_wait_send(&T, THIRD, s2, 0x300, &m2, FOREVER), PL_OK);
    CHECK_EQ(mq_progress(&T, &w), 0);
    CHECK_STR_EQ(rcv(OWNER, qd, by_prio(), &err), "m");
    CHECK_EQ(mq_progress(&T, &w), 1);
    CHECK_EQ(w.kind, MQ_WAKE_SENT);
    CHECK_EQ(w.client, 0x200); /* first come, though its message is less urgent */
    CHECK_EQ(w.status, PL_OK);
    CHECK_EQ(mq_progress(&T, &w), 0);
    CHECK_EQ(snd(OWNER, qd, 1, 1, "new"), PL_EFULL); /* the room went to the blocked sender */
    CHECK_STR_EQ(rcv(OWNER, qd, by_prio(), &err), "m");
    CHECK_EQ(mq_progress(&T, &w), 1);
    CHECK_EQ(w.client, 0x300);
    CHECK_STR_EQ(rcv(OWNER, qd, by_prio(), &err), "s2"); /* priority 31 */
}

TEST(arrival_order_of_blocked_receivers_holds_across_the_counter_wrap)
{
    struct mq_wakeup w;
    int qd = fresh();
    int r1 = op(OTHER, "q", MQ_O_RDONLY, 0), r2 = op(THIRD, "q", MQ_O_RDONLY, 0);
    T.wait_seq = UINT32_MAX;
    CHECK_EQ(mq_wait_receive(&T, OTHER, r1, 0x200, by_prio(), 16, FOREVER), PL_OK);
    CHECK_EQ(mq_wait_receive(&T, THIRD, r2, 0x300, by_prio(), 16, FOREVER), PL_OK);
    CHECK_EQ(snd(OWNER, qd, 0, 1, "a"), PL_OK);
    CHECK_EQ(snd(OWNER, qd, 0, 1, "b"), PL_OK);
    CHECK_EQ(mq_progress(&T, &w), 1);
    CHECK_EQ(w.client, 0x200);
    CHECK_EQ(w.data[0], 'a');
    CHECK_EQ(mq_progress(&T, &w), 1);
    CHECK_EQ(w.client, 0x300);
    CHECK_EQ(w.data[0], 'b');
}

TEST(a_chain_of_wakeups_sender_then_typed_receiver)
{
    struct mq_wakeup w;
    struct mq_msg two = {0, 2, 3, "two"};
    int qd = fresh(), err;
    int s = op(OTHER, "q", MQ_O_WRONLY, 0), r = op(THIRD, "q", MQ_O_RDONLY, 0);
    for (int i = 0; i < 4; i++) {
        CHECK_EQ(snd(OWNER, qd, 0, 1, "one"), PL_OK);
    }
    CHECK_EQ(mq_wait_receive(&T, THIRD, r, 0x300, by_type(2), 16, FOREVER), PL_OK);
    CHECK_EQ(mq_wait_send(&T, OTHER, s, 0x200, &two, FOREVER), PL_OK);
    CHECK_STR_EQ(rcv(OWNER, qd, by_type(1), &err), "one");
    CHECK_EQ(mq_progress(&T, &w), 1);
    CHECK_EQ(w.kind, MQ_WAKE_SENT);
    CHECK_EQ(w.client, 0x200);
    CHECK_EQ(mq_progress(&T, &w), 1);
    CHECK_EQ(w.kind, MQ_WAKE_RECEIVED);
    CHECK_EQ(w.client, 0x300);
    CHECK_EQ(memcmp(w.data, "two", 3), 0);
    CHECK_EQ(mq_progress(&T, &w), 0);
}

TEST(blocked_typed_receiver_whose_match_is_too_long_gets_emsgsize)
{
    struct mq_wakeup w;
    int qd = fresh();
    int r = op(OTHER, "q", MQ_O_RDONLY, 0);
    CHECK_EQ(mq_wait_receive(&T, OTHER, r, 0x200, by_type(2), 3, FOREVER), PL_OK);
    CHECK_EQ(snd(OWNER, qd, 0, 2, "four"), PL_OK);
    CHECK_EQ(mq_progress(&T, &w), 1);
    CHECK_EQ(w.client, 0x200);
    CHECK_EQ(w.status, PL_EMSGSIZE);
    CHECK_EQ(T.queues[0].count, 1);
    CHECK_EQ(mq_progress(&T, &w), 0);
}

TEST(waits_that_should_not_block_or_cannot_be_kept_are_refused)
{
    struct mq_msg m = {0, 1, 1, "x"};
    struct mq_deadline past = {MQ_UNTIL, 100}, now = {MQ_UNTIL, 100};
    int qd = fresh();
    T.now = 100;
    CHECK_EQ(mq_wait_send(&T, OWNER, qd, 0x100, &m, FOREVER), PL_ESTATE); /* room */
    CHECK_EQ(snd(OWNER, qd, 0, 1, "x"), PL_OK);
    CHECK_EQ(mq_wait_receive(&T, OWNER, qd, 0x100, by_prio(), 16, FOREVER), PL_ESTATE);
    CHECK_EQ(mq_wait_receive(&T, OWNER, qd, 0x100, by_type(2), 16, past), PL_ETIMEDOUT);
    CHECK_EQ(mq_wait_receive(&T, OWNER, qd, 0x100, by_type(2), 16, now), PL_ETIMEDOUT);
    CHECK_EQ(mq_wait_receive(&T, OWNER, qd, 0x100, by_type(2), 15, FOREVER), PL_OK);
    CHECK_EQ(mq_wait_receive(&T, OWNER, qd, 0x100, by_type(3), 16, FOREVER), PL_ESTATE);
    CHECK_EQ(mq_wait_receive(&T, OWNER, qd, 0x101, by_prio(), 15, FOREVER), PL_EMSGSIZE);
    CHECK_EQ(mq_wait_receive(&T, OTHER, qd, 0x102, by_type(2), 16, FOREVER), PL_EBADF);
    for (uint32_t c = 1; c < MQ_MAX_WAITERS; c++) {
        CHECK_EQ(mq_wait_receive(&T, OWNER, qd, 0x100 + c, by_type(2), 16, FOREVER), PL_OK);
    }
    CHECK_EQ(mq_wait_receive(&T, OWNER, qd, 0x1ff, by_type(2), 16, FOREVER), PL_EFULL);
}

TEST(deadlines_expire_in_turn_and_forever_never)
{
    struct mq_wakeup w;
    struct mq_deadline d50 = {MQ_UNTIL, 50}, d30 = {MQ_UNTIL, 30};
    uint32_t at = 0;
    int qd = fresh();
    T.now = 10;
    CHECK_EQ(mq_next_deadline(&T, &at), 0);
    CHECK_EQ(mq_wait_receive(&T, OWNER, qd, 0x100, by_prio(), 16, d50), PL_OK);
    CHECK_EQ(mq_wait_receive(&T, OWNER, qd, 0x101, by_prio(), 16, FOREVER), PL_OK);
    CHECK_EQ(mq_wait_receive(&T, OWNER, qd, 0x102, by_prio(), 16, d30), PL_OK);
    CHECK_EQ(mq_next_deadline(&T, &at), 1);
    CHECK_EQ(at, 30);
    T.now = 29;
    CHECK_EQ(mq_expire(&T, &w), 0);
    T.now = 30;
    CHECK_EQ(mq_expire(&T, &w), 1);
    CHECK_EQ(w.kind, MQ_WAKE_TIMEDOUT);
    CHECK_EQ(w.client, 0x102);
    CHECK_EQ(w.status, PL_ETIMEDOUT);
    CHECK_EQ(mq_expire(&T, &w), 0);
    CHECK_EQ(mq_next_deadline(&T, &at), 1);
    CHECK_EQ(at, 50);
    T.now = 1000;
    CHECK_EQ(mq_expire(&T, &w), 1);
    CHECK_EQ(w.client, 0x100);
    CHECK_EQ(mq_expire(&T, &w), 0);
    CHECK_EQ(mq_next_deadline(&T, &at), 0);
    CHECK_EQ(snd(OWNER, qd, 0, 1, "x"), PL_OK);
    CHECK_EQ(mq_progress(&T, &w), 1);
    CHECK_EQ(w.client, 0x101); /* the one without a deadline still waits */
}

TEST(cancel_forgets_a_wait_and_unknown_clients_are_enoent)
{
    struct mq_wakeup w;
    int qd = fresh();
    CHECK_EQ(mq_wait_receive(&T, OWNER, qd, 0x100, by_prio(), 16, FOREVER), PL_OK);
    CHECK_EQ(mq_close(&T, OWNER, qd), PL_ESTATE); /* a wait still names it */
    CHECK_EQ(mq_cancel(&T, 0x100), PL_OK);
    CHECK_EQ(mq_cancel(&T, 0x100), PL_ENOENT);
    CHECK_EQ(snd(OWNER, qd, 0, 1, "x"), PL_OK);
    CHECK_EQ(mq_progress(&T, &w), 0);
    CHECK_EQ(mq_close(&T, OWNER, qd), PL_OK);
}

/* ---- notification ---- */

TEST(notify_fires_once_when_the_queue_goes_from_empty_to_non_empty)
{
    struct mq_wakeup w;
    int qd = fresh(), err;
    int n = op(OTHER, "q", MQ_O_RDONLY, 0);
    CHECK_EQ(snd(OWNER, qd, 0, 1, "x"), PL_OK);
    CHECK_EQ(mq_notify(&T, OTHER, n, MQ_NOTIFY_ARM, 0x40), PL_OK);
    CHECK_EQ(snd(OWNER, qd, 0, 1, "y"), PL_OK);
    CHECK_EQ(mq_progress(&T, &w), 0); /* it was not empty */
    rcv(OWNER, qd, by_prio(), &err);
    rcv(OWNER, qd, by_prio(), &err);
    CHECK_EQ(snd(OWNER, qd, 0, 1, "z"), PL_OK);
    CHECK_EQ(mq_progress(&T, &w), 1);
    CHECK_EQ(w.kind, MQ_WAKE_NOTIFY);
    CHECK_EQ(w.badge, OTHER);
    CHECK_EQ(w.cookie, 0x40);
    CHECK_EQ(mq_progress(&T, &w), 0);
    rcv(OWNER, qd, by_prio(), &err);
    CHECK_EQ(snd(OWNER, qd, 0, 1, "z"), PL_OK);
    CHECK_EQ(mq_progress(&T, &w), 0); /* one-shot: not armed any more */
}

TEST(notify_one_registrant_per_queue_and_only_it_disarms)
{
    int qd = fresh();
    int n = op(OTHER, "q", MQ_O_RDONLY, 0);
    CHECK_EQ(mq_notify(&T, OTHER, n, MQ_NOTIFY_DISARM, 0), PL_ESTATE);
    CHECK_EQ(mq_notify(&T, OTHER, n, MQ_NOTIFY_ARM, 1), PL_OK);
    CHECK_EQ(mq_notify(&T, OTHER, n, MQ_NOTIFY_ARM, 1), PL_ESTATE);
    CHECK_EQ(mq_notify(&T, OWNER, qd, MQ_NOTIFY_ARM, 2), PL_ESTATE);
    CHECK_EQ(mq_notify(&T, OWNER, qd, MQ_NOTIFY_DISARM, 0), PL_ESTATE);
    CHECK_EQ(mq_notify(&T, OWNER, n, MQ_NOTIFY_ARM, 2), PL_EBADF); /* OTHER's descriptor */
    CHECK_EQ(mq_notify(&T, OTHER, n, (enum mq_notify_req)9, 0), PL_EINVAL);
    CHECK_EQ(mq_notify(&T, OTHER, n, MQ_NOTIFY_DISARM, 0), PL_OK);
    CHECK_EQ(mq_notify(&T, OWNER, qd, MQ_NOTIFY_ARM, 2), PL_OK);
}

TEST(notify_is_not_sent_when_a_blocked_receiver_takes_the_message)
{
    struct mq_wakeup w;
    int qd = fresh();
    int n = op(OTHER, "q", MQ_O_RDONLY, 0);
    CHECK_EQ(mq_notify(&T, OTHER, n, MQ_NOTIFY_ARM, 1), PL_OK);
    CHECK_EQ(mq_wait_receive(&T, OWNER, qd, 0x100, by_prio(), 16, FOREVER), PL_OK);
    CHECK_EQ(snd(OWNER, qd, 0, 1, "x"), PL_OK);
    CHECK_EQ(mq_progress(&T, &w), 1);
    CHECK_EQ(w.kind, MQ_WAKE_RECEIVED);
    CHECK_EQ(mq_progress(&T, &w), 0);
    CHECK_EQ(T.queues[0].notify_armed, 1); /* still armed for the next time */
}

TEST(notify_request_ends_when_its_registrant_closes)
{
    struct mq_wakeup w;
    int qd = fresh();
    int n = op(OTHER, "q", MQ_O_RDONLY, 0);
    CHECK_EQ(mq_notify(&T, OTHER, n, MQ_NOTIFY_ARM, 1), PL_OK);
    CHECK_EQ(mq_close(&T, OTHER, n), PL_OK);
    CHECK_EQ(snd(OWNER, qd, 0, 1, "x"), PL_OK);
    CHECK_EQ(mq_progress(&T, &w), 0);
}

/* ---- unlink, reclaim ---- */

TEST(unlink_removes_the_name_at_once_the_queue_lives_until_last_close)
{
    int qd = fresh(), err;
    int r = op(OTHER, "q", MQ_O_RDONLY, 0);
    CHECK_EQ(snd(OWNER, qd, 0, 1, "kept"), PL_OK);
    CHECK_EQ(mq_unlink(&T, OTHER, "q", 1), PL_EACCES); /* only the owner */
    CHECK_EQ(mq_unlink(&T, OWNER, "q", 1), PL_OK);
    CHECK_EQ(mq_unlink(&T, OWNER, "q", 1), PL_ENOENT);
    CHECK_EQ(op(THIRD, "q", MQ_O_RDONLY, 0), PL_ENOENT);
    int fresh_q = op(THIRD, "q", MQ_O_RDWR | MQ_O_CREAT | MQ_O_EXCL, MQ_MODE_ALL);
    CHECK(fresh_q >= 0); /* a new queue under the old name */
    rcv(THIRD, fresh_q, by_prio(), &err);
    CHECK_EQ(err, PL_EAGAIN);
    CHECK_STR_EQ(rcv(OTHER, r, by_prio(), &err), "kept");
    CHECK_EQ(mq_close(&T, OWNER, qd), PL_OK);
    CHECK_EQ(T.queues[0].state, MQ_Q_UNLINKED);
    CHECK_EQ(mq_close(&T, OTHER, r), PL_OK);
    CHECK_EQ(T.queues[0].state, MQ_Q_FREE);
    CHECK_EQ(T.queues[1].state, MQ_Q_NAMED);
}

TEST(unlink_of_a_queue_nobody_has_open_frees_it_at_once)
{
    int qd = fresh();
    CHECK_EQ(mq_close(&T, OWNER, qd), PL_OK);
    CHECK_EQ(T.queues[0].state, MQ_Q_NAMED); /* a name keeps a queue, as POSIX */
    CHECK_EQ(mq_unlink(&T, OWNER, "q", 1), PL_OK);
    CHECK_EQ(T.queues[0].state, MQ_Q_FREE);
}

TEST(reclaim_drops_a_dead_clients_waits_descriptors_and_notification)
{
    struct mq_wakeup w;
    struct mq_msg m = {0, 1, 1, "d"};
    int qd = fresh(), err;
    int dr = op(OTHER, "q", MQ_O_RDONLY, 0), dw = op(OTHER, "q", MQ_O_WRONLY, 0);
    int keep = op(THIRD, "q", MQ_O_RDONLY, 0);
    CHECK_EQ(mq_notify(&T, OTHER, dr, MQ_NOTIFY_ARM, 1), PL_OK);
    CHECK_EQ(mq_wait_receive(&T, OTHER, dr, 0x200, by_prio(), 16, FOREVER), PL_OK);
    CHECK_EQ(mq_wait_receive(&T, THIRD, keep, 0x300, by_prio(), 16, FOREVER), PL_OK);
    CHECK_EQ(mq_reclaim(&T, OTHER), 4); /* a wait, a notification, two descriptors */
    CHECK_EQ(mq_reclaim(&T, OTHER), 0);
    CHECK_EQ(T.queues[0].opens, 2);
    CHECK_EQ(mq_close(&T, OTHER, dr), PL_EBADF);
    CHECK_EQ(mq_send(&T, OTHER, dw, &m), PL_EBADF);
    CHECK_EQ(snd(OWNER, qd, 0, 1, "x"), PL_OK);
    CHECK_EQ(mq_progress(&T, &w), 1);
    CHECK_EQ(w.client, 0x300); /* the live waiter, not the dead one */
    CHECK_EQ(mq_progress(&T, &w), 0);
    rcv(OWNER, qd, by_prio(), &err);
    CHECK_EQ(err, PL_EAGAIN);
}

TEST(reclaim_of_a_blocked_sender_frees_its_slot_and_last_descriptor_frees_unlinked)
{
    struct mq_wakeup w;
    struct mq_msg m = {0, 1, 4, "dead"};
    int qd = fresh(), err;
    int dw = op(OTHER, "q", MQ_O_WRONLY, 0);
    for (int i = 0; i < 4; i++) {
        CHECK_EQ(snd(OWNER, qd, 0, 1, "m"), PL_OK);
    }
    CHECK_EQ(mq_wait_send(&T, OTHER, dw, 0x200, &m, FOREVER), PL_OK);
    CHECK_EQ(mq_unlink(&T, OWNER, "q", 1), PL_OK);
    CHECK_EQ(mq_close(&T, OWNER, qd), PL_OK);
    CHECK_EQ(T.queues[0].state, MQ_Q_UNLINKED);
    CHECK_EQ(mq_reclaim(&T, OTHER), 2);
    CHECK_EQ(T.queues[0].state, MQ_Q_FREE);
    CHECK_EQ(T.waiters[0].kind, MQ_W_FREE);
    CHECK_EQ(mq_progress(&T, &w), 0);
    qd = op(OWNER, "q", MQ_O_RDWR | MQ_O_CREAT, MQ_MODE_ALL);
    rcv(OWNER, qd, by_prio(), &err);
    CHECK_EQ(err, PL_EAGAIN); /* nothing of the dead sender's got in */
}

/* ---- pair queues (MQ_O_PAIR): the core keeps names, modes and sides, not messages ---- */

TEST(pair_queue_takes_no_arena_and_reports_mq_o_pair)
{
    mq_init(&T, INST);
    struct mq_attr a;
    const struct mq_attr big = {MQ_MAXMSG_MAX, MQ_MSGSIZE_MAX, 0, 0}; /* more than the arena */
    int qd = mq_open(&T, OWNER, "p", 1, MQ_O_WRONLY | MQ_O_CREAT | MQ_O_PAIR, MQ_MODE_ALL, &big);
    CHECK(qd >= 0);
    CHECK_EQ(T.queues[0].arena_len, 0);
    CHECK_EQ(mq_getattr(&T, OWNER, qd, &a), PL_OK);
    CHECK_EQ(a.flags, MQ_O_PAIR);
    CHECK_EQ(a.maxmsg, MQ_MAXMSG_MAX);
    int q2 = op(OWNER, "q", MQ_O_RDWR | MQ_O_CREAT, MQ_MODE_ALL); /* the arena is all free */
    CHECK(q2 >= 0);
    CHECK_EQ(T.queues[1].arena_off, 0);
    CHECK_EQ(mq_getattr(&T, OWNER, q2, &a), PL_OK);
    CHECK_EQ(a.flags, 0); /* an ordinary queue is no pair */
}

TEST(pair_queue_sends_receives_and_notify_are_estate_in_the_core)
{
    mq_init(&T, INST);
    struct mq_msg m;
    char buf[16];
    int qd = mq_open(&T, OWNER, "p", 1, MQ_O_RDWR | MQ_O_CREAT | MQ_O_PAIR, MQ_MODE_ALL, &SMALL);
    CHECK(qd >= 0);
    CHECK_EQ(snd(OWNER, qd, 0, 1, "x"), PL_ESTATE);
    CHECK_EQ(mq_receive(&T, OWNER, qd, by_prio(), buf, sizeof(buf), &m), PL_ESTATE);
    struct mq_msg s = {0, 1, 1, "x"};
    CHECK_EQ(mq_wait_send(&T, OWNER, qd, 0x100, &s, FOREVER), PL_ESTATE);
    CHECK_EQ(mq_wait_receive(&T, OWNER, qd, 0x100, by_prio(), 16, FOREVER), PL_ESTATE);
    CHECK_EQ(mq_notify(&T, OWNER, qd, MQ_NOTIFY_ARM, 5), PL_ESTATE);
    CHECK_EQ(T.waiters[0].kind, MQ_W_FREE);
}

TEST(pair_queue_side_held_by_another_badge_is_ebusy_naming_the_holder)
{
    mq_init(&T, INST);
    int w = mq_open(&T, OWNER, "p", 1, MQ_O_WRONLY | MQ_O_CREAT | MQ_O_PAIR, MQ_MODE_ALL, &SMALL);
    CHECK(w >= 0);
    CHECK_EQ(op(OTHER, "p", MQ_O_WRONLY, 0), PL_EBUSY); /* the writer side is OWNER's */
    CHECK_EQ(T.busy_badge, OWNER);
    CHECK_EQ(op(OTHER, "p", MQ_O_RDWR, 0), PL_EBUSY); /* RDWR wants the writer side too */
    int r = op(OTHER, "p", MQ_O_RDONLY, 0);
    CHECK(r >= 0);
    CHECK_EQ(op(THIRD, "p", MQ_O_RDONLY, 0), PL_EBUSY);
    CHECK_EQ(T.busy_badge, OTHER);
    CHECK(op(OWNER, "p", MQ_O_WRONLY, 0) >= 0); /* the holder may open its side again */
    CHECK_EQ(op(OWNER, "p", MQ_O_RDONLY, 0), PL_EBUSY);
    CHECK_EQ(mq_close(&T, OTHER, r), PL_OK);
    CHECK(op(THIRD, "p", MQ_O_RDONLY, 0) >= 0); /* let go: the next one gets it */
    CHECK_EQ(mq_reclaim(&T, OWNER), 2);
    CHECK(op(OTHER, "p", MQ_O_WRONLY, 0) >= 0);
}

TEST(pair_queue_mode_is_checked_before_its_sides)
{
    mq_init(&T, INST);
    int w = mq_open(&T, OWNER, "p", 1, MQ_O_WRONLY | MQ_O_CREAT | MQ_O_PAIR,
                    MQ_MODE_OWNER_READ | MQ_MODE_OWNER_WRITE, &SMALL);
    CHECK(w >= 0);
    CHECK_EQ(op(OTHER, "p", MQ_O_WRONLY, 0), PL_EACCES); /* not PL_EBUSY: no say in it */
    CHECK_EQ(op(OTHER, "p", MQ_O_RDONLY, 0), PL_EACCES);
}

TEST(find_and_desc_queue_name_the_queue_of_a_name_and_a_descriptor)
{
    int qd = fresh();
    uint32_t acc = 99;
    CHECK_EQ(mq_find(&T, "q", 1), 0);
    CHECK_EQ(mq_find(&T, "nope", 4), -1);
    CHECK_EQ(mq_find(&T, "", 0), -1);
    CHECK_EQ(mq_desc_queue(&T, OWNER, qd, &acc), 0);
    CHECK_EQ(acc, MQ_O_RDWR);
    CHECK_EQ(mq_desc_queue(&T, OTHER, qd, NULL), PL_EBADF);
    CHECK_EQ(mq_unlink(&T, OWNER, "q", 1), PL_OK);
    CHECK_EQ(mq_find(&T, "q", 1), -1); /* unlinked: no name, the descriptor still works */
    CHECK_EQ(mq_desc_queue(&T, OWNER, qd, NULL), 0);
}

/*
 * tests/host/test_shmq.c - servers/shm/shmq.c, the message queue in shared memory: every
 * rule of shmq.h (FIFO order, full and empty, try and timed calls, PL_EMSGSIZE both ways,
 * names and geometry, a corrupted object refused and never written outside), then many
 * senders against many receivers with numbered, checksummed messages.
 *
 * The shm server is tests/host/fake_futex.c; threads stand for tasks, each opening the queue
 * itself (the table of open queues is per task). Built under ThreadSanitizer like test_sync.c
 * (tests/host/servers_sync.mk), which stops at the first data race. No test asserts a time: a
 * wait that must end is given LONG ticks, and the fake counts waits that ended by timeout.
 */
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include <parley.h>

#include "fake_futex.h"
#include "harness.h"
#include "shm_client.h"
#include "shmq.h"

#define LONG  10000u /* ticks (ms) for a wait that must end much sooner */
#define SLOTS 4u
#define SIZE  16u

const char *__tsan_default_options(void);
const char *__tsan_default_options(void)
{
    return "halt_on_error=1";
}

/* ---- Helpers ---- */

static struct shmq *make(const char *name)
{
    struct shmq *q = NULL;
    CHECK_EQ(shmq_open(name, O_CREAT, SHM_MODE_ALL, SLOTS, SIZE, &q), PL_OK);
    return q;
}

static struct shmq *join_queue(const char *name)
{
    struct shmq *q = NULL;
    CHECK_EQ(shmq_open(name, 0, 0, SLOTS, SIZE, &q), PL_OK);
    return q;
}

static void nap(void)
{
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
}

static void wait_queued(uint32_t n)
{
    for (int i = 0; i < 5000 && fake_futex_queued() < n; i++) {
        nap();
    }
    CHECK(fake_futex_queued() >= n);
}

static pthread_t spawn(void *(*fn)(void *), void *arg)
{
    pthread_t t;
    CHECK_EQ(pthread_create(&t, NULL, fn, arg), 0);
    return t;
}

static intptr_t join(pthread_t t)
{
    void *r;
    CHECK_EQ(pthread_join(t, &r), 0);
    return (intptr_t)r;
}

static int send_word(struct shmq *q, uint32_t w)
{
    return shmq_trysend(q, &w, sizeof(w));
}

/* ---- Rules ---- */

TEST(messages_come_out_in_order_with_their_lengths)
{
    struct shmq *q = make("fifo");
    const char *msgs[] = {"a", "second", "the third one!!", "16 bytes exactly"};
    for (int i = 0; i < 4; i++) {
        CHECK_EQ(shmq_send(q, msgs[i], (uint32_t)strlen(msgs[i])), PL_OK);
    }
    for (int lap = 0; lap < 3; lap++) { /* the ring wraps */
        for (int i = 0; i < 4; i++) {
            char buf[SIZE + 1] = {0};
            uint32_t len = 0;
            CHECK_EQ(shmq_receive(q, buf, SIZE, &len), PL_OK);
            CHECK_EQ(len, strlen(msgs[i]));
            CHECK_STR_EQ(buf, msgs[i]);
            if (lap < 2) {
                CHECK_EQ(shmq_send(q, msgs[i], (uint32_t)strlen(msgs[i])), PL_OK);
            }
        }
    }
    CHECK_EQ(shmq_close(q), PL_OK);
}

TEST(full_is_eagain_for_trysend_and_empty_for_tryreceive)
{
    struct shmq *q = make("try");
    uint32_t w = 0, len = 0;
    CHECK_EQ(shmq_tryreceive(q, &w, sizeof(w), &len), PL_EAGAIN);
    for (uint32_t i = 0; i < SLOTS; i++) {
        CHECK_EQ(send_word(q, i), PL_OK);
    }
    CHECK_EQ(send_word(q, 99), PL_EAGAIN);
    CHECK_EQ(shmq_timedsend(q, &w, sizeof(w), 0), PL_ETIMEDOUT);
    CHECK_EQ(shmq_timedsend(q, &w, sizeof(w), 5), PL_ETIMEDOUT);
    for (uint32_t i = 0; i < SLOTS; i++) {
        CHECK_EQ(shmq_tryreceive(q, &w, sizeof(w), &len), PL_OK);
        CHECK_EQ(w, i); /* the refused sends left nothing */
    }
    CHECK_EQ(shmq_timedreceive(q, &w, sizeof(w), &len, 0), PL_ETIMEDOUT);
    CHECK_EQ(shmq_timedreceive(q, &w, sizeof(w), &len, 5), PL_ETIMEDOUT);
    CHECK_EQ(fake_futex_count().timeouts, 2);
}

TEST(a_timed_call_that_can_go_on_does_even_with_a_timeout_over)
{
    struct shmq *q = make("timed");
    uint32_t w = 7, len = 0;
    CHECK_EQ(shmq_timedsend(q, &w, sizeof(w), 0), PL_OK);
    w = 0;
    CHECK_EQ(shmq_timedreceive(q, &w, sizeof(w), &len, 0), PL_OK);
    CHECK_EQ(w, 7);
}

TEST(a_message_past_the_slot_or_past_the_buffer_is_emsgsize)
{
    struct shmq *q = make("size");
    uint8_t big[SIZE + 1] = {0};
    uint32_t len = 0;
    CHECK_EQ(shmq_trysend(q, big, SIZE + 1u), PL_EMSGSIZE);
    CHECK_EQ(shmq_send(q, big, SIZE + 1u), PL_EMSGSIZE);
    CHECK_EQ(shmq_tryreceive(q, big, SIZE, &len), PL_EAGAIN); /* nothing was sent */
    CHECK_EQ(shmq_send(q, "twelve bytes", 12), PL_OK);
    CHECK_EQ(shmq_receive(q, big, 11, &len), PL_EMSGSIZE);
    CHECK_EQ(shmq_tryreceive(q, big, 4, &len), PL_EMSGSIZE);
    CHECK_EQ(shmq_receive(q, big, 12, &len), PL_OK); /* it stayed in the queue */
    CHECK_EQ(len, 12);
    CHECK(memcmp(big, "twelve bytes", 12) == 0);
    CHECK_EQ(shmq_send(q, big, 0), PL_OK); /* an empty message is a message */
    CHECK_EQ(shmq_receive(q, big, 0, &len), PL_OK);
    CHECK_EQ(len, 0);
}

TEST(uncontended_send_and_receive_make_no_server_call)
{
    struct shmq *q = make("fast");
    uint32_t before = fake_futex_total();
    for (uint32_t i = 0; i < 100; i++) {
        uint32_t w = 0, len = 0;
        CHECK_EQ(send_word(q, i), PL_OK);
        CHECK_EQ(shmq_receive(q, &w, sizeof(w), &len), PL_OK);
        CHECK_EQ(w, i);
    }
    CHECK_EQ(fake_futex_total(), before);
}

static void *receive_one(void *arg)
{
    struct shmq *q = join_queue(arg);
    uint32_t w = 0, len = 0;
    int r = shmq_timedreceive(q, &w, sizeof(w), &len, LONG);
    shmq_close(q);
    return (void *)(intptr_t)(r != PL_OK ? r : (int)w);
}

TEST(a_receiver_blocked_on_an_empty_queue_is_woken_by_a_send)
{
    struct shmq *q = make("rxwake");
    pthread_t t = spawn(receive_one, "rxwake");
    wait_queued(1);
    CHECK_EQ(send_word(q, 42), PL_OK);
    CHECK_EQ(join(t), 42);
    CHECK_EQ(fake_futex_count().timeouts, 0);
}

static void *send_one(void *arg)
{
    struct shmq *q = join_queue(arg);
    uint32_t w = 1000;
    int r = shmq_timedsend(q, &w, sizeof(w), LONG);
    shmq_close(q);
    return (void *)(intptr_t)r;
}

TEST(a_sender_blocked_on_a_full_queue_is_woken_by_a_receive)
{
    struct shmq *q = make("txwake");
    for (uint32_t i = 0; i < SLOTS; i++) {
        CHECK_EQ(send_word(q, i), PL_OK);
    }
    pthread_t t = spawn(send_one, "txwake");
    wait_queued(1);
    uint32_t w = 0, len = 0;
    CHECK_EQ(shmq_receive(q, &w, sizeof(w), &len), PL_OK);
    CHECK_EQ(w, 0);
    CHECK_EQ(join(t), PL_OK);
    CHECK_EQ(fake_futex_count().timeouts, 0);
    for (uint32_t i = 1; i <= SLOTS; i++) {
        CHECK_EQ(shmq_tryreceive(q, &w, sizeof(w), &len), PL_OK);
        CHECK_EQ(w, i < SLOTS ? i : 1000u);
    }
}

/* ---- Names and geometry ---- */

TEST(open_create_exclusive_missing_and_unlink_by_name)
{
    struct shmq *q = make("/named"), *q2 = NULL;
    CHECK_EQ(shmq_open("named", O_CREAT | O_EXCL, SHM_MODE_ALL, SLOTS, SIZE, &q2), PL_EEXIST);
    CHECK_EQ(shmq_open("missing", 0, 0, SLOTS, SIZE, &q2), PL_ENOENT);
    CHECK_EQ(shmq_open("named", 0, 0, SLOTS, SIZE, &q2), PL_OK);
    CHECK(q2 != q);
    CHECK_EQ(send_word(q, 5), PL_OK);
    uint32_t w = 0, len = 0;
    CHECK_EQ(shmq_tryreceive(q2, &w, sizeof(w), &len), PL_OK); /* the same queue */
    CHECK_EQ(w, 5);
    CHECK_EQ(shmq_open("named", 0, 0, SLOTS * 2u, SIZE, &q2), PL_EINVAL); /* not its geometry */
    CHECK_EQ(shmq_open("named", 0, 0, SLOTS, SIZE - 4u, &q2), PL_EINVAL);
    CHECK_EQ(shmq_unlink("named"), PL_OK);
    CHECK_EQ(shmq_open("named", 0, 0, SLOTS, SIZE, &q2), PL_ENOENT);
    CHECK_EQ(shmq_close(q), PL_OK);
    CHECK_EQ(shmq_close(q), PL_EINVAL); /* twice */
}

TEST(bad_names_geometry_flags_and_too_many_open_are_refused)
{
    struct shmq *q = NULL, *qs[SHMQ_OPEN_MAX];
    CHECK_EQ(shmq_open("", O_CREAT, 0, SLOTS, SIZE, &q), PL_EINVAL);
    CHECK_EQ(shmq_open("a/b", O_CREAT, 0, SLOTS, SIZE, &q), PL_EINVAL);
    CHECK_EQ(shmq_open("fourteen_bytes", O_CREAT, 0, SLOTS, SIZE, &q), PL_ENAMETOOLONG);
    CHECK_EQ(shmq_open("g", O_CREAT, 0, 3, SIZE, &q), PL_EINVAL); /* not a power of two */
    CHECK_EQ(shmq_open("g", O_CREAT, 0, 0, SIZE, &q), PL_EINVAL);
    CHECK_EQ(shmq_open("g", O_CREAT, 0, SHMQ_SLOTS_MAX * 2u, SIZE, &q), PL_EINVAL);
    CHECK_EQ(shmq_open("g", O_CREAT, 0, SLOTS, 0, &q), PL_EINVAL);
    CHECK_EQ(shmq_open("g", O_CREAT, 0, SLOTS, SHMQ_SIZE_MAX + 1u, &q), PL_EINVAL);
    CHECK_EQ(shmq_open("g", O_CREAT | O_TRUNC, 0, SLOTS, SIZE, &q), PL_EINVAL);
    for (uint32_t i = 0; i < SHMQ_OPEN_MAX; i++) {
        CHECK_EQ(shmq_open("g", O_CREAT, SHM_MODE_ALL, SLOTS, SIZE, &qs[i]), PL_OK);
    }
    CHECK_EQ(shmq_open("g", O_CREAT, SHM_MODE_ALL, SLOTS, SIZE, &q), PL_EFULL);
    CHECK_EQ(shmq_close(qs[0]), PL_OK);
    CHECK_EQ(shmq_open("g", 0, 0, SLOTS, SIZE, &q), PL_OK);
}

/* ---- A corrupted object ---- */

TEST(a_corrupted_header_or_length_is_estate)
{
    struct shmq *q = make("bad");
    uint32_t w = 0, len = 0;
    q->hdr->magic = 0;
    CHECK_EQ(send_word(q, 1), PL_ESTATE);
    CHECK_EQ(shmq_tryreceive(q, &w, sizeof(w), &len), PL_ESTATE);
    CHECK_EQ(shmq_receive(q, &w, sizeof(w), &len), PL_ESTATE);
    q->hdr->magic = SHMQ_MAGIC;
    CHECK_EQ(send_word(q, 1), PL_OK);
    struct shmq_cell *c = (struct shmq_cell *)q->cells;
    c->len = SIZE + 1u; /* longer than a slot: never copied */
    uint8_t buf[64];
    CHECK_EQ(shmq_tryreceive(q, buf, sizeof(buf), &len), PL_ESTATE);
    c->len = sizeof(w);
    CHECK_EQ(shmq_tryreceive(q, &w, sizeof(w), &len), PL_OK);
    /* a cell that claims a later lap in front of a head that does not move */
    c = (struct shmq_cell *)(q->cells + q->stride);
    c->seq += 5u * SLOTS;
    CHECK_EQ(shmq_tryreceive(q, &w, sizeof(w), &len), PL_ESTATE);
    CHECK_EQ(send_word(q, 2), PL_ESTATE);
}

TEST(no_corrupted_position_makes_the_library_write_outside_the_object)
{
    struct shmq *q = make("wild");
    uint32_t size = shmq_object_size(SLOTS, SIZE);
    uint8_t *end = (uint8_t *)q->hdr + size;
    memset(end, 0x5a, FAKE_SHM_PAGE - size); /* the rest of the page, as a guard */
    uint32_t seed = 12345u, msg[4] = {~0u, ~0u, ~0u, ~0u}, buf[4], len;
    for (int i = 0; i < 2000; i++) {
        seed = seed * 1103515245u + 12345u;
        uint32_t *words = (uint32_t *)q->hdr;
        words[4 + (seed >> 8) % 2u] = seed; /* tail or head */
        struct shmq_cell *c = (struct shmq_cell *)(q->cells + (seed >> 4) % SLOTS * q->stride);
        c->seq = seed >> 3;
        int r = shmq_trysend(q, msg, sizeof(msg));
        CHECK(r == PL_OK || r == PL_EAGAIN || r == PL_ESTATE);
        r = shmq_tryreceive(q, buf, sizeof(buf), &len);
        CHECK(r == PL_OK || r == PL_EAGAIN || r == PL_ESTATE);
        CHECK(r != PL_OK || len <= sizeof(buf));
    }
    for (uint32_t i = 0; i < FAKE_SHM_PAGE - size; i++) {
        CHECK_EQ(end[i], 0x5a);
    }
}

/* ---- Many senders, many receivers ---- */

#define SENDERS   4u
#define RECEIVERS 4u
#define MESSAGES  5000u /* per sender */

struct message {
    uint32_t sender, seq, sum, pad;
};

static uint32_t sum_of(uint32_t sender, uint32_t seq)
{
    return (sender * 0x9e3779b9u) ^ (seq * 2654435761u) ^ 0xa5a5a5a5u;
}

struct tally {
    uint8_t seen[SENDERS][MESSAGES];
    uint32_t errors;
};

static struct tally tally[RECEIVERS];

static void *sender(void *arg)
{
    uint32_t id = (uint32_t)(intptr_t)arg;
    struct shmq *q = join_queue("mpmc");
    for (uint32_t i = 0; i < MESSAGES; i++) {
        struct message m = {id, i, sum_of(id, i), 0};
        int r = shmq_timedsend(q, &m, sizeof(m), LONG);
        if (r != PL_OK) {
            return (void *)(intptr_t)r;
        }
    }
    shmq_close(q);
    return NULL;
}

static void *receiver(void *arg)
{
    uint32_t id = (uint32_t)(intptr_t)arg;
    struct tally *t = &tally[id];
    uint32_t last[SENDERS];
    memset(last, 0xff, sizeof(last));
    struct shmq *q = join_queue("mpmc");
    for (uint32_t i = 0; i < SENDERS * MESSAGES / RECEIVERS; i++) {
        struct message m;
        uint32_t len = 0;
        int r = shmq_timedreceive(q, &m, sizeof(m), &len, LONG);
        if (r != PL_OK) {
            return (void *)(intptr_t)r;
        }
        if (len != sizeof(m) || m.sender >= SENDERS || m.seq >= MESSAGES ||
            m.sum != sum_of(m.sender, m.seq) ||
            (last[m.sender] != ~0u && m.seq <= last[m.sender])) {
            t->errors++; /* torn, corrupted, or out of its sender's order */
            continue;
        }
        last[m.sender] = m.seq;
        t->seen[m.sender][m.seq]++;
    }
    shmq_close(q);
    return NULL;
}

TEST(many_senders_and_receivers_lose_duplicate_and_reorder_nothing)
{
    struct shmq *q = make("mpmc");
    pthread_t t[SENDERS + RECEIVERS];
    for (uint32_t i = 0; i < RECEIVERS; i++) {
        t[i] = spawn(receiver, (void *)(intptr_t)i);
    }
    for (uint32_t i = 0; i < SENDERS; i++) {
        t[RECEIVERS + i] = spawn(sender, (void *)(intptr_t)i);
    }
    for (uint32_t i = 0; i < SENDERS + RECEIVERS; i++) {
        CHECK_EQ(join(t[i]), PL_OK);
    }
    uint32_t errors = 0, missing = 0;
    for (uint32_t s = 0; s < SENDERS; s++) {
        for (uint32_t i = 0; i < MESSAGES; i++) {
            uint32_t n = 0;
            for (uint32_t r = 0; r < RECEIVERS; r++) {
                n += tally[r].seen[s][i];
            }
            missing += n != 1u;
        }
    }
    for (uint32_t r = 0; r < RECEIVERS; r++) {
        errors += tally[r].errors;
    }
    CHECK_EQ(errors, 0);
    CHECK_EQ(missing, 0);
    uint32_t w, len;
    CHECK_EQ(shmq_tryreceive(q, &w, sizeof(w), &len), PL_EAGAIN);
    CHECK_EQ(fake_futex_count().timeouts, 0);
}

/*
 * tests/host/test_mq_ring.c - servers/mqueue/mq_ring.c: a pair queue's ring. Geometry refused
 * at init and attach, full and empty at every index position, the selection rules of the
 * server's core (compared with a small model over random sequences), arrival order after a
 * receive from the middle, a page a peer spoilt, the sleep handshake and its tokens, and a
 * writer thread against a reader thread.
 *
 * Each ring lives in a heap block with guard bytes on both sides, poisoned for
 * AddressSanitizer and checked by value too (the ThreadSanitizer build of this file,
 * host_test_mq_ring_tsan, has no ASan): no value in the page may move an access outside.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h> /* usleep: <sched.h> and <time.h> are the kernel's on this include path */

#include "harness.h"
#include "mq_ring.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n)   ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n)   ((void)(p), (void)(n))
#define UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define HDR        ((uint32_t)sizeof(struct mq_ring))
#define GUARD      64u
#define GUARD_BYTE 0xa5u

static uint8_t *block; /* GUARD, the ring, GUARD */
static uint32_t bytes; /* the ring's */
static struct mq_ring_view v;

static void guards_set(void)
{
    memset(block, GUARD_BYTE, GUARD);
    memset(block + GUARD + bytes, GUARD_BYTE, GUARD);
    POISON(block, GUARD);
    POISON(block + GUARD + bytes, GUARD);
}

/* Did anything write outside the ring? */
static int guards_intact(void)
{
    UNPOISON(block, GUARD);
    UNPOISON(block + GUARD + bytes, GUARD);
    int ok = 1;
    for (uint32_t i = 0; i < GUARD; i++) {
        ok &= block[i] == GUARD_BYTE && block[GUARD + bytes + i] == GUARD_BYTE;
    }
    POISON(block, GUARD);
    POISON(block + GUARD + bytes, GUARD);
    return ok;
}

/* A fresh ring of maxmsg messages of msgsize bytes in a block of exactly its size, attached. */
static struct mq_ring *ring_of(uint32_t maxmsg, uint32_t msgsize)
{
    if (block) {
        UNPOISON(block, GUARD + bytes + GUARD);
        free(block);
    }
    bytes = mq_ring_bytes(maxmsg, msgsize);
    block = malloc(GUARD + bytes + GUARD);
    guards_set();
    CHECK_EQ(mq_ring_init(block + GUARD, bytes, maxmsg, msgsize), PL_OK);
    CHECK_EQ(mq_ring_attach(&v, block + GUARD, bytes), PL_OK);
    return (struct mq_ring *)(block + GUARD);
}

static uint32_t rng = 2463534242u;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng % n;
}

/* Move both indices on by `at` (a put and a get each). */
static void advance(uint32_t at)
{
    uint8_t junk[8] = {0};
    for (uint32_t i = 0; i < at; i++) {
        CHECK_EQ(mq_ring_put(&v, 0, 1, junk, 1), PL_OK);
        CHECK_EQ(mq_ring_get(&v, MQ_RING_BY_PRIO, 0, junk, v.msgsize, NULL, NULL), 1);
    }
}

static int get_prio(void *buf, uint32_t cap, uint32_t *prio, int32_t *type)
{
    return mq_ring_get(&v, MQ_RING_BY_PRIO, 0, buf, cap, prio, type);
}

static int get_type(int32_t want, void *buf, uint32_t cap, uint32_t *prio, int32_t *type)
{
    return mq_ring_get(&v, MQ_RING_BY_TYPE, want, buf, cap, prio, type);
}

TEST(bytes_is_header_and_word_rounded_slots_and_never_overflows)
{
    CHECK_EQ(mq_ring_bytes(1, 1), HDR + 12u);
    CHECK_EQ(mq_ring_bytes(2, 4), HDR + 2u * 12u);
    CHECK_EQ(mq_ring_bytes(3, 5), HDR + 3u * 16u);
    CHECK_EQ(mq_ring_bytes(MQ_RING_MAXMSG_MAX, MQ_RING_MSGSIZE_MAX),
             HDR + MQ_RING_MAXMSG_MAX * (8u + MQ_RING_MSGSIZE_MAX));
    CHECK_EQ(mq_ring_bytes(MQ_RING_MAXMSG_MAX + 1u, 1), UINT32_MAX);
    CHECK_EQ(mq_ring_bytes(1, MQ_RING_MSGSIZE_MAX + 1u), UINT32_MAX);
    CHECK_EQ(mq_ring_bytes(UINT32_MAX, UINT32_MAX), UINT32_MAX);
    CHECK_EQ(mq_ring_bytes(0x10000u, 0x10000u), UINT32_MAX); /* a product that wraps to 0 */
}

TEST(init_refuses_each_limit_a_misaligned_or_too_small_block)
{
    static uint32_t mem[(HDR + 32u * 264u) / 4u + 1u];
    uint32_t need = mq_ring_bytes(4, 16);
    CHECK_EQ(mq_ring_init(NULL, need, 4, 16), PL_EINVAL);
    CHECK_EQ(mq_ring_init((uint8_t *)mem + 2, need, 4, 16), PL_EINVAL);
    CHECK_EQ(mq_ring_init(mem, need - 1u, 4, 16), PL_EINVAL);
    CHECK_EQ(mq_ring_init(mem, sizeof(mem), 0, 16), PL_EINVAL);
    CHECK_EQ(mq_ring_init(mem, sizeof(mem), MQ_RING_MAXMSG_MAX + 1u, 1), PL_EINVAL);
    CHECK_EQ(mq_ring_init(mem, sizeof(mem), 4, 0), PL_EINVAL);
    CHECK_EQ(mq_ring_init(mem, sizeof(mem), 1, MQ_RING_MSGSIZE_MAX + 1u), PL_EINVAL);
    CHECK_EQ(mq_ring_init(mem, UINT32_MAX, UINT32_MAX, UINT32_MAX), PL_EINVAL);
    CHECK_EQ(mq_ring_init(mem, sizeof(mem), MQ_RING_MAXMSG_MAX, MQ_RING_MSGSIZE_MAX), PL_OK);
    CHECK_EQ(mq_ring_init(mem, need, 4, 16), PL_OK);
    CHECK_EQ(mq_ring_attach(&v, mem, need), PL_OK);
    CHECK_EQ(v.maxmsg, 4);
    CHECK_EQ(v.msgsize, 16);
    CHECK_EQ(v.slot_size, 24);
    CHECK_EQ(mq_ring_count(&v), 0);
    CHECK_EQ(mq_ring_cookie(&v, MQ_RING_READER), 0);
    CHECK_EQ(mq_ring_cookie(&v, MQ_RING_WRITER), 0);
}

TEST(attach_refuses_what_init_did_not_leave)
{
    static uint32_t mem[64];
    struct mq_ring *r = (struct mq_ring *)mem;
    uint32_t need = mq_ring_bytes(4, 16);
    CHECK_EQ(mq_ring_attach(&v, mem, sizeof(mem)), PL_ESTATE); /* never set up */
    CHECK_EQ(mq_ring_init(mem, sizeof(mem), 4, 16), PL_OK);
    CHECK_EQ(mq_ring_attach(&v, mem, need - 1u), PL_ESTATE); /* mapped shorter */
    CHECK_EQ(mq_ring_attach(&v, mem, HDR - 1u), PL_ESTATE);
    CHECK_EQ(mq_ring_attach(&v, (uint8_t *)mem + 4, need), PL_ESTATE);
    CHECK_EQ(mq_ring_attach(&v, (uint8_t *)mem + 1, need), PL_ESTATE);
    CHECK_EQ(mq_ring_attach(&v, NULL, need), PL_ESTATE);
    static const struct {
        uint32_t word, value;
    } spoils[] = {
        {0, MQ_RING_MAGIC ^ 1u}, /* magic */
        {1, 0},                  /* maxmsg */
        {1, MQ_RING_MAXMSG_MAX + 1u},
        {1, 5}, /* more slots than the block holds */
        {2, 0}, /* msgsize */
        {2, MQ_RING_MSGSIZE_MAX + 1u},
        {2, 17}, /* larger slots than the block holds */
        {3, 8},  /* head = 2*maxmsg */
        {3, 0xffffffffu},
        {4, 8}, /* tail */
        {3, 5}, /* head 5, tail 0: 5 held in 4 slots */
    };
    for (unsigned i = 0; i < sizeof(spoils) / sizeof(spoils[0]); i++) {
        CHECK_EQ(mq_ring_init(mem, need, 4, 16), PL_OK);
        mem[spoils[i].word] = spoils[i].value;
        if (mq_ring_attach(&v, mem, need) != PL_ESTATE) {
            harness_fail(__FILE__, __LINE__, "spoil %u attached", i);
        }
    }
    CHECK_EQ(mq_ring_init(mem, need, 4, 16), PL_OK);
    r->head = 7;
    r->tail = 3; /* 4 held, wrapped: a full ring is a ring */
    CHECK_EQ(mq_ring_attach(&v, mem, need), PL_OK);
    CHECK_EQ(mq_ring_count(&v), 4);
    r->head = 2;
    r->tail = 6; /* 2 - 6 mod 8 = 4 */
    CHECK_EQ(mq_ring_attach(&v, mem, need), PL_OK);
    CHECK_EQ(mq_ring_count(&v), 4);
}

TEST(fill_to_maxmsg_then_efull_at_every_index_position)
{
    static const uint32_t sizes[] = {1, 2, 3, 7, MQ_RING_MAXMSG_MAX};
    for (unsigned z = 0; z < sizeof(sizes) / sizeof(sizes[0]); z++) {
        uint32_t m = sizes[z];
        for (uint32_t at = 0; at < 2u * m; at++) {
            struct mq_ring *r = ring_of(m, 4);
            advance(at);
            uint32_t x;
            CHECK_EQ(get_prio(&x, 4, NULL, NULL), PL_EAGAIN);
            CHECK_EQ(v.seen, r->head);
            for (uint32_t i = 0; i < m; i++) {
                x = at * 100u + i;
                CHECK_EQ(mq_ring_put(&v, 3, 1, &x, 4), PL_OK);
                CHECK_EQ(mq_ring_count(&v), (int)i + 1);
            }
            uint32_t head = r->head;
            CHECK_EQ(mq_ring_put(&v, 3, 1, &x, 4), PL_EFULL);
            CHECK_EQ(v.seen, r->tail);
            CHECK_EQ(r->head, head);
            for (uint32_t i = 0; i < m; i++) {
                uint32_t prio = 99;
                int32_t type = 0;
                CHECK_EQ(get_prio(&x, 4, &prio, &type), 4);
                CHECK_EQ(x, at * 100u + i);
                CHECK_EQ(prio, 3);
                CHECK_EQ(type, 1);
            }
            CHECK_EQ(mq_ring_count(&v), 0);
            CHECK(guards_intact());
        }
    }
}

TEST(put_refuses_bad_messages_in_the_core_order_and_moves_nothing)
{
    struct mq_ring *r = ring_of(2, 8);
    uint8_t d[16] = {0};
    CHECK_EQ(mq_ring_put(&v, 0, 1, d, 9), PL_EMSGSIZE);
    CHECK_EQ(mq_ring_put(&v, MQ_RING_PRIO_MAX, 0, d, 9), PL_EMSGSIZE); /* size first */
    CHECK_EQ(mq_ring_put(&v, MQ_RING_PRIO_MAX, 1, d, 8), PL_EINVAL);
    CHECK_EQ(mq_ring_put(&v, 0, 0, d, 8), PL_EINVAL);
    CHECK_EQ(mq_ring_put(&v, 0, -5, d, 8), PL_EINVAL);
    CHECK_EQ(mq_ring_put(&v, 0, INT32_MIN, d, 8), PL_EINVAL);
    CHECK_EQ(mq_ring_put(&v, 0, 1, NULL, 1), PL_EINVAL);
    CHECK_EQ(r->head, 0);
    CHECK_EQ(mq_ring_put(&v, MQ_RING_PRIO_MAX - 1u, INT32_MAX, NULL, 0), PL_OK);
    uint32_t prio;
    int32_t type;
    CHECK_EQ(get_prio(NULL, 8, &prio, &type), 0);
    CHECK_EQ(prio, MQ_RING_PRIO_MAX - 1u);
    CHECK_EQ(type, INT32_MAX);
}

/* ---- the selection rules, against a model of the core's ---- */

struct model_msg {
    uint32_t prio, len, seq;
    int32_t type;
};

static struct model_msg model[MQ_RING_MAXMSG_MAX];
static uint32_t model_n;

/* mq_core.c's rules, written plainly: the index taken, or model_n for none. */
static uint32_t model_pick(enum mq_ring_sel sel, int32_t want)
{
    uint32_t best = model_n;
    for (uint32_t i = 0; i < model_n; i++) {
        const struct model_msg *m = &model[i];
        if (sel == MQ_RING_BY_PRIO) {
            if (best == model_n || m->prio > model[best].prio) {
                best = i;
            }
        } else if (want == 0) {
            return model_n ? 0 : model_n;
        } else if (want > 0) {
            if (m->type == want) {
                return i;
            }
        } else if (m->type <= -want && (best == model_n || m->type < model[best].type)) {
            best = i;
        }
    }
    return best;
}

static void fill_data(uint8_t *d, uint32_t len, uint32_t seq)
{
    for (uint32_t i = 0; i < len; i++) {
        d[i] = (uint8_t)(seq * 7u + i);
    }
}

/* Random puts and receives of every kind on a ring of maxmsg, each compared with the model. */
static void random_against_model(uint32_t maxmsg, uint32_t msgsize, uint32_t steps, uint32_t prios,
                                 uint32_t types)
{
    uint8_t d[MQ_RING_MSGSIZE_MAX], out[MQ_RING_MSGSIZE_MAX];
    uint32_t seq = 0, bad = 0;
    ring_of(maxmsg, msgsize);
    model_n = 0;
    for (uint32_t step = 0; step < steps && !bad; step++) {
        if (rnd(2) == 0) {
            struct model_msg m = {rnd(prios), rnd(msgsize + 1u), seq++, (int32_t)rnd(types) + 1};
            fill_data(d, m.len, m.seq);
            int rc = mq_ring_put(&v, m.prio, m.type, d, m.len);
            bad += rc != (model_n == maxmsg ? PL_EFULL : PL_OK);
            if (rc == PL_OK) {
                model[model_n++] = m;
            }
            continue;
        }
        enum mq_ring_sel sel = rnd(2) ? MQ_RING_BY_PRIO : MQ_RING_BY_TYPE;
        int32_t want = (int32_t)rnd(2u * types + 3u) - (int32_t)types - 1;
        uint32_t cap = sel == MQ_RING_BY_PRIO ? msgsize : rnd(msgsize + 1u);
        uint32_t k = model_pick(sel, want), prio = 0;
        int32_t type = 0;
        int rc = mq_ring_get(&v, sel, want, out, cap, &prio, &type);
        if (k == model_n) {
            bad += rc != PL_EAGAIN;
        } else if (model[k].len > cap) {
            bad += rc != PL_EMSGSIZE;
        } else {
            uint8_t expect[MQ_RING_MSGSIZE_MAX];
            fill_data(expect, model[k].len, model[k].seq);
            bad += rc != (int)model[k].len || prio != model[k].prio || type != model[k].type ||
                   memcmp(out, expect, model[k].len) != 0;
            memmove(&model[k], &model[k + 1], (model_n - k - 1u) * sizeof(model[0]));
            model_n--;
        }
        bad += mq_ring_count(&v) != (int)model_n;
    }
    CHECK_EQ(bad, 0);
    CHECK(guards_intact());
}

TEST(random_sequences_take_what_the_cores_rules_take)
{
    random_against_model(1, 4, 2000, 4, 3);
    random_against_model(4, 9, 20000, 3, 4);
    random_against_model(7, 16, 20000, 32, 6);
    random_against_model(MQ_RING_MAXMSG_MAX, 3, 40000, 5, 8);
}

TEST(by_prio_takes_the_highest_first_among_equal)
{
    static const uint32_t prios[] = {2, 7, 2, 7, 0, 31, 7};
    static const uint32_t order[] = {5, 1, 3, 6, 0, 2, 4}; /* the indices, taken in turn */
    for (uint32_t at = 0; at < 16; at++) {
        ring_of(8, 4);
        advance(at);
        for (uint32_t i = 0; i < 7; i++) {
            CHECK_EQ(mq_ring_put(&v, prios[i], 1, &i, 4), PL_OK);
        }
        for (uint32_t i = 0; i < 7; i++) {
            uint32_t x = 99, prio = 99;
            CHECK_EQ(get_prio(&x, 4, &prio, NULL), 4);
            CHECK_EQ(x, order[i]);
            CHECK_EQ(prio, prios[order[i]]);
        }
    }
}

TEST(by_type_zero_positive_and_negative_as_msgrcv)
{
    static const int32_t types[] = {5, 3, 7, 3, 2, 2};
    ring_of(8, 4);
    for (uint32_t i = 0; i < 6; i++) {
        CHECK_EQ(mq_ring_put(&v, 31u - i, types[i], &i, 4), PL_OK); /* prio never matters */
    }
    uint32_t x;
    int32_t type;
    CHECK_EQ(get_type(INT32_MIN, &x, 4, NULL, NULL), PL_EINVAL);
    CHECK_EQ(get_type(9, &x, 4, NULL, NULL), PL_EAGAIN);
    CHECK_EQ(v.seen, 6);                                  /* the head seen */
    CHECK_EQ(get_type(-1, &x, 4, NULL, NULL), PL_EAGAIN); /* nothing of type <= 1 */
    CHECK_EQ(get_type(3, &x, 4, NULL, &type), 4);
    CHECK_EQ(x, 1); /* the first 3 */
    CHECK_EQ(get_type(-6, &x, 4, NULL, &type), 4);
    CHECK_EQ(x, 4); /* the lowest <= 6 is 2, its first */
    CHECK_EQ(type, 2);
    CHECK_EQ(get_type(-6, &x, 4, NULL, &type), 4);
    CHECK_EQ(x, 5);
    CHECK_EQ(get_type(-INT32_MAX, &x, 4, NULL, &type), 4);
    CHECK_EQ(x, 3); /* the other 3 */
    CHECK_EQ(get_type(0, &x, 4, NULL, &type), 4);
    CHECK_EQ(x, 0); /* the first in arrival order */
    CHECK_EQ(type, 5);
    CHECK_EQ(get_type(6, &x, 4, NULL, NULL), PL_EAGAIN); /* one held, not of that type */
    CHECK_EQ(get_type(-6, &x, 4, NULL, NULL), PL_EAGAIN);
    CHECK_EQ(get_type(7, &x, 4, NULL, &type), 4);
    CHECK_EQ(x, 2);
    CHECK_EQ(get_type(0, &x, 4, NULL, NULL), PL_EAGAIN);
}

TEST(by_type_chosen_message_longer_than_cap_is_emsgsize_and_stays)
{
    uint8_t out[16];
    struct mq_ring *r = ring_of(4, 16);
    CHECK_EQ(mq_ring_put(&v, 0, 4, "long message", 12), PL_OK);
    CHECK_EQ(get_type(4, out, 11, NULL, NULL), PL_EMSGSIZE); /* one held: the fast path */
    CHECK_EQ(get_type(0, out, 11, NULL, NULL), PL_EMSGSIZE);
    CHECK_EQ(mq_ring_put(&v, 0, 2, "ab", 2), PL_OK);
    CHECK_EQ(get_type(-3, out, 3, NULL, NULL), 2); /* a short one, chosen, fits */
    CHECK_EQ(mq_ring_put(&v, 0, 2, "cd", 2), PL_OK);
    CHECK_EQ(get_type(-9, out, 11, NULL, NULL), 2); /* type 2 < 4: the short one */
    CHECK_EQ(mq_ring_put(&v, 0, 5, "x", 1), PL_OK);
    CHECK_EQ(get_type(-4, out, 11, NULL, NULL), PL_EMSGSIZE); /* scanned, chosen, too long */
    CHECK_EQ(r->tail, 2);
    CHECK_EQ(mq_ring_count(&v), 2);
    CHECK_EQ(get_type(4, out, 12, NULL, NULL), 12);
    CHECK_EQ(memcmp(out, "long message", 12), 0);
    CHECK_EQ(get_type(0, out, 12, NULL, NULL), 1);
}

TEST(by_prio_with_cap_below_msgsize_is_emsgsize_before_looking)
{
    uint8_t out[16];
    struct mq_ring *r = ring_of(4, 16);
    CHECK_EQ(get_prio(out, 15, NULL, NULL), PL_EMSGSIZE); /* empty: still */
    CHECK_EQ(mq_ring_put(&v, 0, 1, "a", 1), PL_OK);
    CHECK_EQ(get_prio(out, 15, NULL, NULL), PL_EMSGSIZE); /* the message would fit: still */
    r->head = 1000;                                       /* a spoilt ring is not even looked at */
    CHECK_EQ(get_prio(out, 15, NULL, NULL), PL_EMSGSIZE);
    r->head = 1;
    CHECK_EQ(get_prio(out, 16, NULL, NULL), 1);
}

TEST(arrival_order_stays_after_taking_from_the_middle_at_every_position)
{
    const uint32_t m = 5;
    for (uint32_t at = 0; at < 2u * m; at++) {
        for (uint32_t hi = 0; hi < m; hi++) {
            struct mq_ring *r = ring_of(m, 4);
            advance(at);
            for (uint32_t i = 0; i < m; i++) {
                CHECK_EQ(mq_ring_put(&v, i == hi ? 9 : 1, (int32_t)(10u + i), &i, 4), PL_OK);
            }
            uint32_t head = r->head, x = 99;
            int32_t type;
            CHECK_EQ(get_prio(&x, 4, NULL, &type), 4);
            CHECK_EQ(x, hi);
            CHECK_EQ(type, (int32_t)(10u + hi));
            CHECK_EQ(r->head, head); /* the writer's index is the writer's */
            CHECK_EQ(r->tail, (at + 1u) % (2u * m));
            /* The freed slot is the writer's again: a put there keeps the order. */
            uint32_t last = 77;
            CHECK_EQ(mq_ring_put(&v, 1, 99, &last, 4), PL_OK);
            for (uint32_t i = 0; i < m; i++) {
                if (i == hi) {
                    continue;
                }
                CHECK_EQ(get_type(0, &x, 4, NULL, &type), 4);
                CHECK_EQ(x, i);
                CHECK_EQ(type, (int32_t)(10u + i));
            }
            CHECK_EQ(get_type(0, &x, 4, NULL, &type), 4);
            CHECK_EQ(x, 77);
            CHECK(guards_intact());
        }
    }
}

TEST(indices_wrap_many_times)
{
    struct mq_ring *r = ring_of(3, 8);
    uint32_t sent = 0, got = 0, bad = 0;
    for (uint32_t round = 0; round < 20000u; round++) {
        uint32_t n = rnd(4);
        for (uint32_t i = 0; i < n; i++) {
            if (mq_ring_put(&v, rnd(3), 1, &sent, 4) == PL_OK) {
                sent++;
            }
        }
        uint32_t x, k = rnd(4);
        for (uint32_t i = 0; i < k; i++) {
            int rc = get_type(0, &x, 8, NULL, NULL);
            if (rc == 4) {
                bad += x != got++;
            } else {
                bad += rc != PL_EAGAIN;
            }
        }
        bad += r->head >= 6u || r->tail >= 6u;
    }
    CHECK(sent > 10000u); /* many wraps of 6 indices */
    CHECK_EQ(bad, 0);
    CHECK_EQ(mq_ring_count(&v), (int)(sent - got));
}

/* ---- a spoilt page ---- */

TEST(indices_out_of_range_are_estate_and_move_nothing)
{
    static const uint32_t heads[] = {8, 0xffffffffu, 5, 2, 4};
    static const uint32_t tails[] = {0, 0, 0, 5, 0xfffffffcu}; /* 5 held in 4, twice; -4 */
    uint8_t out[16];
    for (unsigned i = 0; i < sizeof(heads) / sizeof(heads[0]); i++) {
        struct mq_ring *r = ring_of(4, 16);
        CHECK_EQ(mq_ring_put(&v, 0, 1, "abc", 3), PL_OK);
        r->head = heads[i];
        r->tail = tails[i];
        memset(out, 0x5a, sizeof(out));
        CHECK_EQ(mq_ring_count(&v), PL_ESTATE);
        CHECK_EQ(mq_ring_put(&v, 0, 1, "x", 1), PL_ESTATE);
        CHECK_EQ(get_prio(out, 16, NULL, NULL), PL_ESTATE);
        CHECK_EQ(get_type(-3, out, 16, NULL, NULL), PL_ESTATE);
        CHECK_EQ(get_type(0, out, 16, NULL, NULL), PL_ESTATE);
        CHECK_EQ(r->head, heads[i]);
        CHECK_EQ(r->tail, tails[i]);
        CHECK_EQ(out[0], 0x5a);
        CHECK(guards_intact());
    }
}

TEST(a_slot_length_above_msgsize_is_estate_and_nothing_is_taken)
{
    uint8_t out[64];
    for (uint32_t k = 0; k < 3; k++) { /* the spoilt one first, in the middle, last */
        struct mq_ring *r = ring_of(3, 5);
        for (uint32_t i = 0; i < 3; i++) {
            CHECK_EQ(mq_ring_put(&v, i == k ? 9 : 1, 1, "hello", 5), PL_OK);
        }
        struct mq_ring_slot *s = (struct mq_ring_slot *)(r->slots + k * v.slot_size);
        s->len = 0xffff;
        memset(out, 0x5a, sizeof(out));
        CHECK_EQ(get_prio(out, sizeof(out), NULL, NULL), PL_ESTATE);
        CHECK_EQ(r->tail, 0);
        CHECK_EQ(out[0], 0x5a);
        s->len = 6; /* one above msgsize, inside the slot's rounding */
        CHECK_EQ(get_type(0, out, sizeof(out), NULL, NULL), k == 0 ? PL_ESTATE : 5);
        CHECK(guards_intact());
    }
}

TEST(geometry_rewritten_after_attach_changes_nothing)
{
    uint8_t big[300];
    struct mq_ring *r = ring_of(2, 4);
    memset(big, 'z', sizeof(big));
    r->magic = 0;
    r->maxmsg = 1000;
    r->msgsize = 256;
    CHECK_EQ(mq_ring_put(&v, 0, 1, big, 5), PL_EMSGSIZE); /* the view's msgsize */
    for (uint32_t round = 0; round < 10; round++) {
        CHECK_EQ(mq_ring_put(&v, 0, 1, big, 4), PL_OK);
        CHECK_EQ(mq_ring_put(&v, 1, 1, big, 4), PL_OK);
        CHECK_EQ(mq_ring_put(&v, 0, 1, big, 4), PL_EFULL); /* the view's maxmsg */
        CHECK_EQ(get_prio(big, 4, NULL, NULL), 4);
        CHECK_EQ(get_prio(big, 4, NULL, NULL), 4);
        CHECK(r->head < 4u && r->tail < 4u);
    }
    CHECK_EQ(mq_ring_attach(&v, r, bytes), PL_ESTATE); /* a new attach sees the spoilt page */
    CHECK(guards_intact());
}

/* A reader whose writer writes anything in the slots it owns: prio and type beyond range,
 * lengths just in range, all changed between receives. The reader answers, never strays. */
TEST(slot_headers_a_peer_scribbles_never_move_an_access_outside)
{
    uint8_t out[32];
    struct mq_ring *r = ring_of(6, 20);
    uint32_t bad = 0;
    for (uint32_t round = 0; round < 5000u; round++) {
        while (mq_ring_put(&v, rnd(32), (int32_t)rnd(5) + 1, "0123456789", rnd(11)) == PL_OK) {
        }
        for (uint32_t i = 0; i < 6; i++) {
            struct mq_ring_slot *s = (struct mq_ring_slot *)(r->slots + i * v.slot_size);
            s->prio = (uint8_t)rnd(256);
            s->type = (int32_t)rng;
            s->len = (uint16_t)(rnd(4) ? rnd(21) : rng);
        }
        int rc = mq_ring_get(&v, rnd(2) ? MQ_RING_BY_PRIO : MQ_RING_BY_TYPE, (int32_t)rnd(9) - 4,
                             out, 20 + rnd(12), NULL, NULL);
        bad += rc > 20 || (rc < 0 && rc != PL_ESTATE && rc != PL_EAGAIN);
        if (rc == PL_ESTATE || rc == PL_EAGAIN) {
            bad += !guards_intact();
            ring_of(6, 20); /* start again: the reader could not go on */
            r = (struct mq_ring *)(block + GUARD);
        }
    }
    CHECK_EQ(bad, 0);
    CHECK(guards_intact());
}

/* The reader's summary (mq_ring.h, struct mq_ring_view): each message's priority is read from
 * the page once, when it is first counted; later receives by priority choose from the
 * summary, so a peer's later rewrite of a counted priority changes nothing, and a queue of
 * one priority gives its messages in order without reading every slot each time. */
TEST(by_prio_reads_each_priority_once_then_chooses_from_the_summary)
{
    uint8_t out[8];
    uint32_t prio = 99;
    struct mq_ring *r = ring_of(8, 4);
    for (uint32_t i = 0; i < 8; i++) {
        uint8_t d[1] = {(uint8_t)i};
        CHECK_EQ(mq_ring_put(&v, 3, 1, d, 1), PL_OK);
    }
    CHECK_EQ(get_prio(out, 4, &prio, NULL), 1); /* all eight counted */
    CHECK_EQ(out[0], 0);
    CHECK_EQ(v.prio_bits, 1u << 3);
    CHECK_EQ(v.prio_count[3], 7);
    for (uint32_t i = 0; i < 8; i++) {
        ((struct mq_ring_slot *)(r->slots + i * v.slot_size))->prio = 31; /* too late */
    }
    for (uint32_t i = 1; i < 8; i++) {
        CHECK_EQ(get_prio(out, 4, &prio, NULL), 1);
        CHECK_EQ(out[0], i);
        CHECK_EQ(prio, 3);
    }
    CHECK_EQ(get_prio(out, 4, &prio, NULL), PL_EAGAIN);
    CHECK(guards_intact());
}

/* New messages are counted as they come: a higher one overtakes the counted ones. */
TEST(by_prio_counts_messages_that_came_since_the_last_look)
{
    uint8_t out[8];
    uint32_t prio = 0;
    ring_of(8, 4);
    CHECK_EQ(mq_ring_put(&v, 1, 1, "a", 1), PL_OK);
    CHECK_EQ(mq_ring_put(&v, 1, 1, "b", 1), PL_OK);
    CHECK_EQ(mq_ring_put(&v, 1, 1, "c", 1), PL_OK);
    CHECK_EQ(get_prio(out, 4, &prio, NULL), 1);
    CHECK_EQ(out[0], 'a');
    CHECK_EQ(mq_ring_put(&v, 5, 1, "d", 1), PL_OK);
    CHECK_EQ(mq_ring_put(&v, 0, 1, "e", 1), PL_OK);
    const char *want = "dbce";
    for (uint32_t i = 0; i < 4; i++) {
        CHECK_EQ(get_prio(out, 4, &prio, NULL), 1);
        CHECK_EQ(out[0], want[i]);
    }
    CHECK_EQ(get_prio(out, 4, &prio, NULL), PL_EAGAIN);
}

/* A receive by type (or of the only message) forgets the summary; the next receive by
 * priority counts again and still takes the right one. */
TEST(by_type_between_receives_by_prio_keeps_the_choice_right)
{
    uint8_t out[8];
    uint32_t prio = 0;
    int32_t type = 0;
    ring_of(8, 4);
    CHECK_EQ(mq_ring_put(&v, 2, 1, "a", 1), PL_OK);
    CHECK_EQ(mq_ring_put(&v, 7, 2, "b", 1), PL_OK);
    CHECK_EQ(mq_ring_put(&v, 7, 1, "c", 1), PL_OK);
    CHECK_EQ(mq_ring_put(&v, 2, 2, "d", 1), PL_OK);
    CHECK_EQ(get_prio(out, 4, &prio, NULL), 1); /* b: 7, first */
    CHECK_EQ(out[0], 'b');
    CHECK_EQ(get_type(2, out, 4, &prio, &type), 1); /* d: the first of type 2 */
    CHECK_EQ(out[0], 'd');
    CHECK_EQ(get_prio(out, 4, &prio, NULL), 1); /* c: 7 */
    CHECK_EQ(out[0], 'c');
    CHECK_EQ(get_prio(out, 4, &prio, NULL), 1);
    CHECK_EQ(out[0], 'a');
    CHECK_EQ(get_prio(out, 4, &prio, NULL), PL_EAGAIN);
}

/* A peer that rewrites the reader's tail to another valid index, or writes a priority out of
 * range before it is counted: the summary starts again or the receive is PL_ESTATE; nothing
 * is read or written outside the ring. */
TEST(a_tail_or_priority_a_peer_rewrites_never_misleads_the_summary_outside)
{
    uint8_t out[8];
    struct mq_ring *r = ring_of(8, 4);
    for (uint32_t i = 0; i < 6; i++) {
        CHECK_EQ(mq_ring_put(&v, i % 3u, 1, "x", 1), PL_OK);
    }
    CHECK_EQ(get_prio(out, 4, NULL, NULL), 1);
    r->tail = (r->tail + 2u) % 16u; /* still between tail and head */
    int rc = get_prio(out, 4, NULL, NULL);
    CHECK(rc == 1 || rc == PL_ESTATE);
    CHECK_EQ(v.tail, r->tail); /* counted again from the tail it found */
    CHECK_EQ(mq_ring_put(&v, 1, 1, "y", 1), PL_OK);
    ((struct mq_ring_slot *)(r->slots + ((r->head + 15u) % 16u % 8u) * v.slot_size))->prio = 200;
    while ((rc = get_prio(out, 4, NULL, NULL)) == 1) {
    }
    CHECK_EQ(rc, PL_ESTATE); /* the priority past 31 is never counted */
    CHECK(guards_intact());
}

/* ---- sleeping ---- */

TEST(reader_sleeps_only_while_head_is_the_one_it_saw)
{
    struct mq_ring_view w; /* the writer's own view */
    uint8_t out[8];
    struct mq_ring *r = ring_of(4, 8);
    CHECK_EQ(mq_ring_attach(&w, r, bytes), PL_OK);
    CHECK_EQ(mq_ring_should_signal(&w, MQ_RING_READER), 0); /* nobody sleeps */
    CHECK_EQ(get_prio(out, 8, NULL, NULL), PL_EAGAIN);
    CHECK_EQ(mq_ring_prepare_sleep(&v, MQ_RING_READER), 1);
    uint32_t token = r->reader_waits;
    CHECK(token != 0);
    CHECK_EQ(mq_ring_put(&w, 0, 1, "a", 1), PL_OK);
    CHECK_EQ(mq_ring_should_signal(&w, MQ_RING_READER), 1);
    CHECK_EQ(mq_ring_put(&w, 0, 1, "b", 1), PL_OK);
    CHECK_EQ(mq_ring_should_signal(&w, MQ_RING_READER), 0); /* that sleep was signalled */
    mq_ring_woken(&v, MQ_RING_READER);
    CHECK_EQ(r->reader_waits, 0);
    CHECK_EQ(mq_ring_should_signal(&w, MQ_RING_READER), 0);
    /* A failed look, then the writer puts before the reader prepares: no sleep. */
    CHECK_EQ(get_type(7, out, 8, NULL, NULL), PL_EAGAIN);
    CHECK_EQ(mq_ring_put(&w, 0, 7, "c", 1), PL_OK);
    CHECK_EQ(mq_ring_prepare_sleep(&v, MQ_RING_READER), 0);
    CHECK_EQ(r->reader_waits, 0);
    CHECK_EQ(get_type(7, out, 8, NULL, NULL), 1);
    /* A new sleep has a new token and is signalled again. */
    CHECK_EQ(get_type(7, out, 8, NULL, NULL), PL_EAGAIN);
    CHECK_EQ(mq_ring_prepare_sleep(&v, MQ_RING_READER), 1);
    CHECK(r->reader_waits != 0 && r->reader_waits != token);
    CHECK_EQ(mq_ring_put(&w, 0, 7, "d", 1), PL_OK);
    CHECK_EQ(mq_ring_should_signal(&w, MQ_RING_READER), 1);
}

TEST(writer_sleeps_only_while_tail_is_the_one_it_saw)
{
    struct mq_ring_view rd; /* the reader's own view */
    uint8_t out[8];
    struct mq_ring *r = ring_of(2, 8);
    CHECK_EQ(mq_ring_attach(&rd, r, bytes), PL_OK);
    CHECK_EQ(mq_ring_put(&v, 0, 1, "a", 1), PL_OK);
    CHECK_EQ(mq_ring_put(&v, 0, 1, "b", 1), PL_OK);
    CHECK_EQ(mq_ring_put(&v, 0, 1, "c", 1), PL_EFULL);
    CHECK_EQ(mq_ring_prepare_sleep(&v, MQ_RING_WRITER), 1);
    CHECK(r->writer_waits != 0);
    CHECK_EQ(r->reader_waits, 0);
    CHECK_EQ(mq_ring_get(&rd, MQ_RING_BY_PRIO, 0, out, 8, NULL, NULL), 1);
    CHECK_EQ(mq_ring_should_signal(&rd, MQ_RING_WRITER), 1);
    CHECK_EQ(mq_ring_should_signal(&rd, MQ_RING_WRITER), 0);
    mq_ring_woken(&v, MQ_RING_WRITER);
    CHECK_EQ(r->writer_waits, 0);
    CHECK_EQ(mq_ring_put(&v, 0, 1, "c", 1), PL_OK);
    CHECK_EQ(mq_ring_put(&v, 0, 1, "d", 1), PL_EFULL);
    CHECK_EQ(mq_ring_get(&rd, MQ_RING_BY_PRIO, 0, out, 8, NULL, NULL), 1);
    CHECK_EQ(mq_ring_prepare_sleep(&v, MQ_RING_WRITER), 0); /* the tail moved meanwhile */
    CHECK_EQ(r->writer_waits, 0);
}

/* A side that dies asleep leaves its token in the page: the next life must not reuse it,
 * or the peer, which signalled that token already, would never wake the new sleep. */
TEST(a_side_attached_again_never_reuses_a_token_of_its_last_life)
{
    struct mq_ring_view w, rd;
    uint8_t out[8];
    struct mq_ring *r = ring_of(4, 8);
    CHECK_EQ(mq_ring_attach(&w, r, bytes), PL_OK);
    CHECK_EQ(mq_ring_attach(&rd, r, bytes), PL_OK);
    CHECK_EQ(mq_ring_get(&rd, MQ_RING_BY_PRIO, 0, out, 8, NULL, NULL), PL_EAGAIN);
    CHECK_EQ(mq_ring_prepare_sleep(&rd, MQ_RING_READER), 1);
    CHECK_EQ(mq_ring_put(&w, 0, 1, "a", 1), PL_OK);
    CHECK_EQ(mq_ring_should_signal(&w, MQ_RING_READER), 1);
    /* It dies before it runs: a new reader attaches, takes the message and sleeps. */
    CHECK_EQ(mq_ring_attach(&rd, r, bytes), PL_OK);
    CHECK_EQ(mq_ring_get(&rd, MQ_RING_BY_PRIO, 0, out, 8, NULL, NULL), 1);
    CHECK_EQ(mq_ring_get(&rd, MQ_RING_BY_PRIO, 0, out, 8, NULL, NULL), PL_EAGAIN);
    CHECK_EQ(mq_ring_prepare_sleep(&rd, MQ_RING_READER), 1);
    CHECK_EQ(mq_ring_put(&w, 0, 1, "b", 1), PL_OK);
    CHECK_EQ(mq_ring_should_signal(&w, MQ_RING_READER), 1);
}

/* The same for a side that woke and left cleanly (its word is 0 again): the page keeps its
 * last token (mq_ring.h, reserved[0] and [1]), so the next life's first sleep is new too. */
TEST(a_side_that_left_awake_never_reuses_a_token_either)
{
    struct mq_ring_view w, rd;
    uint8_t out[8];
    struct mq_ring *r = ring_of(4, 8);
    CHECK_EQ(mq_ring_attach(&w, r, bytes), PL_OK);
    for (int life = 0; life < 2; life++) {
        CHECK_EQ(mq_ring_attach(&rd, r, bytes), PL_OK);
        CHECK_EQ(mq_ring_get(&rd, MQ_RING_BY_PRIO, 0, out, 8, NULL, NULL), PL_EAGAIN);
        CHECK_EQ(mq_ring_prepare_sleep(&rd, MQ_RING_READER), 1);
        CHECK_EQ(mq_ring_put(&w, 0, 1, "a", 1), PL_OK);
        CHECK_EQ(mq_ring_should_signal(&w, MQ_RING_READER), 1);
        mq_ring_woken(&rd, MQ_RING_READER);
        CHECK_EQ(mq_ring_get(&rd, MQ_RING_BY_PRIO, 0, out, 8, NULL, NULL), 1);
    }
    /* The writer's side, likewise. */
    struct mq_ring_view w2;
    for (int life = 0; life < 2; life++) {
        CHECK_EQ(mq_ring_attach(&w2, r, bytes), PL_OK);
        while (mq_ring_put(&w2, 0, 1, "x", 1) == PL_OK) {
        }
        CHECK_EQ(mq_ring_prepare_sleep(&w2, MQ_RING_WRITER), 1);
        CHECK_EQ(mq_ring_get(&rd, MQ_RING_BY_PRIO, 0, out, 8, NULL, NULL), 1);
        CHECK_EQ(mq_ring_should_signal(&rd, MQ_RING_WRITER), 1);
        mq_ring_woken(&w2, MQ_RING_WRITER);
    }
}

/* mq_notify on a pair queue: the reader arms its flag without sleeping; the writer signals
 * once, at its next put, whatever the queue held; armed again, once more; woken disarms. */
TEST(an_armed_side_is_signalled_once_at_the_next_put_whether_or_not_it_sleeps)
{
    struct mq_ring_view w;
    uint8_t out[8];
    struct mq_ring *r = ring_of(4, 8);
    CHECK_EQ(mq_ring_attach(&w, r, bytes), PL_OK);
    CHECK_EQ(mq_ring_put(&w, 0, 1, "a", 1), PL_OK);
    mq_ring_arm(&v, MQ_RING_READER);
    uint32_t token = r->reader_waits;
    CHECK(token != 0);
    CHECK_EQ(r->writer_waits, 0);
    CHECK_EQ(mq_ring_put(&w, 0, 1, "b", 1), PL_OK); /* not empty before: signalled all the same */
    CHECK_EQ(mq_ring_should_signal(&w, MQ_RING_READER), 1);
    CHECK_EQ(mq_ring_put(&w, 0, 1, "c", 1), PL_OK);
    CHECK_EQ(mq_ring_should_signal(&w, MQ_RING_READER), 0); /* once */
    mq_ring_arm(&v, MQ_RING_READER);
    CHECK(r->reader_waits != 0 && r->reader_waits != token); /* a new token */
    CHECK_EQ(get_prio(out, 8, NULL, NULL), 1);               /* a get does not disarm */
    CHECK_EQ(mq_ring_put(&w, 0, 1, "d", 1), PL_OK);
    CHECK_EQ(mq_ring_should_signal(&w, MQ_RING_READER), 1);
    /* A sleep of the reader while the request stands (the same word): a new token when it
     * ends, whether it slept (woken) or found the head moved (prepare_sleep). */
    mq_ring_arm(&v, MQ_RING_READER);
    CHECK_EQ(mq_ring_put(&w, 0, 1, "x", 1), PL_OK);
    CHECK_EQ(mq_ring_should_signal(&w, MQ_RING_READER), 1);
    CHECK_EQ(get_prio(out, 8, NULL, NULL), 1);
    v.seen = 0xffffu; /* not the head: prepare_sleep looks again and does not sleep */
    token = r->reader_waits;
    CHECK_EQ(mq_ring_prepare_sleep(&v, MQ_RING_READER), 0);
    CHECK(r->reader_waits != 0 && r->reader_waits != token);
    token = r->reader_waits;
    mq_ring_woken(&v, MQ_RING_READER);
    CHECK(r->reader_waits != 0 && r->reader_waits != token);
    mq_ring_disarm(&v, MQ_RING_READER); /* disarmed */
    CHECK_EQ(r->reader_waits, 0);
    mq_ring_woken(&v, MQ_RING_READER);
    CHECK_EQ(r->reader_waits, 0);
    CHECK_EQ(mq_ring_put(&w, 0, 1, "e", 1), PL_OK); /* the fourth */
    CHECK_EQ(mq_ring_should_signal(&w, MQ_RING_READER), 0);
    /* The writer's side arms the same way: the reader's next get signals it. */
    mq_ring_arm(&w, MQ_RING_WRITER);
    CHECK_EQ(get_prio(out, 8, NULL, NULL), 1);
    CHECK_EQ(mq_ring_should_signal(&v, MQ_RING_WRITER), 1);
    CHECK(guards_intact());
}

TEST(a_flag_word_rewritten_by_a_peer_only_changes_signals)
{
    struct mq_ring *r = ring_of(4, 8);
    r->writer_waits = 0xdeadbeefu;
    CHECK_EQ(mq_ring_should_signal(&v, MQ_RING_WRITER), 1);
    CHECK_EQ(mq_ring_should_signal(&v, MQ_RING_WRITER), 0);
    r->writer_waits = 7;
    CHECK_EQ(mq_ring_should_signal(&v, MQ_RING_WRITER), 1);
    r->writer_waits = 0;
    CHECK_EQ(mq_ring_should_signal(&v, MQ_RING_WRITER), 0);
    CHECK(guards_intact());
}

TEST(tokens_are_never_zero)
{
    struct mq_ring *r = ring_of(4, 8);
    v.token[MQ_RING_READER] = 0xffffffffu;
    v.seen = 0;
    CHECK_EQ(mq_ring_prepare_sleep(&v, MQ_RING_READER), 1);
    CHECK_EQ(r->reader_waits, 1);
}

TEST(cookies_are_the_servers_to_write)
{
    struct mq_ring_view other;
    struct mq_ring *r = ring_of(4, 8);
    CHECK_EQ(mq_ring_attach(&other, r, bytes), PL_OK);
    mq_ring_set_cookie(&v, MQ_RING_READER, MQ_RING_COOKIE(3, 17));
    mq_ring_set_cookie(&v, MQ_RING_WRITER, MQ_RING_COOKIE(0, 0));
    CHECK_EQ(mq_ring_cookie(&other, MQ_RING_READER), MQ_RING_COOKIE(3, 17));
    CHECK_EQ(MQ_RING_COOKIE_NTFN(mq_ring_cookie(&other, MQ_RING_READER)), 3);
    CHECK_EQ(MQ_RING_COOKIE_BIT(mq_ring_cookie(&other, MQ_RING_READER)), 17);
    CHECK(mq_ring_cookie(&other, MQ_RING_WRITER) != 0);
    mq_ring_set_cookie(&v, MQ_RING_WRITER, 0);
    CHECK_EQ(mq_ring_cookie(&other, MQ_RING_WRITER), 0);
}

/* ---- a writer thread and a reader thread ---- */

#define STRESS_MSGS  100000u
#define STRESS_PRIOS 4u
#define STRESS_TYPES 3u

/* Each side's notification bit: set by the other side's signal, latched until taken. */
static uint32_t wake_bit[2];
static uint32_t stuck; /* a sleeper waited far too long: a lost wake-up */

struct stress {
    enum mq_ring_sel mix; /* BY_PRIO: the reader uses mq_receive's rule only; else all kinds */
    uint32_t failures;
};

/* Sleep as a task would: flag, recheck, wait for the bit (by yielding), clear the flag. */
static void sleep_on(struct mq_ring_view *sv, enum mq_ring_side side)
{
    if (!mq_ring_prepare_sleep(sv, side)) {
        return;
    }
    for (uint32_t naps = 0; !__atomic_exchange_n(&wake_bit[side], 0, __ATOMIC_ACQ_REL); naps++) {
        if (naps > 1000000u) { /* a hang guard only (a minute or more): a lost wake-up */
            __atomic_store_n(&stuck, 1, __ATOMIC_RELAXED);
            break;
        }
        usleep(1);
    }
    mq_ring_woken(sv, side);
}

static void signal_if(struct mq_ring_view *sv, enum mq_ring_side other)
{
    if (mq_ring_should_signal(sv, other)) {
        __atomic_store_n(&wake_bit[other], 1, __ATOMIC_RELEASE);
    }
}

/* A message's prio and type follow from its number, so the reader can check them. */
static uint32_t stress_prio(uint32_t seq)
{
    return (seq * 2654435761u >> 7) % STRESS_PRIOS;
}

static int32_t stress_type(uint32_t seq)
{
    return (int32_t)((seq * 40503u >> 5) % STRESS_TYPES) + 1;
}

static void *stress_writer(void *arg)
{
    struct stress *st = arg;
    struct mq_ring_view wv;
    if (mq_ring_attach(&wv, block + GUARD, bytes) != PL_OK) {
        st->failures++;
        return NULL;
    }
    for (uint32_t seq = 0; seq < STRESS_MSGS && !__atomic_load_n(&stuck, __ATOMIC_RELAXED);) {
        uint32_t data[3] = {seq, ~seq, seq * 3u};
        int rc = mq_ring_put(&wv, stress_prio(seq), stress_type(seq), data, 4u + seq % 9u);
        if (rc == PL_EFULL) {
            sleep_on(&wv, MQ_RING_WRITER);
            continue;
        }
        if (rc != PL_OK) {
            st->failures++;
            break;
        }
        seq++;
        signal_if(&wv, MQ_RING_READER);
    }
    return NULL;
}

static uint32_t last_seq[STRESS_PRIOS][STRESS_TYPES + 1u]; /* +1: the next expected */
static uint8_t seen_seq[STRESS_MSGS];

static void *stress_reader(void *arg)
{
    struct stress *st = arg;
    struct mq_ring_view rv;
    uint32_t r = 12345u;
    if (mq_ring_attach(&rv, block + GUARD, bytes) != PL_OK) {
        st->failures++;
        return NULL;
    }
    for (uint32_t got = 0; got < STRESS_MSGS && !__atomic_load_n(&stuck, __ATOMIC_RELAXED);) {
        r = r * 1103515245u + 12345u;
        enum mq_ring_sel sel =
            st->mix == MQ_RING_BY_PRIO || (r >> 16) % 2 ? MQ_RING_BY_PRIO : MQ_RING_BY_TYPE;
        int32_t want = (int32_t)((r >> 20) % (2u * STRESS_TYPES + 1u)) - (int32_t)STRESS_TYPES;
        uint32_t data[64], prio;
        int32_t type;
        int rc = mq_ring_get(&rv, sel, want, data, sizeof(data), &prio, &type);
        if (rc == PL_EAGAIN) {
            /* Sleep only on an empty ring: the held ones of other types may be the last. */
            if (sel == MQ_RING_BY_PRIO || want == 0) {
                sleep_on(&rv, MQ_RING_READER);
            }
            continue;
        }
        uint32_t seq = data[0];
        if (rc < 4 || seq >= STRESS_MSGS || rc != (int)(4u + seq % 9u) || seen_seq[seq] ||
            prio != stress_prio(seq) || type != stress_type(seq)) {
            st->failures++;
            break;
        }
        seen_seq[seq] = 1;
        /* FIFO within a priority (BY_PRIO only), within a priority and type (any mix). */
        uint32_t *last = &last_seq[prio][st->mix == MQ_RING_BY_PRIO ? 0 : (uint32_t)type];
        if (*last > seq) {
            st->failures++;
            break;
        }
        *last = seq + 1u;
        got++;
        signal_if(&rv, MQ_RING_WRITER);
    }
    return NULL;
}

static void stress_run(enum mq_ring_sel mix, uint32_t maxmsg)
{
    struct stress st = {mix, 0};
    ring_of(maxmsg, 12);
    memset(last_seq, 0, sizeof(last_seq));
    memset(seen_seq, 0, sizeof(seen_seq));
    pthread_t w, r;
    CHECK_EQ(pthread_create(&r, NULL, stress_reader, &st), 0);
    CHECK_EQ(pthread_create(&w, NULL, stress_writer, &st), 0);
    CHECK_EQ(pthread_join(w, NULL), 0);
    CHECK_EQ(pthread_join(r, NULL), 0);
    CHECK_EQ(st.failures, 0);
    CHECK_EQ(stuck, 0);
    uint32_t missing = 0;
    for (uint32_t i = 0; i < STRESS_MSGS; i++) {
        missing += !seen_seq[i];
    }
    CHECK_EQ(missing, 0);
    CHECK_EQ(mq_ring_count(&v), 0);
    CHECK(guards_intact());
}

TEST(a_writer_thread_and_a_reader_thread_by_priority_lose_nothing)
{
    stress_run(MQ_RING_BY_PRIO, 5);
}

TEST(a_writer_thread_and_a_reader_thread_of_every_kind_lose_nothing)
{
    stress_run(MQ_RING_BY_TYPE, 8);
}

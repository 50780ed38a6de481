/*
 * tests/host/test_pipe_ring.c - servers/pipe/pipe_ring.c: setting a ring up and attaching to
 * it, full and empty at every position of the indices (wrap-around included), whole and
 * partial writes, indices a peer corrupted, the sleep handshake and a long stream.
 *
 * Each ring lives in a heap block of exactly its size, so AddressSanitizer catches any access
 * past it.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "pipe_ring.h"

#define HDR ((uint32_t)sizeof(struct pipe_ring))

static void *block;
static struct pipe_ring_view v;

/* A fresh ring of `size` data bytes in a block of exactly that size, attached. */
static struct pipe_ring *ring_of(uint32_t size)
{
    free(block);
    block = malloc(HDR + size);
    CHECK_EQ(pipe_ring_init(block, HDR + size), PL_OK);
    CHECK_EQ(pipe_ring_attach(&v, block, HDR + size), PL_OK);
    return block;
}

/* Move both indices to `at` by putting and getting `at` bytes. */
static void advance(uint32_t at)
{
    uint8_t junk[64];
    memset(junk, 0xee, sizeof(junk));
    CHECK(at <= sizeof(junk));
    if (at > 0) {
        CHECK_EQ(pipe_ring_put(&v, junk, at, PIPE_RING_WHOLE), (int)at);
        CHECK_EQ(pipe_ring_get(&v, junk, at), (int)at);
    }
}

TEST(init_refuses_misaligned_small_or_huge_blocks)
{
    static uint32_t mem[16];
    CHECK_EQ(pipe_ring_init(NULL, 64), PL_EINVAL);
    CHECK_EQ(pipe_ring_init((uint8_t *)mem + 1, 40), PL_EINVAL);
    CHECK_EQ(pipe_ring_init(mem, HDR + 1u), PL_EINVAL);
    CHECK_EQ(pipe_ring_init(mem, HDR + PIPE_RING_MAX_DATA + 1u), PL_EINVAL);
    CHECK_EQ(pipe_ring_init(mem, HDR + 2u), PL_OK);
    CHECK_EQ(pipe_ring_attach(&v, mem, HDR + 2u), PL_OK);
    CHECK_EQ(pipe_ring_capacity(&v), 1);
}

TEST(attach_refuses_what_init_did_not_leave)
{
    static uint32_t mem[32];
    struct pipe_ring *r = (struct pipe_ring *)mem;
    CHECK_EQ(pipe_ring_attach(&v, mem, sizeof(mem)), PL_ESTATE); /* never set up */
    CHECK_EQ(pipe_ring_init(mem, sizeof(mem)), PL_OK);
    CHECK_EQ(pipe_ring_attach(&v, mem, sizeof(mem) - 1u), PL_ESTATE); /* mapped shorter */
    CHECK_EQ(pipe_ring_attach(&v, (uint8_t *)mem + 2, 64), PL_ESTATE);
    CHECK_EQ(pipe_ring_attach(&v, NULL, 64), PL_ESTATE);
    r->head = r->size;
    CHECK_EQ(pipe_ring_attach(&v, mem, sizeof(mem)), PL_ESTATE);
    r->head = 0;
    r->tail = r->size + 5u;
    CHECK_EQ(pipe_ring_attach(&v, mem, sizeof(mem)), PL_ESTATE);
    r->tail = 0;
    r->magic ^= 1u;
    CHECK_EQ(pipe_ring_attach(&v, mem, sizeof(mem)), PL_ESTATE);
    r->magic ^= 1u;
    CHECK_EQ(pipe_ring_attach(&v, mem, sizeof(mem)), PL_OK);
    CHECK_EQ(v.size, sizeof(mem) - HDR);
}

TEST(full_and_empty_at_every_index_position_for_several_sizes)
{
    static const uint32_t sizes[] = {2, 3, 7, 16, 33};
    uint8_t in[64], out[64];
    for (unsigned s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
        uint32_t size = sizes[s], cap = size - 1u;
        for (uint32_t at = 0; at < size; at++) {
            ring_of(size);
            advance(at);
            for (uint32_t i = 0; i < cap; i++) {
                in[i] = (uint8_t)(at * 31u + i);
            }
            CHECK_EQ(pipe_ring_count(&v), 0);
            CHECK_EQ(pipe_ring_room(&v), (int)cap);
            CHECK_EQ(pipe_ring_get(&v, out, sizeof(out)), 0); /* empty */
            CHECK_EQ(pipe_ring_put(&v, in, cap, PIPE_RING_WHOLE), (int)cap);
            CHECK_EQ(pipe_ring_count(&v), (int)cap);
            CHECK_EQ(pipe_ring_room(&v), 0);
            CHECK_EQ(pipe_ring_put(&v, in, 1, PIPE_RING_PARTIAL), 0); /* full */
            memset(out, 0, sizeof(out));
            CHECK_EQ(pipe_ring_get(&v, out, sizeof(out)), (int)cap);
            CHECK_EQ(memcmp(in, out, cap), 0);
            CHECK_EQ(pipe_ring_count(&v), 0);
        }
    }
}

TEST(every_fill_level_at_every_position_counts_right)
{
    const uint32_t size = 9, cap = 8;
    uint8_t in[8] = {1, 2, 3, 4, 5, 6, 7, 8}, out[8];
    for (uint32_t at = 0; at < size; at++) {
        for (uint32_t n = 0; n <= cap; n++) {
            ring_of(size);
            advance(at);
            CHECK_EQ(pipe_ring_put(&v, in, n, PIPE_RING_WHOLE), (int)n);
            CHECK_EQ(pipe_ring_count(&v), (int)n);
            CHECK_EQ(pipe_ring_room(&v), (int)(cap - n));
            CHECK_EQ(pipe_ring_put(&v, in, cap - n + 1u, PIPE_RING_WHOLE), 0);
            CHECK_EQ(pipe_ring_put(&v, in, cap - n, PIPE_RING_WHOLE), (int)(cap - n));
            CHECK_EQ(pipe_ring_get(&v, out, n), (int)n);
            CHECK_EQ(memcmp(out, in, n), 0);
            CHECK_EQ(pipe_ring_get(&v, out, cap), (int)(cap - n));
            CHECK_EQ(memcmp(out, in, cap - n), 0);
        }
    }
}

TEST(whole_write_that_does_not_fit_changes_nothing_partial_takes_what_fits)
{
    uint8_t out[8];
    struct pipe_ring *r = ring_of(6); /* holds 5 */
    CHECK_EQ(pipe_ring_put(&v, "ab", 2, PIPE_RING_WHOLE), 2);
    CHECK_EQ(pipe_ring_put(&v, "cdefg", 5, PIPE_RING_WHOLE), 0);
    CHECK_EQ(r->head, 2);
    CHECK_EQ(pipe_ring_put(&v, "cdefg", 5, PIPE_RING_PARTIAL), 3);
    CHECK_EQ(pipe_ring_get(&v, out, 2), 2); /* a short read leaves the rest */
    CHECK_EQ(memcmp(out, "ab", 2), 0);
    CHECK_EQ(pipe_ring_get(&v, out, 0), 0);
    CHECK_EQ(pipe_ring_get(&v, out, sizeof(out)), 3);
    CHECK_EQ(memcmp(out, "cde", 3), 0);
    CHECK_EQ(pipe_ring_put(&v, "", 0, PIPE_RING_WHOLE), 0);
}

TEST(indices_a_peer_corrupted_are_estate_and_move_nothing)
{
    uint8_t out[8];
    struct pipe_ring *r = ring_of(8);
    CHECK_EQ(pipe_ring_put(&v, "abc", 3, PIPE_RING_WHOLE), 3);
    r->tail = 8;
    CHECK_EQ(pipe_ring_put(&v, "x", 1, PIPE_RING_WHOLE), PL_ESTATE);
    CHECK_EQ(pipe_ring_room(&v), PL_ESTATE);
    CHECK_EQ(r->head, 3);
    r->tail = 0;
    r->head = 0xffffffffu;
    CHECK_EQ(pipe_ring_get(&v, out, sizeof(out)), PL_ESTATE);
    CHECK_EQ(pipe_ring_count(&v), PL_ESTATE);
    CHECK_EQ(r->tail, 0);
    CHECK_EQ(pipe_ring_reader_prepare_sleep(&v), 0); /* no sleeping on a broken ring */
    CHECK_EQ(pipe_ring_writer_prepare_sleep(&v, 1), 0);
}

TEST(a_size_rewritten_in_the_page_does_not_widen_the_ring)
{
    uint8_t big[64];
    struct pipe_ring *r = ring_of(8);
    memset(big, 'z', sizeof(big));
    r->size = 1000u; /* the peer lies; the view keeps 8 */
    r->head = 7;
    r->tail = 7;
    CHECK_EQ(pipe_ring_put(&v, big, sizeof(big), PIPE_RING_PARTIAL), 7);
    CHECK_EQ(r->head, 6); /* wrapped at 8, not at 1000 */
    CHECK_EQ(pipe_ring_get(&v, big, sizeof(big)), 7);
}

TEST(reader_sleeps_only_on_an_empty_ring_with_a_writer)
{
    struct pipe_ring *r = ring_of(8);
    CHECK_EQ(pipe_ring_should_signal_reader(&v), 0);
    CHECK_EQ(pipe_ring_reader_prepare_sleep(&v), 1);
    CHECK_EQ(r->reader_waits, 1);
    CHECK_EQ(pipe_ring_put(&v, "a", 1, PIPE_RING_WHOLE), 1);
    CHECK_EQ(pipe_ring_should_signal_reader(&v), 1);
    pipe_ring_reader_woken(&v);
    CHECK_EQ(pipe_ring_should_signal_reader(&v), 0);
    CHECK_EQ(pipe_ring_reader_prepare_sleep(&v), 0); /* a byte is there */
    CHECK_EQ(r->reader_waits, 0);
    char c;
    CHECK_EQ(pipe_ring_get(&v, &c, 1), 1);
    pipe_ring_set_ends(&v, PIPE_RING_NO_WRITER);
    CHECK_EQ(pipe_ring_ends(&v), PIPE_RING_NO_WRITER);
    CHECK_EQ(pipe_ring_reader_prepare_sleep(&v), 0); /* end of file: nothing will come */
    CHECK_EQ(r->reader_waits, 0);
}

TEST(writer_sleeps_only_while_its_write_does_not_fit_and_a_reader_is_there)
{
    char out[8];
    struct pipe_ring *r = ring_of(5); /* holds 4 */
    CHECK_EQ(pipe_ring_writer_prepare_sleep(&v, 4), 0);
    CHECK_EQ(pipe_ring_put(&v, "abc", 3, PIPE_RING_WHOLE), 3);
    CHECK_EQ(pipe_ring_writer_prepare_sleep(&v, 1), 0);
    CHECK_EQ(pipe_ring_writer_prepare_sleep(&v, 2), 1);
    CHECK(r->writer_waits != 0); /* this sleep's token (the refused tries took two) */
    CHECK_EQ(pipe_ring_get(&v, out, 2), 2);
    CHECK_EQ(pipe_ring_should_signal_writer(&v), 1);
    pipe_ring_writer_woken(&v);
    CHECK_EQ(pipe_ring_should_signal_writer(&v), 0);
    CHECK_EQ(pipe_ring_put(&v, "def", 3, PIPE_RING_WHOLE), 3);
    pipe_ring_set_ends(&v, PIPE_RING_NO_READER);
    CHECK_EQ(pipe_ring_writer_prepare_sleep(&v, 4), 0); /* nobody will make room */
}

/* Each sleep has its own token: the other side signals it once however many indices it
 * publishes before the sleeper runs, and signals the next sleep again. */
TEST(each_sleep_is_signalled_once)
{
    struct pipe_ring_view w; /* the writer's own view of the same ring */
    struct pipe_ring *r = ring_of(16);
    CHECK_EQ(pipe_ring_attach(&w, r, sizeof(struct pipe_ring) + 16u), PL_OK);
    CHECK_EQ(pipe_ring_reader_prepare_sleep(&v), 1);
    uint32_t first = r->reader_waits;
    CHECK(first != 0);
    CHECK_EQ(pipe_ring_put(&w, "a", 1, PIPE_RING_WHOLE), 1);
    CHECK_EQ(pipe_ring_should_signal_reader(&w), 1);
    CHECK_EQ(pipe_ring_put(&w, "b", 1, PIPE_RING_WHOLE), 1);
    CHECK_EQ(pipe_ring_should_signal_reader(&w), 0); /* the same sleep: signalled already */
    pipe_ring_reader_woken(&v);
    char out[4];
    CHECK_EQ(pipe_ring_get(&v, out, sizeof(out)), 2);
    CHECK_EQ(pipe_ring_reader_prepare_sleep(&v), 1);
    CHECK(r->reader_waits != first);
    CHECK_EQ(pipe_ring_put(&w, "c", 1, PIPE_RING_WHOLE), 1);
    CHECK_EQ(pipe_ring_should_signal_reader(&w), 1); /* a new sleep */
}

/* A peer that writes its flag word at will (any value, again and again) costs only wake-ups:
 * the signalling side never reads more than the word. */
TEST(a_flag_word_rewritten_by_a_peer_only_changes_signals)
{
    struct pipe_ring *r = ring_of(16);
    r->writer_waits = 0xdeadbeefu;
    CHECK_EQ(pipe_ring_should_signal_writer(&v), 1);
    CHECK_EQ(pipe_ring_should_signal_writer(&v), 0);
    r->writer_waits = 7;
    CHECK_EQ(pipe_ring_should_signal_writer(&v), 1);
    r->writer_waits = 0;
    CHECK_EQ(pipe_ring_should_signal_writer(&v), 0);
}

TEST(a_long_stream_of_odd_chunks_arrives_whole_and_in_order)
{
    uint8_t chunk[40], got[40];
    uint32_t seed = 12345u, sent = 0, recvd = 0, bad = 0;
    ring_of(37);
    while (recvd < 100000u) {
        seed = seed * 1103515245u + 12345u;
        uint32_t n = (seed >> 16) % sizeof(chunk) + 1u;
        for (uint32_t i = 0; i < n; i++) {
            chunk[i] = (uint8_t)((sent + i) * 7u);
        }
        int put = pipe_ring_put(&v, chunk, n, (seed & 1u) ? PIPE_RING_PARTIAL : PIPE_RING_WHOLE);
        sent += (uint32_t)put;
        int take = pipe_ring_get(&v, got, (seed >> 8) % sizeof(got) + 1u);
        for (int i = 0; i < take; i++) {
            bad += got[i] != (uint8_t)((recvd + (uint32_t)i) * 7u);
        }
        recvd += (uint32_t)take;
        CHECK(put >= 0 && take >= 0);
    }
    CHECK_EQ(bad, 0);
    CHECK_EQ(pipe_ring_count(&v), (int)(sent - recvd));
}

/*
 * tests/host/test_uaccess.c - kernel/uaccess.c: which buffers the kernel may touch for a task.
 * Fixture tasks give real regions of each kind; a scratch task with hand-made regions covers
 * the edges of the address space, which no host memory can sit at.
 */
#include "fixture.h"
#include "harness.h"
#include "uaccess.h"

#define R               UACCESS_READ
#define W               UACCESS_WRITE
#define TOP_REGION_BASE (UINTPTR_MAX - 4095u) /* the last 4 KiB of the address space */

static struct task_desc scratch_desc;
static struct task scratch;

/* A task owning exactly the n regions r (n <= ARCH_MPU_SLOTS). */
static const struct task *task_with(const struct mem_region *r, uint32_t n)
{
    scratch_desc = (struct task_desc){.name = "scratch", .regions = r, .region_count = n};
    scratch = (struct task){.desc = &scratch_desc};
    for (uint32_t i = 0; i < n; i++) {
        scratch.regions[i] = r[i];
    }
    return &scratch;
}

static uintptr_t at(const void *p)
{
    return (uintptr_t)p;
}

static int ok(enum fixture_task_index i, const void *p, uint32_t len, enum uaccess want)
{
    return uaccess_ok(fx_task(i), at(p), len, want);
}

TEST(zero_length_buffer_is_always_valid)
{
    const struct task *t = fx_task(FX_WORKER_A);
    CHECK(uaccess_ok(t, 0, 0, R));
    CHECK(uaccess_ok(t, 0, 0, W));
    CHECK(uaccess_ok(t, UINTPTR_MAX, 0, W));
    CHECK(ok(FX_WORKER_A, fx_device, 0, W));        /* even where no length would be */
    CHECK(ok(FX_WORKER_A, fx_ram[FX_SUPER], 0, W)); /* even in another task's memory */
}

TEST(buffer_inside_own_ram_is_readable_and_writable)
{
    CHECK(ok(FX_WORKER_A, &fx_ram[FX_WORKER_A][100], 50, R));
    CHECK(ok(FX_WORKER_A, &fx_ram[FX_WORKER_A][100], 50, W));
}

TEST(whole_region_is_a_valid_buffer)
{
    CHECK(ok(FX_SUPER, fx_ram[FX_SUPER], FX_RAM_SIZE, W));
}

TEST(buffer_starting_at_region_base_is_valid)
{
    CHECK(ok(FX_SUPER, fx_ram[FX_SUPER], 1, W));
}

TEST(buffer_ending_exactly_at_region_end_is_valid)
{
    CHECK(ok(FX_SUPER, &fx_ram[FX_SUPER][FX_RAM_SIZE - 16], 16, W));
}

TEST(buffer_one_past_region_end_is_refused)
{
    CHECK(!ok(FX_SUPER, &fx_ram[FX_SUPER][FX_RAM_SIZE - 16], 17, R));
    CHECK(!ok(FX_SUPER, &fx_ram[FX_SUPER][FX_RAM_SIZE - 16], 17, W));
}

TEST(first_byte_after_region_is_refused)
{
    CHECK(!uaccess_ok(fx_task(FX_SUPER), at(fx_ram[FX_SUPER]) + FX_RAM_SIZE, 1, R));
}

TEST(buffer_starting_one_byte_before_region_is_refused)
{
    CHECK(!uaccess_ok(fx_task(FX_SUPER), at(fx_ram[FX_SUPER]) - 1u, 8, R));
}

TEST(buffer_larger_than_its_region_is_refused)
{
    CHECK(!ok(FX_SUPER, fx_ram[FX_SUPER], FX_RAM_SIZE + 1u, R));
    CHECK(!ok(FX_SUPER, fx_ram[FX_SUPER], UINT32_MAX, R));
}

TEST(another_tasks_memory_is_refused)
{
    CHECK(!ok(FX_WORKER_A, fx_ram[FX_WORKER_B], 4, R));
    CHECK(!ok(FX_WORKER_A, fx_ram[FX_WORKER_B], 4, W));
    CHECK(!ok(FX_WORKER_A, fx_code[FX_WORKER_B], 4, R));
    CHECK(!ok(FX_SUPER, fx_ram[FX_IDLE], 4, R)); /* the supervisor capability does not matter */
}

TEST(address_outside_every_region_is_refused)
{
    CHECK(!uaccess_ok(fx_task(FX_WORKER_A), 0, 1, R));
    CHECK(!uaccess_ok(fx_task(FX_WORKER_A), 0x1000, 4, R));
}

TEST(buffer_wrapping_address_space_is_refused)
{
    const struct mem_region top = {TOP_REGION_BASE, 4096, MEM_DATA};
    const struct task *t = task_with(&top, 1);
    CHECK(!uaccess_ok(t, UINTPTR_MAX - 15u, 32, R));
    CHECK(!uaccess_ok(t, UINTPTR_MAX, 2, W));
    CHECK(!uaccess_ok(fx_task(FX_SUPER), UINTPTR_MAX - 1u, 4, R));
}

TEST(buffer_wrapping_into_a_region_at_address_zero_is_refused)
{
    const struct mem_region low = {0, 4096, MEM_DATA}; /* the wrapped end lands inside */
    const struct task *t = task_with(&low, 1);
    CHECK(!uaccess_ok(t, UINTPTR_MAX - 1u, 4, R));
    CHECK(uaccess_ok(t, 0, 4096, W));
}

TEST(buffer_ending_at_top_of_address_space_is_valid)
{
    const struct mem_region top = {TOP_REGION_BASE, 4096, MEM_DATA};
    const struct task *t = task_with(&top, 1);
    CHECK(uaccess_ok(t, UINTPTR_MAX - 15u, 16, W));
    CHECK(uaccess_ok(t, UINTPTR_MAX, 1, R));
    CHECK(uaccess_ok(t, TOP_REGION_BASE, 4096, R));
}

TEST(device_region_is_never_a_buffer)
{
    CHECK(!ok(FX_WORKER_A, fx_device, 4, R));
    CHECK(!ok(FX_WORKER_A, fx_device, 4, W));
    CHECK(!ok(FX_WORKER_A, fx_device, FX_SMALL_SIZE, R));
}

TEST(code_region_is_readable_not_writable)
{
    CHECK(ok(FX_WORKER_A, fx_code[FX_WORKER_A], 16, R));
    CHECK(!ok(FX_WORKER_A, fx_code[FX_WORKER_A], 16, W));
}

TEST(rodata_region_is_readable_not_writable)
{
    CHECK(ok(FX_WORKER_A, fx_rodata, FX_SMALL_SIZE, R));
    CHECK(!ok(FX_WORKER_A, fx_rodata, 1, W));
}

TEST(buffer_spanning_two_adjacent_regions_is_refused)
{
    /* Both are writable by worker_b and they touch, but a buffer must lie inside ONE. */
    CHECK_EQ(at(fx_shared[0]) + FX_SHARED_SIZE, at(fx_shared[1]));
    CHECK(!ok(FX_WORKER_B, &fx_shared[0][FX_SHARED_SIZE - 8], 16, W));
    CHECK(!ok(FX_WORKER_B, fx_shared[0], 2 * FX_SHARED_SIZE, R));
}

TEST(each_of_two_adjacent_regions_alone_is_valid)
{
    CHECK(ok(FX_WORKER_B, &fx_shared[0][FX_SHARED_SIZE - 8], 8, W));
    CHECK(ok(FX_WORKER_B, fx_shared[1], 8, W));
}

TEST(region_of_unknown_access_kind_is_never_a_buffer)
{
    const struct mem_region odd[] = {{0x10000, 4096, 0}, {0x20000, 4096, 9}};
    const struct task *t = task_with(odd, 2);
    CHECK(!uaccess_ok(t, 0x10000, 4, R));
    CHECK(!uaccess_ok(t, 0x20000, 4, R));
}

TEST(task_without_regions_owns_nothing)
{
    const struct task *t = task_with(NULL, 0);
    CHECK(!uaccess_ok(t, 0x10000, 1, R));
    CHECK(uaccess_ok(t, 0x10000, 0, R));
}

TEST(zero_size_region_contains_nothing)
{
    /* An unused slot (an empty shared-page window) is size 0, often at base 0. */
    const struct mem_region empty[] = {{0x10000, 0, MEM_DATA}, {0, 0, MEM_DATA}};
    const struct task *t = task_with(empty, 2);
    CHECK(!uaccess_ok(t, 0x10000, 1, R));
    CHECK(!uaccess_ok(t, 0, 1, R));
    CHECK(!uaccess_ok(t, 0x1000, 64, W));
}

TEST(later_region_is_searched_too)
{
    /* worker_b's shared regions are its 3rd and 4th slots. */
    CHECK(ok(FX_WORKER_B, &fx_shared[1][FX_SHARED_SIZE - 1], 1, R));
}

/* ---- The quick checks (uaccess_own_ram, uaccess_own_code) against the whole rule ---- */

static const uintptr_t deltas[] = {0, 1, 2, 3, 4, 7, 8, 15, 16, 255, 256};
static const uint32_t lens[] = {0,    1,    2,    3,           4,           5,         15,   16,
                                17,   64,   255,  256,         257,         1023,      1024, 1025,
                                4095, 4096, 4097, 0x7fffffffu, 0xfffffff0u, UINT32_MAX};

/* Every length above at `addr`: a quick check that says yes must be right, and uaccess_ok()
 * must say exactly what uaccess_check() says. Returns how many cases disagreed. */
static unsigned disagreements_at(const struct task *t, uintptr_t addr)
{
    unsigned bad = 0;
    for (unsigned l = 0; l < sizeof(lens) / sizeof(lens[0]); l++) {
        uint32_t len = lens[l];
        int rule_r = uaccess_check(t, addr, len, R), rule_w = uaccess_check(t, addr, len, W);
        bad += uaccess_own_ram(t, addr, len) && !(rule_r && rule_w);
        bad += uaccess_own_code(t, addr, len) && !rule_r;
        bad += uaccess_ok(t, addr, len, R) != rule_r;
        bad += uaccess_ok(t, addr, len, W) != rule_w;
    }
    return bad;
}

/* Addresses just around both ends of every region of every task in `owners`, and the ends
 * of the address space, each with every length. */
static unsigned disagreements(const struct task *t, const struct task *const *owners, unsigned n)
{
    unsigned bad = 0;
    for (unsigned o = 0; o < n; o++) {
        for (uint32_t r = 0; r < task_region_count(owners[o]); r++) {
            uintptr_t lo = owners[o]->regions[r].base;
            uintptr_t hi =
                lo + owners[o]->regions[r].size; /* may wrap to 0: fine, just an address */
            for (unsigned d = 0; d < sizeof(deltas) / sizeof(deltas[0]); d++) {
                bad += disagreements_at(t, lo + deltas[d]) + disagreements_at(t, lo - deltas[d]);
                bad += disagreements_at(t, hi + deltas[d]) + disagreements_at(t, hi - deltas[d]);
            }
        }
    }
    for (unsigned d = 0; d < sizeof(deltas) / sizeof(deltas[0]); d++) {
        bad += disagreements_at(t, deltas[d]) + disagreements_at(t, UINTPTR_MAX - deltas[d]);
    }
    return bad;
}

TEST(quick_checks_agree_with_the_whole_rule_for_every_fixture_task)
{
    /* Each task's buffers probed at the edges of every task's regions: its own RAM and code,
     * another task's RAM and code, devices, read-only data, shared windows. */
    const struct task *all[FX_TASKS];
    for (unsigned i = 0; i < FX_TASKS; i++) {
        all[i] = fx_task((enum fixture_task_index)i);
    }
    for (unsigned i = 0; i < FX_TASKS; i++) {
        CHECK_EQ(disagreements(all[i], all, FX_TASKS), 0u);
    }
}

TEST(quick_checks_agree_with_the_whole_rule_at_the_top_and_bottom_of_memory)
{
    const struct mem_region top[] = {{TOP_REGION_BASE - 4096u, 4096, MEM_CODE},
                                     {TOP_REGION_BASE, 4096, MEM_DATA}};
    const struct mem_region low[] = {{0, 4096, MEM_CODE}, {4096, 4096, MEM_DATA}};
    const struct task *t = task_with(top, 2);
    const struct task *owners[] = {t};
    CHECK_EQ(disagreements(t, owners, 1), 0u);
    t = task_with(low, 2);
    CHECK_EQ(disagreements(t, owners, 1), 0u);
}

TEST(quick_checks_agree_when_slots_0_and_1_hold_other_kinds)
{
    /* No sysgen layout does this, but the kernel must not trust the slot order: a device, a
     * read-only window or an unknown kind in slot 0 or 1 is never taken for code or RAM. */
    const struct mem_region kinds[][3] = {
        {{0x10000, 4096, MEM_DEVICE}, {0x20000, 4096, MEM_RODATA}, {0x30000, 4096, MEM_DATA}},
        {{0x10000, 4096, MEM_DATA}, {0x20000, 4096, MEM_DEVICE}, {0x30000, 4096, MEM_CODE}},
        {{0x10000, 4096, MEM_RODATA}, {0x20000, 4096, MEM_CODE}, {0x30000, 4096, 9}},
        {{0x10000, 4096, 0}, {0x20000, 4096, 0}, {0x30000, 4096, MEM_DATA}},
    };
    for (unsigned k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
        const struct task *t = task_with(kinds[k], 3);
        const struct task *owners[] = {t};
        CHECK_EQ(disagreements(t, owners, 1), 0u);
    }
}

TEST(quick_ram_check_refuses_what_the_rule_refuses)
{
    const struct task *a = fx_task(FX_WORKER_A);
    uintptr_t ram = at(fx_ram[FX_WORKER_A]);
    CHECK(uaccess_own_ram(a, ram, FX_RAM_SIZE));
    CHECK(!uaccess_own_ram(a, ram, FX_RAM_SIZE + 1u));                  /* one past the end */
    CHECK(!uaccess_own_ram(a, ram + FX_RAM_SIZE - 4u, 8));              /* straddles the end */
    CHECK(!uaccess_own_ram(a, ram + FX_RAM_SIZE, 1));                   /* the byte after */
    CHECK(!uaccess_own_ram(a, ram - 1u, 2));                            /* straddles the start */
    CHECK(!uaccess_own_ram(a, ram + 16u, UINT32_MAX));                  /* base + len wraps */
    CHECK(!uaccess_own_ram(a, at(fx_ram[FX_WORKER_B]), 4));             /* another task's RAM */
    CHECK(!uaccess_own_ram(a, at(fx_code[FX_WORKER_A]), 4));            /* its own code */
    CHECK(!uaccess_own_ram(a, at(fx_device), 4));                       /* a device */
    CHECK(!uaccess_own_ram(fx_task(FX_WORKER_B), at(fx_shared[0]), 4)); /* a window: the rule's */
}

TEST(quick_code_check_refuses_what_the_rule_refuses)
{
    const struct task *a = fx_task(FX_WORKER_A);
    uintptr_t code = at(fx_code[FX_WORKER_A]);
    CHECK(uaccess_own_code(a, code, FX_CODE_SIZE));
    CHECK(!uaccess_own_code(a, code, FX_CODE_SIZE + 1u));
    CHECK(!uaccess_own_code(a, code + FX_CODE_SIZE - 2u, 4));
    CHECK(!uaccess_own_code(a, code - 1u, 2));
    CHECK(!uaccess_own_code(a, code + 1u, UINT32_MAX));
    CHECK(!uaccess_own_code(a, at(fx_code[FX_WORKER_B]), 4));
    CHECK(!uaccess_own_code(a, at(fx_ram[FX_WORKER_A]), 4));
    /* and the code is never written, whichever check answers */
    CHECK(!uaccess_ok(a, code, 4, W));
}

TEST(read_only_window_is_readable_not_writable_whichever_check_answers)
{
    const struct mem_region r[] = {
        {0x10000, 4096, MEM_CODE}, {0x20000, 4096, MEM_DATA}, {0x30000, 4096, MEM_RODATA}};
    const struct task *t = task_with(r, 3);
    CHECK(uaccess_ok(t, 0x30000, 16, R));
    CHECK(!uaccess_ok(t, 0x30000, 16, W));
    CHECK(!uaccess_ok(t, 0x20ff0, 32, W)); /* RAM's end into nothing */
}

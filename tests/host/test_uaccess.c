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
    scratch = (struct task){.desc = &scratch_desc, .region_count = n};
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

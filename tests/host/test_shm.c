/*
 * tests/host/test_shm.c - ipc/shm.c: shared pages. The owner maps its pages read-write; others
 * map them only with the owner's grant (read-only or read-write) and only into windows they
 * have; revoking unmaps at once; an owner that stops ends its grants everywhere (except that a
 * PL_SHM_KEEP grantee holds a page it has mapped: PL_EBUSY for the owner until it lets go); a
 * restart empties the restarted task's windows; a holder is told (a word of its poll mirror,
 * and its notification wait ended with PL_EDEAD). What a mapping means is checked where it matters:
 * the task's regions (and the arch's copy, which becomes the MPU), uaccess, and IPC buffers.
 *
 * Fixture: pages 0 and 1 belong to worker_c (2 windows); tester has 2 windows; the other tasks
 * have none. A window is the MPU slot after the task's description regions.
 */
#include <string.h>

#include "fake_board.h"
#include "fixture.h"
#include "harness.h"
#include "host_arch.h"
#include "uaccess.h"
#include <parley/syscall.h>

#define OWNER  FX_WORKER_C
#define GUEST  FX_TESTER
#define RW     (PL_SHM_READ | PL_SHM_WRITE)
#define RO     PL_SHM_READ
#define MARK   0x3cu
#define SLOT_C 2u /* worker_c's window 0: after code and RAM */
#define SLOT_T 2u /* tester's window 0 */

static const struct pl_fault_record crash = {.kind = PL_FAULT_MEM_DATA, .pc = 0x100};

static struct task *T(enum fixture_task_index i)
{
    return fx_task(i);
}

static uint32_t page(unsigned p)
{
    return fx_addr(fx_page[p]);
}

static int32_t shm(enum fixture_task_index i, uint32_t svc, uint32_t a0, uint32_t a1, uint32_t a2)
{
    fx_trap_args(T(i), svc, a0, a1, a2);
    return fx_status(T(i));
}

static int32_t grant(uint32_t p, uint32_t to, uint32_t access)
{
    return shm(OWNER, PL_SYS_SHM_GRANT, p, to, access);
}

static int32_t revoke(uint32_t p, uint32_t from)
{
    return shm(OWNER, PL_SYS_SHM_REVOKE, p, from, 0);
}

/* Map page p into window w of task i: the page's address, or a negative error. */
static int32_t map(enum fixture_task_index i, uint32_t p, uint32_t w)
{
    return shm(i, PL_SYS_SHM_MAP, p, w, 0);
}

static int32_t unmap(enum fixture_task_index i, uint32_t w)
{
    return shm(i, PL_SYS_SHM_UNMAP, w, 0, 0);
}

static int can(enum fixture_task_index i, uint32_t addr, uint32_t len, enum uaccess want)
{
    return uaccess_ok(T(i), addr, len, want);
}

/* Window slot of task i holds page p (mapped with access), or nothing (p < 0). */
static void check_slot(int line, enum fixture_task_index i, uint32_t slot, int p, uint32_t access)
{
    const struct mem_region *r = &T(i)->regions[slot];
    const struct arch_task *a = &T(i)->arch;
    uintptr_t base = p < 0 ? 0 : (uintptr_t)fx_page[p];
    uint32_t size = p < 0 ? 0 : FX_PAGE_SIZE;
    harness_check_eq(__FILE__, line, "window base", "expected", r->base, base);
    harness_check_eq(__FILE__, line, "window size", "expected", r->size, size);
    harness_check_eq(__FILE__, line, "arch's window base", "expected", a->regions[slot].base, base);
    harness_check_eq(__FILE__, line, "arch's window size", "expected", a->regions[slot].size, size);
    if (p >= 0) {
        harness_check_eq(__FILE__, line, "window access", "expected", r->access, access);
        harness_check_eq(__FILE__, line, "arch's window access", "expected",
                         a->regions[slot].access, access);
    }
}
#define CHECK_WINDOW(i, slot, p, access) check_slot(__LINE__, i, slot, p, access)
#define CHECK_NO_WINDOW(i, slot)         check_slot(__LINE__, i, slot, -1, 0)

/* ---- the owner ---- */

TEST(no_page_is_reachable_before_it_is_mapped)
{
    CHECK(!can(OWNER, page(0), 1, UACCESS_READ));
    CHECK(!can(GUEST, page(0), 1, UACCESS_READ));
    CHECK_NO_WINDOW(OWNER, SLOT_C);
    CHECK_NO_WINDOW(OWNER, SLOT_C + 1);
}

TEST(owner_maps_its_page_read_write_and_learns_its_address)
{
    CHECK_EQ((uint32_t)map(OWNER, 0, 0), page(0));
    CHECK_WINDOW(OWNER, SLOT_C, 0, MEM_DATA);
    CHECK(can(OWNER, page(0), FX_PAGE_SIZE, UACCESS_WRITE));
    CHECK(!can(OWNER, page(1), 1, UACCESS_READ));
}

TEST(owner_maps_each_page_into_its_own_window)
{
    map(OWNER, 0, 0);
    map(OWNER, 1, 1);
    CHECK_WINDOW(OWNER, SLOT_C, 0, MEM_DATA);
    CHECK_WINDOW(OWNER, SLOT_C + 1, 1, MEM_DATA);
    CHECK(can(OWNER, page(1), FX_PAGE_SIZE, UACCESS_WRITE));
}

TEST(mapping_reloads_the_running_tasks_mpu)
{
    unsigned loads = host_arch.mpu_loads;
    map(OWNER, 0, 0);
    CHECK_EQ(host_arch.mpu_loads, loads + 1);
    CHECK_PTR_EQ(host_arch.mpu_task, &T(OWNER)->arch);
}

TEST(owner_maps_read_write_whatever_it_granted_others)
{
    grant(0, GUEST, RO);
    map(OWNER, 0, 0);
    CHECK_WINDOW(OWNER, SLOT_C, 0, MEM_DATA);
}

TEST(mapping_a_window_again_replaces_its_page)
{
    map(OWNER, 0, 0);
    map(OWNER, 1, 0);
    CHECK_WINDOW(OWNER, SLOT_C, 1, MEM_DATA);
    CHECK(!can(OWNER, page(0), 1, UACCESS_READ));
    CHECK(can(OWNER, page(1), 1, UACCESS_WRITE));
}

TEST(unmap_empties_the_window)
{
    map(OWNER, 0, 0);
    CHECK_EQ(unmap(OWNER, 0), PL_OK);
    CHECK_NO_WINDOW(OWNER, SLOT_C);
    CHECK(!can(OWNER, page(0), 1, UACCESS_READ));
}

TEST(unmap_of_a_window_the_task_does_not_have_is_einval)
{
    map(OWNER, 0, 1);
    CHECK_EQ(unmap(OWNER, 2), PL_EINVAL);
    CHECK_EQ(unmap(FX_WORKER_A, 0), PL_EINVAL);
    CHECK_WINDOW(OWNER, SLOT_C + 1, 0, MEM_DATA);
}

TEST(map_of_a_page_beyond_the_system_is_eperm)
{
    CHECK_EQ(map(OWNER, FX_PAGES, 0), PL_EPERM);
    CHECK_EQ(map(OWNER, UINT32_MAX, 0), PL_EPERM);
    CHECK_NO_WINDOW(OWNER, SLOT_C);
}

TEST(map_into_a_window_the_task_does_not_have_is_einval)
{
    CHECK_EQ(map(OWNER, 0, 2), PL_EINVAL);
    grant(0, GUEST, RW);
    CHECK_EQ(map(GUEST, 0, 2), PL_EINVAL);
    CHECK_EQ(task_region_count(T(GUEST)), 4); /* code, RAM and its two windows */
}

TEST(mapping_a_page_again_moves_it_to_the_new_window)
{
    /* One page in two windows would be two regions over the same bytes: fine on PMSAv7, a
     * fault on every access on PMSAv8. The rule is the same on every MPU: at most one window. */
    CHECK_EQ((uint32_t)map(OWNER, 0, 0), page(0));
    CHECK_EQ((uint32_t)map(OWNER, 0, 1), page(0));
    CHECK_NO_WINDOW(OWNER, SLOT_C);
    CHECK_WINDOW(OWNER, SLOT_C + 1, 0, MEM_DATA);
    CHECK(can(OWNER, page(0), FX_PAGE_SIZE, UACCESS_WRITE));
    CHECK_EQ((uint32_t)map(OWNER, 1, 0), page(1)); /* another page beside it is fine */
    CHECK_WINDOW(OWNER, SLOT_C, 1, MEM_DATA);
    CHECK_WINDOW(OWNER, SLOT_C + 1, 0, MEM_DATA);
}

/* ---- grants ---- */

TEST(map_without_a_grant_is_eperm_and_maps_nothing)
{
    CHECK_EQ(map(GUEST, 0, 0), PL_EPERM);
    CHECK_NO_WINDOW(GUEST, SLOT_T);
    CHECK(!can(GUEST, page(0), 1, UACCESS_READ));
}

TEST(read_grant_maps_the_page_read_only)
{
    CHECK_EQ(grant(0, GUEST, RO), PL_OK);
    CHECK_EQ((uint32_t)map(GUEST, 0, 0), page(0));
    CHECK_WINDOW(GUEST, SLOT_T, 0, MEM_RODATA);
    CHECK(can(GUEST, page(0), FX_PAGE_SIZE, UACCESS_READ));
    CHECK(!can(GUEST, page(0), 1, UACCESS_WRITE));
}

TEST(read_write_grant_maps_the_page_read_write)
{
    CHECK_EQ(grant(1, GUEST, RW), PL_OK);
    CHECK_EQ((uint32_t)map(GUEST, 1, 0), page(1));
    CHECK_WINDOW(GUEST, SLOT_T, 1, MEM_DATA);
    CHECK(can(GUEST, page(1), FX_PAGE_SIZE, UACCESS_WRITE));
}

TEST(grant_of_one_page_does_not_open_the_other)
{
    grant(0, GUEST, RW);
    CHECK_EQ(map(GUEST, 1, 0), PL_EPERM);
}

TEST(read_only_grant_after_a_read_write_one_makes_mappings_read_only)
{
    grant(0, GUEST, RW);
    grant(0, GUEST, RO);
    map(GUEST, 0, 0);
    CHECK_WINDOW(GUEST, SLOT_T, 0, MEM_RODATA);
}

TEST(lowering_a_grant_makes_an_existing_writable_mapping_read_only)
{
    grant(0, GUEST, RW);
    map(GUEST, 0, 0);
    CHECK_WINDOW(GUEST, SLOT_T, 0, MEM_DATA);
    grant(0, GUEST, RO);
    CHECK_WINDOW(GUEST, SLOT_T, 0, MEM_RODATA);
}

TEST(grant_of_a_page_the_caller_does_not_own_is_eperm)
{
    CHECK_EQ(shm(GUEST, PL_SYS_SHM_GRANT, 0, FX_WORKER_B, RW), PL_EPERM);
    CHECK_EQ(shm(GUEST, PL_SYS_SHM_GRANT, FX_PAGES, FX_WORKER_B, RW), PL_EPERM);
}

TEST(grant_to_an_unknown_task_or_to_the_owner_is_enoent)
{
    CHECK_EQ(grant(0, FX_TASKS, RW), PL_ENOENT);
    CHECK_EQ(grant(0, OWNER, RW), PL_ENOENT);
}

TEST(grant_with_an_unknown_access_is_einval_and_grants_nothing)
{
    CHECK_EQ(grant(0, GUEST, 0), PL_EINVAL);
    CHECK_EQ(grant(0, GUEST, PL_SHM_WRITE), PL_EINVAL);
    CHECK_EQ(grant(0, GUEST, RW | 8u), PL_EINVAL);
    CHECK_EQ(grant(0, GUEST, PL_SHM_KEEP), PL_EINVAL);
    CHECK_EQ(grant(0, GUEST, PL_SHM_KEEP | PL_SHM_WRITE), PL_EINVAL);
    CHECK_EQ(map(GUEST, 0, 0), PL_EPERM);
}

/* ---- revoking ---- */

TEST(revoke_unmaps_the_page_from_the_grantee_at_once)
{
    grant(0, GUEST, RW);
    map(GUEST, 0, 0);
    CHECK_EQ(revoke(0, GUEST), PL_OK);
    CHECK_NO_WINDOW(GUEST, SLOT_T);
    CHECK(!can(GUEST, page(0), 1, UACCESS_READ));
}

/* The guest holds a read-write grant of page 0 and maps it into both its windows. */
/* The guest maps page 0 into window 0, then again into window 1 (which moves it there: a page
 * is in at most one window of a task), and page 1 into window 0. */
static void guest_maps_page_0_moved_beside_page_1(void)
{
    grant(0, GUEST, RW);
    grant(1, GUEST, RW);
    map(GUEST, 0, 0);
    map(GUEST, 0, 1);
    map(GUEST, 1, 0);
    CHECK_WINDOW(GUEST, SLOT_T, 1, MEM_DATA);
    CHECK_WINDOW(GUEST, SLOT_T + 1, 0, MEM_DATA);
}

/* docs/ipc.md: revoking removes the page from the grantee's window, and nothing else. */
TEST(revoke_unmaps_the_page_from_the_window_of_the_grantee)
{
    guest_maps_page_0_moved_beside_page_1();
    CHECK_EQ(revoke(0, GUEST), PL_OK);
    CHECK_NO_WINDOW(GUEST, SLOT_T + 1);
    CHECK_WINDOW(GUEST, SLOT_T, 1, MEM_DATA);
    CHECK(!can(GUEST, page(0), 1, UACCESS_READ));
}

TEST(lowering_a_grant_makes_the_window_of_the_page_read_only)
{
    guest_maps_page_0_moved_beside_page_1();
    grant(0, GUEST, RO);
    CHECK_WINDOW(GUEST, SLOT_T + 1, 0, MEM_RODATA);
    CHECK_WINDOW(GUEST, SLOT_T, 1, MEM_DATA);
    CHECK(!can(GUEST, page(0), 1, UACCESS_WRITE));
}

TEST(owner_fault_unmaps_its_pages_from_every_window_of_a_grantee)
{
    guest_maps_page_0_moved_beside_page_1();
    task_fault(T(OWNER), &crash);
    CHECK_NO_WINDOW(GUEST, SLOT_T);
    CHECK_NO_WINDOW(GUEST, SLOT_T + 1);
}

TEST(unmap_of_an_empty_window_is_fine)
{
    CHECK_EQ(unmap(GUEST, 1), PL_OK);
    CHECK_NO_WINDOW(GUEST, SLOT_T + 1);
}

TEST(revoke_of_a_page_beyond_the_system_is_eperm)
{
    CHECK_EQ(revoke(FX_PAGES, GUEST), PL_EPERM);
}

TEST(revoked_task_can_no_longer_map_the_page)
{
    grant(0, GUEST, RW);
    revoke(0, GUEST);
    CHECK_EQ(map(GUEST, 0, 0), PL_EPERM);
}

TEST(revoke_of_one_page_leaves_another_mapped)
{
    grant(0, GUEST, RW);
    grant(1, GUEST, RW);
    map(GUEST, 1, 0);
    revoke(0, GUEST);
    CHECK_WINDOW(GUEST, SLOT_T, 1, MEM_DATA);
    CHECK_EQ((uint32_t)map(GUEST, 1, 0), page(1));
}

TEST(revoke_leaves_the_owners_own_mapping)
{
    grant(0, GUEST, RW);
    map(OWNER, 0, 0);
    revoke(0, GUEST);
    CHECK_WINDOW(OWNER, SLOT_C, 0, MEM_DATA);
}

TEST(revoke_by_a_task_that_does_not_own_the_page_is_eperm)
{
    grant(0, GUEST, RW);
    map(GUEST, 0, 0);
    CHECK_EQ(shm(GUEST, PL_SYS_SHM_REVOKE, 0, GUEST, 0), PL_EPERM);
    CHECK_WINDOW(GUEST, SLOT_T, 0, MEM_DATA);
}

TEST(revoke_from_an_unknown_task_or_the_owner_is_enoent)
{
    CHECK_EQ(revoke(0, FX_TASKS), PL_ENOENT);
    CHECK_EQ(revoke(0, OWNER), PL_ENOENT);
}

/* ---- windows as IPC buffers ---- */

TEST(mapped_window_is_a_valid_receive_buffer)
{
    grant(0, GUEST, RW);
    map(GUEST, 0, 0);
    fx_trap(T(GUEST), PL_SYS_RECV, &(struct fx_ipc){.obj = FX_EP_LOW, .in = page(0), .in_cap = 64});
    fx_fill(fx_buf(FX_IDLE, 0), MARK, 16);
    fx_trap(T(FX_IDLE), PL_SYS_SEND,
            &(struct fx_ipc){.obj = FX_EP_LOW, .out = fx_buf(FX_IDLE, 0), .out_len = 16});
    CHECK_EQ(fx_status(T(GUEST)), PL_OK);
    CHECK(fx_filled(page(0), MARK, 16));
}

TEST(read_only_window_is_no_receive_buffer)
{
    grant(0, GUEST, RO);
    map(GUEST, 0, 0);
    fx_trap(T(GUEST), PL_SYS_RECV, &(struct fx_ipc){.obj = FX_EP_LOW, .in = page(0), .in_cap = 64});
    CHECK_EQ(T(GUEST)->state, PL_TASK_FAULTED);
    CHECK_EQ(T(GUEST)->fault.kind, PL_FAULT_BAD_POINTER);
    CHECK_EQ(T(GUEST)->fault.addr, page(0));
}

TEST(read_only_window_is_a_valid_send_buffer)
{
    fx_fill(page(0), MARK, 16); /* as the owner would have */
    grant(0, GUEST, RO);
    map(GUEST, 0, 0);
    fx_trap(T(OWNER), PL_SYS_RECV,
            &(struct fx_ipc){.obj = FX_EP_POOL, .in = fx_buf(OWNER, 1), .in_cap = 64});
    fx_trap(T(GUEST), PL_SYS_SEND,
            &(struct fx_ipc){.obj = FX_EP_POOL, .out = page(0), .out_len = 16});
    CHECK_EQ(fx_status(T(GUEST)), PL_OK);
    CHECK(fx_filled(fx_buf(OWNER, 1), MARK, 16));
}

TEST(unmapped_window_is_no_buffer)
{
    grant(0, GUEST, RW);
    map(GUEST, 0, 0);
    unmap(GUEST, 0);
    fx_trap(T(GUEST), PL_SYS_SEND,
            &(struct fx_ipc){.obj = FX_EP_POOL, .out = page(0), .out_len = 16});
    CHECK_EQ(T(GUEST)->state, PL_TASK_FAULTED);
    CHECK_EQ(T(GUEST)->fault.addr, page(0));
}

TEST(receiver_whose_window_is_revoked_while_it_waits_gets_etrunc_and_no_bytes)
{
    grant(0, GUEST, RW);
    map(GUEST, 0, 0);
    fx_trap(T(GUEST), PL_SYS_RECV, &(struct fx_ipc){.obj = FX_EP_LOW, .in = page(0), .in_cap = 64});
    revoke(0, GUEST);
    fx_fill(fx_buf(FX_IDLE, 0), MARK, 16);
    fx_trap(T(FX_IDLE), PL_SYS_SEND,
            &(struct fx_ipc){.obj = FX_EP_LOW, .out = fx_buf(FX_IDLE, 0), .out_len = 16});
    CHECK_EQ(fx_status(T(GUEST)), PL_ETRUNC); /* never cut silently */
    CHECK_EQ(fx_reg(T(GUEST), OUT_LEN), 16);
    CHECK_EQ(fx_status(T(FX_IDLE)), PL_ETRUNC);
    CHECK_EQ(fx_page[0][0], 0);
}

TEST(sender_whose_window_is_revoked_while_it_waits_delivers_no_bytes_and_both_know)
{
    uint8_t *theirs = fx_bytes(fx_buf(OWNER, 1));
    memset(theirs, 0, 64);
    fx_fill(page(0), MARK, 16);
    grant(0, GUEST, RO);
    map(GUEST, 0, 0);
    fx_trap(T(GUEST), PL_SYS_SEND,
            &(struct fx_ipc){.obj = FX_EP_POOL, .out = page(0), .out_len = 16});
    CHECK_EQ(T(GUEST)->state, PL_TASK_BLOCKED);
    revoke(0, GUEST);
    fx_trap(T(OWNER), PL_SYS_RECV,
            &(struct fx_ipc){.obj = FX_EP_POOL, .in = fx_buf(OWNER, 1), .in_cap = 64});
    CHECK_EQ(fx_status(T(OWNER)), PL_ETRUNC);
    CHECK_EQ(fx_reg(T(OWNER), OUT_LEN), 16);
    CHECK_EQ(theirs[0], 0);
    CHECK_EQ(T(GUEST)->state, PL_TASK_READY);
    CHECK_EQ(fx_status(T(GUEST)), PL_ETRUNC);
}

/* ---- stopping and restarting ---- */

TEST(owner_fault_ends_its_grants_and_unmaps_its_pages_everywhere)
{
    grant(0, GUEST, RW);
    map(GUEST, 0, 0);
    task_fault(T(OWNER), &crash);
    CHECK_NO_WINDOW(GUEST, SLOT_T);
    CHECK(!can(GUEST, page(0), 1, UACCESS_READ));
    CHECK_EQ(map(GUEST, 0, 0), PL_EPERM);
}

TEST(owner_exit_ends_its_grants)
{
    grant(1, GUEST, RO);
    map(GUEST, 1, 0);
    task_exit(T(OWNER), 0);
    CHECK_NO_WINDOW(GUEST, SLOT_T);
    CHECK_EQ(map(GUEST, 1, 0), PL_EPERM);
}

TEST(owner_restart_ends_its_grants_and_empties_its_own_windows)
{
    map(OWNER, 0, 0);
    grant(0, GUEST, RW);
    map(GUEST, 0, 0);
    task_restart(T(OWNER));
    CHECK_NO_WINDOW(GUEST, SLOT_T);
    CHECK_NO_WINDOW(OWNER, SLOT_C);
    CHECK_EQ(map(GUEST, 0, 0), PL_EPERM);
    CHECK_EQ((uint32_t)map(OWNER, 0, 0), page(0));
}

TEST(restart_empties_the_windows_but_keeps_the_grants_received)
{
    grant(0, GUEST, RW);
    map(GUEST, 0, 0);
    task_restart(T(GUEST));
    CHECK_NO_WINDOW(GUEST, SLOT_T);
    CHECK(!can(GUEST, page(0), 1, UACCESS_READ));
    CHECK_EQ((uint32_t)map(GUEST, 0, 0), page(0));
    CHECK_WINDOW(GUEST, SLOT_T, 0, MEM_DATA);
}

TEST(grantee_fault_leaves_the_owner_and_the_grant_alone)
{
    map(OWNER, 0, 0);
    grant(0, GUEST, RW);
    map(GUEST, 0, 0);
    task_fault(T(GUEST), &crash);
    CHECK_WINDOW(OWNER, SLOT_C, 0, MEM_DATA);
    task_restart(T(GUEST));
    CHECK_EQ((uint32_t)map(GUEST, 0, 0), page(0));
}

/* ---- PL_SHM_KEEP: a mapping that outlives its owner ---- */

#define KEEP_RW (RW | PL_SHM_KEEP)

/* The guest maps page 0 under a kept read-write grant; the owner is then restarted. */
static void guest_holds_page_0_after_an_owner_restart(void)
{
    CHECK_EQ(grant(0, GUEST, KEEP_RW), PL_OK);
    CHECK_EQ((uint32_t)map(GUEST, 0, 0), page(0));
    task_restart(T(OWNER));
}

TEST(kept_grant_is_read_or_read_write_like_any_other)
{
    CHECK_EQ(grant(0, GUEST, RO | PL_SHM_KEEP), PL_OK);
    CHECK_EQ((uint32_t)map(GUEST, 0, 0), page(0));
    CHECK_WINDOW(GUEST, SLOT_T, 0, MEM_RODATA);
    CHECK_EQ(grant(0, GUEST, KEEP_RW), PL_OK);
    CHECK_EQ((uint32_t)map(GUEST, 0, 0), page(0));
    CHECK_WINDOW(GUEST, SLOT_T, 0, MEM_DATA);
}

TEST(owner_fault_leaves_a_kept_mapping_in_place)
{
    grant(0, GUEST, KEEP_RW);
    map(GUEST, 0, 0);
    task_fault(T(OWNER), &crash);
    CHECK_WINDOW(GUEST, SLOT_T, 0, MEM_DATA);
    CHECK(can(GUEST, page(0), FX_PAGE_SIZE, UACCESS_WRITE));
}

TEST(kept_read_only_mapping_stays_read_only)
{
    grant(0, GUEST, RO | PL_SHM_KEEP);
    map(GUEST, 0, 0);
    task_exit(T(OWNER), 0);
    CHECK_WINDOW(GUEST, SLOT_T, 0, MEM_RODATA);
    CHECK(!can(GUEST, page(0), 1, UACCESS_WRITE));
}

TEST(kept_grant_itself_ends_with_the_owner)
{
    guest_holds_page_0_after_an_owner_restart();
    CHECK_EQ((uint32_t)map(GUEST, 0, 1), (uint32_t)PL_EPERM); /* no moving it elsewhere */
    CHECK_WINDOW(GUEST, SLOT_T, 0, MEM_DATA);
    unmap(GUEST, 0);
    CHECK_EQ(map(GUEST, 0, 0), PL_EPERM); /* nor mapping it back */
}

TEST(restarted_owner_may_not_map_grant_or_revoke_a_held_page)
{
    guest_holds_page_0_after_an_owner_restart();
    CHECK_NO_WINDOW(OWNER, SLOT_C);
    CHECK_EQ(map(OWNER, 0, 0), PL_EBUSY);
    CHECK_NO_WINDOW(OWNER, SLOT_C);
    CHECK_EQ(grant(0, GUEST, RW), PL_EBUSY);
    CHECK_EQ(grant(0, FX_WORKER_B, RO), PL_EBUSY);
    CHECK_EQ(revoke(0, GUEST), PL_EBUSY);
    CHECK_WINDOW(GUEST, SLOT_T, 0, MEM_DATA); /* the revoke took nothing away */
    CHECK_EQ(map(GUEST, 0, 1), PL_EPERM);     /* nor did the refused grant give anything */
}

TEST(held_page_leaves_the_owners_other_pages_free)
{
    guest_holds_page_0_after_an_owner_restart();
    CHECK_EQ((uint32_t)map(OWNER, 1, 0), page(1));
    CHECK_EQ(grant(1, GUEST, RW), PL_OK);
    CHECK_EQ((uint32_t)map(GUEST, 1, 1), page(1));
    CHECK_EQ(revoke(1, GUEST), PL_OK);
}

TEST(page_is_the_owners_again_once_the_holder_unmaps_it)
{
    guest_holds_page_0_after_an_owner_restart();
    CHECK_EQ(unmap(GUEST, 0), PL_OK);
    CHECK_EQ((uint32_t)map(OWNER, 0, 0), page(0));
    CHECK_EQ(grant(0, GUEST, RW), PL_OK);
    CHECK_EQ(revoke(0, GUEST), PL_OK);
}

TEST(holder_mapping_another_page_over_it_lets_it_go)
{
    guest_holds_page_0_after_an_owner_restart();
    CHECK_EQ(map(OWNER, 0, 0), PL_EBUSY);
    CHECK_EQ(grant(1, GUEST, RW), PL_OK); /* the new owner's grant of another page */
    CHECK_EQ((uint32_t)map(GUEST, 1, 0), page(1));
    CHECK_EQ((uint32_t)map(OWNER, 0, 0), page(0));
}

TEST(holder_that_dies_too_lets_the_page_go)
{
    guest_holds_page_0_after_an_owner_restart();
    task_fault(T(GUEST), &crash); /* its stale window is no hold: it will never run with it */
    CHECK_EQ((uint32_t)map(OWNER, 0, 0), page(0));
}

TEST(holder_that_restarts_lets_the_page_go)
{
    guest_holds_page_0_after_an_owner_restart();
    task_restart(T(GUEST));
    CHECK_NO_WINDOW(GUEST, SLOT_T);
    CHECK_EQ((uint32_t)map(OWNER, 0, 0), page(0));
    CHECK_EQ(map(GUEST, 0, 0), PL_EPERM);
}

TEST(kept_grant_not_mapped_when_the_owner_stops_simply_ends)
{
    grant(0, GUEST, KEEP_RW);
    task_restart(T(OWNER));
    CHECK_EQ(map(GUEST, 0, 0), PL_EPERM);
    CHECK_EQ((uint32_t)map(OWNER, 0, 0), page(0));
}

TEST(dead_grantee_holds_nothing_when_the_owner_stops)
{
    grant(0, GUEST, KEEP_RW);
    map(GUEST, 0, 0);
    task_fault(T(GUEST), &crash);
    task_restart(T(OWNER));
    CHECK_EQ((uint32_t)map(OWNER, 0, 0), page(0));
}

TEST(regrant_without_keep_makes_the_grant_ordinary_again)
{
    grant(0, GUEST, KEEP_RW);
    grant(0, GUEST, RW);
    map(GUEST, 0, 0);
    task_restart(T(OWNER));
    CHECK_NO_WINDOW(GUEST, SLOT_T);
    CHECK_EQ((uint32_t)map(OWNER, 0, 0), page(0));
}

TEST(revoke_of_a_kept_grant_unmaps_and_forgets_the_keep)
{
    grant(0, GUEST, KEEP_RW);
    map(GUEST, 0, 0);
    CHECK_EQ(revoke(0, GUEST), PL_OK);
    CHECK_NO_WINDOW(GUEST, SLOT_T);
    grant(0, GUEST, RW);
    map(GUEST, 0, 0);
    task_fault(T(OWNER), &crash);
    CHECK_NO_WINDOW(GUEST, SLOT_T);
}

TEST(page_stays_held_across_several_owner_restarts)
{
    guest_holds_page_0_after_an_owner_restart();
    task_fault(T(OWNER), &crash);
    task_restart(T(OWNER));
    CHECK_WINDOW(GUEST, SLOT_T, 0, MEM_DATA);
    CHECK_EQ(map(OWNER, 0, 0), PL_EBUSY);
    unmap(GUEST, 0);
    CHECK_EQ((uint32_t)map(OWNER, 0, 0), page(0));
}

TEST(held_window_is_still_a_valid_receive_buffer)
{
    guest_holds_page_0_after_an_owner_restart();
    fx_trap(T(GUEST), PL_SYS_RECV, &(struct fx_ipc){.obj = FX_EP_LOW, .in = page(0), .in_cap = 64});
    fx_fill(fx_buf(FX_IDLE, 0), MARK, 16);
    fx_trap(T(FX_IDLE), PL_SYS_SEND,
            &(struct fx_ipc){.obj = FX_EP_LOW, .out = fx_buf(FX_IDLE, 0), .out_len = 16});
    CHECK_EQ(fx_status(T(GUEST)), PL_OK);
    CHECK(fx_filled(page(0), MARK, 16));
}

/* ---- a holder is told (docs/ipc.md, "Kept grants") ---- */

#define HOLDER FX_WORKER_B /* waits on ev, has a poll mirror and one window */
#define EV     FX_NTFN_EV

/* Word PL_NTFN_MIRROR_LOST of task i's poll mirror. */
static uint32_t lost_word(enum fixture_task_index i)
{
    return ((volatile uint32_t *)sys_task_descs[i].ntfn_mirror)[PL_NTFN_MIRROR_LOST];
}

/* The holder maps page p under a kept read-write grant. */
static void holder_maps_kept(uint32_t p)
{
    CHECK_EQ(grant(p, HOLDER, KEEP_RW), PL_OK);
    CHECK_EQ((uint32_t)map(HOLDER, p, 0), page(p));
}

/* The holder waits for bit 3 of ev (with a deadline if ticks != 0). */
static void holder_waits(uint32_t ticks)
{
    fx_trap_args(T(HOLDER), PL_SYS_NTFN_WAIT, EV | (ticks ? PL_IPC_TIMED : 0u), 1u << 3, ticks);
    CHECK_EQ(T(HOLDER)->state, PL_TASK_BLOCKED);
}

TEST(holders_word_becomes_the_stopped_owners_id)
{
    holder_maps_kept(0);
    CHECK_EQ(lost_word(HOLDER), 0); /* nothing lost yet */
    uint32_t owner = PL_TASK_ID(OWNER, T(OWNER)->generation);
    task_fault(T(OWNER), &crash);
    CHECK_EQ(lost_word(HOLDER), owner);
    CHECK_WINDOW(HOLDER, 4u, 0, MEM_DATA); /* it holds the page, as before */
}

TEST(holders_word_changes_at_each_loss_and_once_per_loss)
{
    holder_maps_kept(0);
    task_fault(T(OWNER), &crash);
    uint32_t first = lost_word(HOLDER);
    task_restart(T(OWNER)); /* the same loss: its grants ended at the fault */
    CHECK_EQ(lost_word(HOLDER), first);
    CHECK_EQ(unmap(HOLDER, 0), PL_OK);
    holder_maps_kept(0); /* the owner's next life lends it again */
    task_exit(T(OWNER), 0);
    CHECK(lost_word(HOLDER) != first);
    CHECK(lost_word(HOLDER) != 0);
}

TEST(holder_in_a_notification_wait_is_woken_with_edead_its_bits_left)
{
    holder_maps_kept(0);
    ntfn_set(EV, 1u << 5); /* pending, but not what it waits for */
    holder_waits(0);
    task_fault(T(OWNER), &crash);
    CHECK_EQ(T(HOLDER)->state, PL_TASK_READY);
    CHECK_EQ(fx_status(T(HOLDER)), PL_EDEAD);
    CHECK_EQ(ntfn_bits[EV], 1u << 5);
}

TEST(holder_in_a_timed_wait_is_woken_and_its_deadline_goes)
{
    holder_maps_kept(0);
    holder_waits(50);
    task_fault(T(OWNER), &crash);
    CHECK_EQ(fx_status(T(HOLDER)), PL_EDEAD);
    CHECK_EQ(T(HOLDER)->timed, 0);
    for (int i = 0; i < 60; i++) {
        task_tick_deadlines(); /* no timeout comes later to write over its result */
    }
    CHECK_EQ(fx_status(T(HOLDER)), PL_EDEAD);
}

TEST(holder_blocked_in_anything_else_waits_on)
{
    holder_maps_kept(0);
    fx_trap(T(HOLDER), PL_SYS_RECV, &(struct fx_ipc){.obj = FX_EP_POOL});
    CHECK_EQ(T(HOLDER)->block, BLOCK_RECV);
    task_fault(T(OWNER), &crash);
    CHECK_EQ(T(HOLDER)->state, PL_TASK_BLOCKED);
    CHECK_EQ(T(HOLDER)->block, BLOCK_RECV);
    CHECK(lost_word(HOLDER) != 0); /* told all the same */
}

TEST(a_grantee_that_does_not_hold_is_told_nothing)
{
    CHECK_EQ(grant(0, HOLDER, KEEP_RW), PL_OK); /* kept but not mapped */
    CHECK_EQ(grant(1, HOLDER, RW), PL_OK);      /* mapped but not kept: it loses the window */
    CHECK_EQ((uint32_t)map(HOLDER, 1, 0), page(1));
    holder_waits(0);
    task_fault(T(OWNER), &crash);
    CHECK_EQ(lost_word(HOLDER), 0);
    CHECK_EQ(T(HOLDER)->state, PL_TASK_BLOCKED); /* its wait goes on */
    CHECK_NO_WINDOW(HOLDER, 4u);
}

TEST(holders_word_starts_at_0_in_its_next_life)
{
    holder_maps_kept(0);
    task_fault(T(OWNER), &crash);
    CHECK(lost_word(HOLDER) != 0);
    task_restart(T(HOLDER)); /* it lets the page go; its mirror starts over with its .data */
    CHECK_EQ(lost_word(HOLDER), 0);
}

/* The arch checks every page before any is committed to a window: a page the MPU cannot hold
 * (here the fake arch refuses page 1's base, as an MPU with other rules would) stops the boot
 * with the page named, instead of failing later, at a map. */
TEST(boot_stops_on_a_page_the_arch_refuses)
{
    host_arch.refuse_base = page(1);
    HOST_EXPECT_HALT(shm_init_all());
    CHECK(host_arch.halted);
    CHECK_EQ(host_arch.halt_code, 1);
    CHECK_CONTAINS(fake_console_text(), "shared page 1");
}

TEST(boot_accepts_the_pages_the_arch_holds)
{
    shm_init_all();
    CHECK(!host_arch.halted);
    CHECK_EQ((uint32_t)map(OWNER, 1, 0), page(1));
}

/* Were the arch to refuse a window's region after all (a broken invariant), the kernel must
 * not run on with t->regions saying one thing and the MPU another: a revoke that did not reach
 * the MPU would leave the page reachable. It stops instead. */
TEST(arch_refusing_a_window_stops_the_kernel)
{
    grant(0, GUEST, RW);
    host_arch.refuse_base = page(0);
    HOST_EXPECT_HALT(map(GUEST, 0, 0));
    CHECK(host_arch.halted);
    CHECK_CONTAINS(fake_console_text(), "task 'tester'");
    CHECK_CONTAINS(fake_console_text(), "refused its regions");
}

/*
 * tests/host/test_shm_core.c - servers/shm/shm_core.c and shm_futex.c: names, modes and
 * handles, sizing in consecutive runs and pool exhaustion, mappings and the grants they call
 * for, unlink while in use, futex waits and wakes (order, deadlines, who may), the robust lock
 * (hand-off, owner death, lock in another's name) and a dead client's reclaim.
 */
#include <stdint.h>
#include <string.h>

#include <parley/ipc.h>

#include "harness.h"
#include "shm_core.h"

#define OWNER 1u
#define OTHER 2u
#define THIRD 3u
#define INST  7u
#define POOL  8u
#define PAGE  1024u

/* Task ids (index | generation << 8) of the three badges' tasks. */
#define ID_OWNER 0x100u
#define ID_OTHER 0x101u
#define ID_THIRD 0x102u

static struct shm_table T;
static uint32_t pool[POOL][PAGE / 4u];
static uint32_t dead_mask; /* bit (id & 0xff): that task is dead */
static uint32_t prio_of[3];

static volatile uint32_t *fake_word(void *ctx, uint32_t page, uint32_t off)
{
    (void)ctx;
    return &pool[page][off / 4u];
}

static int fake_alive(void *ctx, uint32_t id)
{
    (void)ctx;
    return !(dead_mask & (1u << (id & 0xffu)));
}

static uint32_t fake_prio(void *ctx, uint32_t id)
{
    (void)ctx;
    return prio_of[id & 0xffu];
}

static const struct shm_ops OPS = {fake_word, fake_alive, fake_prio, NULL};

static void fresh(void)
{
    memset(pool, 0, sizeof(pool));
    dead_mask = 0;
    memset(prio_of, 0, sizeof(prio_of));
    shm_init(&T, INST, POOL, PAGE, &OPS);
}

static int op(uint32_t badge, const char *name, uint32_t oflag, uint32_t mode)
{
    return shm_open(&T, badge, name, (uint32_t)strlen(name), oflag, mode);
}

/* "m" of `pages` pages, mode all, open read-write by OWNER: its handle; *first its page. */
static int made(uint32_t pages, uint32_t *first)
{
    int h = op(OWNER, "m", SHM_O_RDWR | SHM_O_CREAT, SHM_MODE_ALL);
    CHECK(h >= 0);
    CHECK_EQ(shm_ftruncate(&T, OWNER, h, pages, first), PL_OK);
    return h;
}

/* Map page 0 of a 1-page object for OWNER (task 0) and OTHER (task 1), read-write. */
static uint32_t shared_page(void)
{
    uint32_t first, p;
    int h = made(1, &first);
    int h2 = op(OTHER, "m", SHM_O_RDWR, 0);
    int h3 = op(THIRD, "m", SHM_O_RDWR, 0);
    CHECK_EQ(shm_mmap(&T, OWNER, 0, h, 0, 1, PL_SHM_READ | PL_SHM_WRITE, &p), PL_OK);
    CHECK_EQ(shm_mmap(&T, OTHER, 1, h2, 0, 1, PL_SHM_READ | PL_SHM_WRITE, &p), PL_OK);
    CHECK_EQ(shm_mmap(&T, THIRD, 2, h3, 0, 1, PL_SHM_READ | PL_SHM_WRITE, &p), PL_OK);
    return first;
}

static int next(struct shm_wakeup *w)
{
    return shm_progress(&T, w);
}

TEST(open_create_exclusive_enoent_and_names)
{
    fresh();
    CHECK_EQ(op(OWNER, "a", SHM_O_RDWR, 0), PL_ENOENT);
    int h = op(OWNER, "a", SHM_O_RDWR | SHM_O_CREAT, SHM_MODE_ALL);
    CHECK(h >= 0);
    CHECK_EQ((uint32_t)h >> 8, INST);
    CHECK_EQ(op(OWNER, "a", SHM_O_RDWR | SHM_O_CREAT | SHM_O_EXCL, 0), PL_EEXIST);
    CHECK(op(OTHER, "a", SHM_O_RDWR | SHM_O_CREAT, 0) >= 0); /* O_CREAT alone opens it */
    CHECK_EQ(op(OWNER, "0123456789abcdef", SHM_O_RDWR | SHM_O_CREAT, 0), PL_ENAMETOOLONG);
    CHECK(op(OWNER, "0123456789abcde", SHM_O_RDWR | SHM_O_CREAT, 0) >= 0);
    CHECK_EQ(shm_open(&T, OWNER, "", 0, SHM_O_RDWR | SHM_O_CREAT, 0), PL_EINVAL);
    CHECK_EQ(shm_open(&T, OWNER, "a\0b", 3, SHM_O_RDWR | SHM_O_CREAT, 0), PL_EINVAL);
    CHECK_EQ(op(OWNER, "a", 1, 0), PL_EINVAL); /* write-only: not a shared-memory mode */
}

TEST(mode_decides_who_opens_for_what)
{
    fresh();
    CHECK(op(OWNER, "r", SHM_O_RDWR | SHM_O_CREAT,
             SHM_MODE_OWNER_READ | SHM_MODE_OWNER_WRITE | SHM_MODE_OTHER_READ) >= 0);
    CHECK(op(OTHER, "r", SHM_O_RDONLY, 0) >= 0);
    CHECK_EQ(op(OTHER, "r", SHM_O_RDWR, 0), PL_EACCES);
    CHECK(op(OWNER, "p", SHM_O_RDONLY | SHM_O_CREAT, 0) >= 0); /* creator not checked */
    CHECK_EQ(op(OWNER, "p", SHM_O_RDONLY, 0), PL_EACCES);
    CHECK_EQ(op(OTHER, "p", SHM_O_RDONLY, 0), PL_EACCES);
    CHECK_EQ(shm_unlink(&T, OTHER, "r", 1), PL_EACCES); /* may not write it: may not unlink */
    CHECK_EQ(shm_unlink(&T, OWNER, "p", 1), PL_OK);     /* the owner always may */
}

TEST(handles_belong_to_their_badge_and_server_life)
{
    fresh();
    uint32_t first;
    int h = op(OWNER, "a", SHM_O_RDWR | SHM_O_CREAT, SHM_MODE_ALL);
    CHECK_EQ(shm_ftruncate(&T, OTHER, h, 1, &first), PL_EBADF);
    CHECK_EQ(shm_close(&T, OTHER, h), PL_EBADF);
    CHECK_EQ(shm_close(&T, OWNER, h + 1), PL_EBADF);
    CHECK_EQ(shm_close(&T, OWNER, (int)(((INST + 1u) << 8) | ((uint32_t)h & 0xffu))), PL_EBADF);
    CHECK_EQ(shm_close(&T, OWNER, -1), PL_EBADF);
    CHECK_EQ(shm_close(&T, OWNER, h), PL_OK);
    CHECK_EQ(shm_close(&T, OWNER, h), PL_EBADF);
}

TEST(ftruncate_sizes_once_in_whole_runs_and_needs_rdwr)
{
    fresh();
    uint32_t first = 99;
    int h = op(OWNER, "a", SHM_O_RDWR | SHM_O_CREAT, SHM_MODE_ALL);
    int ro = op(OTHER, "a", SHM_O_RDONLY, 0);
    CHECK_EQ(shm_ftruncate(&T, OTHER, ro, 1, &first), PL_EACCES);
    CHECK_EQ(shm_ftruncate(&T, OWNER, h, 0, &first), PL_EINVAL);
    CHECK_EQ(shm_ftruncate(&T, OWNER, h, POOL + 1, &first), PL_EFULL);
    CHECK_EQ(shm_ftruncate(&T, OWNER, h, 3, &first), PL_OK);
    CHECK_EQ(first, 0);
    CHECK_EQ(shm_ftruncate(&T, OWNER, h, 3, &first), PL_EINVAL); /* once */
    CHECK_EQ(shm_free_pages(&T), POOL - 3);
}

TEST(runs_are_consecutive_and_exhaustion_is_efull)
{
    fresh();
    uint32_t f[4];
    int h[4];
    const char *names[4] = {"a", "b", "c", "d"};
    for (int i = 0; i < 3; i++) {
        h[i] = op(OWNER, names[i], SHM_O_RDWR | SHM_O_CREAT, SHM_MODE_ALL);
        CHECK_EQ(shm_ftruncate(&T, OWNER, h[i], 2, &f[i]), PL_OK);
    }
    CHECK_EQ(f[0], 0);
    CHECK_EQ(f[1], 2);
    CHECK_EQ(f[2], 4);
    CHECK_EQ(shm_unlink(&T, OWNER, "b", 1), PL_OK);
    CHECK_EQ(shm_close(&T, OWNER, h[1]), PL_OK); /* pages 2, 3 free: a hole of 2 */
    h[3] = op(OWNER, "d", SHM_O_RDWR | SHM_O_CREAT, SHM_MODE_ALL);
    CHECK_EQ(shm_ftruncate(&T, OWNER, h[3], 3, &f[3]), PL_EFULL); /* 4 free, no run of 3 */
    CHECK_EQ(shm_ftruncate(&T, OWNER, h[3], 2, &f[3]), PL_OK);
    CHECK_EQ(f[3], 2); /* first fit */
}

TEST(tables_full_are_efull)
{
    fresh();
    char name[2] = "a";
    for (uint32_t i = 0; i < SHM_MAX_OBJS; i++) {
        name[0] = (char)('a' + i);
        CHECK(op(OWNER, name, SHM_O_RDWR | SHM_O_CREAT, SHM_MODE_ALL) >= 0);
    }
    CHECK_EQ(op(OWNER, "z", SHM_O_RDWR | SHM_O_CREAT, SHM_MODE_ALL), PL_EFULL);
    for (uint32_t i = SHM_MAX_OBJS; i < SHM_MAX_HANDLES; i++) {
        CHECK(op(OTHER, "a", SHM_O_RDWR, 0) >= 0);
    }
    CHECK_EQ(op(OTHER, "a", SHM_O_RDWR, 0), PL_EFULL);
}

TEST(mmap_checks_range_prot_and_open_mode)
{
    fresh();
    uint32_t first, p = 99;
    int h = made(2, &first);
    int ro = op(OTHER, "m", SHM_O_RDONLY, 0);
    CHECK_EQ(shm_mmap(&T, OTHER, 1, ro, 0, 1, PL_SHM_READ | PL_SHM_WRITE, &p), PL_EACCES);
    CHECK_EQ(shm_mmap(&T, OWNER, 0, h, 0, 3, PL_SHM_READ, &p), PL_EINVAL);
    CHECK_EQ(shm_mmap(&T, OWNER, 0, h, 2, 1, PL_SHM_READ, &p), PL_EINVAL);
    CHECK_EQ(shm_mmap(&T, OWNER, 0, h, 1, 2, PL_SHM_READ, &p), PL_EINVAL);
    CHECK_EQ(shm_mmap(&T, OWNER, 0, h, 0, 0, PL_SHM_READ, &p), PL_EINVAL);
    CHECK_EQ(shm_mmap(&T, OWNER, 0, h, 0, 1, PL_SHM_WRITE, &p), PL_EINVAL);
    CHECK_EQ(shm_mmap(&T, OWNER, 0, h, 0, 1, 0, &p), PL_EINVAL);
    CHECK_EQ(shm_mmap(&T, OTHER, 1, h, 0, 1, PL_SHM_READ, &p), PL_EBADF); /* not its handle */
    CHECK_EQ(shm_mmap(&T, OWNER, 0, h, 1, 1, PL_SHM_READ, &p), PL_OK);
    CHECK_EQ(p, first + 1);
    CHECK_EQ(shm_mmap(&T, OTHER, 1, ro, 0, 2, PL_SHM_READ, &p), PL_OK);
    CHECK_EQ(p, first);
}

TEST(mmap_of_an_unsized_object_is_einval)
{
    fresh();
    uint32_t p;
    int h = op(OWNER, "a", SHM_O_RDWR | SHM_O_CREAT, SHM_MODE_ALL);
    CHECK_EQ(shm_mmap(&T, OWNER, 0, h, 0, 1, PL_SHM_READ, &p), PL_EINVAL);
}

TEST(grants_follow_the_mappings_most_access_wins)
{
    fresh();
    uint32_t first, p;
    struct shm_grant g;
    int h = made(2, &first);
    CHECK_EQ(shm_mmap(&T, OWNER, 4, h, 0, 2, PL_SHM_READ, &p), PL_OK);
    CHECK_EQ(shm_next_grant(&T, &g), 1);
    CHECK_EQ(g.page, 0);
    CHECK_EQ(g.task, 4);
    CHECK_EQ(g.access, PL_SHM_READ);
    CHECK_EQ(shm_next_grant(&T, &g), 1);
    CHECK_EQ(g.page, 1);
    CHECK_EQ(shm_next_grant(&T, &g), 0);
    CHECK_EQ(shm_mmap(&T, OWNER, 4, h, 1, 1, PL_SHM_READ | PL_SHM_WRITE, &p), PL_OK);
    CHECK_EQ(shm_next_grant(&T, &g), 1);
    CHECK_EQ(g.page, 1);
    CHECK_EQ(g.access, PL_SHM_READ | PL_SHM_WRITE);
    CHECK_EQ(shm_next_grant(&T, &g), 0);
    CHECK_EQ(shm_munmap(&T, OWNER, 1, 1, 0), PL_OK); /* back to read-only */
    CHECK_EQ(shm_next_grant(&T, &g), 1);
    CHECK_EQ(g.access, PL_SHM_READ);
    CHECK_EQ(shm_munmap(&T, OWNER, 0, 1, 0), PL_EINVAL); /* not a mapping as made */
    CHECK_EQ(shm_munmap(&T, OTHER, 0, 2, 0), PL_EINVAL); /* not its mapping */
    CHECK_EQ(shm_munmap(&T, OWNER, 0, 2, 0), PL_OK);
    CHECK_EQ(shm_next_grant(&T, &g), 1);
    CHECK_EQ(g.access, 0); /* revoke */
    CHECK_EQ(shm_next_grant(&T, &g), 1);
    CHECK_EQ(g.access, 0);
    CHECK_EQ(shm_next_grant(&T, &g), 0);
}

/* Two mappings of one range that differ in access: munmap names which one goes. */
TEST(munmap_with_an_access_drops_the_mapping_made_with_it)
{
    fresh();
    uint32_t first, p;
    struct shm_grant g;
    int h = made(1, &first);
    CHECK_EQ(shm_mmap(&T, OWNER, 4, h, 0, 1, PL_SHM_READ | PL_SHM_WRITE, &p), PL_OK);
    CHECK_EQ(shm_mmap(&T, OWNER, 4, h, 0, 1, PL_SHM_READ, &p), PL_OK);
    while (shm_next_grant(&T, &g)) {
    }
    CHECK_EQ(shm_munmap(&T, OWNER, 0, 1, PL_SHM_READ), PL_OK); /* the read-only one */
    CHECK_EQ(shm_access(&T, 4, 0), PL_SHM_READ | PL_SHM_WRITE);
    CHECK_EQ(shm_munmap(&T, OWNER, 0, 1, PL_SHM_READ), PL_EINVAL); /* none left */
    CHECK_EQ(shm_munmap(&T, OWNER, 0, 1, PL_SHM_READ | PL_SHM_WRITE), PL_OK);
    CHECK_EQ(shm_access(&T, 4, 0), 0);
}

TEST(unlink_removes_the_name_pages_return_after_last_close_and_unmap)
{
    fresh();
    uint32_t first, p;
    int h = made(2, &first);
    CHECK_EQ(shm_mmap(&T, OWNER, 0, h, 0, 2, PL_SHM_READ, &p), PL_OK);
    CHECK_EQ(shm_unlink(&T, OWNER, "m", 1), PL_OK);
    CHECK_EQ(op(OTHER, "m", SHM_O_RDWR, 0), PL_ENOENT);
    CHECK_EQ(shm_unlink(&T, OWNER, "m", 1), PL_ENOENT);
    int h2 = op(OTHER, "m", SHM_O_RDWR | SHM_O_CREAT, SHM_MODE_ALL); /* a new object */
    CHECK(h2 >= 0);
    CHECK_EQ(shm_free_pages(&T), POOL - 2);
    CHECK_EQ(shm_close(&T, OWNER, h), PL_OK);
    CHECK_EQ(shm_free_pages(&T), POOL - 2); /* still mapped */
    CHECK_EQ(shm_munmap(&T, OWNER, first, 2, 0), PL_OK);
    CHECK_EQ(shm_free_pages(&T), POOL);
}

TEST(futex_wait_checks_the_word_and_the_caller_mapping)
{
    fresh();
    uint32_t pg = shared_page();
    pool[pg][1] = 5;
    CHECK_EQ(shm_futex_wait(&T, OWNER, ID_OWNER, 11, pg, 4, 4, SHM_NO_TIMEOUT), PL_EAGAIN);
    CHECK_EQ(shm_futex_wait(&T, OWNER, ID_OWNER, 11, pg, 2, 5, SHM_NO_TIMEOUT), PL_EINVAL);
    CHECK_EQ(shm_futex_wait(&T, OWNER, ID_OWNER, 11, pg, PAGE, 5, SHM_NO_TIMEOUT), PL_EINVAL);
    CHECK_EQ(shm_futex_wait(&T, OWNER, ID_OWNER, 11, pg + 1, 4, 5, SHM_NO_TIMEOUT), PL_EINVAL);
    CHECK_EQ(shm_futex_wait(&T, OWNER, ID_OWNER, 11, POOL, 4, 5, SHM_NO_TIMEOUT), PL_EINVAL);
    CHECK_EQ(shm_futex_wait(&T, 9, 0x109, 11, pg, 4, 5, SHM_NO_TIMEOUT), PL_EINVAL); /* no map */
    CHECK_EQ(shm_futex_wait(&T, OWNER, ID_OWNER, 11, pg, 4, 5, 0), PL_EINVAL);       /* no-wait */
    CHECK_EQ(shm_futex_wake(&T, 9, pg, 4, 1), PL_EINVAL);
    CHECK_EQ(shm_futex_wait(&T, OWNER, ID_OWNER, 11, pg, 4, 5, SHM_NO_TIMEOUT), SHM_BLOCKED);
    struct shm_wakeup w;
    CHECK_EQ(next(&w), 0);
}

TEST(futex_wake_most_urgent_first_fifo_among_equals_and_counts)
{
    fresh();
    uint32_t pg = shared_page();
    prio_of[2] = 0;
    prio_of[0] = 5;
    prio_of[1] = 5;
    CHECK_EQ(shm_futex_wait(&T, OWNER, ID_OWNER, 10, pg, 0, 0, SHM_NO_TIMEOUT), SHM_BLOCKED);
    CHECK_EQ(shm_futex_wait(&T, OTHER, ID_OTHER, 11, pg, 0, 0, SHM_NO_TIMEOUT), SHM_BLOCKED);
    CHECK_EQ(shm_futex_wait(&T, THIRD, ID_THIRD, 12, pg, 0, 0, SHM_NO_TIMEOUT), SHM_BLOCKED);
    CHECK_EQ(shm_futex_wake(&T, OWNER, pg, 4, 5), 0); /* another word */
    struct shm_wakeup w;
    CHECK_EQ(shm_futex_wake(&T, OWNER, pg, 0, 1), 1);
    CHECK_EQ(next(&w), 1);
    CHECK_EQ(w.client, 12); /* the most urgent */
    CHECK_EQ(w.status, PL_OK);
    CHECK_EQ(next(&w), 0);
    CHECK_EQ(shm_futex_wake(&T, OWNER, pg, 0, 1), 1);
    CHECK_EQ(next(&w), 1);
    CHECK_EQ(w.client, 10); /* first come among equals */
    CHECK_EQ(shm_futex_wake(&T, OWNER, pg, 0, UINT32_MAX), 1);
    CHECK_EQ(next(&w), 1);
    CHECK_EQ(w.client, 11);
    CHECK_EQ(shm_futex_wake(&T, OWNER, pg, 0, UINT32_MAX), 0);
}

TEST(futex_deadlines_time_out_and_polling_is_bounded)
{
    fresh();
    uint32_t pg = shared_page(), in;
    struct shm_wakeup w;
    CHECK_EQ(shm_next_deadline(&T, &in), 0);
    T.now = 100;
    CHECK_EQ(shm_futex_wait(&T, OWNER, ID_OWNER, 10, pg, 0, 0, 3), SHM_BLOCKED);
    CHECK_EQ(shm_futex_wait(&T, OTHER, ID_OTHER, 11, pg, 0, 0, SHM_NO_TIMEOUT), SHM_BLOCKED);
    CHECK_EQ(shm_next_deadline(&T, &in), 1);
    CHECK_EQ(in, 3);
    T.now = 102;
    shm_expire(&T);
    CHECK_EQ(next(&w), 0);
    T.now = 103;
    shm_expire(&T);
    CHECK_EQ(next(&w), 1);
    CHECK_EQ(w.client, 10);
    CHECK_EQ(w.status, PL_ETIMEDOUT);
    CHECK_EQ(shm_next_deadline(&T, &in), 1);
    CHECK_EQ(in, SHM_POLL_TICKS); /* forever: only the periodic check */
}

TEST(lock_free_word_taken_at_once_relock_is_edeadlk)
{
    fresh();
    uint32_t pg = shared_page();
    CHECK_EQ(shm_futex_lock(&T, OWNER, ID_OWNER, 10, pg, 0, ID_OWNER, SHM_NO_TIMEOUT), PL_OK);
    CHECK_EQ(pool[pg][0], ID_OWNER);
    CHECK_EQ(shm_futex_lock(&T, OWNER, ID_OWNER, 10, pg, 0, ID_OWNER, SHM_NO_TIMEOUT), PL_EDEADLK);
}

TEST(lock_in_another_name_and_unlock_by_a_non_owner_are_eperm)
{
    fresh();
    uint32_t pg = shared_page();
    CHECK_EQ(shm_futex_lock(&T, OTHER, ID_OTHER, 10, pg, 0, ID_OWNER, SHM_NO_TIMEOUT), PL_EPERM);
    CHECK_EQ(pool[pg][0], 0);
    CHECK_EQ(shm_futex_lock(&T, OWNER, ID_OWNER, 10, pg, 0, ID_OWNER, SHM_NO_TIMEOUT), PL_OK);
    CHECK_EQ(shm_futex_unlock(&T, OTHER, ID_OTHER, pg, 0, ID_OTHER), PL_EPERM);
    CHECK_EQ(shm_futex_unlock(&T, OTHER, ID_OTHER, pg, 0, ID_OWNER), PL_EPERM);
    CHECK_EQ(pool[pg][0], ID_OWNER);
    CHECK_EQ(shm_futex_lock(&T, OWNER, ID_OWNER, 10, pg, 0, 0, SHM_NO_TIMEOUT), PL_EPERM);
}

TEST(lock_hand_off_to_the_most_urgent_waiter_with_the_waiters_bit)
{
    fresh();
    uint32_t pg = shared_page();
    struct shm_wakeup w;
    prio_of[2] = 1;
    prio_of[1] = 3;
    CHECK_EQ(shm_futex_lock(&T, OWNER, ID_OWNER, 10, pg, 0, ID_OWNER, SHM_NO_TIMEOUT), PL_OK);
    CHECK_EQ(shm_futex_lock(&T, OTHER, ID_OTHER, 11, pg, 0, ID_OTHER, SHM_NO_TIMEOUT), SHM_BLOCKED);
    CHECK_EQ(pool[pg][0], ID_OWNER | SHM_FUTEX_WAITERS);
    CHECK_EQ(shm_futex_lock(&T, THIRD, ID_THIRD, 12, pg, 0, ID_THIRD, SHM_NO_TIMEOUT), SHM_BLOCKED);
    CHECK_EQ(shm_futex_unlock(&T, OWNER, ID_OWNER, pg, 0, ID_OWNER), PL_OK);
    CHECK_EQ(pool[pg][0], ID_THIRD | SHM_FUTEX_WAITERS);
    CHECK_EQ(next(&w), 1);
    CHECK_EQ(w.client, 12);
    CHECK_EQ(w.status, PL_OK);
    CHECK_EQ(shm_futex_unlock(&T, THIRD, ID_THIRD, pg, 0, ID_THIRD), PL_OK);
    CHECK_EQ(pool[pg][0], ID_OTHER); /* the last waiter: no waiters bit */
    CHECK_EQ(next(&w), 1);
    CHECK_EQ(w.client, 11);
    CHECK_EQ(shm_futex_unlock(&T, OTHER, ID_OTHER, pg, 0, ID_OTHER), PL_OK);
    CHECK_EQ(pool[pg][0], 0);
    CHECK_EQ(next(&w), 0);
}

TEST(lock_owner_dead_next_locker_gets_eownerdead_and_the_bit_carries)
{
    fresh();
    uint32_t pg = shared_page();
    pool[pg][0] = ID_OWNER;
    dead_mask = 1u << (ID_OWNER & 0xffu);
    CHECK_EQ(shm_futex_lock(&T, OTHER, ID_OTHER, 11, pg, 0, ID_OTHER, SHM_NO_TIMEOUT),
             PL_EOWNERDEAD);
    CHECK_EQ(pool[pg][0], ID_OTHER | SHM_FUTEX_OWNER_DIED);
    CHECK_EQ(shm_futex_lock(&T, THIRD, ID_THIRD, 12, pg, 0, ID_THIRD, SHM_NO_TIMEOUT), SHM_BLOCKED);
    CHECK_EQ(shm_futex_unlock(&T, OTHER, ID_OTHER, pg, 0, ID_OTHER), PL_OK);
    CHECK_EQ(pool[pg][0], ID_THIRD | SHM_FUTEX_OWNER_DIED); /* not made consistent: carried */
    CHECK_EQ(shm_futex_lock(&T, THIRD, ID_THIRD, 12, pg, 0, ID_THIRD, 0), PL_EDEADLK);
}

TEST(lock_timeout_and_no_wait)
{
    fresh();
    uint32_t pg = shared_page();
    struct shm_wakeup w;
    pool[pg][0] = ID_OWNER;
    CHECK_EQ(shm_futex_lock(&T, OTHER, ID_OTHER, 11, pg, 0, ID_OTHER, 0), PL_ETIMEDOUT);
    CHECK_EQ(shm_futex_lock(&T, OTHER, ID_OTHER, 11, pg, 0, ID_OTHER, 5), SHM_BLOCKED);
    T.now = 5;
    shm_expire(&T);
    CHECK_EQ(next(&w), 1);
    CHECK_EQ(w.status, PL_ETIMEDOUT);
}

TEST(owner_dying_while_others_wait_hands_the_word_on_at_the_check)
{
    fresh();
    uint32_t pg = shared_page();
    struct shm_wakeup w;
    CHECK_EQ(shm_futex_lock(&T, OWNER, ID_OWNER, 10, pg, 0, ID_OWNER, SHM_NO_TIMEOUT), PL_OK);
    CHECK_EQ(shm_futex_lock(&T, OTHER, ID_OTHER, 11, pg, 0, ID_OTHER, SHM_NO_TIMEOUT), SHM_BLOCKED);
    shm_expire(&T);
    CHECK_EQ(next(&w), 0); /* owner alive: nothing */
    dead_mask = 1u << (ID_OWNER & 0xffu);
    shm_expire(&T);
    CHECK_EQ(next(&w), 1);
    CHECK_EQ(w.client, 11);
    CHECK_EQ(w.status, PL_EOWNERDEAD);
    CHECK_EQ(pool[pg][0], ID_OTHER | SHM_FUTEX_OWNER_DIED);
}

TEST(a_dead_waiter_is_not_handed_the_lock_and_is_reclaimed)
{
    fresh();
    uint32_t pg = shared_page();
    struct shm_wakeup w;
    prio_of[2] = 0;
    prio_of[1] = 4;
    CHECK_EQ(shm_futex_lock(&T, OWNER, ID_OWNER, 10, pg, 0, ID_OWNER, SHM_NO_TIMEOUT), PL_OK);
    CHECK_EQ(shm_futex_lock(&T, OTHER, ID_OTHER, 11, pg, 0, ID_OTHER, SHM_NO_TIMEOUT), SHM_BLOCKED);
    CHECK_EQ(shm_futex_lock(&T, THIRD, ID_THIRD, 12, pg, 0, ID_THIRD, SHM_NO_TIMEOUT), SHM_BLOCKED);
    dead_mask = 1u << (ID_THIRD & 0xffu);
    CHECK_EQ(shm_futex_unlock(&T, OWNER, ID_OWNER, pg, 0, ID_OWNER), PL_OK);
    CHECK_EQ(pool[pg][0], ID_OTHER);
    int other = 0, third = 0;
    while (next(&w)) {
        other += w.client == 11 && w.status == PL_OK;
        third += w.client == 12 && w.status == PL_EDEAD;
    }
    CHECK_EQ(other, 1);
    CHECK_EQ(third, 1);
}

TEST(a_client_dead_while_blocked_is_reclaimed_at_the_check)
{
    fresh();
    uint32_t pg = shared_page();
    struct shm_wakeup w;
    struct shm_grant g;
    while (shm_next_grant(&T, &g)) {
    }
    CHECK_EQ(shm_futex_wait(&T, OTHER, ID_OTHER, 11, pg, 0, 0, SHM_NO_TIMEOUT), SHM_BLOCKED);
    dead_mask = 1u << (ID_OTHER & 0xffu);
    shm_expire(&T);
    CHECK_EQ(next(&w), 0); /* nobody to answer */
    CHECK_EQ(shm_next_grant(&T, &g), 1);
    CHECK_EQ(g.task, 1);
    CHECK_EQ(g.access, 0);
    uint32_t in;
    CHECK_EQ(shm_next_deadline(&T, &in), 0);
}

TEST(reclaim_drops_waits_handles_and_mappings_and_frees_unlinked)
{
    fresh();
    uint32_t first, p;
    int h = made(2, &first);
    CHECK_EQ(shm_mmap(&T, OWNER, 0, h, 0, 2, PL_SHM_READ | PL_SHM_WRITE, &p), PL_OK);
    CHECK_EQ(shm_futex_wait(&T, OWNER, ID_OWNER, 10, first, 0, 0, SHM_NO_TIMEOUT), SHM_BLOCKED);
    CHECK_EQ(shm_unlink(&T, OWNER, "m", 1), PL_OK);
    CHECK_EQ(shm_reclaim(&T, OTHER), 0);
    CHECK_EQ(shm_reclaim(&T, OWNER), 3);
    CHECK_EQ(shm_free_pages(&T), POOL);
    CHECK_EQ(shm_close(&T, OWNER, h), PL_EBADF);
    struct shm_wakeup w;
    CHECK_EQ(next(&w), 0);
}

TEST(lock_and_unlock_need_a_read_write_mapping_wait_and_wake_a_read_one)
{
    fresh();
    uint32_t first, p;
    struct shm_wakeup w;
    int h = made(1, &first);
    int ro = op(OTHER, "m", SHM_O_RDONLY, 0);
    CHECK_EQ(shm_mmap(&T, OWNER, 0, h, 0, 1, PL_SHM_READ | PL_SHM_WRITE, &p), PL_OK);
    CHECK_EQ(shm_mmap(&T, OTHER, 1, ro, 0, 1, PL_SHM_READ, &p), PL_OK);
    CHECK_EQ(shm_futex_lock(&T, OTHER, ID_OTHER, 11, first, 0, ID_OTHER, SHM_NO_TIMEOUT),
             PL_EACCES);
    CHECK_EQ(pool[first][0], 0);
    CHECK_EQ(shm_futex_lock(&T, OWNER, ID_OWNER, 10, first, 0, ID_OWNER, SHM_NO_TIMEOUT), PL_OK);
    CHECK_EQ(shm_futex_unlock(&T, OTHER, ID_OTHER, first, 0, ID_OTHER), PL_EACCES);
    CHECK_EQ(shm_futex_wait(&T, OTHER, ID_OTHER, 11, first, 4, 0, SHM_NO_TIMEOUT), SHM_BLOCKED);
    CHECK_EQ(shm_futex_wake(&T, OTHER, first, 4, 1), 1);
    CHECK_EQ(next(&w), 1);
    CHECK_EQ(w.client, 11);
}

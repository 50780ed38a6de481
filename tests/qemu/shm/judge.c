/*
 * tests/qemu/shm/judge.c - the shared-memory server's rules (docs/ipc-catalogue.md, "Shared
 * memory", and the "Bad input and limits"), one case each, driven through the actors
 * (actor.c) and their client library. The server is a task in both modes, so every case,
 * its restart included, runs in both.
 */
#include <fcntl.h>

#include "../harness/qctl.h"
#include "../harness/qtest.h"
#include "../../../servers/shm/shm_client.h"
#include "shmtest.h"
#include "system.h"

#define A TASK_A
#define B TASK_B
#define C TASK_C

#define WAIT 200u /* ticks an order may take to be reported */
#define RW   (PL_SHM_READ | PL_SHM_WRITE)
#define RO   PL_SHM_READ

static const uint32_t actors[] = {TASK_A, TASK_B, TASK_C};

static const struct qc_report *last;

static const char *expect(uint32_t task, uint32_t op, uint32_t a, uint32_t b, int want)
{
    last = qc_ask(task, op, a, b, WAIT);
    if (!last) {
        return qt_why("task %lu: no report of order %lu", (unsigned long)task, (unsigned long)op);
    }
    if (last->status != want && !(want == PL_OK && last->status > 0)) {
        return qt_why("task %lu order %lu(0x%lx, 0x%lx): %s, expected %s", (unsigned long)task,
                      (unsigned long)op, (unsigned long)a, (unsigned long)b,
                      pl_strerror(last->status), pl_strerror(want));
    }
    return 0;
}

static uint32_t create(uint32_t mode)
{
    return (uint32_t)(O_CREAT | O_RDWR) | mode << 16;
}

static uint32_t mapping(uint32_t pages, uint32_t prot, uint32_t offset)
{
    return pages | prot << 8 | offset << 16;
}

static const char *free_pages(uint32_t want)
{
    QT_STEP(expect(A, SHT_STAT, 0, 0, PL_OK));
    if (last->a != want) {
        return qt_why("%lu free pool pages of %lu, expected %lu", (unsigned long)last->a,
                      (unsigned long)last->b, (unsigned long)want);
    }
    return 0;
}

static const char *reads(uint32_t task, uint32_t name, uint32_t word, uint32_t want)
{
    QT_STEP(expect(task, SHT_READ, sht_word(name, word, 0), 0, PL_OK));
    if (last->a != want) {
        return qt_why("task %lu read 0x%lx, expected 0x%lx", (unsigned long)task,
                      (unsigned long)last->a, (unsigned long)want);
    }
    return 0;
}

/* An order that must block until `then` runs; its report must then be `want`. */
static const char *blocks_until(uint32_t task, uint32_t op, uint32_t a, uint32_t b,
                                const char *(*then)(void), int want)
{
    qc_order(task, op, a, b);
    if (!qc_wait_blocked(task, 50) || qc_report(task, 20)) {
        return "the order did not block";
    }
    QT_STEP(then());
    const struct qc_report *r = qc_report(task, WAIT);
    if (!r || r->status != want) {
        return qt_why("after unblocking: %s, expected %s", r ? pl_strerror(r->status) : "nothing",
                      pl_strerror(want));
    }
    last = r;
    return 0;
}

/* The task stopped with a fault of `kind`; restart it. */
static const char *faulted(uint32_t task, uint32_t kind)
{
    if (!qt_wait_stopped(&task, 1, 1, 50)) {
        return "the task survived";
    }
    struct pl_task_status st = qt_status(task);
    if (st.state != PL_TASK_FAULTED || st.fault.kind != kind) {
        return qt_why("%s, fault %s, expected %s", qt_state_name(st.state),
                      qt_fault_name(st.fault.kind), qt_fault_name(kind));
    }
    return qc_restart(task);
}

static const char *server_unharmed(void)
{
    struct pl_task_status st = qt_status(TASK_SHM);
    return st.faults != 0 || !qt_is_live(&st) ? "the server faulted" : 0;
}

/* ---- cases ---- */

static const char *names(void)
{
    QT_STEP(expect(A, SHT_OPEN, 0, O_RDWR, PL_ENOENT));
    QT_STEP(expect(A, SHT_OPEN, 0, create(SHM_MODE_ALL), PL_OK));
    QT_STEP(expect(A, SHT_OPEN, 0, create(SHM_MODE_ALL) | O_EXCL, PL_EEXIST));
    QT_STEP(expect(A, SHT_OPEN_LONG, 0, 0, PL_ENAMETOOLONG));
    return expect(B, SHT_OPEN, 0, O_RDWR, PL_OK);
}

static const char *permissions(void)
{
    uint32_t mode = SHM_MODE_OWNER_READ | SHM_MODE_OWNER_WRITE | SHM_MODE_OTHER_READ;
    QT_STEP(expect(A, SHT_OPEN, 1, create(mode), PL_OK));
    QT_STEP(expect(B, SHT_OPEN, 1, O_RDWR, PL_EACCES));
    QT_STEP(expect(B, SHT_OPEN, 1, O_RDONLY, PL_OK));
    QT_STEP(expect(B, SHT_UNLINK, 1, 0, PL_EACCES));
    QT_STEP(expect(B, SHT_TRUNC, 1, PAGE_SIZE, PL_EACCES)); /* sizing needs a read-write open */
    return expect(A, SHT_TRUNC, 1, PAGE_SIZE, PL_OK);
}

static const char *sizes(void)
{
    QT_STEP(free_pages(5));                                         /* s1 took one */
    QT_STEP(expect(A, SHT_TRUNC, 0, 2u * PAGE_SIZE - 100u, PL_OK)); /* rounds up: 2 pages */
    QT_STEP(expect(A, SHT_TRUNC, 0, PAGE_SIZE, PL_EINVAL));         /* sized once */
    QT_STEP(free_pages(3));
    QT_STEP(expect(A, SHT_OPEN, 2, create(SHM_MODE_ALL), PL_OK));
    QT_STEP(expect(A, SHT_TRUNC, 2, 7u * PAGE_SIZE, PL_EFULL)); /* more than the pool */
    return expect(A, SHT_TRUNC, 2, 4u * PAGE_SIZE, PL_EFULL);   /* more than is free */
}

static const char *shared_contiguous(void)
{
    QT_STEP(expect(A, SHT_MMAP, 0, mapping(2, RW, 0), PL_OK));
    uint32_t a_addr = last->a;
    QT_STEP(expect(B, SHT_MMAP, 0, mapping(2, RW, 0), PL_OK));
    if (last->a != a_addr) {
        return qt_why("A maps at 0x%lx, B at 0x%lx", (unsigned long)a_addr, (unsigned long)last->a);
    }
    QT_STEP(reads(B, 0, 0, 0)); /* a new object reads zeros */
    QT_STEP(expect(A, SHT_WRITE, sht_word(0, 0, 0), 0x1234, PL_OK));
    QT_STEP(expect(A, SHT_WRITE, sht_word(0, PAGE_SIZE / 4u + 3u, 0), 0xabcd, PL_OK));
    QT_STEP(reads(B, 0, 0, 0x1234));
    QT_STEP(reads(B, 0, PAGE_SIZE / 4u + 3u, 0xabcd)); /* the second page follows the first */
    return expect(B, SHT_WRITE, sht_word(0, 0, 0), 0, PL_OK);
}

static const char *mmap_limits(void)
{
    QT_STEP(expect(C, SHT_OPEN, 0, O_RDWR, PL_OK));                /* C: 3 windows free */
    QT_STEP(expect(C, SHT_MMAP, 0, mapping(3, RO, 0), PL_EINVAL)); /* past the object */
    QT_STEP(expect(C, SHT_MMAP, 0, mapping(1, RO, 2), PL_EINVAL));
    QT_STEP(expect(C, SHT_MMAP, 0, mapping(0, RO, 0), PL_EINVAL));
    QT_STEP(expect(A, SHT_MMAP, 2, mapping(1, RO, 0), PL_EINVAL)); /* never sized */
    /* past the windows: A's 3 windows, 2 in use by s0; a second object of 2 pages, for it */
    QT_STEP(expect(A, SHT_TRUNC, 2, 2u * PAGE_SIZE, PL_OK));
    QT_STEP(expect(A, SHT_MMAP, 2, mapping(2, RW, 0), PL_EFULL));
    QT_STEP(expect(A, SHT_UNLINK, 2, 0, PL_OK));
    QT_STEP(expect(A, SHT_CLOSE, 2, 0, PL_OK));
    QT_STEP(free_pages(3)); /* the refused mapping left nothing behind */
    return expect(B, SHT_MMAP, 1, mapping(1, RW, 0), PL_EACCES); /* open read-only */
}

static const char *read_only_faults(void)
{
    QT_STEP(expect(A, SHT_MMAP, 1, mapping(1, RW, 0), PL_OK));
    QT_STEP(expect(A, SHT_WRITE, sht_word(1, 5, 0), 77, PL_OK));
    QT_STEP(expect(B, SHT_MMAP, 1, mapping(1, RO, 0), PL_OK));
    QT_STEP(reads(B, 1, 5, 77));
    QT_STEP(expect(B, SHT_LOCK, sht_word(1, 5, 0), 0, PL_EACCES)); /* the server writes no word */
    QT_STEP(reads(B, 1, 5, 77));                                   /* for a reader */
    qc_order(B, SHT_WRITE, sht_word(1, 5, 0), 78);
    QT_STEP(faulted(B, PL_FAULT_MEM_DATA));
    QT_STEP(reads(A, 1, 5, 77)); /* the writer faulted, the word is as it was */
    QT_STEP(expect(A, SHT_MUNMAP, 1, 1, PL_OK));
    return server_unharmed();
}

/* B (restarted: hello drops what its first life held) maps s0 again. */
static const char *b_maps_s0(void)
{
    QT_STEP(expect(B, SHT_OPEN, 0, O_RDWR, PL_OK));
    return expect(B, SHT_MMAP, 0, mapping(2, RW, 0), PL_OK);
}

static const char *a_wakes_one(void)
{
    QT_STEP(expect(A, SHT_WAKE, sht_word(0, 1, 0), 1, 1));
    return last->status == 1 ? 0 : qt_why("woke %ld", (long)last->status);
}

static const char *futex_wait_wake(void)
{
    QT_STEP(b_maps_s0());
    QT_STEP(expect(A, SHT_WAKE, sht_word(0, 1, 0), 1, PL_OK)); /* nobody waits: 0 */
    if (last->status != 0) {
        return "a wake with nobody waiting woke someone";
    }
    QT_STEP(blocks_until(B, SHT_WAIT, sht_word(0, 1, 0), 0, a_wakes_one, PL_OK));
    QT_STEP(expect(A, SHT_WRITE, sht_word(0, 1, 0), 9, PL_OK));
    QT_STEP(expect(B, SHT_WAIT, sht_word(0, 1, 0), 0, PL_EAGAIN)); /* the word is not 0 */
    uint32_t t0 = qc_now();
    QT_STEP(expect(B, SHT_WAIT, sht_word(0, 1, 20), 9, PL_ETIMEDOUT));
    if (qc_now() - t0 < 20u) {
        return qt_why("timed out after %lu ticks, asked 20", (unsigned long)(qc_now() - t0));
    }
    return 0;
}

static const char *futex_bad_addresses(void)
{
    QT_STEP(expect(B, SHT_WAIT_AT, 0, TASK_B_RAM_BASE + 0x100u, PL_EINVAL)); /* its own RAM */
    QT_STEP(expect(B, SHT_WAIT, sht_word(2, 0, 0), 0, PL_EINVAL));           /* not mapped */
    QT_STEP(expect(C, SHT_WAIT, sht_word(0, 0, 0), 0, PL_EINVAL)); /* s0 open, not mapped */
    QT_STEP(expect(B, SHT_WAIT_AT, 0, KERNEL_RAM_BASE + 0x100u, PL_EINVAL)); /* never read */
    QT_STEP(expect(B, SHT_WAIT_AT, 0, (uint32_t)(uintptr_t)0, PL_EINVAL));
    return server_unharmed();
}

static const char *bad_pointers(void)
{
    QT_STEP(expect(C, SHT_MUNMAP_AT, 0, KERNEL_RAM_BASE, PL_EINVAL)); /* not a mapping */
    QT_STEP(expect(C, SHT_MUNMAP_AT, 0, TASK_C_RAM_BASE, PL_EINVAL));
    qc_order(C, SHT_OPEN_AT, 0, KERNEL_RAM_BASE + 0x100u);
    QT_STEP(faulted(C, PL_FAULT_MEM_DATA));         /* the client faults in its own library */
    QT_STEP(expect(C, SHT_OPEN, 0, O_RDWR, PL_OK)); /* restarted: hello, then open again */
    return server_unharmed();
}

static uint32_t c_id;

static const char *c_unlocks(void)
{
    return expect(C, SHT_UNLOCK, sht_word(0, 2, 0), 0, PL_OK);
}

static const char *a_exits(void)
{
    qc_order(A, SHT_EXIT, 0, 0);
    uint32_t a = A;
    return qt_wait_stopped(&a, 1, 1, 50) ? 0 : "A did not exit";
}

static const char *robust_lock(void)
{
    QT_STEP(expect(C, SHT_MMAP, 0, mapping(2, RW, 0), PL_OK));
    QT_STEP(expect(C, SHT_SELF, 0, 0, PL_OK));
    c_id = last->a;
    QT_STEP(expect(A, SHT_SELF, 0, 0, PL_OK));
    uint32_t a_id = last->a;
    QT_STEP(expect(C, SHT_LOCK, sht_word(0, 2, 0), 0, PL_OK));
    QT_STEP(reads(A, 0, 2, c_id));
    QT_STEP(expect(C, SHT_LOCK, sht_word(0, 2, 0), 0, PL_EDEADLK));
    QT_STEP(expect(A, SHT_LOCK, sht_word(0, 2, 0), c_id, PL_EPERM)); /* in C's name */
    QT_STEP(expect(A, SHT_UNLOCK, sht_word(0, 2, 0), 0, PL_EPERM));  /* not the owner */
    QT_STEP(blocks_until(A, SHT_LOCK, sht_word(0, 2, 0), 0, c_unlocks, PL_OK));
    QT_STEP(reads(C, 0, 2, a_id)); /* handed to A, nobody else waits */
    /* A dies holding it; C, blocked, is handed it with EOWNERDEAD */
    QT_STEP(blocks_until(C, SHT_LOCK, sht_word(0, 2, 0), 0, a_exits, PL_EOWNERDEAD));
    QT_STEP(reads(C, 0, 2, c_id | 0x40000000u));
    QT_STEP(qc_restart(A));
    QT_STEP(expect(C, SHT_UNLOCK, sht_word(0, 2, 0), 0, PL_OK));
    return reads(C, 0, 2, 0x40000000u); /* OWNER_DIED stays: C did not clear it */
}

static const char *unlink_while_mapped(void)
{
    QT_STEP(free_pages(3));
    QT_STEP(expect(C, SHT_OPEN, 3, create(SHM_MODE_ALL), PL_OK));
    QT_STEP(expect(C, SHT_TRUNC, 3, PAGE_SIZE, PL_OK));
    QT_STEP(expect(C, SHT_MMAP, 3, mapping(1, RW, 0), PL_OK));
    QT_STEP(free_pages(2));
    QT_STEP(expect(C, SHT_UNLINK, 3, 0, PL_OK));
    QT_STEP(expect(A, SHT_OPEN, 3, O_RDWR, PL_ENOENT));
    QT_STEP(expect(C, SHT_CLOSE, 3, 0, PL_OK));
    QT_STEP(expect(C, SHT_WRITE, sht_word(3, 0, 0), 5, PL_OK)); /* still mapped */
    QT_STEP(free_pages(2));
    QT_STEP(expect(C, SHT_MUNMAP, 3, 1, PL_OK));
    return free_pages(3);
}

/* B waits on a word of an object only it holds, then faults: the server reclaims it. */
static const char *dead_blocked_client(void)
{
    QT_STEP(expect(B, SHT_OPEN, 3, create(SHM_MODE_ALL), PL_OK));
    QT_STEP(expect(B, SHT_TRUNC, 3, PAGE_SIZE, PL_OK));
    QT_STEP(expect(B, SHT_MMAP, 3, mapping(1, RW, 0), PL_OK));
    QT_STEP(expect(B, SHT_UNLINK, 3, 0, PL_OK));
    QT_STEP(free_pages(2));
    qc_order(B, SHT_WAIT, sht_word(3, 0, 0), 0);
    if (!qc_wait_blocked(B, 50) || pl_task_fault(B) != PL_OK) {
        return "B did not block, or could not be stopped";
    }
    for (uint32_t i = 0; i < 20u; i++) { /* the server looks every SHM_POLL_TICKS */
        pl_sleep(10);
        QT_STEP(expect(A, SHT_STAT, 0, 0, PL_OK));
        if (last->a == 3u) {
            return qc_restart(B);
        }
    }
    return "the dead client's object was not freed";
}

static const char *server_restart(void)
{
    QT_STEP(b_maps_s0());
    qc_order(B, SHT_WAIT, sht_word(0, 0, 0), 0);
    if (!qc_wait_blocked(B, 50) || pl_task_restart(TASK_SHM) < 0) {
        return "the wait did not block, or the server did not restart";
    }
    const struct qc_report *r = qc_report(B, WAIT);
    if (!r || r->status != PL_EDEAD) {
        return qt_why("blocked client: %s, expected EDEAD", r ? pl_strerror(r->status) : "-");
    }
    QT_STEP(expect(C, SHT_WAKE, sht_word(0, 0, 0), 1, PL_EDEAD)); /* a mapping of its last life */
    QT_STEP(expect(C, SHT_CLOSE, 0, 0, PL_EBADF));                /* a handle of its last life */
    QT_STEP(expect(C, SHT_MUNMAP, 0, 2, PL_EDEAD));
    QT_STEP(expect(C, SHT_OPEN, 0, O_RDWR, PL_ENOENT)); /* the objects are gone */
    QT_STEP(free_pages(6));
    qc_order(B, SHT_READ, sht_word(0, 0, 0), 0); /* the pages were unmapped everywhere */
    QT_STEP(faulted(B, PL_FAULT_MEM_DATA));
    QT_STEP(expect(C, SHT_OPEN, 0, create(SHM_MODE_ALL), PL_OK)); /* and it serves again */
    QT_STEP(expect(C, SHT_TRUNC, 0, PAGE_SIZE, PL_OK));
    QT_STEP(expect(C, SHT_MMAP, 0, mapping(1, RW, 0), PL_OK)); /* its windows were freed */
    QT_STEP(expect(C, SHT_WRITE, sht_word(0, 0, 0), 3, PL_OK));
    QT_STEP(reads(C, 0, 0, 3));
    QT_STEP(expect(C, SHT_WAKE, sht_word(0, 0, 0), 1, PL_OK)); /* a new mapping: its new life */
    QT_STEP(expect(C, SHT_LOCK, sht_word(0, 1, 0), 0, PL_OK));
    QT_STEP(expect(C, SHT_UNLOCK, sht_word(0, 1, 0), 0, PL_OK));
    return server_unharmed();
}

/* A page is in at most one window of a task: C's second mapping of s0 shares the first's
 * window (so a 2-page object still fits in its other two), another access over it is
 * PL_EACCES, one munmap leaves the page mapped (words and futexes work), the last one
 * unmaps it (a read faults). */
static const char *mapped_twice(void)
{
    QT_STEP(expect(C, SHT_MMAP, 0, mapping(1, RW, 0), PL_OK)); /* s0's second mapping */
    uint32_t at = last->a;
    QT_STEP(expect(C, SHT_OPEN, 1, create(SHM_MODE_ALL), PL_OK));
    QT_STEP(expect(C, SHT_TRUNC, 1, 2u * PAGE_SIZE, PL_OK));
    QT_STEP(expect(C, SHT_MMAP, 1, mapping(2, RW, 0), PL_OK));     /* 3 windows: s0 holds one */
    QT_STEP(expect(C, SHT_MMAP, 0, mapping(1, RO, 0), PL_EACCES)); /* another access */
    QT_STEP(expect(C, SHT_MMAP, 0, mapping(1, RW, 0), PL_OK));     /* a third, same address */
    if (last->a != at) {
        return qt_why("mapped at 0x%lx, then 0x%lx", (unsigned long)at, (unsigned long)last->a);
    }
    QT_STEP(expect(C, SHT_MUNMAP_KEEP, 0, 1, PL_OK));
    QT_STEP(expect(C, SHT_MUNMAP_KEEP, 0, 1, PL_OK));
    QT_STEP(expect(C, SHT_WRITE, sht_word(0, 0, 0), 0x55, PL_OK)); /* still mapped */
    QT_STEP(reads(C, 0, 0, 0x55));
    QT_STEP(expect(C, SHT_WAKE, sht_word(0, 0, 0), 1, PL_OK)); /* a futex still finds it */
    QT_STEP(expect(C, SHT_MUNMAP_KEEP, 0, 1, PL_OK));          /* the last one */
    qc_order(C, SHT_READ, sht_word(0, 0, 0), 0);
    QT_STEP(faulted(C, PL_FAULT_MEM_DATA)); /* its window was emptied */
    return server_unharmed();
}

int main(void)
{
    qt_begin(SYSTEM_NAME);
    qc_start(actors, sizeof(actors) / sizeof(actors[0]), 200);
    qt_report("open_create_exclusive_enoent_enametoolong", names());
    qt_report("mode_eacces_for_open_unlink_and_ftruncate", permissions());
    qt_report("ftruncate_rounds_up_sizes_once_efull", sizes());
    qt_report("mmap_two_pages_contiguous_and_shared_between_tasks", shared_contiguous());
    qt_report("mmap_past_the_object_einval_past_the_windows_efull", mmap_limits());
    qt_report("read_only_mapping_write_faults_the_writer_only", read_only_faults());
    qt_report("futex_wait_wake_eagain_and_timeout", futex_wait_wake());
    qt_report("futex_on_an_unmapped_address_einval", futex_bad_addresses());
    qt_report("bad_pointers_fault_the_client_not_the_server", bad_pointers());
    qt_report("robust_lock_handoff_owner_death_and_eperm", robust_lock());
    qt_report("unlink_while_mapped_last_unmap_frees", unlink_while_mapped());
    qt_report("client_dying_while_blocked_is_reclaimed", dead_blocked_client());
    qt_report("server_restart_gives_edead_and_ebadf_never_a_hang", server_restart());
    qt_report("mapped_twice_one_window_munmap_once_still_mapped", mapped_twice());
    qt_finish();
}

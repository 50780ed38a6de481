/*
 * tests/qemu/shm/shmtest.h - the orders the judge gives the actors of the shared-memory test.
 * Each actor keeps one handle and one mapping per object name (an index into sht_names);
 * `a` names it, with a word index into the mapping in bits 8..23 where a word is used.
 */
#ifndef TESTS_QEMU_SHMTEST_H
#define TESTS_QEMU_SHMTEST_H

#include <stdint.h>

enum sht_op {
    SHT_OPEN,        /* a = name, b = oflag (<fcntl.h>) | mode << 16 -> status = handle or error */
    SHT_OPEN_LONG,   /* a name of 16 characters */
    SHT_TRUNC,       /* a = name, b = size in bytes */
    SHT_MMAP,        /* a = name, b = pages | prot << 8 | offset in pages << 16 -> a = address */
    SHT_MUNMAP,      /* a = name, b = pages */
    SHT_CLOSE,       /* a = name */
    SHT_UNLINK,      /* a = name */
    SHT_STAT,        /* -> a = free pool pages, b = pool pages */
    SHT_WRITE,       /* a = name | word << 8, b = value */
    SHT_READ,        /* a = name | word << 8 -> a = the value */
    SHT_WAIT,        /* a = name | word << 8 | timeout << 24 (0: forever), b = expected */
    SHT_WAKE,        /* a = name | word << 8, b = count -> status = how many */
    SHT_LOCK,        /* a = name | word << 8 | timeout << 24, b = 0: as itself, else that id */
    SHT_UNLOCK,      /* a = name | word << 8 */
    SHT_WAIT_AT,     /* futex_wait on address b (not a mapping) */
    SHT_SELF,        /* -> a = pl_task_self() */
    SHT_EXIT,        /* pl_exit(0), reporting nothing: dies holding whatever it holds */
    SHT_OPEN_AT,     /* shm_open with the name at address b */
    SHT_MUNMAP_AT,   /* shm_munmap(b, one page) */
    SHT_MUNMAP_KEEP, /* as SHT_MUNMAP, but the actor keeps the address (a second mapping of the
                      * same pages may still use it) */
};

#define SHT_NAMES 4u
static const char *const sht_names[SHT_NAMES] = {"s0", "s1", "s2", "s3"};

static inline uint32_t sht_word(uint32_t name, uint32_t word, uint32_t timeout)
{
    return name | word << 8 | timeout << 24;
}

#endif

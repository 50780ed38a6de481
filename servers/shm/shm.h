/*
 * servers/shm/shm.h - the shared-memory server's protocol: what its clients include.
 *
 * The server (shm.c) owns a pool of the kernel's shared pages and makes them named objects:
 * a client opens one by name, sizes it once in whole pages, and maps it; the server then
 * grants the object's pages to the client's task and the client library maps them into the
 * task's windows (shm_client.h). The server also blocks and wakes tasks on 32-bit words in
 * those pages (futex.h). It registers SHM_SERVER_NAME in the name server. Every request is
 * one call; the answer's label is the status (PL_OK or a negative enum pl_err).
 *
 * Identity is the caller's badge on the server's endpoint (handles and mappings belong to
 * it); grants go to the caller's task index (PL_TASK_INDEX of its reply handle). A task's first
 * request of each of its lives is SHM_HELLO, which drops what an earlier life left behind.
 * Requests about a mapping carry the server generation the mapping was made in: one from an
 * earlier life of the server is PL_EDEAD (its pages were unmapped when the server restarted).
 */
#ifndef SERVERS_SHM_H
#define SERVERS_SHM_H

#include <stdint.h>

#define SHM_SERVER_NAME "shm"
#define SHM_NAME_MAX    15u /* longest object name, in bytes */

/* The open flags on the wire (the client library turns <fcntl.h>'s into these). */
enum shm_oflag {
    SHM_O_RDONLY = 0,
    SHM_O_RDWR = 2,
    SHM_O_ACCMODE = 3,
    SHM_O_CREAT = 0x10,
    SHM_O_EXCL = 0x20,
};

/* An object's mode: who may open it for what (as mqueue.h's). */
enum shm_mode {
    SHM_MODE_OWNER_READ = 0x1,
    SHM_MODE_OWNER_WRITE = 0x2,
    SHM_MODE_OTHER_READ = 0x4,
    SHM_MODE_OTHER_WRITE = 0x8,
    SHM_MODE_ALL = 0xf,
};

enum shm_op {
    SHM_HELLO = 0,    /* -> w0 = things of an earlier life dropped, w1 = server generation */
    SHM_OPEN,         /* w0 = oflag (SHM_O_*), w1 = mode, data = the name (no NUL) -> w0 = handle */
    SHM_FTRUNCATE,    /* w0 = handle, w1 = size in pages */
    SHM_MMAP,         /* w0 = handle, w1 = PL_SHM_READ[|PL_SHM_WRITE], data = struct shm_mmap_req
                       * -> w0 = the kernel page of its first page, w1 = server generation */
    SHM_MUNMAP,       /* data = struct shm_munmap_req */
    SHM_CLOSE,        /* w0 = handle */
    SHM_UNLINK,       /* data = the name (no NUL) */
    SHM_STAT,         /* -> w0 = free pool pages, w1 = pool pages */
    SHM_FUTEX_WAIT,   /* w0 = kernel page, w1 = byte offset, data = struct shm_futex_req
                       * (arg = expected value) */
    SHM_FUTEX_WAKE,   /* ... (arg = how many) -> w0 = how many were woken */
    SHM_FUTEX_LOCK,   /* ... (arg = the caller's task id) */
    SHM_FUTEX_UNLOCK, /* ... (arg = the caller's task id) */
    SHM_OP_COUNT
};

struct shm_mmap_req {
    uint32_t offset; /* in pages */
    uint32_t pages;
};

struct shm_munmap_req {
    uint32_t gen;   /* the server generation the mapping was made in */
    uint32_t page;  /* its first kernel page */
    uint32_t pages; /* its length: a whole mapping, as made */
    uint32_t prot;  /* its access, as made (0: any mapping of that range) */
};

struct shm_futex_req {
    uint32_t gen; /* the server generation the page was mapped in */
    uint32_t arg;
    uint32_t timeout; /* ticks, PL_WAIT_FOREVER: none (wait, lock) */
};

#endif

/*
 * servers/shm/shm_client.h - named shared memory for tasks: the client library of the
 * shared-memory server (shm.h), with POSIX's shape (shm_open, ftruncate, mmap, munmap,
 * close, unlink) and parley's errors (negative enum pl_err) instead of errno.
 *
 * The library owns the task's windows (`windows` in its [task] section): shm_client_init
 * empties them all and counts them, and each mapped page takes one, shared by every mapping
 * of that page the task makes (the kernel keeps a page in at most one window of a task): a
 * second mapping of the same pages has the same address and the same access (another access
 * is PL_EACCES), and munmap unmaps a window when its last mapping goes. A mapping of several
 * pages is one contiguous range of addresses, because the server's pool pages lie back to
 * back in memory. The task needs a send right on the server's endpoint and on the name
 * server's ([endpoint shm] senders, [endpoint names] senders).
 */
#ifndef SERVERS_SHM_CLIENT_H
#define SERVERS_SHM_CLIENT_H

#include <stdint.h>

#include "shm.h"

int shm_client_init(void); /* find the server (name server), say hello; PL_OK or negative */
int shm_open(const char *name, int oflag, unsigned mode); /* >= 0 handle, or negative pl_err:
   PL_ENOENT, PL_EEXIST (O_CREAT|O_EXCL), PL_EACCES, PL_ENAMETOOLONG, PL_EFULL (no room) */
int shm_ftruncate(int h, uint32_t size); /* rounds up to whole pages; sizes an object once,
   while it is 0: PL_EINVAL otherwise (or more than the pool: PL_EFULL) */
int shm_mmap(int h, uint32_t offset, uint32_t length, int prot, void **addr);
/* prot = PL_SHM_READ or PL_SHM_READ|PL_SHM_WRITE; offset page-aligned; PL_EACCES (the
   open or the mode does not allow prot), PL_EINVAL (past the object, 0 length, misaligned),
   PL_EFULL (not enough free windows in this task for the pages it does not map yet),
   PL_EACCES also for pages this task maps already with another prot */
int shm_munmap(void *addr, uint32_t length); /* a whole mapping, as shm_mmap made it */
int shm_close(int h);
int shm_unlink(const char *name);

/* Beyond POSIX: the pool's free pages (*free) and size (*total), for tests and tools. */
int shm_pool_stat(uint32_t *free, uint32_t *total);

/* For futex.c: the server page and byte offset of a word this task mapped, and the server
 * generation of that mapping (PL_OK or PL_EINVAL); one request to the server. */
int shm_client_locate(const volatile void *addr, uint32_t *page, uint32_t *off, uint32_t *gen);
int shm_client_call(uint32_t op, uint32_t w0, uint32_t w1, const void *data, uint32_t len,
                    uint32_t *out_w0);

#endif

#ifndef PARLEY_SHM_CLIENT_H
#define PARLEY_SHM_CLIENT_H
#include <stdint.h>
int shm_client_init(void); /* find the server (name server), say hello; PL_OK or negative */
int shm_open(const char *name, int oflag, unsigned mode); /* >= 0 handle, or negative pl_err:
   PL_ENOENT, PL_EEXIST (O_CREAT|O_EXCL), PL_EACCES, PL_ENAMETOOLONG, PL_EFULL (no room) */
int shm_ftruncate(int h, uint32_t size); /* rounds up to whole pages; sizes an object once,
   while it is 0: PL_EINVAL otherwise (more than the pool: PL_EFULL) */
int shm_mmap(int h, uint32_t offset, uint32_t length, int prot, void **addr);
/* prot = PL_SHM_READ or PL_SHM_READ|PL_SHM_WRITE; offset page-aligned; PL_EACCES, PL_EINVAL,
PL_EFULL (not enough free windows in this task) */
int shm_munmap(void *addr, uint32_t length);
int shm_close(int h);
int shm_unlink(const char *name);
#endif

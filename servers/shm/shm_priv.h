/*
 * servers/shm/shm_priv.h - what the two halves of the shared-memory core share and nobody
 * else uses (shm_core.c owns objects, handles and mappings, shm_futex.c the blocked
 * clients). The server includes shm_core.h only.
 */
#ifndef SERVERS_SHM_PRIV_H
#define SERVERS_SHM_PRIV_H

#include <stdint.h>

#include "shm_core.h"

/* badge's open handle h, or NULL (PL_EBADF). */
struct shm_handle *shm_handle_get(struct shm_table *t, uint32_t badge, int h);

/* 1 if badge has a mapping of pool page `page` that allows `prot` (PL_SHM_READ[|WRITE]). */
int shm_maps_page(const struct shm_table *t, uint32_t badge, uint32_t page, uint32_t prot);

/* Drop badge's waits, unanswered; how many. */
uint32_t shm_waits_drop(struct shm_table *t, uint32_t badge);

#endif

/*
 * servers/names/names_client.h - what a task (or an in-kernel server) calls to use the name
 * server.
 *
 * The name server's endpoint comes from pl_env_names_ep() (user/lib/env.h): for a task, its
 * runtime (pl_rt->names_ep), which the generated start routine fills when the task is a sender
 * on the 'names' endpoint; without that right every call returns PL_EPERM.
 */
#ifndef SERVERS_NAMES_CLIENT_H
#define SERVERS_NAMES_CLIENT_H

#include <stdint.h>

#include "names.h"

/* Publish `name` (NUL-terminated) as served on endpoint `ep`. PL_OK, or PL_EINVAL, PL_EPERM
 * (another task owns the name), PL_EFULL, or an IPC error (PL_EDEAD: no name server). */
int names_register(const char *name, uint32_t ep);

/* Find the endpoint of `name`: PL_OK and *ep, or PL_ENOENT (nobody registered it), PL_EINVAL,
 * or an IPC error. */
int names_lookup(const char *name, uint32_t *ep);

/* The same, also telling how many times the name was registered (a restarted service
 * registers again, so a change means "it restarted since you last looked"). */
int names_lookup_count(const char *name, uint32_t *ep, uint32_t *registrations);

#endif

/*
 * servers/names/names_client.c - client side of the names protocol (names_client.h).
 *
 * Compiled into each task (or in-kernel server, MODE=mono) that uses the name server (list it
 * in the sources). Names are sent without their NUL: the length travels with the message. It
 * reaches the name server through the server seam (user/lib/env.h), so that it works from a
 * task and from the kernel alike.
 */
#include <string.h>

#include "env.h"
#include "names_client.h"
#include "runtime.h"

/* One request to the name server; a refused name is caught here without a call. */
static int names_call(uint32_t op, const char *name, uint32_t ep, struct pl_recvd *rep)
{
    size_t len = name ? strnlen(name, NAMES_NAME_MAX + 1u) : 0;
    if (len == 0 || len > NAMES_NAME_MAX) {
        return PL_EINVAL;
    }
    uint32_t names_ep = pl_env_names_ep();
    if (names_ep == PL_NO_EP) {
        return PL_EPERM; /* the description gives this task no right to the name server */
    }
    return pl_env_call(names_ep, op, ep, 0, name, len, rep, NULL, 0);
}

int names_register(const char *name, uint32_t ep)
{
    struct pl_recvd rep;
    return names_call(NAMES_REGISTER, name, ep, &rep);
}

int names_lookup_count(const char *name, uint32_t *ep, uint32_t *registrations)
{
    struct pl_recvd rep;
    int err = names_call(NAMES_LOOKUP, name, 0, &rep);
    if (err == PL_OK) {
        if (ep) {
            *ep = rep.w0;
        }
        if (registrations) {
            *registrations = rep.w1;
        }
    }
    return err;
}

int names_lookup(const char *name, uint32_t *ep)
{
    return names_lookup_count(name, ep, NULL);
}

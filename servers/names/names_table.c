/*
 * servers/names/names_table.c - the name table (see names_table.h).
 *
 * A linear table of NAMES_CAPACITY entries: with 16 names a scan is shorter than any index
 * would be. Every check runs before the table changes, so a refused registration leaves it
 * exactly as it was.
 */
#include <string.h>

#include <parley/error.h>
#include <parley/ipc.h>

#include "names_table.h"

void names_table_init(struct names_table *t)
{
    memset(t, 0, sizeof(*t));
}

int names_name_valid(const char *name, size_t len)
{
    if (!name || len == 0 || len > NAMES_NAME_MAX) {
        return 0;
    }
    for (size_t i = 0; i < len; i++) {
        /* printable ASCII only: names are typed in the shell and printed in logs */
        if (name[i] < 0x20 || name[i] > 0x7e) {
            return 0;
        }
    }
    return 1;
}

/* The index of `name` in the table, or -1. */
static int names_find(const struct names_table *t, const char *name, size_t len)
{
    for (uint32_t i = 0; i < t->used; i++) {
        const struct names_entry *e = &t->entries[i];
        if (strlen(e->name) == len && memcmp(e->name, name, len) == 0) {
            return (int)i;
        }
    }
    return -1;
}

int names_table_register(struct names_table *t, uint32_t badge, const char *name, size_t len,
                         uint32_t ep, uint32_t *registrations)
{
    /* PL_IPC_INDEX_MASK itself is the runtime's "no endpoint" (PL_NO_EP): never registrable */
    if (!names_name_valid(name, len) || ep >= PL_IPC_INDEX_MASK) {
        return PL_EINVAL;
    }
    int i = names_find(t, name, len);
    if (i >= 0 && t->entries[i].owner != badge) {
        return PL_EPERM;
    }
    if (i < 0 && t->used == NAMES_CAPACITY) {
        return PL_EFULL;
    }
    struct names_entry *e = &t->entries[i >= 0 ? (uint32_t)i : t->used];
    if (i < 0) {
        t->used++;
        memcpy(e->name, name, len);
        e->name[len] = '\0';
        e->owner = badge;
        e->registrations = 0;
    }
    e->ep = ep;
    e->registrations++;
    if (registrations) {
        *registrations = e->registrations;
    }
    return PL_OK;
}

int names_table_lookup(const struct names_table *t, const char *name, size_t len, uint32_t *ep,
                       uint32_t *registrations)
{
    if (!names_name_valid(name, len)) {
        return PL_EINVAL;
    }
    int i = names_find(t, name, len);
    if (i < 0) {
        return PL_ENOENT;
    }
    const struct names_entry *e = &t->entries[i];
    if (ep) {
        *ep = e->ep;
    }
    if (registrations) {
        *registrations = e->registrations;
    }
    return PL_OK;
}

/*
 * servers/names/names_table.h - the name server's table: names, their endpoints, their owners.
 *
 * Pure logic, no system calls, so the host tests exercise it directly. A name belongs to the
 * badge that registered it first; only that badge may register it again (a restarted
 * service), which replaces the endpoint and counts one more registration. Entries are never
 * removed: a service that stops keeps its name until it registers again.
 */
#ifndef SERVERS_NAMES_TABLE_H
#define SERVERS_NAMES_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "names.h"

struct names_entry {
    char name[NAMES_NAME_MAX + 1]; /* NUL-terminated */
    uint32_t ep;                   /* endpoint the service receives on */
    uint32_t owner;                /* badge of the first registrant */
    uint32_t registrations;        /* 1 after the first registration, +1 for each after it */
};

struct names_table {
    struct names_entry entries[NAMES_CAPACITY];
    uint32_t used; /* entries[0..used) are taken */
};

void names_table_init(struct names_table *t);

/* 1 if `name` (len bytes, no NUL needed) is 1..NAMES_NAME_MAX printable ASCII characters. */
int names_name_valid(const char *name, size_t len);

/* Register `name` -> `ep` for `badge`. PL_OK and *registrations (may be NULL) = that name's
 * count; PL_EINVAL for a bad name or an endpoint no task could receive on, PL_EPERM if
 * another badge owns the name, PL_EFULL if the name is new and the table is full. */
int names_table_register(struct names_table *t, uint32_t badge, const char *name, size_t len,
                         uint32_t ep, uint32_t *registrations);

/* Look `name` up: PL_OK with *ep and *registrations (either may be NULL), PL_EINVAL for a bad
 * name, PL_ENOENT if nobody registered it. */
int names_table_lookup(const struct names_table *t, const char *name, size_t len, uint32_t *ep,
                       uint32_t *registrations);

#endif

/*
 * kernel/list.h - intrusive circular doubly-linked lists.
 *
 * A list is a sentinel node; an element embeds a struct list_node. An unlinked node points to
 * itself, so list_unlink() is safe to call on a node that is in no list.
 */
#ifndef KERNEL_LIST_H
#define KERNEL_LIST_H

#include <stddef.h>

struct list_node {
    struct list_node *next, *prev;
};

#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

static inline void list_init(struct list_node *n)
{
    n->next = n->prev = n;
}

static inline int list_empty(const struct list_node *head)
{
    return head->next == head;
}

static inline void list_insert_before(struct list_node *pos, struct list_node *n)
{
    n->prev = pos->prev;
    n->next = pos;
    pos->prev->next = n;
    pos->prev = n;
}

static inline void list_push_back(struct list_node *head, struct list_node *n)
{
    list_insert_before(head, n);
}

static inline void list_unlink(struct list_node *n)
{
    n->prev->next = n->next;
    n->next->prev = n->prev;
    list_init(n);
}

#endif

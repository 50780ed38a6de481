/*
 * kernel/time.c - the tick counter and the deadline list (see time.h).
 *
 * Invariant: timers is sorted by deadline, ascending; equal deadlines keep insertion order.
 * Insertion is O(n) in the number of blocked tasks, which a static system keeps small.
 */
#include "time.h"

static uint64_t now;
static struct list_node timers;

void time_init(uint64_t start)
{
    now = start;
    list_init(&timers);
}

uint64_t time_now(void)
{
    return now;
}

void time_add(struct task *t)
{
    struct list_node *pos = timers.next;
    while (pos != &timers && container_of(pos, struct task, time_node)->deadline <= t->deadline) {
        pos = pos->next;
    }
    list_insert_before(pos, &t->time_node);
}

void time_remove(struct task *t)
{
    list_unlink(&t->time_node);
}

void time_tick(void)
{
    now++;
}

struct task *time_take_expired(void)
{
    if (list_empty(&timers)) {
        return 0;
    }
    struct task *t = container_of(timers.next, struct task, time_node);
    if (t->deadline > now) {
        return 0;
    }
    time_remove(t);
    return t;
}

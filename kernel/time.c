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

void time_advance(void)
{
    now++;
    while (!list_empty(&timers)) {
        struct task *t = container_of(timers.next, struct task, time_node);
        if (t->deadline > now) {
            break;
        }
        time_remove(t);
        task_timeout(t);
    }
}

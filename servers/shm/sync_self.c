/*
 * servers/shm/sync_self.c - the system calls of sync.c's mutexes: the caller's task id
 * (pl_task_self(), asked once per life of the task) and its priority (pl_prio_set). A restarted
 * task starts with a zeroed .bss, so a new life asks again and never uses its previous life's id
 * (which the shm server counts as dead).
 */
#include <parley.h>

#include "sync.h"

uint32_t sync_self(void)
{
    static uint32_t self;
    if (self == 0u) {
        self = pl_task_self();
    }
    return self;
}

int sync_prio_set(uint32_t priority)
{
    return pl_prio_set(priority);
}

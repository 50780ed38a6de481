/* tests/tm/tm_shared.c - a thread's view of the reporter's page (tm.h). */
#include "parley.h"
#include "system.h"
#include "tm.h"

struct tm_shared *tm_shared_map(void)
{
    return tm_shared_map_in(0);
}

struct tm_shared *tm_shared_map_in(uint32_t window)
{
    void *page = 0;
    if (pl_shm_map(PAGE_REPORTER_0, window, &page) != PL_OK) {
        static const char msg[] = "tm: cannot map the reporter's page\r\n";
        (void)pl_debug_write(msg, sizeof(msg) - 1u);
        pl_exit(1);
    }
    return (struct tm_shared *)page;
}

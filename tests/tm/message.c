/*
 * tests/tm/message.c - Thread-Metric "message processing", parley's port.
 *
 * The test: one thread, in a loop, sends a 16-byte message to a queue, receives it back from
 * the same queue, checks it and counts. The counted unit is one send plus one receive of a
 * 16-byte message. The check: every message comes back whole, in order, as it was sent.
 *
 * parley's queue is the message queue in shared memory of the shm server's library
 * (servers/shm/shmq.h): a ring of cells in a named shared-memory object, created here and
 * mapped in the thread's task. A send into a queue with room and a receive from a queue with a
 * message are a compare-and-swap, a copy and a store each in the task's own mapping; neither
 * enters the kernel, and the shared-memory server would be called only to block a sender on a
 * full queue or a receiver on an empty one, which never happens here.
 */
#include <fcntl.h>

#include "../../servers/shm/shm_client.h"
#include "../../servers/shm/shmq.h"
#include "parley.h"
#include "system_all.h"
#include "tm.h"

#define PATTERN_1 0x4d54u /* words 1-3 of every message; word 0 is its sequence number */
#define PATTERN_2 0x16161616u
#define PATTERN_3 0xa5a5a5a5u
#define SLOTS     8u

int message_main(void);

/* The queue, in its own object (the task's first window; the second maps the reporter's
 * page). */
static struct shmq *make_queue(void)
{
    struct shmq *q = 0;
    if (shmq_open("tm", O_CREAT, SHM_MODE_ALL, SLOTS, 16u, &q) != PL_OK) {
        static const char msg[] = "tm: cannot make the queue\r\n";
        (void)pl_debug_write(msg, sizeof(msg) - 1u);
        pl_exit(1);
    }
    return q;
}

static int message_wrong(const uint32_t *buf, uint32_t len, uint32_t seq)
{
    return len != 16u || buf[0] != seq || buf[1] != PATTERN_1 || buf[2] != PATTERN_2 ||
           buf[3] != PATTERN_3;
}

int message_main(void)
{
    struct shmq *q = make_queue();
    struct tm_shared *sh = tm_shared_map_in(1);
    uint32_t msg[4] = {0, PATTERN_1, PATTERN_2, PATTERN_3};
    uint32_t buf[4];
    for (uint32_t seq = 0;; seq++) {
        uint32_t len = 0;
        msg[0] = seq;
        if (shmq_send(q, msg, sizeof(msg)) != PL_OK) {
            sh->errors[0]++;
        }
        if (shmq_receive(q, buf, sizeof(buf), &len) != PL_OK || message_wrong(buf, len, seq)) {
            sh->errors[0]++;
        }
        sh->count[0]++;
    }
}

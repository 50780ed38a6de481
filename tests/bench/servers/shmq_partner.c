/*
 * tests/bench/servers/shmq_partner.c - the other side of shmq_send_recv_16B (bench_sync.c), in
 * its own MPU domain: for ever, receive a message from the queue `bqping` and send it back on
 * `bqpong`. The bench creates both queues and signals qpartner_go, which the partner waits
 * for before it opens them.
 */
#include "../../../servers/shm/shmq.h"
#include "bench_servers.h"
#include "parley.h"
#include "system.h"

int qpartner_main(void);

static struct shmq *open_queue(const char *name)
{
    struct shmq *q;
    while (shmq_open(name, 0, 0, BS_SHMQ_SLOTS, BS_SMALL, &q) != PL_OK) {
        pl_sleep(1);
    }
    return q;
}

int qpartner_main(void)
{
    uint32_t bits;
    (void)pl_ntfn_wait(NTFN_QPARTNER_GO, 1u, &bits, PL_WAIT_FOREVER);
    struct shmq *ping = open_queue(BS_SHMQ_PING);
    struct shmq *pong = open_queue(BS_SHMQ_PONG);
    uint8_t buf[BS_SMALL];
    for (;;) {
        uint32_t len = 0;
        if (shmq_receive(ping, buf, sizeof(buf), &len) == PL_OK) {
            shmq_send(pong, buf, len);
        }
    }
}

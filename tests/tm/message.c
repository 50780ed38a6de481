/*
 * tests/tm/message.c - Thread-Metric "message processing", parley's port.
 *
 * The test: one thread, in a loop, sends a 16-byte message to a queue, receives it back from
 * the same queue, checks it and counts. The counted unit is one send plus one receive of a
 * 16-byte message. The check: every message comes back as it was sent.
 *
 * parley has no queue service yet, and an endpoint is a rendezvous: a task cannot receive
 * what it is itself sending. So the port takes two tasks and one endpoint: `sender` sends
 * (pl_send, 16 bytes of data, copied once by the kernel) to `receiver`, more urgent and
 * waiting in pl_recv on the endpoint; the receiver checks the bytes, counts and waits again,
 * which switches back to the sender, which counts too. Per count: two system calls and two
 * switches, where the suite's one thread makes two calls and no switch. The checks: each
 * message arrives whole (16 bytes, no error) and in order with the expected contents, each
 * send succeeds, and the sent and received counters are within 1 of each other.
 */
#include "parley.h"
#include "system_all.h"
#include "tm.h"

#define PATTERN_1 0x4d54u /* words 1-3 of every message; word 0 is its sequence number */
#define PATTERN_2 0x16161616u
#define PATTERN_3 0xa5a5a5a5u

int receiver_main(void);
int sender_main(void);

int receiver_main(void)
{
    struct tm_shared *sh = tm_shared_map();
    uint32_t buf[4];
    struct pl_recvd in;
    for (uint32_t seq = 0;; seq++) {
        int err = pl_recv(EP_QUEUE, buf, sizeof(buf), &in, PL_WAIT_FOREVER);
        if (err < 0 || in.len != sizeof(buf) || buf[0] != seq || buf[1] != PATTERN_1 ||
            buf[2] != PATTERN_2 || buf[3] != PATTERN_3) {
            sh->errors[0]++;
        }
        sh->count[0]++;
    }
}

int sender_main(void)
{
    struct tm_shared *sh = tm_shared_map();
    uint32_t msg[4] = {0, PATTERN_1, PATTERN_2, PATTERN_3};
    const struct pl_msg m = {.label = 1u, .data = msg, .len = sizeof(msg)};
    for (uint32_t seq = 0;; seq++) {
        msg[0] = seq;
        if (pl_send(EP_QUEUE, &m, PL_WAIT_FOREVER) < 0) {
            sh->errors[1]++;
        }
        sh->count[1]++;
    }
}

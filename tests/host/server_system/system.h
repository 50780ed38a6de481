/*
 * tests/host/server_system/system.h - what the pipe and message-queue servers read from an
 * image's generated system.h, for their host tests (test_mqueue_server.c,
 * test_pipe_server.c): their endpoint numbers, and the waiters of the notifications the
 * message-queue server may signal (mq_notify): notification 1 is task 7's, 2 is task 8's, and
 * the server may not signal notification 0.
 */
#ifndef TESTS_HOST_SERVER_SYSTEM_H
#define TESTS_HOST_SERVER_SYSTEM_H

#define EP_MQUEUE 5u
#define EP_PIPE   6u

#define SYSTEM_NTFN_COUNT 3u
#define SYSTEM_NTFN_WAITERS                                                                        \
    {                                                                                              \
        0xffu, 7u, 8u                                                                              \
    }

#endif

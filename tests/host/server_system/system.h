/*
 * tests/host/server_system/system.h - what the pipe and message-queue servers read from an
 * image's generated system.h, for their host tests (test_mqueue_server.c,
 * test_pipe_server.c): only their endpoint numbers.
 */
#ifndef TESTS_HOST_SERVER_SYSTEM_H
#define TESTS_HOST_SERVER_SYSTEM_H

#define EP_MQUEUE 5u
#define EP_PIPE   6u

#endif

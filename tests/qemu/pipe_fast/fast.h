/*
 * tests/qemu/pipe_fast/fast.h - the orders of the fast-path test's judge to its actors w and r
 * (actor.c). Results are what the C library call gave: a count, or -errno.
 */
#ifndef TESTS_QEMU_PIPE_FAST_H
#define TESTS_QEMU_PIPE_FAST_H

enum fast_op {
    F_PIPE = 1, /* w: pipe(), pass the read end to r -> a = the number r adopts */
    F_ADOPT,    /* r: pipe_fd_adopt(a) */
    F_SEND,     /* w: write a bytes of the pattern seeded b, 4 KiB per write() -> count */
    F_RECV,     /* r: read until a bytes or end of file, checking the pattern seeded b
                 * -> count, a = bytes that were wrong */
    F_READ,     /* read() of up to a bytes on descriptor b (0 the pipe, 1 the FIFO) */
    F_WRITE,    /* write() of a bytes on descriptor b */
    F_CLOSE,    /* close() of descriptor a */
    F_SIGPIPE,  /* a = 0: SIGPIPE ends the task (default), 1: ignored */
    F_FAST,     /* -> 1 if the task's pipe end is on the fast path (a page mapped), else 0 */
    F_SPOIL,    /* write b into word a of the ring page's header (a misbehaving end) */
    F_MKFIFO,   /* mkfifo "ff" (a = 1) and open it: a's bit 1 = for writing */
    F_NONBLOCK, /* fcntl(F_SETFL, O_NONBLOCK) on the pipe end */
    F_POLL,     /* pl_poll of the pipe end for events a, not waiting -> the revents */
    F_FORGE,    /* a = 1: opt in naming the peer's notification as this task's own; 0: its own */
};

#define FAST_FIFO "ff"

#endif

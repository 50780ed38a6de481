/*
 * tests/qemu/pipe/ptest.h - the orders the judge gives the actors of this image, and the
 * stress run's record. Each actor keeps two descriptors, slot 0 (a read end) and slot 1 (a
 * write end); an order names the slot. Results come back as POSIX gives them: the count, or
 * -errno.
 */
#ifndef TESTS_QEMU_PTEST_H
#define TESTS_QEMU_PTEST_H

#include <stdint.h>

enum pt_op {
    PT_PIPE,       /* pipe(): slots 0 and 1 -> a = fds[0], b = fds[1] */
    PT_PASS,       /* a = slot, b = badge -> status = the server's number for it */
    PT_ADOPT,      /* a = a server number, b = slot */
    PT_MKFIFO,     /* a = name, b = mode */
    PT_OPEN,       /* a = name, b = oflag: slot 0 for O_RDONLY, 1 for O_WRONLY */
    PT_OPEN_LONG,  /* a name of 16 characters, O_RDONLY */
    PT_UNLINK,     /* a = name */
    PT_WRITE,      /* a = slot, b = length: bytes 0, 1, 2, ... -> status = written */
    PT_READ,       /* a = slot, b = buffer -> status = read, data = the first 64 */
    PT_CLOSE,      /* a = slot */
    PT_CLOSE_FD,   /* a = a descriptor number as it is */
    PT_READ_FD,    /* a = a descriptor number as it is */
    PT_RAW_WRITE,  /* a = a server number as it is: one byte through pipe_client_write */
    PT_NONBLOCK,   /* a = slot, b = 1 set, 0 clear -> status = F_GETFL afterwards */
    PT_FSTAT,      /* a = slot -> a = st_size, b = S_ISFIFO | isatty << 1 */
    PT_WRITE_FROM, /* a = slot, b = address: write 16 bytes from there */
    PT_READ_INTO,  /* a = slot, b = address: read 16 bytes into there */
    PT_POLL,       /* a = slot, b = timeout ticks: pl_poll for POLLIN (slot 0) or POLLOUT (1)
                    * -> status = ready count, a = revents */
    PT_STDIO,      /* fdopen both slots: fprintf a line, fflush, fgets it back -> status = strcmp */
    PT_STRESS_W,   /* a = writer, b = records: write them to slot 1, then close it */
    PT_STRESS_R,   /* read 16-byte records from slot 0 until end of file -> data = tally */
    PT_SIGPIPE,    /* a = enum pt_sigpipe: SIGPIPE's action from now on -> status = how many
                    * SIGPIPE the handler caught since the last PT_SIGPIPE */
};

enum pt_sigpipe {
    PT_SIGPIPE_DEFAULT, /* ends the writer (exit code 128 + 13) */
    PT_SIGPIPE_IGNORE,
    PT_SIGPIPE_CATCH, /* a handler that counts */
};

#define PT_NAMES 4u
static const char *const pt_names[PT_NAMES] = {"f0", "f1", "f2", "stress"};
#define PT_STRESS_NAME 3u

#define PT_WRITERS 4u
#define PT_RECORD  16u

struct pt_record {
    uint32_t writer, seq, check, pad;
};

struct pt_tally {
    uint32_t count[PT_WRITERS], sum[PT_WRITERS], sumsq[PT_WRITERS];
    uint32_t out_of_order, bad;
};

static inline uint32_t pt_check(uint32_t writer, uint32_t seq)
{
    return (writer * 0x9e3779b9u) ^ (seq * 0x85ebca6bu) ^ 0xa5a5a5a5u;
}

#endif

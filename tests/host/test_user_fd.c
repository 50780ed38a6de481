/*
 * tests/host/test_user_fd.c - the C library's descriptor table (user/lib/fd.c) and newlib's
 * calls on it (user/lib/newlib_fd.c: errno, fcntl, open), with a fake server's operations
 * that record what reached them. Each test runs in a fresh child, so the table starts empty.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>

#include "fd.h"
#include "harness.h"
#include "newlib_fd.h"
#include <parley/error.h>

int newlib_fcntl(int fd, int cmd, ...);
int newlib_open(const char *path, int oflag, ...);

static struct {
    int handle, result, closes;
    uint32_t flags;
    size_t len;
} fake;

static int fake_read(int h, void *buf, size_t cap, uint32_t flags)
{
    fake.handle = h, fake.flags = flags, fake.len = cap;
    memset(buf, 'r', cap);
    return fake.result;
}

static int fake_write(int h, const void *buf, size_t len, uint32_t flags)
{
    (void)buf;
    fake.handle = h, fake.flags = flags, fake.len = len;
    return fake.result;
}

static int fake_close(int h)
{
    fake.handle = h;
    fake.closes++;
    return fake.result;
}

static int fake_stat(int h, struct pl_fd_stat *out)
{
    fake.handle = h;
    *out = (struct pl_fd_stat){PL_FD_FIFO, 42};
    return fake.result;
}

static uint32_t fake_ready_bits[16];

static int fake_ready(int h, uint32_t *revents)
{
    *revents = fake_ready_bits[h & 15];
    return fake.result;
}

static const struct pl_fd_ops fake_ops = {fake_read, fake_write, fake_close, fake_stat, fake_ready};
static const struct pl_fd_ops other_ops = {fake_read, fake_write, fake_close, fake_stat,
                                           fake_ready};

TEST(descriptors_start_at_3_and_carry_their_handle)
{
    CHECK_EQ(pl_fd_install(&fake_ops, 100, 0), 3);
    CHECK_EQ(pl_fd_install(&fake_ops, 101, 0), 4);
    char buf[8];
    fake.result = 5;
    CHECK_EQ(newlib_fd_read(4, buf, 8), 5);
    CHECK_EQ(fake.handle, 101);
    CHECK_EQ(fake.len, 8);
    CHECK_EQ(pl_fd_handle(3, &fake_ops), 100);
    CHECK_EQ(pl_fd_handle(3, &other_ops), PL_EBADF); /* another server's descriptor */
}

TEST(table_full_is_efull_and_a_closed_descriptor_is_reused)
{
    for (int i = 0; i < PL_FD_COUNT; i++) {
        CHECK_EQ(pl_fd_install(&fake_ops, i, 0), PL_FD_FIRST + i);
    }
    CHECK_EQ(pl_fd_install(&fake_ops, 99, 0), PL_EFULL);
    CHECK_EQ(newlib_fd_close(5), 0);
    CHECK_EQ(pl_fd_install(&fake_ops, 99, 0), 5);
}

TEST(bad_descriptors_are_ebadf)
{
    char buf[4];
    errno = 0;
    CHECK_EQ(newlib_fd_read(3, buf, 4), -1); /* never opened */
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(newlib_fd_write(PL_FD_FIRST + PL_FD_COUNT, buf, 4), -1); /* past the table */
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(pl_fd_install(&fake_ops, 7, 0), 3);
    CHECK_EQ(newlib_fd_close(3), 0);
    CHECK_EQ(newlib_fd_close(3), -1); /* double close */
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(fake.closes, 1);
}

TEST(close_frees_the_descriptor_even_if_the_server_refuses)
{
    CHECK_EQ(pl_fd_install(&fake_ops, 7, 0), 3);
    fake.result = PL_EBADF; /* e.g. the server restarted */
    CHECK_EQ(newlib_fd_close(3), -1);
    CHECK_EQ(errno, EBADF);
    CHECK_EQ(pl_fd_getflags(3), PL_EBADF);
}

TEST(server_errors_become_errno)
{
    char buf[4] = {0};
    CHECK_EQ(pl_fd_install(&fake_ops, 7, 0), 3);
    fake.result = PL_EPIPE;
    CHECK_EQ(newlib_fd_write(3, buf, 4), -1);
    CHECK_EQ(errno, EPIPE);
    fake.result = PL_EAGAIN;
    CHECK_EQ(newlib_fd_read(3, buf, 4), -1);
    CHECK_EQ(errno, EAGAIN);
    fake.result = PL_EDEAD; /* the server died under the call */
    CHECK_EQ(newlib_fd_read(3, buf, 4), -1);
    CHECK_EQ(errno, EIO);
    CHECK_EQ(newlib_fd_result(PL_EFULL), -1);
    CHECK_EQ(errno, ENFILE);
}

TEST(fcntl_keeps_o_nonblock_and_passes_it_on)
{
    char buf[4] = {0};
    CHECK_EQ(pl_fd_install(&fake_ops, 7, 0), 3);
    CHECK_EQ(newlib_fcntl(3, F_GETFL), 0);
    CHECK_EQ(newlib_fcntl(3, F_SETFL, O_NONBLOCK), 0);
    CHECK_EQ(newlib_fcntl(3, F_GETFL), O_NONBLOCK);
    CHECK_EQ(newlib_fd_write(3, buf, 4), 0);
    CHECK_EQ(fake.flags, PL_FD_NONBLOCK);
    CHECK_EQ(newlib_fcntl(3, F_SETFL, 0), 0);
    CHECK_EQ(newlib_fd_read(3, buf, 4), 0);
    CHECK_EQ(fake.flags, 0);
    CHECK_EQ(newlib_fcntl(3, F_DUPFD, 0), -1);
    CHECK_EQ(errno, EINVAL);
    CHECK_EQ(newlib_fcntl(9, F_GETFL), -1);
    CHECK_EQ(errno, EBADF);
}

TEST(fstat_says_fifo_and_its_bytes)
{
    struct stat st;
    memset(&st, 0x5a, sizeof(st));
    CHECK_EQ(pl_fd_install(&fake_ops, 7, 0), 3);
    CHECK_EQ(newlib_fd_fstat(3, &st), 0);
    CHECK(S_ISFIFO(st.st_mode));
    CHECK_EQ(st.st_size, 42);
    CHECK_EQ(st.st_blksize, 256); /* stdio's buffer: one request, never what the stack held */
}

static int fake_open(const char *path, int oflag)
{
    return strcmp(path, "f") == 0 ? pl_fd_install(&fake_ops, 55, (oflag & O_NONBLOCK) ? 1u : 0u)
                                  : PL_ENOENT;
}

TEST(open_goes_to_the_registered_opener)
{
    CHECK_EQ(newlib_open("f", O_RDONLY), -1); /* nobody serves names yet */
    CHECK_EQ(errno, ENOENT);
    pl_fd_set_opener(fake_open);
    CHECK_EQ(newlib_open("f", O_RDONLY | O_NONBLOCK), 3);
    CHECK_EQ(pl_fd_handle(3, &fake_ops), 55);
    CHECK_EQ(pl_fd_getflags(3), PL_FD_NONBLOCK);
    CHECK_EQ(newlib_open("g", O_RDONLY), -1);
    CHECK_EQ(errno, ENOENT);
}

TEST(poll_scan_reports_what_was_asked_and_always_err_hup_nval)
{
    CHECK_EQ(pl_fd_install(&fake_ops, 1, 0), 3);
    CHECK_EQ(pl_fd_install(&fake_ops, 2, 0), 4);
    fake_ready_bits[1] = PL_POLLIN | PL_POLLOUT;
    fake_ready_bits[2] = 0;
    struct pl_pollfd fds[4] = {
        {3, PL_POLLIN, 99}, {4, PL_POLLIN, 99}, {9, PL_POLLIN, 0}, {-1, PL_POLLIN, 99}};
    CHECK_EQ(pl_fd_poll_scan(fds, 4), 2);
    CHECK_EQ(fds[0].revents, PL_POLLIN); /* POLLOUT was not asked for */
    CHECK_EQ(fds[1].revents, 0);
    CHECK_EQ(fds[2].revents, PL_POLLNVAL); /* never opened */
    CHECK_EQ(fds[3].revents, 0);           /* ignored */
    fake_ready_bits[2] = PL_POLLHUP;
    CHECK_EQ(pl_fd_poll_scan(fds, 2), 2);
    CHECK_EQ(fds[1].revents, PL_POLLHUP);
    fake.result = PL_EDEAD; /* a server that died under the look */
    CHECK_EQ(pl_fd_poll_scan(fds, 2), PL_EDEAD);
}

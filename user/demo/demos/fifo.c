/*
 * user/demo/demos/fifo.c - `demo fifo`: a FIFO between two unrelated tasks. On each run the
 * collector makes "events" with mkfifo and opens it for reading; the logger finds it by name,
 * writes three lines and closes it; the collector reads until end of file and removes the
 * name. Neither knows the other: the name is the mailbox. Both wait for the shell between
 * runs (demo_serve, demo_task.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../../servers/pipe/pipe_client.h"
#include "../../../servers/pipe/pipe_fd.h"
#include "demo_task.h"
#include "parley.h"

int collector_main(void);
int logger_main(void);

#define LOGGER_TRIES 200u /* 10 ms each: how long the logger looks for the name */

static int collector_run(uint32_t options)
{
    (void)options;
    if (mkfifo("events", 0622) != 0 && errno != EEXIST) {
        printf("[collector] mkfifo failed: errno %d\n", errno);
        return PL_EFULL;
    }
    int fd = open("events", O_RDONLY);
    FILE *in = fd >= 0 ? fdopen(fd, "r") : NULL; /* fdopen(-1) hung in tests/qemu/demo_fail */
    char line[64];
    unsigned got = 0;
    while (in && fgets(line, sizeof(line), in)) {
        printf("[collector] got: %s", line);
        got++;
    }
    if (in) {
        fclose(in);
    }
    (void)pipe_client_unlink("events"); /* the next run makes it afresh */
    printf("[collector] end of file: the logger closed its end\n");
    return got == 3u ? PL_OK : PL_EPIPE;
}

static int logger_run(uint32_t options)
{
    int fd;
    unsigned tries = 0;
    (void)options;
    while ((fd = open("events", O_WRONLY)) < 0 && errno == ENOENT && ++tries < LOGGER_TRIES) {
        pl_sleep(10); /* not made yet */
    }
    if (fd < 0) {
        printf("[logger] could not open 'events' (errno %d)\n", errno);
        return PL_ENOENT;
    }
    FILE *out = fdopen(fd, "w");
    for (int i = 1; out && i <= 3; i++) {
        fprintf(out, "event %d\n", i);
        fflush(out);
    }
    if (!out) {
        close(fd);
        return PL_EBADF;
    }
    fclose(out);
    return PL_OK;
}

int collector_main(void)
{
    pipe_fd_use();
    return demo_serve(collector_run);
}

int logger_main(void)
{
    pipe_fd_use();
    return demo_serve(logger_run);
}

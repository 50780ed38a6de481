/*
 * user/demo/ipc/fifo.c - a FIFO between two unrelated tasks (system.ini): the collector makes
 * "events" with mkfifo, the logger finds it by name, writes three lines and closes it; the
 * collector reads until end of file. Neither knows the other: the name is the mailbox.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../../servers/pipe/pipe_fd.h"
#include "parley.h"

int collector_main(void);
int logger_main(void);

int collector_main(void)
{
    pipe_fd_use();
    if (mkfifo("events", 0622) != 0 && errno != EEXIST) {
        printf("[collector] mkfifo failed: errno %d\n", errno);
        return 1;
    }
    FILE *in = fdopen(open("events", O_RDONLY), "r");
    char line[64];
    while (in && fgets(line, sizeof(line), in)) {
        printf("[collector] got: %s", line);
    }
    printf("[collector] end of file: the logger closed its end\n");
    return 0;
}

int logger_main(void)
{
    pipe_fd_use();
    int fd;
    while ((fd = open("events", O_WRONLY)) < 0 && errno == ENOENT) {
        pl_sleep(10); /* not made yet */
    }
    FILE *out = fdopen(fd, "w");
    for (int i = 1; out && i <= 3; i++) {
        fprintf(out, "event %d\n", i);
        fflush(out);
    }
    if (out) {
        fclose(out);
    }
    return 0;
}

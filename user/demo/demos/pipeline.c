/*
 * user/demo/demos/pipeline.c - `demo pipe`: `ls | wc` between two tasks, the documents' first
 * pipe example. There is no fork: on each run wc asks ls for its input on their own endpoint;
 * ls makes the pipe, hands the read end to wc through the pipe server (pipe_fd_pass) and
 * answers with its number. (wc asks, rather than ls telling it, so that wc's hello at its
 * start, which drops what an earlier life of wc held, cannot come after the hand-over.) Each
 * then uses ordinary stdio on its end; wc sees end of file when ls closes the write end.
 * Both wait for the shell between runs (demo_serve, demo_task.h).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../../../servers/pipe/pipe_fd.h"
#include "demo_task.h"
#include "parley.h"
#include "system.h"

int ls_main(void);
int wc_main(void);

#define LS_ASK_WAIT (2u * SYSTEM_TICK_HZ) /* how long ls waits for wc's question */

static const char *const files[] = {"boot.c",     "kernel.c", "sched.c",
                                    "endpoint.c", "pipe.c",   "mqueue.c"};

static int ls_run(uint32_t options)
{
    int fds[2];
    struct pl_recvd ask;
    (void)options;
    int err = pl_recv(EP_LS, 0, 0, &ask, LS_ASK_WAIT);
    if (err != PL_OK || pipe(fds) != 0) {
        printf("[ls] no pipe\n");
        return err != PL_OK ? err : PL_EFULL;
    }
    int sfd = pipe_fd_pass(fds[0], BADGE_PIPE_WC);
    struct pl_msg m = {.label = (uint32_t)(sfd < 0 ? PL_EBADF : PL_OK), .w0 = (uint32_t)sfd};
    if (pl_reply(ask.sender, &m) != PL_OK || sfd < 0) {
        printf("[ls] could not hand the read end to wc\n");
        close(fds[1]);
        return PL_EBADF;
    }
    FILE *out = fdopen(fds[1], "w");
    for (unsigned i = 0; out && i < sizeof(files) / sizeof(files[0]); i++) {
        fprintf(out, "%s\n", files[i]);
    }
    if (!out || fclose(out) != 0) { /* wc sees end of file */
        return PL_EPIPE;
    }
    printf("[ls] wrote %u names into the pipe and closed it\n",
           (unsigned)(sizeof(files) / sizeof(files[0])));
    return PL_OK;
}

static int wc_run(uint32_t options)
{
    struct pl_msg m = {.label = 0};
    struct pl_recvd rep;
    (void)options;
    if (pl_call(EP_LS, &m, 0, 0, &rep, PL_WAIT_FOREVER) != PL_OK || rep.label != PL_OK) {
        printf("[wc] ls gave no pipe\n");
        return PL_EBADF;
    }
    int fd = pipe_fd_adopt((int)rep.w0);
    FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
    char line[64];
    unsigned lines = 0, words = 0, bytes = 0;
    while (f && fgets(line, sizeof(line), f)) {
        lines++;
        bytes += (unsigned)strlen(line);
        for (char *p = line; *p; p++) {
            words += *p != ' ' && *p != '\n' && (p == line || p[-1] == ' ');
        }
    }
    if (f) {
        fclose(f);
    }
    printf("[wc] %u lines, %u words, %u bytes (end of file: ls closed its end)\n", lines, words,
           bytes);
    return f ? PL_OK : PL_EBADF;
}

int ls_main(void)
{
    pipe_fd_use();
    return demo_serve(ls_run);
}

int wc_main(void)
{
    pipe_fd_use(); /* hello first: see the top of the file */
    return demo_serve(wc_run);
}

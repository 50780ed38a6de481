/*
 * user/demo/ipc/pipeline.c - `ls | wc` between two tasks (system.ini): the documents' first
 * pipe example. There is no fork: wc, once it has said hello to the pipe server, asks ls for
 * its input on their own endpoint; ls makes the pipe, hands the read end to wc through the
 * pipe server (pipe_fd_pass) and answers with its number. (wc asks, rather than ls telling
 * it, so that wc's hello, which drops what an earlier life of wc held, cannot come after the
 * hand-over.) Each then uses ordinary stdio on its end; wc sees end of file when ls closes
 * the write end.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../../../servers/pipe/pipe_fd.h"
#include "parley.h"
#include "system.h"

int ls_main(void);
int wc_main(void);

static const char *const files[] = {"boot.c",     "kernel.c", "sched.c",
                                    "endpoint.c", "pipe.c",   "mqueue.c"};

int ls_main(void)
{
    int fds[2];
    struct pl_recvd ask;
    if (pl_recv(EP_LS, 0, 0, &ask, PL_WAIT_FOREVER) != PL_OK || pipe(fds) != 0) {
        printf("[ls] no pipe\n");
        return 1;
    }
    int sfd = pipe_fd_pass(fds[0], BADGE_PIPE_WC);
    struct pl_msg m = {.label = (uint32_t)(sfd < 0 ? PL_EBADF : PL_OK), .w0 = (uint32_t)sfd};
    if (sfd < 0 || pl_reply(ask.sender, &m) != PL_OK) {
        printf("[ls] could not hand the read end to wc\n");
        return 1;
    }
    FILE *out = fdopen(fds[1], "w");
    for (unsigned i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        fprintf(out, "%s\n", files[i]);
    }
    fclose(out); /* wc sees end of file */
    printf("[ls] wrote %u names into the pipe and closed it\n",
           (unsigned)(sizeof(files) / sizeof(files[0])));
    return 0;
}

int wc_main(void)
{
    struct pl_msg m = {.label = 0};
    struct pl_recvd rep;
    pipe_fd_use(); /* hello first: see the top of the file */
    if (pl_call(EP_LS, &m, 0, 0, &rep, PL_WAIT_FOREVER) != PL_OK || rep.label != PL_OK) {
        printf("[wc] ls gave no pipe\n");
        return 1;
    }
    FILE *f = fdopen(pipe_fd_adopt((int)rep.w0), "r");
    char line[64];
    unsigned lines = 0, words = 0, bytes = 0;
    while (f && fgets(line, sizeof(line), f)) {
        lines++;
        bytes += (unsigned)strlen(line);
        for (char *p = line; *p; p++) {
            words += *p != ' ' && *p != '\n' && (p == line || p[-1] == ' ');
        }
    }
    printf("[wc] %u lines, %u words, %u bytes (end of file: ls closed its end)\n", lines, words,
           bytes);
    return 0;
}

/*
 * tests/qemu/stdin/reader.c - the three tasks of the stdin test (see system.ini): what a
 * program written against stdio sees of the console.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "parley.h"
/* The whole system's constants, not this task's own system.h: the file holds several tasks
 * with different rights, and each names only what it holds a right on. */
#include "system_all.h"

int reader_main(void);
int reader2_main(void);
int mute_main(void);
int killer_main(void);

static const char *err_name(int e)
{
    return e == EBADF ? "EBADF" : e == EAGAIN ? "EAGAIN" : e == EIO ? "EIO" : "another error";
}

/* Skip what is left of the current input line. */
static void rest_of_line(void)
{
    int c;
    do {
        c = getchar();
    } while (c != '\n' && c != EOF);
}

int reader_main(void)
{
    char name[64];
    int a, b;
    printf("name? "); /* no newline: the line editor shows it as the prompt */
    if (!fgets(name, sizeof(name), stdin)) {
        printf("reader: fgets failed: %s\n", err_name(errno));
        return 1;
    }
    name[strcspn(name, "\n")] = '\0';
    printf("hello, %s!\n", name);

    printf("two numbers? ");
    if (scanf("%d %d", &a, &b) != 2) {
        printf("reader: scanf did not find two numbers\n");
        return 1;
    }
    rest_of_line();
    printf("sum %d\n", a + b);

    printf("one more line? ");
    int c, n = 0;
    while ((c = getchar()) != '\n' && c != EOF) {
        n++;
    }
    printf("that line had %d characters\n", n);

    /* The console dies while we wait for a line, and comes back: fgets goes on. */
    printf("last line? ");
    pl_ntfn_signal(NTFN_KILL, 1u);
    if (!fgets(name, sizeof(name), stdin)) {
        printf("reader: fgets across the restart failed: %s\n", err_name(errno));
        return 1;
    }
    name[strcspn(name, "\n")] = '\0';
    printf("reader: after the restart: %s (restarts seen %u)\n", name, pl_console_restarts_seen);
    printf("reader: done\n");
    return 0;
}

/* Waits until the reader waits in fgets, then faults the console and restarts it a little
 * later: the reader's call ends in PL_EDEAD, and the library calls again once it is back. */
int killer_main(void)
{
    uint32_t bits;
    (void)pl_ntfn_wait(NTFN_KILL, 1u, &bits, PL_WAIT_FOREVER);
    pl_sleep(50); /* the reader is in the console's READLINE by now */
    int err = pl_task_fault(TASK_CONSOLE);
    pl_sleep(5);
    int id = pl_task_restart(TASK_CONSOLE);
    printf("killer: console faulted (%s) and restarted (%s)\n", pl_strerror(err),
           id < 0 ? pl_strerror(id) : "OK");
    return 0;
}

int reader2_main(void)
{
    char byte;
    if (read(7, &byte, 1) < 0) {
        printf("reader2: fd 7 is not stdin: %s\n", err_name(errno));
    }
    pl_sleep(200); /* the reader waits for its name by now */
    errno = 0;
    if (read(0, &byte, 1) < 0) {
        printf("reader2: stdin is busy: %s\n", err_name(errno));
    }
    return 0;
}

int mute_main(void)
{
    pl_sleep(100);
    errno = 0;
    int c = getchar(); /* no console right: nothing to read from */
    printf("mute: getchar gives %s, %s\n", c == EOF ? "EOF" : "a byte", err_name(errno));
    return 0;
}

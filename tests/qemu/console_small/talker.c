/*
 * tests/qemu/console_small/talker.c - the one client of the small console test (see
 * system.ini): lines out through printf, lines in through fgets and getchar, each answered so
 * that session.txt can check it.
 */
#include <stdio.h>
#include <string.h>

#include "parley.h"

#define LINES 40u /* about 1.6K of output: more than the console's transmit ring at once */

int talker_main(void);

int talker_main(void)
{
    printf("talker: ready\n");
    for (unsigned i = 1; i <= LINES; i++) {
        printf("line %02u of %u: the quick brown fox jumps over the lazy dog\n", i, LINES);
    }

    char name[32];
    printf("name? "); /* no newline: the line editor shows it as the prompt */
    if (!fgets(name, sizeof(name), stdin)) {
        printf("talker: fgets failed\n");
        return 1;
    }
    name[strcspn(name, "\n")] = '\0';
    printf("hello, %s!\n", name);

    printf("one more line? ");
    int c, n = 0;
    while ((c = getchar()) != '\n' && c != EOF) {
        n++;
    }
    printf("that line had %d characters\n", n);
    printf("talker: done\n");
    return 0;
}

/*
 * servers/shell/shell_demo.h - the shell's `demo` command: asks the demo runner (endpoint
 * `demos`, protocol parley/demo.h) for its list, or to run one demo, and prints its answer.
 */
#ifndef SERVERS_SHELL_DEMO_H
#define SERVERS_SHELL_DEMO_H

#include <stddef.h>

#include "shell_parse.h"

/* `demo` (the list) or `demo <name> [options]` (one run, answered when it is over); every line
 * goes through put_line, formatted in out. */
void shell_demo(const struct sh_words *w, char *out, size_t cap, void (*put_line)(const char *));

#endif

/*
 * servers/shell/shell_bench.h - the shell's `bench` command: a few operations timed with the
 * CMSDK timer TIMER1, which the shell must own (peripherals = timer1).
 */
#ifndef SERVERS_SHELL_BENCH_H
#define SERVERS_SHELL_BENCH_H

#include <stddef.h>

/* Run the benchmarks; every line of the report goes through put_line, formatted in out. */
void shell_bench(char *out, size_t cap, void (*put_line)(const char *line));

#endif

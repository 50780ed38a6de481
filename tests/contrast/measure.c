/*
 * tests/contrast/measure.c - what one request to each server costs, in guest instructions
 * (`make contrast`, docs/contrast.md). The same code runs against servers that are tasks
 * (MODE=micro) and servers in the kernel (MODE=mono); it prints
 * `BENCH contrast_<op>_<mode> <insn/op> insn/op` for each operation, then stops the machine.
 *
 *   console_write  one 16-byte line through the console driver (CONSOLE_WRITE), as stdout does
 *   names_lookup   the name server's answer for "hello" (NAMES_LOOKUP)
 *   hello_call     a 16-byte request to hello and its answer (HELLO_GREET)
 */
#include "../../servers/names/names_client.h"
#include "../../user/demo/hello.h"
#include "../bench/bench.h"
#include "parley.h"
#include "server.h"
#include "system.h"
#include <parley/console.h>

#define ITERATIONS 500u

int measure_main(void);

static const char line[16] = "contrast: 16 B.\n";

static void console_writes(uint32_t n)
{
    for (uint32_t i = 0; i < n; i++) {
        (void)pl_server_call(EP_CONSOLE, CONSOLE_WRITE, 0, 0, line, sizeof(line), 0, 0, 0);
    }
}

static void lookups(uint32_t n)
{
    uint32_t ep;
    for (uint32_t i = 0; i < n; i++) {
        (void)names_lookup(HELLO_NAME, &ep);
    }
}

static void hello_calls(uint32_t n)
{
    static const char who[16] = "contrast client";
    static char answer[HELLO_GREETING_MAX];
    for (uint32_t i = 0; i < n; i++) {
        (void)pl_server_call(EP_HELLO, HELLO_GREET, 0, 0, who, sizeof(who), 0, answer,
                             sizeof(answer));
    }
}

static void report(const char *op, bench_body body)
{
    const char *mode = SYSTEM_MODE_MONO ? "mono" : "micro";
    pl_printf("BENCH contrast_%s_%s %lu insn/op\r\n", op, mode,
              (unsigned long)bench_measure(body, ITERATIONS, 1));
}

int measure_main(void)
{
    uint32_t ep;
    pl_sleep(10); /* the servers are up (in micro, hello has registered) */
    if (names_lookup(HELLO_NAME, &ep) != PL_OK) {
        pl_printf("contrast: hello is not registered\r\n");
        pl_shutdown(1);
    }
    bench_timer_start();
    report("console_write", console_writes);
    report("names_lookup", lookups);
    report("hello_call", hello_calls);
    pl_shutdown(0);
    return 0;
}

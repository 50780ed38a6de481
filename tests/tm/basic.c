/*
 * tests/tm/basic.c - Thread-Metric "basic processing", parley's port.
 *
 * The test: one thread does a fixed piece of plain computation over and over and counts each
 * pass; nothing else runs but the reporter. It calibrates the processor and compiler rather
 * than the kernel: only the tick and the reporter's two looks interrupt it.
 *
 * The suite's own workload is not reproduced here (its exact arithmetic is not recalled), so
 * this figure is parley's alone, with no FreeRTOS or ThreadX figure beside it. The pass chosen:
 * add the pass number to each of 256 words in the task's RAM. Its check: after pass p, word
 * 255, which started at 255, holds 255 + 1 + 2 + ... + p; a pass that finds otherwise counts
 * an error.
 */
#include "parley.h"
#include "tm.h"

#define WORDS 256u

int basic_main(void);

static uint32_t words[WORDS];

int basic_main(void)
{
    struct tm_shared *sh = tm_shared_map();
    uint32_t expect = WORDS - 1u;
    for (uint32_t i = 0; i < WORDS; i++) {
        words[i] = i;
    }
    for (uint32_t pass = 1;; pass++) {
        for (uint32_t i = 0; i < WORDS; i++) {
            words[i] += pass;
        }
        expect += pass;
        if (words[WORDS - 1u] != expect) {
            sh->errors[0]++;
        }
        sh->count[0]++;
    }
}

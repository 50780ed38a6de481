/*
 * tests/qemu/klog/hog.c - fills the kernel's log while the console driver cannot run (the
 * hog is more urgent and does not block), and reports what the kernel did to the judge.
 */
#include <string.h>

#include "klog_test.h"
#include "parley.h"
#include "system.h"

/* Chunk k: two lines of 128 bytes, "hog K.L:xxx...x\n". */
static void make_chunk(char *buf, uint32_t k)
{
    for (uint32_t line = 0; line < 2u; line++) {
        char *p = &buf[line * 128u];
        memset(p, 'x', 128u);
        p[0] = 'h', p[1] = 'o', p[2] = 'g', p[3] = ' ';
        p[4] = (char)('0' + k), p[5] = '.', p[6] = (char)('0' + line), p[7] = ':';
        p[127] = '\n';
    }
}

int main(void)
{
    static char chunk[CHUNK];
    uint32_t found = 0, taken = 0, bits = 0;
    (void)pl_ntfn_wait(NTFN_HOG, 1u, &bits,
                       PL_WAIT_FOREVER); /* the judge: the console is attached and idle */
    int r;
    for (;;) {
        make_chunk(chunk, taken % 10u);
        r = pl_debug_write_try(chunk, CHUNK);
        if (r != (int)CHUNK || taken == 2u * HOG_CHUNKS) {
            break;
        }
        taken++;
    }
    found |= (r == PL_EAGAIN && taken == HOG_CHUNKS) ? HOG_CHUNKS_TAKEN : 0u;
    found |= pl_debug_write_try("!", 1) == PL_EAGAIN ? HOG_NO_PARTIAL : 0u;
    found |= pl_task_fault(TASK_VICTIM) == PL_OK ? HOG_VICTIM_OK : 0u;
    found |= pl_debug_write(AFTER_LINE, strlen(AFTER_LINE)) == (int)strlen(AFTER_LINE)
                 ? HOG_WAITED_OK
                 : 0u;
    (void)pl_ntfn_signal(NTFN_JUDGE, found | HOG_DONE);
    for (;;) {
        pl_sleep(1000);
    }
}

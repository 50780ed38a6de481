/* tests/qemu/klog/victim.c - waits to be stopped: its fault is a kernel log line. */
#include "parley.h"

int main(void)
{
    for (;;) {
        pl_sleep(1000);
    }
}

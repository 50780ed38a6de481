/*
 * tests/qemu/panic/judge.c - the only task of the kernel-fault image. It runs only if the
 * kernel survived its own fault in kernel_test_hook(), which is the failure: it says so and
 * stops the run at once (non-zero, and with no PANIC line the runner fails the image).
 */
#include "../harness/qtest.h"
#include "system.h"

int main(void)
{
    qt_begin(SYSTEM_NAME);
    qt_report("kernel_fault_panics", "the kernel started its tasks after faulting itself");
    qt_finish();
}

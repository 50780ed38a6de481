/*
 * tests/qemu/mpu_regions/judge.c - the only task of the small-MPU image. It runs only if the
 * kernel started tasks on an MPU with fewer regions than it writes, which is the failure: it
 * says so and stops the run at once (non-zero, and with no PANIC line the runner fails the
 * image).
 */
#include "../harness/qtest.h"
#include "system.h"

int main(void)
{
    qt_begin(SYSTEM_NAME);
    qt_report("small_mpu_refused", "the kernel started its tasks on a 4-region MPU");
    qt_finish();
}

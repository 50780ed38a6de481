#!/usr/bin/env python3
"""Tests of the smallest MPU region arch/cortex-m/mpu.c accepts, per MPU profile.

mpu.c serves PMSAv7 (ARMv7-M) and PMSAv6 (ARMv6-M), whose registers are the same but whose
smallest region differs: 32 bytes and 256 bytes, MPU_MIN_REGION_SIZE in the profile's
mpu_regs.h. tests/boards/mpu_min/probe.c is built with mpu.c and each profile's folder on the
include path (for a Cortex-M3, which QEMU's mps2-an385 runs; the C is the same for an M0+)
and run; it exits with the number of answers of arch_region_ok() and arch_task_set_regions()
that differ from what the profile's minimum implies (the minimum accepted, half of it
refused, alignment and power-of-two rules as always).

Output: `ok - <case>` or `not ok - <case>: <why>` per case, then `N passed, N failed`; exit
status 1 if any case failed. Python 3.9+, standard library only.
"""
import os
import subprocess
import sys

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
CC = "arm-none-eabi-gcc"
QEMU = "qemu-system-arm"


from caserun import CaseFailed, run_cases  # noqa: E402  (tests/boards/caserun.py)


def build(tmp, profile, expect_min):
    elf = os.path.join(tmp, f"probe_{profile}.elf")
    cmd = [CC, "-mcpu=cortex-m3", "-mthumb", "-mfloat-abi=soft", "-std=gnu11", "-O2", "-Wall",
           "-Wextra", "-Werror", "-ffreestanding", "-nostdlib", "-nostartfiles",
           f"-DEXPECT_MIN={expect_min}u", "-Iinclude", "-Iarch", "-Iarch/cortex-m",
           f"-Iarch/cortex-m/{profile}", "-Wl,--section-start=.vectors=0x0",
           "-Wl,-Ttext=0x400", "-Wl,--defsym=probe_stack_top=0x20002000", "-Wl,-e,probe_main",
           "tests/boards/mpu_min/probe.c", "arch/cortex-m/mpu.c", "arch/cortex-m/semihost.c",
           "-lgcc", "-o", elf]
    out = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if out.returncode != 0:
        raise CaseFailed(f"build failed: {out.stderr.strip()[-600:]}")
    return elf


def run(elf):
    out = subprocess.run([QEMU, "-M", "mps2-an385", "-nographic", "-monitor", "none",
                          "-serial", "null", "-semihosting-config", "enable=on,target=native",
                          "-kernel", elf], capture_output=True, text=True, timeout=60)
    return out.returncode


def check(tmp, profile, expect_min):
    status = run(build(tmp, profile, expect_min))
    if status != 0:
        raise CaseFailed(f"{status} of mpu.c's answers differ from a {expect_min}-byte minimum "
                         f"under {profile}")


def case_pmsav7_smallest_region_is_32_bytes(tmp):
    check(tmp, "pmsav7", 32)


def case_pmsav6_smallest_region_is_256_bytes(tmp):
    check(tmp, "pmsav6", 256)


def case_the_probe_notices_a_wrong_minimum(tmp):
    # pmsav6 taken for 32 bytes: 32 is refused, so the probe must say so (not exit 0)
    if run(build(tmp, "pmsav6", 32)) == 0:
        raise CaseFailed("the probe passed PMSAv6 with a 32-byte minimum: it checks nothing")


CASES = [v for k, v in list(globals().items()) if k.startswith("case_")]


def main(argv):
    return run_cases(CASES, argv, "mpu-min-test-")


if __name__ == "__main__":
    sys.exit(main(sys.argv))

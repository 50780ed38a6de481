#!/usr/bin/env python3
"""Tests of tools/check-boards.py, the port rules every board folder follows.

Each case builds a small tree in a temporary directory (one board copied from
board/mps2-an385, the arch files its board.mk names as empty files, one assembly file), makes
the one change under test, runs the checker on it and checks its exit status and that its
message names the file and the rule. One case per rule, boundary cases that must pass, and one
that the repository's own boards pass.

Output: `ok - <case>` or `not ok - <case>: <why>` per case, then `N passed, N failed`; exit
status 1 if any case failed. Python 3.9+, standard library only.
"""
import functools
import os
import re
import shutil
import subprocess
import sys

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
CHECKER = os.path.join(REPO, "tools", "check-boards.py")
MODEL = "mps2-an385"

from caserun import CaseFailed, run_cases  # noqa: E402  (tests/boards/caserun.py)


def make_tree(tmp):
    """A tree that passes: board/b1 (the model board renamed), the MPS2 family's shared files
    and its arch files."""
    root = os.path.join(tmp, "tree")
    bdir = os.path.join(root, "board", "b1")
    os.makedirs(bdir)
    for f in ("board.mk", "board.ini", "board.c", "board_regs.h"):
        shutil.copy(os.path.join(REPO, "board", MODEL, f), bdir)
    edit(root, "board/b1/board.ini", f"name      = {MODEL}", "name      = b1")
    shutil.copytree(os.path.join(REPO, "board", "mps2"), os.path.join(root, "board", "mps2"))
    with open(os.path.join(REPO, "board", MODEL, "board.mk")) as fh:
        mk = fh.read().replace("\\\n", " ")  # continuation lines joined
    srcs = re.search(r"addprefix arch/cortex-m/,([^)]*)\)", mk).group(1).split()
    user_srcs = re.search(r"addprefix arch/cortex-m/user/,([^)]*)\)", mk).group(1).split()
    os.makedirs(os.path.join(root, "arch", "cortex-m", "user"))
    for s in srcs:
        open(os.path.join(root, "arch", "cortex-m", s), "w").close()
    for s in user_srcs:
        open(os.path.join(root, "arch", "cortex-m", "user", s), "w").close()
    write(root, "arch/cortex-m/user/common/pl_order.h", "")
    shutil.copy(os.path.join(REPO, "arch", "cortex-m", "arch_types.h"),
                os.path.join(root, "arch", "cortex-m"))
    write(root, "arch/cortex-m/extra.S", "    .syntax unified\n    .thumb\n")
    write(root, "user/dev/cmsdk/dev_timer.h", "")
    write(root, "user/dev/cmsdk/dev_idle.h", "")
    return root


def write(root, rel, text):
    os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
    with open(os.path.join(root, rel), "w") as fh:
        fh.write(text)


def edit(root, rel, old, new):
    path = os.path.join(root, rel)
    with open(path) as fh:
        text = fh.read()
    if old not in text:
        raise CaseFailed(f"test set-up: {old!r} not in {rel}")
    with open(path, "w") as fh:
        fh.write(text.replace(old, new, 1))


def run(root):
    out = subprocess.run([sys.executable, CHECKER, root], capture_output=True, text=True,
                         timeout=60)
    return out.returncode, out.stdout + out.stderr


def expect_ok(root):
    rc, out = run(root)
    if rc != 0 or out.strip():
        raise CaseFailed(f"refused a valid tree (status {rc}): {out.strip()}")


def expect_problem(root, where, words):
    rc, out = run(root)
    if rc != 1:
        raise CaseFailed(f"status {rc}, expected 1; output: {out.strip()!r}")
    lines = out.strip().splitlines()
    if len(lines) != 1:
        raise CaseFailed(f"expected one problem, got {len(lines)}: {out.strip()}")
    if not lines[0].startswith(where + ":") or not all(w in lines[0] for w in words):
        raise CaseFailed(f"message {lines[0]!r} should start with {where}: and say {words}")


MK = "board/b1/board.mk"
INI = "board/b1/board.ini"


def case_repository_boards_pass(root):
    rc, out = run(REPO)
    if rc != 0:
        raise CaseFailed(f"the repository's boards fail the check: {out.strip()}")


def case_model_tree_passes(root):
    expect_ok(root)


def case_arch_srcs_must_be_set(root):
    edit(root, MK, "ARCH_SRCS    :=", "UNUSED_SRCS :=")
    expect_problem(root, MK, ["ARCH_SRCS is not set"])


def case_arch_srcs_files_must_exist(root):
    os.remove(os.path.join(root, "arch/cortex-m/mpu.c"))
    expect_problem(root, MK, ["arch/cortex-m/mpu.c", "does not exist"])


def case_arch_srcs_must_lie_in_the_arch_folder(root):
    write(root, "arch/other/mpu.c", "")
    edit(root, MK, "vectors.c)", "vectors.c) arch/other/mpu.c")
    expect_problem(root, MK, ["arch/other/mpu.c", "not in arch/cortex-m/"])


def case_arch_user_flags_must_reach_pl_order(root):
    edit(root, MK, " -Iarch/cortex-m/user/common", "")
    expect_problem(root, MK, ["ARCH_USER_FLAGS", "pl_order.h"])


def case_pl_order_must_be_the_archs(root):
    write(root, "arch/host/user/pl_order.h", "")
    edit(root, MK, "-Iarch/cortex-m/user/common", "-Iarch/host/user")
    expect_problem(root, MK, ["arch/host/user", "not in arch/cortex-m/user/"])


def case_board_srcs_files_must_exist(root):
    os.remove(os.path.join(root, "board/b1/board.c"))
    expect_problem(root, MK, ["BOARD_SRCS", "board/b1/board.c", "does not exist"])


def case_dev_family_must_be_set(root):
    edit(root, MK, "DEV_FAMILY   :=", "UNUSED_FAMILY :=")
    expect_problem(root, MK, ["DEV_FAMILY is not set"])


def case_dev_family_must_have_its_drivers(root):
    edit(root, MK, "DEV_FAMILY   := cmsdk", "DEV_FAMILY   := nosuch")
    expect_problem(root, MK, ["DEV_FAMILY = nosuch", "user/dev/nosuch/dev_timer.h"])


def case_dev_family_must_say_how_idle_waits(root):
    os.remove(os.path.join(root, "user/dev/cmsdk/dev_idle.h"))
    expect_problem(root, MK, ["DEV_FAMILY = cmsdk", "user/dev/cmsdk/dev_idle.h"])


def case_cpu_must_match_board_ini(root):
    edit(root, MK, "-mcpu=cortex-m3", "-mcpu=cortex-m4")
    expect_problem(root, MK, ["-mcpu=cortex-m4", "cpu = cortex-m3"])


def case_cpu_extension_is_allowed(root):
    edit(root, MK, "-mcpu=cortex-m3", "-mcpu=cortex-m3+nofp")
    expect_ok(root)


def case_exactly_one_mcpu(root):
    edit(root, MK, "-mthumb", "-mthumb -mcpu=cortex-m3")
    expect_problem(root, MK, ["exactly one -mcpu"])


def case_soft_float_abi_is_required(root):
    edit(root, MK, "-mfloat-abi=soft", "-mfloat-abi=hard -mfpu=fpv4-sp-d16")
    expect_problem(root, MK, ["-mfloat-abi=soft"])


def case_board_name_is_the_folder(root):
    edit(root, INI, "name      = b1", "name      = b2")
    expect_problem(root, INI, ["name = b2", "board/b1"])


def case_mpu_slots_must_be_what_the_arch_writes(root):
    edit(root, INI, "mpu_slots = 8 ", "mpu_slots = 16 ")
    expect_problem(root, INI, ["mpu_slots = 16", "8 regions per switch", "ARCH_MPU_SLOTS"])


def case_mpu_slots_fewer_refused_too(root):
    edit(root, INI, "mpu_slots = 8 ", "mpu_slots = 6 ")
    expect_problem(root, INI, ["mpu_slots = 6", "ARCH_MPU_SLOTS"])


def case_arch_must_define_mpu_slots(root):
    edit(root, "arch/cortex-m/arch_types.h", "#define ARCH_MPU_SLOTS", "#define ARCH_SLOTS")
    expect_problem(root, MK, ["ARCH_MPU_SLOTS", "mpu_slots = 8"])


def case_board_cpu_name_must_match_board_ini(root):
    edit(root, "board/b1/board_regs.h", '"Cortex-M3"', '"Cortex-M4"')
    expect_problem(root, "board/b1/board_regs.h", ['"Cortex-M4"', "cpu = cortex-m3"])


def case_board_cpu_name_plus_is_gccs_plus(root):
    edit(root, MK, "-mcpu=cortex-m3", "-mcpu=cortex-m0plus")
    edit(root, INI, "cpu       = cortex-m3", "cpu       = cortex-m0plus")
    edit(root, "board/b1/board_regs.h", '"Cortex-M3"', '"Cortex-M0+"')
    expect_ok(root)


def case_board_cpu_name_without_its_plus_refused(root):
    edit(root, MK, "-mcpu=cortex-m3", "-mcpu=cortex-m0plus")
    edit(root, INI, "cpu       = cortex-m3", "cpu       = cortex-m0plus")
    edit(root, "board/b1/board_regs.h", '"Cortex-M3"', '"Cortex-M0"')
    expect_problem(root, "board/b1/board_regs.h", ['"Cortex-M0"', "cpu = cortex-m0plus"])


def case_board_cpu_name_must_be_defined(root):
    edit(root, "board/b1/board_regs.h", "#define BOARD_CPU_NAME", "#define BOARD_CPU")
    expect_problem(root, "board/b1/board_regs.h", ["BOARD_CPU_NAME"])


def case_no_cpu_directive_in_assembly(root):
    write(root, "user/lib/trap.S", "    .syntax unified\n    .cpu cortex-m3\n")
    expect_problem(root, "user/lib/trap.S:2", [".cpu/.fpu/.arch"])


def case_no_fpu_directive_in_assembly(root):
    write(root, "tests/t/x.S", "  .fpu fpv4-sp-d16\n")
    expect_problem(root, "tests/t/x.S:1", [".cpu/.fpu/.arch"])


def case_assembly_in_build_is_ignored(root):
    write(root, "build/b1/gen.S", "    .cpu cortex-m3\n")
    expect_ok(root)


CASES = [v for k, v in list(globals().items()) if k.startswith("case_")]


def with_tree(fn):
    """The case as caserun calls it (with a fresh folder): the model tree made in it first."""
    @functools.wraps(fn)
    def case(tmp):
        fn(make_tree(tmp))
    return case


def main(argv):
    return run_cases([with_tree(c) for c in CASES], argv, "boards-test-")


if __name__ == "__main__":
    sys.exit(main(sys.argv))

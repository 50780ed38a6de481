#!/usr/bin/env python3
"""Check every board folder against the port rules (part of `make check`).

    tools/check-boards.py [ROOT]      ROOT defaults to the repository root

For each board/<name>/ with a board.mk (docs/porting.md, "Adding a board"):

- board.mk sets ARCH, ARCH_SRCS, ARCH_USER_SRCS, ARCH_USER_FLAGS, CPU_FLAGS, BOARD_SRCS and DEV_FAMILY, whose folder
  user/dev/<family>/ has the family's dev_timer.h and dev_idle.h; every file in ARCH_SRCS exists and
  lies in arch/$(ARCH)/ (the board names its profile's files, the Makefile globs nothing
  there), every file in BOARD_SRCS exists;
- ARCH_USER_FLAGS puts on the tasks' include path a folder of arch/$(ARCH)/user/ holding
  pl_order.h, the memory orders the libraries that share memory between tasks use
  (servers/shm, servers/pipe; on Cortex-M arch/cortex-m/user/common/): without it they would
  not compile, and a folder outside the arch could be the host's, whose C11 orders cost a DMB
  each on one core;
- CPU_FLAGS names one -mcpu, and it is the `cpu` of board.ini (an extension such as +nofp
  aside): the generator and the compiler agree on the CPU;
- CPU_FLAGS has -mfloat-abi=soft: the FPU stays off, so every exception frame is a basic one
  (arch/cortex-m/entry.S returns with EXC_RETURN 0xFFFFFFFD and saves no FP registers);
- board.ini's `name` is the folder's name;
- board.ini's `mpu_slots` (how many regions sysgen lets a task use) is an ARCH_MPU_SLOTS that
  a header of arch/$(ARCH)/ defines (how many regions a switch writes): more would let a
  description pass that the kernel cannot load, fewer would waste regions;
- board_regs.h defines BOARD_CPU_NAME, the CPU as arch_cpu_name() names it ("Cortex-M4"), and
  it is board.ini's `cpu` (tests/qemu/float checks it against the running CPU, so a
  QEMU_MACHINE that runs another CPU fails there); gcc spells a "+" as "plus" (cortex-m0plus
  is "Cortex-M0+").

And for the whole tree: no assembly file says `.cpu`, `.fpu` or `.arch`; the CPU is the
board's, from -mcpu.

Each problem is printed as "file:line: message"; exit 1 if there are any. Evaluates each
board.mk with make, so `$(addprefix ...)` and the like work as in the build.
"""
import configparser
import os
import re
import subprocess
import sys

REQUIRED = ("ARCH", "ARCH_SRCS", "ARCH_USER_SRCS", "ARCH_USER_FLAGS", "CPU_FLAGS", "BOARD_SRCS", "DEV_FAMILY")
FAMILY_FILES = ("dev_timer.h", "dev_idle.h")  # what every user/dev/<family>/ has
DIRECTIVE = re.compile(r"^\s*\.(cpu|fpu|arch)\b")
CPU_NAME = re.compile(r'^#define BOARD_CPU_NAME "([^"]*)"', re.M)
MPU_SLOTS = re.compile(r"^#define ARCH_MPU_SLOTS\s+(\d+)u?\b", re.M)
SKIP_DIRS = {"build", ".git"}


def board_vars(root, board):
    """The variables board/<board>/board.mk sets, as make sees them."""
    probe = "include board/$(BOARD)/board.mk\nprint:\n" + "".join(
        f"\t@echo '{v}=$({v})'\n" for v in REQUIRED + ("QEMU_MACHINE",))
    out = subprocess.run(["make", "-s", "--no-print-directory", "-f", "-", f"BOARD={board}",
                          "print"], cwd=root, input=probe, capture_output=True, text=True)
    if out.returncode != 0:
        return None, out.stderr.strip().splitlines()[-1:] or ["make failed"]
    values = {}
    for line in out.stdout.splitlines():
        key, _, value = line.partition("=")
        values[key] = value.strip()
    return values, []


def arch_mpu_slots(root, arch):
    """Every ARCH_MPU_SLOTS value a header of arch/<arch>/ defines (one per MPU profile)."""
    found = set()
    folder = os.path.join(root, "arch", arch)
    for f in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        if f.endswith(".h"):
            with open(os.path.join(folder, f), encoding="utf-8", errors="replace") as fh:
                found.update(int(v) for v in MPU_SLOTS.findall(fh.read()))
    return found


def cpu_key(name):
    """A CPU's name as both spellings compare: "Cortex-M0+" and gcc's "cortex-m0plus" agree."""
    return name.lower().replace("+", "plus")


def check_order_folder(root, mk, arch, user_flags):
    """ARCH_USER_FLAGS reaches the arch's pl_order.h, and only the arch's."""
    folders = [f[2:] for f in user_flags.split() if f.startswith("-I")]
    holding = [d for d in folders if os.path.isfile(os.path.join(root, d, "pl_order.h"))]
    if not holding:
        return [f"{mk}:1: ARCH_USER_FLAGS puts no folder with pl_order.h on the tasks' include "
                f"path (the user libraries' memory orders, arch/{arch}/user/common/)"]
    outside = [d for d in holding if not os.path.normpath(d).startswith(f"arch/{arch}/user/")]
    if outside:
        return [f"{mk}:1: ARCH_USER_FLAGS takes pl_order.h from {outside[0]}, which is not in "
                f"arch/{arch}/user/ (the arch's memory orders, not the host's)"]
    return []


def check_board(root, board):
    mk = f"board/{board}/board.mk"
    ini = f"board/{board}/board.ini"
    problems = []
    values, errors = board_vars(root, board)
    if values is None:
        return [f"{mk}:1: make cannot read it: {e}" for e in errors]
    for v in REQUIRED:
        if not values.get(v):
            problems.append(f"{mk}:1: {v} is not set")
    arch = values.get("ARCH", "")
    for src in values.get("ARCH_SRCS", "").split():
        if not os.path.isfile(os.path.join(root, src)):
            problems.append(f"{mk}:1: ARCH_SRCS names {src}, which does not exist")
        elif arch and os.path.dirname(src) != f"arch/{arch}":
            problems.append(f"{mk}:1: ARCH_SRCS names {src}, which is not in arch/{arch}/")
    for src in values.get("ARCH_USER_SRCS", "").split():
        if not os.path.isfile(os.path.join(root, src)):
            problems.append(f"{mk}:1: ARCH_USER_SRCS names {src}, which does not exist")
        elif arch and os.path.dirname(src) != f"arch/{arch}/user":
            problems.append(f"{mk}:1: ARCH_USER_SRCS names {src}, which is not in "
                            f"arch/{arch}/user/")
    problems += check_order_folder(root, mk, arch, values.get("ARCH_USER_FLAGS", ""))
    family = values.get("DEV_FAMILY", "")
    missing = [f"user/dev/{family}/{f}" for f in FAMILY_FILES if family and not
               os.path.isfile(os.path.join(root, "user", "dev", family, f))]
    if missing:
        problems.append(f"{mk}:1: DEV_FAMILY = {family}, but {' and '.join(missing)} "
                        f"{'does' if len(missing) == 1 else 'do'} not exist (every device "
                        "family has the same drivers: user/dev/README.md)")
    for src in values.get("BOARD_SRCS", "").split():
        if not os.path.isfile(os.path.join(root, src)):
            problems.append(f"{mk}:1: BOARD_SRCS names {src}, which does not exist")
    flags = values.get("CPU_FLAGS", "").split()
    cpus = [f.split("=", 1)[1] for f in flags if f.startswith("-mcpu=")]
    if "-mfloat-abi=soft" not in flags:
        problems.append(f"{mk}:1: CPU_FLAGS must have -mfloat-abi=soft (the FPU stays off: "
                        "docs/porting.md)")
    cfg = configparser.ConfigParser(inline_comment_prefixes=("#",))
    try:
        cfg.read(os.path.join(root, ini))
        ini_cpu = cfg.get("board", "cpu")
        ini_name = cfg.get("board", "name")
        ini_slots = cfg.get("board", "mpu_slots")
    except (configparser.Error, OSError) as e:
        return problems + [f"{ini}:1: cannot read [board] cpu, name and mpu_slots: {e}"]
    if len(cpus) != 1:
        problems.append(f"{mk}:1: CPU_FLAGS must name exactly one -mcpu (it has {len(cpus)})")
    elif cpus[0].split("+", 1)[0] != ini_cpu:
        problems.append(f"{mk}:1: CPU_FLAGS says -mcpu={cpus[0]} but {ini} says cpu = {ini_cpu}")
    if ini_name != board:
        problems.append(f"{ini}:1: name = {ini_name}, but the folder is board/{board}")
    slots = arch_mpu_slots(root, arch) if arch else set()
    if arch and not slots:
        problems.append(f"{mk}:1: no header of arch/{arch}/ defines ARCH_MPU_SLOTS (the "
                        f"regions a switch writes; {ini} says mpu_slots = {ini_slots})")
    elif slots and (not ini_slots.isdigit() or int(ini_slots) not in slots):
        problems.append(f"{ini}:1: mpu_slots = {ini_slots}, but arch/{arch}/ writes "
                        f"{' or '.join(map(str, sorted(slots)))} regions per switch "
                        f"(ARCH_MPU_SLOTS)")
    regs = f"board/{board}/board_regs.h"
    try:
        with open(os.path.join(root, regs), encoding="utf-8") as fh:
            names = CPU_NAME.findall(fh.read())
    except OSError:
        names = None
    if names is None:
        problems.append(f"{regs}:1: missing")
    elif len(names) != 1:
        problems.append(f'{regs}:1: must define BOARD_CPU_NAME "<cpu>" once ({ini}: cpu = '
                        f'{ini_cpu})')
    elif cpu_key(names[0]) != cpu_key(ini_cpu):
        problems.append(f'{regs}:1: BOARD_CPU_NAME is "{names[0]}" but {ini} says cpu = '
                        f'{ini_cpu}')
    return problems


def check_asm(root):
    problems = []
    for top, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        for f in sorted(files):
            if not f.endswith((".S", ".s")):
                continue
            path = os.path.join(top, f)
            rel = os.path.relpath(path, root)
            with open(path, encoding="utf-8", errors="replace") as fh:
                for n, line in enumerate(fh, 1):
                    if DIRECTIVE.match(line):
                        problems.append(f"{rel}:{n}: a .cpu/.fpu/.arch directive: the CPU comes "
                                        "from the board's -mcpu (CPU_FLAGS in board.mk)")
    return problems


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    root = os.path.abspath(root)
    boards = sorted(d for d in os.listdir(os.path.join(root, "board"))
                    if os.path.isfile(os.path.join(root, "board", d, "board.mk")))
    problems = []
    if not boards:
        problems.append("board/:1: no board folder has a board.mk")
    for b in boards:
        problems += check_board(root, b)
    problems += check_asm(root)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

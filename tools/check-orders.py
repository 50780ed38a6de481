#!/usr/bin/env python3
"""Check that the libraries tasks share memory through pay no barrier on Cortex-M (part of
`make check`).

    tools/check-orders.py [ROOT]      ROOT defaults to the repository root

parley runs on one core, so the memory orders of servers/shm/shmq.c, servers/shm/sync.c,
servers/pipe/pipe_ring.c and servers/mqueue/mq_ring.c cost no instruction there: they come from the arch's pl_order.h
(arch/cortex-m/user/common/), compiler fences around relaxed atomics (that header says why
that is enough). This checks, for every distinct CPU and include path of the boards:

- each library compiled as a task compiles it (CPU_FLAGS, -Os, ARCH_USER_FLAGS) has no
  barrier instruction: no DMB or DSB, and no ARMv8-M load-acquire or store-release (LDA*,
  STL*), which are C11's acquire and release on a Cortex-M33;
- the same source compiled with the host's pl_order.h (arch/host/user/, C11's real orders,
  what the ThreadSanitizer tests run) first on the path does have them: the host build keeps
  its real orders, and this check can see a barrier when there is one;
- no library names a C11 order stronger than relaxed itself (__ATOMIC_ACQUIRE and the like):
  it asks pl_order.h.

Each problem is printed as "file:line: message"; exit 1 if there are any, 2 if the
cross-compiler is missing.
"""
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile

LIBS = ("servers/shm/shmq.c", "servers/shm/sync.c", "servers/pipe/pipe_ring.c",
        "servers/mqueue/mq_ring.c")
HOST_ORDERS = "arch/host/user"
CROSS = "arm-none-eabi-"
BARRIER = re.compile(r"^\s*[0-9a-f]+:\s+(?:[0-9a-f]{4} ?){1,2}\s+(dmb|dsb|lda\w*|stl\w*)\b",
                     re.M)
STRONG_ORDER = re.compile(r"__ATOMIC_(ACQUIRE|RELEASE|ACQ_REL|SEQ_CST|CONSUME)\b")


def board_vars(root, board):
    """board/<board>/board.mk's variables, read as tools/check-boards.py reads them."""
    path = os.path.join(root, "tools", "check-boards.py")
    spec = importlib.util.spec_from_file_location("check_boards", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    values, _ = mod.board_vars(root, board)
    return values


def configurations(root):
    """(CPU_FLAGS, ARCH_USER_FLAGS, DEV_FAMILY, board) once per distinct build of the tasks."""
    seen = {}
    for board in sorted(os.listdir(os.path.join(root, "board"))):
        if not os.path.isfile(os.path.join(root, "board", board, "board.mk")):
            continue
        v = board_vars(root, board)
        if not v or not v.get("CPU_FLAGS"):
            continue  # check-boards.py reports it
        key = (v["CPU_FLAGS"], v.get("ARCH_USER_FLAGS", ""))
        seen.setdefault(key, (v["CPU_FLAGS"], v.get("ARCH_USER_FLAGS", ""),
                              v.get("DEV_FAMILY", ""), board))
    return list(seen.values())


def barriers(root, tmp, src, cpu_flags, include_flags):
    """The barrier instructions of src compiled with these flags, or an error string."""
    obj = os.path.join(tmp, "lib.o")
    cmd = [CROSS + "gcc", *cpu_flags.split(), "-std=gnu11", "-Os", "-Wall", "-Wextra",
           "-Werror", "-Iinclude", "-Iuser/lib", *include_flags, "-c", src, "-o", obj]
    out = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
    if out.returncode != 0:
        return None, (out.stderr.strip().splitlines() or ["gcc failed"])[0]
    dis = subprocess.run([CROSS + "objdump", "-d", obj], capture_output=True, text=True)
    return BARRIER.findall(dis.stdout), None


def check_sources(root):
    problems = []
    for src in LIBS:
        with open(os.path.join(root, src), encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                m = STRONG_ORDER.search(line)
                if m:
                    problems.append(f"{src}:{n}: {m.group(0)}: ask pl_order.h for the order "
                                    "(on Cortex-M it costs no barrier)")
    return problems


def check_builds(root, tmp):
    problems = []
    for cpu_flags, user_flags, family, board in configurations(root):
        incs = [f"-Iuser/dev/{family}", *user_flags.split()]
        cpu = next((f for f in cpu_flags.split() if f.startswith("-mcpu=")), cpu_flags)
        for src in LIBS:
            found, err = barriers(root, tmp, src, cpu_flags, incs)
            if err:
                problems.append(f"{src}:1: does not compile for {cpu} (board {board}): {err}")
                continue
            if found:
                problems.append(f"{src}:1: {len(found)} barrier instructions "
                                f"({', '.join(sorted(set(found)))}) in the {cpu} build (board "
                                f"{board}): one core needs none (arch/cortex-m/user/common/"
                                "pl_order.h)")
            control, err = barriers(root, tmp, src, cpu_flags, [f"-I{HOST_ORDERS}", *incs])
            if err:
                problems.append(f"{src}:1: does not compile with {HOST_ORDERS}/pl_order.h for "
                                f"{cpu}: {err}")
            elif not control:
                problems.append(f"{src}:1: no barrier with the host's C11 orders "
                                f"({HOST_ORDERS}/pl_order.h) either, for {cpu}: the host tests "
                                "would not check the real orders (or this check is blind)")
    return problems


def main(argv):
    root = os.path.abspath(argv[1] if len(argv) > 1 else
                           os.path.join(os.path.dirname(__file__), ".."))
    if shutil.which(CROSS + "gcc") is None:
        print(f"{CROSS}gcc not found: run 'make deps' (or tools/deps.sh) to install it")
        return 2
    problems = check_sources(root)
    with tempfile.TemporaryDirectory() as tmp:
        problems += check_builds(root, tmp)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""`make ipc-compare`: the IPC catalogue's mechanisms on the same work, in one measured table.

    tools/ipc_compare.py [--machine M] [--check] ELF

Runs the image of tests/bench/compare (ELF) under QEMU with -icount shift=0, where virtual time
is one nanosecond per guest instruction, reads its `BENCH cmp_<mechanism>_<size> <n> insn/op`
lines and prints, per mechanism: instructions per round trip for 16 bytes and for 4 KiB, bytes
per instruction for 4 KiB, and how the bytes move. Then the seed documents' ranking by speed
beside the order measured here, and one sentence for each pair the measurement puts the other
way round, from what each mechanism's round trip is made of (docs/ipc-catalogue.md,
"Comparing the mechanisms").

--check: instead of the table, check that the image ran and printed a positive figure for
every mechanism and size (no timing is judged); print `ok`/`not ok` lines and `N passed, N
failed` (what `make test` runs as ipc_compare_test).
"""
import argparse
import re
import subprocess
import sys

SIZES = (("16B", 16), ("4K", 4096))

# key: (label, how one round trip moves the bytes and hands control over)
MECHANISMS = {
    "endpoint": ("endpoint call", "the kernel copies each 256-byte message once, sender to "
                 "receiver: per 256 bytes the meter's call and the peer's receive and reply, "
                 "three traps, no server"),
    "notification": ("notification", "no bytes: one signal each way, the kernel's cheapest "
                     "control transfer"),
    "shm": ("shared memory + notification", "the bytes are stored once into a shared page and "
            "read once out of it by the peer, with no kernel copy; one signal each way"),
    "sem": ("shared memory + semaphores", "the bytes are stored once into a shared object of "
            "the shm server and read once out of it; a semaphore each way (sync.h), whose "
            "hand-over to a blocked task goes through the server's futexes: two requests"),
    "signal": ("signal", "no bytes: a kill each way, each ending the other task's "
               "sigsuspend and running its handler on its own stack"),
    "fifo": ("pipe / FIFO", "every 256 bytes are one request to the pipe server: the kernel "
             "copies them in, the server into its ring; the reader's request copies them out "
             "again: two server round trips and four copies per 256 bytes"),
    "mq": ("message queue", "each 248-byte message (the most one request carries besides its header) is a request to the queue server (copied in, "
           "stored), and each receive another (copied out): as the pipe, plus the queue's "
           "bookkeeping"),
    "mq_pair": ("message queue (pair)", "each 248-byte message is stored into a ring in a page "
                "the queue server lent to both tasks (MQ_O_PAIR) and loaded out of it by the "
                "peer: no server and no kernel copy, but the peer, blocked on the empty ring, "
                "is woken by a signal per message and sleeps again: a wake-up and two switches "
                "per message, plus the ring's checks of every index and length; the answer is "
                "already in the back ring when the meter looks"),
}

# The documents' ranking, fastest first, and which measured rows stand for each name (a message
# queue is both a server's queue and a pair queue: each is placed against the other names).
DOCUMENTS = (("shared memory", ("shm",)), ("semaphore", ("sem",)), ("pipe", ("fifo",)),
             ("message queue", ("mq", "mq_pair")), ("socket", ()))
NOT_BUILT = {"socket": "parley has no sockets"}
NO_BYTES = ("notification", "signal")  # control alone: no bytes per instruction, not ranked


def run(elf, machine):
    cmd = ["qemu-system-arm", "-M", machine, "-nographic", "-monitor", "none",
           "-semihosting-config", "enable=on,target=native",
           "-icount", "shift=0,align=off,sleep=off", "-kernel", elf]
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=300)
    except subprocess.TimeoutExpired:
        return None, "QEMU did not finish in 300 s"
    out = p.stdout.replace("\r", "")
    if p.returncode != 0:
        return None, f"the image ended with status {p.returncode}:\n{out[-2000:]}"
    figures = {m.group(1): int(m.group(2))
               for m in re.finditer(r"^BENCH cmp_(\w+) (\d+) insn/op$", out, re.M)}
    return figures, None


def check(figures, err):
    cases = []
    if err:
        cases.append(("the comparison image runs to its end", err.splitlines()[0]))
    else:
        cases.append(("the comparison image runs to its end", None))
        for key in MECHANISMS:
            for size, _ in SIZES:
                v = figures.get(f"{key}_{size}")
                cases.append((f"cmp_{key}_{size} measured",
                              None if v and v > 0 else f"missing or zero ({v})"))
    failed = 0
    for name, why in cases:
        print(f"ok - {name}" if why is None else f"not ok - {name}: {why}")
        failed += why is not None
    print(f"{len(cases) - failed} passed, {failed} failed")
    return 1 if failed else 0


def row_name(name, key):
    """The documents' name, or the row's label where the name stands for several rows."""
    keys = dict(DOCUMENTS)[name]
    return name if len(keys) == 1 else MECHANISMS[key][0]


def table(figures, machine):
    rows = []
    print(f"IPC mechanisms on {machine}, guest instructions per round trip "
          f"(qemu -icount shift=0): N bytes to a task in another MPU domain, control back")
    print()
    head = f"{'mechanism':<30}{'16 B':>9}{'4 KiB':>9}{'bytes/insn':>12}  how"
    print(head)
    print("-" * len(head))
    for key, (label, how) in MECHANISMS.items():
        small, large = figures.get(f"{key}_16B"), figures.get(f"{key}_4K")
        moves = key not in NO_BYTES
        rate = f"{4096 / large:.2f}" if moves and large else "-"
        print(f"{label:<30}{small if small else '-':>9}{large if large else '-':>9}{rate:>12}  "
              f"{how}")
        rows.append((key, large))
    print()
    print("The documents rank, fastest first: " +
          " > ".join(name for name, _ in DOCUMENTS))
    for size, _ in SIZES:
        cost = {key: figures.get(f"{key}_{size}") for key in MECHANISMS}
        measured = sorted((v, key) for key, v in cost.items() if v and key not in NO_BYTES)
        print(f"Measured here ({size}):".ljust(35) +
              " > ".join(MECHANISMS[key][0] for _, key in measured))
    for name, keys in DOCUMENTS:
        if not keys:
            print(f"  {name}: {NOT_BUILT[name]}")
    print()
    disagreements = 0
    for size, _ in SIZES:
        cost = {key: figures.get(f"{key}_{size}") for key in MECHANISMS}
        ranked = [(name, [key for key in keys if cost.get(key)]) for name, keys in DOCUMENTS]
        for i, (name_a, keys_a) in enumerate(ranked):
            for name_b, keys_b in ranked[i + 1:]:
                for a, b in ((a, b) for a in keys_a for b in keys_b if cost[a] > cost[b]):
                    disagreements += 1
                    print(f"For {size}, the documents put {name_a} before {name_b}; here "
                          f"{row_name(name_a, a)} takes {cost[a]} instructions and "
                          f"{row_name(name_b, b)} {cost[b]}, because in {MECHANISMS[a][0]} "
                          f"{MECHANISMS[a][1]}, while in {MECHANISMS[b][0]} "
                          f"{MECHANISMS[b][1]}.")
    if not disagreements:
        print("Where both are measured, the order here is the documents' order. Why each costs "
              "what it does is in the last column.")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--machine", default="mps2-an385")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("elf")
    args = ap.parse_args()
    figures, err = run(args.elf, args.machine)
    if args.check:
        return check(figures, err)
    if err:
        print(f"ipc-compare: {err}", file=sys.stderr)
        return 1
    return table(figures, args.machine)


if __name__ == "__main__":
    sys.exit(main())

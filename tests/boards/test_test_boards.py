#!/usr/bin/env python3
"""Tests of tools/test-boards.sh, the body of `make test-boards`.

Each case runs the script in a temporary directory with MAKE set to a fake make that prints a
canned `make test` output per board (and records its arguments), then checks the closing line
(the sum over every board, a board without a summary counting as 1 failed), the exit status,
and that only the first board runs the host tests.

Output: `ok - <case>` or `not ok - <case>: <why>` per case, then `N passed, N failed`; exit
status 1 if any case failed. Python 3.9+, standard library only.
"""
import os
import subprocess
import sys

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SCRIPT = os.path.join(REPO, "tools", "test-boards.sh")

from caserun import CaseFailed, run_cases  # noqa: E402  (tests/boards/caserun.py)

FAKE_MAKE = """#!/bin/sh
# fake make: prints $FAKE_DIR/<board>.out, records its arguments
board=""
for a in "$@"; do case "$a" in BOARD=*) board=${a#BOARD=};; esac; done
echo "$*" >> "$FAKE_DIR/args"
cat "$FAKE_DIR/$board.out"
exit "$(cat "$FAKE_DIR/$board.rc" 2>/dev/null || echo 0)"
"""


def run(tmp, outputs, rcs=None):
    """outputs: board -> canned output of its `make test`. Returns (status, lines, args)."""
    fake = os.path.join(tmp, "fake")
    os.makedirs(fake)
    with open(os.path.join(fake, "make"), "w") as fh:
        fh.write(FAKE_MAKE)
    os.chmod(os.path.join(fake, "make"), 0o755)
    for b, text in outputs.items():
        with open(os.path.join(fake, f"{b}.out"), "w") as fh:
            fh.write(text)
        if rcs and b in rcs:
            with open(os.path.join(fake, f"{b}.rc"), "w") as fh:
                fh.write(str(rcs[b]))
    env = dict(os.environ, MAKE=os.path.join(fake, "make"), FAKE_DIR=fake)
    out = subprocess.run(["bash", SCRIPT] + list(outputs), cwd=tmp, env=env,
                         capture_output=True, text=True, timeout=60)
    with open(os.path.join(fake, "args")) as fh:
        args = fh.read().splitlines()
    return out.returncode, out.stdout.splitlines(), args


def expect(status, lines, want_status, want_last):
    if status != want_status:
        raise CaseFailed(f"exit status {status}, expected {want_status}")
    if not lines or lines[-1] != want_last:
        raise CaseFailed(f"last line {lines[-1] if lines else None!r}, expected {want_last!r}")


def case_all_pass_sums_every_board(tmp):
    status, lines, _ = run(tmp, {"b1": "x\n10 passed, 0 failed\n", "b2": "4 passed, 0 failed\n"})
    expect(status, lines, 0, "14 passed, 0 failed")


def case_failures_of_every_board_are_summed(tmp):
    status, lines, _ = run(tmp, {"b1": "5 passed, 2 failed\n", "b2": "3 passed, 1 failed\n"},
                           rcs={"b1": 2, "b2": 2})
    expect(status, lines, 1, "8 passed, 3 failed")


def case_board_without_summary_counts_one_failed(tmp):
    status, lines, _ = run(tmp, {"b1": "7 passed, 0 failed\n", "b2": "build failed\n"},
                           rcs={"b2": 2})
    expect(status, lines, 1, "7 passed, 1 failed")


def case_a_board_result_is_its_last_summary(tmp):
    out = "  test_a: 3 passed, 0 failed\n3 passed, 0 failed\nt 1 passed, 0 failed\n9 passed, 0 failed\n"
    status, lines, _ = run(tmp, {"b1": out})
    expect(status, lines, 0, "9 passed, 0 failed")


def case_only_the_first_board_runs_host_tests(tmp):
    _, _, args = run(tmp, {"b1": "1 passed, 0 failed\n", "b2": "1 passed, 0 failed\n",
                           "b3": "1 passed, 0 failed\n"})
    if len(args) != 3 or "SKIP_HOST=1" in args[0].split() or \
            not all("SKIP_HOST=1" in a.split() for a in args[1:]):
        raise CaseFailed(f"make was called as: {args}")


CASES = [v for k, v in list(globals().items()) if k.startswith("case_")]


def main(argv):
    return run_cases(CASES, argv, "test-boards-test-")


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Run one parley test image under QEMU and judge its console output.

The image prints, on its UART:
    ok - <name>                     a passed case
    not ok - <name>[: reason]       a failed case
    <P> passed, <F> failed          the summary, last
    ...PANIC...                     if the kernel panicked
and then leaves through semihosting with exit code 0 only if all passed.

We print the judged case lines, the console (indented) when something went
wrong, and a last line "<P> passed, <F> failed" for tools/run-tests.sh.
Exit status 0 if nothing failed, else 1.
"""

import argparse
import os
import re
import shlex
import signal
import subprocess
import sys

OK_RE = re.compile(r"^ok - (.*)$")
NOT_OK_RE = re.compile(r"^not ok - (.*)$")
SUMMARY_RE = re.compile(r"^(\d+) passed, (\d+) failed$")


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--timeout", type=float, default=60.0, help="seconds before QEMU is killed")
    ap.add_argument(
        "--expect-panic",
        action="store_true",
        help="the image must report a kernel PANIC and exit non-zero",
    )
    ap.add_argument("--machine", default="mps2-an385", help="QEMU -M value")
    ap.add_argument("--qemu", default=os.environ.get("QEMU", "qemu-system-arm"))
    ap.add_argument("--qemu-args", default="", help="extra QEMU arguments, shell-quoted")
    ap.add_argument("image", help="the test ELF")
    return ap.parse_args()


def run_qemu(args):
    """Return (console_text, exit_code or None, problem or None)."""
    cmd = [
        args.qemu,
        "-M", args.machine,
        # -nographic alone would multiplex the monitor onto stdio; with
        # -monitor none and -serial stdio the UART is the only thing there.
        "-nographic", "-monitor", "none", "-serial", "stdio",
        # target=native: SYS_EXIT ends QEMU with the image's exit code
        # instead of going through a gdbstub.
        "-semihosting-config", "enable=on,target=native",
        "-kernel", args.image,
    ] + shlex.split(args.qemu_args)
    try:
        # A new session so that on timeout we can kill QEMU and anything it
        # started as one process group, not just the direct child.
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    except OSError as e:
        return "", None, "cannot start %s: %s" % (args.qemu, e.strerror)
    try:
        out, _ = proc.communicate(timeout=args.timeout)
        code, problem = proc.returncode, None
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        # communicate() again collects whatever was printed before the kill.
        out, _ = proc.communicate()
        code, problem = None, "timeout after %gs (hang?)" % args.timeout
    text = out.decode("utf-8", errors="replace")
    return text, code, problem


def judge_normal(lines, code, problems):
    """Return (case lines in console order, failed count); extend problems."""
    cases = [ln for ln in lines if OK_RE.match(ln) or NOT_OK_RE.match(ln)]
    n_failed = sum(1 for ln in cases if NOT_OK_RE.match(ln))
    n_passed = len(cases) - n_failed
    summaries = [m for m in map(SUMMARY_RE.match, lines) if m]
    if any("PANIC" in ln for ln in lines):
        problems.append("kernel PANIC")
    if code is None:
        # Timed out or never started: the missing summary and exit code
        # follow from that and would only be noise.
        return cases, n_failed
    if not summaries:
        problems.append("no summary line")
    else:
        p, f = int(summaries[-1].group(1)), int(summaries[-1].group(2))
        if (p, f) != (n_passed, n_failed):
            problems.append(
                "summary says %d passed, %d failed but %d ok / %d not ok lines were seen"
                % (p, f, n_passed, n_failed)
            )
    if code != 0 and n_failed == 0:
        problems.append("exit code %d with no failed case" % code)
    if code == 0 and n_failed:
        problems.append("exit code 0 despite failed cases")
    return cases, n_failed


def judge_panic(name, lines, code, problems):
    """A negative test: one case, passed only if the kernel panicked and QEMU
    exited non-zero by itself. The image's own ok/not ok lines do not count."""
    if not problems:  # timeout or QEMU not started: nothing more to judge
        if not any("PANIC" in ln for ln in lines):
            problems.append("no PANIC line")
        elif code == 0:
            problems.append("PANIC reported but exit code was 0")
    if problems:
        problems[:0] = ["expected a kernel panic"]
        return [], 0
    return ["ok - %s: kernel panic reported" % name], 0


def main():
    args = parse_args()
    name = os.path.basename(args.image)
    if name.endswith(".elf"):
        name = name[: -len(".elf")]

    problems = []
    text, code = "", None
    if not os.path.isfile(args.image):
        problems.append("image not found: %s" % args.image)
    else:
        text, code, problem = run_qemu(args)
        if problem:
            problems.append(problem)

    lines = [ln.rstrip("\r") for ln in text.split("\n")]
    if args.expect_panic:
        cases, n_failed = judge_panic(name, lines, code, problems)
    else:
        cases, n_failed = judge_normal(lines, code, problems)
    if problems:
        # Exactly one extra case for whatever is wrong with the image as a whole.
        cases.append("not ok - %s: %s" % (name, "; ".join(problems)))
        n_failed += 1

    for ln in cases:
        print(ln)
    if n_failed:
        # Indented so that run-tests.sh does not count these lines again.
        how = "timed out or not run" if code is None else "exit code %d" % code
        print("--- console output of %s (%s) ---" % (name, how))
        for ln in text.rstrip("\n").split("\n") if text else ["(no output)"]:
            print("    " + ln.rstrip("\r"))
        print("--- end of console output ---")
    print("%d passed, %d failed" % (len(cases) - n_failed, n_failed))
    return 0 if n_failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

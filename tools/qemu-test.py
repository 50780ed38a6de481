#!/usr/bin/env python3
r"""Run one parley test image under QEMU and judge its console output.

The image prints, on its UART:
    ok - <name>                     a passed case
    not ok - <name>[: reason]       a failed case
    <P> passed, <F> failed          the summary, last
    ...PANIC...                     if the kernel panicked
and then leaves through semihosting with exit code 0 only if all passed.

With --script FILE the test is a conversation with the console instead: FILE
has one step per line,
    expect <regex>    wait for console output matching it
    send <text>       type <text> and Enter (written to QEMU's stdin: UART0 RX)
    keys <text>       type <text> as it is, no Enter added, after decoding the escapes
                      \e (ESC), \r, \n, \\ and \xNN: arrow keys (\e[A), Ctrl-C (\x03)
    delay <ms>        wait that long
    stall <ms>        read nothing of QEMU's output for that long: it backs up
                      into the pipe, then into the UART (TX_FULL), as with a
                      terminal that stops reading
    count <n> <regex> exactly n matches of <regex> in the whole output so far
    # ...             a comment (blank lines are ignored too)
and --timeout bounds the whole script. Each expect and count is one case,
"ok - FILE:LINE <regex>", or "not ok - ..." followed by the tail of the
output; after a failed one the rest are not tried (a '#' line says how many).
The image need not print a summary or stop itself: the runner ends QEMU when
the script ends. Output is matched with '\r' removed, by Python's re in
MULTILINE mode, from where the previous expect's match ended, so '^...$'
anchor at line ends. A match that ends in an unfinished last line counts only
once the output has been quiet for a moment (so '$' does not accept half a
line, but a prompt is seen).

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
import threading
import time

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
    ap.add_argument(
        "--qemu-global",
        action="append",
        default=[],
        metavar="DRIVER.PROP=VALUE",
        help="a QEMU -global (repeatable; one word, so it fits a runner-options file)",
    )
    ap.add_argument(
        "--panic-match",
        metavar="REGEX",
        help="with --expect-panic: the PANIC line must match REGEX (one word, as above)",
    )
    ap.add_argument("--script", help="drive the console with this expect/send/delay script")
    ap.add_argument(
        "--skip-on",
        action="append",
        default=[],
        metavar="MACHINE:REASON",
        help="on this QEMU machine the image cannot run: say 'skip - <image>: REASON' and count "
        "nothing (one word: underscores in REASON print as spaces)",
    )
    ap.add_argument("image", help="the test ELF")
    return ap.parse_args()


def qemu_command(args):
    return [
        args.qemu,
        "-M", args.machine,
        # -nographic alone would multiplex the monitor onto stdio; with
        # -monitor none and -serial stdio the UART is the only thing there.
        "-nographic", "-monitor", "none", "-serial", "stdio",
        # target=native: SYS_EXIT ends QEMU with the image's exit code
        # instead of going through a gdbstub.
        "-semihosting-config", "enable=on,target=native",
        "-kernel", args.image,
    ] + [a for g in args.qemu_global for a in ("-global", g)] + shlex.split(args.qemu_args)


def run_qemu(args):
    """Return (console_text, exit_code or None, problem or None)."""
    cmd = qemu_command(args)
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


def judge_panic(name, lines, code, problems, match=None):
    """A negative test: one case, passed only if the kernel panicked (with a
    PANIC line matching `match`, if given) and QEMU exited non-zero by itself.
    The image's own ok/not ok lines do not count."""
    if not problems:  # timeout or QEMU not started: nothing more to judge
        panics = [ln for ln in lines if "PANIC" in ln]
        if not panics:
            problems.append("no PANIC line")
        elif match and not any(re.search(match, ln) for ln in panics):
            problems.append("no PANIC line matches %r" % match)
        elif code == 0:
            problems.append("PANIC reported but exit code was 0")
    if problems:
        problems[:0] = ["expected a kernel panic"]
        return [], 0
    return ["ok - %s: kernel panic reported" % name], 0


# ---- script mode --------------------------------------------------------------------------

SETTLE_S = 0.2  # an unfinished last line counts as whole after this long without output
TAIL_LINES = 15


class ScriptError(Exception):
    pass


def load_script(path):
    """Return [(line number, verb, argument)], checked before QEMU starts."""
    steps = []
    try:
        with open(path) as f:
            lines = f.read().split("\n")
    except OSError as e:
        raise ScriptError("cannot read script %s: %s" % (path, e.strerror))
    for num, raw in enumerate(lines, 1):
        line = raw.rstrip("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        verb, _, arg = line.lstrip().partition(" ")
        where = "%s:%d" % (path, num)
        if verb == "expect":
            try:
                re.compile(arg, re.MULTILINE)
            except re.error as e:
                raise ScriptError("%s: bad regex %r: %s" % (where, arg, e))
        elif verb in ("delay", "stall"):
            if not arg.strip().isdigit():
                raise ScriptError("%s: %s wants milliseconds, got %r" % (where, verb, arg))
        elif verb == "count":
            n, _, regex = arg.partition(" ")
            if not n.isdigit():
                raise ScriptError("%s: count wants a number, then a regex, got %r" % (where, arg))
            try:
                re.compile(regex, re.MULTILINE)
            except re.error as e:
                raise ScriptError("%s: bad regex %r: %s" % (where, regex, e))
        elif verb == "keys":
            try:
                decode_keys(arg)
            except ValueError as e:
                raise ScriptError("%s: keys %r: %s" % (where, arg, e))
        elif verb != "send":
            raise ScriptError("%s: unknown step %r (expect, count, send, keys, delay, stall)"
                              % (where, verb))
        steps.append((num, verb, arg))
    if not any(verb == "expect" for _, verb, _ in steps):
        raise ScriptError("%s: no expect step: the script would check nothing" % path)
    return steps


KEY_ESCAPES = {"e": b"\x1b", "r": b"\r", "n": b"\n", "\\": b"\\"}


def decode_keys(text):
    """The bytes a `keys` step types: text with \\e, \\r, \\n, \\\\ and \\xNN decoded."""
    out, i = b"", 0
    while i < len(text):
        c = text[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
        elif text[i + 1:i + 2] == "x" and re.fullmatch(r"[0-9a-fA-F]{2}", text[i + 2:i + 4]):
            out += bytes([int(text[i + 2:i + 4], 16)])
            i += 4
        elif text[i + 1:i + 2] in KEY_ESCAPES:
            out += KEY_ESCAPES[text[i + 1]]
            i += 2
        else:
            raise ValueError("unknown escape at %r (\\e, \\r, \\n, \\\\, \\xNN)" % text[i:i + 4])
    return out


class Console:
    """QEMU's stdout, collected by a thread so that the script can wait on it."""

    def __init__(self, proc):
        self.proc = proc
        self.chunks = []
        self.last_data = time.monotonic()
        self.eof = False
        self.reading = threading.Event()  # cleared by a stall step
        self.reading.set()
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()

    def _read(self):
        fd = self.proc.stdout.fileno()
        while True:
            self.reading.wait()
            data = os.read(fd, 4096)
            with self.cond:
                if not data:
                    self.eof = True
                else:
                    self.chunks.append(data)
                    self.last_data = time.monotonic()
                self.cond.notify_all()
            if not data:
                return

    def raw(self):
        with self.cond:
            return b"".join(self.chunks).decode("utf-8", errors="replace")

    def wait_for(self, pattern, pos, deadline):
        """Search from pos until deadline; return (match or None, why not)."""
        while True:
            with self.cond:
                text = terminal_view(b"".join(self.chunks).decode("utf-8", errors="replace"))
                quiet = time.monotonic() - self.last_data >= SETTLE_S
                eof = self.eof
            # Only whole lines, unless the output has settled (a prompt has no line end).
            end = len(text) if quiet or eof or text.endswith("\n") else text.rfind("\n") + 1
            m = pattern.search(text, pos, end) if end >= pos else None
            if m:
                return m, None
            now = time.monotonic()
            if eof:
                return None, "QEMU exited before this appeared"
            if now >= deadline:
                return None, "not seen within the timeout"
            with self.cond:
                self.cond.wait(min(0.05, deadline - now))

    def stall(self, seconds):
        """Read nothing for that long (the read in progress, if any, still completes)."""
        self.reading.clear()
        time.sleep(seconds)
        self.reading.set()

    def count(self, pattern):
        with self.cond:
            text = terminal_view(b"".join(self.chunks).decode("utf-8", errors="replace"))
        return len(pattern.findall(text))

    def send(self, text):
        return self.type(text.encode("utf-8") + b"\r")

    def type(self, data):
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
            return None
        except (BrokenPipeError, OSError):
            return "QEMU no longer reads its input"


def terminal_view(text):
    """What a terminal shows: a carriage return inside a line goes back to its start, and what
    follows overwrites what was there (the console erases a prompt line that way before
    printing another task's line over it; the erasing spaces left at the end are dropped)."""
    out = []
    for line in text.split("\n"):
        body = line[:-1] if line.endswith("\r") else line
        if "\r" in body:
            shown = ""
            for seg in body.split("\r"):
                shown = seg + shown[len(seg):]
            body = shown.rstrip(" ")
        out.append(body)
    return "\n".join(out)


def tail(text, n=TAIL_LINES):
    lines = terminal_view(text).rstrip("\n").split("\n")[-n:]
    return ["    | " + ln for ln in lines] if text else ["    | (no output)"]


def play(steps, console, path, deadline):
    """Run the steps; return the case lines (not ok ones followed by an output tail)."""
    cases, pos, failed, untried = [], 0, False, 0
    for num, verb, arg in steps:
        where = "%s:%d" % (path, num)
        if failed:
            untried += verb in ("expect", "count")
            continue
        if verb == "delay":
            time.sleep(int(arg) / 1000.0)
        elif verb == "stall":
            console.stall(int(arg) / 1000.0)
        elif verb == "count":
            n, _, regex = arg.partition(" ")
            got = console.count(re.compile(regex, re.MULTILINE))
            if got == int(n):
                cases.append(["ok - %s count %s" % (where, arg)])
            else:
                cases.append(["not ok - %s count %s: %d matches; the output ended with:"
                              % (where, arg, got)] + tail(console.raw()))
                failed = True
        elif verb in ("send", "keys"):
            why = console.send(arg) if verb == "send" else console.type(decode_keys(arg))
            if why:
                cases.append(["not ok - %s send %s: %s" % (where, arg, why)])
                failed = True
        else:
            m, why = console.wait_for(re.compile(arg, re.MULTILINE), pos, deadline)
            if m:
                pos = m.end()
                cases.append(["ok - %s %s" % (where, arg)])
            else:
                cases.append(["not ok - %s %s: %s; the output ended with:" % (where, arg, why)]
                             + tail(console.raw()))
                failed = True
    if untried:
        # A comment line: run-tests.sh counts neither it nor the steps it stands for.
        cases.append(["# %d later checks of %s not tried" % (untried, path)])
    return cases


def run_script(args, name):
    """Script mode: return (case lines, failed count, console text, exit code or None)."""
    try:
        steps = load_script(args.script)
    except ScriptError as e:
        return ["not ok - %s: %s" % (name, e)], 1, "", None
    try:
        proc = subprocess.Popen(qemu_command(args), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, start_new_session=True)
    except OSError as e:
        return ["not ok - %s: cannot start %s: %s" % (name, args.qemu, e.strerror)], 1, "", None
    console = Console(proc)
    try:
        cases = play(steps, console, args.script, time.monotonic() + args.timeout)
    finally:
        # The script is over: end QEMU (and anything it started) whatever state it is in.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        console.thread.join(timeout=5)
    text = console.raw()
    if any("PANIC" in ln for ln in text.split("\n")):
        cases.append(["not ok - %s: kernel PANIC" % name])
    n_failed = sum(1 for c in cases if c[0].startswith("not ok"))
    lines = [ln for c in cases for ln in c]
    return lines, n_failed, text, proc.returncode


def report_script(args, name):
    lines, n_failed, text, _ = run_script(args, name)
    for ln in lines:
        print(ln)
    if n_failed:
        print("--- console output of %s (script %s) ---" % (name, args.script))
        for ln in text.rstrip("\n").split("\n") if text else ["(no output)"]:
            print("    " + ln.rstrip("\r"))
        print("--- end of console output ---")
    n_cases = sum(1 for ln in lines if ln.startswith(("ok - ", "not ok - ")))
    print("%d passed, %d failed" % (n_cases - n_failed, n_failed))
    return 0 if n_failed == 0 else 1


def main():
    args = parse_args()
    name = os.path.basename(args.image)
    if name.endswith(".elf"):
        name = name[: -len(".elf")]

    for skip in args.skip_on:
        machine, _, reason = skip.partition(":")
        if machine == args.machine:
            print("skip - %s: %s" % (name, reason.replace("_", " ")))
            print("0 passed, 0 failed")
            return 0

    if args.script and os.path.isfile(args.image):
        return report_script(args, name)

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
        cases, n_failed = judge_panic(name, lines, code, problems, args.panic_match)
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

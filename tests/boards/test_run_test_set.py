#!/usr/bin/env python3
"""Tests of tools/run-test-set.py, which runs `make test`'s host tests and QEMU tests
TEST_JOBS at a time.

Each case runs it in a temporary folder on a fake test set: small shell scripts as host tests,
and, for the QEMU stage, a fake QEMU (named by tools/qemu-test.py's QEMU variable) that prints
the arguments it was given as its one passed case. Two tests that must (or must not) run at
once meet through a marker file, with no timing involved: the first waits for the second's
marker, which only a second test running beside it can write. The cases check that lines come
in the order given whichever test ends first, that each log holds its test's whole output,
that a missing program is "not built" and still expected, that tools/run-tests.sh sums the
logs to the same closing line, and that each QEMU image gets its runner-options and its clock.

Output: `ok - <case>` or `not ok - <case>: <why>` per case, then `N passed, N failed`; exit
status 1 if any case failed. Python 3.9+, standard library only.
"""
import os
import subprocess
import sys

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
STAGE = os.path.join(REPO, "tools", "run-test-set.py")
RUN_TESTS = os.path.join(REPO, "tools", "run-tests.sh")

from caserun import CaseFailed, run_cases  # noqa: E402  (tests/boards/caserun.py)

# A test that waits (at most WAIT_S, a bound against a hang, never a measured time) for the
# marker of the test beside it; it passes if the marker came.
WAIT_S = 30
WAITS_FOR = """#!/bin/sh
i=0
while [ ! -e "{marker}" ] && [ $i -lt {tenths} ]; do sleep 0.1; i=$((i + 1)); done
if [ -e "{marker}" ]; then echo "ok - saw the other test"; echo "1 passed, 0 failed"
else echo "not ok - the other test never ran beside me"; echo "0 passed, 1 failed"; fi
"""
# A test that writes the marker, then reports whether the test before it had finished.
WRITES = """#!/bin/sh
touch "{marker}"
echo "to stderr" >&2
if [ -e "{done}" ]; then echo "ok - the one before had finished"; echo "1 passed, 0 failed"
else echo "not ok - the one before was still running"; echo "0 passed, 1 failed"; fi
"""
# One that writes its own "done" file as it ends.
ENDS = """#!/bin/sh
echo "ok - alone"
echo "1 passed, 0 failed"
touch "{done}"
"""


def script(tmp, name, text, **fmt):
    path = os.path.join(tmp, name)
    with open(path, "w") as fh:
        fh.write(text.format(**fmt))
    os.chmod(path, 0o755)
    return path


def stage(tmp, args, env=None):
    """Run the stage runner in tmp; return (status, output lines, log folder)."""
    logs = os.path.join(tmp, "logs")
    os.makedirs(logs, exist_ok=True)
    out = subprocess.run([sys.executable, STAGE] + args[:1] + [logs] + args[1:], cwd=tmp,
                         env=dict(os.environ, **(env or {})), capture_output=True, text=True,
                         timeout=WAIT_S * 3)
    if out.returncode != 0:
        raise CaseFailed(f"exit status {out.returncode}: {out.stderr.strip()}")
    return out.stdout.splitlines(), logs


def read(path):
    with open(path) as fh:
        return fh.read()


def case_two_at_once_print_in_order_whichever_ends_first(tmp):
    marker = os.path.join(tmp, "marker")
    first = script(tmp, "first_test", WAITS_FOR, marker=marker, tenths=WAIT_S * 10)
    second = script(tmp, "second_test", WRITES, marker=marker, done=os.path.join(tmp, "none"))
    lines, logs = stage(tmp, ["--jobs=2", "--host", first, second])
    want = ["  first_test: 1 passed, 0 failed", "  second_test: 0 passed, 1 failed"]
    if lines != want:
        raise CaseFailed(f"printed {lines}, expected {want}")


def case_one_job_runs_one_after_another(tmp):
    done = os.path.join(tmp, "done")
    first = script(tmp, "first_test", ENDS, done=done)
    second = script(tmp, "second_test", WRITES, marker=os.path.join(tmp, "m"), done=done)
    lines, _ = stage(tmp, ["--jobs=1", "--host", first, second])
    want = ["  first_test: 1 passed, 0 failed", "  second_test: 1 passed, 0 failed"]
    if lines != want:
        raise CaseFailed(f"printed {lines}, expected {want}")


def case_host_tests_and_images_share_one_queue_titles_in_place(tmp):
    marker = os.path.join(tmp, "marker")
    first = script(tmp, "first_test", WAITS_FOR, marker=marker, tenths=WAIT_S * 10)
    os.makedirs(os.path.join(tmp, "build", "test_x"))
    open(os.path.join(tmp, "build", "test_x", "test_x.elf"), "w").close()
    # the fake QEMU of the image writes the marker the host test waits for
    qemu = script(tmp, "fake-qemu", "#!/bin/sh\ntouch '{marker}'\necho 'ok - x'\n"
                  "echo '1 passed, 0 failed'\n", marker=marker)
    lines, _ = stage(tmp, ["--jobs=2", "--host-title=== host", "--host", first,
                           "--images-title=== QEMU", "--images", "test_x", "--machine", "m1",
                           "--build", "build"], env={"QEMU": qemu})
    want = ["== host", "  first_test: 1 passed, 0 failed", "== QEMU", "  test_x: 1 passed, 0 failed"]
    if lines != want:
        raise CaseFailed(f"printed {lines}, expected {want}")


def case_a_title_prints_even_with_no_tests(tmp):
    lines, _ = stage(tmp, ["--jobs=2", "--host-title=== host", "--host",
                           "--images-title=== QEMU", "--images"])
    if lines != ["== host", "== QEMU"]:
        raise CaseFailed(f"printed {lines}")


def case_a_log_is_the_whole_output_stderr_included(tmp):
    prog = script(tmp, "noisy_test", WRITES, marker=os.path.join(tmp, "m"),
                  done=os.path.join(tmp, "m"))
    _, logs = stage(tmp, ["--jobs=2", "--host", prog])
    log = read(os.path.join(logs, "noisy_test.log"))
    if "to stderr\n" not in log or not log.endswith("ok - the one before had finished\n"
                                                   "1 passed, 0 failed\n"):
        raise CaseFailed(f"log is {log!r}")


def case_not_built_prints_so_leaves_no_log_and_is_expected(tmp):
    prog = script(tmp, "a_test", ENDS, done=os.path.join(tmp, "done"))
    lines, logs = stage(tmp, ["--jobs=2", "--host", os.path.join(tmp, "gone_test"), prog])
    if lines != ["  gone_test: not built", "  a_test: 1 passed, 0 failed"]:
        raise CaseFailed(f"printed {lines}")
    if os.path.exists(os.path.join(logs, "gone_test.log")):
        raise CaseFailed("a log was written for a test that was not built")
    if read(os.path.join(logs, "expected")) != "gone_test\na_test\n":
        raise CaseFailed(f"expected holds {read(os.path.join(logs, 'expected'))!r}")


def case_run_tests_sums_the_logs_as_before(tmp):
    passes = script(tmp, "pass_test", "#!/bin/sh\necho 'ok - a'\necho '3 passed, 0 failed'\n")
    fails = script(tmp, "fail_test", "#!/bin/sh\necho 'not ok - b'\necho '1 passed, 1 failed'\n"
                   "exit 1\n")
    crashes = script(tmp, "crash_test", "#!/bin/sh\necho 'ok - c'\nkill -SEGV $$\n")
    lines, logs = stage(tmp, ["--jobs=2", "--host", passes, fails, crashes,
                              os.path.join(tmp, "gone_test")])
    if len(lines) != 4 or lines[2] != "  crash_test: ok - c":
        raise CaseFailed(f"printed {lines}")
    out = subprocess.run(["bash", RUN_TESTS, logs, os.path.join(logs, "expected")],
                         capture_output=True, text=True, timeout=60)
    last = out.stdout.splitlines()[-1:]
    # 3 + 1 passed; fail_test's case, crash_test's missing summary, gone_test's missing log
    if out.returncode != 1 or last != ["4 passed, 3 failed"]:
        raise CaseFailed(f"run-tests.sh said {last} (status {out.returncode})")


FAKE_QEMU = """#!/bin/sh
# fake QEMU: its one case names the arguments it was given; a scripted test gets them as a line
echo "ARGS $*"
case "$*" in *icount*) ;; *) echo "no instruction clock";; esac
echo "ok - args: $*"
echo "1 passed, 0 failed"
"""


def qemu_stage(tmp, images, options, missing=()):
    """Fake images and runner-options (folder -> {file: text}); run the QEMU stage on them and
    on the missing images."""
    for folder, files in options.items():
        os.makedirs(os.path.join(tmp, "tests", "qemu", folder))
        for name, text in files.items():
            with open(os.path.join(tmp, "tests", "qemu", folder, name), "w") as fh:
                fh.write(text)
    for image in images:
        os.makedirs(os.path.join(tmp, "build", image))
        open(os.path.join(tmp, "build", image, image + ".elf"), "w").close()
    qemu = script(tmp, "fake-qemu", FAKE_QEMU)
    lines, logs = stage(tmp, ["--jobs=2", "--images-title=== QEMU", "--machine", "m1",
                              "--build", "build",
                              "--icount=-icount shift=5", "--tm-icount=-icount shift=0"]
                        + ["--images"] + images + list(missing), env={"QEMU": qemu})
    if lines[:1] != ["== QEMU"]:
        raise CaseFailed(f"printed {lines}, not the title first")
    return lines[1:], {i: read(os.path.join(logs, i + ".log")) for i in images
                   if os.path.exists(os.path.join(logs, i + ".log"))}


def args_of(log):
    """The fake QEMU's arguments, from its case line."""
    for line in log.splitlines():
        if line.startswith("ok - args: "):
            return line[len("ok - args: "):]
    raise CaseFailed(f"no arguments in log {log!r}")


def case_qemu_images_get_their_options_and_clock(tmp):
    images = ["test_foo", "test_foo_general", "test_foo_mono", "test_bar_mono", "tm_basic"]
    lines, logs = qemu_stage(tmp, images, {
        "foo": {"runner-options": "--qemu-global a.b=1\n",
                "runner-options-mono": "--qemu-global a.b=2"},
        "bar": {"runner-options": "--qemu-global c.d=3"}}, missing=["test_gone"])
    if [ln.split(":")[0] for ln in lines] != ["  " + i for i in images + ["test_gone"]] or \
            lines[-1] != "  test_gone: not built":
        raise CaseFailed(f"printed {lines}")
    want = {"test_foo": "-global a.b=1 -icount shift=5",
            "test_foo_general": "-global a.b=1 -icount shift=5",
            "test_foo_mono": "-global a.b=2 -icount shift=5",
            "test_bar_mono": "-global c.d=3 -icount shift=5",
            "tm_basic": "-icount shift=0"}
    for image, tail in want.items():
        got = args_of(logs[image])
        if not got.startswith("-M m1 ") or not got.endswith(
                f"-kernel build/{image}/{image}.elf {tail}"):
            raise CaseFailed(f"{image}: QEMU ran with {got!r}, expected ... {tail!r}")


def case_a_scripted_console_test_keeps_real_time(tmp):
    with open(os.path.join(tmp, "session.txt"), "w") as fh:
        fh.write("expect ^ARGS .*-kernel\nexpect ^no instruction clock$\n")
    lines, logs = qemu_stage(tmp, ["test_chat"], {
        "chat": {"runner-options": "--timeout 60 --script session.txt"}})
    if lines != ["  test_chat: 2 passed, 0 failed"]:
        raise CaseFailed(f"printed {lines}; log {logs.get('test_chat')!r}")


CASES = [v for k, v in list(globals().items()) if k.startswith("case_")]


def main(argv):
    return run_cases(CASES, argv, "run-test-set-test-")


if __name__ == "__main__":
    sys.exit(main(sys.argv))

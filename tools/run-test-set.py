#!/usr/bin/env python3
r"""Run `make test`'s host unit tests and QEMU tests, a few at a time.

    tools/run-test-set.py [--jobs N] LOGDIR [--host-title=LINE] --host PROGRAM... \
        [--images-title=LINE] --images IMAGE... --machine M --build B \
        --icount=ARGS --tm-icount=ARGS

Each test's whole output goes to LOGDIR/<name>.log, as tools/run-tests.sh wants it, and its
name is added to LOGDIR/expected, so that a test that leaves no log counts as failed. Up to N
tests run at once (default 1), started in the order given: the host tests, then the images,
in one queue, so that a long host test (the build check of the real boards) runs beside the
QEMU tests rather than alone. The output is printed in that same order: each title line, then
"  <name>: <last line of its log>" (its "N passed, N failed") for each of its tests, printed
as soon as that test and every one before it have finished, or "  <name>: not built" when its
program or image is missing (then it leaves no log). So the output is the same whatever N is;
only the wait between lines changes. Tests started together must not share a port or a file:
the QEMU tests talk to QEMU only through its stdin and stdout (tools/qemu-test.py), and each
host test works in its own temporary folder.

A host PROGRAM is run as it is; its name is its file name.
An IMAGE (test_<folder>, test_<folder>_general, test_<folder>_mono, tm_<test>) is
B/<image>/<image>.elf, run by tools/qemu-test.py on machine M with the options in
tests/qemu/<folder>/runner-options (runner-options-mono for a _mono image, if there is one).
Its clock: --icount, QEMU's instruction clock, except for a scripted console test (its input
arrives in real time, so it keeps real time) and a Thread-Metric image (--tm-icount).

Exit status 0 (the results are judged by tools/run-tests.sh, not here); 2 on bad usage.
"""

import argparse
import concurrent.futures
import os
import subprocess
import sys

TOOLS = os.path.dirname(os.path.abspath(__file__))


def host_job(program):
    """(name, argv or None if not built) of a host test program."""
    name = os.path.basename(program)
    built = os.path.isfile(program) and os.access(program, os.X_OK)
    return name, [program] if built else None


def read_options(path):
    """A runner-options file's words (split on white space, as the shell did), or None."""
    try:
        with open(path) as f:
            return f.read().split()
    except OSError:
        return None


def qemu_job(image, args):
    """(name, argv or None if not built) of a QEMU test image."""
    folder = image[len("test_"):] if image.startswith("test_") else image
    for suffix in ("_general", "_mono"):
        if folder.endswith(suffix):
            folder = folder[: -len(suffix)]
            break
    options = read_options(os.path.join("tests", "qemu", folder, "runner-options")) or []
    if image.endswith("_mono"):
        mono = read_options(os.path.join("tests", "qemu", folder, "runner-options-mono"))
        if mono is not None:
            options = mono
    if image.startswith("tm_"):
        clock = args.tm_icount
    elif "--script" in " ".join(options):
        clock = ""
    else:
        clock = args.icount
    elf = os.path.join(args.build, image, image + ".elf")
    if not os.path.isfile(elf):
        return image, None
    # --qemu-args=: a value that starts with '-' must not be taken for an option
    return image, [sys.executable, os.path.join(TOOLS, "qemu-test.py"), "--machine",
                   args.machine, "--qemu-args=" + clock] + options + [elf]


def run_one(argv, log):
    """Run argv with its output in log; its stdin is empty (tests started together must not
    share a terminal)."""
    with open(log, "wb") as out:
        try:
            subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
        except OSError as e:
            # as a shell would say it; the log has no summary, so the test counts as failed
            out.write(b"%s: %s\n" % (argv[0].encode(), e.strerror.encode()))


def last_line(log):
    """What `tail -n 1` prints of log: its last line with its line end, or b"" if it is empty."""
    with open(log, "rb") as f:
        data = f.read()
    if not data:
        return b""
    body = data[:-1] if data.endswith(b"\n") else data
    return body.rsplit(b"\n", 1)[-1] + b"\n"


def run_set(groups, logdir, n, out):
    """Run the jobs of groups [(title or None, [(name, argv or None)])] n at a time, in one
    queue; print each title and each job's line to out (bytes), in order."""
    with open(os.path.join(logdir, "expected"), "a") as f:
        f.writelines(name + "\n" for _, jobs in groups for name, _ in jobs)
    with concurrent.futures.ThreadPoolExecutor(max_workers=n) as pool:
        # The pool takes the jobs in the order submitted, so they also start in this order.
        running = [(title, [(name, pool.submit(run_one, argv, os.path.join(logdir, name + ".log"))
                             if argv else None) for name, argv in jobs])
                   for title, jobs in groups]
        for title, jobs in running:
            if title is not None:
                out.write(title.encode() + b"\n")
                out.flush()
            for name, done in jobs:
                if done is None:
                    out.write(b"  %s: not built\n" % name.encode())
                else:
                    done.result()
                    line = last_line(os.path.join(logdir, name + ".log"))
                    if line:
                        out.write(b"  %s: %s" % (name.encode(), line))
                out.flush()


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--jobs", type=int, default=1, help="tests run at once (default 1)")
    ap.add_argument("logdir")
    ap.add_argument("--host-title", help="a line printed before the host tests' lines")
    ap.add_argument("--host", nargs="*", default=[], metavar="PROGRAM", help="host tests")
    ap.add_argument("--images-title", help="a line printed before the images' lines")
    ap.add_argument("--images", nargs="*", default=[], metavar="IMAGE", help="QEMU test images")
    ap.add_argument("--machine", help="QEMU -M value")
    ap.add_argument("--build", help="the board's build folder")
    ap.add_argument("--icount", default="", help="QEMU clock options of most images")
    ap.add_argument("--tm-icount", default="", help="QEMU clock options of tm_* images")
    args = ap.parse_args(argv)
    if args.jobs < 1:
        ap.error("--jobs must be 1 or more")
    if not os.path.isdir(args.logdir):
        ap.error("no folder %s" % args.logdir)
    if args.images and not (args.machine and args.build):
        ap.error("--images needs --machine and --build")
    return args


def main(argv):
    args = parse_args(argv)
    groups = [(args.host_title, [host_job(t) for t in args.host]),
              (args.images_title, [qemu_job(t, args) for t in args.images])]
    run_set(groups, args.logdir, args.jobs, sys.stdout.buffer)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

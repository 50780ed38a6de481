#!/usr/bin/env python3
"""Tests of tools/sysgen.py, the system generator.

Each case writes a small system description (built inline below from a few helpers: a valid
base plus the one change under test), runs sysgen on it the way `make` does:

    python3 tools/sysgen.py --board board/mps2-an385/board.ini --system X.ini --image t --out DIR

from the repository root, in a temporary directory, and checks the result:

- a valid description: exit status 0, nothing on stderr, and every output (sys_tables.c,
  system.h, tasks.ld, memory.ld, image.mk, layout.txt, tasks/<task>_start.c) holds the
  expected symbols; the task regions are powers of two aligned to their size, disjoint,
  inside the board's flash and RAM after the kernel's share, placed largest first with no
  padding but alignment; an idle task is added last at priority 31; badges (explicit
  `task:7` and the default, task index + 1) reach system.h and sys_tables.c;
- a bad description: exit status 1, one message on stderr that starts with "sysgen: error:",
  names the description file and the task or object at fault and says what is wrong, no
  Python traceback, and no output written.

There is one case per rule that sysgen enforces (docs/ipc.md, "Priorities" and "Limits", and
the checks in tools/sysgen.py), named after the rule, plus boundary cases that must still be
accepted. A few cases assert rules that sysgen should enforce but does not yet (marked
"sysgen bug" below); they fail until sysgen is fixed.

Output: `ok - <case>` or `not ok - <case>: <why>` per case, then `N passed, N failed`; exit
status 1 if any case failed. Usage: test_sysgen.py [WORD...] runs only the cases whose name
contains one of the words. Python 3.9+, standard library only.
"""
import configparser
import functools
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BOARD = os.path.join("board", "mps2-an385", "board.ini")
AN505 = os.path.join("board", "mps2-an505", "board.ini")  # mpu = pmsav8
MICROBIT = os.path.join("board", "microbit", "board.ini")  # mpu = none, cortex-m0
SRC = "user/lib/idle.c"  # an existing file that defines ENTRY (sysgen looks for the entry)
ENTRY = "idle_main"
LIMITS_H = os.path.join(REPO, "include", "parley", "limits.h")


def header_limits(path=LIMITS_H):
    """The header's '#define PL_<NAME> <n>u' lines as {NAME: n}: the test takes the limits from
    where sysgen and the C code take them, not from a copy."""
    with open(path) as f:
        return {n: int(v) for n, v in re.findall(r"^#define PL_(\w+)\s+(\d+)u", f.read(), re.M)}


IDLE_PRIORITY = header_limits()["PRIORITY_LEVELS"] - 1
MAX_OBJECTS = header_limits()["MAX_ENDPOINTS"]

WORKDIR = None  # set by main(): one temporary directory for the whole run


# ---------------------------------------------------------------- building descriptions

def section(header, **keys):
    """One ini section; keys whose value is None are left out."""
    lines = [f"[{header}]"] + [f"{k} = {v}" for k, v in keys.items() if v is not None]
    return "\n".join(lines) + "\n"


def task(name, priority=3, sources=SRC, entry=ENTRY, **keys):
    return section(f"task {name}", sources=sources, entry=entry, priority=priority, **keys)


def endpoint(name, **keys):
    return section(f"endpoint {name}", **keys)


def notification(name, **keys):
    return section(f"notification {name}", **keys)


SYSTEM = section("system", name="t")


def desc(*sections, system=SYSTEM):
    """A whole description: [system] and then the given sections."""
    return "\n".join((system,) + sections)


# ---------------------------------------------------------------- running sysgen

class CaseFailed(Exception):
    pass


def fail(why):
    raise CaseFailed(why)


def one_line(text, limit=400):
    text = " | ".join(line for line in text.strip().splitlines() if line.strip())
    return text if len(text) <= limit else text[:limit] + "..."


class Run:
    """sysgen run on one description; rc, stdout, stderr, and the output directory."""

    def __init__(self, text, board=BOARD, env=None, mode=None):
        self.dir = tempfile.mkdtemp(dir=WORKDIR)
        self.ini = os.path.join(self.dir, "system.ini")
        self.out = os.path.join(self.dir, "out")
        with open(self.ini, "w") as f:
            f.write(text)
        p = subprocess.run(
            [sys.executable, os.path.join("tools", "sysgen.py"), "--board", board,
             "--system", self.ini, "--image", "t", "--out", self.out]
            + (["--mode", mode] if mode else []),
            cwd=REPO, capture_output=True, text=True, timeout=60,
            env=dict(os.environ, **env) if env else None)
        self.rc, self.stdout, self.stderr = p.returncode, p.stdout, p.stderr

    def read(self, name):
        path = os.path.join(self.out, name)
        if not os.path.isfile(path):
            fail(f"{name} was not generated")
        with open(path) as f:
            return f.read()

    def defines(self):
        """system.h as {NAME: value}; numbers (with their 'u') become ints."""
        found = {}
        for name, value in re.findall(r"^#define (\w+) (.*)$", self.read("system_all.h"), re.M):
            m = re.fullmatch(r"(0x[0-9a-fA-F]+|\d+)u", value.strip())
            found[name] = int(m.group(1), 0) if m else value.strip()
        return found

    def tasks(self):
        """[(index, name)] from system.h, in index order."""
        d = self.defines()
        names = [(v, k[5:].lower()) for k, v in d.items()
                 if re.fullmatch(r"TASK_[A-Z0-9_]+", k) and f"{k}_FLASH_BASE" in d]
        return sorted(names)

    def task_desc(self, name):
        """The initialiser of one task in sys_task_descs (from its .name to its last field)."""
        m = re.search(r'\{\.name = "%s",.*?\.raise = \d+u\}' % re.escape(name),
                      self.read("sys_tables.c"), re.S)
        if not m:
            fail(f"sys_tables.c has no descriptor for task '{name}'")
        return m.group(0)


def sysgen(text, board=BOARD, env=None, mode=None):
    return Run(text, board, env, mode)


def expect_accepted(run):
    if run.rc != 0 or run.stderr.strip():
        fail(f"refused (exit status {run.rc}): {one_line(run.stderr)}")
    return run


def expect_refused(run, *needles, file=None):
    """Exit status 1, a clean one-message error naming the file (the description, or the
    given one) and each needle.

    A needle that is a tuple is satisfied by any one of its strings.
    """
    err = run.stderr
    if "Traceback" in err:
        fail(f"Python traceback instead of a message: {one_line(err.strip().splitlines()[-1])}")
    if run.rc == 0:
        fail("accepted (exit status 0); it should have been refused")
    if run.rc != 1:
        fail(f"exit status {run.rc}, expected 1: {one_line(err)}")
    if not err.startswith("sysgen: error: "):
        fail(f"stderr does not start with 'sysgen: error: ': {one_line(err)}")
    if (file or run.ini) not in err:
        fail(f"the message does not name the file: {one_line(err)}")
    for needle in needles:
        alternatives = needle if isinstance(needle, tuple) else (needle,)
        if not any(a in err for a in alternatives):
            fail(f"the message does not mention {' or '.join(map(repr, alternatives))}: "
                 f"{one_line(err)}")
    if os.path.exists(run.out) and any(os.scandir(run.out)):
        fail("outputs were written although the description was refused")
    return run


def contains(text, what, needles):
    for n in needles:
        if n not in text:
            fail(f"{what} lacks {n!r}")


@functools.lru_cache(maxsize=None)
def board():
    """The board's memory: flash and RAM (base, size) and the kernel's shares."""
    cp = configparser.ConfigParser(inline_comment_prefixes=("#", ";"), interpolation=None)
    cp.read(os.path.join(REPO, BOARD))
    mem = cp["memory"]

    def size(text):
        m = re.fullmatch(r"(0x[0-9a-fA-F]+|\d+)([KkMm]?)", text.strip())
        return int(m.group(1), 0) * {"": 1, "k": 1024, "m": 1 << 20}[m.group(2).lower()]

    def span(text):
        base, length = text.split()
        return int(base, 0), size(length)

    return {"flash": span(mem["flash"]), "ram": span(mem["ram"]),
            "kernel_flash": size(mem["kernel_flash"]), "kernel_ram": size(mem["kernel_ram"])}


def board_with_peripheral(name, spec, base=BOARD):
    """A copy of the board description (base) with one more peripheral; returns its path."""
    cp = configparser.ConfigParser(inline_comment_prefixes=("#", ";"), interpolation=None)
    cp.read(os.path.join(REPO, base))
    cp.set("peripherals", name, spec)
    path = os.path.join(tempfile.mkdtemp(dir=WORKDIR), "board.ini")
    with open(path, "w") as f:
        cp.write(f)
    return path


def board_edited(edit):
    """A copy of the board description after edit(text) -> text; returns its path."""
    with open(os.path.join(REPO, BOARD)) as f:
        text = edit(f.read())
    path = os.path.join(tempfile.mkdtemp(dir=WORKDIR), "board.ini")
    with open(path, "w") as f:
        f.write(text)
    return path


def board_without(line_start):
    """The board description without the line that starts with line_start."""
    return board_edited(lambda t: "\n".join(l for l in t.splitlines()
                                            if not l.startswith(line_start)) + "\n")


CASES = []


def case(fn):
    CASES.append(fn)
    return fn


# ---------------------------------------------------------------- valid descriptions

@case
def valid_minimal_system_generates_all_outputs():
    r = expect_accepted(sysgen(desc(task("a"))))
    b = board()
    expected = {
        "sys_tables.c": ['#include "sysdesc.h"', "void __task_a_start(uintptr_t heap_start, uintptr_t heap_end);",
                         "static const struct mem_region a_regions[]",
                         "const struct task_desc sys_task_descs[]", '{.name = "a",',
                         '{.name = "idle",', "const uint32_t sys_task_count = 2;",
                         "struct task sys_tasks[2];", "const struct sys_config sys_config",
                         '.name = "t"', ".tick_hz = 1000u", "sys_endpoint_descs[]",
                         "sys_ntfn_descs[]", "sys_page_descs[]", "sys_irq_routes[]"],
        "system_all.h": ["#ifndef PARLEY_SYSTEM_H", '#define SYSTEM_NAME "t"',
                     "#define SYSTEM_TASK_COUNT 2u", "#define TASK_A 0u", "#define TASK_IDLE 1u",
                     "#define TASK_A_FLASH_BASE 0x", "#define TASK_A_RAM_BASE 0x",
                     "#define TASK_A_STACK_SIZE 1024u", "#define PERIPH_UART0_BASE 0x40004000u",
                     "#define PAGE_SIZE 1024u"],
        "tasks.ld": [".task_a_text 0x", ".task_a_data 0x", "__task_a_data_start = .;",
                     "__task_a_bss_end = .;", "__task_a_data_load = LOADADDR(.task_a_data);",
                     ".task_idle_text 0x", "*/tasks/a.task.o"],
        "memory.ld": ["MEMORY", f"KFLASH (rx)  : ORIGIN = 0x{b['flash'][0]:08x}, "
                      f"LENGTH = {b['kernel_flash']}",
                      f"KRAM   (rw)  : ORIGIN = 0x{b['ram'][0]:08x}, LENGTH = {b['kernel_ram']}"],
        "image.mk": ["IMAGES += t", f"IMG_t_DIR := {r.out}", "$(IMG_t_DIR)/tasks/a.task.o",
                     "$(IMG_t_DIR)/obj/a/user/lib/idle.o", "$(IMG_t_DIR)/tasks/idle.task.o",
                     "tasks/a/system.h",
                     "$(call task_link,a,$(IMG_t_DIR)", "$(eval $(call image_rules,t))"],
        "layout.txt": ["system 't' on mps2-an385: 2 tasks"],
        "tasks/a_start.c": ["void __task_a_start(uintptr_t heap_start, uintptr_t heap_end)",
                            "int idle_main(void);", "pl_task_run(idle_main, heap_start, heap_end, &runtime);"],
        "tasks/idle_start.c": ["void __task_idle_start(", "pl_task_run(idle_main, "],
    }
    for name, needles in expected.items():
        contains(r.read(name), name, needles)
    if not re.search(r"^\s+a\s+3\s", r.read("layout.txt"), re.M):
        fail("layout.txt has no line for task 'a' at priority 3")


@case
def outputs_agree_on_addresses():
    r = expect_accepted(sysgen(desc(task("a", flash="16K", ram="2K", stack="512"))))
    d = r.defines()
    fb, fs = d["TASK_A_FLASH_BASE"], d["TASK_A_FLASH_SIZE"]
    rb, rs = d["TASK_A_RAM_BASE"], d["TASK_A_RAM_SIZE"]
    if (fs, rs, d["TASK_A_STACK_SIZE"]) != (16384, 2048, 512):
        fail(f"system.h sizes {fs}, {rs}, {d['TASK_A_STACK_SIZE']} are not 16K, 2K, 512")
    contains(r.read("sys_tables.c"), "sys_tables.c",
             [f"{{0x{fb:08x}u, 0x{fs:x}u, MEM_CODE}}", f"{{0x{rb:08x}u, 0x{rs:x}u, MEM_DATA}}",
              f".ram_base = 0x{rb:08x}u, .ram_size = {rs}u, .stack_size = 512u"])
    contains(r.read("tasks.ld"), "tasks.ld",
             [f".task_a_text 0x{fb:08x} :", f".task_a_data 0x{rb + 512:08x} :",
              f"<= 0x{fb + fs:08x}", f"<= 0x{rb + rs:08x} - 64"])


@case
def valid_full_system_accepted():
    """Every kind of object at once: peripherals, IRQs, caps, endpoints, grant, pages."""
    r = expect_accepted(sysgen(desc(
        task("srv", priority=1, peripherals="uart0", irqs="uart0_rx uart0_tx", caps="supervisor",
             windows=1, pages=2),
        task("drv", priority=2, peripherals="timer0", irqs="timer0", caps="supervisor, shutdown"),
        task("cli", priority=3, windows=1),
        endpoint("req", receivers="srv", senders="cli drv:5", grant="cli"),
        notification("srvn", waiter="srv", signalers="cli", irqs="uart0_rx:0 uart0_tx:4"),
        notification("tick", waiter="drv", irqs="timer0:1"))))
    contains(r.read("system_all.h"), "system_all.h",
             ["#define EP_REQ 0u", "#define BADGE_REQ_DRV 5u", "#define NTFN_SRVN 0u",
              "#define NTFN_SRVN_UART0_TX (1u << 4)", "#define NTFN_TICK_TIMER0 (1u << 1)",
              "#define PAGE_SRV_0 0u", "#define PAGE_SRV_1 1u"])
    tables = r.read("sys_tables.c")
    contains(tables, "sys_tables.c",
             ["{0x40004000u, 0x1000u, MEM_DEVICE}", "static const uint8_t srv_irqs[] = {0, 1};",
              "static const uint8_t drv_irqs[] = {8};", "sys_endpoint_count = 1;",
              "sys_ntfn_count = 2;", "sys_page_count = 2;", "{0, 1u << 0}, /* IRQ 0 */",
              "{0, 1u << 4}, /* IRQ 1 */", "{1, 1u << 1}, /* IRQ 8 */", "{IPC_NO_NTFN, 0}, /* IRQ 2 */"])
    contains(r.task_desc("srv"), "srv's descriptor",
             [".caps = CAP_SUPERVISOR,", ".ep_send = 0x0u, .ep_recv = 0x1u, .ep_grant = 0x0u",
              ".region_count = 3,", ".irq_count = 2,", ".windows = 1,"])
    contains(r.task_desc("drv"), "drv's descriptor", [".caps = CAP_SUPERVISOR | CAP_SHUTDOWN,"])
    contains(r.task_desc("cli"), "cli's descriptor",
             [".ep_send = 0x1u, .ep_recv = 0x0u, .ep_grant = 0x1u, .ntfn_signal = 0x1u"])


@case
def repository_descriptions_accepted():
    inis = sorted(glob.glob(os.path.join(REPO, "user", "*", "system.ini")) +
                  glob.glob(os.path.join(REPO, "tests", "*", "*", "system.ini")) +
                  glob.glob(os.path.join(REPO, "tests", "*", "system.ini")))
    if not inis:
        fail("found no system.ini in the repository")
    # A test folder's needs-mpu names the MPU profiles its description is for (the Makefile
    # skips its image on the others): check it on a board of each.
    profile_boards = {"pmsav7": BOARD, "pmsav8": AN505, "none": MICROBIT}
    for ini in inis:
        needs = os.path.join(os.path.dirname(ini), "needs-mpu")
        profiles = open(needs).read().split() if os.path.exists(needs) else ["pmsav7"]
        for profile in profiles:
            if profile not in profile_boards:
                fail(f"{os.path.relpath(needs, REPO)} names '{profile}', not one of "
                     f"{', '.join(sorted(profile_boards))}")
            with open(ini) as f:
                r = sysgen(f.read(), board=profile_boards[profile])
            if r.rc != 0:
                fail(f"{os.path.relpath(ini, REPO)} refused on {profile}: {one_line(r.stderr)}")


# ---------------------------------------------------------------- placement

@functools.lru_cache(maxsize=None)
def placement():
    """Tasks of mixed sizes in no particular order: [(name, flash, ram)] as placed."""
    r = expect_accepted(sysgen(desc(
        task("small", flash="8K", ram="1K", stack="512"),
        task("huge", flash="64K", ram="8K"),
        task("mid", flash="16K", ram="2K"),
        task("big", flash="32K", ram="4K"),
        task("tiny", flash="1K", ram="512", stack="256"))))
    d = r.defines()
    placed = []
    for _, name in r.tasks():
        u = name.upper()
        placed.append((name, (d[f"TASK_{u}_FLASH_BASE"], d[f"TASK_{u}_FLASH_SIZE"]),
                       (d[f"TASK_{u}_RAM_BASE"], d[f"TASK_{u}_RAM_SIZE"])))
    if sorted(n for n, _, _ in placed) != ["big", "huge", "idle", "mid", "small", "tiny"]:
        fail(f"system.h lists tasks {[n for n, _, _ in placed]}")
    return placed


def regions(kind):
    """[(base, size, task)] of one kind (flash or ram), by address."""
    return sorted((reg[0], reg[1], name)
                  for name, fl, rm in placement() for reg in [fl if kind == "flash" else rm])


@case
def regions_are_powers_of_two_aligned_to_their_size():
    for kind in ("flash", "ram"):
        for base, size, name in regions(kind):
            if size < 32 or size & (size - 1):
                fail(f"{kind} region of '{name}': size {size} is not a power of two >= 32")
            if base % size:
                fail(f"{kind} region of '{name}': base 0x{base:08x} not aligned to {size}")


@case
def regions_are_disjoint():
    for kind in ("flash", "ram"):
        spans = regions(kind)
        for (b1, s1, n1), (b2, _, n2) in zip(spans, spans[1:]):
            if b1 + s1 > b2:
                fail(f"{kind} regions of '{n1}' and '{n2}' overlap")


@case
def regions_are_inside_flash_and_ram_after_the_kernel():
    b = board()
    for kind in ("flash", "ram"):
        base, size = b[kind]
        start, end = base + b[f"kernel_{kind}"], base + size
        for rb, rs, name in regions(kind):
            if rb < start or rb + rs > end:
                fail(f"{kind} region of '{name}' 0x{rb:08x}+{rs} is outside "
                     f"0x{start:08x}..0x{end:08x}")


@case
def regions_are_placed_largest_first_without_padding():
    b = board()
    for kind in ("flash", "ram"):
        spans = regions(kind)
        sizes = [s for _, s, _ in spans]
        if sizes != sorted(sizes, reverse=True):
            fail(f"{kind} regions by address have sizes {sizes}: not largest first")
        addr = b[kind][0] + b[f"kernel_{kind}"]
        for base, size, name in spans:
            aligned = (addr + size - 1) // size * size
            if base != aligned:
                fail(f"{kind} region of '{name}' at 0x{base:08x}, expected 0x{aligned:08x} "
                     f"(the first address aligned to its size after the previous region)")
            addr = base + size


@case
def idle_task_added_last_at_priority_31():
    r = expect_accepted(sysgen(desc(task("a", priority=0), task("b", priority=30))))
    d = r.defines()
    if d.get("TASK_IDLE") != 2 or d.get("SYSTEM_TASK_COUNT") != 3:
        fail(f"TASK_IDLE = {d.get('TASK_IDLE')}, SYSTEM_TASK_COUNT = "
             f"{d.get('SYSTEM_TASK_COUNT')}; expected 2 and 3")
    contains(r.task_desc("idle"), "idle's descriptor",
             [f".priority = {IDLE_PRIORITY}, .caps = 0,", ".entry = (uintptr_t)__task_idle_start"])
    contains(r.read("tasks/idle_start.c"), "tasks/idle_start.c", ["pl_task_run(idle_main, "])
    if not re.search(r"^\s+idle\s+31\s", r.read("layout.txt"), re.M):
        fail("layout.txt has no line for 'idle' at priority 31")


@case
def shared_pages_placed_after_task_ram_aligned_to_page_size():
    r = expect_accepted(sysgen(desc(
        task("own", ram="8K", windows=1, pages=3), task("b", ram="1K", stack=512, windows=1),
        system=section("system", name="t", page_size="4K"))))
    d = r.defines()
    pages = [(int(a, 16), int(s), int(o)) for a, s, o in re.findall(
        r"\{0x([0-9a-f]+)u, (\d+)u, (\d+)\}, /\* own page \d \*/", r.read("sys_tables.c"))]
    if len(pages) != 3 or d.get("PAGE_SIZE") != 4096:
        fail(f"expected 3 pages of 4096 bytes, got {pages}, PAGE_SIZE {d.get('PAGE_SIZE')}")
    ram_end = max(d[f"TASK_{n.upper()}_RAM_BASE"] + d[f"TASK_{n.upper()}_RAM_SIZE"]
                  for _, n in r.tasks())
    base, size = board()["ram"]
    for i, (addr, sz, owner) in enumerate(pages):
        if addr % 4096 or addr < ram_end or addr + sz > base + size or owner != d["TASK_OWN"]:
            fail(f"page {i} at 0x{addr:08x} (owner {owner}) is misplaced; tasks' RAM ends at "
                 f"0x{ram_end:08x}")
        if i and addr != pages[i - 1][0] + 4096:
            fail("pages are not consecutive")


# ---------------------------------------------------------------- the file and its sections

@case
def system_section_missing():
    expect_refused(sysgen(desc(task("a"), system="")), "[system]")


@case
def system_unknown_key():
    expect_refused(sysgen(desc(task("a"), system=section("system", name="t", colour="red"))),
                   "[system]", "colour")


@case
def system_kernel_source_missing():
    expect_refused(sysgen(desc(task("a"), system=section("system", kernel_sources="kernel/no.c"))),
                   "kernel/no.c")


@case
def section_unknown_kind():
    expect_refused(sysgen(desc(task("a"), section("thread b", sources=SRC))), "[thread b]")


@case
def section_duplicate_name():
    expect_refused(sysgen(desc(task("a"), task("a", priority=4))), "'task a'", "already exists")


@case
def key_duplicate_in_a_section():
    expect_refused(sysgen(desc(task("a") + "priority = 4\n")), "'priority'", "'task a'")


@case
def no_tasks():
    expect_refused(sysgen(desc()), "no [task NAME]")


@case
def task_unknown_key():
    expect_refused(sysgen(desc(task("a", colour="red"))), "task 'a'", "colour")


# ---------------------------------------------------------------- signals

@case
def signals_names_the_tasks_a_task_may_signal():
    r = expect_accepted(sysgen(desc(task("a", signals="b, c"), task("b"), task("c"))))
    contains(r.task_desc("a"), "a's descriptor", [".sig_targets = 0x6u,"])
    contains(r.task_desc("b"), "b's descriptor", [".sig_targets = 0x0u,"])


@case
def signals_star_is_every_task_but_idle():
    r = expect_accepted(sysgen(desc(task("a", signals="*"), task("b"))))
    contains(r.task_desc("a"), "a's descriptor", [".sig_targets = 0x3u,"])  # not idle's bit 2


@case
def signals_unknown_task_refused():
    expect_refused(sysgen(desc(task("a", signals="b zed"), task("b"))), "signals",
                   "signal target 'zed'")


@case
def signals_idle_refused():
    expect_refused(sysgen(desc(task("a", signals="idle"))), "signals", "signal target 'idle'")


@case
def signals_star_with_names_refused():
    expect_refused(sysgen(desc(task("a", signals="* b"), task("b"))), "signals", "stands alone")


def mono_signaller(**keys):
    """A server that goes into the kernel (MODE=mono) with the given keys, and two tasks."""
    return desc(task("s", server="s_server", **keys), task("b"), task("c"),
                endpoint("e", receivers="s", senders="b c"))


@case
def signals_of_a_server_in_the_kernel_mono():
    r = expect_accepted(sysgen(mono_signaller(signals="c"), mode="mono"))
    # s left the task list: b is task 0, c task 1; s may signal c only
    contains(r.read("sys_tables.c"), "sys_tables.c", ["kserver_s_badges, 255u, 0x0u, 0x2u}"])
    r = expect_accepted(sysgen(mono_signaller(signals="*"), mode="mono"))
    contains(r.read("sys_tables.c"), "sys_tables.c", ["kserver_s_badges, 255u, 0x0u, 0x3u}"])
    r = expect_accepted(sysgen(mono_signaller(), mode="mono"))
    contains(r.read("sys_tables.c"), "sys_tables.c", ["kserver_s_badges, 255u, 0x0u, 0x0u}"])


@case
def watch_of_a_server_in_the_kernel_refused_mono():
    expect_refused(sysgen(mono_signaller(watch="b"), mode="mono"), "watch",
                   "goes into the kernel")


@case
def watch_names_the_tasks_whose_stop_sends_sigchld():
    r = expect_accepted(sysgen(desc(task("a", watch="b c"), task("b"), task("c"))))
    contains(r.task_desc("a"), "a's descriptor", [".watch = 0x6u,"])
    contains(r.task_desc("b"), "b's descriptor", [".watch = 0x0u,"])


@case
def watch_unknown_task_itself_or_idle_refused():
    expect_refused(sysgen(desc(task("a", watch="zed"))), "watch", "watched task 'zed'")
    expect_refused(sysgen(desc(task("a", watch="idle"))), "watch", "watched task 'idle'")
    expect_refused(sysgen(desc(task("a", watch="a"))), "watch", "cannot watch itself")


@case
def endpoint_unknown_key():
    expect_refused(sysgen(desc(task("a"), endpoint("e", receivers="a", colour="red"))),
                   "endpoint 'e'", "colour")


@case
def notification_unknown_key():
    expect_refused(sysgen(desc(task("a"), notification("n", waiter="a", colour="red"))),
                   "notification 'n'", "colour")


# ---------------------------------------------------------------- names

@case
def task_name_upper_case():
    expect_refused(sysgen(desc(task("Alpha"))), "'Alpha'")


@case
def task_name_bad_character():
    expect_refused(sysgen(desc(task("a-b"))), "'a-b'")


@case
def task_name_too_long():
    expect_refused(sysgen(desc(task("a" * 16))), "'" + "a" * 16 + "'")


@case
def task_name_of_15_characters_accepted():
    expect_accepted(sysgen(desc(task("a" * 15))))


@case
def task_name_idle_reserved():
    expect_refused(sysgen(desc(task("idle"))), "'idle'")


@case
def task_name_none_reserved():
    """'none' is the word for "no senders" (senders = none), so no task may be called that."""
    expect_refused(sysgen(desc(task("none"))), "'none'")


@case
def task_name_duplicate():
    """sysgen bug: [task a] and [task  a] are two configparser sections but one task name."""
    expect_refused(sysgen(desc(task("a"), "[task  a]\nsources = %s\npriority = 4\n" % SRC)),
                   "'a'")


@case
def endpoint_name_invalid():
    expect_refused(sysgen(desc(task("a"), endpoint("Ep", receivers="a"))), "'Ep'")


@case
def notification_name_invalid():
    expect_refused(sysgen(desc(task("a"), notification("N-1", waiter="a"))), "'N-1'")


# ---------------------------------------------------------------- tasks: sources, entry, priority

@case
def task_sources_missing():
    expect_refused(sysgen(desc(task("a", sources=None))), "task 'a'", "sources")


@case
def task_source_does_not_exist():
    expect_refused(sysgen(desc(task("a", sources=f"{SRC} user/demo/missing.c"))),
                   "task 'a'", "user/demo/missing.c")


@case
def task_entry_not_a_c_identifier():
    """sysgen bug: the entry is written into C unchecked (tasks/<task>_start.c)."""
    expect_refused(sysgen(desc(task("a", entry="9lives"))), "task 'a'", "9lives")


@case
def priority_31_refused():
    expect_refused(sysgen(desc(task("a", priority=31))), "task 'a'", "31")


@case
def priority_negative_refused():
    expect_refused(sysgen(desc(task("a", priority=-1))), "task 'a'", "-1")


@case
def priority_not_a_number_refused():
    expect_refused(sysgen(desc(task("a", priority="high"))), "task 'a'", "priority")


@case
def priority_missing_refused():
    expect_refused(sysgen(desc(task("a", priority=None))), "task 'a'", "priority")


@case
def priority_0_and_30_accepted():
    expect_accepted(sysgen(desc(task("a", priority=0), task("b", priority=30))))


# ---------------------------------------------------------------- tasks: memory

@case
def flash_not_power_of_two():
    expect_refused(sysgen(desc(task("a", flash="24K"))), "task 'a'", "flash", "power of two")


@case
def flash_below_32_bytes():
    expect_refused(sysgen(desc(task("a", flash="16"))), "task 'a'", "flash")


@case
def ram_not_power_of_two():
    expect_refused(sysgen(desc(task("a", ram="3K"))), "task 'a'", "ram", "power of two")


@case
def ram_below_32_bytes():
    expect_refused(sysgen(desc(task("a", ram="16", stack="128"))), "task 'a'", "ram")


@case
def size_not_a_size():
    expect_refused(sysgen(desc(task("a", flash="lots"))), "task 'a'", "'lots'")


@case
def stack_not_multiple_of_8():
    expect_refused(sysgen(desc(task("a", stack="1020"))), "task 'a'", "stack", "1020")


@case
def stack_below_128():
    expect_refused(sysgen(desc(task("a", stack="120"))), "task 'a'", "stack", "120")


@case
def stack_too_big_for_ram():
    expect_refused(sysgen(desc(task("a", ram="1K", stack="1K"))), "task 'a'", "stack", "1024")


@case
def stack_of_128_and_ram_minus_64_accepted():
    expect_accepted(sysgen(desc(task("a", stack=128), task("b", ram="1K", stack=960))))


# ---------------------------------------------------------------- tasks: devices and rights

@case
def peripheral_unknown():
    expect_refused(sysgen(desc(task("a", peripherals="uart9"))), "task 'a'", "'uart9'")


@case
def peripheral_owned_twice():
    expect_refused(sysgen(desc(task("a", peripherals="uart0"), task("b", peripherals="uart0"))),
                   "task 'b'", "'uart0'", "'a'")


@case
def second_name_of_a_device_is_its_base_and_one_region_for_its_owner():
    # board.ini `dual0 = timer0`: the device of timer0 under a second role's name
    # (board/rpi-pico: the PWM block is timer0 and dualtimer)
    b = board_with_peripheral("dual0", "timer0")
    r = expect_accepted(sysgen(desc(task("a", peripherals="timer0 dual0")), board=b))
    d = r.defines()
    if d["PERIPH_DUAL0_BASE"] != d["PERIPH_TIMER0_BASE"]:
        fail(f"dual0 at 0x{d['PERIPH_DUAL0_BASE']:08x}, timer0 at 0x{d['PERIPH_TIMER0_BASE']:08x}")
    contains(r.task_desc("a"), "task a", [".region_count = 3,"])  # code, RAM, one device
    r = expect_accepted(sysgen(desc(task("a", peripherals="dual0")), board=b))
    contains(r.task_desc("a"), "task a", [".region_count = 3,"])


@case
def second_name_of_a_device_owned_by_another_task_is_refused():
    b = board_with_peripheral("dual0", "timer0")
    expect_refused(sysgen(desc(task("a", peripherals="timer0"), task("b", peripherals="dual0")),
                          board=b), "task 'b'", "'dual0'", "'timer0'", "task 'a'")
    expect_refused(sysgen(desc(task("a", peripherals="dual0"), task("b", peripherals="timer0")),
                          board=b), "task 'b'", "'timer0'", "task 'a'")


@case
def second_name_of_a_device_gives_no_irq_to_a_task_without_the_device():
    b = board_with_peripheral("dual0", "timer0")
    expect_refused(sysgen(desc(task("a", peripherals="uart0", irqs="timer0")), board=b),
                   "task 'a'", "'timer0'", "does not own")


@case
def second_name_of_nothing_or_of_a_second_name_is_refused():
    refused_by_board(board_with_peripheral("dual0", "nosuch"), "dual0", "'nosuch'")
    b = board_with_peripheral("dual0", "timer0")
    cp = configparser.ConfigParser(inline_comment_prefixes=("#", ";"), interpolation=None)
    cp.read(b)
    cp.set("peripherals", "dual1", "dual0")
    with open(b, "w") as f:
        cp.write(f)
    refused_by_board(b, "dual1", "'dual0'", "second name")


@case
def peripheral_named_twice_by_one_task_is_refused():
    expect_refused(sysgen(desc(task("a", peripherals="uart0 uart0"))), "task 'a'", "'uart0'",
                   "twice")


@case
def peripheral_not_an_mpu_region():
    odd = board_with_peripheral("odd", "0x40007800 4K")  # not aligned to its size
    expect_refused(sysgen(desc(task("a", peripherals="odd")), board=odd), "task 'a'", "'odd'")


@case
def ceiling_gives_the_levels_a_task_may_raise_itself():
    r = expect_accepted(sysgen(desc(task("srv", priority=2), task("a", priority=5, ceiling=3),
                                    task("b", priority=5),
                                    endpoint("e", receivers="srv", senders="a b"))))
    contains(r.task_desc("a"), "a's descriptor", [".raise = 2u}"])
    contains(r.task_desc("b"), "b's descriptor", [".raise = 0u}"])


@case
def ceiling_more_urgent_than_a_receiver_it_sends_to_is_refused():
    expect_refused(sysgen(desc(task("srv", priority=4), task("a", priority=5, ceiling=3),
                               endpoint("e", receivers="srv", senders="a"))),
                   "task 'a'", "ceiling 3", "'srv'", "downhill")


@case
def ceiling_less_urgent_than_the_task_or_not_a_number_is_refused():
    expect_refused(sysgen(desc(task("a", priority=5, ceiling=6))), "task 'a'", "ceiling 6")
    expect_refused(sysgen(desc(task("a", priority=5, ceiling="high"))), "task 'a'", "ceiling")


@case
def pmsav8_packs_regions_at_32_byte_granularity_and_says_what_it_saved():
    # 5K and 3K are not powers of two: PMSAv8 takes them as they are, back to back, where
    # PMSAv7 would need 8K + 4K (and refuses them: see the next case).
    r = expect_accepted(sysgen(desc(task("a", ram="5K", stack=1024), task("b", ram="3K",
                                                                          stack=1024)),
                               board=AN505))
    d = r.defines()
    spans = sorted((d[f"TASK_{n}_RAM_BASE"], d[f"TASK_{n}_RAM_SIZE"]) for n in ("A", "B", "IDLE"))
    for (b1, s1), (b2, _) in zip(spans, spans[1:]):
        if b1 + s1 != b2:
            fail(f"regions not back to back: {spans}")
    if any(b % 32 for b, _ in spans) or (d["TASK_A_RAM_SIZE"], d["TASK_B_RAM_SIZE"]) != (5120, 3072):
        fail(f"sizes or alignment changed: {spans}")
    layout = r.read("layout.txt")
    if not re.search(r"ram of the task regions: (\d+) bytes .*; (\d+) under PMSAv7's power-of-two "
                     r"rule \((\d+) saved\)", layout):
        fail(f"layout.txt does not compare with PMSAv7: {one_line(layout)}")
    here, v7, saved = map(int, re.search(r"ram of the task regions: (\d+) bytes .*; (\d+) under "
                                         r".*\((\d+) saved\)", layout).groups())
    if v7 - here != saved or saved < (8192 - 5120) + (4096 - 3072):
        fail(f"saving miscounted: {here}, {v7}, {saved}")


@case
def pmsav8_size_not_a_multiple_of_32_is_refused():
    expect_refused(sysgen(desc(task("a", ram="5000")), board=AN505), "task 'a'", "32")


@case
def pmsav8_pages_not_a_power_of_two_follow_the_tasks_ram_apart():
    """A 96-byte page (a multiple of 32, not a power of two) is a region on PMSAv8: the pages
    lie after every task's RAM, each a multiple of its size, back to back, none overlapping."""
    r = expect_accepted(sysgen(desc(task("a", ram="5K", stack=1024, windows=1, pages=2),
                                    task("b", ram="3K", stack=1024),
                                    system=section("system", name="t", page_size="96")),
                               board=AN505))
    d = r.defines()
    pages = [int(a, 16) for a in re.findall(r"\{0x([0-9a-f]+)u, 96u, \d+\}, /\* a page \d \*/",
                                            r.read("sys_tables.c"))]
    ram_end = max(d[f"TASK_{n.upper()}_RAM_BASE"] + d[f"TASK_{n.upper()}_RAM_SIZE"]
                  for _, n in r.tasks())
    if len(pages) != 2 or pages[0] < ram_end or pages[0] % 96 or pages[1] != pages[0] + 96:
        fail(f"pages at {[hex(p) for p in pages]}; the tasks' RAM ends at 0x{ram_end:08x}")


@case
def pmsav8_peripheral_overlapping_another_is_refused_apart_by_32_bytes_accepted():
    """PMSAv8 takes a device at any 32-byte boundary, so nothing but this rule keeps two
    from overlapping (the AN505's dualtimer is 0x50002000, 4K)."""
    refused_by_board(board_with_peripheral("odd", "0x50002fe0 64", AN505), "[peripherals] odd",
                     "overlaps", "dualtimer")
    expect_accepted(sysgen(desc(task("a", peripherals="odd")),
                           board=board_with_peripheral("odd", "0x50003000 32", AN505)))


@case
def pmsav8_peripheral_overlapping_ram_or_flash_is_refused():
    refused_by_board(board_with_peripheral("odd", "0x38100000 4K", AN505), "[peripherals] odd",
                     "overlaps", "[memory] ram")
    refused_by_board(board_with_peripheral("odd", "0x0fffffe0 64", AN505), "overlaps",
                     "[memory] flash")


@case
def pmsav7_peripheral_overlapping_another_is_refused():
    refused_by_board(board_with_peripheral("odd", "0x40001000 4K"), "[peripherals]", "overlaps",
                     ("timer1", "odd"))


@case
def pmsav7_size_not_a_power_of_two_is_refused():
    expect_refused(sysgen(desc(task("a", ram="5K"))), "task 'a'", "power of two")


def pmsav6_board():
    """The default board with ARMv6-M's MPU (mpu = pmsav6, as board/rpi-pico says)."""
    return board_edited(lambda t: t.replace("mpu       = pmsav7", "mpu       = pmsav6", 1))


@case
def pmsav6_region_below_256_bytes_is_refused_where_pmsav7_takes_it():
    # 128 is a power of two, so PMSAv7 holds it; ARMv6-M's MPU has no region below 256 bytes
    expect_accepted(sysgen(desc(task("a", flash="128"))))
    expect_refused(sysgen(desc(task("a", flash="128")), board=pmsav6_board()), "task 'a'",
                   "flash region", "at least 256", "pmsav6")


@case
def pmsav6_regions_are_powers_of_two_of_256_and_more_aligned_to_their_size():
    r = expect_accepted(sysgen(desc(task("a", flash="256", ram="512", stack=128),
                                    task("b", ram="2K")), board=pmsav6_board()))
    d = r.defines()
    for n in ("A", "B", "IDLE"):
        for kind in ("FLASH", "RAM"):
            base, size = d[f"TASK_{n}_{kind}_BASE"], d[f"TASK_{n}_{kind}_SIZE"]
            if size < 256 or size & (size - 1) or base % size:
                fail(f"task {n} {kind}: base 0x{base:08x} size {size}")
    expect_refused(sysgen(desc(task("a", ram="5K")), board=pmsav6_board()), "task 'a'",
                   "power of two", "256")


@case
def pmsav6_shared_page_below_256_bytes_is_refused():
    text = desc(task("a"), system=section("system", name="t", page_size="128"))
    expect_accepted(sysgen(text))
    expect_refused(sysgen(text, board=pmsav6_board()), "page_size", "at least 256")


@case
def irq_numbers_of_the_board_reach_system_h():
    d = expect_accepted(sysgen(desc(task("a")))).defines()
    if (d.get("IRQ_TIMER0"), d.get("IRQ_UART0_RX")) != (8, 0):
        fail(f"IRQ_TIMER0 {d.get('IRQ_TIMER0')}, IRQ_UART0_RX {d.get('IRQ_UART0_RX')}")
    d = expect_accepted(sysgen(desc(task("a")), board=AN505)).defines()
    if (d.get("IRQ_TIMER0"), d.get("IRQ_UART0_RX")) != (3, 32):
        fail(f"on AN505: IRQ_TIMER0 {d.get('IRQ_TIMER0')}, IRQ_UART0_RX {d.get('IRQ_UART0_RX')}")


@case
def irq_unknown():
    expect_refused(sysgen(desc(task("a", peripherals="uart0", irqs="uart0_err"))),
                   "task 'a'", "'uart0_err'")


@case
def irq_of_a_peripheral_not_owned():
    expect_refused(sysgen(desc(task("a", peripherals="uart0", irqs="uart1_rx"))),
                   "task 'a'", "'uart1_rx'", "'uart1'")


@case
def irq_owned_twice():
    # Two tasks cannot both own an IRQ without both owning its peripheral, which is refused
    # first (peripheral_owned_twice), so the rule shows on one task listing an IRQ twice.
    expect_refused(sysgen(desc(task("a", peripherals="uart0", irqs="uart0_rx uart0_rx"),
                               notification("n", waiter="a", irqs="uart0_rx:0"))),
                   "task 'a'", "'uart0_rx'")


NETDUINO = os.path.join("board", "netduinoplus2", "board.ini")  # one USART line, two names


@case
def irq_shared_line_raises_both_bits():
    """One line named twice in board.ini (an STM32 USART's uart0_rx:37 uart0_tx:37): the
    console's usual description is accepted, the line's route raises both its bits, each bit
    rearms that line, and the task owns the line once."""
    r = expect_accepted(sysgen(desc(task("a", peripherals="uart0", irqs="uart0_rx uart0_tx"),
                                    notification("n", waiter="a", irqs="uart0_rx:0 uart0_tx:1")),
                               board=NETDUINO))
    tables = r.read("sys_tables.c")
    contains(tables, "sys_tables.c", ["{0, 1u << 0 | 1u << 1}, /* IRQ 37 */",
                                      "static const uint8_t a_irqs[] = {37};",
                                      ".irqs = a_irqs, .irq_count = 1,"])
    bits = re.search(r"ntfn_n_irqs\[32\] = \{([^}]*)\}", tables)
    if not bits or bits.group(1).split(", ")[:3] != ["37", "37", "0xff"]:
        fail(f"ntfn_n_irqs: {bits.group(1) if bits else 'missing'}")
    d = r.defines()
    if (d.get("IRQ_UART0_RX"), d.get("IRQ_UART0_TX")) != (37, 37):
        fail(f"IRQ_UART0_RX {d.get('IRQ_UART0_RX')}, IRQ_UART0_TX {d.get('IRQ_UART0_TX')}")
    # one name of the line alone: its one bit, as on any board
    r = expect_accepted(sysgen(desc(task("a", peripherals="uart0", irqs="uart0_rx"),
                                    notification("n", waiter="a", irqs="uart0_rx:3")),
                               board=NETDUINO))
    contains(r.read("sys_tables.c"), "sys_tables.c", ["{0, 1u << 3}, /* IRQ 37 */"])


@case
def irq_shared_line_needs_its_peripheral_owned():
    expect_refused(sysgen(desc(task("a", peripherals="uart1", irqs="uart0_tx"),
                               notification("n", waiter="a", irqs="uart0_tx:0")), board=NETDUINO),
                   "task 'a'", "'uart0_tx'", "'uart0'")


@case
def irq_shared_line_across_peripherals_refused():
    """Two peripherals on one line would give one interrupt two owners: refused by the board."""
    b = board_with_peripheral("odd", "0x40007000 4K  odd_irq:1")  # uart0_tx's number on AN385
    refused_by_board(b, "'odd_irq:1'", "'uart0_tx'", "'uart0'")
    # two names of one peripheral on one line are a shared line
    b = board_with_peripheral("odd", "0x40007000 4K  odd_a:30 odd_b:30")
    expect_accepted(sysgen(desc(task("a", peripherals="odd", irqs="odd_a odd_b"),
                                notification("n", waiter="a", irqs="odd_a:0 odd_b:1")), board=b))


@case
def irq_name_repeated_on_a_board_refused():
    b = board_with_peripheral("odd", "0x40007000 4K  odd_a:30 odd_a:31")
    refused_by_board(b, "'odd_a:31'", "name")


@case
def capability_status_accepted_and_narrow():
    """caps = status: CAP_STATUS alone (task and endpoint status, no restart), and the task's
    header does not grow the supervisor's view of every endpoint."""
    r = expect_accepted(sysgen(desc(
        task("watch", priority=1, caps="status"), task("b", priority=2),
        endpoint("e", receivers="b", senders="b"))))
    contains(r.task_desc("watch"), "watch's descriptor", [".caps = CAP_STATUS,"])
    if "EP_E" in r.read("tasks/watch/system.h"):
        fail("a status-only task's system.h names endpoints it holds no right on")


@case
def capability_unknown():
    expect_refused(sysgen(desc(task("a", caps="root"))), "task 'a'", "'root'")


@case
def mpu_budget_exceeded():
    # code + RAM + 3 peripherals + 4 windows = 9 regions > 8 slots
    expect_refused(sysgen(desc(task("a", peripherals="uart0 uart1 uart2", windows=4))),
                   "task 'a'", "MPU", "9")


@case
def mpu_budget_of_8_accepted():
    expect_accepted(sysgen(desc(task("a", peripherals="uart0 uart1 uart2", windows=3))))


@case
def pages_without_windows():
    expect_refused(sysgen(desc(task("a", pages=1))), "task 'a'", "window")


@case
def windows_not_a_number():
    """sysgen bug: int() of the value raises ValueError (a traceback)."""
    expect_refused(sysgen(desc(task("a", windows="two"))), "task 'a'", "windows")


@case
def pages_not_a_number():
    """sysgen bug: int() of the value raises ValueError (a traceback)."""
    expect_refused(sysgen(desc(task("a", windows=1, pages="many"))), "task 'a'", "pages")


@case
def windows_negative():
    """sysgen bug: accepted, and written as `.windows = -1` into a uint32_t."""
    expect_refused(sysgen(desc(task("a", windows=-1))), "task 'a'", "windows")


@case
def pages_negative():
    """sysgen bug: accepted (and silently means no pages)."""
    expect_refused(sysgen(desc(task("a", windows=1, pages=-1))), "task 'a'", "pages")


# ---------------------------------------------------------------- [system] settings

@case
def system_tick_hz_not_a_number():
    """sysgen bug: int() of the value raises ValueError (a traceback)."""
    expect_refused(sysgen(desc(task("a"), system=section("system", tick_hz="fast"))), "tick_hz")


@case
def system_tick_hz_zero():
    """sysgen bug: accepted; arch_timer_start() divides the CPU clock by it."""
    expect_refused(sysgen(desc(task("a"), system=section("system", tick_hz=0))), "tick_hz")


@case
def system_slice_ticks_not_a_number():
    """sysgen bug: int() of the value raises ValueError (a traceback)."""
    expect_refused(sysgen(desc(task("a"), system=section("system", slice_ticks="short"))),
                   "slice_ticks")


@case
def page_size_not_power_of_two():
    """sysgen bug: the message does not name the file."""
    expect_refused(sysgen(desc(task("a"), system=section("system", page_size=1000))),
                   "page_size", "1000")


# ---------------------------------------------------------------- endpoints

@case
def endpoint_without_receivers():
    expect_refused(sysgen(desc(task("a"), endpoint("e", senders="a"))), "endpoint 'e'",
                   "receivers")


@case
def endpoint_receiver_not_a_task():
    expect_refused(sysgen(desc(task("a"), endpoint("e", receivers="ghost", senders="a"))),
                   "endpoint 'e'", "'ghost'")


@case
def endpoint_sender_not_a_task():
    expect_refused(sysgen(desc(task("a"), endpoint("e", receivers="a", senders="ghost"))),
                   "endpoint 'e'", "'ghost'")


@case
def endpoint_idle_not_a_party():
    expect_refused(sysgen(desc(task("a"), endpoint("e", receivers="a", senders="idle"))),
                   "endpoint 'e'", "'idle'")


@case
def endpoint_badge_not_a_number():
    expect_refused(sysgen(desc(task("a"), task("b"), endpoint("e", receivers="a", senders="b:x"))),
                   "endpoint 'e'", "'x'", "'b'")


@case
def endpoint_sender_listed_twice():
    """sysgen bug: `b:1 b:2` is accepted; the last badge silently wins."""
    expect_refused(sysgen(desc(task("a"), task("b"),
                               endpoint("e", receivers="a", senders="b:1 b:2"))),
                   "endpoint 'e'", "'b'")


@case
def grant_holder_neither_sends_nor_receives():
    expect_refused(sysgen(desc(task("a"), task("b"), task("c"),
                               endpoint("e", receivers="a", senders="b", grant="c"))),
                   "endpoint 'e'", "'c'", "grant")


@case
def grant_holder_not_a_task():
    expect_refused(sysgen(desc(task("a"), endpoint("e", receivers="a", grant="ghost"))),
                   "endpoint 'e'", "'ghost'")


def limits_header(changes):
    """A copy of include/parley/limits.h with some values changed ({NAME: text}); its path."""
    with open(LIMITS_H) as f:
        text = f.read()
    for name, value in changes.items():
        text, n = re.subn(rf"^(#define PL_{name}\s+)\S+", rf"\g<1>{value}", text, flags=re.M)
        if n != 1:
            fail(f"PL_{name} is not defined once in {LIMITS_H}")
    path = os.path.join(tempfile.mkdtemp(dir=WORKDIR), "limits.h")
    with open(path, "w") as f:
        f.write(text)
    return path


@case
def limits_come_from_the_header():
    """sysgen takes every limit from include/parley/limits.h, the header the C code includes:
    a smaller limit there is what sysgen enforces."""
    env = {"PARLEY_LIMITS_H": limits_header({"MAX_ENDPOINTS": "4u", "PRIORITY_LEVELS": "8u",
                                              "NAME_MAX": "10u", "MAX_TASKS": "3u"})}
    eps = [endpoint(f"e{i}", receivers="a", senders="a") for i in range(5)]
    expect_refused(sysgen(desc(task("a"), *eps), env=env), "5 endpoints", "at most 4")
    expect_accepted(sysgen(desc(task("a"), *eps[:4]), env=env))
    expect_refused(sysgen(desc(task("a", priority=7)), env=env), "priority", "6")
    expect_accepted(sysgen(desc(task("a", priority=6)), env=env))
    expect_refused(sysgen(desc(task("abcdefghijk")), env=env), "'abcdefghijk'", "1-10")
    expect_accepted(sysgen(desc(task("abcdefghij")), env=env))
    expect_refused(sysgen(desc(task("a"), task("b"), task("c")), env=env), "at most 3")


@case
def limits_header_refused_when_unreadable():
    bad = limits_header({"MAX_PAGES": "(32u)"})
    expect_refused(sysgen(desc(task("a")), env={"PARLEY_LIMITS_H": bad}), "PL_MAX_PAGES",
                   "'(32u)'", file=bad)
    gone = limits_header({"KLOG_MIN_SIZE": "1024u"})
    with open(gone) as f:
        text = f.read()
    with open(gone, "w") as f:
        f.write(re.sub(r"^#define PL_KLOG_MIN_SIZE.*$", "", text, flags=re.M))
    expect_refused(sysgen(desc(task("a")), env={"PARLEY_LIMITS_H": gone}), "PL_KLOG_MIN_SIZE",
                   file=gone)


@case
def endpoints_32_accepted():
    eps = [endpoint(f"e{i}", receivers="a", senders="a") for i in range(MAX_OBJECTS)]
    r = expect_accepted(sysgen(desc(task("a"), *eps)))
    contains(r.read("sys_tables.c"), "sys_tables.c", ["sys_endpoint_count = 32;"])


@case
def endpoints_more_than_32():
    eps = [endpoint(f"e{i}", receivers="a") for i in range(MAX_OBJECTS + 1)]
    expect_refused(sysgen(desc(task("a"), *eps)), "33 endpoints", "32")


# ---------------------------------------------------------------- the priority rule

@case
def priority_rule_sender_more_urgent_than_receiver_refused():
    expect_refused(sysgen(desc(task("srv", priority=5), task("cli", priority=2),
                               endpoint("e", receivers="srv", senders="cli"))),
                   "endpoint 'e'", "sender 'cli' (priority 2)", "receiver 'srv' (priority 5)")


@case
def priority_rule_checks_every_receiver():
    expect_refused(sysgen(desc(task("fast", priority=1), task("slow", priority=5),
                               task("mid", priority=3),
                               endpoint("e", receivers="fast slow", senders="mid"))),
                   "endpoint 'e'", "'mid'", "'slow'")


@case
def priority_rule_equal_priority_allowed():
    expect_accepted(sysgen(desc(task("srv", priority=4), task("cli", priority=4),
                                endpoint("e", receivers="srv", senders="cli"))))


@case
def priority_rule_uphill_allowed():
    expect_accepted(sysgen(desc(task("srv", priority=2), task("cli", priority=6),
                                endpoint("e", receivers="srv", senders="cli"))))


# ---------------------------------------------------------------- badges

@case
def badges_explicit_and_default():
    # tasks: srv 0, a 1, b 2; a's badge on e1 is explicit (7), b's are the default (2 + 1)
    r = expect_accepted(sysgen(desc(
        task("srv", priority=1), task("a"), task("b"),
        endpoint("e0", receivers="srv", senders="b"),
        endpoint("e1", receivers="srv", senders="a:7 b"))))
    d = r.defines()
    want = {"BADGE_E0_B": 3, "BADGE_E1_A": 7, "BADGE_E1_B": 3}
    got = {k: d.get(k) for k in want}
    if got != want:
        fail(f"system.h badges {got}, expected {want}")
    if "BADGE_E0_A" in d or "BADGE_E0_SRV" in d:
        fail("system.h defines a badge for a task that does not send on e0")
    contains(r.read("sys_tables.c"), "sys_tables.c",
             ["static const uint32_t a_badges[IPC_MAX_ENDPOINTS] = {0, 7};",
              "static const uint32_t b_badges[IPC_MAX_ENDPOINTS] = {3, 3};",
              "static const uint32_t srv_badges[IPC_MAX_ENDPOINTS] = {0, 0};"])


@case
def badge_zero_refused():
    """sysgen bug: accepted, but badge 0 means "from the kernel" (docs/ipc.md)."""
    expect_refused(sysgen(desc(task("a"), task("b"), endpoint("e", receivers="a", senders="b:0"))),
                   "endpoint 'e'", "'b'", "badge")


@case
def badge_beyond_32_bits_refused():
    """sysgen bug: -1 and 0x100000000 are accepted and written into a uint32_t table."""
    for badge in ("-1", "0x100000000"):
        expect_refused(sysgen(desc(task("a"), task("b"),
                                   endpoint("e", receivers="a", senders=f"b:{badge}"))),
                       "endpoint 'e'", "'b'", "badge")


# ---------------------------------------------------------------- notifications

@case
def notification_without_waiter():
    expect_refused(sysgen(desc(task("a"), notification("n", signalers="a"))),
                   "notification 'n'", "waiter")


@case
def notification_waiter_not_a_task():
    expect_refused(sysgen(desc(task("a"), notification("n", waiter="ghost"))),
                   "notification 'n'", "'ghost'")


@case
def notification_signaler_not_a_task():
    expect_refused(sysgen(desc(task("a"), notification("n", waiter="a", signalers="ghost"))),
                   "notification 'n'", "'ghost'")


@case
def task_waits_on_two_notifications():
    expect_refused(sysgen(desc(task("a"), notification("n1", waiter="a"),
                               notification("n2", waiter="a"))),
                   "notification 'n2'", "'a'", "'n1'")


@case
def notification_irq_not_owned_by_waiter():
    expect_refused(sysgen(desc(task("a", peripherals="uart0", irqs="uart0_rx"), task("b"),
                               notification("n", waiter="b", irqs="uart0_rx:0"))),
                   "notification 'n'", "'uart0_rx'", "'b'")


@case
def irq_owned_but_delivered_by_no_notification():
    expect_refused(sysgen(desc(task("a", peripherals="uart0", irqs="uart0_rx"))),
                   "task 'a'", "'uart0_rx'")


@case
def notification_irq_bit_above_31():
    expect_refused(sysgen(desc(task("a", peripherals="uart0", irqs="uart0_rx"),
                               notification("n", waiter="a", irqs="uart0_rx:32"))),
                   "notification 'n'", "uart0_rx:32")


@case
def notification_irq_without_bit():
    expect_refused(sysgen(desc(task("a", peripherals="uart0", irqs="uart0_rx"),
                               notification("n", waiter="a", irqs="uart0_rx"))),
                   "notification 'n'", "uart0_rx")


@case
def notification_irq_bit_31_accepted():
    r = expect_accepted(sysgen(desc(task("a", peripherals="uart0", irqs="uart0_rx"),
                                    notification("n", waiter="a", irqs="uart0_rx:31"))))
    contains(r.read("system_all.h"), "system_all.h", ["#define NTFN_N_UART0_RX (1u << 31)"])


@case
def notification_two_irqs_on_one_bit():
    expect_refused(sysgen(desc(task("a", peripherals="uart0", irqs="uart0_rx uart0_tx"),
                               notification("n", waiter="a", irqs="uart0_rx:3 uart0_tx:3"))),
                   "notification 'n'", "bit")


@case
def notification_irq_listed_twice():
    """sysgen bug: `uart0_rx:0 uart0_rx:1` is accepted; the last bit silently wins."""
    expect_refused(sysgen(desc(task("a", peripherals="uart0", irqs="uart0_rx"),
                               notification("n", waiter="a", irqs="uart0_rx:0 uart0_rx:1"))),
                   "notification 'n'", "uart0_rx")


@case
def notification_faults_and_klog_bits_reach_the_tables():
    r = expect_accepted(sysgen(desc(task("a"), task("s", priority=1),
                                    notification("n", waiter="a", klog="5"),
                                    notification("sup", waiter="s", faults="0"))))
    contains(r.read("system_all.h"), "system_all.h", ["#define NTFN_N_KLOG (1u << 5)",
                                              "#define NTFN_SUP_FAULTS (1u << 0)"])
    contains(r.read("sys_tables.c"), "sys_tables.c", ['{"n", 0, ntfn_n_irqs, 0u, 32u},',
                                                      '{"sup", 1, ntfn_sup_irqs, 1u, 0u},'])


@case
def notification_klog_not_a_bit():
    expect_refused(sysgen(desc(task("a"), notification("n", waiter="a", klog="32"))),
                   "notification 'n'", "klog", "'32'")


@case
def notification_klog_on_an_irq_or_faults_bit():
    expect_refused(sysgen(desc(task("a", peripherals="uart0", irqs="uart0_rx"),
                               notification("n", waiter="a", irqs="uart0_rx:2", klog="2"))),
                   "notification 'n'", "bit 2", "klog")
    expect_refused(sysgen(desc(task("a"), notification("n", waiter="a", faults="1", klog="1"))),
                   "notification 'n'", "bit 1", "klog")


@case
def notification_klog_on_two_notifications():
    expect_refused(sysgen(desc(task("a"), task("b"), notification("n1", waiter="a", klog="0"),
                               notification("n2", waiter="b", klog="0"))),
                   "notification 'n2'", "'n1'", "one reader")


@case
def klog_ring_only_with_a_drainer():
    r = expect_accepted(sysgen(desc(task("a"))))
    contains(r.read("sys_tables.c"), "sys_tables.c", [".klog_size = 0u}", "sys_klog_ring[1];"])
    r = expect_accepted(sysgen(desc(task("a"), notification("n", waiter="a", klog="0"))))
    contains(r.read("sys_tables.c"), "sys_tables.c",
             [".klog_size = 2048u}", "sys_klog_ring[2048];"])
    r = expect_accepted(sysgen(desc(task("a"), notification("n", waiter="a", klog="0"),
                                    system=section("system", name="t", klog_size="8K"))))
    contains(r.read("sys_tables.c"), "sys_tables.c",
             [".klog_size = 8192u}", "sys_klog_ring[8192];"])


@case
def klog_size_without_a_drainer():
    expect_refused(sysgen(desc(task("a"), system=section("system", name="t", klog_size="2K"))),
                   "[system] klog_size", "no notification has a 'klog' bit")


@case
def klog_size_not_a_power_of_two_or_out_of_range():
    for size in ("3000", "512", "128K", "lots"):
        expect_refused(sysgen(desc(task("a"), notification("n", waiter="a", klog="0"),
                                   system=section("system", name="t", klog_size=size))),
                       "[system] klog_size", size)


@case
def notifications_more_than_32():
    """Each notification has its own waiter, so 33 of them need 33 tasks: the task limit
    (32 with the idle task) refuses the description first."""
    n = MAX_OBJECTS + 1
    tasks = [task(f"w{i}", flash="1K", ram="1K", stack=256) for i in range(n)]
    ntfns = [notification(f"n{i}", waiter=f"w{i}") for i in range(n)]
    expect_refused(sysgen(desc(*tasks, *ntfns)), "33 tasks", "32")


@case
def tasks_31_and_idle_accepted():
    """The limit of 32 tasks counts the idle task that sysgen adds (docs/ipc.md, "Limits"):
    31 described tasks make 32, the most a 32-bit rights mask can name. 1K of flash and 1K of
    RAM each (32K of each in all, idle's included) fit the board many times over, so only the
    count is under test."""
    tasks = [task(f"t{i}", flash="1K", ram="1K", stack=256) for i in range(MAX_OBJECTS - 1)]
    r = expect_accepted(sysgen(desc(*tasks)))
    d = r.defines()
    got = (d.get("SYSTEM_TASK_COUNT"), d.get("TASK_T30"), d.get("TASK_IDLE"))
    if got != (MAX_OBJECTS, MAX_OBJECTS - 2, MAX_OBJECTS - 1):
        fail(f"system.h: SYSTEM_TASK_COUNT, TASK_T30, TASK_IDLE are {got}, expected "
             f"{(MAX_OBJECTS, MAX_OBJECTS - 2, MAX_OBJECTS - 1)}")
    contains(r.read("sys_tables.c"), "sys_tables.c",
             [f"sys_task_count = {MAX_OBJECTS};", f"struct task sys_tasks[{MAX_OBJECTS}];"])


@case
def tasks_more_than_31():
    tasks = [task(f"t{i}", flash="1K", ram="1K", stack=256) for i in range(MAX_OBJECTS)]
    expect_refused(sysgen(desc(*tasks)), "32 tasks", "at most 32")


@case
def tick_hz_beyond_systick_reload():
    system = section("system", name="t", tick_hz="1")
    expect_refused(sysgen(desc(task("a"), system=system)), "tick_hz", "SysTick")


# ---------------------------------------------------------------- memory exhausted

@case
def flash_exhausted():
    """sysgen bug (message): does not name the file nor a task."""
    expect_refused(sysgen(desc(task("big1", flash="2M"), task("big2", flash="2M"))),
                   "flash", ("'big1'", "'big2'"))


@case
def ram_exhausted():
    """sysgen bug (message): does not name the file nor a task."""
    expect_refused(sysgen(desc(task("big1", ram="2M"), task("big2", ram="2M"))),
                   "ram", ("'big1'", "'big2'"))


@case
def pages_32_accepted():
    r = expect_accepted(sysgen(desc(task("a", windows=1, pages=MAX_OBJECTS))))
    contains(r.read("sys_tables.c"), "sys_tables.c", ["sys_page_count = 32;"])


@case
def pages_more_than_32():
    """sysgen bug (message): does not name the file."""
    expect_refused(sysgen(desc(task("a", windows=1, pages=20), task("b", windows=1, pages=13))),
                   "33 shared pages", "32")


@case
def pages_beyond_ram():
    """sysgen bug (message): names neither the file nor the task whose page does not fit."""
    expect_refused(sysgen(desc(task("a", windows=1, pages=4),
                               system=section("system", page_size="1M"))),
                   "task 'a'", "page")



# ---------------------------------------------------------------- the board description

def refused_by_board(path, *needles):
    expect_refused(sysgen(desc(task("a")), board=path), *needles, file=path)


@case
def board_section_missing():
    refused_by_board(board_edited(lambda t: t.replace("[memory]", "[memries]")), "[memory]")


@case
def board_key_missing():
    refused_by_board(board_without("kernel_ram"), "[memory]", "'kernel_ram'")


@case
def board_name_missing():
    refused_by_board(board_without("name"), "[board]", "'name'")


@case
def board_unknown_key():
    refused_by_board(board_edited(lambda t: t.replace("[board]", "[board]\ncolour = red")),
                     "[board]", "colour")


@case
def board_unknown_mpu():
    refused_by_board(board_edited(lambda t: t.replace("= pmsav7", "= pmsav9")), "pmsav9")


@case
def board_mpu_slots_not_a_number():
    refused_by_board(board_edited(lambda t: t.replace("mpu_slots = 8", "mpu_slots = eight")),
                     "mpu_slots", "'eight'")


@case
def board_timer_hz_defaults_to_cpu_hz_and_reaches_system_h():
    """BOARD_TIMER_HZ (what tasks' timers count, for the benchmarks' conversion to
    instructions) is board.ini's timer_hz, or cpu_hz when the board gives none."""
    r = expect_accepted(sysgen(desc(task("a"))))
    contains(r.read("system_all.h"), "system_all.h", ["#define BOARD_CLOCK_HZ 25000000u",
                                              "#define BOARD_TIMER_HZ 25000000u"])
    b = board_edited(lambda t: t.replace("cpu_hz    = 25000000",
                                         "cpu_hz    = 25000000\ntimer_hz = 1000000000"))
    r = expect_accepted(sysgen(desc(task("a")), board=b))
    contains(r.read("system_all.h"), "system_all.h", ["#define BOARD_CLOCK_HZ 25000000u",
                                              "#define BOARD_TIMER_HZ 1000000000u"])


@case
def mpu_none_applies_no_region_rule_and_says_tasks_are_not_isolated():
    """A board without an MPU (mpu = none) takes a RAM size no MPU rule allows, and every
    task's system.h says the board neither isolates tasks nor decodes faults (ARMv6-M)."""
    r = expect_accepted(sysgen(desc(task("a", ram="1000", stack=512)), board=MICROBIT))
    d = r.defines()
    if d["TASK_A_RAM_SIZE"] != 1000 or d["TASK_A_RAM_BASE"] % 32:
        fail(f"ram {d['TASK_A_RAM_SIZE']} at 0x{d['TASK_A_RAM_BASE']:08x}")
    contains(r.read("system_all.h"), "system_all.h", ["#define BOARD_ISOLATED 0u",
                                                      "#define BOARD_FAULT_STATUS 0u"])
    r = expect_accepted(sysgen(desc(task("a"))))
    contains(r.read("system_all.h"), "system_all.h", ["#define BOARD_ISOLATED 1u",
                                                      "#define BOARD_FAULT_STATUS 1u"])


@case
def board_kernel_stack_defaults_to_4k_and_reaches_memory_ld():
    r = expect_accepted(sysgen(desc(task("a"))))
    contains(r.read("memory.ld"), "memory.ld", ["KERNEL_STACK_SIZE = 4096;"])
    b = board_edited(lambda t: t.replace("kernel_ram   = 64K", "kernel_ram   = 64K\nkernel_stack = 2K"))
    r = expect_accepted(sysgen(desc(task("a")), board=b))
    contains(r.read("memory.ld"), "memory.ld", ["KERNEL_STACK_SIZE = 2048;"])


@case
def board_kernel_stack_too_small_misaligned_or_too_big_is_refused():
    for value in ("512", "1028", "64K"):
        b = board_edited(lambda t, v=value: t.replace("kernel_ram   = 64K",
                                                      f"kernel_ram   = 64K\nkernel_stack = {v}"))
        refused_by_board(b, "kernel_stack")


@case
def board_timer_hz_not_a_number():
    refused_by_board(board_edited(lambda t: t.replace("cpu_hz    = 25000000",
                                                      "cpu_hz    = 25000000\ntimer_hz = fast")),
                     "timer_hz", "'fast'")


@case
def board_memory_range_malformed():
    refused_by_board(board_edited(lambda t: t.replace("0x20000000 4M", "0x20000000")),
                     "[memory] ram", "base size")


@case
def board_kernel_takes_all_ram():
    refused_by_board(board_edited(lambda t: t.replace("kernel_ram   = 64K", "kernel_ram = 4M")),
                     "kernel_ram", "no RAM")


@case
def board_peripheral_without_size():
    refused_by_board(board_with_peripheral("odd", "0x40007000"), "[peripherals] odd")


@case
def board_interrupt_malformed():
    refused_by_board(board_with_peripheral("odd", "0x40007000 4K odd_irq"), "'odd_irq'",
                     "name:number")


@case
def board_interrupt_beyond_the_controller():
    refused_by_board(board_with_peripheral("odd", "0x40007000 4K odd_irq:32"), "odd_irq",
                     "32", "irqs = 32")


@case
def board_interrupt_number_given_twice():
    refused_by_board(board_with_peripheral("odd", "0x40007000 4K odd_irq:8"), "'odd_irq:8'",
                     "repeats")


# ---------------------------------------------------------------- extends

def base_file(text):
    """A description written where a test can extend it; returns its (absolute) path."""
    path = os.path.join(tempfile.mkdtemp(dir=WORKDIR), "base.ini")
    with open(path, "w") as f:
        f.write(text)
    return path


@case
def extends_overrides_keys_and_keeps_the_rest():
    base = base_file(desc(task("a", priority=2), task("b", priority=5), endpoint(
        "e", receivers="a", senders="b")))
    run = expect_accepted(sysgen(desc(task("b", priority=4), task("c", priority=6),
                                      system=section("system", name="v", extends=base))))
    if [n for _, n in run.tasks()] != ["a", "b", "c", "idle"]:
        fail(f"tasks {run.tasks()}: the base's, in order, then the new one, then idle")
    contains(run.task_desc("b"), "task b", [".priority = 4"])
    contains(run.task_desc("a"), "task a", [".priority = 2"])
    contains(run.read("image.mk"), "image.mk", [f"image.mk: {base}"])


@case
def extends_a_missing_description():
    expect_refused(sysgen(desc(task("a"), system=section("system", extends="no/such.ini"))),
                   "extends", "'no/such.ini'", "does not exist")


@case
def extends_only_one_level():
    first = base_file(desc(task("a")))
    second = base_file(desc(system=section("system", extends=first)))
    expect_refused(sysgen(desc(system=section("system", extends=second))), "one level")


@case
def extended_description_still_checked():
    base = base_file(desc(task("a", priority=2), task("b", priority=5), endpoint(
        "e", receivers="a", senders="b")))
    expect_refused(sysgen(desc(task("b", priority=1), system=section("system", extends=base))),
                   "'b'", "'a'")  # now b would call a less urgent a: the uphill rule


# ---------------------------------------------------------------- fastpath

@case
def fastpath_on_by_default_and_off_on_request():
    contains(expect_accepted(sysgen(desc(task("a")))).read("sys_tables.c"), "sys_tables.c",
             [".fastpath = 1u"])
    off = section("system", name="t", fastpath="off")
    contains(expect_accepted(sysgen(desc(task("a"), system=off))).read("sys_tables.c"),
             "sys_tables.c", [".fastpath = 0u"])


@case
def fastpath_neither_on_nor_off():
    expect_refused(sysgen(desc(task("a"), system=section("system", fastpath="fast"))),
                   "fastpath", "'fast'")

# ---------------------------------------------------------------- restart policies

def expect_warned(run, *needles):
    """Accepted (exit status 0, outputs written), with a warning on stderr naming the file and
    each needle."""
    if run.rc != 0:
        fail(f"refused (exit status {run.rc}): {one_line(run.stderr)}")
    if not run.stderr.startswith("sysgen: warning: "):
        fail(f"no warning: {one_line(run.stderr) or '(stderr empty)'}")
    if run.ini not in run.stderr:
        fail(f"the warning does not name the file: {one_line(run.stderr)}")
    for n in needles:
        if n not in run.stderr:
            fail(f"the warning does not mention {n!r}: {one_line(run.stderr)}")
    run.read("system_all.h")
    return run


def policies(run):
    """SYSTEM_RESTART_POLICIES as [(mode, backoff_ms, hold_count, hold_window_s)]."""
    text = run.read("system_all.h")
    m = re.search(r"#define SYSTEM_RESTART_POLICIES \\\n\s*\{(.*)\}\n", text)
    if not m:
        fail("system_all.h has no SYSTEM_RESTART_POLICIES")
    return [tuple(int(x) for x in re.findall(r"\d+", p))
            for p in re.findall(r"\{([^{}]*)\}", m.group(1))]


@case
def restart_always_gets_a_default_hold():
    """A task restarted at once on every fault must not restart in a storm (issue 18): without
    hold_after, `always` is held after 5 restarts within 10 s."""
    r = expect_accepted(sysgen(desc(task("a", restart="always"), task("b", restart="never"),
                                    task("c", restart="backoff"))))
    got = policies(r)[:3]
    if got != [(1, 100, 5, 10), (0, 100, 0, 0), (2, 100, 0, 0)]:
        fail(f"policies {got}: always should hold after 5/10s; never and backoff (bounded by "
             f"its doubling) need no hold")


@case
def restart_given_hold_after_is_kept():
    r = expect_accepted(sysgen(desc(task("a", restart="always", hold_after="3/7s"))))
    if policies(r)[0] != (1, 100, 3, 7):
        fail(f"policy {policies(r)[0]}, expected (1, 100, 3, 7)")


@case
def restart_always_without_limit_warns():
    r = expect_warned(sysgen(desc(task("a", restart="always", hold_after="none"))),
                      "task 'a'", "hold_after = none", "no limit")
    if policies(r)[0] != (1, 100, 0, 0):
        fail(f"policy {policies(r)[0]}: hold_after = none must mean no hold")


@case
def restart_backoff_without_hold_is_quiet():
    expect_accepted(sysgen(desc(task("a", restart="backoff", hold_after="none"))))


@case
def restart_mode_misspelled():
    expect_refused(sysgen(desc(task("a", restart="allways"))), "'allways'",
                   "did you mean 'always'?")


@case
def hold_after_malformed():
    expect_refused(sysgen(desc(task("a", restart="always", hold_after="3 per 10s"))),
                   "hold_after", "'3/10s'", "'none'")


# ---------------------------------------------------------------- rights visible at build time

def task_header(run, name):
    return run.read(os.path.join("tasks", name, "system.h"))


def rights_system():
    return desc(task("srv", priority=2), task("cli", priority=4), task("other", priority=4),
                task("boss", priority=1, caps="supervisor"),
                endpoint("svc", receivers="srv", senders="cli"),
                endpoint("misc", receivers="other", senders="other"),
                notification("srv", waiter="srv", signalers="cli", faults="3"))


@case
def task_header_names_only_objects_it_holds_a_right_on():
    r = expect_accepted(sysgen(rights_system()))
    want = {
        "srv": (["#define EP_SVC 0u", "#define BADGE_SVC_CLI", "#define NTFN_SRV 0u",
                 "#define NTFN_SRV_FAULTS"], ["EP_MISC"]),
        "cli": (["#define EP_SVC 0u", "#define BADGE_SVC_CLI", "#define NTFN_SRV 0u"],
                ["EP_MISC", "NTFN_SRV_FAULTS"]),
        "other": (["#define EP_MISC 1u"], ["EP_SVC", "NTFN_SRV"]),
        "boss": (["#define EP_SVC 0u", "#define EP_MISC 1u", "#define NTFN_SRV 0u"], []),
    }
    for name, (present, absent) in want.items():
        h = task_header(r, name)
        contains(h, f"tasks/{name}/system.h", present + ["#define TASK_SRV 0u"])
        for a in absent:
            if re.search(r"#define %s\b" % a, h):
                fail(f"tasks/{name}/system.h defines {a}, on which it holds no right")
    contains(r.read("system_all.h"), "system_all.h", ["#define EP_SVC 0u", "#define EP_MISC 1u"])


@case
def a_signaler_sees_the_waiters_of_what_it_signals():
    """SYSTEM_NTFN_WAITERS: a server that signals on a client's behalf checks that the client
    is the notification's waiter (servers/mqueue, mq_notify); only a signaler gets the table."""
    r = expect_accepted(sysgen(rights_system()))
    contains(task_header(r, "cli"), "tasks/cli/system.h",
             ["#define SYSTEM_NTFN_COUNT 1u", "#define SYSTEM_NTFN_WAITERS {0u}"])
    for name in ("srv", "other"):
        if "SYSTEM_NTFN_WAITERS" in task_header(r, name):
            fail(f"tasks/{name}/system.h has the waiter table, but {name} signals nothing")


@case
def every_task_sees_the_waiter_of_every_notification():
    """SYSTEM_NTFN_ALL_WAITERS: the waiter of each notification by index, in every task's
    header (the pipe server checks that a fast end names its own notification)."""
    r = expect_accepted(sysgen(rights_system()))
    for name in ("srv", "cli", "other"):
        contains(task_header(r, name), f"tasks/{name}/system.h",
                 ["#define SYSTEM_NTFN_ALL_COUNT 1u", "#define SYSTEM_NTFN_ALL_WAITERS {0u}"])


def signaling_server_system(waiter):
    """A server (linked into the kernel in MODE=mono) that may signal notification 'n'."""
    return desc(task("srv", priority=2, server="srv_server"), task("cli", priority=4),
                task("cli2", priority=4), task("ksrv", priority=2, server="ksrv_server"),
                endpoint("svc", receivers="srv", senders="cli"),
                notification("other", waiter="cli2"),
                notification("n", waiter=waiter, signalers="srv"))


@case
def mono_server_may_signal_a_tasks_notification():
    r = expect_accepted(sysgen(signaling_server_system("cli"), mode="mono"))
    tables = r.read("sys_tables.c")
    # the kernel's check (sys/kenv_mono.c): notification 'n' (index 1) in the server's rights
    if not re.search(r"\{&srv_server, IPC_NO_NTFN, kserver_srv_badges, \w+u, 0x2u, 0x0u\}", tables):
        fail("sys_kservers does not give srv the right to signal notification 1 (0x2u)")
    # the deputy check's table, in MODE=mono's task numbering (cli is task 0 there)
    contains(task_header(r, "srv"), "tasks/srv/system.h",
             ["#define SYSTEM_NTFN_COUNT 2u", "#define SYSTEM_NTFN_WAITERS {255u, 0u}"])


@case
def mono_server_may_not_signal_a_server_in_the_kernel():
    expect_refused(sysgen(signaling_server_system("ksrv"), mode="mono"),
                   "server 'srv'", "'ksrv' waits on 'n' in the kernel")
    expect_accepted(sysgen(signaling_server_system("ksrv")))  # as tasks, it may


@case
def naming_an_object_without_a_right_does_not_compile():
    """The point of the per-task header: a compile error, not a run-time EPERM. Compiled with
    the host's C compiler, which only has to preprocess and check the one function."""
    r = expect_accepted(sysgen(rights_system()))
    src = os.path.join(r.dir, "use.c")
    with open(src, "w") as f:
        f.write('#include "system.h"\nunsigned ep(void);\nunsigned ep(void) { return EP_SVC; }\n')
    results = {}
    for name in ("cli", "other"):
        p = subprocess.run(["gcc", "-fsyntax-only", "-Werror", "-I",
                            os.path.join(r.out, "tasks", name), src],
                           capture_output=True, text=True, timeout=60)
        results[name] = p
    if results["cli"].returncode != 0:
        fail(f"cli holds a right on svc but does not compile: {one_line(results['cli'].stderr)}")
    if results["other"].returncode == 0 or "EP_SVC" not in results["other"].stderr:
        fail("other holds no right on svc, yet EP_SVC compiled")


@case
def endpoint_without_senders_warns():
    expect_warned(sysgen(desc(task("a"), endpoint("e", receivers="a"))), "endpoint 'e'",
                  "no senders")


@case
def endpoint_senders_none_is_quiet():
    """'senders = none' says the endpoint is meant to have no senders: accepted, no warning,
    and nobody holds a send right on it."""
    r = expect_accepted(sysgen(desc(task("a"), task("b"), endpoint("e", receivers="a",
                                                                  senders="none"))))
    if r.stderr.strip():
        fail(f"a warning for 'senders = none': {one_line(r.stderr)}")
    if "EP_E" not in r.read("system_all.h"):
        fail("the endpoint is missing from system_all.h")


@case
def endpoint_senders_none_with_others():
    expect_refused(sysgen(desc(task("a"), task("b"), endpoint("e", receivers="a",
                                                             senders="none b"))),
                   "senders", "'none'")


# ---------------------------------------------------------------- messages: line, did you mean

@case
def error_names_the_line_of_the_key():
    text = desc(task("a"), task("b", flash="24K"))
    line = text.splitlines().index("flash = 24K") + 1
    expect_refused(sysgen(text), f"system.ini:{line}: task 'b'", "flash region")


@case
def error_in_a_base_names_the_base_and_its_line():
    """A test file extends the user's description; a mistake in the user's file is reported
    in the user's file, at its line, not in the test file (issue 18)."""
    text = desc(task("a"), task("b", stack="100"))
    base = base_file(text)
    line = text.splitlines().index("stack = 100") + 1
    r = sysgen(desc(task("c"), system=section("system", name="v", extends=base)))
    expect_refused(r, f"{base}:{line}: task 'b'", "stack 100", file=base)


@case
def sender_misspelled_gets_did_you_mean():
    expect_refused(sysgen(desc(task("server"), task("client", priority=4),
                               endpoint("e", receivers="server", senders="cleint"))),
                   "sender 'cleint' is not a task", "did you mean 'client'?")


@case
def waiter_misspelled_gets_did_you_mean():
    expect_refused(sysgen(desc(task("server"), notification("n", waiter="sever"))),
                   "waiter 'sever'", "did you mean 'server'?")


@case
def peripheral_misspelled_gets_did_you_mean():
    expect_refused(sysgen(desc(task("a", peripherals="timr0"))), "'timr0'",
                   "did you mean 'timer0'?")


@case
def key_misspelled_gets_did_you_mean():
    expect_refused(sysgen(desc(task("a", priorty=3))), "priorty", "did you mean 'priority'?")


@case
def section_of_an_extending_file_misspelled_gets_did_you_mean():
    """An extending file that means to change the base's task but misspells its name declares
    a new task without sources."""
    base = base_file(desc(task("narrator")))
    r = sysgen("\n".join([section("system", extends=base),
                          section("task narator", entry="other_main")]))
    expect_refused(r, "task 'narator'", "'sources' is missing", "did you mean 'narrator'?")


@case
def entry_not_in_the_sources():
    expect_refused(sysgen(desc(task("a", entry="idle_mian"))),
                   "entry 'idle_mian' is not defined in the task's sources",
                   "did you mean 'idle_main'?")


# ---------------------------------------------------------------- main

def main(argv):
    global WORKDIR
    os.chdir(REPO)
    chosen = [c for c in CASES if not argv[1:] or any(w in c.__name__ for w in argv[1:])]
    passed = failed = 0
    WORKDIR = tempfile.mkdtemp(prefix="sysgen-test-")
    try:
        for fn in chosen:
            try:
                fn()
            except CaseFailed as e:
                why = str(e)
            except Exception as e:  # a bug in the test itself, or sysgen hanging
                why = f"{type(e).__name__}: {e}"
            else:
                print(f"ok - {fn.__name__}")
                passed += 1
                continue
            print(f"not ok - {fn.__name__}: {why}")
            failed += 1
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

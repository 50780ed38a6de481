#!/usr/bin/env python3
"""sysgen: turn a system description (.ini) into the static tables of one parley image.

Reads the board description (board/<board>/board.ini) and a system description, checks it,
and writes into the output directory:
  sys_tables.c  kernel tables: task descriptors, MPU regions, IRQ owners, system settings
  system.h      constants for the image's tasks (task indices, memory addresses)
  tasks.ld      linker placement: each task's code, data and bss in its own MPU-sized regions
  memory.ld     the kernel's own flash and RAM
  image.mk      make rules that build each task and link the image
  layout.txt    the memory map, as printed by `make`
Every error names the file, the task and the rule it breaks, and exits with status 1.
See docs/system-description.md for the format.
"""
import argparse
import configparser
import os
import re
import sys

IDLE_PRIORITY = 31
TASK_KEYS = {"sources", "entry", "priority", "flash", "ram", "stack", "peripherals", "irqs",
             "caps", "windows", "pages", "restart", "backoff_ms", "hold_after"}
RESTART_MODES = {"never": 0, "always": 1, "backoff": 2}
SYSTEM_KEYS = {"name", "tick_hz", "slice_ticks", "kernel_sources", "page_size", "extends",
               "fastpath", "klog_size"}
KLOG_DEFAULT_SIZE = 2048
KLOG_MIN_SIZE = 1024  # KLOG_MIN_SIZE in kernel/klog.h: the ring must exceed its 512-byte reserve
KLOG_MAX_SIZE = 65536
ENDPOINT_KEYS = {"receivers", "senders", "grant"}
NTFN_KEYS = {"waiter", "signalers", "irqs", "faults", "klog"}
MAX_OBJECTS = 32  # endpoints, notifications, pages: rights are 32-bit masks
CAPS = {"supervisor": "CAP_SUPERVISOR", "shutdown": "CAP_SHUTDOWN"}
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,14}$")


class DescError(Exception):
    pass


def parse_size(text, what):
    m = re.fullmatch(r"\s*(0x[0-9a-fA-F]+|\d+)\s*([KkMm]?)\s*", text or "")
    if not m:
        raise DescError(f"{what}: '{text}' is not a size (examples: 512, 4K, 1M, 0x1000)")
    value = int(m.group(1), 0)
    return value * {"": 1, "k": 1024, "m": 1024 * 1024}[m.group(2).lower()]


def parse_count(text, what, lo, hi=0xFFFFFFFF):
    """A whole number in lo..hi (a description value, so a clear message if it is not)."""
    try:
        value = int(text)
    except (TypeError, ValueError):
        value = None
    if value is None or not lo <= value <= hi:
        raise DescError(f"{what}: '{text}' must be a whole number from {lo} to {hi}")
    return value


def check_keys(sec, known, where):
    """Refuse keys a section does not know (a typo would otherwise be ignored silently)."""
    unknown = set(sec.keys()) - known
    if unknown:
        raise DescError(f"{where}: unknown key(s) {', '.join(sorted(unknown))} "
                        f"(known: {', '.join(sorted(known))})")


def read_ini(path, base=None):
    """One .ini file; with base, that file is read first and path's keys replace its keys."""
    cp = configparser.ConfigParser(inline_comment_prefixes=("#", ";"), interpolation=None)
    try:
        for name in ([base] if base else []) + [path]:
            with open(name) as f:
                cp.read_file(f)
    except (configparser.Error, OSError) as e:
        raise DescError(f"{path}: {e}")
    return cp


BOARD_KEYS = {"name", "cpu", "mpu", "mpu_slots", "irqs", "cpu_hz"}
MEMORY_KEYS = {"flash", "ram", "kernel_flash", "kernel_ram"}
MPU_KINDS = {"pmsav7", "pmsav8"}


class Board:
    """board.ini, checked as strictly as a system description: every error names the file,
    the section and the key."""

    def __init__(self, path):
        cp = read_ini(path)
        for section in ("board", "memory", "peripherals"):
            if not cp.has_section(section):
                raise DescError(f"{path}: section [{section}] is missing")
        unknown = set(cp.sections()) - {"board", "memory", "peripherals"}
        if unknown:
            raise DescError(f"{path}: unknown section(s) {', '.join(sorted(unknown))}")
        b, mem = cp["board"], cp["memory"]
        check_keys(b, BOARD_KEYS, f"{path}: [board]")
        check_keys(mem, MEMORY_KEYS, f"{path}: [memory]")
        for key in ("name", "cpu"):
            if not b.get(key, "").strip():
                raise DescError(f"{path}: [board] '{key}' is missing")
        self.name = b["name"].strip()
        self.mpu = b.get("mpu", "pmsav7").strip()
        if self.mpu not in MPU_KINDS:
            raise DescError(f"{path}: [board] mpu '{self.mpu}' is not one of "
                            f"{', '.join(sorted(MPU_KINDS))}")
        self.mpu_slots = parse_count(b.get("mpu_slots", "8"), f"{path}: [board] mpu_slots", 1, 16)
        self.irq_count = parse_count(b.get("irqs", "32"), f"{path}: [board] irqs", 1, 496)
        self.cpu_hz = parse_count(b.get("cpu_hz", "0"), f"{path}: [board] cpu_hz", 0)
        for key in sorted(MEMORY_KEYS):
            if key not in mem:
                raise DescError(f"{path}: [memory] '{key}' is missing")
        self.flash = self._range(mem["flash"], f"{path}: [memory] flash")
        self.ram = self._range(mem["ram"], f"{path}: [memory] ram")
        self.kernel_flash = parse_size(mem["kernel_flash"], f"{path}: [memory] kernel_flash")
        self.kernel_ram = parse_size(mem["kernel_ram"], f"{path}: [memory] kernel_ram")
        if self.kernel_flash >= self.flash[1]:
            raise DescError(f"{path}: [memory] kernel_flash leaves no flash for the tasks")
        if self.kernel_ram >= self.ram[1]:
            raise DescError(f"{path}: [memory] kernel_ram leaves no RAM for the tasks")
        self.periph = {}  # name -> (base, size)
        self.irqs = {}    # irq name -> (number, peripheral)
        numbers = {}      # irq number -> irq name
        for name, spec in cp["peripherals"].items():
            where = f"{path}: [peripherals] {name}"
            if not NAME_RE.match(name):
                raise DescError(f"{where}: a name is a lower-case letter, then up to 14 "
                                "letters, digits or '_'")
            words = spec.split()
            if len(words) < 2:
                raise DescError(f"{where}: '{spec}' must be 'base size [irq:number ...]'")
            self.periph[name] = self._range(" ".join(words[:2]), where)
            for irq in words[2:]:
                m = re.fullmatch(r"([a-z][a-z0-9_]{0,14}):(\d+)", irq)
                if not m:
                    raise DescError(f"{where}: '{irq}' is not an interrupt 'name:number'")
                iname, num = m.group(1), int(m.group(2))
                if num >= self.irq_count:
                    raise DescError(f"{where}: interrupt {iname} number {num} is not below "
                                    f"irqs = {self.irq_count}")
                if iname in self.irqs or num in numbers:
                    raise DescError(f"{where}: interrupt '{irq}' repeats a name or number "
                                    f"already given")
                self.irqs[iname] = (num, name)
                numbers[num] = iname

    @staticmethod
    def _range(text, what):
        words = text.split()
        if len(words) != 2:
            raise DescError(f"{what}: '{text}' must be 'base size' (example: 0x20000000 4M)")
        try:
            base = int(words[0], 0)
        except ValueError:
            raise DescError(f"{what}: base '{words[0]}' is not a number")
        return base, parse_size(words[1], what)

    def region_error(self, base, size):
        """Why (base, size) cannot be one MPU region, or None."""
        if self.mpu == "pmsav7":
            if size < 32 or size & (size - 1):
                return f"size {size} is not a power of two of at least 32 bytes"
            if base % size:
                return f"base 0x{base:08x} is not aligned to its size {size}"
        elif self.mpu == "pmsav8":
            if size < 32 or size % 32 or base % 32:
                return "base and size must be multiples of 32 bytes"
        return None


class Task:
    def __init__(self, name, sec, path):
        self.name = name
        self.where = f"{path}: task '{name}'"
        check_keys(sec, TASK_KEYS, self.where)
        self.sources = sec.get("sources", "").split()
        if not self.sources:
            raise DescError(f"{self.where}: 'sources' is missing")
        self.entry = sec.get("entry", "main")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", self.entry):
            raise DescError(f"{self.where}: entry '{self.entry}' is not a C function name")
        try:
            self.priority = int(sec.get("priority", ""))
        except ValueError:
            raise DescError(f"{self.where}: 'priority' must be a number from 0 (most urgent) "
                            f"to {IDLE_PRIORITY - 1}")
        if not 0 <= self.priority < IDLE_PRIORITY:
            raise DescError(f"{self.where}: priority {self.priority} is outside 0.."
                            f"{IDLE_PRIORITY - 1} ({IDLE_PRIORITY} is the idle task's)")
        self.flash = parse_size(sec.get("flash", "8K"), f"{self.where}: flash")
        self.ram = parse_size(sec.get("ram", "4K"), f"{self.where}: ram")
        self.stack = parse_size(sec.get("stack", "1K"), f"{self.where}: stack")
        self.peripherals = sec.get("peripherals", "").replace(",", " ").split()
        self.irqs = sec.get("irqs", "").replace(",", " ").split()
        self.caps = sec.get("caps", "").replace(",", " ").split()
        self.restart = sec.get("restart", "never").strip()
        if self.restart not in RESTART_MODES:
            raise DescError(f"{self.where}: restart = '{self.restart}' must be one of "
                            f"{', '.join(sorted(RESTART_MODES))}")
        self.backoff_ms = parse_count(sec.get("backoff_ms", "100"), f"{self.where}: backoff_ms",
                                      1, 60000)
        hold = sec.get("hold_after", "").strip()
        m = re.fullmatch(r"(\d+)\s*/\s*(\d+)\s*s", hold) if hold else None
        if hold and not m:
            raise DescError(f"{self.where}: hold_after = '{hold}' must look like '3/10s' "
                            f"(hold the task after 3 restarts within 10 seconds)")
        self.hold_count, self.hold_window_s = (int(m.group(1)), int(m.group(2))) if m else (0, 0)
        if hold and (self.hold_count < 1 or self.hold_window_s < 1):
            raise DescError(f"{self.where}: hold_after = '{hold}': both numbers must be >= 1")
        self.windows = parse_count(sec.get("windows", "0"), f"{self.where}: windows", 0)
        self.pages = parse_count(sec.get("pages", "0"), f"{self.where}: pages", 0)
        self.flash_base = self.ram_base = None


def words(sec, key):
    return sec.get(key, "").replace(",", " ").split()


class Endpoint:
    def __init__(self, name, sec, path):
        self.name = name
        self.where = f"{path}: endpoint '{name}'"
        check_keys(sec, ENDPOINT_KEYS, self.where)
        self.receivers = words(sec, "receivers")
        self.senders = {}  # task -> badge (None: the default, task index + 1)
        for w in words(sec, "senders"):
            task, _, badge = w.partition(":")
            if task in self.senders:
                raise DescError(f"{self.where}: sender '{task}' is listed twice")
            try:
                self.senders[task] = int(badge, 0) if badge else None
            except ValueError:
                raise DescError(f"{self.where}: badge '{badge}' of sender '{task}' is not a "
                                f"number")
            if badge and not 1 <= self.senders[task] <= 0xFFFFFFFF:
                raise DescError(f"{self.where}: badge {badge} of sender '{task}' is outside "
                                f"1..0xffffffff (0 means 'from the kernel')")
        self.grant = words(sec, "grant")
        if not self.receivers:
            raise DescError(f"{self.where}: no receivers")


class Notification:
    def __init__(self, name, sec, path):
        self.name = name
        self.where = f"{path}: notification '{name}'"
        check_keys(sec, NTFN_KEYS, self.where)
        self.waiter = sec.get("waiter", "").strip()
        if not self.waiter:
            raise DescError(f"{self.where}: 'waiter' (the one task that waits on it) is missing")
        self.signalers = words(sec, "signalers")
        self.irqs = {}  # irq name -> bit
        for w in words(sec, "irqs"):
            irq, _, bit = w.partition(":")
            if not bit.isdigit() or int(bit) > 31:
                raise DescError(f"{self.where}: irqs entry '{w}' must be IRQNAME:BIT with BIT "
                                f"0..31")
            if irq in self.irqs:
                raise DescError(f"{self.where}: IRQ '{irq}' is listed twice")
            self.irqs[irq] = int(bit)
        self.fault_bit = self.kernel_bit(sec, "faults", "an IRQ", set(self.irqs.values()))
        self.klog_bit = self.kernel_bit(sec, "klog", "an IRQ or 'faults'",
                                        set(self.irqs.values()) | {self.fault_bit})
        if len(set(self.irqs.values())) != len(self.irqs):
            raise DescError(f"{self.where}: two interrupts share one bit")

    def kernel_bit(self, sec, key, taken_by, taken):
        """A bit the kernel signals (`faults`, `klog`): 0..31, not one in taken; None if absent."""
        v = sec.get(key, "").strip()
        if v and (not v.isdigit() or int(v) > 31):
            raise DescError(f"{self.where}: {key} = '{v}' must be a bit number 0..31")
        bit = int(v) if v else None
        if bit is not None and bit in taken:
            raise DescError(f"{self.where}: bit {bit} is both '{key}' and {taken_by}")
        return bit


def read_system_ini(path, repo):
    """The description in path, on top of the one its [system] 'extends' names, if any: the
    base is read first and this file's keys replace the base's, section by section (a new
    section is added). Returns the parser and the base's path (or None)."""
    cp = read_ini(path)
    base = cp.get("system", "extends", fallback="").strip()
    if not base:
        return cp, None
    base_path = os.path.join(repo, base)
    if not os.path.isfile(base_path):
        raise DescError(f"{path}: [system] extends '{base}', which does not exist")
    if read_ini(base_path).get("system", "extends", fallback="").strip():
        raise DescError(f"{path}: [system] extends '{base}', which extends another description "
                        "(one level only)")
    merged = read_ini(path, base=base_path)
    merged.remove_option("system", "extends")
    return merged, base


def load_system(path, board, repo):
    cp, base = read_system_ini(path, repo)
    if "system" not in cp:
        raise DescError(f"{path}: missing [system] section")
    sysec = cp["system"]
    check_keys(sysec, SYSTEM_KEYS, f"{path}: [system]")
    system = {
        "name": sysec.get("name", os.path.basename(os.path.dirname(path))),
        "tick_hz": parse_count(sysec.get("tick_hz", "1000"), f"{path}: [system] tick_hz", 1),
        "slice_ticks": parse_count(sysec.get("slice_ticks", "10"),
                                   f"{path}: [system] slice_ticks", 0),
        # extra kernel files for this image only (tests of the kernel's own failure paths)
        "kernel_sources": sysec.get("kernel_sources", "").split(),
        "page_size": parse_size(sysec.get("page_size", "1K"), f"{path}: [system] page_size"),
        "extends": base,
        "fastpath": sysec.get("fastpath", "on").strip(),
    }
    if system["fastpath"] not in ("on", "off"):
        raise DescError(f"{path}: [system] fastpath '{system['fastpath']}' must be on or off")
    for src in system["kernel_sources"]:
        if not os.path.exists(os.path.join(repo, src)):
            raise DescError(f"{path}: [system]: kernel source '{src}' does not exist")
    tasks, endpoints, ntfns = [], [], []
    declared = set()
    for section in cp.sections():
        if section == "system":
            continue
        m = re.fullmatch(r"(task|endpoint|notification)\s+(\S+)", section)
        if not m:
            raise DescError(f"{path}: section [{section}] is not [system], [task NAME], "
                            f"[endpoint NAME] or [notification NAME]")
        kind, name = m.group(1), m.group(2)
        if (kind, name) in declared:
            raise DescError(f"{path}: [{section}]: {kind} '{name}' is declared twice")
        declared.add((kind, name))
        if kind != "task":
            if not NAME_RE.match(name):
                raise DescError(f"{path}: {kind} name '{name}' must be 1-15 lower-case "
                                f"letters, digits or '_', starting with a letter")
            obj = (Endpoint if kind == "endpoint" else Notification)(name, cp[section], path)
            (endpoints if kind == "endpoint" else ntfns).append(obj)
            continue
        if not NAME_RE.match(name) or name == "idle":
            raise DescError(f"{path}: task name '{name}' must be 1-15 lower-case letters, digits "
                            f"or '_', start with a letter, and not be 'idle'")
        tasks.append(Task(name, cp[section], path))
    if not tasks:
        raise DescError(f"{path}: no [task NAME] sections")
    for t in tasks:
        for src in t.sources:
            if not os.path.exists(os.path.join(repo, src)):
                raise DescError(f"{t.where}: source '{src}' does not exist")
    if len(tasks) + 1 > MAX_OBJECTS:
        raise DescError(f"{path}: {len(tasks)} tasks and the idle task; at most {MAX_OBJECTS} "
                        f"(rights and grants are 32-bit masks over tasks)")
    if board.cpu_hz and not 2 <= board.cpu_hz // system["tick_hz"] <= 1 << 24:
        raise DescError(f"{path}: [system] tick_hz {system['tick_hz']} cannot be made from the "
                        f"{board.cpu_hz} Hz clock by SysTick (24-bit reload): use "
                        f"{board.cpu_hz // (1 << 24) + 1}..{board.cpu_hz // 2}")
    idle = Task("idle", {"sources": "user/lib/idle.c", "entry": "idle_main", "priority": "0",
                         "flash": "1K", "ram": "256", "stack": "160"}, "(kernel)")
    idle.priority = IDLE_PRIORITY
    tasks.append(idle)
    for what, objs in (("endpoints", endpoints), ("notifications", ntfns)):
        if len(objs) > MAX_OBJECTS:
            raise DescError(f"{path}: {len(objs)} {what}; at most {MAX_OBJECTS}")
    system["klog_size"] = klog_size(sysec, ntfns, path)
    return system, tasks, endpoints, ntfns


def klog_size(sysec, ntfns, path):
    """Bytes of the kernel's log ring: only a system with a drainer (a klog bit) has one."""
    drained = any(n.klog_bit is not None for n in ntfns)
    if "klog_size" not in sysec:
        return KLOG_DEFAULT_SIZE if drained else 0
    what = f"{path}: [system] klog_size"
    if not drained:
        raise DescError(f"{what}: no notification has a 'klog' bit, so nobody drains the "
                        f"kernel's log and it has no ring (remove klog_size)")
    size = parse_size(sysec["klog_size"], what)
    if size & (size - 1) or not KLOG_MIN_SIZE <= size <= KLOG_MAX_SIZE:
        raise DescError(f"{what}: {sysec['klog_size'].strip()} must be a power of two from "
                        f"{KLOG_MIN_SIZE} to {KLOG_MAX_SIZE // 1024}K")
    return size


def check_tasks(tasks, board):
    owner_p, owner_i = {}, {}
    for t in tasks:
        for what, size in (("flash", t.flash), ("ram", t.ram)):
            err = board.region_error(0, size)
            if err:
                raise DescError(f"{t.where}: {what} region: {err} (MPU rule of {board.mpu})")
        if t.stack % 8 or t.stack < 128:
            raise DescError(f"{t.where}: stack {t.stack} must be a multiple of 8 and >= 128")
        if t.stack + 64 > t.ram:
            raise DescError(f"{t.where}: stack {t.stack} leaves no room in ram {t.ram}")
        for p in t.peripherals:
            if p not in board.periph:
                raise DescError(f"{t.where}: unknown peripheral '{p}' (board {board.name} has: "
                                f"{', '.join(sorted(board.periph))})")
            if p in owner_p:
                raise DescError(f"{t.where}: peripheral '{p}' is already owned by task "
                                f"'{owner_p[p]}'")
            owner_p[p] = t.name
            err = board.region_error(*board.periph[p])
            if err:
                raise DescError(f"{t.where}: peripheral '{p}' cannot be an MPU region: {err}")
        for i in t.irqs:
            if i not in board.irqs:
                raise DescError(f"{t.where}: unknown IRQ '{i}' (board {board.name} has: "
                                f"{', '.join(sorted(board.irqs))})")
            if board.irqs[i][1] not in t.peripherals:
                raise DescError(f"{t.where}: IRQ '{i}' belongs to peripheral "
                                f"'{board.irqs[i][1]}', which the task does not own")
            if i in owner_i:
                raise DescError(f"{t.where}: IRQ '{i}' is already owned by task '{owner_i[i]}'")
            owner_i[i] = t.name
        for c in t.caps:
            if c not in CAPS:
                raise DescError(f"{t.where}: unknown capability '{c}' (known: "
                                f"{', '.join(sorted(CAPS))})")
        regions = 2 + len(t.peripherals) + t.windows
        if regions > board.mpu_slots:
            raise DescError(f"{t.where}: needs {regions} MPU regions (code, RAM, "
                            f"{len(t.peripherals)} peripherals, {t.windows} windows) but a "
                            f"task has only {board.mpu_slots}")
        if t.pages and not t.windows:
            raise DescError(f"{t.where}: owns {t.pages} pages but has no window to map them")


def check_ipc(tasks, endpoints, ntfns, board):
    """Names, ownership of interrupts, and the priority rule: calls only go uphill."""
    by_name = {t.name: t for t in tasks}

    def task(name, where, role):
        if name not in by_name or name == "idle":
            raise DescError(f"{where}: {role} '{name}' is not a task of this system")
        return by_name[name]

    for e in endpoints:
        recv = [task(n, e.where, "receiver") for n in e.receivers]
        send = [task(n, e.where, "sender") for n in e.senders]
        for n in e.grant:
            task(n, e.where, "grant holder")
            if n not in e.senders and n not in e.receivers:
                raise DescError(f"{e.where}: '{n}' holds grant but neither sends nor receives")
        for s_ in send:
            for r in recv:
                if s_.priority < r.priority:
                    raise DescError(
                        f"{e.where}: sender '{s_.name}' (priority {s_.priority}) is more urgent "
                        f"than receiver '{r.name}' (priority {r.priority}); messages may only "
                        f"go to receivers of equal or more urgent priority (docs/ipc.md, "
                        f"'Priorities')")
    waiters = {}
    for n in ntfns:
        w = task(n.waiter, n.where, "waiter")
        if w.name in waiters:
            raise DescError(f"{n.where}: task '{w.name}' already waits on notification "
                            f"'{waiters[w.name]}'; a task waits on one notification")
        waiters[w.name] = n.name
        for s_ in n.signalers:
            task(s_, n.where, "signaler")
        for irq in n.irqs:
            if irq not in w.irqs:
                raise DescError(f"{n.where}: IRQ '{irq}' is not owned by the waiter "
                                f"'{w.name}' (add it to the task's 'irqs')")
    drainers = [n for n in ntfns if n.klog_bit is not None]
    if len(drainers) > 1:
        raise DescError(f"{drainers[1].where}: 'klog' is already a bit of notification "
                        f"'{drainers[0].name}'; the kernel's log has one reader")
    routed = {irq for n in ntfns for irq in n.irqs}
    for t in tasks:
        for irq in t.irqs:
            if irq not in routed:
                raise DescError(f"{t.where}: owns IRQ '{irq}' but no notification delivers it "
                                f"(add '{irq}:BIT' to the irqs of a notification it waits on)")


def place_pages(tasks, board, system, path):
    """The shared-page pool: after the tasks' RAM, each page aligned to its size."""
    size = system["page_size"]
    err = board.region_error(0, size)
    if err:
        raise DescError(f"{path}: [system] page_size: {err}")
    count = sum(t.pages for t in tasks)
    if count > MAX_OBJECTS:
        raise DescError(f"{path}: {count} shared pages; at most {MAX_OBJECTS}")
    ram_end = board.ram[0] + board.ram[1]
    addr = max(t.ram_base + t.ram for t in tasks)
    addr = (addr + size - 1) // size * size
    pages = []
    for t in tasks:
        for k in range(t.pages):
            if addr + size > ram_end:
                raise DescError(f"{path}: task '{t.name}': its page {k} would end at "
                                f"0x{addr + size:08x}, beyond the end of RAM at "
                                f"0x{ram_end:08x}; use fewer or smaller pages")
            pages.append((addr, size, t, k))
            addr += size
    return pages


def place(tasks, key, start, end, what, path):
    """Give each task an aligned region in [start, end), largest first (no padding between)."""
    addr = start
    for t in sorted(tasks, key=lambda t: -getattr(t, key)):
        size = getattr(t, key)
        addr = (addr + size - 1) // size * size
        if addr + size > end:
            raise DescError(f"{path}: task '{t.name}': its {what} region ({size} bytes) does not "
                            f"fit: placed largest first, the tasks' {what} regions need up to "
                            f"0x{addr + size:08x}, beyond the end of {what} at 0x{end:08x}; "
                            f"make some regions smaller")
        setattr(t, key + "_base", addr)
        addr += size
    spans = sorted((getattr(t, key + "_base"), getattr(t, key), t.name) for t in tasks)
    for (b1, s1, n1), (b2, _, n2) in zip(spans, spans[1:]):
        if b1 + s1 > b2:
            raise DescError(f"internal: {what} regions of '{n1}' and '{n2}' overlap")


def regions_of(t, board):
    r = [(t.flash_base, t.flash, "MEM_CODE"), (t.ram_base, t.ram, "MEM_DATA")]
    r += [(board.periph[p][0], board.periph[p][1], "MEM_DEVICE") for p in t.peripherals]
    return r


def rights(t, tasks, endpoints, ntfns):
    idx = {x.name: i for i, x in enumerate(tasks)}
    send = sum(1 << i for i, e in enumerate(endpoints) if t.name in e.senders)
    recv = sum(1 << i for i, e in enumerate(endpoints) if t.name in e.receivers)
    grant = sum(1 << i for i, e in enumerate(endpoints) if t.name in e.grant)
    signal = sum(1 << i for i, n in enumerate(ntfns) if t.name in n.signalers)
    badges = []
    for e in endpoints:
        b = e.senders.get(t.name) if t.name in e.senders else 0
        badges.append(idx[t.name] + 1 if b is None else b)
    return send, recv, grant, signal, badges


def gen_ipc_tables(tasks, endpoints, ntfns, pages, board):
    idx = {t.name: i for i, t in enumerate(tasks)}
    out = ["const struct endpoint_desc sys_endpoint_descs[] = {"]
    out += [f"    {{\"{e.name}\"}}," for e in endpoints] or ["    {0},"]
    out += ["};", f"const uint32_t sys_endpoint_count = {len(endpoints)};"]
    for n in ntfns:
        bits = ["0xff"] * 32
        for irq, bit in n.irqs.items():
            bits[bit] = str(board.irqs[irq][0])
        out.append(f"static const uint8_t ntfn_{n.name}_irqs[32] = {{{', '.join(bits)}}};")
    out.append("const struct ntfn_desc sys_ntfn_descs[] = {")
    out += [f"    {{\"{n.name}\", {idx[n.waiter]}, ntfn_{n.name}_irqs, "
            f"{0 if n.fault_bit is None else 1 << n.fault_bit}u, "
            f"{0 if n.klog_bit is None else 1 << n.klog_bit}u}}," for n in ntfns] \
        or ["    {0},"]
    out += ["};", f"const uint32_t sys_ntfn_count = {len(ntfns)};",
            "const struct page_desc sys_page_descs[] = {"]
    out += [f"    {{0x{b:08x}u, {sz}u, {idx[t.name]}}}, /* {t.name} page {k} */"
            for b, sz, t, k in pages] or ["    {0},"]
    out += ["};", f"const uint32_t sys_page_count = {len(pages)};"]
    routes = [("IPC_NO_NTFN", 0)] * board.irq_count
    for i, n in enumerate(ntfns):
        for irq, bit in n.irqs.items():
            routes[board.irqs[irq][0]] = (str(i), f"1u << {bit}")
    out.append("const struct irq_route sys_irq_routes[] = {")
    out += [f"    {{{r}, {b}}}, /* IRQ {i} */" for i, (r, b) in enumerate(routes)]
    out += ["};", f"const uint32_t sys_irq_count = {board.irq_count};",
            f"_Static_assert(BOARD_IRQ_COUNT == {board.irq_count}, "
            '"board_regs.h and board.ini disagree on the number of interrupts");', ""]
    return out


def gen_tables(system, tasks, board, endpoints, ntfns, pages):
    out = ["/* Generated by tools/sysgen.py from the system description. Do not edit. */",
           '#include "board_regs.h"', '#include "sysdesc.h"', '#include "task.h"', ""]
    for t in tasks:
        n = t.name
        out.append(f"void __task_{n}_start(uintptr_t heap_start, uintptr_t heap_end);")
        out.append(f"extern char __task_{n}_data_load[], __task_{n}_data_start[], "
                   f"__task_{n}_data_end[], __task_{n}_bss_start[], __task_{n}_bss_end[];")
        regs = ", ".join(f"{{0x{b:08x}u, 0x{s:x}u, {a}}}" for b, s, a in regions_of(t, board))
        out.append(f"static const struct mem_region {n}_regions[] = {{{regs}}};")
        irqs = ", ".join(str(board.irqs[i][0]) for i in t.irqs) or "0"
        out.append(f"static const uint8_t {n}_irqs[] = {{{irqs}}};")
        badges = rights(t, tasks, endpoints, ntfns)[4]
        out.append(f"static const uint32_t {n}_badges[IPC_MAX_ENDPOINTS] = "
                   f"{{{', '.join(str(b) for b in badges) or '0'}}};")
        out.append("")
    out.append("const struct task_desc sys_task_descs[] = {")
    for t in tasks:
        n = t.name
        caps = " | ".join(CAPS[c] for c in t.caps) or "0"
        out += [f"    {{.name = \"{n}\",",
                f"     .entry = (uintptr_t)__task_{n}_start,",
                f"     .priority = {t.priority}, .caps = {caps},",
                f"     .ram_base = 0x{t.ram_base:08x}u, .ram_size = {t.ram}u, "
                f".stack_size = {t.stack}u,",
                f"     .data_load = (uintptr_t)__task_{n}_data_load,",
                f"     .data_start = (uintptr_t)__task_{n}_data_start,",
                f"     .data_end = (uintptr_t)__task_{n}_data_end,",
                f"     .bss_start = (uintptr_t)__task_{n}_bss_start,",
                f"     .bss_end = (uintptr_t)__task_{n}_bss_end,",
                f"     .regions = {n}_regions, .region_count = {len(regions_of(t, board))},",
                f"     .irqs = {n}_irqs, .irq_count = {len(t.irqs)},",
                "     .ep_send = 0x%xu, .ep_recv = 0x%xu, .ep_grant = 0x%xu, "
                ".ntfn_signal = 0x%xu," % rights(t, tasks, endpoints, ntfns)[:4],
                f"     .badges = {n}_badges, .windows = {t.windows}}},"]
    out += ["};", f"const uint32_t sys_task_count = {len(tasks)};",
            f"struct task sys_tasks[{len(tasks)}];",
            "void kernel_test_hook(void);" if system["kernel_sources"] else "",
            f"const struct sys_config sys_config = {{.name = \"{system['name']}\", "
            f".tick_hz = {system['tick_hz']}u, .slice_ticks = {system['slice_ticks']}u, "
            f".fastpath = {1 if system['fastpath'] == 'on' else 0}u, "
            f".test_hook = {'kernel_test_hook' if system['kernel_sources'] else '0'}, "
            f".klog_size = {system['klog_size']}u}};",
            f"char sys_klog_ring[{max(system['klog_size'], 1)}];", ""]
    out += gen_ipc_tables(tasks, endpoints, ntfns, pages, board)
    return "\n".join(out)


def gen_header(system, tasks, board, endpoints, ntfns, pages):
    out = ["/* Generated by tools/sysgen.py: the tasks of this system, for its tasks' code. */",
           "#ifndef PARLEY_SYSTEM_H", "#define PARLEY_SYSTEM_H", "",
           f"#define SYSTEM_NAME \"{system['name']}\"",
           f"#define SYSTEM_TICK_HZ {system['tick_hz']}u",
           f"#define SYSTEM_TASK_COUNT {len(tasks)}u", ""]
    for i, t in enumerate(tasks):
        u = t.name.upper()
        out += [f"#define TASK_{u} {i}u",
                f"#define TASK_{u}_FLASH_BASE 0x{t.flash_base:08x}u",
                f"#define TASK_{u}_FLASH_SIZE {t.flash}u",
                f"#define TASK_{u}_RAM_BASE 0x{t.ram_base:08x}u",
                f"#define TASK_{u}_RAM_SIZE {t.ram}u",
                f"#define TASK_{u}_STACK_SIZE {t.stack}u", ""]
    for p, (b, s) in sorted(board.periph.items()):
        out.append(f"#define PERIPH_{p.upper()}_BASE 0x{b:08x}u")
    out.append("")
    for i, e in enumerate(endpoints):
        out.append(f"#define EP_{e.name.upper()} {i}u")
        for t in tasks:
            if t.name in e.senders:
                out.append(f"#define BADGE_{e.name.upper()}_{t.name.upper()} "
                           f"{rights(t, tasks, endpoints, ntfns)[4][i]}u")
    for i, n in enumerate(ntfns):
        out.append(f"#define NTFN_{n.name.upper()} {i}u")
        for irq, bit in n.irqs.items():
            out.append(f"#define NTFN_{n.name.upper()}_{irq.upper()} (1u << {bit})")
        if n.fault_bit is not None:
            out.append(f"#define NTFN_{n.name.upper()}_FAULTS (1u << {n.fault_bit})")
        if n.klog_bit is not None:
            out.append(f"#define NTFN_{n.name.upper()}_KLOG (1u << {n.klog_bit})")
    for i, (b, sz, t, k) in enumerate(pages):
        out.append(f"#define PAGE_{t.name.upper()}_{k} {i}u")
    out.append(f"#define PAGE_SIZE {system['page_size']}u")
    out += ["", "/* Restart policy per task index, for a supervisor: {mode (0 never, 1 always,",
            " * 2 backoff), first back-off in ms (doubling), hold after this many restarts (0: never",
            " * hold), within this many seconds} */", "#define SYSTEM_RESTART_POLICIES \\"]
    out += ["    {" + ", ".join(f"{{{RESTART_MODES[t.restart]}u, {t.backoff_ms}u, {t.hold_count}u, "
                                f"{t.hold_window_s}u}}" for t in tasks) + "}"]
    out += ["", f"#define KERNEL_RAM_BASE 0x{board.ram[0]:08x}u",
            f"#define KERNEL_FLASH_BASE 0x{board.flash[0]:08x}u", "", "#endif", ""]
    return "\n".join(out)


def gen_linker(tasks):
    """Code first (ascending flash), then RAM (ascending), so '.' only ever moves forward."""
    out = ["/* Generated by tools/sysgen.py: each task's sections in its own MPU regions. */"]
    obj = "*/tasks/{}.task.o".format
    for t in sorted(tasks, key=lambda t: t.flash_base):
        n = t.name
        out += [f".task_{n}_text 0x{t.flash_base:08x} : {{",
                f"    {obj(n)}(.text .text.* .rodata .rodata.* .glue_7 .glue_7t .init_array* "
                f".fini_array* .preinit_array*)",
                "    . = ALIGN(4);", "}",
                f".task_{n}_exidx ADDR(.task_{n}_text) + SIZEOF(.task_{n}_text) : {{ "
                f"{obj(n)}(.ARM.exidx* .ARM.extab*) . = ALIGN(4); }}", ""]
    for t in sorted(tasks, key=lambda t: t.ram_base):
        n = t.name
        fend, rend = t.flash_base + t.flash, t.ram_base + t.ram
        out += [f".task_{n}_data 0x{t.ram_base + t.stack:08x} : AT(LOADADDR(.task_{n}_exidx) "
                f"+ SIZEOF(.task_{n}_exidx)) {{",
                f"    __task_{n}_data_start = .;",
                f"    {obj(n)}(.data .data.*)",
                "    . = ALIGN(4);",
                f"    __task_{n}_data_end = .;", "}",
                f"__task_{n}_data_load = LOADADDR(.task_{n}_data);",
                f".task_{n}_bss ADDR(.task_{n}_data) + SIZEOF(.task_{n}_data) (NOLOAD) : {{",
                f"    __task_{n}_bss_start = .;",
                f"    {obj(n)}(.bss .bss.* COMMON)",
                "    . = ALIGN(8);",
                f"    __task_{n}_bss_end = .;", "}",
                f"ASSERT(__task_{n}_data_load + SIZEOF(.task_{n}_data) <= 0x{fend:08x}, "
                f"\"task {n}: code and data do not fit its flash region; raise 'flash' in the "
                f"system description\")",
                f"ASSERT(__task_{n}_bss_end <= 0x{rend:08x} - 64, \"task {n}: stack, data and "
                f"bss do not fit its ram region; raise 'ram' in the system description\")", ""]
    return "\n".join(out)


def gen_memory(board):
    fb, rb = board.flash[0], board.ram[0]
    return (f"/* Generated by tools/sysgen.py from board {board.name}. */\n"
            f"MEMORY\n{{\n    KFLASH (rx)  : ORIGIN = 0x{fb:08x}, LENGTH = {board.kernel_flash}\n"
            f"    KRAM   (rw)  : ORIGIN = 0x{rb:08x}, LENGTH = {board.kernel_ram}\n}}\n")


def gen_make(img, system, tasks, outdir):
    v = f"IMG_{img}"
    lines = [f"# Generated by tools/sysgen.py for image {img}.",
             f"{v}_DIR := {outdir}", f"IMAGES += {img}", f"{v}_TASKOBJS :="]
    if system["extends"]:  # regenerate when the description it builds on changes
        lines += [f"{outdir}/image.mk: {system['extends']}"]
    for t in tasks:
        objs = [f"$({v}_DIR)/obj/{os.path.splitext(s)[0]}.o" for s in t.sources]
        start = f"$({v}_DIR)/tasks/{t.name}_start.c"
        tobj = f"$({v}_DIR)/tasks/{t.name}.task.o"
        lines += [f"{v}_TASKOBJS += {tobj}",
                  f"{tobj}: {start:s} {' '.join(objs)} $(LIBPARLEY)",
                  f"\t$(call task_link,{t.name},$({v}_DIR),{' '.join(objs)})"]
    kobjs = [f"$({v}_DIR)/kobj/{os.path.splitext(s)[0]}.o" for s in system["kernel_sources"]]
    lines += [f"{v}_KOBJS := {' '.join(kobjs)}",
              f"{v}_SRCS := {' '.join(sorted({s for t in tasks for s in t.sources}))}",
              f"$(eval $(call image_rules,{img}))", ""]
    return "\n".join(lines)


def runtime_eps(t, endpoints):
    """The well-known endpoints the task may send to: 'console' (stdout) and 'names'."""
    found = {e.name: i for i, e in enumerate(endpoints) if t.name in e.senders}
    return found.get("console", 0xff), found.get("names", 0xff)


def gen_start(t, endpoints):
    console, names = runtime_eps(t, endpoints)
    return ("/* Generated by tools/sysgen.py: the start routine of task '%s'. */\n"
            "#include <stdint.h>\n\n"
            "#include \"runtime.h\"\n\n"
            "int %s(void);\n"
            "void __task_%s_start(uintptr_t heap_start, uintptr_t heap_end);\n\n"
            "/* endpoints of the well-known services this task may use (0xff: none) */\n"
            "static const struct pl_runtime runtime = {.console_ep = %du, .names_ep = %du};\n\n"
            "void __task_%s_start(uintptr_t heap_start, uintptr_t heap_end)\n{\n"
            "    pl_task_run(%s, heap_start, heap_end, &runtime);\n}\n"
            % (t.name, t.entry, t.name, console, names, t.name, t.entry))


def gen_layout(system, tasks, board):
    lines = [f"system '{system['name']}' on {board.name}: {len(tasks)} tasks",
             f"  {'task':<16}{'prio':>5}  {'flash':<22}{'ram (stack at bottom)':<26}devices"]
    for t in tasks:
        fl = f"0x{t.flash_base:08x} {t.flash // 1024 if t.flash >= 1024 else t.flash}" \
             f"{'K' if t.flash >= 1024 else 'B'}"
        rm = f"0x{t.ram_base:08x} {t.ram // 1024 if t.ram >= 1024 else t.ram}" \
             f"{'K' if t.ram >= 1024 else 'B'} (stack {t.stack})"
        lines.append(f"  {t.name:<16}{t.priority:>5}  {fl:<22}{rm:<26}"
                     f"  {' '.join(t.peripherals) or '-'}")
    return "\n".join(lines) + "\n"


def write_if_changed(path, text):
    """Keep timestamps of unchanged outputs so make does not rebuild needlessly."""
    if os.path.exists(path):
        with open(path) as f:
            if f.read() == text:
                return
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--board", required=True, help="board.ini")
    ap.add_argument("--system", required=True, help="the image's system description (.ini)")
    ap.add_argument("--image", required=True, help="image name (make variable safe)")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--fastpath", choices=("on", "off"),
                    help="override [system] fastpath (the build's general-path test twins)")
    args = ap.parse_args()
    repo = os.getcwd()
    try:
        board = Board(args.board)
        system, tasks, endpoints, ntfns = load_system(args.system, board, repo)
        if args.fastpath:
            system["fastpath"] = args.fastpath
        check_tasks(tasks, board)
        check_ipc(tasks, endpoints, ntfns, board)
        place(tasks, "flash", board.flash[0] + board.kernel_flash,
              board.flash[0] + board.flash[1], "flash", args.system)
        place(tasks, "ram", board.ram[0] + board.kernel_ram, board.ram[0] + board.ram[1], "ram",
              args.system)
        pages = place_pages(tasks, board, system, args.system)
    except DescError as e:
        print(f"sysgen: error: {e}", file=sys.stderr)
        return 1
    os.makedirs(os.path.join(args.out, "tasks"), exist_ok=True)
    write_if_changed(os.path.join(args.out, "sys_tables.c"), gen_tables(system, tasks, board, endpoints,
                                                                        ntfns, pages))
    write_if_changed(os.path.join(args.out, "system.h"), gen_header(system, tasks, board, endpoints, ntfns,
                                                                    pages))
    write_if_changed(os.path.join(args.out, "tasks.ld"), gen_linker(tasks))
    write_if_changed(os.path.join(args.out, "memory.ld"), gen_memory(board))
    write_if_changed(os.path.join(args.out, "layout.txt"), gen_layout(system, tasks, board))
    for t in tasks:
        write_if_changed(os.path.join(args.out, "tasks", f"{t.name}_start.c"),
                         gen_start(t, endpoints))
    write_if_changed(os.path.join(args.out, "image.mk"), gen_make(args.image, system, tasks, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())

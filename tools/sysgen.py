#!/usr/bin/env python3
"""sysgen: turn a system description (.ini) into the static tables of one parley image.

Reads the board description (board/<board>/board.ini) and a system description, checks it,
and writes into the output directory:
  sys_tables.c  kernel tables: task descriptors, MPU regions, IRQ owners, system settings
  system_all.h  constants for the image's tasks (task indices, memory addresses, IPC objects)
  tasks/<task>/system.h  the same for one task, without the IPC objects it has no right on
  tasks.ld      linker placement: each task's code, data and bss in its own MPU-sized regions
  memory.ld     the kernel's own flash and RAM
  image.mk      make rules that build each task and link the image
  layout.txt    the memory map, as printed by `make`
Every error names the file, the task and the rule it breaks, and exits with status 1.
See docs/system-description.md for the format.
"""
import argparse
import functools
import os
import re
import sys

from sysgen_ini import (DescError, Lines, check_keys, hint, parse_count, parse_size,
                        read_ini)
from sysgen_limits import LIMITS
from sysgen_out import (CAPS, RESTART_MODES, gen_header, gen_layout, gen_linker, gen_make,
                        gen_memory, gen_start, gen_tables, write_if_changed)

IDLE_PRIORITY = LIMITS["PRIORITY_LEVELS"] - 1
TASK_KEYS = {"sources", "entry", "priority", "flash", "ram", "stack", "peripherals", "irqs",
             "caps", "windows", "pages", "restart", "backoff_ms", "hold_after", "server",
             "signals", "watch", "ceiling"}
SYSTEM_KEYS = {"name", "tick_hz", "slice_ticks", "kernel_sources", "page_size", "extends",
               "fastpath", "klog_size"}
KLOG_DEFAULT_SIZE = LIMITS["KLOG_DEFAULT_SIZE"]
KLOG_MIN_SIZE = LIMITS["KLOG_MIN_SIZE"]
KLOG_MAX_SIZE = LIMITS["KLOG_MAX_SIZE"]
ENDPOINT_KEYS = {"receivers", "senders", "grant"}
NTFN_KEYS = {"waiter", "signalers", "irqs", "faults", "klog"}
NAME_MAX = LIMITS["NAME_MAX"]
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,%d}$" % (NAME_MAX - 1))
# `restart = always` without hold_after: hold the task after 5 restarts within 10 seconds
DEFAULT_HOLD_AFTER = "5/10s"


BOARD_KEYS = {"name", "cpu", "mpu", "mpu_slots", "irqs", "cpu_hz", "timer_hz"}
MEMORY_KEYS = {"flash", "ram", "kernel_flash", "kernel_ram"}
# kernel_stack: optional, 4K unless a small board says less (the nRF51's 16K of RAM)
MEMORY_OPTIONAL_KEYS = {"kernel_stack"}
DEFAULT_KERNEL_STACK = 4096
# none: a core without an MPU (docs/porting.md, "ARMv6-M"): no region rule, no isolation
MPU_KINDS = {"pmsav6", "pmsav7", "pmsav8", "none"}
# The power-of-two MPUs (PMSAv7; PMSAv6, ARMv6-M's, has the same rule from a larger minimum):
# the smallest region each can hold
POW2_MIN_REGION = {"pmsav6": 256, "pmsav7": 32}


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
        check_keys(b, BOARD_KEYS, lambda key=None: f"{path}: [board]")
        check_keys(mem, MEMORY_KEYS | MEMORY_OPTIONAL_KEYS, lambda key=None: f"{path}: [memory]")
        for key in ("name", "cpu"):
            if not b.get(key, "").strip():
                raise DescError(f"{path}: [board] '{key}' is missing")
        self.name = b["name"].strip()
        self.cpu = b["cpu"].strip()
        self.mpu = b.get("mpu", "pmsav7").strip()
        if self.mpu not in MPU_KINDS:
            raise DescError(f"{path}: [board] mpu '{self.mpu}' is not one of "
                            f"{', '.join(sorted(MPU_KINDS))}")
        self.mpu_slots = parse_count(b.get("mpu_slots", "8"), f"{path}: [board] mpu_slots", 1, 16)
        self.irq_count = parse_count(b.get("irqs", "32"), f"{path}: [board] irqs", 1, 496)
        self.cpu_hz = parse_count(b.get("cpu_hz", "0"), f"{path}: [board] cpu_hz", 0)
        # the rate the timers tasks own count at (BOARD_TIMER_HZ): the core clock unless the
        # board says otherwise (QEMU's STM32 timers count nanoseconds of virtual time)
        self.timer_hz = parse_count(b.get("timer_hz", str(self.cpu_hz)),
                                    f"{path}: [board] timer_hz", 0)
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
        self.kernel_stack = parse_size(mem.get("kernel_stack", str(DEFAULT_KERNEL_STACK)),
                                       f"{path}: [memory] kernel_stack")
        if self.kernel_stack < 1024 or self.kernel_stack % 8:
            raise DescError(f"{path}: [memory] kernel_stack {self.kernel_stack} must be a multiple "
                            "of 8 bytes, at least 1K")
        if self.kernel_stack >= self.kernel_ram:
            raise DescError(f"{path}: [memory] kernel_stack leaves no kernel_ram for the kernel's "
                            "data")
        self.periph = {}  # name -> (base, size)
        self.device = {}  # name -> the peripheral whose device it is: itself, or another name's
        self.irqs = {}    # irq name -> (number, peripheral)
        numbers = {}      # irq number -> irq name
        others = {}       # name -> the peripheral named as its device (read after the others)
        for name, spec in cp["peripherals"].items():
            where = f"{path}: [peripherals] {name}"
            if not NAME_RE.match(name):
                raise DescError(f"{where}: a name is a lower-case letter, then up to {NAME_MAX - 1} "
                                "letters, digits or '_'")
            words = spec.split()
            if len(words) == 1 and NAME_RE.match(words[0]):
                others[name] = words[0]
                continue
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
                if iname in self.irqs:
                    raise DescError(f"{where}: interrupt '{irq}' repeats a name already given")
                # One line under several names is a device's shared line (an STM32 USART's
                # one interrupt named uart0_rx and uart0_tx): only within one peripheral.
                if num in numbers and self.irqs[numbers[num]][1] != name:
                    raise DescError(f"{where}: interrupt '{irq}' repeats the number of "
                                    f"'{numbers[num]}', an interrupt of peripheral "
                                    f"'{self.irqs[numbers[num]][1]}' (one line may have several "
                                    f"names only within one peripheral)")
                self.irqs[iname] = (num, name)
                numbers.setdefault(num, iname)
            self.device[name] = name
        self._read_other_names(path, others)
        self._check_apart(path)

    def _read_other_names(self, path, others):
        """`name = other`: a second role of the device of peripheral `other` (the RP2040's PWM
        block is both timer0 and dualtimer). The same base and size, no interrupts of its own;
        one task owns the device under either name or both (check_tasks), and both names give
        it one MPU region."""
        for name, other in others.items():
            if other in others or other not in self.device:
                why = ("itself a second name" if other in others else "not a peripheral "
                       f"with a base and a size{hint(other, self.device)}")
                raise DescError(f"{path}: [peripherals] {name}: '{other}' is {why}; a second "
                                f"name is 'name = peripheral'")
            self.periph[name] = self.periph[other]
            self.device[name] = other

    def _check_apart(self, path):
        """No two of the board's ranges (the peripherals, flash, RAM) may share an address.
        Each peripheral becomes an MPU region of the task that owns it: overlapping, a device
        would reach into another task's device or memory, and on PMSAv8 an address that two
        regions of one task match faults, even for the kernel."""
        spans = sorted([(b, s, f"[peripherals] {n}") for n, (b, s) in self.periph.items()
                        if self.device[n] == n] +
                       [(self.flash[0], self.flash[1], "[memory] flash"),
                        (self.ram[0], self.ram[1], "[memory] ram")])
        for (b1, s1, n1), (b2, s2, n2) in zip(spans, spans[1:]):
            if b1 + s1 > b2:
                raise DescError(f"{path}: {n2} (0x{b2:08x}, {s2} bytes) overlaps {n1} "
                                f"(0x{b1:08x}..0x{b1 + s1 - 1:08x}): every device must lie apart "
                                f"from the others and from flash and RAM (on {self.mpu} each is "
                                f"a task's MPU region)")

    def devices_of(self, t):
        """The devices task t owns, each once, in the order it names them: a device owned
        under two names (`name = other`) is one MPU region."""
        out = []
        for p in t.peripherals:
            if self.device[p] not in out:
                out.append(self.device[p])
        return out

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

    def align(self, size):
        """The alignment a region of `size` bytes needs on this board's MPU."""
        return size if self.mpu in POW2_MIN_REGION else 32  # pmsav8's granule; `none` too

    def region_error(self, base, size):
        """Why (base, size) cannot be one MPU region, or None."""
        if self.mpu in POW2_MIN_REGION:
            least = POW2_MIN_REGION[self.mpu]
            if size < least or size & (size - 1):
                return f"size {size} is not a power of two of at least {least} bytes"
            if base % size:
                return f"base 0x{base:08x} is not aligned to its size {size}"
        elif self.mpu == "pmsav8":
            if size < 32 or size % 32 or base % 32:
                return "base and size must be multiples of 32 bytes"
        return None  # mpu = none: no hardware rule (and no hardware protection)


class Task:
    def __init__(self, name, sec, where, warn):
        self.name = name
        self.at = where  # key -> 'file:line: task NAME'
        self.where = where()
        check_keys(sec, TASK_KEYS, where)
        self.sources = sec.get("sources", "").split()
        if not self.sources:
            raise DescError(f"{self.where}: 'sources' is missing")
        self.entry = sec.get("entry", "main")
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", self.entry):
            raise DescError(f"{where('entry')}: entry '{self.entry}' is not a C function name")
        try:
            self.priority = int(sec.get("priority", ""))
        except ValueError:
            raise DescError(f"{where('priority')}: 'priority' must be a number from 0 (most "
                            f"urgent) to {IDLE_PRIORITY - 1}")
        if not 0 <= self.priority < IDLE_PRIORITY:
            raise DescError(f"{where('priority')}: priority {self.priority} is outside 0.."
                            f"{IDLE_PRIORITY - 1} ({IDLE_PRIORITY} is the idle task's)")
        self.flash = parse_size(sec.get("flash", "8K"), f"{where('flash')}: flash")
        self.ram = parse_size(sec.get("ram", "4K"), f"{where('ram')}: ram")
        self.stack = parse_size(sec.get("stack", "1K"), f"{where('stack')}: stack")
        self.peripherals = sec.get("peripherals", "").replace(",", " ").split()
        self.irqs = sec.get("irqs", "").replace(",", " ").split()
        self.caps = sec.get("caps", "").replace(",", " ").split()
        # Tasks this one may send signals to (docs/system-description.md); `*`: every task.
        self.signals = sec.get("signals", "").replace(",", " ").split()
        # Tasks whose stop (fault, exit) sends this one PL_SIGCHLD.
        self.watch = sec.get("watch", "").replace(",", " ").split()
        # The most urgent priority the task may raise itself to (pl_prio_set: a priority-ceiling
        # mutex, docs/ipc.md "Priorities"); default: its own priority, no raise.
        self.ceiling = self.priority
        if "ceiling" in sec:
            try:
                self.ceiling = int(sec["ceiling"])
            except ValueError:
                raise DescError(f"{where('ceiling')}: 'ceiling' must be a priority number")
            if not 0 <= self.ceiling <= self.priority:
                raise DescError(f"{where('ceiling')}: ceiling {self.ceiling} must be from 0 to "
                                f"the task's own priority {self.priority} (as urgent or more)")
        self.windows = parse_count(sec.get("windows", "0"), f"{where('windows')}: windows", 0)
        self.pages = parse_count(sec.get("pages", "0"), f"{where('pages')}: pages", 0)
        self.read_restart(sec, warn)
        # The struct pl_server its sources export (include/parley/server.h): in MODE=mono the
        # task is not made; the server is linked into the kernel instead (docs/contrast.md).
        self.server = sec.get("server", "").strip() or None
        if self.server and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", self.server):
            raise DescError(f"{where('server')}: server '{self.server}' is not a C name (the "
                            f"struct pl_server its sources export)")
        self.default_badge = None  # MODE=mono gives servers in the kernel one (sysgen_out)
        self.flash_base = self.ram_base = None

    def read_restart(self, sec, warn):
        """restart, backoff_ms, hold_after. `always` without hold_after gets
        DEFAULT_HOLD_AFTER, so that a task that faults at once cannot restart in a storm and
        starve the others; `hold_after = none` takes that limit away, with a warning."""
        where = self.at
        self.restart = sec.get("restart", "never").strip()
        if self.restart not in RESTART_MODES:
            raise DescError(f"{where('restart')}: restart = '{self.restart}' must be one of "
                            f"{', '.join(sorted(RESTART_MODES))}{hint(self.restart, RESTART_MODES)}")
        self.backoff_ms = parse_count(sec.get("backoff_ms", "100"),
                                      f"{where('backoff_ms')}: backoff_ms", 1, 60000)
        given = sec.get("hold_after", "").strip()
        hold = given or (DEFAULT_HOLD_AFTER if self.restart == "always" else "none")
        self.hold_count = self.hold_window_s = 0
        if hold == "none":
            if given and self.restart == "always":
                warn(f"{where('hold_after')}: restart = always with hold_after = none has no "
                     f"limit: a task that faults as it starts is restarted over and over, as "
                     f"fast as it can, and starves every less urgent task (give hold_after, "
                     f"e.g. {DEFAULT_HOLD_AFTER}, or restart = backoff)")
            return
        m = re.fullmatch(r"(\d+)\s*/\s*(\d+)\s*s", hold)
        if not m:
            raise DescError(f"{where('hold_after')}: hold_after = '{hold}' must look like '3/10s' "
                            f"(hold the task after 3 restarts within 10 seconds) or be 'none'")
        self.hold_count, self.hold_window_s = int(m.group(1)), int(m.group(2))
        if self.hold_count < 1 or self.hold_window_s < 1:
            raise DescError(f"{where('hold_after')}: hold_after = '{hold}': both numbers must "
                            f"be >= 1")


def words(sec, key):
    return sec.get(key, "").replace(",", " ").split()


class Endpoint:
    def __init__(self, name, sec, where):
        self.name = name
        self.at = where
        self.where = where()
        check_keys(sec, ENDPOINT_KEYS, where)
        self.receivers = words(sec, "receivers")
        self.senders = {}  # task -> badge (None: the default, task index + 1)
        at = where("senders")
        listed = words(sec, "senders")
        # 'senders = none' says on purpose that nobody may send (a test's trap, say): no warning
        self.no_senders_meant = listed == ["none"]
        if self.no_senders_meant:
            listed = []
        elif "none" in listed:
            raise DescError(f"{at}: 'none' means no senders; it cannot be listed with others")
        for w in listed:
            task, _, badge = w.partition(":")
            if task in self.senders:
                raise DescError(f"{at}: sender '{task}' is listed twice")
            try:
                self.senders[task] = int(badge, 0) if badge else None
            except ValueError:
                raise DescError(f"{at}: badge '{badge}' of sender '{task}' is not a number")
            if badge and not 1 <= self.senders[task] <= 0xFFFFFFFF:
                raise DescError(f"{at}: badge {badge} of sender '{task}' is outside "
                                f"1..0xffffffff (0 means 'from the kernel')")
        self.grant = words(sec, "grant")
        if not self.receivers:
            raise DescError(f"{self.where}: no receivers")


class Notification:
    def __init__(self, name, sec, where):
        self.name = name
        self.at = where
        self.where = where()
        check_keys(sec, NTFN_KEYS, where)
        self.waiter = sec.get("waiter", "").strip()
        if not self.waiter:
            raise DescError(f"{self.where}: 'waiter' (the one task that waits on it) is missing")
        self.signalers = words(sec, "signalers")
        self.irqs = {}  # irq name -> bit
        for w in words(sec, "irqs"):
            irq, _, bit = w.partition(":")
            if not bit.isdigit() or int(bit) > 31:
                raise DescError(f"{where('irqs')}: irqs entry '{w}' must be IRQNAME:BIT with "
                                f"BIT 0..31")
            if irq in self.irqs:
                raise DescError(f"{where('irqs')}: IRQ '{irq}' is listed twice")
            self.irqs[irq] = int(bit)
        self.fault_bit = self.kernel_bit(sec, "faults", "an IRQ", set(self.irqs.values()))
        self.klog_bit = self.kernel_bit(sec, "klog", "an IRQ or 'faults'",
                                        set(self.irqs.values()) | {self.fault_bit})
        if len(set(self.irqs.values())) != len(self.irqs):
            raise DescError(f"{where('irqs')}: two interrupts share one bit")

    def kernel_bit(self, sec, key, taken_by, taken):
        """A bit the kernel signals (`faults`, `klog`): 0..31, not one in taken; None if absent."""
        v = sec.get(key, "").strip()
        if v and (not v.isdigit() or int(v) > 31):
            raise DescError(f"{self.at(key)}: {key} = '{v}' must be a bit number 0..31")
        bit = int(v) if v else None
        if bit is not None and bit in taken:
            raise DescError(f"{self.at(key)}: bit {bit} is both '{key}' and {taken_by}")
        return bit


def read_system_ini(path, repo):
    """The description in path, on top of the one its [system] 'extends' names, if any: the
    base is read first and this file's keys replace the base's, section by section (a new
    section is added). Returns the parser, the base's path (or None), and the Lines of both."""
    cp = read_ini(path)
    base = cp.get("system", "extends", fallback="").strip()
    if not base:
        return cp, None, Lines([path])
    at = Lines([path]).at("system", "extends")
    base_path = os.path.join(repo, base)
    if not os.path.isfile(base_path):
        raise DescError(f"{at}: [system] extends '{base}', which does not exist")
    if read_ini(base_path).get("system", "extends", fallback="").strip():
        raise DescError(f"{at}: [system] extends '{base}', which extends another description "
                        "(one level only)")
    merged = read_ini(path, base=base_path)
    merged.remove_option("system", "extends")
    # the base by the name it was given (relative to the repository), as the user knows it
    return merged, base, Lines([base if not os.path.isabs(base) else base_path, path])


def read_system_section(sysec, path, lines, repo):
    sys_at = lines.locator("system", "[system]")
    check_keys(sysec, SYSTEM_KEYS, sys_at)
    system = {
        "name": sysec.get("name", os.path.basename(os.path.dirname(path))),
        "tick_hz": parse_count(sysec.get("tick_hz", "1000"), f"{sys_at('tick_hz')} tick_hz", 1),
        "slice_ticks": parse_count(sysec.get("slice_ticks", "10"),
                                   f"{sys_at('slice_ticks')} slice_ticks", 0),
        # extra kernel files for this image only (tests of the kernel's own failure paths)
        "kernel_sources": sysec.get("kernel_sources", "").split(),
        "page_size": parse_size(sysec.get("page_size", "1K"),
                                f"{sys_at('page_size')} page_size"),
        "fastpath": sysec.get("fastpath", "on").strip(),
    }
    if system["fastpath"] not in ("on", "off"):
        raise DescError(f"{sys_at('fastpath')} fastpath '{system['fastpath']}' must be on or off")
    for src in system["kernel_sources"]:
        if not os.path.exists(os.path.join(repo, src)):
            raise DescError(f"{sys_at('kernel_sources')}: kernel source '{src}' does not exist")
    return system


def read_sections(cp, lines, warn):
    """Every [task], [endpoint] and [notification] section, each checked on its own."""
    tasks, endpoints, ntfns = [], [], []
    declared = set()
    for section in cp.sections():
        if section == "system":
            continue
        at = lines.at(section)
        m = re.fullmatch(r"(task|endpoint|notification)\s+(\S+)", section)
        if not m:
            raise DescError(f"{at}: section [{section}] is not [system], [task NAME], "
                            f"[endpoint NAME] or [notification NAME]")
        kind, name = m.group(1), m.group(2)
        if (kind, name) in declared:
            raise DescError(f"{at}: [{section}]: {kind} '{name}' is declared twice")
        declared.add((kind, name))
        where = lines.locator(section, f"{kind} '{name}'")
        if kind != "task":
            if not NAME_RE.match(name):
                raise DescError(f"{at}: {kind} name '{name}' must be 1-{NAME_MAX} lower-case "
                                f"letters, digits or '_', starting with a letter")
            obj = (Endpoint if kind == "endpoint" else Notification)(name, cp[section], where)
            (endpoints if kind == "endpoint" else ntfns).append(obj)
            continue
        if not NAME_RE.match(name) or name in ("idle", "none"):
            raise DescError(f"{at}: task name '{name}' must be 1-{NAME_MAX} lower-case letters, "
                            f"digits or '_', start with a letter, and not be 'idle' or 'none'")
        tasks.append(Task(name, cp[section], where, warn))
        tasks[-1].pos = functools.partial(lines.at, section)  # key -> 'file:line'
    return tasks, endpoints, ntfns


def read_or_hint(cp, lines, warn):
    """read_sections; a section that fails for a missing key may be a misspelled name of
    another section (an extending file that meant to change a base's section): say so."""
    try:
        return read_sections(cp, lines, warn)
    except DescError as e:
        msg = str(e)
        m = re.search(r": (task|endpoint|notification) '([^']+)': ('sources'|no receivers|"
                      r"'waiter')", msg)
        if m:
            kind, name = m.group(1), m.group(2)
            others = [s.split()[1] for s in cp.sections()
                      if s.startswith(kind + " ") and len(s.split()) == 2 and
                      s.split()[1] != name]
            msg += hint(name, others)
        raise DescError(msg)


def load_system(path, board, repo, warn):
    cp, base, lines = read_system_ini(path, repo)
    if "system" not in cp:
        raise DescError(f"{path}: missing [system] section")
    sysec = cp["system"]
    system = read_system_section(sysec, path, lines, repo)
    system["extends"] = base
    tasks, endpoints, ntfns = read_or_hint(cp, lines, warn)
    if not tasks:
        raise DescError(f"{path}: no [task NAME] sections")
    for t in tasks:
        for src in t.sources:
            if not os.path.exists(os.path.join(repo, src)):
                raise DescError(f"{t.at('sources')}: source '{src}' does not exist")
        check_entry(t, repo)
    if len(tasks) + 1 > LIMITS["MAX_TASKS"]:
        raise DescError(f"{path}: {len(tasks)} tasks and the idle task; at most "
                        f"{LIMITS['MAX_TASKS']} "
                        f"(rights and grants are 32-bit masks over tasks)")
    if board.cpu_hz and not 2 <= board.cpu_hz // system["tick_hz"] <= 1 << 24:
        raise DescError(f"{lines.at('system', 'tick_hz')}: [system] tick_hz {system['tick_hz']} "
                        f"cannot be made from the {board.cpu_hz} Hz clock by SysTick (24-bit "
                        f"reload): use {board.cpu_hz // (1 << 24) + 1}..{board.cpu_hz // 2}")
    idle = Task("idle", {"sources": "user/lib/idle.c", "entry": "idle_main", "priority": "0",
                         "flash": "1K", "ram": "256", "stack": "160"},
                lambda key=None: "(kernel): task 'idle'", warn)
    idle.priority = IDLE_PRIORITY
    idle.pos = lambda key=None: "(kernel)"
    tasks.append(idle)
    for what, objs, most in (("endpoints", endpoints, LIMITS["MAX_ENDPOINTS"]),
                             ("notifications", ntfns, LIMITS["MAX_NOTIFICATIONS"])):
        if len(objs) > most:
            raise DescError(f"{path}: {len(objs)} {what}; at most {most}")
    system["klog_size"] = klog_size(sysec, ntfns, lines.at("system", "klog_size"))
    return system, tasks, endpoints, ntfns


def check_entry(t, repo):
    """The entry function must appear in the task's sources as a function (name followed by
    '(' in C, a label in assembly). A name that appears only some other way, made by a macro
    say, is refused here; one that appears but is not defined is left to the link, which
    names undefined symbols."""
    text = ""
    for src in t.sources:
        with open(os.path.join(repo, src), errors="replace") as f:
            text += f.read() + "\n"
    name = re.escape(t.entry)
    if re.search(r"\b%s\s*\(" % name, text) or re.search(r"^\s*%s:" % name, text, re.M):
        return
    known = set(re.findall(r"\b([A-Za-z_]\w*)\s*\(\s*void\s*\)", text))
    raise DescError(f"{t.at('entry')}: entry '{t.entry}' is not defined in the task's sources "
                    f"({' '.join(t.sources)}){hint(t.entry, known)}")


def klog_size(sysec, ntfns, path):
    """Bytes of the kernel's log ring: only a system with a drainer (a klog bit) has one."""
    drained = any(n.klog_bit is not None for n in ntfns)
    if "klog_size" not in sysec:
        return KLOG_DEFAULT_SIZE if drained else 0
    what = f"{path}: [system] klog_size"  # path: the file and line of the key
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
                raise DescError(f"{t.at(what)}: {what} region: {err} (MPU rule of "
                                f"{board.mpu})")
        if t.stack % 8 or t.stack < 128:
            raise DescError(f"{t.at('stack')}: stack {t.stack} must be a multiple of 8 and "
                            f">= 128")
        if t.stack + 64 > t.ram:
            raise DescError(f"{t.at('stack')}: stack {t.stack} leaves no room in ram {t.ram}")
        for k, p in enumerate(t.peripherals):
            if p not in board.periph:
                raise DescError(f"{t.at('peripherals')}: unknown peripheral '{p}'"
                                f"{hint(p, board.periph)} (board {board.name} has: "
                                f"{', '.join(sorted(board.periph))})")
            dev = board.device[p]
            if dev in owner_p and owner_p[dev] != t.name:
                same = "" if dev == p else f" (its device is '{dev}''s, board.ini)"
                raise DescError(f"{t.at('peripherals')}: peripheral '{p}'{same} is already owned "
                                f"by task '{owner_p[dev]}'")
            if p in t.peripherals[:k]:
                raise DescError(f"{t.at('peripherals')}: peripheral '{p}' is named twice")
            owner_p[dev] = t.name
            err = board.region_error(*board.periph[p])
            if err:
                raise DescError(f"{t.at('peripherals')}: peripheral '{p}' cannot be an MPU "
                                f"region: {err}")
        for i in t.irqs:
            if i not in board.irqs:
                raise DescError(f"{t.at('irqs')}: unknown IRQ '{i}'{hint(i, board.irqs)} "
                                f"(board {board.name} has: {', '.join(sorted(board.irqs))})")
            if board.irqs[i][1] not in {board.device[p] for p in t.peripherals}:
                raise DescError(f"{t.at('irqs')}: IRQ '{i}' belongs to peripheral "
                                f"'{board.irqs[i][1]}', which the task does not own")
            if i in owner_i:
                raise DescError(f"{t.at('irqs')}: IRQ '{i}' is already owned by task "
                                f"'{owner_i[i]}'")
            owner_i[i] = t.name
        for c in t.caps:
            if c not in CAPS:
                raise DescError(f"{t.at('caps')}: unknown capability '{c}'{hint(c, CAPS)} "
                                f"(known: {', '.join(sorted(CAPS))})")
        devices = len(board.devices_of(t))
        regions = 2 + devices + t.windows
        if regions > board.mpu_slots:
            raise DescError(f"{t.where}: needs {regions} MPU regions (code, RAM, "
                            f"{devices} peripherals, {t.windows} windows) but a "
                            f"task has only {board.mpu_slots}")
        if t.pages and not t.windows:
            raise DescError(f"{t.at('pages')}: owns {t.pages} pages but has no window to map "
                            f"them")


def check_ipc(tasks, endpoints, ntfns, board, warn):
    """Names, ownership of interrupts, and the priority rule: calls only go uphill."""
    by_name = {t.name: t for t in tasks}
    names = [t.name for t in tasks if t.name != "idle"]

    def task(name, where, role):
        if name not in by_name or name == "idle":
            raise DescError(f"{where}: {role} '{name}' is not a task of this system"
                            f"{hint(name, names)}")
        return by_name[name]

    for t in tasks:
        if "*" in t.signals and len(t.signals) > 1:
            raise DescError(f"{t.at('signals')}: in 'signals', '*' (every task) stands alone")
        for name in t.signals:
            if name != "*":
                task(name, t.at("signals"), "'signals': signal target")
        for name in t.watch:
            if task(name, t.at("watch"), "'watch': watched task") is t:
                raise DescError(f"{t.at('watch')}: a task cannot watch itself")

    for e in endpoints:
        recv = [task(n, e.at("receivers"), "receiver") for n in e.receivers]
        send = [task(n, e.at("senders"), "sender") for n in e.senders]
        for n in e.grant:
            task(n, e.at("grant"), "grant holder")
            if n not in e.senders and n not in e.receivers:
                raise DescError(f"{e.at('grant')}: '{n}' holds grant but neither sends nor "
                                f"receives")
        for s_ in send:
            for r in recv:
                if s_.priority < r.priority:
                    raise DescError(
                        f"{e.at('senders')}: sender '{s_.name}' (priority {s_.priority}) is "
                        f"more urgent than receiver '{r.name}' (priority {r.priority}); messages "
                        f"may only go to receivers of equal or more urgent priority "
                        f"(docs/ipc.md, 'Priorities'); the priorities are given at "
                        f"{s_.pos('priority')} and {r.pos('priority')}")
                if s_.ceiling < r.priority:
                    raise DescError(
                        f"{s_.at('ceiling')}: sender '{s_.name}' may raise itself to its ceiling "
                        f"{s_.ceiling}, more urgent than '{r.name}' (priority {r.priority}), a "
                        f"receiver of endpoint '{e.name}': raised, its messages would go "
                        f"downhill (docs/ipc.md, 'Priorities')")
        if not send and not e.no_senders_meant:
            warn(f"{e.where}: no senders: nobody can send to it, so its receivers "
                 f"({', '.join(e.receivers)}) wait in vain (add 'senders', or 'senders = none' if that is meant)")
    waiters = {}
    for n in ntfns:
        w = task(n.waiter, n.at("waiter"), "waiter")
        if w.name in waiters:
            raise DescError(f"{n.at('waiter')}: task '{w.name}' already waits on notification "
                            f"'{waiters[w.name]}'; a task waits on one notification")
        waiters[w.name] = n.name
        for s_ in n.signalers:
            task(s_, n.at("signalers"), "signaler")
        for irq in n.irqs:
            if irq not in w.irqs:
                raise DescError(f"{n.at('irqs')}: IRQ '{irq}' is not owned by the waiter "
                                f"'{w.name}' (add it to the task's 'irqs')")
    drainers = [n for n in ntfns if n.klog_bit is not None]
    if len(drainers) > 1:
        raise DescError(f"{drainers[1].where}: 'klog' is already a bit of notification "
                        f"'{drainers[0].name}'; the kernel's log has one reader")
    # The names of one shared line (board.ini) belong to one peripheral, so to one task, so
    # to the one notification it waits on: the line raises every bit they are given there.
    routed = {irq for n in ntfns for irq in n.irqs}
    for t in tasks:
        for irq in t.irqs:
            if irq not in routed:
                raise DescError(f"{t.at('irqs')}: owns IRQ '{irq}' but no notification delivers it "
                                f"(add '{irq}:BIT' to the irqs of a notification it waits on)")


def split_kservers(tasks, endpoints, ntfns):
    """MODE=mono: the tasks that declare a `server` leave the task list and go into the kernel.
    What such a server may not do there is refused here, naming the description's line."""
    kservers = [t for t in tasks if t.server]
    if not kservers:
        raise DescError("MODE=mono: no task of this system declares 'server = <its struct "
                        "pl_server>', so nothing would move into the kernel")
    names = {k.name for k in kservers}
    for k in kservers:
        for key, bad in (("caps", k.caps), ("windows", k.windows), ("pages", k.pages),
                         ("watch", k.watch), ("ceiling", k.ceiling != k.priority)):
            if bad:
                raise DescError(f"{k.at(key)}: server '{k.name}' goes into the kernel in "
                                f"MODE=mono, where it has no {key}")
    for e in endpoints:
        served = [r for r in e.receivers if r in names]
        if served and len(e.receivers) > 1:
            raise DescError(f"{e.at('receivers')}: in MODE=mono '{served[0]}' serves endpoint "
                            f"'{e.name}' in the kernel: it must be its only receiver")
        for g in e.grant:
            if g in names:
                raise DescError(f"{e.at('grant')}: server '{g}' goes into the kernel in "
                                f"MODE=mono, where it passes no rights")
        for snd in e.senders:
            if snd in names and not served:
                raise DescError(f"{e.at('senders')}: in MODE=mono server '{snd}' runs in the "
                                f"kernel, which can call only servers in the kernel, but "
                                f"'{e.receivers[0]}' receives on '{e.name}' as a task")
    for n in ntfns:
        for sig in n.signalers:
            if sig in names and n.waiter in names:
                raise DescError(f"{n.at('signalers')}: server '{sig}' goes into the kernel in "
                                f"MODE=mono, where it may signal only a task's notification, "
                                f"but '{n.waiter}' waits on '{n.name}' in the kernel too")
    for i, k in enumerate(kservers):
        k.default_badge = 0xff01 + i  # no task index to derive it from: documented
    return kservers, [t for t in tasks if not t.server]


def place_pages(tasks, board, system, path):
    """The shared-page pool: after the tasks' RAM, each page aligned to its size."""
    size = system["page_size"]
    err = board.region_error(0, size)
    if err:
        raise DescError(f"{path}: [system] page_size: {err}")
    count = sum(t.pages for t in tasks)
    if count > LIMITS["MAX_PAGES"]:
        raise DescError(f"{path}: {count} shared pages; at most {LIMITS['MAX_PAGES']}")
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


def place(tasks, key, start, end, what, path, align):
    """Give each task an aligned region in [start, end), largest first: with PMSAv7's power-of-two
    sizes no padding is needed between them; PMSAv8 needs only 32-byte alignment (align(size))."""
    addr = start
    for t in sorted(tasks, key=lambda t: -getattr(t, key)):
        size = getattr(t, key)
        step = align(size)
        addr = (addr + step - 1) // step * step
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




def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--board", required=True, help="board.ini")
    ap.add_argument("--system", required=True, help="the image's system description (.ini)")
    ap.add_argument("--image", required=True, help="image name (make variable safe)")
    ap.add_argument("--out", required=True, help="output directory")
    ap.add_argument("--fastpath", choices=("on", "off"),
                    help="override [system] fastpath (the build's general-path test twins)")
    ap.add_argument("--mode", choices=("micro", "mono"), default="micro",
                    help="micro: every server a task; mono: servers (tasks with 'server =') "
                         "linked into the kernel (docs/contrast.md)")
    args = ap.parse_args()
    repo = os.getcwd()
    warnings = []
    try:
        board = Board(args.board)
        system, tasks, endpoints, ntfns = load_system(args.system, board, repo, warnings.append)
        if args.fastpath:
            system["fastpath"] = args.fastpath
        check_tasks(tasks, board)
        check_ipc(tasks, endpoints, ntfns, board, warnings.append)
        kservers = []
        if args.mode == "mono":
            kservers, tasks = split_kservers(tasks, endpoints, ntfns)
        system["mode"] = args.mode
        place(tasks, "flash", board.flash[0] + board.kernel_flash,
              board.flash[0] + board.flash[1], "flash", args.system, board.align)
        place(tasks, "ram", board.ram[0] + board.kernel_ram, board.ram[0] + board.ram[1], "ram",
              args.system, board.align)
        pages = place_pages(tasks, board, system, args.system)
    except DescError as e:
        print(f"sysgen: error: {e}", file=sys.stderr)
        return 1
    for w in warnings:  # only for a description that passed: an error alone is clearer
        print(f"sysgen: warning: {w}", file=sys.stderr)
    os.makedirs(os.path.join(args.out, "tasks"), exist_ok=True)
    out = functools.partial(os.path.join, args.out)
    write_if_changed(out("sys_tables.c"),
                     gen_tables(system, tasks, board, endpoints, ntfns, pages, kservers))
    write_if_changed(out("system_all.h"),
                     gen_header(system, tasks, board, endpoints, ntfns, pages, kservers=kservers))
    write_if_changed(out("tasks.ld"), gen_linker(tasks))
    write_if_changed(out("memory.ld"), gen_memory(board))
    write_if_changed(out("layout.txt"), gen_layout(system, tasks, board, kservers))
    for t in tasks:
        write_if_changed(out("tasks", f"{t.name}_start.c"), gen_start(t, endpoints))
    for t in tasks + kservers:
        os.makedirs(out("tasks", t.name), exist_ok=True)
        write_if_changed(out("tasks", t.name, "system.h"),
                         gen_header(system, tasks, board, endpoints, ntfns, pages, t, kservers))
    write_if_changed(out("image.mk"), gen_make(args.image, system, tasks, args.out, kservers))
    return 0


if __name__ == "__main__":
    sys.exit(main())

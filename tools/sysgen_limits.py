"""sysgen_limits: the limits of a system, read from include/parley/limits.h.

The C code and sysgen share one definition of each limit (how many tasks, endpoints,
notifications and pages, the priority levels, a name's length, the kernel log's sizes, the
restart modes' numbers): the header. This module reads its '#define PL_<NAME> <decimal>u'
lines into LIMITS, {'MAX_TASKS': 32, ...}, and stops with a clear error if one is missing
or is not such a number. PARLEY_LIMITS_H names another header (for sysgen's own tests).
"""
import os
import re
import sys

HEADER = os.environ.get("PARLEY_LIMITS_H") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "include", "parley", "limits.h")
NEEDED = ("MAX_TASKS", "MAX_ENDPOINTS", "MAX_NOTIFICATIONS", "MAX_PAGES", "PRIORITY_LEVELS",
          "NAME_MAX", "KLOG_MIN_SIZE", "KLOG_MAX_SIZE", "KLOG_DEFAULT_SIZE", "RESTART_NEVER",
          "RESTART_ALWAYS", "RESTART_BACKOFF")
DEFINE_RE = re.compile(r"^\s*#\s*define\s+PL_([A-Z0-9_]+)\s+(\S+)")


def read_limits(path):
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        sys.exit(f"sysgen: error: {path}: cannot read the limits header: {e.strerror}")
    limits = {}
    for no, line in enumerate(lines, 1):
        m = DEFINE_RE.match(line)
        if not m:
            continue
        name, value = m.groups()
        if not re.fullmatch(r"[0-9]+u", value):
            sys.exit(f"sysgen: error: {path}:{no}: PL_{name} is '{value}'; sysgen reads only "
                     f"a decimal number with a 'u' suffix")
        limits[name] = int(value[:-1])
    missing = [n for n in NEEDED if n not in limits]
    if missing:
        sys.exit(f"sysgen: error: {path}: no definition of "
                 f"{', '.join('PL_' + n for n in missing)}")
    return limits


LIMITS = read_limits(HEADER)

"""sysgen's reading of .ini files: values, unknown keys, and where each thing was written.

A system description may extend another one ([system] extends): configparser merges the two,
but forgets which file and line each section and key came from. Lines remembers it, so that
every message names the file the user edited and the line at fault ("user/demo/system.ini:42:
task 'x': ..."), not the test file that extends it. Messages about a name that is not declared
end with a "did you mean" when a declared name is close (hint()).
"""
import configparser
import difflib
import re

SECTION_RE = re.compile(r"^\[(.*)\]\s*(?:[#;].*)?$")
KEY_RE = re.compile(r"^([^\s=:#;\[][^=:]*?)\s*[=:]")


class DescError(Exception):
    pass


def hint(name, known):
    """' (did you mean 'x'?)' when a name in known is close to name, else ''."""
    close = difflib.get_close_matches(name, sorted(set(known)), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


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
    unknown = sorted(set(sec.keys()) - known)
    if unknown:
        raise DescError(f"{where(unknown[0])}: unknown key(s) {', '.join(unknown)}"
                        f"{hint(unknown[0], known)} (known: {', '.join(sorted(known))})")


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


class Lines:
    """For each section, and each key of it, the file and line that gave it its value: the
    last file read wins, as in configparser. Files are read in the order given."""

    def __init__(self, paths):
        self.where = {}  # (section, key or None) -> (path, line)
        self.first = paths[-1] if paths else "?"
        for path in paths:
            self._scan(path)

    def _scan(self, path):
        section = None
        with open(path) as f:
            for num, line in enumerate(f, 1):
                m = SECTION_RE.match(line.rstrip("\n"))
                if m:
                    section = m.group(1)
                    self.where[(section, None)] = (path, num)
                    continue
                m = KEY_RE.match(line)
                if section is not None and m:
                    self.where[(section, m.group(1).strip().lower())] = (path, num)

    def at(self, section, key=None):
        """'file:line' of the key (or of the section's header, or the last file read)."""
        path, num = self.where.get((section, key)) or self.where.get((section, None)) \
            or (self.first, None)
        return f"{path}:{num}" if num else path

    def locator(self, section, what):
        """A function key -> 'file:line: what' for one section's messages."""
        return lambda key=None: f"{self.at(section, key)}: {what}"

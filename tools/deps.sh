#!/usr/bin/env bash
# Install (or with --check, only report) the Debian packages parley needs.
#
#   tools/deps.sh           install what is missing (apt-get, as root or via sudo -n)
#   tools/deps.sh --check   exit 0 if nothing is missing, 1 otherwise
#
# PARLEY_DEPS=minimal limits the list to what `make run` / `make test` need; PARLEY_DEPS=flash
# is what `make flash` needs for a real board (OpenOCD), installed only when it is run.
set -euo pipefail

# What building and testing needs. libc6-dev is listed on its own because it
# is only a Recommends of gcc, and we install with --no-install-recommends:
# without it the host unit tests have no <stdio.h>. libasan/libubsan come in
# as hard dependencies of gcc (via libgcc-12-dev), so they need no entry.
# qemu-system-arm's Recommends (GUI, firmware, block modules) are not loaded
# by `-M mps2-an385 -nographic`, so --no-install-recommends is safe there too.
# gdb-multiarch: `make gdb`, and `make test` runs tools/gdb-test.sh.
minimal="gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm python3 make gcc libc6-dev gdb-multiarch"
# Only needed for `make check`.
extra="clang-format cppcheck"
# Only needed for `make flash` (tools/flash.sh): the debug-probe server that writes the flash.
flash="openocd"

case "${PARLEY_DEPS:-full}" in
minimal) wanted="$minimal" ;;
full) wanted="$minimal $extra" ;;
flash) wanted="$flash" ;;
*)
    echo "deps.sh: PARLEY_DEPS must be 'minimal', 'full' or 'flash', not '$PARLEY_DEPS'" >&2
    exit 2
    ;;
esac

check_only=0
case "${1:-}" in
--check) check_only=1 ;;
"") ;;
*)
    echo "usage: tools/deps.sh [--check]" >&2
    exit 2
    ;;
esac

missing_packages() {
    local pkg status out=""
    for pkg in $wanted; do
        # Status is e.g. "install ok installed"; a removed package may still be
        # known to dpkg as "deinstall ok config-files", which is not present.
        status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
        case "$status" in
        *" installed") ;;
        *) out="$out $pkg" ;;
        esac
    done
    echo "${out# }"
}

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "deps.sh: dpkg-query not found; this script only knows Debian/Ubuntu." >&2
    echo "deps.sh: install the equivalents of: $wanted" >&2
    exit 2
fi

missing=$(missing_packages)
if [ -z "$missing" ]; then
    exit 0
fi

if [ "$check_only" = 1 ]; then
    echo "missing packages: $missing"
    exit 1
fi

if [ "$(id -u)" = 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo="sudo"
else
    echo "deps.sh: missing packages: $missing" >&2
    echo "deps.sh: run this, then try again:" >&2
    echo "sudo apt-get update && sudo apt-get install -y --no-install-recommends $missing" >&2
    exit 2
fi

echo "deps.sh: installing: $missing"
# $sudo and $missing are deliberately unquoted: an optional word and a
# space-separated package list. `env` because sudo may drop DEBIAN_FRONTEND.
# shellcheck disable=SC2086
$sudo apt-get update
# shellcheck disable=SC2086
$sudo env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends $missing

# apt-get can succeed yet leave something out (e.g. a held package); say so.
missing=$(missing_packages)
if [ -n "$missing" ]; then
    echo "deps.sh: still missing after install: $missing" >&2
    exit 1
fi

#!/usr/bin/env bash
# tools/flash.sh [--dry-run] BOARD ELF TOOL TOOL_ARGS CONNECT - the body of `make flash` for a
# real board (its board.mk sets FLASH_TOOL, the tool's arguments and FLASH_CONNECT): say what to
# connect, install the tool from Debian's package if it is missing (tools/deps.sh), print the
# exact command, run it. --dry-run prints the same and runs nothing (tests/boards/).
set -euo pipefail

dry=0
if [ "${1:-}" = --dry-run ]; then
    dry=1
    shift
fi
if [ $# -ne 5 ]; then
    echo "usage: tools/flash.sh [--dry-run] BOARD ELF TOOL TOOL_ARGS CONNECT" >&2
    exit 2
fi
board=$1 elf=$2 tool=$3 args=$4 connect=$5

echo "make flash: $board, image $elf"
echo "Connect: $connect."
case "$tool" in
openocd)
    # OpenOCD writes the ELF's loadable sections to flash, reads them back, resets the chip.
    # shellcheck disable=SC2206 # the board's arguments are words
    cmd=(openocd $args -c "program $elf verify reset exit")
    ;;
*)
    echo "flash.sh: $board: FLASH_TOOL '$tool' is not known (openocd is)" >&2
    exit 2
    ;;
esac
printf 'Running:'
printf " '%s'" "${cmd[@]}"
echo
if [ "$dry" = 1 ]; then
    exit 0
fi
PARLEY_DEPS=flash tools/deps.sh
"${cmd[@]}"
echo "Flashed. The console is on the UART named above; a panic halts the board with its message there."

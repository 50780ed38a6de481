#!/usr/bin/env bash
# Check that the layers of parley stay apart (part of `make check`).
#
#   tools/check-layering.sh [ROOT]     ROOT defaults to the repository root
#
#   kernel/, ipc/,  portable: no inline asm, no .S files, no hard-coded
#   sys/            peripheral addresses, no #ifdef, no board headers
#                   except board.h, the board contract
#   one way down    sys/ (entries, system calls, task lifecycle) may use ipc/
#                   and kernel/; ipc/ may use kernel/ but not sys/; kernel/
#                   uses neither (docs/architecture.md, "Layers")
#   user/lib/       never includes servers/ (servers build on the library)
#   servers/, user/ talk to the kernel only through include/: no kernel,
#                   ipc, arch or board headers
#   board/          may use include/ and arch/arch.h, not kernel/ or ipc/
#
# Each violation is printed as "file:line: message"; exit 1 if there are any.
# A line holding the marker "layering-ok" is exempt from the address rule only
# (for a magic number that happens to look like an address).
set -euo pipefail

# Kernel-private header names that must not be reached from servers/, user/
# or board/ even by bare name (e.g. through an -I flag). Extend as needed.
KERNEL_HEADERS="task.h sched.h"

cd "${1:-$(dirname "$0")/..}"

# report MESSAGE: turn grep -n -H style "file:line:text" lines on stdin into
# "file:line: MESSAGE".
report() {
    local file line rest
    while IFS=: read -r file line rest; do
        echo "${file#./}:$line: $1"
    done
}

# files DIR... -- NAME-PATTERN...: regular files under the existing DIRs.
files() {
    local dirs=() names=()
    while [ "$1" != "--" ]; do
        [ -d "$1" ] && dirs+=("$1")
        shift
    done
    shift
    for n in "$@"; do names+=(-o -name "$n"); done
    [ ${#dirs[@]} -gt 0 ] || return 0
    find "${dirs[@]}" -type f \( "${names[@]:1}" \) | sort
}

# grep_files REGEX FILE...: "file:line:text" for each matching line (or none).
grep_files() {
    local re=$1
    shift
    [ $# -gt 0 ] || return 0
    grep -nHE -- "$re" "$@" || true
}

# An #include line whose target matches $1.
include_re() {
    echo '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](.*/)?('"$1"')'
}

# A bare-name include (no directory) of one of the kernel's private headers; include/parley/
# has public headers of the same names (parley/task.h), which are fine.
bare_kernel_re() {
    echo '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]('"$kernel_names"')'
}

# Alternation of the kernel header names, dots escaped: task\.h[">]|...
kernel_names=""
for h in $KERNEL_HEADERS; do
    kernel_names="$kernel_names|${h//./\\.}[\">]"
done
kernel_names=${kernel_names#|}

mapfile -t portable < <(files kernel ipc sys -- '*.c' '*.h')
mapfile -t portable_c < <(files kernel ipc sys -- '*.c')
mapfile -t portable_h < <(files kernel ipc sys -- '*.h')
mapfile -t kernelf < <(files kernel -- '*.c' '*.h')
mapfile -t ipcf < <(files ipc -- '*.c' '*.h')
mapfile -t userlib < <(files user/lib -- '*.c' '*.h' '*.S')

# Header names each upper layer owns (its files are included by bare name, through -I).
header_names() {
    local names="" h
    for h in $(cd "$1" 2>/dev/null && ls -- *.h 2>/dev/null); do
        names="$names|${h//./\\.}"
    done
    echo "${names#|}"
}
ipc_names=$(header_names ipc)
sys_names=$(header_names sys)
mapfile -t client < <(files servers user -- '*.c' '*.h' '*.S' '*.s')
mapfile -t boardf < <(files board -- '*.c' '*.h' '*.S' '*.s')

checks() {
    # --- portable code ---
    # Inline assembly belongs in arch/.
    grep_files '(^|[^A-Za-z0-9_])(asm[[:space:]]*\(|__asm|asm[[:space:]]+(volatile|goto))' \
        "${portable[@]}" | report "inline asm in portable code (move it to arch/)"

    # Assembly files belong in arch/ too.
    files kernel ipc sys -- '*.S' '*.s' | sed 's/$/:1:/' |
        report "assembly file in portable code (move it to arch/)"

    # Peripheral/system addresses (0x40000000 and up: APB/AHB, SCB at 0xE000ED04,
    # ...) belong to arch/ or board/. Exactly 8 hex digits; 0xFFFFFFFF is a mask,
    # not an address. Lines are blanked rather than deleted to keep line numbers.
    hex_re='(^|[^0-9A-Za-z_])0[xX][4-9A-Fa-f][0-9A-Fa-f]{7}([^0-9A-Fa-f]|$)'
    for f in "${portable[@]}"; do
        sed -E -e '/layering-ok/s/.*//' -e 's/0[xX][fF]{8}//g' "$f" |
            { grep -nE -- "$hex_re" || true; } | sed "s|^|$f:|" |
            report "hard-coded address in portable code (use arch/ or board/)"
    done

    # No conditional compilation: portable means the same code on every target.
    ifdef_re='^[[:space:]]*#[[:space:]]*(ifdef|ifndef|(el)?if[[:space:]]*!?[[:space:]]*defined)'
    grep_files "$ifdef_re" "${portable_c[@]}" |
        report "conditional compilation in portable code"
    # Headers may use #ifndef for their include guard (#ifndef FOO_H / FOO_H_).
    grep_files "$ifdef_re" "${portable_h[@]}" |
        { grep -vE ':[0-9]+:[[:space:]]*#[[:space:]]*ifndef[[:space:]]+[A-Za-z0-9_]+_H_?[[:space:]]*$' || true; } |
        report "conditional compilation in portable code"

    # Board headers are below the kernel's line of sight.
    # board/board.h is the board contract (console, clock), like arch/arch.h; anything else
    # from board/ (register maps, one board's headers) is off limits.
    grep_files "$(include_re 'board/|board_[a-z_]*\.h')" "${portable[@]}" |
        report "portable code includes a board-specific header (only board.h, the contract)"

    # --- one way down: sys/ -> ipc/ -> kernel/ ---
    if [ -n "$ipc_names$sys_names" ]; then
        grep_files "$(include_re "ipc/|sys/|${ipc_names}${ipc_names:+|}${sys_names}")" \
            "${kernelf[@]}" | report "kernel/ includes an upper layer's header (ipc/ or sys/)"
    fi
    if [ -n "$sys_names" ]; then
        grep_files "$(include_re "sys/|${sys_names}")" "${ipcf[@]}" |
            report "ipc/ includes a sys/ header (the top layer calls down, never up)"
    fi

    # --- servers/ and user/ ---
    grep_files "$(include_re "servers/")" "${userlib[@]}" |
        report "user/lib includes a server's header (servers build on the library)"

    grep_files "$(include_re "kernel/|ipc/|arch[/._]|board[/._]")" "${client[@]}" |
        report "servers/user code includes a kernel-side header (use include/)"

    grep_files "$(bare_kernel_re)" "${client[@]}" "${boardf[@]}" |
        report "includes a kernel-private header by bare name (use include/parley/)"

    # --- board/ ---
    grep_files "$(include_re "kernel/|ipc/")" "${boardf[@]}" |
        report "board code includes a kernel/ipc header (use include/ or arch/arch.h)"

}

# Run all checks first, count afterwards: the reports come out of pipelines
# (subshells), so they cannot bump a counter themselves.
out=$(checks)
if [ -n "$out" ]; then
    echo "$out"
    echo "layering: $(echo "$out" | wc -l) violation(s)"
    exit 1
fi

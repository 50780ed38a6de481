#!/usr/bin/env bash
# Body of `make check`: formatting, static analysis, layering.
# Every step runs even if an earlier one failed, so one run shows everything.
# The last line is "check: clean" or "check: N problems"; exit 1 if N > 0.
set -uo pipefail

cd "$(dirname "$0")/.." || exit 2

DIRS="boot kernel ipc arch board include servers user tests tools"
problems=0

heading() {
    printf '\n== %s ==\n' "$1"
}

# The source dirs that exist; C files under them, minus anything in a build/.
dirs=()
for d in $DIRS; do
    [ -d "$d" ] && dirs+=("$d")
done
sources=()
if [ ${#dirs[@]} -gt 0 ]; then
    mapfile -t sources < <(find "${dirs[@]}" -type d -name build -prune -o \
        -type f \( -name '*.c' -o -name '*.h' \) -print | sort)
fi
c_files=()
for f in "${sources[@]}"; do
    case "$f" in *.c) c_files+=("$f") ;; esac
done

missing_tool() {
    echo "$1 not found: run 'make deps' (or tools/deps.sh) to install it"
    problems=$((problems + 1))
}

heading "clang-format"
if ! command -v clang-format >/dev/null 2>&1; then
    missing_tool clang-format
else
    # One file at a time so the problem count is a count of files; a file
    # that needs reformatting is one problem however many lines it has.
    bad=0
    for f in "${sources[@]}"; do
        clang-format --dry-run --Werror "$f" 2>&1 | head -n 20 || bad=$((bad + 1))
    done
    echo "${#sources[@]} files, $bad need formatting (fix: clang-format -i FILE)"
    problems=$((problems + bad))
fi

heading "cppcheck"
if ! command -v cppcheck >/dev/null 2>&1; then
    missing_tool cppcheck
elif [ ${#c_files[@]} -eq 0 ]; then
    echo "no C files"
else
    # Only the .c files are named; headers are checked where they are
    # included. -j runs files in parallel, which is what makes this quick.
    includes=()
    for d in include arch; do
        [ -d "$d" ] && includes+=(-I "$d")
    done
    out=$(cppcheck --quiet --error-exitcode=1 --std=c11 \
        --enable=warning,portability --inline-suppr \
        --suppress=missingIncludeSystem "${includes[@]}" \
        -j "$(nproc 2>/dev/null || echo 2)" \
        --template='{file}:{line}: {severity}: {message} [{id}]' \
        "${c_files[@]}" 2>&1)
    status=$?
    [ -n "$out" ] && echo "$out"
    n=0
    [ -n "$out" ] && n=$(grep -cE '^[^ ]+:[0-9]+: ' <<<"$out")
    # A non-zero exit with nothing we could count (e.g. a crash) is still one.
    [ "$status" -ne 0 ] && [ "$n" -eq 0 ] && n=1
    echo "${#c_files[@]} files, $n findings"
    problems=$((problems + n))
fi

# A checker that prints one "file:line: ..." per problem and exits non-zero on any: its
# output, its count (one if it failed without a countable line), "<name>: ok" when clean.
run_checker() { # name command...
    local name=$1 out status n=0
    shift
    out=$("$@" 2>&1)
    status=$?
    [ -n "$out" ] && echo "$out"
    [ -n "$out" ] && n=$(grep -cE '^[^ ]+:[0-9]+: ' <<<"$out")
    [ "$status" -ne 0 ] && [ "$n" -eq 0 ] && n=1
    [ "$status" -eq 0 ] && echo "$name: ok"
    problems=$((problems + n))
}

heading "layering"
run_checker "layering" tools/check-layering.sh

heading "notification bits"
# docs/ipc.md, "Polling without a trap": every change of a notification's pending bits goes
# through ntfn_set (ipc/ipc.h), which keeps the waiter's poll mirror; no other write of them.
out=$(grep -nE 'ntfn_bits\[[^]]*\][[:space:]]*([-+|&^]|<<|>>)?=([^=]|$)|(\+\+|--)[[:space:]]*ntfn_bits\[|ntfn_bits\[[^]]*\][[:space:]]*(\+\+|--)' \
    -r kernel ipc sys arch board boot 2>/dev/null | grep -v '^ipc/ipc.h:.*ntfn_bits\[n\] = bits;')
n=0
if [ -n "$out" ]; then
    sed 's/$/  <- write of ntfn_bits outside ntfn_set/' <<<"$out"
    n=$(wc -l <<<"$out")
else
    echo "notification bits: ok"
fi
problems=$((problems + n))

heading "boards"
run_checker "boards" tools/check-boards.py

heading "memory orders"
# The libraries tasks share memory through pay no barrier on Cortex-M (one core), and the host
# build of the same sources keeps C11's real orders (arch/*/user/pl_order.h).
run_checker "memory orders" tools/check-orders.py

echo
if [ "$problems" -eq 0 ]; then
    echo "check: clean"
else
    echo "check: $problems problems"
    exit 1
fi

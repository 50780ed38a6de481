#!/usr/bin/env bash
# tools/test-boards.sh BOARD... - the body of `make test-boards`: `make test` on each board in
# turn, then one closing line for them all.
#
# The first board runs the whole suite (host tests included); the host tests do not depend on
# the board, so the other boards run with SKIP_HOST=1: their QEMU tests, gdb and contrast
# tests, on their own QEMU machine. Each board's output is shown as it comes and kept in
# build/<board>/test-boards.log; its "N passed, N failed" line is its result (none at all, as
# when its build broke, counts as 1 failed). After a table of the boards (result and seconds),
# the very last line is "N passed, N failed" over every board. Exit 0 iff nothing failed.
set -uo pipefail

if [ $# -lt 1 ]; then
    echo "usage: tools/test-boards.sh BOARD..." >&2
    exit 2
fi
MAKE=${MAKE:-make}
summary_re='^[0-9]+ passed, [0-9]+ failed$'
total_passed=0
total_failed=0
table=""
skip_host=""
for b in "$@"; do
    echo "==== board $b"
    mkdir -p "build/$b"
    log="build/$b/test-boards.log"
    start=$(date +%s)
    $MAKE --no-print-directory test BOARD="$b" $skip_host 2>&1 | tee "$log"
    secs=$(($(date +%s) - start))
    summary=$(tr -d '\r' <"$log" | grep -E "$summary_re" | tail -n 1 || true)
    if [ -z "$summary" ]; then
        summary="0 passed, 1 failed"
        note=" (no summary: the run broke)"
    else
        note=""
    fi
    read -r p _ f _ <<<"$summary"
    total_passed=$((total_passed + p))
    total_failed=$((total_failed + f))
    table="$table$(printf '  %-14s %-26s %4ss%s' "$b" "$summary" "$secs" "$note")"$'\n'
    skip_host="SKIP_HOST=1"
done
echo "==== boards"
printf '%s' "$table"
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]

#!/usr/bin/env bash
# Sum up the test logs written by `make test`.
#
#   tools/run-tests.sh LOGDIR [EXPECTED]
#
# Every LOGDIR/*.log is the whole output of one test program (a host unit
# test or a tools/qemu-test.py run); its last "<P> passed, <F> failed" line
# is its result. A log without one counts as 1 failed case, because a program
# that crashed before its summary must not pass silently. EXPECTED, if given,
# lists log base names (with or without .log) that must be present, one per
# line; each absent one is 1 failed case too.
#
# The very last line printed is "N passed, N failed". Exit 0 iff N failed is 0.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ] || [ ! -d "$1" ]; then
    echo "usage: tools/run-tests.sh LOGDIR [EXPECTED]" >&2
    exit 2
fi
logdir=$1
expected=${2:-}

summary_re='^[0-9]+ passed, [0-9]+ failed$'
total_passed=0
total_failed=0
failures="" # one line per failure, shown under "Failures:"
skips=""    # one line per case a board cannot run, shown under "Skipped:" (counted nowhere)

note_failure() {
    failures="$failures  $1"$'\n'
}

shopt -s nullglob
logs=("$logdir"/*.log)
shopt -u nullglob

for log in "${logs[@]}"; do
    name=$(basename "$log" .log)
    # Logs may come from a console with \r\n line ends.
    summary=$(tr -d '\r' <"$log" | grep -E "$summary_re" | tail -n 1 || true)
    if [ -z "$summary" ]; then
        printf '%-32s no summary line\n' "$name"
        total_failed=$((total_failed + 1))
        note_failure "$name: no summary line (crashed or did not finish?)"
    else
        read -r p _ f _ <<<"$summary"
        printf '%-32s %s\n' "$name" "$summary"
        total_passed=$((total_passed + p))
        total_failed=$((total_failed + f))
    fi
    # Only "not ok" at the start of a line: qemu-test.py indents the raw
    # console copy so that it is not counted twice.
    while IFS= read -r line; do
        note_failure "$name: $line"
    done < <(tr -d '\r' <"$log" | grep -E '^not ok( |$)' || true)
    while IFS= read -r line; do
        skips="$skips  $name: $line"$'\n'
    done < <(tr -d '\r' <"$log" | grep -E '^skip - ' || true)
done

if [ -n "$expected" ]; then
    if [ ! -r "$expected" ]; then
        echo "run-tests.sh: cannot read $expected" >&2
        exit 2
    fi
    while IFS= read -r want || [ -n "$want" ]; do
        want=${want%$'\r'}
        want=${want%.log}
        case "$want" in "" | "#"*) continue ;; esac
        if [ ! -e "$logdir/$want.log" ]; then
            printf '%-32s missing\n' "$want"
            total_failed=$((total_failed + 1))
            note_failure "$want: missing (no $want.log)"
        fi
    done <"$expected"
fi

# An empty run is not a green run: something upstream went wrong.
if [ ${#logs[@]} -eq 0 ]; then
    total_failed=$((total_failed + 1))
    note_failure "no *.log files in $logdir"
fi

if [ -n "$skips" ]; then
    echo
    echo "Skipped (this board cannot run them; the reason is given):"
    printf '%s' "$skips"
fi
if [ -n "$failures" ]; then
    echo
    echo "Failures:"
    printf '%s' "$failures"
fi
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]

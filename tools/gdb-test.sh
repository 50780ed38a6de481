#!/usr/bin/env bash
# The test of `make gdb`'s commands (tools/parley.gdb), run by `make test` as gdb_test:
# gdb-multiarch in batch mode against QEMU running a parley image, stopped in a task.
#
#   tools/gdb-test.sh ELF MACHINE
#
# The image must have a task named ticker with entry ticker_main (the demo). Prints one
# "ok - <case>" / "not ok - <case>: <why>" line per case and "N passed, N failed"; exit 1 on a
# failure. Without gdb-multiarch it says so and fails: tools/deps.sh installs it.
set -uo pipefail

elf=$1 machine=$2
here=$(cd "$(dirname "$0")" && pwd)
header=$(dirname "$elf")/system_all.h
passed=0 failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
not_ok() { echo "not ok - $1: $2"; failed=$((failed + 1)); }
finish() { echo "$passed passed, $failed failed"; [ "$failed" -eq 0 ]; exit; }
# On mps2-an505 parley runs in the Secure state, with its RAM behind the Secure alias; QEMU's gdb
# stub reads physical memory as Non-secure, which the IoT Kit's memory protection controller
# refuses: the kernel's tables read as zeros there (docs/porting.md, "mps2-an505"). The cases
# that read them are skipped on that machine, with the reason, and the rest still run.
physical_reads=yes
[ "$machine" = mps2-an505 ] && physical_reads=no
needs_physical() {
    [ "$physical_reads" = yes ] && return 0
    echo "skip - $1: QEMU's gdb stub reads physical memory as Non-secure; parley's RAM is Secure here"
    return 1
}

if ! command -v gdb-multiarch >/dev/null 2>&1; then
    not_ok gdb_multiarch_installed "gdb-multiarch is missing (make deps installs it)"
    finish
fi
if [ ! -f "$elf" ] || [ ! -f "$header" ]; then
    not_ok image_built "$elf or $header is missing"
    finish
fi
define() { sed -n "s/^#define $1 \([0-9]*\)u$/\1/p" "$header"; }
count=$(define SYSTEM_TASK_COUNT) ticker=$(define TASK_TICKER)

# gdb attached with $1 (parley-connect, or plain target remote), stopped at ticker_main
# (unprivileged, in the ticker's MPU view), lists the tasks and reads kernel memory; its
# output goes to $2.
run_gdb() {
    local connect=$1 log=$2 port qemu
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    qemu-system-arm -M "$machine" -display none -monitor none -serial null \
        -semihosting-config enable=on,target=native -S -gdb "tcp:127.0.0.1:$port" \
        -kernel "$elf" </dev/null >/dev/null 2>&1 &
    qemu=$!
    sleep 0.3
    timeout 60 gdb-multiarch -batch -nx -q -x "$here/parley.gdb" \
        -ex "$connect 127.0.0.1:$port" -ex "break ticker_main" -ex continue -ex ptasks \
        -ex pcurrent -ex "print sys_tasks[$ticker].index" -ex kill "$elf" >"$log" 2>&1
    kill "$qemu" 2>/dev/null
    wait "$qemu" 2>/dev/null
}

log=$(mktemp) bare=$(mktemp)
trap 'rm -f "$log" "$bare"' EXIT
run_gdb parley-connect "$log"
run_gdb "target remote" "$bare"

if grep -q 'received: "OK"' "$log"; then
    ok parley_connect_switches_the_stub_to_physical_memory
else
    not_ok parley_connect_switches_the_stub_to_physical_memory "no OK to Qqemu.PhyMemMode:1"
fi
if grep -q "Breakpoint 1, ticker_main" "$log"; then
    ok stopped_inside_a_task
else
    not_ok stopped_inside_a_task "never stopped at ticker_main"
fi
if needs_physical ptasks_lists_every_task_from_the_kernel_tables; then
rows=$(grep -cE '^ [ *] [0-9]+ +[a-z][a-z0-9_]* +(ready|blocked|faulted|exited) ' "$log")
if [ "$rows" = "$count" ] && grep -qE '^   [0-9]+ +idle +ready +31 ' "$log"; then
    ok ptasks_lists_every_task_from_the_kernel_tables
else
    not_ok ptasks_lists_every_task_from_the_kernel_tables "$rows rows for $count tasks"
fi
fi
if ! needs_physical ptasks_marks_the_running_task; then :
elif grep -qE "^ \* $ticker +ticker +ready .*\(running\)$" "$log"; then
    ok ptasks_marks_the_running_task
else
    not_ok ptasks_marks_the_running_task "no '* $ticker  ticker ... (running)' row"
fi
if ! needs_physical pcurrent_names_the_running_task; then :
elif grep -qE "^current task: $ticker ticker \(generation 1" "$log" &&
    grep -q "the CPU runs the task (thread mode)" "$log"; then
    ok pcurrent_names_the_running_task
else
    not_ok pcurrent_names_the_running_task "no 'current task: $ticker ticker'"
fi
if ! needs_physical kernel_memory_readable_while_stopped_in_a_task; then :
elif grep -qE "^\\\$1 = $ticker$" "$log"; then
    ok kernel_memory_readable_while_stopped_in_a_task
else
    not_ok kernel_memory_readable_while_stopped_in_a_task "sys_tasks[$ticker].index not read"
fi
# The control: without physical memory mode the same read fails, which is why
# parley-connect switches it on (and shows the case above can fail).
if grep -q "Cannot access memory" "$bare" && ! grep -qE "^\\\$1 = " "$bare"; then
    ok kernel_memory_unreadable_without_physical_mode
else
    not_ok kernel_memory_unreadable_without_physical_mode "read anyway: QEMU changed?"
fi
if [ "$failed" -gt 0 ]; then
    echo "--- gdb output ---"
    sed 's/^/    /' "$log"
fi
finish

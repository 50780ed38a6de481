#!/usr/bin/env bash
# tools/bench.sh ELF MACHINE - run the benchmark image under QEMU with -icount shift=0 (virtual
# time advances 1 ns per guest instruction, so the image's timer counts instructions) and print
# its `BENCH <name> <value> <unit>` lines. Fails if the image does not end cleanly.
set -uo pipefail
elf=$1 machine=$2
out=$(timeout 120 qemu-system-arm -M "$machine" -nographic -monitor none \
    -semihosting-config enable=on,target=native -icount shift=0,align=off,sleep=off \
    -kernel "$elf" </dev/null 2>&1)
status=$?
grep -E '^BENCH [A-Za-z0-9_]+ [0-9.]+ [^ ]+' <<<"$out" | tr -d '\r'
if [ $status -ne 0 ]; then
    echo "bench: the benchmark image failed (status $status); its output:" >&2
    sed 's/^/  /' <<<"$out" >&2
    exit 1
fi

#!/usr/bin/env bash
# `make gdb`: debug a parley image in QEMU with gdb-multiarch and the commands of
# tools/parley.gdb (ptasks, pcurrent).
#
#   tools/gdb.sh start  ELF MACHINE PORT   QEMU halted, its gdb stub on PORT, its console on
#                                          TCP port PORT+1 (`make console`), then gdb attached
#   tools/gdb.sh attach ELF MACHINE PORT   gdb only, for a QEMU `make qemu-gdb` started in
#                                          another terminal (its console is in that terminal)
#
# QEMU runs in a session of its own (setsid): Ctrl-C in gdb reaches gdb only, which stops the
# target, and QEMU lives on until gdb quits.
set -euo pipefail

if [ $# -ne 4 ] || { [ "$1" != start ] && [ "$1" != attach ]; }; then
    echo "usage: tools/gdb.sh start|attach ELF MACHINE PORT" >&2
    exit 2
fi
mode=$1 elf=$2 machine=$3 port=$4

if ! command -v gdb-multiarch >/dev/null 2>&1; then
    echo "make gdb: gdb-multiarch is not installed. Install it with" >&2
    echo "    sudo apt-get install -y gdb-multiarch    (or: make deps)" >&2
    exit 1
fi

here=$(cd "$(dirname "$0")" && pwd)
if [ "$mode" = start ]; then
    console=$((port + 1))
    setsid qemu-system-arm -M "$machine" -display none -monitor none \
        -semihosting-config enable=on,target=native \
        -serial "tcp:127.0.0.1:$console,server=on,wait=off" \
        -S -gdb "tcp:127.0.0.1:$port" -kernel "$elf" </dev/null &
    qemu=$!
    trap 'kill "$qemu" 2>/dev/null || true' EXIT
    echo "QEMU waits for gdb on port $port. Its console is on TCP port $console: in another"
    echo "terminal run 'make console' (python3 tools/console.py $console) to type at the shell."
    for _ in $(seq 50); do # until the stub listens
        (exec 3<>"/dev/tcp/127.0.0.1/$console") 2>/dev/null && break
        sleep 0.1
    done
fi
echo "gdb: 'continue' runs, Ctrl-C stops the target, 'ptasks' and 'pcurrent' show the tasks."
gdb-multiarch -q -x "$here/parley.gdb" -ex "parley-connect 127.0.0.1:$port" "$elf"

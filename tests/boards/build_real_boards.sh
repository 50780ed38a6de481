#!/usr/bin/env bash
# tests/boards/build_real_boards.sh - the build check of the real boards (a board.mk without
# QEMU_MACHINE: nothing here can run them). For each, three images are built with that board's
# make fragment and must link, which means they fit: linker/kernel.ld refuses a kernel larger
# than board.ini's kernel_flash/kernel_ram and sysgen a task that leaves flash or RAM. The
# images: the benchmarks (ten tasks, a shared page, the timers), the Thread-Metric interrupt
# test (the board's timer driver, user/dev/<family>/) and the console test (the console server
# on the board's UART driver, dev_uart.h of its family). Then `make flash` must say what to
# connect and what it would run (tools/flash.sh --dry-run), and the idle task must sleep in WFI,
# but on the nRF52 spin (user/dev/nrf/dev_idle.h). An image with a .boot2 section (rpi-pico)
# must carry the boot ROM's checksum of it, with the vector table right after it. For a QEMU board, `make flash` must say
# there is nothing to flash, and `make run` of an image a board skips must refuse it with the
# reason. Prints "ok - ..." / "not ok - ..." lines and "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
unset MAKEFLAGS MAKELEVEL MFLAGS
MAKE=${MAKE:-make}
passed=0
failed=0
say() { # status message
    if [ "$1" = ok ]; then passed=$((passed + 1)); echo "ok - $2"; else
        failed=$((failed + 1)); echo "not ok - $2"; fi
}

boards=$(grep -L '^QEMU_MACHINE' board/*/board.mk | sed 's|board/\(.*\)/board.mk|\1|')
[ -n "$boards" ] || say fail "no real board found (a board.mk without QEMU_MACHINE)"
for b in $boards; do
    for ini in tests/bench/system.ini tests/tm/interrupt.ini tests/qemu/console/system.ini; do
        name=$(basename "$ini" .ini)
        [ "$name" = system ] && name=$(basename "$(dirname "$ini")")
        elf=build/$b/sys_$name/sys_$name.elf
        if out=$($MAKE --no-print-directory BOARD="$b" SYSTEM="$ini" all 2>&1) && [ -f "$elf" ]; then
            size=$(arm-none-eabi-size "$elf" | awk 'NR == 2 { print $1 + $2 " B flash, " $2 + $3 " B RAM" }')
            say ok "$b: $ini links and fits ($size)"
        else
            echo "$out" | tail -n 15 | sed 's/^/    /'
            say fail "$b: $ini does not build"
        fi
    done
    var() { # the value of $1 in board $b's board.mk
        $MAKE -s --no-print-directory -f - BOARD="$b" print \
            <<<"include board/\$(BOARD)/board.mk"$'\nprint:\n\t@echo \'$('"$1"$')\''
    }
    out=$(tools/flash.sh --dry-run "$b" "build/$b/sys_bench/sys_bench.elf" "$(var FLASH_TOOL)" \
        "$(var FLASH_OPENOCD)" "$(var FLASH_CONNECT)" 2>&1)
    if echo "$out" | grep -q "^Connect: [^ .]" && echo "$out" | grep -q "^Running: 'openocd' .*program build/$b/sys_bench/sys_bench.elf verify reset exit"; then
        say ok "$b: make flash says what to connect and the command it runs"
    else
        echo "$out" | sed 's/^/    /'
        say fail "$b: make flash (dry run) did not print what to connect and the command"
    fi
    # a board whose boot ROM runs a block before the image (rpi-pico: .boot2, the RP2040's
    # second-stage boot loader, sealed by tools/rp2040_boot2.py as its BOARD_POSTLINK): the
    # ROM's checksum is right and the vector table follows it
    elf=build/$b/sys_bench/sys_bench.elf
    boot2=$(arm-none-eabi-objdump -h "$elf" 2>/dev/null | awk '$2 == ".boot2" { print $4 }')
    if [ -n "$boot2" ] || [[ "$(var BOARD_POSTLINK)" == *rp2040_boot2* ]]; then
        vectors=$(arm-none-eabi-nm "$elf" | awk '$3 == "vector_table" { print $1 }')
        if out=$(tools/rp2040_boot2.py --check "$elf" 2>&1) && [ -n "$boot2" ] &&
            [ -n "$vectors" ] && [ $((0x$vectors)) -eq $((0x$boot2 + 256)) ]; then
            say ok "$b: the boot ROM's checksum of .boot2 (at 0x$boot2) is right, the vector table follows it"
        else
            echo "    $out .boot2 at 0x$boot2, vector_table at 0x$vectors"
            say fail "$b: .boot2 missing, its checksum wrong or the vector table not right after it"
        fi
    fi
    # the idle task sleeps in WFI, but on the nRF52 (SysTick stops while the core sleeps:
    # user/dev/nrf/dev_idle.h) it spins
    idle=$(arm-none-eabi-objdump -d "build/$b/sys_bench/sys_bench.elf" |
        awk '/<idle_main>:/ { on = 1; next } on && /^$/ { exit } on')
    if [ "$(var DEV_FAMILY)" = nrf ]; then want=no; else want=yes; fi
    if echo "$idle" | grep -qw wfi; then got=yes; else got=no; fi
    if [ -n "$idle" ] && [ "$got" = "$want" ]; then
        say ok "$b: the idle task $([ "$want" = yes ] && echo sleeps in WFI || echo spins, no WFI)"
    else
        echo "$idle" | sed 's/^/    /'
        say fail "$b: the idle task's WFI: wanted $want, found $got"
    fi
done
out=$($MAKE --no-print-directory flash BOARD=netduinoplus2 2>&1)
if echo "$out" | grep -q "there is nothing to flash"; then
    say ok "a QEMU board: make flash says there is nothing to flash"
else
    echo "$out" | tail -n 5 | sed 's/^/    /'
    say fail "a QEMU board: make flash did not say there is nothing to flash"
fi
# an image a board cannot run (SKIP_IMAGES): make run refuses it, naming the reason
out=$($MAKE --no-print-directory run BOARD=netduinoplus2 2>&1)
status=$?
if [ $status -ne 0 ] && echo "$out" | grep -q "cannot run on netduinoplus2: its 26 tasks need 156K of RAM" &&
    echo "$out" | grep -q "SYSTEM="; then
    say ok "a skipped image: make run refuses it with the reason and suggests SYSTEM="
else
    echo "$out" | tail -n 5 | sed 's/^/    /'
    say fail "a skipped image: make run did not refuse it with the reason (status $status)"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

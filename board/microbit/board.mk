# board/microbit/board.mk - build settings for the BBC micro:bit v1 (nRF51822, Cortex-M0,
# ARMv6-M, no MPU) as QEMU 7.2's microbit machine runs it. Tasks are NOT isolated here: the
# M0 has neither an MPU nor an unprivileged mode (docs/porting.md, "microbit").
ARCH         := cortex-m
# ARMv6-M: the Thumb-1 entry, HardFault-only fault decoding, no MPU; the C memcpy (memcpy.S is
# Thumb-2)
ARCH_SRCS    := $(addprefix arch/cortex-m/,arch_v6m.c arch_common.c entry_v6m.S fault_v6m.c \
                mpu_none.c sigframe.c semihost.c vectors.c)
# the user library's traps: the ARMv6-M (Thumb-1) stubs; its memory orders (common/pl_order.h)
ARCH_USER_SRCS := $(addprefix arch/cortex-m/user/,ipc_trap_v6m.S sig_trampoline.S atomic_v6m.c)
ARCH_USER_FLAGS := -Iarch/cortex-m/user/v6m -Iarch/cortex-m/user/common
ARCH_FLAGS   := -Iarch/cortex-m/nompu
CPU_FLAGS    := -mcpu=cortex-m0 -mthumb -mfloat-abi=soft
QEMU_MACHINE := microbit
BOARD_SRCS   := board/$(BOARD)/board.c board/nrf/nrf_console.c
# the tasks' device drivers: user/dev/nrf51/ (TIMER for every role)
DEV_FAMILY   := nrf51
include board/$(BOARD)/skip.mk
# what `make run` suggests instead of the demo, which does not fit (Makefile, RUN_EXAMPLE)
RUN_EXAMPLE      := tests/qemu/console_small/system.ini
RUN_EXAMPLE_WHAT := the console server and a task that talks through stdio: forty lines out, then it asks your name and counts a line you type

# board/nrf52840-dk/board.mk - build settings for Nordic's nRF52840-DK (PCA10056; nRF52840,
# Cortex-M4F, PMSAv7 MPU), a real board: no QEMU_MACHINE, so `make test-boards` does not run
# it; `make test` checks that its images link and fit (tests/boards/build_real_boards.sh) and
# `make flash BOARD=nrf52840-dk` writes one through its on-board J-Link OB (OpenOCD).
ARCH         := cortex-m
ARCH_SRCS    := $(addprefix arch/cortex-m/,arch.c arch_common.c entry.S fault.c memcpy.S mpu.c sigframe.c semihost.c \
                vectors.c)
# the user library's traps: the ARMv7-M (Thumb-2) stubs; its memory orders (common/pl_order.h)
ARCH_USER_SRCS := $(addprefix arch/cortex-m/user/,ipc_trap.S sig_trampoline.S)
ARCH_USER_FLAGS := -Iarch/cortex-m/user/v7m -Iarch/cortex-m/user/common
ARCH_FLAGS   := -Iarch/cortex-m/pmsav7
# The M4F's FPU stays off, as on every board (docs/porting.md, "Cortex-M4F/M7 and the FPU")
CPU_FLAGS    := -mcpu=cortex-m4+nofp -mthumb -mfloat-abi=soft
BOARD_SRCS   := board/$(BOARD)/board.c board/nrf/nrf_console.c
DEV_FAMILY   := nrf
include board/$(BOARD)/skip.mk
# `make flash` (tools/flash.sh): OpenOCD's board file for Nordic's nRF52 DK: the J-Link OB,
# SWD and target/nrf52.cfg, the nRF52 family's (named for the nRF52832 DK; the nRF52840's
# flash is driven by the same nrf5 driver)
FLASH_TOOL    := openocd
FLASH_OPENOCD := -f board/nordic_nrf52_dk.cfg
# (no apostrophe in it: tests/boards/build_real_boards.sh reads it through the shell)
FLASH_CONNECT := USB: the micro-USB socket J2 of the interface MCU (J-Link OB; not J3, the nRF USB) to this computer, power switch SW8 on, SW6 on DEFAULT. Console: the same cable, the J-Link virtual COM port (/dev/ttyACM0 or the like), which bridges UART0 on P0.06 (TX) and P0.08 (RX); 115200 baud, 8N1

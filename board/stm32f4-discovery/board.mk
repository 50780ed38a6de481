# board/stm32f4-discovery/board.mk - build settings for ST's STM32F4DISCOVERY (STM32F407VG,
# Cortex-M4, PMSAv7 MPU), a real board: no QEMU_MACHINE, so `make test-boards` does not run it;
# `make test` checks that its images link and fit (tests/boards/build_real_boards.sh) and
# `make flash BOARD=stm32f4-discovery` writes one through its on-board ST-LINK/V2 (OpenOCD).
ARCH         := cortex-m
ARCH_SRCS    := $(addprefix arch/cortex-m/,arch.c arch_common.c entry.S fault.c memcpy.S mpu.c sigframe.c semihost.c \
                vectors.c)
# the user library's traps: the ARMv7-M (Thumb-2) stubs; its memory orders (common/pl_order.h)
ARCH_USER_SRCS := $(addprefix arch/cortex-m/user/,ipc_trap.S sig_trampoline.S)
ARCH_USER_FLAGS := -Iarch/cortex-m/user/v7m -Iarch/cortex-m/user/common
ARCH_FLAGS   := -Iarch/cortex-m/pmsav7
# The M4F's FPU stays off, as on every board (docs/porting.md, "Cortex-M4F/M7 and the FPU")
CPU_FLAGS    := -mcpu=cortex-m4+nofp -mthumb -mfloat-abi=soft
BOARD_SRCS   := board/$(BOARD)/board.c board/stm32f4/stm32f4.c
DEV_FAMILY   := stm32
include board/stm32f4/skip.mk
# `make flash` (tools/flash.sh): OpenOCD's own board file for this kit, and what to connect
FLASH_TOOL    := openocd
FLASH_OPENOCD := -f board/stm32f4discovery.cfg
FLASH_CONNECT := USB: the mini-USB socket CN1 (ST-LINK/V2) to this computer, jumpers CN3 both on (ST-LINK to the on-board STM32). Console: a 3.3 V USB-serial adapter, its RX to PA2, its TX to PA3, GND to GND; 115200 baud, 8N1

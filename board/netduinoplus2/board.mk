# board/netduinoplus2/board.mk - build settings for the Netduino Plus 2 (STM32F405RG, Cortex-M4,
# PMSAv7 MPU) as QEMU 7.2's netduinoplus2 machine runs it.
ARCH         := cortex-m
# ARMv7-M with the PMSAv7 MPU: the same arch files as the MPS2 M3/M4 boards
ARCH_SRCS    := $(addprefix arch/cortex-m/,arch.c arch_common.c entry.S fault.c memcpy.S mpu.c sigframe.c semihost.c \
                vectors.c)
# the user library's traps: the ARMv7-M (Thumb-2) stubs; its memory orders (common/pl_order.h)
ARCH_USER_SRCS := $(addprefix arch/cortex-m/user/,ipc_trap.S sig_trampoline.S)
ARCH_USER_FLAGS := -Iarch/cortex-m/user/v7m -Iarch/cortex-m/user/common
ARCH_FLAGS   := -Iarch/cortex-m/pmsav7
# The M4F's FPU stays off, as on every board (docs/porting.md, "Cortex-M4F/M7 and the FPU")
CPU_FLAGS    := -mcpu=cortex-m4+nofp -mthumb -mfloat-abi=soft
QEMU_MACHINE := netduinoplus2
BOARD_SRCS   := board/$(BOARD)/board.c board/stm32f4/stm32f4.c
# the tasks' device drivers: user/dev/stm32/ (the STM32 timers)
DEV_FAMILY   := stm32
include board/stm32f4/skip.mk

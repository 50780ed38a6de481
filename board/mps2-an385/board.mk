# board/mps2-an385/board.mk - build settings for MPS2 + AN385 (Cortex-M3, PMSAv7 MPU).
ARCH         := cortex-m
# ARMv7-M with the PMSAv7 MPU: the files of arch/cortex-m/ this CPU needs
ARCH_SRCS    := $(addprefix arch/cortex-m/,arch.c arch_common.c entry.S fault.c memcpy.S mpu.c sigframe.c semihost.c \
                vectors.c)
# the user library's traps: the ARMv7-M (Thumb-2) stubs; its memory orders (common/pl_order.h)
ARCH_USER_SRCS := $(addprefix arch/cortex-m/user/,ipc_trap.S sig_trampoline.S)
ARCH_USER_FLAGS := -Iarch/cortex-m/user/v7m -Iarch/cortex-m/user/common
# its MPU profile: arch/cortex-m/pmsav7/mpu_regs.h (PMSAv7 registers and the switch)
ARCH_FLAGS   := -Iarch/cortex-m/pmsav7
CPU_FLAGS    := -mcpu=cortex-m3 -mthumb -mfloat-abi=soft
QEMU_MACHINE := mps2-an385
BOARD_SRCS   := board/$(BOARD)/board.c board/mps2/mps2.c
# the tasks' device drivers: user/dev/cmsdk/ (the CMSDK timers)
DEV_FAMILY   := cmsdk

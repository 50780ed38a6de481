# board/mps2-an505/board.mk - build settings for MPS2 + AN505 (Cortex-M33, ARMv8-M Mainline,
# PMSAv8 MPU), run in the Secure state (docs/porting.md, "mps2-an505").
ARCH         := cortex-m
# ARMv8-M with the PMSAv8 MPU: the same entry code and fault decoding as ARMv7-M, the MPU's
# encoding and switch from the pmsav8 files (ARCH_FLAGS puts its mpu_regs.h first)
ARCH_SRCS    := $(addprefix arch/cortex-m/,arch.c arch_common.c entry.S fault.c memcpy.S mpu_v8.c sigframe.c semihost.c \
                vectors.c)
# the user library's traps: the ARMv7-M (Thumb-2) stubs; its memory orders (common/pl_order.h)
ARCH_USER_SRCS := $(addprefix arch/cortex-m/user/,ipc_trap.S sig_trampoline.S)
ARCH_USER_FLAGS := -Iarch/cortex-m/user/v7m -Iarch/cortex-m/user/common
ARCH_FLAGS   := -Iarch/cortex-m/pmsav8
# The M33 of the AN505 has no FPU in QEMU's model and DSP is not used: +nofp +nodsp keep the
# code to the ARMv8-M Mainline base, soft-float as on every board.
CPU_FLAGS    := -mcpu=cortex-m33+nofp+nodsp -mthumb -mfloat-abi=soft
QEMU_MACHINE := mps2-an505
BOARD_SRCS   := board/$(BOARD)/board.c board/mps2/mps2.c
# the tasks' device drivers: user/dev/cmsdk/ (the CMSDK timers)
DEV_FAMILY   := cmsdk

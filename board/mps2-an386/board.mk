# board/mps2-an386/board.mk - build settings for MPS2 + AN386 (Cortex-M4, PMSAv7 MPU).
ARCH         := cortex-m
# ARMv7-M with the PMSAv7 MPU: the files of arch/cortex-m/ this CPU needs (the same as the M3's)
ARCH_SRCS    := $(addprefix arch/cortex-m/,arch.c arch_common.c entry.S fault.c memcpy.S mpu.c sigframe.c semihost.c \
                vectors.c)
# the user library's traps: the ARMv7-M (Thumb-2) stubs; its memory orders (common/pl_order.h)
ARCH_USER_SRCS := $(addprefix arch/cortex-m/user/,ipc_trap.S sig_trampoline.S)
ARCH_USER_FLAGS := -Iarch/cortex-m/user/v7m -Iarch/cortex-m/user/common
# The Cortex-M4 has an FPU, which parley leaves off (docs/porting.md, "Cortex-M4F/M7 and the
# FPU"): +nofp and the soft-float ABI keep every floating-point instruction out of the kernel
# and the tasks (newlib's and libgcc's nofp multilib does float in software), so no exception
# frame is ever an extended one. tools/check-boards.sh holds every board to this.
# its MPU profile: arch/cortex-m/pmsav7/mpu_regs.h (PMSAv7 registers and the switch)
ARCH_FLAGS   := -Iarch/cortex-m/pmsav7
CPU_FLAGS    := -mcpu=cortex-m4+nofp -mthumb -mfloat-abi=soft
QEMU_MACHINE := mps2-an386
BOARD_SRCS   := board/$(BOARD)/board.c board/mps2/mps2.c
# the tasks' device drivers: user/dev/cmsdk/ (the CMSDK timers)
DEV_FAMILY   := cmsdk

# board/mps2-an385/board.mk - build settings for MPS2 + AN385 (Cortex-M3, PMSAv7 MPU).
ARCH        := cortex-m
CPU_FLAGS   := -mcpu=cortex-m3 -mthumb -mfloat-abi=soft
QEMU_MACHINE := mps2-an385
BOARD_SRCS  := board/$(BOARD)/board.c

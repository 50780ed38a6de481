/*
 * board/mps2-an386/board_regs.h - the ARM MPS2 board with the AN386 FPGA image (Cortex-M4), as
 * documented in ARM Application Note AN386 and modelled by QEMU's mps2-an386: the MPS2 family's
 * memory map (board/mps2/mps2_regs.h) and this image's CPU.
 */
#ifndef BOARD_MPS2_AN386_REGS_H
#define BOARD_MPS2_AN386_REGS_H

#include "../mps2/mps2_regs.h"

/* The CPU, as arch_cpu_name() names it: tests/qemu/float checks the running CPU against it (a
 * QEMU_MACHINE that runs another CPU), tools/check-boards.py against board.ini's cpu. */
#define BOARD_CPU_NAME "Cortex-M4"

#endif

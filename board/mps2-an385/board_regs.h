/*
 * board/mps2-an385/board_regs.h - the ARM MPS2 board with the AN385 FPGA image (Cortex-M3), as
 * documented in ARM Application Note AN385 and modelled by QEMU's mps2-an385: the MPS2 family's
 * memory map (board/mps2/mps2_regs.h) and this image's CPU.
 */
#ifndef BOARD_MPS2_AN385_REGS_H
#define BOARD_MPS2_AN385_REGS_H

#include "../mps2/mps2_regs.h"

/* The CPU, as arch_cpu_name() names it: tests/qemu/float checks the running CPU against it (a
 * QEMU_MACHINE that runs another CPU), tools/check-boards.py against board.ini's cpu. */
#define BOARD_CPU_NAME "Cortex-M3"

#endif

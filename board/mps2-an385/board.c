/*
 * board/mps2-an385/board.c - MPS2 + AN385 (Cortex-M3), as run by QEMU: its name. The console and
 * the clock are the MPS2 family's, in board/mps2/mps2.c.
 */
#include "board.h"

const char board_name[] = "mps2-an385";

/* Nothing to set up before the UART: the image starts with everything open. */
void mps2_setup(void);
void mps2_setup(void)
{
}

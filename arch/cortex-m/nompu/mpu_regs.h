/*
 * arch/cortex-m/nompu/mpu_regs.h - the profile of a Cortex-M without an MPU (the nRF51's
 * Cortex-M0): no MPU registers at all. Selected by the board's ARCH_FLAGS with mpu_none.c.
 */
#ifndef ARCH_CORTEX_M_MPU_REGS_H
#define ARCH_CORTEX_M_MPU_REGS_H

void mpu_init(void); /* mpu_none.c: nothing to set up */

#endif

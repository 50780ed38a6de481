/*
 * arch/cortex-m/pmsav6/mpu_regs.h - the PMSAv6 MPU (ARMv6-M with the optional MPU: a Cortex-M0+
 * such as the RP2040's): its registers for the C code (mpu.c, the arch's start-up); the switch
 * for the exception entry is mpu_switch.inc. Selected by the board's ARCH_FLAGS. ARMv6-M
 * Architecture Reference Manual, B3.5 ("Protected Memory System Architecture").
 *
 * What differs from PMSAv7: the registers and their encoding are the same (RBAR carries a
 * region's base with VALID and its number, RASR its size, access and attributes), but the
 * smallest region is 256 bytes, not 32, and there are no alias pairs after RASR: a switch
 * writes the eight RBAR/RASR pairs one region at a time (mpu_switch.inc).
 */
#ifndef ARCH_CORTEX_M_PMSAV6_MPU_REGS_H
#define ARCH_CORTEX_M_PMSAV6_MPU_REGS_H

/* The smallest region PMSAv6 has: RASR.SIZE below 7 is UNPREDICTABLE (ARMv6-M ARM B3.5.8).
 * mpu.c refuses anything smaller; sysgen's `mpu = pmsav6` rule places nothing smaller. */
#define MPU_MIN_REGION_SIZE 256u

/* Everything else is PMSAv7's: the same registers, bits and encodings. */
#include "../pmsav7/mpu_regs.h"

#endif

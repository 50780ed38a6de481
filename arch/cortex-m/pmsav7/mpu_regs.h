/*
 * arch/cortex-m/pmsav7/mpu_regs.h - the PMSAv7 MPU (ARMv7-M: Cortex-M3, M4, M7): its registers
 * for the C code (mpu.c, arch.c); the switch for entry.S is mpu_switch.inc. Selected by the board's
 * ARCH_FLAGS. ARMv7-M Architecture Reference Manual, B3.5.
 */
#ifndef ARCH_CORTEX_M_MPU_REGS_H
#define ARCH_CORTEX_M_MPU_REGS_H

#define MPU_TYPE            REG32(0xE000ED90u)
#define MPU_CTRL            REG32(0xE000ED94u)
#define MPU_RNR             REG32(0xE000ED98u)
#define MPU_RBAR            REG32(0xE000ED9Cu)
#define MPU_RASR            REG32(0xE000EDA0u)
#define MPU_CTRL_ENABLE     (1u << 0)
#define MPU_CTRL_PRIVDEFENA (1u << 2)
#define RBAR_VALID          (1u << 4)
#define RASR_ENABLE         (1u << 0)
#define RASR_XN             (1u << 28)
#define RASR_AP_RW_RW       (3u << 24) /* privileged and unprivileged read/write */
#define RASR_AP_RO_RO       (6u << 24) /* read-only for both */
#define RASR_AP_RW_RO       (2u << 24) /* privileged read/write, unprivileged read-only */
#define RASR_NORMAL_WT      (1u << 17) /* TEX=000 C=1 B=0: normal, write-through */
#define RASR_NORMAL_WB      (3u << 16) /* TEX=000 C=1 B=1: normal, write-back */
#define RASR_SHAREABLE      (1u << 18)
#define RASR_DEVICE         (1u << 16) /* TEX=000 C=0 B=1: shared device */

/* The smallest region PMSAv7 has (RASR.SIZE 4: 32 bytes); mpu.c refuses anything smaller.
 * pmsav6/mpu_regs.h reuses this file with its own, larger minimum, defined first. */
#ifndef MPU_MIN_REGION_SIZE
#define MPU_MIN_REGION_SIZE 32u
#endif

void mpu_init(void); /* mpu.c: every region off, then the MPU on with the default map */

#endif

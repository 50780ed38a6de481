/*
 * arch/cortex-m/pmsav8/mpu_regs.h - the PMSAv8 MPU (ARMv8-M: Cortex-M33): its registers for
 * the C code (mpu_v8.c, arch.c); the switch for entry.S is mpu_switch.inc. Selected by the board's
 * ARCH_FLAGS. ARMv8-M Architecture Reference Manual, B3 ("Protected Memory System Architecture")
 * and D1.
 *
 * What differs from PMSAv7: a region is a base and a limit, each a multiple of 32 bytes (no
 * power-of-two size, no alignment to the size, no subregions); memory attributes are an index
 * into MAIR0/MAIR1; regions may not overlap (an address two regions match faults); and there
 * is no "privileged read/write, unprivileged read-only" access.
 */
#ifndef ARCH_CORTEX_M_MPU_REGS_H
#define ARCH_CORTEX_M_MPU_REGS_H

#define MPU_TYPE            REG32(0xE000ED90u)
#define MPU_CTRL            REG32(0xE000ED94u)
#define MPU_RNR             REG32(0xE000ED98u)
#define MPU_RBAR            REG32(0xE000ED9Cu)
#define MPU_RLAR            REG32(0xE000EDA0u)
#define MPU_MAIR0           REG32(0xE000EDC0u)
#define MPU_CTRL_ENABLE     (1u << 0)
#define MPU_CTRL_PRIVDEFENA (1u << 2)

/* RBAR: BASE[31:5] SH[4:3] AP[2:1] XN[0] */
#define RBAR_XN         (1u << 0)
#define RBAR_AP_RW_PRIV (0u << 1) /* read/write, privileged only */
#define RBAR_AP_RW_ANY  (1u << 1) /* read/write, any privilege */
#define RBAR_AP_RO_ANY  (3u << 1) /* read-only, any privilege */
#define RBAR_SH_INNER   (3u << 3) /* inner shareable */
/* RLAR: LIMIT[31:5] (the last byte's address, low 5 bits implied 1) ATTRINDX[3:1] EN[0] */
#define RLAR_EN      (1u << 0)
#define RLAR_ATTR(i) ((uint32_t)(i) << 1)

/* MAIR0 attributes, one byte each, by index (ARMv8-M ARM, MAIR_ATTR) */
#define ATTR_NORMAL_WB 0 /* 0xff: normal, write-back non-transient, read/write allocate */
#define ATTR_NORMAL_WT 1 /* 0xaa: normal, write-through non-transient, read allocate */
#define ATTR_DEVICE    2 /* 0x04: Device-nGnRE */
#define MAIR0_VALUE    (0xffu | (0xaau << 8) | (0x04u << 16))

void mpu_init(void); /* mpu_v8.c: attributes, every region off, then the MPU on */

#endif

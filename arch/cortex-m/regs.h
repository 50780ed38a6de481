/*
 * arch/cortex-m/regs.h - ARMv7-M System Control Space registers used by the arch code.
 * Addresses and bit positions are from the ARMv7-M Architecture Reference Manual (B3.2); an
 * ARMv8-M Mainline core (Cortex-M33) has every one of them at the same place with the same
 * meaning. The MPU differs: its registers come from the profile's mpu_regs.h.
 */
#ifndef ARCH_CORTEX_M_REGS_H
#define ARCH_CORTEX_M_REGS_H

#include <stdint.h>

#define REG32(addr) (*(volatile uint32_t *)(uintptr_t)(addr))

#define SCB_CPUID REG32(0xE000ED00u)
#define SCB_ICSR  REG32(0xE000ED04u)
#define SCB_VTOR  REG32(0xE000ED08u)
#define SCB_CCR   REG32(0xE000ED14u)
#define SCB_SHPR1 REG32(0xE000ED18u) /* MemManage, BusFault, UsageFault priorities */
#define SCB_SHPR2 REG32(0xE000ED1Cu) /* SVCall priority in bits 31:24 */
#define SCB_SHPR3 REG32(0xE000ED20u) /* PendSV 23:16, SysTick 31:24 */
#define SCB_SHCSR REG32(0xE000ED24u)
#define SCB_CFSR  REG32(0xE000ED28u)
#define SCB_HFSR  REG32(0xE000ED2Cu)
#define SCB_MMFAR REG32(0xE000ED34u)
#define SCB_BFAR  REG32(0xE000ED38u)

#define ICSR_PENDSVSET     (1u << 28)
#define ICSR_PENDSVCLR     (1u << 27)
#define SHCSR_MEMFAULTENA  (1u << 16)
#define SHCSR_BUSFAULTENA  (1u << 17)
#define SHCSR_USGFAULTENA  (1u << 18)
#define SHCSR_SVCALLPENDED (1u << 15)
#define CCR_DIV_0_TRP      (1u << 4)
#define CCR_STKALIGN       (1u << 9)

/* CFSR = UFSR:BFSR:MMFSR */
#define CFSR_IACCVIOL    (1u << 0)
#define CFSR_DACCVIOL    (1u << 1)
#define CFSR_MUNSTKERR   (1u << 3)
#define CFSR_MSTKERR     (1u << 4)
#define CFSR_MMARVALID   (1u << 7)
#define CFSR_IBUSERR     (1u << 8)
#define CFSR_PRECISERR   (1u << 9)
#define CFSR_IMPRECISERR (1u << 10)
#define CFSR_UNSTKERR    (1u << 11)
#define CFSR_STKERR      (1u << 12)
#define CFSR_BFARVALID   (1u << 15)
#define CFSR_UNDEFINSTR  (1u << 16)
#define CFSR_INVSTATE    (1u << 17)
#define CFSR_INVPC       (1u << 18)
#define CFSR_NOCP        (1u << 19)
#define CFSR_UNALIGNED   (1u << 24)
#define CFSR_DIVBYZERO   (1u << 25)
#define HFSR_FORCED      (1u << 30)

/* The MPU's registers: the board's profile (arch/cortex-m/pmsav7 or pmsav8, ARCH_FLAGS). */
#include "mpu_regs.h"
void mpu_require_slots(void); /* arch_common.c: panic if the MPU has fewer than ARCH_MPU_SLOTS */

#define SYST_CSR           REG32(0xE000E010u)
#define SYST_RVR           REG32(0xE000E014u)
#define SYST_CVR           REG32(0xE000E018u)
#define SYST_CSR_ENABLE    (1u << 0)
#define SYST_CSR_TICKINT   (1u << 1)
#define SYST_CSR_CLKSOURCE (1u << 2)

#define NVIC_ISER(n)     REG32(0xE000E100u + 4u * (n))
#define NVIC_ICER(n)     REG32(0xE000E180u + 4u * (n))
#define NVIC_ICPR(n)     REG32(0xE000E280u + 4u * (n))
#define NVIC_IPR_BYTE(n) (*(volatile uint8_t *)(uintptr_t)(0xE000E400u + (n)))

/* Exception priorities: faults above everything so a fault inside the kernel is caught; all
 * kernel entries (SVC, PendSV, SysTick, device IRQs) share one level so they never nest. */
#define PRIO_FAULTS 0x00u
#define PRIO_KERNEL 0x80u

#endif

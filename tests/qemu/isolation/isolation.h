/*
 * tests/qemu/isolation/isolation.h - the addresses the offenders touch, shared with the judge
 * so that it can expect the exact fault address of each offence.
 */
#ifndef TESTS_QEMU_ISOLATION_H
#define TESTS_QEMU_ISOLATION_H

#include "system.h"

/* The victim keeps its canary in the last words of its RAM region, above its heap start and
 * used by nothing else, so offenders can aim at it without knowing the victim's symbols. */
#define VICTIM_CANARY_ADDR  (TASK_VICTIM_RAM_BASE + TASK_VICTIM_RAM_SIZE - 16u)
#define VICTIM_CANARY_VALUE 0x5afec0deu

/* The victim's device canary: timer0's RELOAD register, which it owns. */
#define VICTIM_TIMER_RELOAD_ADDR  (PERIPH_TIMER0_BASE + 0x8u)
#define VICTIM_TIMER_RELOAD_VALUE 0x00c0ffeeu

/* UART0 STATE: the kernel console's status register (reading it changes nothing). */
#define KERNEL_UART_STATE_ADDR (PERIPH_UART0_BASE + 0x4u)

/* Where exec_ram puts the instruction it then tries to run: the top of its own RAM. */
#define EXEC_RAM_CODE_ADDR (TASK_EXEC_RAM_RAM_BASE + TASK_EXEC_RAM_RAM_SIZE - 16u)

/* ptr_straddle passes its last 8 bytes of RAM with a length of 16. */
#define STRADDLE_ADDR (TASK_PTR_STRADDLE_RAM_BASE + TASK_PTR_STRADDLE_RAM_SIZE - 8u)
#define STRADDLE_LEN  16u

/* The system call number bad_svc uses: far beyond the table. */
#define BAD_SVC_NUMBER 200

#endif

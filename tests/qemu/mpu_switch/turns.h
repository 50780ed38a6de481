/*
 * tests/qemu/mpu_switch/turns.h - what the two tasks of the test count (system.ini).
 */
#ifndef MPU_SWITCH_TURNS_H
#define MPU_SWITCH_TURNS_H

#define TURNS 300u /* maps and unmaps by holder; yields by each */

/* Exit codes: TURNS_OK, or the step that went wrong. */
#define TURNS_OK           0
#define TURNS_MAP_FAILED   1
#define TURNS_PAGE_LOST    2
#define TURNS_UNMAP_FAILED 3

#endif

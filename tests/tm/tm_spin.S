/*
 * tests/tm/tm_spin.S - tm_spin(watch, old, spins): spin until *watch != old (tm.h).
 * Written in assembly so that one pass is exactly TM_SPIN_INSNS = 5 instructions whatever the
 * compiler does; an interrupt that splits a pass does not change the count of the pass.
 * Thumb-1 instructions only (every Cortex-M, ARMv6-M included): the watched value goes to r4,
 * saved around the loop, as Thumb-1 loads no high register such as r12.
 */
    .syntax unified
    .thumb
    .text
    .global tm_spin
    .type tm_spin, %function
tm_spin:
    push    {r4, lr}
    ldr     r3, [r2]            @ the spin total so far
1:  adds    r3, r3, #1          @ one more pass
    str     r3, [r2]            @ published each pass: the reporter may look at any moment
    ldr     r4, [r0]            @ the watched counter
    cmp     r4, r1              @ still the value we saw?
    beq     1b                  @ yes: the interrupt has not been handled yet
    pop     {r4, pc}            @ it has: back to the thread
    .size tm_spin, . - tm_spin

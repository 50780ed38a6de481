/*
 * tests/qemu/signal/regs.S - every register across a signal's handler.
 *
 * void regs_across_signal(uint32_t out[14], volatile uint32_t **flag): fills r0-r12 with known
 * patterns, publishes the address of a word on its stack in *flag and spins, with no system
 * call, until a handler (which sets that word) has run; the loop polls through lr and its
 * flags. Then it stores r0-r12 as they are into out[0..12] and the word into out[13] (0: the
 * loop left on wrong condition flags) for the caller to compare. The handler, the trampoline and the
 * kernel run in between: whatever they used must come back as it was.
 */
    .syntax unified
    .thumb

    .section .text.regs_across_signal, "ax", %progbits
    .global regs_across_signal
    .thumb_func
    .type regs_across_signal, %function
regs_across_signal:
    push  {r4-r11, lr}
    push  {r0}                          @ [sp + 8]: out
    sub   sp, sp, #8                    @ [sp]: the flag word, [sp + 4]: padding
    movs  r2, #0
    str   r2, [sp]
    mov   r2, sp
    str   r2, [r1]                      @ *flag = &the word
    ldr   r0, =0xa5000000
    ldr   r1, =0xa5000001
    ldr   r2, =0xa5000002
    ldr   r3, =0xa5000003
    ldr   r4, =0xa5000004
    ldr   r5, =0xa5000005
    ldr   r6, =0xa5000006
    ldr   r7, =0xa5000007
    ldr   r8, =0xa5000008
    ldr   r9, =0xa5000009
    ldr   r10, =0xa500000a
    ldr   r11, =0xa500000b
    ldr   r12, =0xa500000c
1:  ldr   lr, [sp]                      @ the flag, through lr only
    cmp   lr, #0
    beq   1b
    ldr   lr, [sp, #8]                  @ out
    stmia lr, {r0-r12}
    ldr   r0, [sp]                      @ the flag: not 0, or the loop left on wrong flags
    str   r0, [lr, #52]                 @ out[13]
    add   sp, sp, #12
    pop   {r4-r11, pc}
    .size regs_across_signal, . - regs_across_signal

@ void spin_on_small_stack(uint32_t sp): SP = sp, then loop for ever (the signal's frame
@ cannot fit below it).
    .section .text.spin_on_small_stack, "ax", %progbits
    .global spin_on_small_stack
    .thumb_func
    .type spin_on_small_stack, %function
spin_on_small_stack:
    mov   sp, r0
1:  b     1b
    .size spin_on_small_stack, . - spin_on_small_stack

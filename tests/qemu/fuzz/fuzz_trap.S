/*
 * tests/qemu/fuzz/fuzz_trap.S - any system call number with any register contents.
 *
 * The SVC number is the instruction's immediate, so each of the 256 has its own stub in a
 * table; fuzz_trap jumps to the right one.
 */
    .syntax unified
    @ no .cpu: the CPU is the board's, from -mcpu in its CPU_FLAGS (board.mk)
    .thumb

    .section .text.fuzz_trap, "ax", %progbits
    .global fuzz_trap
    .thumb_func
    .type fuzz_trap, %function
@ void fuzz_trap(uint32_t number, uint32_t regs[10]): r0-r9 from regs, SVC #number, then
@ r0-r9 back into regs.
fuzz_trap:
    push  {r4-r11, lr}
    push  {r1}                          @ regs, for after the call (8-byte aligned: 10 words)
    ldr   r11, =fuzz_svc_table
    add   r11, r11, r0, lsl #2          @ 4 bytes a stub
    orr   r11, r11, #1                  @ Thumb
    ldmia r1, {r0-r9}
    blx   r11
    pop   {r10}
    stmia r10, {r0-r9}
    pop   {r4-r11, pc}
    .size fuzz_trap, . - fuzz_trap

    .section .text.fuzz_trap_on, "ax", %progbits
    .global fuzz_trap_on
    .thumb_func
    .type fuzz_trap_on, %function
@ void fuzz_trap_on(uint32_t number, uint32_t regs[10], uint32_t sp): fuzz_trap with the stack
@ pointer moved to sp for the trap (so the CPU stacks the frame there), then back.
fuzz_trap_on:
    push  {r4-r11, lr}
    push  {r1}
    mov   r11, sp                       @ its own SP, in a register every call keeps
    ldr   r10, =fuzz_svc_table
    add   r10, r10, r0, lsl #2
    orr   r10, r10, #1
    mov   sp, r2
    ldmia r1, {r0-r9}
    blx   r10
    mov   sp, r11
    pop   {r10}
    stmia r10, {r0-r9}
    pop   {r4-r11, pc}
    .size fuzz_trap_on, . - fuzz_trap_on

    .section .text.fuzz_spin_on, "ax", %progbits
    .global fuzz_spin_on
    .thumb_func
    .type fuzz_spin_on, %function
@ void fuzz_spin_on(uint32_t sp): move the stack pointer to sp and spin until a tick comes.
fuzz_spin_on:
    mov   sp, r0
1:  b     1b
    .size fuzz_spin_on, . - fuzz_spin_on

    .section .text.fuzz_trap, "ax", %progbits
    .align 2
fuzz_svc_table:
    .set  number, 0
    .rept 256
    svc   #number
    bx    lr
    .set  number, number + 1
    .endr

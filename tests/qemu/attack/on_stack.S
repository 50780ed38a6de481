/*
 * tests/qemu/attack/on_stack.S - system calls made with the stack pointer somewhere else.
 *
 * The CPU pushes a task's exception frame wherever its SP points. These stubs move SP to an
 * address of the attacker's choosing, then trap: a kernel that trusted the frame there would
 * read arguments another task can change, or write results where it should not.
 */
    .syntax unified
    @ no .cpu: the CPU is the board's, from -mcpu in its CPU_FLAGS (board.mk)
    .thumb

@ uint32_t name(uint32_t sp, uint32_t regs[10]): r0-r9 from regs, SP = sp, SVC #nr, then the
@ caller's SP back; returns the call's r0 (if the kernel ever returns to the task).
    .macro ON_STACK name, nr
    .section .text.\name, "ax", %progbits
    .global \name
    .thumb_func
    .type \name, %function
\name:
    push  {r4-r11, lr}
    mov   r11, sp                       @ the task's own SP, kept in a register the call keeps
    mov   r10, r1                       @ regs
    mov   sp, r0                        @ the attacker's choice
    ldmia r10, {r0-r9}
    svc   #\nr
    mov   sp, r11
    pop   {r4-r11, pc}
    .size \name, . - \name
    .endm

    ON_STACK attack_send_on, 9
    ON_STACK attack_recv_on, 10
    ON_STACK attack_yield_on, 0

@ void attack_spin_on(uint32_t sp): SP = sp, then spin without a trap; a tick comes.
    .section .text.attack_spin_on, "ax", %progbits
    .global attack_spin_on
    .thumb_func
    .type attack_spin_on, %function
attack_spin_on:
    mov   sp, r0
1:  b     1b
    .size attack_spin_on, . - attack_spin_on

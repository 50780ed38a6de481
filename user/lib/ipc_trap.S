/*
 * user/lib/ipc_trap.S - the IPC traps. Each takes a struct pl_ipc_regs * in r0, loads r0-r9
 * from it (the register layout of include/parley/ipc.h), traps, and stores the results
 * r0-r6 back. r4-r10 are callee-saved in the ARM procedure call standard, so they are kept.
 */
    .syntax unified
    @ no .cpu: the CPU is the board's, from -mcpu in its CPU_FLAGS (board.mk)
    .thumb

    .macro IPC_TRAP name, nr
    .section .text.\name, "ax", %progbits
    .global \name
    .thumb_func
    .type \name, %function
\name:
    push  {r4-r10, lr}                  @ callee-saved registers the trap uses (8 words: aligned)
    mov   ip, r0                        @ ip = the register block (the kernel preserves ip)
    ldmia ip, {r0-r9}                   @ r0-r9 = the call's arguments
    svc   #\nr                          @ into the kernel
    stmia ip, {r0-r6}                   @ status, label, words, sender, badge, length
    pop   {r4-r10, pc}
    .size \name, . - \name
    .endm

    IPC_TRAP pl_trap_send, 9
    IPC_TRAP pl_trap_recv, 10
    IPC_TRAP pl_trap_call, 11
    IPC_TRAP pl_trap_reply, 12
    IPC_TRAP pl_trap_reply_recv, 13
    IPC_TRAP pl_trap_ntfn_wait, 15

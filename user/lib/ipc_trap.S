/*
 * user/lib/ipc_trap.S - the IPC traps. Each takes a struct pl_ipc_regs * in r0, loads r0-r9
 * from it (the register layout of include/parley/ipc.h), traps, and stores the results
 * r0-r6 back. r4-r10 are callee-saved in the ARM procedure call standard, so they are kept.
 */
    .syntax unified
    .cpu cortex-m3
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

@ int pl_call_regs(uint32_t ep, uint32_t label, uint32_t w0, uint32_t w1,
@                  struct pl_words *reply)
@ The C arguments already sit where the call wants them (r0 = endpoint, r1 = label, r2, r3 =
@ words); only the two lengths must be zero. The fifth argument is on the stack. The kernel
@ returns sender, badge and length in r4-r6, so those are saved along with r7.
    .section .text.pl_call_regs, "ax", %progbits
    .global pl_call_regs
    .thumb_func
    .type pl_call_regs, %function
pl_call_regs:
    push  {r4-r7}                       @ callee-saved; the kernel writes r4-r6 on return
    movs  r5, #0                        @ no bytes out
    movs  r7, #0                        @ no room for bytes in
    svc   #11                           @ PL_SYS_CALL
    ldr   r12, [sp, #16]                @ reply (the fifth argument, above the saved words)
    stmia r12, {r1-r3}                  @ the reply's label and words
    pop   {r4-r7}
    bx    lr
    .size pl_call_regs, . - pl_call_regs

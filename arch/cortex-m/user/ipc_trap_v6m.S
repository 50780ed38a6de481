/*
 * arch/cortex-m/user/ipc_trap_v6m.S - the IPC traps for ARMv6-M (Thumb-1): the same calls and
 * register contract as ipc_trap.S. Each takes a struct pl_ipc_regs * in r0, loads r0-r9 from
 * it (the register layout of include/parley/ipc.h), traps, and stores the results r0-r6
 * back. Thumb-1's LDM/STM reach only r0-r7, so r8 and r9 are loaded one at a time through a
 * low register; r4-r9 are callee-saved and come back as they were.
 */
    .syntax unified
    @ no .cpu: the CPU is the board's, from -mcpu in its CPU_FLAGS (board.mk)
    .thumb

@ Save r4-r7, lr and r8-r10: 8 words, so the stack stays 8-aligned. Uses r4-r6.
    .macro SAVE_REGS
    push  {r4-r7, lr}
    mov   r4, r8
    mov   r5, r9
    mov   r6, r10
    push  {r4-r6}
    .endm

@ Store the results r0-r6 into the block at ip, restore what SAVE_REGS saved, return.
    .macro STORE_AND_RETURN
    mov   r7, ip                        @ the block (the kernel preserves ip)
    stmia r7!, {r0-r6}                  @ status, label, words, sender, badge, length
    pop   {r4-r6}
    mov   r8, r4
    mov   r9, r5
    mov   r10, r6
    pop   {r4-r7, pc}
    .endm

    .macro IPC_TRAP name, nr
    .section .text.\name, "ax", %progbits
    .global \name
    .thumb_func
    .type \name, %function
\name:
    SAVE_REGS
    mov   ip, r0                        @ ip = the register block
    ldr   r1, [r0, #32]
    mov   r8, r1                        @ r8 = its word 8
    ldr   r1, [r0, #36]
    mov   r9, r1                        @ r9 = its word 9
    ldmia r0, {r0-r7}                   @ r0-r7 = words 0-7 (r0 last: no write-back)
    svc   #\nr                          @ into the kernel
    STORE_AND_RETURN
    .size \name, . - \name
    .endm

    IPC_TRAP pl_trap_send, 9
    IPC_TRAP pl_trap_recv, 10
    IPC_TRAP pl_trap_call, 11
    IPC_TRAP pl_trap_reply, 12
    IPC_TRAP pl_trap_reply_recv, 13
    IPC_TRAP pl_trap_ntfn_wait, 15

@ The server runtime's traps (user/lib/server.c), on a struct pl_serve_regs (server.h), as in
@ ipc_trap.S: r0-r6 of the answer are stored straight into it, and r6-r9 (in buffer,
@ capacity, reply target, ticks) are loaded from the four words at SERVE_IN.
    .equ SERVE_IN, 28                   @ offsetof(struct pl_serve_regs, req.data)

@ int pl_trap_serve_reply_recv(uint32_t ep_flags, int status, const struct pl_reply *rep,
@                              struct pl_serve_regs *io)
    .section .text.pl_trap_serve_reply_recv, "ax", %progbits
    .global pl_trap_serve_reply_recv
    .thumb_func
    .type pl_trap_serve_reply_recv, %function
pl_trap_serve_reply_recv:
    SAVE_REGS
    mov   ip, r3                        @ ip = io
    adds  r3, #SERVE_IN
    ldr   r4, [r3, #8]
    mov   r8, r4                        @ r8 = the reply target
    ldr   r4, [r3, #12]
    mov   r9, r4                        @ r9 = ticks
    ldr   r6, [r3, #0]                  @ r6 = in buffer
    ldr   r7, [r3, #4]                  @ r7 = its capacity
    ldmia r2, {r2-r5}                   @ the reply's words and bytes (r2 in the list: no write-back)
    svc   #13                           @ PL_SYS_REPLY_RECV
    STORE_AND_RETURN
    .size pl_trap_serve_reply_recv, . - pl_trap_serve_reply_recv

@ int pl_trap_serve_recv(uint32_t ep_flags, struct pl_serve_regs *io)
    .section .text.pl_trap_serve_recv, "ax", %progbits
    .global pl_trap_serve_recv
    .thumb_func
    .type pl_trap_serve_recv, %function
pl_trap_serve_recv:
    SAVE_REGS
    mov   ip, r1
    adds  r1, #SERVE_IN
    ldr   r6, [r1, #0]                  @ in buffer
    ldr   r7, [r1, #4]                  @ capacity
    ldr   r4, [r1, #12]
    mov   r9, r4                        @ ticks
    movs  r4, #0
    mov   r8, r4                        @ no notification mask
    svc   #10                           @ PL_SYS_RECV
    STORE_AND_RETURN
    .size pl_trap_serve_recv, . - pl_trap_serve_recv

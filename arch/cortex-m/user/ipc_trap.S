/*
 * arch/cortex-m/user/ipc_trap.S - the IPC traps. Each takes a struct pl_ipc_regs * in r0, loads r0-r9
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

@ The server runtime's traps (user/lib/server.c), on a struct pl_serve_regs (server.h): the
@ request's registers r0-r6 (status, then struct pl_request's op, w0, w1, client, badge, len)
@ are stored straight into it, and r6-r9 (in buffer, capacity, reply target, ticks) are loaded
@ from the four words that follow them, the first being the request's `data`.
    .equ SERVE_IN, 28                   @ offsetof(struct pl_serve_regs, req.data)

@ int pl_trap_serve_reply_recv(uint32_t ep_flags, int status, const struct pl_reply *rep,
@                              struct pl_serve_regs *io): answer io->target with label `status`
@ and *rep (w0, w1, data, len: registers r2-r5), then wait for the next request.
    .section .text.pl_trap_serve_reply_recv, "ax", %progbits
    .global pl_trap_serve_reply_recv
    .thumb_func
    .type pl_trap_serve_reply_recv, %function
pl_trap_serve_reply_recv:
    push  {r4-r10, lr}                  @ 8 words: the stack stays 8-aligned
    mov   ip, r3                        @ ip = io (the kernel preserves ip)
    ldmia r2, {r2-r5}                   @ the reply's words and bytes
    add   r6, ip, #SERVE_IN
    ldmia r6, {r6-r9}                   @ in buffer, capacity, reply target, ticks
    svc   #13                           @ PL_SYS_REPLY_RECV
    stmia ip, {r0-r6}                   @ status and the request
    pop   {r4-r10, pc}
    .size pl_trap_serve_reply_recv, . - pl_trap_serve_reply_recv

@ int pl_trap_serve_recv(uint32_t ep_flags, struct pl_serve_regs *io): wait for a request,
@ answering nobody (io->target is not read: r8 is the notification mask of a receive).
    .section .text.pl_trap_serve_recv, "ax", %progbits
    .global pl_trap_serve_recv
    .thumb_func
    .type pl_trap_serve_recv, %function
pl_trap_serve_recv:
    push  {r4-r10, lr}
    mov   ip, r1
    add   r6, ip, #SERVE_IN
    ldmia r6, {r6-r9}
    mov   r8, #0                        @ no notification mask
    svc   #10                           @ PL_SYS_RECV
    stmia ip, {r0-r6}
    pop   {r4-r10, pc}
    .size pl_trap_serve_recv, . - pl_trap_serve_recv

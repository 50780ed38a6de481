/*
 * arch/cortex-m/user/sig_trampoline.S - where the kernel resumes a task to run a caught signal's handler
 * (docs/ipc.md, "Signals"): r0 = the signal, r1 = its struct pl_sigframe, just above SP. The
 * interrupted r4-r11 are in the frame, so r4 may keep the frame's address across the handler;
 * PL_SYS_SIG_RETURN then resumes the interrupted code and never comes back here.
 */
    .syntax unified
    @ no .cpu: the CPU is the board's, from -mcpu in its CPU_FLAGS (board.mk)
    .thumb

    .section .text.pl_sig_trampoline, "ax", %progbits
    .global pl_sig_trampoline
    .thumb_func
    .type pl_sig_trampoline, %function
pl_sig_trampoline:
    mov   r4, r1                        @ the frame, kept across the handler
    bl    pl_sig_dispatch               @ sa_mask, then the handler (user/lib/signals.c)
    mov   r0, r4
    svc   #27                           @ PL_SYS_SIG_RETURN: resume the interrupted code
    udf   #0                            @ not reached
    .size pl_sig_trampoline, . - pl_sig_trampoline

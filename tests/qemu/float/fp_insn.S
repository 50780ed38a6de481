/*
 * tests/qemu/float/fp_insn.S - one hardware floating-point instruction, which must fault.
 *
 * The FPU stays off on every board (CPACR), so the instruction raises a UsageFault with NOCP,
 * which the kernel records as PL_FAULT_STATE. It is encoded by hand: the boards build with
 * -mcpu=...+nofp, and the assembler rightly refuses the mnemonic.
 */
    .syntax unified
    .thumb

    .section .text.fp_insn_main, "ax", %progbits
    .global fp_insn_main
    .thumb_func
    .type fp_insn_main, %function
@ int fp_insn_main(void): faults; returns 0 (a failure for the judge) only if it did not.
fp_insn_main:
    .inst.w 0xee300a20                  @ vadd.f32 s0, s0, s1
    movs  r0, #0                        @ survived: exit code 0
    bx    lr
    .size fp_insn_main, . - fp_insn_main

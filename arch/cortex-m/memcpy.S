/*
 * arch/cortex-m/memcpy.S - the kernel's memcpy on ARMv7-M: the copy in every IPC message
 * with bytes (ipc/msg.c, ipc/fastpath.c).
 *
 * When both pointers are word-aligned, 32 bytes move per LDM/STM pair of eight registers
 * (about 20 instructions for 64 bytes, where kernel/string.c's portable loop takes about 70),
 * then whole words, then single bytes. Otherwise it copies byte by byte, as the portable
 * version does. This definition overrides the weak one in kernel/string.c.
 */
    .syntax unified
    @ no .cpu: the CPU is the board's, from -mcpu in its CPU_FLAGS (board.mk)
    .thumb

    .section .text.memcpy, "ax", %progbits
    .global memcpy
    .thumb_func
    .type memcpy, %function
@ void *memcpy(void *dst, const void *src, size_t n): returns dst.
memcpy:
    mov   r12, r0                       @ the return value
    orr   r3, r0, r1
    tst   r3, #3
    bne   3f                            @ not both word-aligned: bytes
    subs  r2, r2, #32
    blo   2f                            @ less than one block
    push  {r4-r10}
1:  ldmia r1!, {r3-r10}                 @ 32 bytes
    stmia r0!, {r3-r10}
    subs  r2, r2, #32
    bhs   1b
    pop   {r4-r10}
2:  adds  r2, r2, #28                   @ r2 = bytes left - 4
    blo   4f
5:  ldr   r3, [r1], #4                  @ whole words
    str   r3, [r0], #4
    subs  r2, r2, #4
    bhs   5b
4:  adds  r2, r2, #4                    @ r2 = bytes left (0..3)
3:  cbz   r2, 6f
7:  ldrb  r3, [r1], #1
    strb  r3, [r0], #1
    subs  r2, r2, #1
    bne   7b
6:  mov   r0, r12
    bx    lr
    .size memcpy, . - memcpy

/*
 * arch/cortex-m/memcpy.S - the kernel's memcpy on ARMv7-M and ARMv8-M Mainline: the copy in
 * every IPC message with bytes (ipc/msg.c, ipc/fastpath.c).
 *
 * When both pointers are word-aligned, 32 bytes move per LDM/STM pair of eight registers,
 * then 8 per LDRD/STRD pair, then a word, then the last 0-3 bytes. Otherwise up to 3 single bytes first make the
 * destination word-aligned, and the same follows if that aligned the source too. A source that is not word-aligned is read a word at a time with
 * plain LDR, which these cores allow at any address in normal memory (CCR.UNALIGN_TRP stays
 * 0, arch.c): a 16-byte message costs about 30 instructions at any alignment, where a byte
 * loop takes about 70. LDM and LDRD are never used on an unaligned address. The kernel copies
 * only RAM and code (uaccess.h refuses device regions as buffers), never device registers,
 * for which an unaligned access would fault. This definition overrides the weak one in
 * kernel/string.c. tests/qemu/ipc_copy checks every alignment of both ends for lengths 0-40.
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
    bne   10f                           @ not both word-aligned
0:  subs  r2, r2, #32                   @ both word-aligned here
    blo   2f                            @ less than one block
    push  {r4-r10}
1:  ldmia r1!, {r3-r10}                 @ 32 bytes
    stmia r0!, {r3-r10}
    subs  r2, r2, #32
    bhs   1b
    pop   {r4-r10}
    adds  r2, r2, #28                   @ r2 = bytes left - 4
    blo   4f
5:  ldr   r3, [r1], #4                  @ whole words (dst aligned, src maybe not)
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
2:  adds  r2, r2, #24                   @ under 32, both aligned: r2 = bytes left - 8
    blo   11f
    push  {r4}
12: ldrd  r3, r4, [r1], #8              @ 8 bytes (LDRD needs both aligned)
    strd  r3, r4, [r0], #8
    subs  r2, r2, #8
    bhs   12b
    pop   {r4}
11: adds  r2, r2, #4                    @ r2 = bytes left - 4 (0..7 left)
    blo   4b
    ldr   r3, [r1], #4                  @ one more word
    str   r3, [r0], #4
    b     3b                            @ r2 = bytes left (0..3)
10: cmp   r2, #4
    blo   3b                            @ under one word: bytes
    ands  r3, r0, #3
    beq   8f                            @ dst word-aligned
    @ dst is 1, 2 or 3 bytes past a word: copy 3, 2 or 1 bytes (n >= 4, so they exist)
    lsls  r3, r0, #31                   @ N = dst bit 0
    bmi   9f                            @ an odd number of bytes (1 or 3)
    ldrh  r3, [r1], #2                  @ 2 bytes (dst bit 1 set, bit 0 clear)
    strh  r3, [r0], #2
    subs  r2, r2, #2
    b     8f
9:  ldrb  r3, [r1], #1                  @ 1 byte
    strb  r3, [r0], #1
    subs  r2, r2, #1
    tst   r0, #2                        @ dst now 2 past a word (it was 1 past): 2 more
    beq   8f
    ldrh  r3, [r1], #2
    strh  r3, [r0], #2
    subs  r2, r2, #2
8:  tst   r1, #3                        @ dst is word-aligned here
    beq   0b                            @ so is src: blocks
    subs  r2, r2, #4                    @ src is not: words through unaligned LDR
    bhs   5b
    b     4b
    .size memcpy, . - memcpy

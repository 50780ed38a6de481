/*
 * tests/bench/irq_sample.S - one sample of the interrupt latency, with a fixed instruction
 * distance between the two timestamps and the events, so only the kernel's path varies.
 *
 * uint32_t irq_sample_block(volatile uint32_t *stamp, volatile uint32_t *t0_ctrl,
 *                           uint32_t ctrl, uint32_t ntfn)
 *   stamp: timestamp, start TIMER0, wait on the notification (blocks); when the interrupt has
 *   woken us, the very first instruction takes the second timestamp. Returns the difference.
 * uint32_t irq_sample_poll(volatile uint32_t *stamp, volatile uint32_t *t0_ctrl,
 *                          uint32_t ctrl, volatile uint32_t *t0_status)
 *   the same, but spins on TIMER0's interrupt status instead of blocking: the reference
 *   with (almost) no latency, which cancels the fixed parts.
 * r7 and r8 hold the state across the trap: IPC results come back in r0-r6 only. Written in
 * the Thumb-1 instructions every Cortex-M has (ARMv6-M included: rpi-pico), so a high register
 * is reached by a mov: the first timestamp goes to r8 through r4, one instruction more between
 * it and the start in both functions, which the poll's reference cancels.
 */
    .syntax unified
    @ no .cpu: the CPU is the board's, from -mcpu in its CPU_FLAGS (board.mk)
    .thumb

    .section .text.irq_sample_block, "ax", %progbits
    .global irq_sample_block
    .thumb_func
    .type irq_sample_block, %function
irq_sample_block:
    push  {r4-r7, lr}
    mov   r4, r8
    push  {r4}                          @ r8 saved too: 24 bytes, the stack stays 8-aligned
    mov   r7, r0                        @ r7 = timestamp register (survives the trap)
    mov   r0, r3                        @ r0 = notification index for the wait
    ldr   r4, [r7]                      @ first timestamp
    mov   r8, r4                        @ kept in r8 across the trap
    str   r2, [r1]                      @ TIMER0 starts counting, two instructions later
    movs  r1, #1                        @ r1 = mask: bit 0 is TIMER0's interrupt
    svc   #15                           @ PL_SYS_NTFN_WAIT: block until the interrupt
    ldr   r0, [r7]                      @ second timestamp: first instruction after waking
    mov   r1, r8
    subs  r0, r1, r0                    @ elapsed counts (the timer counts down)
    pop   {r4}
    mov   r8, r4
    pop   {r4-r7, pc}
    .size irq_sample_block, . - irq_sample_block

    .section .text.irq_sample_poll, "ax", %progbits
    .global irq_sample_poll
    .thumb_func
    .type irq_sample_poll, %function
irq_sample_poll:
    push  {r4-r7, lr}
    mov   r4, r8
    push  {r4}
    mov   r7, r0
    mov   r0, r3                        @ r0 = TIMER0 interrupt status register
    ldr   r4, [r7]                      @ first timestamp
    mov   r8, r4                        @ as in irq_sample_block: the same distance to the start
    str   r2, [r1]                      @ TIMER0 starts counting, two instructions later
1:  ldr   r1, [r0]                      @ interrupt status
    cmp   r1, #0
    beq   1b                            @ 3 instructions a turn: detection within 1-3
    ldr   r0, [r7]                      @ second timestamp
    mov   r1, r8
    subs  r0, r1, r0
    pop   {r4}
    mov   r8, r4
    pop   {r4-r7, pc}
    .size irq_sample_poll, . - irq_sample_poll

    .section .text.bench_delay, "ax", %progbits
    .global bench_delay
    .thumb_func
    .type bench_delay, %function
@ void bench_delay(uint32_t n): 2 + 2n instructions, to move the sample's phase against the
@ timers' 40-instruction ticks.
bench_delay:
    cmp   r0, #0
    beq   2f
1:  subs  r0, r0, #1
    bne   1b
2:  bx    lr
    .size bench_delay, . - bench_delay

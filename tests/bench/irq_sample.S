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
 * r4 and r5 hold the state across the trap: PL_SYS_NTFN_WAIT returns r0-r2 only and keeps
 * every other register (include/parley/ipc.h). Thumb-1 instructions only, which every Cortex-M
 * has (ARMv6-M included: rpi-pico), with the timed instructions of the Thumb-2 original.
 */
    .syntax unified
    @ no .cpu: the CPU is the board's, from -mcpu in its CPU_FLAGS (board.mk)
    .thumb

    .section .text.irq_sample_block, "ax", %progbits
    .global irq_sample_block
    .thumb_func
    .type irq_sample_block, %function
irq_sample_block:
    push  {r4, r5, lr}
    sub   sp, #4                        @ keep the stack 8-byte aligned
    mov   r4, r0                        @ r4 = timestamp register (survives the wait)
    mov   r0, r3                        @ r0 = notification index for the wait
    ldr   r5, [r4]                      @ first timestamp
    str   r2, [r1]                      @ TIMER0 starts counting, one instruction later
    movs  r1, #1                        @ r1 = mask: bit 0 is TIMER0's interrupt
    svc   #15                           @ PL_SYS_NTFN_WAIT: block until the interrupt
    ldr   r0, [r4]                      @ second timestamp: first instruction after waking
    subs  r0, r5, r0                    @ elapsed counts (the timer counts down)
    add   sp, #4
    pop   {r4, r5, pc}
    .size irq_sample_block, . - irq_sample_block

    .section .text.irq_sample_poll, "ax", %progbits
    .global irq_sample_poll
    .thumb_func
    .type irq_sample_poll, %function
irq_sample_poll:
    push  {r4, r5, lr}
    sub   sp, #4
    mov   r4, r0
    mov   r0, r3                        @ r0 = TIMER0 interrupt status register
    ldr   r5, [r4]                      @ first timestamp
    str   r2, [r1]                      @ TIMER0 starts counting, one instruction later
1:  ldr   r1, [r0]                      @ interrupt status
    cmp   r1, #0
    beq   1b                            @ 3 instructions a turn: detection within 1-3
    ldr   r0, [r4]                      @ second timestamp
    subs  r0, r5, r0
    add   sp, #4
    pop   {r4, r5, pc}
    .size irq_sample_poll, . - irq_sample_poll

    .section .text.bench_delay, "ax", %progbits
    .global bench_delay
    .thumb_func
    .type bench_delay, %function
@ void bench_delay(uint32_t n): 2 + 2n instructions (Thumb-1 has no cbz: a compare and a
@ branch), to move the sample's phase against the timers' 40-instruction ticks.
bench_delay:
    cmp   r0, #0
    beq   2f
1:  subs  r0, r0, #1
    bne   1b
2:  bx    lr
    .size bench_delay, . - bench_delay

/*
 * arch/cortex-m/entry_v6m.S - exception entry and exit for ARMv6-M (Cortex-M0, M0+): the
 * Thumb-1 counterpart of entry.S, same pattern, same struct arch_task layout:
 *   save  r4-r11 and PSP of the running task into its struct arch_task;
 *   call  a kernel_* upcall in C, which returns the task to run next;
 *   resume that task: if it changed, load its MPU regions (MPU_SWITCH: nothing without an
 *         MPU), then its registers.
 * What Thumb-1 changes: LDM/STM reach only r0-r7, so r8-r11 travel through r4-r7; there are
 * no LDRD, CBNZ, IT or register-shifted loads; a conditional branch reaches +-256 bytes, so
 * every handler lives in this one section and the branches stay short. r4 holds the previous
 * task across the call (C preserves it), as in entry.S. Offsets: r4-r11 at 0, PSP at 32, MPU
 * at 36, the stack area at 100 and 104, the upcall word at 108 (arch_common.c asserts them).
 */
#include "mpu_switch.inc"                /* MPU_SWITCH: the board's MPU profile (ARCH_FLAGS) */

    .syntax unified
    @ no .cpu: the CPU is the board's, from -mcpu in its CPU_FLAGS (board.mk)
    .thumb

    .equ ARCH_TASK_PSP, 32              @ offsetof(struct arch_task, psp)
    .equ ARCH_TASK_MPU, 36              @ offsetof(struct arch_task, mpu)
    .equ ARCH_TASK_STACK, 100           @ offsetof(struct arch_task, stack_base)
    .equ ARCH_TASK_SPAN, 104            @ offsetof(struct arch_task, stack_span)
    .equ ARCH_TASK_UPCALL, 108          @ offsetof(struct arch_task, upcall)
    .equ SCB_ICSR, 0xE000ED04
    .equ ICSR_PENDSVSET, 0x10000000

@ Save the running task: leaves r0 = r4 = its struct arch_task *, r3 = its PSP (the frame).
@ Uses r1, r5-r7 (already saved by then).
    .macro SAVE_CURRENT
    ldr   r1, =arch_current
    ldr   r0, [r1]                      @ r0 = running task
    mrs   r3, psp                       @ r3 = its stack pointer: the hardware frame
    stmia r0!, {r4-r7}                  @ r4-r7 at 0
    mov   r4, r8
    mov   r5, r9
    mov   r6, r10
    mov   r7, r11
    stmia r0!, {r4-r7}                  @ r8-r11 at 16
    str   r3, [r0]                      @ PSP at 32
    subs  r0, #32
    mov   r4, r0                        @ remember it: the tail compares against it
    .endm

@ The frame must lie wholly inside the task's own RAM before anything reads it (arch.h,
@ arch_task_frame_ok); otherwise branch to `bad`. Needs r0 = the task, r3 = its PSP.
    .macro CHECK_FRAME bad
    ldr   r1, [r0, #ARCH_TASK_STACK]    @ r1 = its RAM base
    ldr   r2, [r0, #ARCH_TASK_SPAN]     @ r2 = RAM size - frame size
    subs  r1, r3, r1                    @ r1 = frame offset in its RAM (huge if below it)
    cmp   r1, r2
    bhi   \bad                          @ not wholly inside: read nothing from it
    .endm

@ RESUME: the way out, expanded at the end of each entry. r0 = the task to run (already in
@ arch_current), r4 = the one that ran. MPU_SWITCH must keep r0 and may use r1-r7.
    .macro RESUME
    ldr   r1, [r0, #ARCH_TASK_UPCALL]
    cmp   r1, #0
    bne   .Lresume_upcall\@             @ a signal is due: rare
    cmp   r0, r4                        @ same task as before?
    beq   .Lresume_same\@               @ yes: its MPU regions (if any) are loaded
    MPU_SWITCH
.Lresume_same\@:
    ldr   r1, [r0, #ARCH_TASK_PSP]
    msr   psp, r1                       @ hardware unstacks r0-r3, r12, lr, pc, xPSR from it
    adds  r0, #16
    ldmia r0!, {r4-r7}                  @ the task's r8-r11
    mov   r8, r4
    mov   r9, r5
    mov   r10, r6
    mov   r11, r7
    subs  r0, #32
    ldmia r0!, {r4-r7}                  @ its r4-r7
    movs  r0, #2
    mvns  r0, r0                        @ EXC_RETURN 0xFFFFFFFD: Thread mode, PSP
    bx    r0                            @ return into the task
.Lresume_upcall\@:
    b     resume_upcall
    .endm

@ Every handler in one section: the short Thumb-1 branches between them resolve here.
    .section .text.arch_entry_v6m, "ax", %progbits

    .thumb_func
    .type arch_resume, %function
@ r0 = struct arch_task * to run, r4 = the task that was running (0 forces an MPU load).
arch_resume:
    RESUME
resume_upcall:
    bl    kernel_signal_resume          @ r0 = the task to run now (r4 is kept by C)
    b     arch_resume                   @ and test again: it may have another signal due
    .size arch_resume, . - arch_resume

    .global SVC_Handler
    .thumb_func
    .type SVC_Handler, %function
@ As in entry.S: the frame is checked before a word of it is read, then the kernel's entry
@ for the call number (its fast path, or the general handler) returns the task to run.
SVC_Handler:
    SAVE_CURRENT                        @ r0 = r4 = running task, r3 = its frame
    CHECK_FRAME svc_bad_frame
    ldr   r1, [r3, #24]                 @ the stacked return address, just after the SVC
    subs  r1, #2
    ldrb  r2, [r1]                      @ r2 = the SVC immediate: the system call number
    ldr   r1, =kernel_syscalls          @ 256 entries (arch.h): any immediate has one
    lsls  r5, r2, #2
    ldr   r5, [r1, r5]                  @ r5 = the kernel's entry for this call
    mov   r1, r3                        @ r1 = the frame
    blx   r5                            @ r0 = entry(task, frame, number): task to run next
    RESUME
svc_bad_frame:
    bl    kernel_bad_frame              @ r0 = kernel_bad_frame(task) = task to run next
    b     arch_resume
    .size SVC_Handler, . - SVC_Handler

    .global SysTick_Handler
    .thumb_func
    .type SysTick_Handler, %function
SysTick_Handler:
    SAVE_CURRENT
    CHECK_FRAME tick_bad_frame
tick_go:
    bl    kernel_tick                   @ r0 = kernel_tick(task) = task to run next
    RESUME
tick_bad_frame:
    bl    kernel_bad_frame              @ r0 = the task that runs in its place
    b     tick_go
    .size SysTick_Handler, . - SysTick_Handler

    .global arch_irq_entry
    .thumb_func
    .type arch_irq_entry, %function
@ Every device interrupt: kernel_irq(task, IPSR - 16).
arch_irq_entry:
    SAVE_CURRENT
    CHECK_FRAME irq_bad_frame
irq_go:
    mrs   r1, ipsr                      @ r1 = exception number
    subs  r1, #16                       @ external interrupt number
    bl    kernel_irq                    @ r0 = kernel_irq(task, irq) = task to run next
    RESUME
irq_bad_frame:
    bl    kernel_bad_frame
    b     irq_go
    .size arch_irq_entry, . - arch_irq_entry

@ ARMv6-M has one fault exception. Taken from a task (EXC_RETURN bit 2: the process stack), it
@ stops that task; otherwise the kernel itself faulted, and that ends in a panic.
    .global HardFault_Handler, MemManage_Handler, BusFault_Handler, UsageFault_Handler
    .thumb_func
    .type HardFault_Handler, %function
    .type MemManage_Handler, %function  @ reserved vectors on ARMv6-M (vectors.c names them)
    .type BusFault_Handler, %function
    .type UsageFault_Handler, %function
HardFault_Handler:
MemManage_Handler:
BusFault_Handler:
UsageFault_Handler:
    mov   r0, lr
    lsls  r0, r0, #29                   @ EXC_RETURN bit 2 into the sign bit
    bpl   1f                            @ clear: the fault came from the kernel (MSP)
    SAVE_CURRENT
    bl    arch_task_fault               @ r0 = kernel_task_fault(...) = next task
    b     arch_resume
1:  mrs   r0, msp                       @ r0 = the kernel's exception frame
    mov   r1, lr                        @ r1 = EXC_RETURN, for the report
    bl    arch_kernel_fault             @ prints the frame; panics, never returns
    .size HardFault_Handler, . - HardFault_Handler

@ The boot thread's last act: arch_start() pends PendSV and clears PRIMASK; PendSV comes here,
@ drops the boot thread's stack, makes Thread mode unprivileged (on a Cortex-M0, which has no
@ unprivileged level, the write of CONTROL.nPRIV is ignored: tasks run privileged) and starts
@ the first task.
    .global PendSV_Handler
    .thumb_func
    .type PendSV_Handler, %function
PendSV_Handler:
    ldr   r1, =__kernel_stack_top
    msr   msp, r1                       @ handlers start from an empty kernel stack
    movs  r1, #1
    msr   control, r1                   @ CONTROL.nPRIV = 1 where implemented
    isb
    ldr   r1, =arch_current
    ldr   r0, [r1]                      @ r0 = first task, stored by arch_start()
    movs  r4, #0                        @ no previous task: force the MPU load
    b     arch_resume
    .size PendSV_Handler, . - PendSV_Handler

    .global arch_start
    .thumb_func
    .type arch_start, %function
@ void arch_start(struct arch_task *first): called once by kernel_main on the boot thread,
@ with the kernel's exceptions held off by PRIMASK since arch_init().
arch_start:
    ldr   r1, =arch_current
    str   r0, [r1]                      @ the first task, picked up by PendSV_Handler
    ldr   r1, =SCB_ICSR
    ldr   r2, =ICSR_PENDSVSET
    str   r2, [r1]                      @ PendSV pending
    dsb
    cpsie i                             @ kernel exceptions on: PendSV is taken here
    b     .                             @ not reached
    .size arch_start, . - arch_start
    .ltorg

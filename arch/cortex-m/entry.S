/*
 * arch/cortex-m/entry.S - exception entry and exit for ARMv7-M and ARMv8-M Mainline (run in
 * the Secure state, where it is the same code; only the MPU's switch differs: MPU_SWITCH).
 *
 * Every exception that concerns a task follows one pattern:
 *   save  r4-r11 and PSP of the running task into its struct arch_task;
 *   call  a kernel_* upcall in C, which returns the task to run next;
 *   resume that task: if it changed, load its precomputed MPU regions, then its registers.
 * r4 holds the previous task across the call (C preserves it), so the tail can tell whether
 * the MPU must be reprogrammed. struct arch_task offsets: r4-r11 at 0, PSP at 32, MPU at 36.
 */
#include "mpu_switch.inc"                /* MPU_SWITCH: the board's MPU profile (ARCH_FLAGS) */

    .syntax unified
    @ no .cpu: the CPU is the board's, from -mcpu in its CPU_FLAGS (board.mk)
    .thumb

    .equ ARCH_TASK_MPU, 36              @ offsetof(struct arch_task, mpu)
    .equ ARCH_TASK_STACK, 100           @ offsetof(struct arch_task, stack_base), stack_span next
    .equ ARCH_TASK_UPCALL, 108          @ offsetof(struct arch_task, upcall)
    .equ SCB_ICSR, 0xE000ED04
    .equ ICSR_PENDSVSET, 0x10000000

@ Save the running task: leaves r0 = its struct arch_task *, r4 = the same (kept across C).
    .macro SAVE_CURRENT
    ldr   r1, =arch_current             @ r1 = &arch_current
    ldr   r0, [r1]                      @ r0 = running task
    mrs   r12, psp                      @ r12 = its stack pointer (user r12 is in the frame)
    stmia r0, {r4-r12}                  @ r4-r11 and PSP into the task's context
    mov   r4, r0                        @ remember it: the tail compares against it
    .endm

@ The frame a task's entry stacked must lie wholly inside its own RAM (arch.h,
@ arch_task_frame_ok) before anything reads it; otherwise branch to `bad`, which calls
@ kernel_bad_frame. Needs r0 = the task, r12 = its PSP (SAVE_CURRENT); uses r1, r2.
    .macro CHECK_FRAME bad
    ldrd  r1, r2, [r0, #ARCH_TASK_STACK] @ r1 = its RAM base, r2 = RAM size - frame size
    subs  r1, r12, r1                   @ r1 = frame offset in its RAM (huge if below it)
    cmp   r1, r2
    bhi   \bad                          @ not wholly inside: read nothing from it
    .endm

@ RESUME: the body of arch_resume, expanded at the end of each entry so that the common way out
@ of the kernel (same task, or a switch without a signal due) costs no branch to it.
    .macro RESUME
    ldr   r1, [r0, #ARCH_TASK_UPCALL]
    cbnz  r1, .Lresume_upcall\@        @ a signal is due: rare
    cmp   r0, r4                        @ same task as before?
    beq   .Lresume_same\@              @ yes: its MPU regions are already loaded
    MPU_SWITCH                          @ its 8 regions (the profile's mpu_switch.inc)
    dsb                                 @ MPU writes complete before the exception return
.Lresume_same\@:
    ldmia r0, {r4-r12}                  @ the task's r4-r11 and its PSP (in r12)
    msr   psp, r12                      @ hardware unstacks r0-r3, r12, lr, pc, xPSR from it
    mvn   lr, #2                        @ EXC_RETURN 0xFFFFFFFD: Thread mode, PSP, basic frame
    bx    lr                            @ return into the task
.Lresume_upcall\@:
    b     resume_upcall
    .endm

    .section .text.arch_resume, "ax", %progbits
    .thumb_func
    .type arch_resume, %function
@ r0 = struct arch_task * to run, r4 = the task that was running (0 forces an MPU load).
@ The kernel has already made arch_current point at r0. A task with a signal due (its upcall
@ word set) first gets its signal frame from the kernel, which returns the task to run: the
@ same one, now headed for its trampoline, or another if the frame did not fit.
arch_resume:
    RESUME
resume_upcall:
    bl    kernel_signal_resume          @ r0 = the task to run now (r4 is kept by C)
    b     arch_resume                   @ and test again: it may have another signal due
    .size arch_resume, . - arch_resume

    .section .text.SVC_Handler, "ax", %progbits
    .global SVC_Handler
    .thumb_func
    .type SVC_Handler, %function
@ Only tasks execute SVC (the boot thread starts the first task through PendSV), so the frame
@ is always on the PSP. Before a word of it is read, the frame must lie wholly inside the
@ task's own RAM (arch_task_frame_ok, arch.h): a task that moved its SP into a shared page,
@ a device or anywhere else is faulted instead, and the call is not made. Then the kernel's
@ entry for the call number (its fast path, or the general handler) returns the task to run.
SVC_Handler:
    SAVE_CURRENT                        @ r0 = r4 = running task, r12 = its frame
    CHECK_FRAME svc_bad_frame
    ldr   r1, [r12, #24]                @ the stacked return address, just after the SVC
    ldrb  r2, [r1, #-2]                 @ r2 = the SVC immediate: the system call number
    mov   r1, r12                       @ r1 = the frame
    ldr   r3, =kernel_syscalls          @ 256 entries (arch.h): any immediate has one
    ldr   r3, [r3, r2, lsl #2]          @ r3 = the kernel's entry for this call
    blx   r3                            @ r0 = entry(task, frame, number): task to run next
    RESUME
svc_bad_frame:
    bl    kernel_bad_frame              @ r0 = kernel_bad_frame(task) = task to run next
    b     arch_resume
    .size SVC_Handler, . - SVC_Handler

    .section .text.SysTick_Handler, "ax", %progbits
    .global SysTick_Handler
    .thumb_func
    .type SysTick_Handler, %function
@ Device interrupts and the tick only arrive while a task runs: kernel entries share one
@ priority and never nest, and the boot thread keeps interrupts off until the first task runs.
@ They come whatever the task's SP: if its frame is outside its RAM, the task is faulted
@ first (kernel_bad_frame), and the tick is then handled as if it had come while the task
@ chosen in its place ran (r4 still names the faulted one, so the MPU is reloaded).
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

    .section .text.arch_irq_entry, "ax", %progbits
    .global arch_irq_entry
    .thumb_func
    .type arch_irq_entry, %function
@ Every device interrupt: kernel_irq(task, IPSR - 16), which may switch to the driver at once.
arch_irq_entry:
    SAVE_CURRENT
    CHECK_FRAME irq_bad_frame           @ as for the tick
irq_go:
    mrs   r1, ipsr                      @ r1 = exception number
    subs  r1, r1, #16                   @ external interrupt number
    bl    kernel_irq                    @ r0 = kernel_irq(task, irq) = task to run next
    RESUME
irq_bad_frame:
    bl    kernel_bad_frame              @ r0 = the task that runs in its place
    b     irq_go
    .size arch_irq_entry, . - arch_irq_entry

@ MemManage, BusFault, UsageFault and HardFault share one entry. A fault taken from a task
@ (EXC_RETURN says Thread mode on PSP) stops that task; any other fault is the kernel's own
@ and ends in a panic with the decoded registers.
    .section .text.arch_fault_entry, "ax", %progbits
    .global MemManage_Handler, BusFault_Handler, UsageFault_Handler, HardFault_Handler
    .thumb_func
    .type arch_fault_entry, %function
    .type MemManage_Handler, %function  @ function symbols get the Thumb bit in the vector table
    .type BusFault_Handler, %function
    .type UsageFault_Handler, %function
    .type HardFault_Handler, %function
arch_fault_entry:
MemManage_Handler:
BusFault_Handler:
UsageFault_Handler:
HardFault_Handler:
    tst   lr, #4                        @ did the fault come from a task (PSP)?
    beq   2f                            @ no: the kernel itself faulted
    SAVE_CURRENT
    bl    arch_task_fault               @ decode, then r0 = kernel_task_fault(...) = next task
    b     arch_resume
2:  mrs   r0, msp                       @ r0 = the kernel's exception frame
    mov   r1, lr                        @ r1 = EXC_RETURN, for the report
    b     arch_kernel_fault             @ prints CFSR, fault address, PC; panics
    .size arch_fault_entry, . - arch_fault_entry

@ The boot thread's last act: arch_start() pends PendSV with interrupts off, then turns them
@ on, and PendSV (the most urgent of the kernel's exceptions pending then, by its number) comes
@ here. The boot thread is never resumed: its MSP frame is dropped, Thread mode becomes
@ unprivileged, and the first task starts.
    .section .text.PendSV_Handler, "ax", %progbits
    .global PendSV_Handler
    .thumb_func
    .type PendSV_Handler, %function
PendSV_Handler:
    ldr   r1, =__kernel_stack_top
    msr   msp, r1                       @ handlers start from an empty kernel stack
    movs  r1, #1
    msr   control, r1                   @ CONTROL.nPRIV = 1: Thread mode runs unprivileged
    isb                                 @ the new privilege level applies from here
    ldr   r1, =arch_current
    ldr   r0, [r1]                      @ r0 = first task, stored by arch_start()
    movs  r4, #0                        @ no previous task: force the MPU load
    b     arch_resume
    .size PendSV_Handler, . - PendSV_Handler

    .section .text.arch_start, "ax", %progbits
    .global arch_start
    .thumb_func
    .type arch_start, %function
@ void arch_start(struct arch_task *first): called once by kernel_main on the boot thread,
@ with the kernel's exceptions held off by BASEPRI since arch_init().
arch_start:
    ldr   r1, =arch_current
    str   r0, [r1]                      @ the first task, picked up by PendSV_Handler
    ldr   r1, =SCB_ICSR
    ldr   r2, =ICSR_PENDSVSET
    str   r2, [r1]                      @ PendSV pending
    dsb
    movs  r1, #0
    msr   basepri, r1                   @ kernel exceptions on: PendSV is taken here
    b     .                             @ not reached
    .size arch_start, . - arch_start

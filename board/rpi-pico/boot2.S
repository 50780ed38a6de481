@ board/rpi-pico/boot2.S - the RP2040's second-stage boot loader, the first 256 bytes of flash.
@
@ The boot ROM cannot run code from flash in place: it reads these 256 bytes with plain 03h
@ serial reads, copies them to the top of SRAM5 (0x20041f00), checks that the last word is
@ the CRC-32 of the first 252 (polynomial 0x04c11db7, initial value 0xffffffff, not
@ reflected, no final xor; datasheet 2.8.1.3.1) and jumps here. The job of this code is to
@ make flash readable at 0x10000000 and to start the image.
@
@ It asks the boot ROM to do the work: the ROM's own flash functions, found by their
@ two-letter codes through rom_table_lookup, connect the flash to the QSPI pins, take it out
@ of any continuous-read mode, enable the XIP cache and set the SSI up for execute-in-place
@ with the generic 03h read command, which every serial flash supports (slow, but the Pico's
@ flash needs nothing faster to work). Then VTOR is pointed at the image's vector table
@ (the section after this one: linker/kernel.ld puts .boot2 at the flash base) and the
@ reset handler is entered as the core would at reset: stack pointer from entry 0, PC from
@ entry 1.
@
@ Runs from SRAM, so every reference inside is PC-relative; the vector table's address is an
@ absolute word resolved by the link. The CRC word is 0 here: tools/rp2040_boot2.py writes it
@ into the linked image (board.mk BOARD_POSTLINK).

    .syntax unified
    .thumb
    .section .boot2, "ax"

    .equ ROM_FUNC_TABLE, 0x14            @ boot ROM: 16-bit pointer to its function table
    .equ ROM_TABLE_LOOKUP, 0x18          @ boot ROM: 16-bit pointer to rom_table_lookup
    .equ SCB_VTOR_ADDR, 0xE000ED08

    .thumb_func
boot2_entry:
    adr   r4, rom_calls                 @ r4 = the codes of the ROM functions to call, in order
1:  ldrh  r1, [r4]                      @ r1 = the next code
    cmp   r1, #0
    beq   2f                            @ a 0 ends the list
    movs  r0, #ROM_FUNC_TABLE
    ldrh  r0, [r0]                      @ r0 = the ROM's function table
    movs  r2, #ROM_TABLE_LOOKUP
    ldrh  r2, [r2]                      @ r2 = rom_table_lookup (Thumb bit set)
    blx   r2                            @ r0 = rom_table_lookup(table, code): the function
    blx   r0                            @ call it (no arguments; r4 survives: callee-saved)
    adds  r4, #2                        @ the next code
    b     1b
2:  ldr   r0, =vector_table             @ r0 = the image's vector table (0x10000100)
    ldr   r1, =SCB_VTOR_ADDR
    str   r0, [r1]                      @ VTOR = it: exceptions are the image's from now on
    ldmia r0!, {r1, r2}                 @ r1 = entry 0 (initial SP), r2 = entry 1 (reset)
    msr   msp, r1                       @ the image's kernel stack
    bx    r2                            @ reset_handler, as after a reset; never returns

    .align 2
rom_calls:                              @ ROM function codes: first letter | second << 8
    .hword 'I' | 'F' << 8               @ connect_internal_flash: QSPI pins to the flash
    .hword 'E' | 'X' << 8               @ flash_exit_xip: out of any continuous-read mode
    .hword 'F' | 'C' << 8               @ flash_flush_cache: XIP cache flushed and on
    .hword 'C' | 'X' << 8               @ flash_enter_cmd_xip: XIP with 03h serial reads
    .hword 0
    .ltorg                              @ the two words loaded above

    .org  252                           @ (an error if the code outgrows its 252 bytes)
    .word 0                             @ the CRC-32 of bytes 0-251: tools/rp2040_boot2.py

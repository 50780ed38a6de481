# board/rpi-pico/board.mk - build settings for the Raspberry Pi Pico (RP2040, Cortex-M0+,
# ARMv6-M with the PMSAv6 MPU), a real board: no QEMU_MACHINE, so `make test-boards` does not
# run it; `make test` checks that its images link and fit (tests/boards/build_real_boards.sh)
# and `make flash BOARD=rpi-pico` writes one through a CMSIS-DAP probe (OpenOCD).
ARCH         := cortex-m
# ARMv6-M: the Thumb-1 entry and HardFault-only fault decoding of the M0 port, with PMSAv6's
# MPU, which has PMSAv7's registers: mpu.c, and the pmsav6 profile (256-byte regions, a Thumb-1
# switch); the C memcpy (memcpy.S is Thumb-2)
ARCH_SRCS    := $(addprefix arch/cortex-m/,arch_v6m.c arch_common.c entry_v6m.S fault_v6m.c \
                mpu.c sigframe.c semihost.c vectors.c)
# the user library's traps: the ARMv6-M (Thumb-1) stubs; its memory orders (common/pl_order.h)
ARCH_USER_SRCS := $(addprefix arch/cortex-m/user/,ipc_trap_v6m.S sig_trampoline.S atomic_v6m.c)
ARCH_USER_FLAGS := -Iarch/cortex-m/user/v6m -Iarch/cortex-m/user/common
ARCH_FLAGS   := -Iarch/cortex-m/pmsav6
CPU_FLAGS    := -mcpu=cortex-m0plus -mthumb -mfloat-abi=soft
# boot2.S: the second-stage boot loader the boot ROM runs from the first 256 bytes of flash
# (linker/kernel.ld places its section .boot2 at the flash base); its checksum is written into
# each linked image (tools/rp2040_boot2.py, through the Makefile's BOARD_POSTLINK hook)
BOARD_SRCS   := board/$(BOARD)/board.c board/$(BOARD)/boot2.S
BOARD_POSTLINK = $(PYTHON) tools/rp2040_boot2.py --objcopy $(OBJCOPY)
DEV_FAMILY   := rp2040
include board/$(BOARD)/skip.mk
# `make flash` (tools/flash.sh): OpenOCD with a CMSIS-DAP probe and its RP2040 target, as
# board/rpi-pico/openocd.cfg says (Debian's openocd 0.12 has target/rp2040.cfg)
FLASH_TOOL    := openocd
FLASH_OPENOCD := -f board/rpi-pico/openocd.cfg
# (no apostrophe in it: tests/boards/build_real_boards.sh reads it through the shell)
FLASH_CONNECT := a CMSIS-DAP probe (the Raspberry Pi Debug Probe) to this computer by USB, its SWD lead to the 3-pin DEBUG header at the Pico edge opposite the USB socket: SWCLK to SWCLK, GND to GND, SWDIO to SWDIO; power the Pico by its own USB cable. Console: UART0 on GP0 (TX, pin 1) and GP1 (RX, pin 2), GND on pin 3: the probe UART RX to GP0, its TX to GP1 (or any 3.3 V USB-serial adapter), 115200 baud, 8N1

# parley - top-level Makefile. The one entry point: see `make help`.
#
# The outer make makes sure the tools exist (tools/deps.sh installs what is missing), then runs
# the real work in an inner make (PARLEY_INNER=1), where the generated per-image makefiles
# (from each system description, by tools/sysgen.py) are included.

BOARD ?= mps2-an385
SHELL := /bin/bash

OUTER_GOALS := all run flash test bench ipc-compare thread-metric contrast where gdb qemu-gdb gdb-attach console \
               images
# Every board QEMU can run (its board.mk names a QEMU_MACHINE), the default board first:
# `make test-boards` runs the whole suite on each (tools/test-boards.sh).
QEMU_BOARDS := $(BOARD) $(filter-out $(BOARD),$(sort $(patsubst board/%/board.mk,%,$(shell \
                 grep -l '^QEMU_MACHINE' board/*/board.mk))))

ifeq ($(PARLEY_INNER),)

.DEFAULT_GOAL := all
$(OUTER_GOALS):
	@PARLEY_DEPS=minimal tools/deps.sh
	@$(MAKE) --no-print-directory PARLEY_INNER=1 BOARD=$(BOARD) $@

test-boards:
	@PARLEY_DEPS=minimal tools/deps.sh
	@MAKE="$(MAKE)" tools/test-boards.sh $(QEMU_BOARDS)

deps:
	@tools/deps.sh && echo "deps: all tools present"

check:
	@tools/deps.sh
	@tools/check.sh

clean:
	rm -rf build

help:
	@echo "make            build the demo for BOARD=$(BOARD) (ELF, .bin, .hex) and print its sizes"
	@echo "make images     build every image: the demo, the benchmarks, each QEMU test"
	@echo "make run        boot the demo in QEMU (quit with Ctrl-A X); MODE=mono: its servers in the kernel"
	@echo "make flash      a real board (BOARD=stm32f4-discovery|nrf52840-dk|rpi-pico SYSTEM=...): write the image with its"
	@echo "                probe (OpenOCD, installed on demand); says what to connect and what it ran"
	@echo "make test       host unit tests + QEMU tests; ends with 'N passed, N failed'"
	@echo "                BOARD=<b>: on that board; SKIP_HOST=1: its QEMU tests only"
	@echo "make test-boards make test on every QEMU board ($(QEMU_BOARDS)); one closing line"
	@echo "make bench      benchmark image under qemu -icount: 'BENCH <name> <value> <unit>'"
	@echo "make ipc-compare  the IPC catalogue's mechanisms side by side, measured (one table)"
	@echo "make thread-metric  the seven Thread-Metric tests, each thread an isolated task:"
	@echo "                'BENCH tm_<test> <insn/iter> insn/iter' (docs/benchmarks.md)"
	@echo "make contrast   the same system as a microkernel and as a monolithic kernel, measured"
	@echo "make where PC=0x.. LR=0x..   file:line of a fault record's addresses (the demo's image)"
	@echo "make gdb        QEMU halted, gdb-multiarch attached (ptasks, pcurrent); 'make console'"
	@echo "                in another terminal types at it. Or: 'make qemu-gdb' in one terminal"
	@echo "                (QEMU and its console there), 'make gdb-attach' in another"
	@echo "make check      clang-format, cppcheck, the layering, notification-bits, board and barrier rules"
	@echo "make deps       install the Debian packages parley needs"

.PHONY: $(OUTER_GOALS) test-boards deps check clean help

else # ------------------------------------------------------------------ inner make

ifeq ($(wildcard board/$(BOARD)/board.mk),)
$(error BOARD=$(BOARD): no board/$(BOARD)/board.mk (boards: $(notdir $(patsubst %/board.mk,%,$(wildcard board/*/board.mk)))))
endif
include board/$(BOARD)/board.mk
# What a board.mk must say (docs/porting.md, "board.mk"); tools/check-boards.py checks every
# board's fragment in `make check`, this catches a board built before that ran.
$(foreach v,ARCH ARCH_SRCS ARCH_USER_SRCS ARCH_USER_FLAGS CPU_FLAGS BOARD_SRCS DEV_FAMILY,$(if $(strip $($(v))),,$(error \
    board/$(BOARD)/board.mk does not set $(v))))

B := build/$(BOARD)
CROSS := arm-none-eabi-
CC := $(CROSS)gcc
OBJCOPY := $(CROSS)objcopy
NM := $(CROSS)nm
SIZE := $(CROSS)size
QEMU := qemu-system-arm
PYTHON := python3

# `make V=1` shows every command; by default one short line per step.
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-7s %s\n' $(1) $(2)
endif

WARN := -Wall -Wextra -Werror
COMMON_CFLAGS := $(CPU_FLAGS) -std=gnu11 -Os -g $(WARN) -ffunction-sections -fdata-sections \
                 -fno-common -fno-unwind-tables -fno-asynchronous-unwind-tables -MMD -MP
KERNEL_CFLAGS := $(COMMON_CFLAGS) -O2 -flto -ffreestanding -Iinclude $(ARCH_FLAGS) -Iarch -Iarch/$(ARCH) -Ikernel \
                 -Iipc -Isys -Iboard -Iboard/$(BOARD)
# DEV_FAMILY (board.mk): the folder of user/dev/ whose drivers the tasks use for the board's
# devices (dev_timer.h): files chosen per device family, never an #ifdef
# ARCH_USER_FLAGS (board.mk): the folder of the arch's inline traps for the user library
# (trap_inline.h, included by user/lib/parley.h)
USER_CFLAGS := $(COMMON_CFLAGS) -Iinclude -Iuser/lib -Iuser/dev/$(DEV_FAMILY) $(ARCH_USER_FLAGS)
# SKIP_IMAGES (board.mk, optional): `image:reason` for each image the board cannot run (a
# device it lacks, memory it has not); never built, reported by `make test` as skipped
# A QEMU test that holds only on some MPU profiles names them in tests/qemu/<name>/needs-mpu
# (`pmsav8`, as board.ini's `mpu` says it; several separated by spaces): on a board whose MPU
# is none of them, its image (and any twin) joins SKIP_IMAGES, with that as the reason.
# sysgen's default profile is pmsav7.
BOARD_MPU := $(or $(shell sed -n 's/^mpu *= *\([a-z0-9]*\).*/\1/p' board/$(BOARD)/board.ini),pmsav7)
needs_mpu = $(strip $(file <tests/qemu/$(1)/needs-mpu))
SKIP_IMAGES += $(foreach d,$(notdir $(patsubst %/needs-mpu,%,$(wildcard tests/qemu/*/needs-mpu))),\
    $(if $(filter $(BOARD_MPU),$(call needs_mpu,$(d))),,$(foreach i,test_$(d) test_$(d)_general \
    test_$(d)_mono,$(i):needs_the_MPU_profile_$(subst $() ,_or_,$(call needs_mpu,$(d)));_$(BOARD)_has_$(BOARD_MPU))))
SKIP_NAMES := $(foreach s,$(SKIP_IMAGES),$(firstword $(subst :, ,$(s))))
skip_reason = $(subst _, ,$(patsubst $(1):%,%,$(filter $(1):%,$(SKIP_IMAGES))))

# ---- the kernel: the same objects go into every image of this board
# The kernel's files for each MODE (docs/contrast.md): the same, but for the servers-in-the-
# kernel files of sys/ (*_micro.c: none; *_mono.c: the host of servers linked in). Chosen here,
# never by #ifdef.
MODE_SRCS := $(wildcard sys/*_micro.c sys/*_mono.c)
# The arch's files are the board's choice (ARCH_SRCS in board.mk), not everything in
# arch/$(ARCH)/: one arch folder may hold files for several profiles (an MPU model, an FPU
# policy) and a board names the ones its CPU needs.
KERNEL_SRCS := $(filter-out $(MODE_SRCS),$(wildcard boot/*.c kernel/*.c ipc/*.c sys/*.c)) \
               $(ARCH_SRCS) $(BOARD_SRCS)
KERNEL_OBJS := $(patsubst %,$(B)/kernel/%.o,$(basename $(KERNEL_SRCS)))
KERNEL_OBJS_micro := $(KERNEL_OBJS) $(patsubst %.c,$(B)/kernel/%.o,$(filter %_micro.c,$(MODE_SRCS)))
KERNEL_OBJS_mono := $(KERNEL_OBJS) $(patsubst %.c,$(B)/kernel/%.o,$(filter %_mono.c,$(MODE_SRCS))) \
                    $(B)/user/lib/server_dispatch.o

# memcpy/memset calls can be created during link-time optimisation itself; their definitions
# must therefore come from an ordinary object file.
$(B)/kernel/kernel/string.o: KERNEL_CFLAGS += -fno-lto

$(B)/kernel/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(B)/kernel/%.o: %.S
	@mkdir -p $(dir $@)
	$(call say,AS,$<)
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

# header dependencies of every object built above and below (-MMD -MP)
-include $(KERNEL_OBJS_micro:.o=.d) $(KERNEL_OBJS_mono:.o=.d)

# ---- the user library, linked into each task separately. Its traps (the `svc` stubs of the
# IPC calls, the signal trampoline) are the arch's: ARCH_USER_SRCS in board.mk names them, as
# ARCH_SRCS names the kernel's, so an ARMv6-M board takes the Thumb-1 variants.
LIBPARLEY_SRCS := $(wildcard user/lib/*.c user/lib/*.S)
LIBPARLEY := $(B)/libparley.a
$(B)/user/arch/%.o: arch/%.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@
$(B)/user/arch/%.o: arch/%.S
	@mkdir -p $(dir $@)
	$(call say,AS,$<)
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@
$(B)/user/%.o: user/%.c
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@
$(B)/user/%.o: user/%.S
	@mkdir -p $(dir $@)
	$(call say,AS,$<)
	$(Q)$(CC) $(USER_CFLAGS) -c $< -o $@
LIBPARLEY_OBJS := $(patsubst user/%,$(B)/user/%.o,$(basename $(LIBPARLEY_SRCS))) \
                  $(patsubst arch/%,$(B)/user/arch/%.o,$(basename $(ARCH_USER_SRCS)))
-include $(LIBPARLEY_OBJS:.o=.d)
$(LIBPARLEY): $(LIBPARLEY_OBJS)
	@rm -f $@
	$(call say,AR,$@)
	$(Q)$(CROSS)ar rcs $@ $^

# ---- tasks: each is partially linked with its own copy of libparley and newlib, then every
# symbol but its start routine is made local, so no two tasks (and not the kernel) can share
# code; a symbol left undefined would mean a call outside the task's regions, so it is refused.
# A task's source file, compiled for that task alone against its own system.h (in $(1)), which
# names only the endpoints and notifications the task holds a right on (tools/sysgen_out.py).
define task_cc
	@mkdir -p $(dir $@)
	$(call say,CC,$<)
	$(Q)$(CC) $(USER_CFLAGS) -I$(1) -c $< -o $@
endef

# $(1) task name, $(2) image dir, $(3) its objects, $(4) its entry function
define task_link
	@mkdir -p $(dir $@)
	$(call say,TASK,$(1))
	$(Q)$(CC) $(USER_CFLAGS) -c $(2)/tasks/$(1)_start.c -o $(2)/tasks/$(1)_start.o
	$(Q)$(CC) $(CPU_FLAGS) -nostartfiles -nostdlib -r -o $@.partial $(2)/tasks/$(1)_start.o $(3) \
	    -Wl,--start-group $(LIBPARLEY) -lc_nano -lgcc -Wl,--end-group
	@undef=$$($(NM) -u $@.partial | grep -v " w "); if [ -n "$$undef" ]; then \
	    if echo "$$undef" | grep -qw "$(4)"; then echo "task $(1): entry '$(4)' is not \
	    defined in the task's sources"; fi; \
	    echo "task $(1): undefined symbols (the task cannot call code outside itself):"; \
	    echo "$$undef"; rm -f $@.partial; exit 1; fi
	$(Q)$(OBJCOPY) -G __task_$(1)_start $@.partial $@
	@rm -f $@.partial
endef

# ---- MODE=mono: the servers of a description linked into the kernel (docs/contrast.md). Each
# server's objects (compiled like a task's, against its own system.h), the user library's error
# names, newlib and libgcc become one relocatable kserv_<name>.o in which only the server's
# descriptor stays global: nothing of it meets the kernel's names or another server's (two
# servers may share a source file, as tasks do). What is left undefined must be the server
# seam (user/lib/env.h), which sys/kenv_mono.c implements: a server that made a system call
# itself would fault in the kernel, so the link refuses it and names the symbol. The pure
# dispatcher (user/lib/server_dispatch.c) is linked into the monolithic kernel once.
# $(1) the server's objects, $(2) its struct pl_server's name
KSERVER_LIBOBJS := $(B)/user/lib/strerror.o
define kserver_link
	@mkdir -p $(dir $@)
	$(call say,KSERV,$@)
	$(Q)$(CC) $(CPU_FLAGS) -nostartfiles -nostdlib -r -o $@.partial $(1) $(KSERVER_LIBOBJS) \
	    -Wl,--start-group -lc_nano -lgcc -Wl,--end-group
	@undef=$$($(NM) -u $@.partial | grep -v " w " | grep -vE " (pl_env_[a-z_]+|pl_server_start|_sbrk)$$"); \
	    if [ -n "$$undef" ]; then \
	    echo "servers in the kernel (MODE=mono) reach the system only through user/lib/env.h;"; \
	    echo "these are system calls or code outside the servers:"; echo "$$undef"; \
	    rm -f $@.partial; exit 1; fi
	$(Q)$(OBJCOPY) -G $(2) $@.partial $@
	@rm -f $@.partial
endef

# ---- images: one per system description
# BOARD_POSTLINK (board.mk, optional): a command run on each linked ELF, given as its last
# argument, before the .bin and .hex are made from it (rpi-pico: the boot ROM's checksum of its
# second-stage boot loader, tools/rp2040_boot2.py). If it fails, the ELF is removed.
define image_rules
-include $(IMG_$(1)_DIR)/sys_tables.d
$(IMG_$(1)_DIR)/sys_tables.o: $(IMG_$(1)_DIR)/sys_tables.c
	$$(call say,CC,$$<)
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $$< -o $$@

$(IMG_$(1)_DIR)/kobj/%.o: %.c
	@mkdir -p $$(dir $$@)
	$$(call say,CC,$$<)
	$(Q)$(CC) $(KERNEL_CFLAGS) -c $$< -o $$@

$(IMG_$(1)_DIR)/$(1).elf: $$(KERNEL_OBJS_$$(IMG_$(1)_MODE)) $(IMG_$(1)_DIR)/sys_tables.o \
                         $$(IMG_$(1)_TASKOBJS) $$(IMG_$(1)_KOBJS) $$(IMG_$(1)_KSERVERS) linker/kernel.ld
	$$(call say,LD,$$@)
	$(Q)$(CC) $(CPU_FLAGS) -O2 -flto -nostartfiles -nostdlib -T linker/kernel.ld -L$(IMG_$(1)_DIR) \
	    -Wl,--gc-sections -Wl,-Map=$(IMG_$(1)_DIR)/$(1).map -o $$@ \
	    $$(KERNEL_OBJS_$$(IMG_$(1)_MODE)) $$(IMG_$(1)_KOBJS) $$(IMG_$(1)_KSERVERS) \
	    $(IMG_$(1)_DIR)/sys_tables.o $$(IMG_$(1)_TASKOBJS) -lgcc
	$(if $(BOARD_POSTLINK),$(Q)$(BOARD_POSTLINK) $$@ || { rm -f $$@; exit 1; })
	$(Q)$(OBJCOPY) -O binary $$@ $(IMG_$(1)_DIR)/$(1).bin
	$(Q)$(OBJCOPY) -O ihex $$@ $(IMG_$(1)_DIR)/$(1).hex
	@tools/image-size.sh $$@ $(IMG_$(1)_DIR)/layout.txt

-include $(IMG_$(1)_OBJS:.o=.d)
endef

# name:description pairs: the demo, one image per QEMU test folder, the benchmarks
DEMO_INI := user/demo/system.ini
TEST_INIS := $(sort $(wildcard tests/qemu/*/system.ini))
BENCH_INI := tests/bench/system.ini
BENCH_SERVERS_INI := tests/bench/servers/system.ini
COMPARE_INI := tests/bench/compare/system.ini
test_img = test_$(notdir $(patsubst %/,%,$(dir $(1))))
IMAGE_SPECS := demo:$(DEMO_INI) $(foreach i,$(TEST_INIS),$(call test_img,$(i)):$(i)) \
               $(if $(wildcard $(BENCH_INI)),bench:$(BENCH_INI)) \
               $(if $(wildcard $(BENCH_SERVERS_INI)),bench_servers:$(BENCH_SERVERS_INI)) \
               $(if $(wildcard $(COMPARE_INI)),ipc_compare:$(COMPARE_INI))
# Every IPC test, and the fuzz test, also runs as a twin built with the fast paths off
# (`--fastpath off`, as `fastpath = off` in [system] would): the general path must pass the
# same tests.
GENERAL_INIS := $(filter tests/qemu/ipc_% tests/qemu/fuzz/%,$(TEST_INIS))
IMAGE_SPECS += $(foreach i,$(GENERAL_INIS),$(call test_img,$(i))_general:$(i))
# The demo, every QEMU test of the servers and the signal test (signals must behave the same
# in both modes; its image has a name server for this) also run as a monolithic twin
# (`--mode mono`): the same description with its servers linked into the kernel
# (docs/contrast.md).
MONO_INIS := $(filter $(addprefix tests/qemu/,$(addsuffix /system.ini,console console_flow klog \
               server_input shell stdin mqueue pipe shm sync signal)),$(TEST_INIS))
IMAGE_SPECS += demo_mono:$(DEMO_INI) $(foreach i,$(MONO_INIS),$(call test_img,$(i))_mono:$(i))
# `make contrast` (docs/contrast.md): the same measuring system and the same driver's bug,
# in both modes
CONTRAST_IMAGES := contrast contrast_mono crash crash_mono
IMAGE_SPECS += contrast:tests/contrast/system.ini contrast_mono:tests/contrast/system.ini \
               crash:tests/contrast/crash.ini crash_mono:tests/contrast/crash.ini
# `make thread-metric` (docs/benchmarks.md, "Thread-Metric"): one image per test, in the suite's
# order, tests/tm/<test>.ini -> tm_<test>; `make test` runs them for their checks
TM_TESTS := basic cooperative preemptive interrupt interrupt_preemption message synchronization
TM_IMAGES := $(addprefix tm_,$(TM_TESTS))
IMAGE_SPECS += $(foreach t,$(TM_TESTS),tm_$(t):tests/tm/$(t).ini)
# `make run SYSTEM=path/to/system.ini` (and `make`, `make gdb`) use any description instead of
# the demo's: its image is sys_<name>, <name> its folder's (for a system.ini) or its file's.
ifneq ($(SYSTEM),)
ifeq ($(wildcard $(SYSTEM)),)
$(error SYSTEM=$(SYSTEM): no such file)
endif
RUN_IMAGE := sys_$(shell printf '%s' '$(if $(filter system.ini,$(notdir $(SYSTEM))),$(notdir \
               $(patsubst %/,%,$(dir $(abspath $(SYSTEM))))),$(basename $(notdir $(SYSTEM))))' \
               | tr -c 'A-Za-z0-9_' '_')
IMAGE_SPECS += $(RUN_IMAGE):$(SYSTEM)
else
RUN_IMAGE := demo
endif
# MODE=mono (make run, make gdb, make): the same system with its servers in the kernel
MODE ?= micro
ifeq ($(MODE),mono)
RUN_IMAGE := $(RUN_IMAGE)_mono
ifneq ($(SYSTEM),)
IMAGE_SPECS += $(RUN_IMAGE):$(SYSTEM)
endif
else ifneq ($(MODE),micro)
$(error MODE=$(MODE): use micro (the default: every server a task) or mono (servers in the kernel))
endif

IMAGE_SPECS := $(foreach s,$(IMAGE_SPECS),$(if $(filter $(word 1,$(subst :, ,$(s))),$(SKIP_NAMES)),,$(s)))
define image_mk
$(B)/$(1)/image.mk: $(2) board/$(BOARD)/board.ini $(wildcard tools/sysgen*.py) include/parley/limits.h
	@mkdir -p $(B)/$(1)
	$$(call say,SYSGEN,$(2))
	$(Q)$(PYTHON) tools/sysgen.py --board board/$(BOARD)/board.ini --system $(2) --image $(1) \
	    --out $(B)/$(1) $(if $(filter %_general,$(1)),--fastpath off) \
	    $(if $(filter %_mono,$(1)),--mode mono)
	@touch $$@ # sysgen keeps unchanged files as they are; this one must look new to make
endef
$(foreach s,$(IMAGE_SPECS),$(eval $(call image_mk,$(word 1,$(subst :, ,$(s))),$(word 2,$(subst :, ,$(s))))))
IMAGES :=
include $(foreach s,$(IMAGE_SPECS),$(B)/$(word 1,$(subst :, ,$(s)))/image.mk)

ELF = $(B)/$(1)/$(1).elf
TEST_IMAGES := $(foreach i,$(TEST_INIS),$(call test_img,$(i))) \
               $(foreach i,$(GENERAL_INIS),$(call test_img,$(i))_general) \
               $(foreach i,$(MONO_INIS),$(call test_img,$(i))_mono) $(TM_IMAGES)
SKIP_TEST_IMAGES := $(filter $(SKIP_NAMES),$(TEST_IMAGES) gdb_test contrast_test ipc_compare_test)
TEST_IMAGES := $(filter-out $(SKIP_NAMES),$(TEST_IMAGES))
QEMU_FLAGS := -M $(QEMU_MACHINE) -nographic -semihosting-config enable=on,target=native

.DEFAULT_GOAL := all
images: $(foreach i,$(IMAGES),$(call ELF,$(i)))

# Debugging (docs/architecture.md, "Debugging with gdb"). GDBPORT is QEMU's gdb stub; with
# `make gdb` the console is on TCP port GDBPORT + 1, for `make console`.
GDBPORT ?= 1234

# `make flash`: only a real board has something to flash (board.mk FLASH_TOOL, tools/flash.sh)
ifeq ($(FLASH_TOOL),)
flash:
	@echo "make flash: $(BOARD) is $(if $(QEMU_MACHINE),QEMU's machine $(QEMU_MACHINE): there is nothing to flash; 'make run BOARD=$(BOARD)' boots it,a board without FLASH_TOOL in its board.mk: parley does not know how to flash it)."
else ifeq ($(filter $(RUN_IMAGE),$(SKIP_NAMES)),)
flash: $(call ELF,$(RUN_IMAGE))
	@tools/flash.sh $(BOARD) $< "$(FLASH_TOOL)" "$(FLASH_OPENOCD)" "$(FLASH_CONNECT)"
endif

# An image the board cannot run (SKIP_IMAGES): say why instead of building it, and name a
# description that does run there (board.mk may give its own RUN_EXAMPLE and RUN_EXAMPLE_WHAT).
RUN_EXAMPLE ?= tests/qemu/console/system.ini
RUN_EXAMPLE_WHAT ?= the console server and a client
ifneq ($(filter $(RUN_IMAGE),$(SKIP_NAMES)),)
all run gdb gdb-attach qemu-gdb where $(if $(FLASH_TOOL),flash):
	@echo "make $@: the image '$(RUN_IMAGE)' cannot run on $(BOARD): $(call skip_reason,$(RUN_IMAGE))."
	@echo "A smaller description works, e.g. ($(RUN_EXAMPLE_WHAT)): make $@ BOARD=$(BOARD) SYSTEM=$(RUN_EXAMPLE)"
	@exit 1
else
all: $(call ELF,$(RUN_IMAGE))

run: $(call ELF,$(RUN_IMAGE))
	@if [ -z "$(QEMU_MACHINE)" ]; then echo "make run: $(BOARD) is a real board, not a QEMU"\
	    "machine: 'make flash BOARD=$(BOARD)$(if $(SYSTEM), SYSTEM=$(SYSTEM))' writes the image to it"; exit 1; fi
	@echo "Booting $(if $(SYSTEM),$(SYSTEM),the demo) in QEMU ($(QEMU_MACHINE)). Quit with Ctrl-A then X."
	$(Q)$(QEMU) $(QEMU_FLAGS) -kernel $<

gdb: $(call ELF,$(RUN_IMAGE))
	@tools/gdb.sh start $< $(QEMU_MACHINE) $(GDBPORT)

gdb-attach: $(call ELF,$(RUN_IMAGE))
	@tools/gdb.sh attach $< $(QEMU_MACHINE) $(GDBPORT)

qemu-gdb: $(call ELF,$(RUN_IMAGE))
	@echo "QEMU halted, waiting for 'make gdb-attach' on port $(GDBPORT). Quit with Ctrl-A then X."
	$(Q)$(QEMU) $(QEMU_FLAGS) -S -gdb tcp:127.0.0.1:$(GDBPORT) -kernel $<

# `make where PC=0x... [LR=0x...]`: the function and file:line of addresses from a fault record
# (the kernel's "faulted: ..., pc 0x..., lr 0x..." line), in the image of this build (the demo,
# or SYSTEM=/MODE= as for make run).
where: $(call ELF,$(RUN_IMAGE))
	@if [ -z "$(PC)$(LR)" ]; then echo "usage: make where PC=0x... [LR=0x...]"; exit 2; fi
	@for a in $(PC) $(LR); do printf '%s: ' $$a; \
	    $(CROSS)addr2line -f -p -C -e $< $$a; done
endif

console:
	@$(PYTHON) tools/console.py $$(($(GDBPORT) + 1))

# Each Thread-Metric image measures and judges itself (tests/tm/reporter.c): its figure here, its
# checks in `make test`.
thread-metric: $(foreach i,$(TM_IMAGES),$(call ELF,$(i)))
	@for i in $(TM_IMAGES); do tools/bench.sh $(call ELF,$$i) $(QEMU_MACHINE) || exit 1; done

# The catalogue's mechanisms side by side (docs/ipc-catalogue.md, "Comparing the mechanisms")
ipc-compare: $(call ELF,ipc_compare)
	@$(PYTHON) tools/ipc_compare.py --machine $(QEMU_MACHINE) $<

# the benchmark images this board can run (SKIP_IMAGES names the others)
BENCH_IMAGES := $(filter-out $(SKIP_NAMES),bench bench_servers contrast contrast_mono)
bench: $(foreach i,$(BENCH_IMAGES),$(call ELF,$(i)))
	@$(foreach i,$(filter $(SKIP_NAMES),bench bench_servers contrast contrast_mono),echo \
	    "bench: $(i) skipped on $(BOARD): $(call skip_reason,$(i))";)
	@for i in $(BENCH_IMAGES); do tools/bench.sh $(B)/$$i/$$i.elf $(QEMU_MACHINE) || exit 1; done

# The microkernel and the monolithic kernel side by side, measured (docs/contrast.md).
contrast: $(foreach i,$(CONTRAST_IMAGES),$(call ELF,$(i)))
	@$(PYTHON) tools/contrast.py --build $(B) --machine $(QEMU_MACHINE) --out $(B)/contrast-logs

# ---- tests
LOGS := $(B)/test-logs
# Test images run on QEMU's instruction clock: the same instructions give the same ticks on a
# loaded CI machine as on an idle laptop, so no test depends on host speed. shift=5 makes one
# instruction 32 ns (about 31 million a second, near the board's 25 MHz), so a tick is
# 31,250 instructions and busy-waiting tests stay quick. Interactive (scripted console)
# tests keep real time: their input arrives in real time.
TEST_ICOUNT := -icount shift=5,align=off,sleep=off
# The Thread-Metric images (TM_IMAGES) are judged on the benchmarks' clock, one instruction a
# nanosecond, as `make thread-metric` runs them: their interrupt tests size TIMER0's period
# for it (tests/tm/tm.h).
TM_ICOUNT := -icount shift=0,align=off,sleep=off
include tests/host/host.mk
include tests/sysgen/sysgen.mk
# the port rules of every board folder (tools/check-boards.py)
include tests/boards/boards.mk
# host tests of the servers' portable parts (dispatch, tables), one fragment per server group
-include $(wildcard tests/host/servers_*.mk)
# host tests of the user library's parts that make no system call themselves (printf, newlib glue)
include tests/host/user_lib.mk

# `make test T="<name> ..."` runs only the tests named: a host test (test_sched,
# tests/host/test_sched.c, host_test_sched), the sysgen tests (sysgen), a QEMU image (shell,
# test_shell, tests/qemu/shell, test_ipc_dead_general). A name matches a program or image N
# when N is the name itself or test_<name>, host_<name>, host_test_<name> or <name>_test, so
# `T=sched` runs both the host test of kernel/sched.c and the QEMU image tests/qemu/sched.
T_NAMES := $(foreach t,$(T),$(basename $(notdir $(patsubst %/,%,$(t)))))
T_FORMS := $(foreach n,$(T_NAMES),$(n) test_$(n) host_$(n) host_test_$(n) $(n)_test \
             $(patsubst test_%,%_test,$(n)))
t_pick = $(if $(T),$(foreach x,$(1),$(if $(filter $(T_FORMS),$(notdir $(x))),$(x))),$(1))
# SKIP_HOST=1 leaves the host tests out: they do not depend on the board, so `make test-boards`
# runs them with the first board only.
RUN_HOST_TESTS := $(if $(filter 1,$(SKIP_HOST)),,$(call t_pick,$(HOST_TESTS)))
RUN_IMAGES := $(call t_pick,$(TEST_IMAGES))
# gdb_test: tools/gdb-test.sh drives gdb-multiarch in batch mode against this image
GDB_TEST_IMAGE := demo
RUN_GDB_TEST := $(filter-out $(SKIP_NAMES),$(call t_pick,gdb_test))
# contrast_test: tools/contrast.py --check runs the make contrast images and checks what must
# hold (both modes measured; the driver's bug survived in micro, a panic in mono)
RUN_CONTRAST_TEST := $(filter-out $(SKIP_NAMES),$(call t_pick,contrast_test))
# ipc_compare_test: tools/ipc_compare.py --check runs the make ipc-compare image and checks that
# every mechanism and size was measured (never a timing)
RUN_COMPARE_TEST := $(filter-out $(SKIP_NAMES),$(call t_pick,ipc_compare_test))
# (an image the board skips is a known name too: `make test T=` it prints its skip)
T_UNKNOWN := $(strip $(foreach n,$(T_NAMES),$(if $(filter $(n) test_$(n) host_$(n) host_test_$(n) \
               $(n)_test $(patsubst test_%,%_test,$(n)),$(notdir $(HOST_TESTS)) $(TEST_IMAGES) \
               $(SKIP_TEST_IMAGES) gdb_test contrast_test ipc_compare_test),,$(n))))

# `make test` builds with this many jobs (the 2 cores of a CI machine; TEST_BUILD_JOBS=1 for a
# serial build whose errors come in order).
TEST_BUILD_JOBS ?= 2
# Then it runs this many tests at once, the host tests and then the QEMU tests in one queue
# (tools/run-test-set.py): each test's line is printed in the usual order as soon as it and
# those before it are done, so the output is the same for any number; TEST_JOBS=1 runs them
# one after another. The gdb, contrast and ipc-compare stages after them stay one at a time.
TEST_JOBS ?= 2
# What `make test` builds before it runs anything. Empty when every test named is one the
# board skips: then nothing is built (make with no goal would build the demo).
TEST_GOALS := $(strip $(RUN_HOST_TESTS) $(foreach i,$(RUN_IMAGES),$(call ELF,$(i))) \
                $(if $(RUN_GDB_TEST),$(call ELF,$(GDB_TEST_IMAGE))) \
                $(if $(RUN_CONTRAST_TEST),$(foreach i,$(CONTRAST_IMAGES),$(call ELF,$(i)))) \
                $(if $(RUN_COMPARE_TEST),$(call ELF,ipc_compare)))

test:
	@if [ -n "$(T_UNKNOWN)" ]; then echo "make test: no test named: $(T_UNKNOWN)"; \
	    echo "host tests: $(notdir $(HOST_TESTS))"; \
	    echo "QEMU images: $(TEST_IMAGES) gdb_test contrast_test ipc_compare_test"; \
	    echo "0 passed, 1 failed"; exit 1; fi
	@rm -rf $(LOGS) && mkdir -p $(LOGS) && touch $(LOGS)/expected
	@echo "== building"
	@$(if $(TEST_GOALS),$(MAKE) --no-print-directory -k -j$(TEST_BUILD_JOBS) $(TEST_GOALS),true) \
	    > $(LOGS)/build.txt 2>&1 || { echo "build failed (continuing; see below)"; \
	    grep -E "error|Error" $(LOGS)/build.txt | head -40; \
	    { echo "not ok - build: something did not compile or link (build.txt): a test of it may have run an older binary"; \
	      echo "0 passed, 1 failed"; } > $(LOGS)/build.log; }
	@$(foreach i,$(call t_pick,$(SKIP_TEST_IMAGES)),echo "$(i)" >> $(LOGS)/expected; printf '%s\n' \
	    "skip - $(i): $(call skip_reason,$(i))" "0 passed, 0 failed" > $(LOGS)/$(i).log;)
	@$(PYTHON) tools/run-test-set.py --jobs $(TEST_JOBS) $(LOGS) \
	    --host-title="== host unit tests (ASan + UBSan; test_sync: TSan + UBSan)" \
	    --host $(RUN_HOST_TESTS) --images-title="== QEMU tests" --images $(RUN_IMAGES) \
	    --machine $(QEMU_MACHINE) --build $(B) --icount="$(TEST_ICOUNT)" --tm-icount="$(TM_ICOUNT)"
	@$(if $(RUN_GDB_TEST),echo "== gdb"; echo gdb_test >> $(LOGS)/expected; \
	    tools/gdb-test.sh $(call ELF,$(GDB_TEST_IMAGE)) $(QEMU_MACHINE) > $(LOGS)/gdb_test.log 2>&1; \
	    tail -n 1 $(LOGS)/gdb_test.log | sed "s/^/  gdb_test: /")
	@$(if $(RUN_CONTRAST_TEST),echo "== contrast"; echo contrast_test >> $(LOGS)/expected; \
	    $(PYTHON) tools/contrast.py --check --build $(B) --machine $(QEMU_MACHINE) \
	    --out $(LOGS)/contrast > $(LOGS)/contrast_test.log 2>&1; \
	    tail -n 1 $(LOGS)/contrast_test.log | sed "s/^/  contrast_test: /")
	@$(if $(RUN_COMPARE_TEST),echo "== ipc-compare"; echo ipc_compare_test >> $(LOGS)/expected; \
	    $(PYTHON) tools/ipc_compare.py --check --machine $(QEMU_MACHINE) $(call ELF,ipc_compare) \
	    > $(LOGS)/ipc_compare_test.log 2>&1; \
	    tail -n 1 $(LOGS)/ipc_compare_test.log | sed "s/^/  ipc_compare_test: /")
	@echo "== summary"
	@tools/run-tests.sh $(LOGS) $(LOGS)/expected

.PHONY: all images run flash gdb gdb-attach qemu-gdb console bench ipc-compare thread-metric contrast where test

endif

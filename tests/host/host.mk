# tests/host/host.mk - host unit tests of the portable kernel, included by the inner make.
#
# Each tests/host/test_<x>.c becomes $(B)/host/host_test_<x>: the test file, the harness, the
# fixture (the generated tables) and the fake board and arch, linked with the portable kernel
# sources, all built by the host compiler under AddressSanitizer and UBSan. The "host_" prefix
# keeps the names apart from the QEMU test images (test_<x>): `make test` writes one log per
# program name. Linked without PIE so that the fixture's memory lies below 4 GiB: tests pass
# its addresses in 32-bit registers.

HOST_CC := gcc
HOST_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
# arch/host/user first: the host's pl_order.h (C11's real orders), never the Cortex-M one
HOST_CFLAGS := -std=gnu11 -g -O1 $(HOST_SAN) -fno-pie -Wall -Wextra -Werror -MMD -MP \
               -Iarch/host/user -Iinclude -Iarch -Iarch/host -Ikernel -Iipc -Isys -Iboard -Itests/host \
               -Iarch/cortex-m/user/v7m
HOST_LDFLAGS := $(HOST_SAN) -no-pie

# Not kernel/string.c (the host C library has those) nor sys/main.c (boot: the fixture's
# reset does its kernel part before each test).
HOST_KERNEL_SRCS := $(addprefix kernel/,sched.c time.c uaccess.c task.c console.c klog.c panic.c \
                    ksignal.c) $(addprefix sys/,syscall.c entry.c lifecycle.c signal.c) $(wildcard ipc/*.c)
HOST_SUPPORT_SRCS := tests/host/harness.c tests/host/fixture.c tests/host/kernel_view.c \
                     tests/host/fake_board.c \
                     arch/host/arch.c
HOST_COMMON_OBJS := $(patsubst %.c,$(B)/host/%.o,$(HOST_KERNEL_SRCS) $(HOST_SUPPORT_SRCS))

# A test of another sanitizer has a rule of its own in its group's .mk, which adds it to
# HOST_TESTS: tests/host/test_sync.c and test_shmq.c (ThreadSanitizer, servers_sync.mk).
HOST_OWN_RULE_SRCS := tests/host/test_sync.c tests/host/test_shmq.c
# tests/host/test_dev_nrf_uart.c sees each register access through x86-64's trap flag: other
# hosts leave it out.
HOST_X86_64_SRCS := tests/host/test_dev_nrf_uart.c
HOST_ARCH_SKIP := $(if $(filter x86_64,$(shell uname -m)),,$(HOST_X86_64_SRCS))
HOST_TEST_SRCS := $(filter-out $(HOST_OWN_RULE_SRCS) $(HOST_ARCH_SKIP),\
                    $(sort $(wildcard tests/host/test_*.c)))
HOST_TESTS := $(patsubst tests/host/%.c,$(B)/host/host_%,$(HOST_TEST_SRCS))

$(B)/host/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,HOSTCC,$<)
	$(Q)$(HOST_CC) $(HOST_CFLAGS) -c $< -o $@

# A static pattern rule: its objects are not intermediate files, so make keeps them.
$(HOST_TESTS): $(B)/host/host_test_%: $(B)/host/tests/host/test_%.o $(HOST_COMMON_OBJS)
	$(call say,HOSTLD,$@)
	$(Q)$(HOST_CC) $(HOST_LDFLAGS) -o $@ $^

# The build's mode files (sys/*_micro.c or *_mono.c): every test is a microkernel but
# test_kserver.c, which tests the servers in the kernel of MODE=mono (docs/contrast.md).
HOST_KSERVER_TEST := $(B)/host/host_test_kserver
HOST_MONO_OBJS := $(addprefix $(B)/host/,sys/kserver_mono.o sys/kenv_mono.o \
                    user/lib/server_dispatch.o)
$(filter-out $(HOST_KSERVER_TEST),$(HOST_TESTS)): $(B)/host/sys/kserver_micro.o
$(HOST_KSERVER_TEST): $(HOST_MONO_OBJS)
$(B)/host/user/lib/server_dispatch.o: HOST_CFLAGS += -Iuser/lib
$(B)/host/tests/host/test_kserver.o: HOST_CFLAGS += -Iuser/lib

# The nRF52 family's timer driver (user/dev/nrf/), against a fake register block
$(B)/host/tests/host/test_dev_nrf.o: HOST_CFLAGS += -Iuser/dev/nrf
# Its UART driver, the nRF51's too, against a fake page that traces each access (x86-64 only)
$(B)/host/tests/host/test_dev_nrf_uart.o: HOST_CFLAGS += -Iuser/dev/nrf
# The RP2040 family's timer and UART drivers (user/dev/rp2040/), likewise
$(B)/host/tests/host/test_dev_rp2040.o: HOST_CFLAGS += -Iuser/dev/rp2040

host-tests: $(HOST_TESTS)

-include $(patsubst %.c,$(B)/host/%.d,$(HOST_KERNEL_SRCS) $(HOST_SUPPORT_SRCS) $(HOST_TEST_SRCS))
-include $(patsubst %.o,%.d,$(HOST_MONO_OBJS) $(B)/host/sys/kserver_micro.o)

.PHONY: host-tests

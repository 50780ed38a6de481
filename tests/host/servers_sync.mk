# tests/host/servers_sync.mk - the host tests of the synchronisation library of the shm server
# (servers/shm/sync.c: semaphores, mutexes, condition variables) and of its message queue
# (servers/shm/shmq.c), included by the inner make after tests/host/host.mk.
#
# Unlike every other host test this one runs threads against each other, so it is built under
# ThreadSanitizer (with UBSan) instead of AddressSanitizer, which cannot share a program with
# it: its own objects under $(B)/host-tsan/, its own link, and no kernel fixture (the harness
# resets no kernel: tests/host/no_fixture.c). The shm server is faked with pthreads
# (tests/host/fake_futex.c). host.mk leaves test_sync.c and test_shmq.c out of its list
# (HOST_OWN_RULE_SRCS); this fragment adds the programs to HOST_TESTS, so `make test`,
# `make test T=sync` and `make test T=shmq` run them.

SYNC_TSAN := -fsanitize=thread,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
# arch/host/user first: the host's pl_order.h, C11's real orders, which ThreadSanitizer checks
# (the Cortex-M one, compiler fences only, would hide every missing order from it)
SYNC_CFLAGS := -std=gnu11 -g -O1 $(SYNC_TSAN) -pthread -Wall -Wextra -Werror -MMD -MP \
               -Iarch/host/user -Iinclude -Iuser/lib -Iarch/cortex-m/user/v7m -Iservers/shm -Itests/host -DSYNC_TASK_LOCAL=__thread \
               -DSHMQ_TASK_LOCAL=__thread
SYNC_SRCS := servers/shm/sync.c tests/host/test_sync.c tests/host/fake_futex.c \
             tests/host/harness.c tests/host/no_fixture.c
SYNC_OBJS := $(patsubst %.c,$(B)/host-tsan/%.o,$(SYNC_SRCS))
SYNC_TEST := $(B)/host/host_test_sync
SHMQ_SRCS := servers/shm/shmq.c tests/host/test_shmq.c tests/host/fake_futex.c \
             tests/host/harness.c tests/host/no_fixture.c
SHMQ_OBJS := $(patsubst %.c,$(B)/host-tsan/%.o,$(SHMQ_SRCS))
SHMQ_TEST := $(B)/host/host_test_shmq

$(B)/host-tsan/%.o: %.c
	@mkdir -p $(dir $@)
	$(call say,TSANCC,$<)
	$(Q)$(HOST_CC) $(SYNC_CFLAGS) -c $< -o $@

# The harness includes fixture.h, which brings the kernel's headers (nothing of them is linked).
$(B)/host-tsan/tests/host/harness.o: SYNC_CFLAGS += -Iarch -Iarch/host -Ikernel -Iipc -Isys -Iboard

$(SYNC_TEST): $(SYNC_OBJS)
	@mkdir -p $(dir $@)
	$(call say,HOSTLD,$@)
	$(Q)$(HOST_CC) $(SYNC_TSAN) -pthread -o $@ $^

$(SHMQ_TEST): $(SHMQ_OBJS)
	@mkdir -p $(dir $@)
	$(call say,HOSTLD,$@)
	$(Q)$(HOST_CC) $(SYNC_TSAN) -pthread -o $@ $^

HOST_TESTS += $(SYNC_TEST) $(SHMQ_TEST)
host-tests: $(SYNC_TEST) $(SHMQ_TEST)

-include $(SYNC_OBJS:.o=.d) $(SHMQ_OBJS:.o=.d)

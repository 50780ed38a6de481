# tests/host/servers_ipc.mk - host tests of the IPC servers' portable cores (issue 15): the
# message-queue table, the pipe table and the shared ring, included by the inner make after
# tests/host/host.mk.
#
# host.mk already turns tests/host/test_mq_core.c, test_mq_ring.c, test_pipe_core.c and
# test_pipe_ring.c into $(B)/host/host_test_<x> (with the harness and fixture of every host
# test); this fragment
# adds the code under test, built by host.mk's $(B)/host/%.o rule (a prerequisite added here
# joins the $^ of host.mk's static pattern rule), and the header paths. None of these files
# makes a system call, so they build with the host compiler as they are.

IPC_MQ_HOST_OBJS := $(B)/host/servers/mqueue/mq_core.o $(B)/host/servers/mqueue/mq_wait.o
IPC_RING_HOST_OBJS := $(B)/host/servers/pipe/pipe_ring.o
IPC_PIPE_HOST_OBJS := $(B)/host/servers/pipe/pipe_core.o $(IPC_RING_HOST_OBJS)

$(B)/host/host_test_mq_core: $(IPC_MQ_HOST_OBJS)
$(B)/host/host_test_pipe_ring: $(IPC_RING_HOST_OBJS)
$(B)/host/host_test_pipe_core: $(IPC_PIPE_HOST_OBJS)

$(B)/host/servers/pipe/pipe_core.o: HOST_CFLAGS += -Iservers/pipe
$(B)/host/tests/host/test_mq_core.o: HOST_CFLAGS += -Iservers/mqueue
$(B)/host/tests/host/test_pipe_ring.o $(B)/host/tests/host/test_pipe_core.o: \
    HOST_CFLAGS += -Iservers/pipe

-include $(patsubst %.o,%.d,$(IPC_MQ_HOST_OBJS) $(IPC_PIPE_HOST_OBJS))

# A pair queue's ring (servers/mqueue/mq_ring.c, tests/host/test_mq_ring.c): host.mk builds
# the test under AddressSanitizer like the others; the same file is built once more under
# ThreadSanitizer (servers_sync.mk's flags and rule, no kernel fixture), where its threaded
# writer-and-reader run is checked for races with the host's real memory orders.
IPC_MQRING_HOST_OBJS := $(B)/host/servers/mqueue/mq_ring.o
$(B)/host/host_test_mq_ring: $(IPC_MQRING_HOST_OBJS)
$(B)/host/host_test_mq_ring: HOST_LDFLAGS += -pthread
$(B)/host/tests/host/test_mq_ring.o: HOST_CFLAGS += -Iservers/mqueue -pthread
-include $(patsubst %.o,%.d,$(IPC_MQRING_HOST_OBJS))

MQRING_TSAN_SRCS := servers/mqueue/mq_ring.c tests/host/test_mq_ring.c tests/host/harness.c \
                    tests/host/no_fixture.c
MQRING_TSAN_OBJS := $(patsubst %.c,$(B)/host-tsan/%.o,$(MQRING_TSAN_SRCS))
MQRING_TSAN_TEST := $(B)/host/host_test_mq_ring_tsan
$(B)/host-tsan/tests/host/test_mq_ring.o $(B)/host-tsan/servers/mqueue/mq_ring.o: \
    SYNC_CFLAGS += -Iservers/mqueue
# The sleep handshake's full barriers (pl_fence_seq) are fences, which ThreadSanitizer does not
# model (GCC warns, -Wtsan). They order only the atomic flag and index words, which cannot race
# in its eyes; the slots it checks are ordered by the indices' release and acquire.
$(B)/host-tsan/servers/mqueue/mq_ring.o: SYNC_CFLAGS += -Wno-tsan

$(MQRING_TSAN_TEST): $(MQRING_TSAN_OBJS)
	@mkdir -p $(dir $@)
	$(call say,HOSTLD,$@)
	$(Q)$(HOST_CC) $(SYNC_TSAN) -pthread -o $@ $^

HOST_TESTS += $(MQRING_TSAN_TEST)
host-tests: $(MQRING_TSAN_TEST)
-include $(MQRING_TSAN_OBJS:.o=.d)

# The two servers as a whole (test_mqueue_server.c, test_pipe_server.c): each server's file
# over its core, the runtime's dispatch and a fake seam
# (fake_env.c). The servers read their endpoint from the image's system.h: a small one stands
# in (tests/host/server_system/system.h).
IPC_SERVER_COMMON_OBJS := $(B)/host/tests/host/fake_env.o $(B)/host/user/lib/server_dispatch.o \
                          $(B)/host/user/lib/strerror.o
IPC_MQ_SERVER_OBJS := $(B)/host/servers/mqueue/mqueue.o $(B)/host/servers/mqueue/mq_pair_none.o \
                      $(IPC_MQ_HOST_OBJS) $(IPC_SERVER_COMMON_OBJS)
IPC_PIPE_SERVER_OBJS := $(B)/host/servers/pipe/pipe.o $(B)/host/servers/pipe/pipe_lend_none.o \
                        $(IPC_PIPE_HOST_OBJS) $(IPC_SERVER_COMMON_OBJS)

$(B)/host/host_test_mqueue_server: $(IPC_MQ_SERVER_OBJS)
$(B)/host/host_test_pipe_server: $(IPC_PIPE_SERVER_OBJS)

$(B)/host/servers/mqueue/mqueue.o $(B)/host/servers/pipe/pipe.o \
    $(B)/host/servers/pipe/pipe_lend_none.o $(B)/host/servers/mqueue/mq_pair_none.o \
$(B)/host/tests/host/fake_env.o \
$(B)/host/tests/host/test_mqueue_server.o $(B)/host/tests/host/test_pipe_server.o: \
    HOST_CFLAGS += -Iuser/lib -Itests/host/server_system
$(B)/host/tests/host/test_mqueue_server.o: HOST_CFLAGS += -Iservers/mqueue
$(B)/host/tests/host/test_pipe_server.o: HOST_CFLAGS += -Iservers/pipe

-include $(patsubst %.o,%.d,$(IPC_MQ_SERVER_OBJS) $(IPC_PIPE_SERVER_OBJS))

# The shared-memory server's core (servers/shm): objects, mappings, futex queues.
IPC_SHM_HOST_OBJS := $(B)/host/servers/shm/shm_core.o $(B)/host/servers/shm/shm_futex.o
$(B)/host/host_test_shm_core: $(IPC_SHM_HOST_OBJS)
$(B)/host/tests/host/test_shm_core.o: HOST_CFLAGS += -Iservers/shm
-include $(patsubst %.o,%.d,$(IPC_SHM_HOST_OBJS))

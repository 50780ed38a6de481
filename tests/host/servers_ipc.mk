# tests/host/servers_ipc.mk - host tests of the IPC servers' portable cores (issue 15): the
# message-queue table, the pipe table and the shared ring, included by the inner make after
# tests/host/host.mk.
#
# host.mk already turns tests/host/test_mq_core.c, test_pipe_core.c and test_pipe_ring.c into
# $(B)/host/host_test_<x> (with the harness and fixture of every host test); this fragment
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

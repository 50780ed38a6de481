# tests/host/servers_console.mk - host tests of the console server's portable half and of the
# server runtime's dispatch, included by the inner make after tests/host/host.mk.
#
# host.mk already turns tests/host/test_console_server.c and test_server_dispatch.c into
# $(B)/host/host_test_<x> (linked with the harness and fixture of every host test); this
# fragment adds the code under test, built by host.mk's $(B)/host/%.o rule (a prerequisite
# added here joins the $^ of host.mk's static pattern rule), and the header paths it needs.
# Neither file makes a system call, so both build with the host compiler as they are.

CONSOLE_CORE_HOST_OBJ := $(B)/host/servers/console/console_core.o
SERVER_DISPATCH_HOST_OBJ := $(B)/host/user/lib/server_dispatch.o

$(B)/host/host_test_console_server: $(CONSOLE_CORE_HOST_OBJ)
$(B)/host/host_test_server_dispatch: $(SERVER_DISPATCH_HOST_OBJ)

$(CONSOLE_CORE_HOST_OBJ) $(B)/host/tests/host/test_console_server.o: \
    HOST_CFLAGS += -Iuser/lib -Iservers/console
$(B)/host/tests/host/test_server_dispatch.o: HOST_CFLAGS += -Iuser/lib

-include $(patsubst %.o,%.d,$(CONSOLE_CORE_HOST_OBJ) $(SERVER_DISPATCH_HOST_OBJ))
